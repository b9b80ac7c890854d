//! The Rust tls-certificates requirer against the Python library
//! (`charmlibs-interfaces-tls-certificates`, run by `tests/python/driver.py`): the Python
//! validator accepts what it writes, the Python provider signs its CSR, and it notices the
//! certificate, a new certificate for the same CSR, a revocation, a refusal and its own
//! renewal. It also writes what the Python requirer writes, byte for byte but for the CSR.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use charm_interfaces::tls::{CertificateRequest, IssuedCertificate, Mode, TlsEvent, TlsRequirer};
use charm_runtime::testing::harness::TestEvent;
use common::{Files, RustSide, Side};
use x509_parser::prelude::{FromDer, X509Certificate};

const RELATION: u64 = 7;
const CN: &str = "web.example.com";

fn requirer() -> TlsRequirer {
    TlsRequirer::new("certificates", CertificateRequest::new(CN).sans_dns([CN]))
}

fn rust_side() -> RustSide {
    RustSide::new("tls-certificates", "certificates", RELATION, "ca")
}

fn changed() -> TestEvent {
    TestEvent::relation_changed("certificates", RELATION, "ca/0")
}

/// The CSR in `bag`'s requests.
fn csr_in(bag: &std::collections::BTreeMap<String, String>) -> String {
    let text = &bag["certificate_signing_requests"];
    let entries: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    assert_eq!(entries.len(), 1, "{text}");
    entries[0]["certificate_signing_request"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The DER of the public key a PEM certificate certifies.
fn certified_key(certificate: &str) -> Vec<u8> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(certificate.as_bytes()).unwrap();
    let (_, cert) = X509Certificate::from_der(&pem.contents).unwrap();
    cert.public_key().subject_public_key.data.to_vec()
}

fn private_key(side: &RustSide, tls: &TlsRequirer) -> String {
    side.query(|ctx| async move { Ok(tls.private_key(&ctx).await?) })
        .unwrap()
}

fn certificate(side: &RustSide, tls: &TlsRequirer) -> Option<IssuedCertificate> {
    side.query(|ctx| async move { Ok(tls.certificate(&ctx).await?) })
}

/// Asserts `event` is `CertificateAvailable`/`CertificateRenewed` (per `renewed`) for
/// `csr`, certifying the requirer's key; returns the certificate.
fn issued(events: Vec<TlsEvent>, csr: &str, key_pem: &str, renewed: bool) -> IssuedCertificate {
    let [event] = <[TlsEvent; 1]>::try_from(events).unwrap_or_else(|e| panic!("{e:#?}"));
    let cert = match (event, renewed) {
        (TlsEvent::CertificateAvailable(cert), false)
        | (TlsEvent::CertificateRenewed(cert), true) => cert,
        (other, _) => panic!("unexpected {other:#?}"),
    };
    assert_eq!(cert.csr, csr);
    let key = <p256::SecretKey as p256::pkcs8::DecodePrivateKey>::from_pkcs8_pem(key_pem).unwrap();
    assert_eq!(
        certified_key(&cert.certificate),
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&key.public_key(), false)
            .as_bytes(),
        "the certificate is for another key"
    );
    assert_eq!(
        cert.chain.first(),
        Some(&cert.certificate),
        "the chain starts with the leaf"
    );
    cert
}

#[test]
fn python_provider_issues_renews_and_revokes_the_rust_requirers_certificate() {
    let files = Files::new();
    let tls = requirer();
    let mut web = rust_side();

    // First contact: a key in a unit secret, a CSR in the unit bag, nothing to report.
    assert_eq!(
        web.run(
            &tls,
            TestEvent::relation_created("certificates", RELATION, "ca")
        ),
        []
    );
    let csr = csr_in(&web.bag("web/0"));
    let key = private_key(&web, &tls);
    let ours = files.save(&web.side());
    common::driver(&["tls-certificates", "validate", "--requirer", &ours]);

    // The Python provider signs it.
    let p1 = files.run(&["tls-certificates", "provide", "--requirer", &ours]);
    web.absorb(&p1);
    let first = issued(web.run(&tls, changed()), &csr, &key, false);
    assert_eq!(certificate(&web, &tls), Some(first.clone()));
    assert_eq!(
        web.run(&tls, changed()),
        [],
        "a certificate already seen is not reported again"
    );

    // A provider with a new CA (no state) signs the same CSR again: a renewal.
    let p2 = files.run(&[
        "tls-certificates",
        "provide",
        "--requirer",
        &files.save(&web.side()),
    ]);
    web.absorb(&p2);
    let second = issued(web.run(&tls, changed()), &csr, &key, true);
    assert_ne!(second.certificate, first.certificate);
    assert_ne!(second.ca, first.ca);

    // The provider revokes everything: the requirer forgets the certificate, keeps its CSR.
    let p3 = files.run(&[
        "tls-certificates",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p2),
        "--revoke-all",
    ]);
    web.absorb(&p3);
    assert_eq!(
        web.run(&tls, changed()),
        [TlsEvent::CertificateRevoked { csr: csr.clone() }]
    );
    assert_eq!(certificate(&web, &tls), None);
    assert_eq!(csr_in(&web.bag("web/0")), csr);

    // ... and signs the same CSR with its new CA on the next hook.
    let p4 = files.run(&[
        "tls-certificates",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p3),
    ]);
    web.absorb(&p4);
    let third = issued(web.run(&tls, changed()), &csr, &key, false);
    assert_ne!(third.ca, second.ca);

    // The certificate's secret expires: a new CSR for the same key replaces the old one.
    let side = web.side();
    let label = format!(
        "{}-certificate-0-certificates-",
        charm_interfaces::tls::LIBID
    );
    let secret = side
        .secrets
        .iter()
        .find(|s| s.label.as_deref().is_some_and(|l| l.starts_with(&label)))
        .unwrap();
    assert!(
        secret.expire.is_some(),
        "the certificate secret expires before the certificate"
    );
    let events = web.run(&tls, TestEvent::secret_expired(&secret.id, 1));
    let new_csr = csr_in(&web.bag("web/0"));
    assert_ne!(new_csr, csr);
    assert_eq!(
        events,
        [TlsEvent::RenewalRequested {
            csr: new_csr.clone()
        }]
    );
    assert_eq!(private_key(&web, &tls), key, "renewal keeps the key");
    let ours = files.save(&web.side());
    common::driver(&["tls-certificates", "validate", "--requirer", &ours]);
    let p5 = files.run(&[
        "tls-certificates",
        "provide",
        "--requirer",
        &ours,
        "--state",
        &files.save(&p4),
    ]);
    web.absorb(&p5);
    issued(web.run(&tls, changed()), &new_csr, &key, false);

    // Relation broken: the requirer's secrets are gone.
    web.run(
        &tls,
        TestEvent::relation_broken("certificates", RELATION, "ca"),
    );
    assert!(
        web.side().secrets.iter().all(|s| s.owner.is_none()),
        "{:#?}",
        web.side().secrets
    );
}

#[test]
fn a_refusal_is_reported_with_the_providers_error() {
    let files = Files::new();
    let tls = requirer();
    let mut web = rust_side();
    web.run(
        &tls,
        TestEvent::relation_created("certificates", RELATION, "ca"),
    );
    let csr = csr_in(&web.bag("web/0"));
    let p = files.run(&[
        "tls-certificates",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--deny",
    ]);
    web.absorb(&p);
    match &web.run(&tls, changed())[..] {
        [TlsEvent::CertificateDenied { csr: denied, error }] => {
            assert_eq!(denied, &csr);
            assert_eq!(
                (error.code, error.name.as_str()),
                (102, "DOMAIN_NOT_ALLOWED")
            );
        }
        other => panic!("expected a refusal, got {other:#?}"),
    }
}

#[test]
fn app_mode_writes_the_application_bag_and_gets_a_certificate() {
    let files = Files::new();
    let tls = requirer().mode(Mode::App);
    let mut web = rust_side();
    web.run(
        &tls,
        TestEvent::relation_created("certificates", RELATION, "ca"),
    );
    assert!(web.bag("web/0").is_empty());
    let csr = csr_in(&web.bag("web"));
    let ours = files.save(&web.side());
    common::driver(&["tls-certificates", "validate", "--requirer", &ours]);
    web.absorb(&files.run(&["tls-certificates", "provide", "--requirer", &ours]));
    let key = private_key(&web, &tls);
    issued(web.run(&tls, changed()), &csr, &key, false);
    // Another unit (not the leader) reads the application's certificate and key.
    let leader_view = certificate(&web, &tls).unwrap();
    web.state.leader = false;
    web.state.unit_name = "web/1".to_owned();
    assert_eq!(certificate(&web, &tls), Some(leader_view));
    assert_eq!(private_key(&web, &tls), key);
    let side = web.side();
    let key_secret = side.secret(&format!(
        "{}-private-key-app-certificates",
        charm_interfaces::tls::LIBID
    ));
    assert_eq!(key_secret.owner.as_deref(), Some("application"));
}

/// `text` with each CSR replaced by a placeholder.
fn without_csrs(text: &str) -> String {
    const BEGIN: &str = "-----BEGIN CERTIFICATE REQUEST-----";
    const END: &str = "-----END CERTIFICATE REQUEST-----";
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let end = rest[start..].find(END).unwrap() + start + END.len();
        out.push_str(&rest[..start]);
        out.push_str("<CSR>");
        rest = &rest[end..];
    }
    out + rest
}

#[test]
fn the_rust_requirer_writes_what_the_python_requirer_writes() {
    let files = Files::new();
    for (mode, bag) in [(Mode::Unit, "web/0"), (Mode::App, "web")] {
        let mode_arg = if mode == Mode::Unit { "unit" } else { "app" };
        let python: Side = files.run(&[
            "tls-certificates",
            "require",
            "--mode",
            mode_arg,
            "--relation-id",
            "7",
            "--common-name",
            CN,
            "--sans-dns",
            CN,
        ]);
        let python_bag = if mode == Mode::Unit {
            python.units_data[bag].clone()
        } else {
            python.app_data.clone()
        };
        let mut web = rust_side();
        web.run(
            &requirer().mode(mode),
            TestEvent::relation_created("certificates", RELATION, "ca"),
        );
        let rust_bag = web.bag(bag);
        assert_eq!(
            rust_bag.keys().collect::<Vec<_>>(),
            python_bag.keys().collect::<Vec<_>>(),
            "mode {mode_arg}"
        );
        for (key, value) in &python_bag {
            assert!(value.contains("-----BEGIN CERTIFICATE REQUEST-----"));
            assert_eq!(
                without_csrs(&rust_bag[key]),
                without_csrs(value),
                "mode {mode_arg}, key {key}"
            );
        }
    }
}
