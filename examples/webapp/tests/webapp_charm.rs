//! The webapp charm in the harness: it asks for a database, a certificate and a tracing
//! receiver, and configures the workload from the providers' answers (a PostgreSQL answer
//! in the classic format, a certificate signed by a CA made here with `rcgen`, Tempo's
//! receivers).

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use charm_runtime::hook_tools::Status;
use charm_runtime::testing::harness::{ContainerState, Context, Output, State, TestEvent};
use charm_runtime::testing::{MemoryRelation, MemorySecret};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, IsCa, Issuer, KeyPair,
};
use webapp::{CERTIFICATE_FILE, DATABASE_URL_FILE, KEY_FILE, TRACING_URL_FILE, WebApp};

const DB: u64 = 3;
const TLS: u64 = 7;
const TRACING: u64 = 9;
const URIS: &str = "postgresql://relation_3:s3cret@pg-primary:5432/webapp";

fn context() -> Context {
    Context::new()
        .unit("webapp/0")
        .charmcraft(include_str!("../charmcraft.yaml"))
        .unwrap()
}

fn relation(endpoint: &str, remote_app: &str, remote_bag: &[(&str, &str)]) -> MemoryRelation {
    let bag: BTreeMap<String, String> = remote_bag
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    MemoryRelation {
        endpoint: endpoint.to_owned(),
        remote_app: remote_app.to_owned(),
        units: vec![format!("{remote_app}/0")],
        data: BTreeMap::from([(remote_app.to_owned(), bag)]),
    }
}

/// The leader with a web container, and PostgreSQL's classic answer and its secret.
fn with_database() -> State {
    let answer = [
        ("endpoints", "pg-primary:5432"),
        ("secret-user", "secret:user"),
        ("version", "16.6"),
    ];
    let credentials = [
        ("username", "relation_3"),
        ("password", "s3cret"),
        ("uris", URIS),
    ];
    State::new()
        .leader(true)
        .container(ContainerState::new("web"))
        .relation(DB, relation("database", "postgresql", &answer))
        .secret(
            "secret:user",
            MemorySecret {
                revision: 1,
                content: credentials
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                ..Default::default()
            },
        )
}

/// The file `name` of the default `config-dir`, in the container.
fn file(out: &Output, name: &str) -> String {
    let path = format!("/etc/webapp/{name}");
    String::from_utf8(out.container("web").unwrap().read_file(&path).unwrap()).unwrap()
}

fn command(out: &Output) -> String {
    out.container("web").unwrap().plan().services["web"]
        .command
        .clone()
}

#[test]
fn it_asks_for_the_database_and_waits_for_it() {
    let state = State::new()
        .leader(true)
        .container(ContainerState::new("web"))
        .relation(DB, relation("database", "postgresql", &[]));
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_created("database", DB, "postgresql"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0);
    let request = &out.juju.relations[&DB].data["webapp"];
    assert_eq!(request["database"], "webapp");
    assert!(request["requested-secrets"].contains("\"password\""));
    assert_eq!(
        out.juju.unit_status,
        Status::waiting("waiting for the database")
    );
}

#[test]
fn the_database_answer_configures_the_workload_over_http() {
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_changed("database", DB, "postgresql/0"),
            with_database(),
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(file(&out, DATABASE_URL_FILE), URIS);
    assert!(
        command(&out).ends_with("--scheme http --port 8443"),
        "{}",
        command(&out)
    );
    assert!(out.container("web").unwrap().services()[0].is_running());
    assert_eq!(out.juju.unit_status, Status::active("serving http"));
}

#[test]
fn a_broken_database_relation_is_not_used_in_its_own_broken_hook() {
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_broken("database", DB, "postgresql"),
            with_database(),
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(
        out.juju.unit_status,
        Status::waiting("waiting for the database")
    );
}

/// Signs `csr` (PEM) with a new CA; returns the certificate and the CA, PEM.
fn sign(csr: &str) -> (String, String) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_key = KeyPair::generate().unwrap();
    let ca = params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(params, ca_key);
    let cert = CertificateSigningRequestParams::from_pem(csr)
        .unwrap()
        .signed_by(&issuer)
        .unwrap();
    (
        cert.pem().trim_end().to_owned(),
        ca.pem().trim_end().to_owned(),
    )
}

#[test]
fn a_certificate_switches_the_workload_to_https() {
    // First contact on `certificates`: a key and a CSR.
    let state = with_database().relation(TLS, relation("certificates", "ca", &[]));
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_created("certificates", TLS, "ca"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(out.juju.unit_status, Status::active("serving http"));
    let requests: serde_json::Value = serde_json::from_str(
        &out.juju.relations[&TLS].data["webapp/0"]["certificate_signing_requests"],
    )
    .unwrap();
    let csr = requests[0]["certificate_signing_request"]
        .as_str()
        .unwrap()
        .to_owned();

    // The provider answers.
    let (certificate, ca) = sign(&csr);
    let answer = serde_json::json!([{
        "ca": ca, "certificate_signing_request": csr, "certificate": certificate, "chain": [certificate, ca],
    }]);
    let mut juju = out.juju;
    juju.relations.get_mut(&TLS).unwrap().data.insert(
        "ca".to_owned(),
        BTreeMap::from([("certificates".to_owned(), answer.to_string())]),
    );
    let key = juju
        .secrets
        .values()
        .find_map(|s| s.content.get("private-key").cloned())
        .unwrap();
    let mut state = with_database();
    state.juju = juju;
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_changed("certificates", TLS, "ca/0"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(
        file(&out, CERTIFICATE_FILE),
        format!("{certificate}\n{ca}\n")
    );
    assert_eq!(file(&out, KEY_FILE), format!("{key}\n"));
    assert!(
        command(&out).ends_with("--scheme https --port 8443"),
        "{}",
        command(&out)
    );
    assert_eq!(out.juju.unit_status, Status::active("serving https"));
}

/// Tempo's answer: an OTLP/HTTP and an OTLP/gRPC receiver on `host`, as the Python
/// provider writes them (`json.dumps` layout).
fn tempo_receivers(host: &str) -> String {
    format!(
        r#"[{{"protocol": {{"name": "otlp_grpc", "type": "grpc"}}, "url": "{host}:4317"}}, {{"protocol": {{"name": "otlp_http", "type": "http"}}, "url": "http://{host}:4318"}}]"#
    )
}

#[test]
fn a_tracing_receiver_reaches_the_workload_and_leaves_with_it() {
    // First contact on `tracing`: the leader asks for OTLP/HTTP, as the Python requirer does.
    let state = with_database().relation(TRACING, relation("tracing", "tempo", &[]));
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_created("tracing", TRACING, "tempo"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(
        out.juju.relations[&TRACING].data["webapp"],
        BTreeMap::from([("receivers".to_owned(), r#"["otlp_http"]"#.to_owned())])
    );
    assert!(
        out.container("web")
            .unwrap()
            .read_file(&format!("/etc/webapp/{TRACING_URL_FILE}"))
            .is_err(),
        "no URL file without receivers"
    );

    // Tempo answers: the URL of its OTLP/HTTP receiver goes to the workload.
    let mut juju = out.juju;
    let answer = BTreeMap::from([("receivers".to_owned(), tempo_receivers("tempo-0.tempo"))]);
    let bags = &mut juju.relations.get_mut(&TRACING).unwrap().data;
    bags.insert("tempo".to_owned(), answer);
    let mut state = with_database();
    state.juju = juju;
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_changed("tracing", TRACING, "tempo/0"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert_eq!(file(&out, TRACING_URL_FILE), "http://tempo-0.tempo:4318");
    assert!(out.container("web").unwrap().services()[0].is_running());
    assert_eq!(out.juju.unit_status, Status::active("serving http"));

    // The relation goes: the URL file goes too.
    let mut state = with_database();
    state.juju = out.juju;
    let out = context()
        .run::<WebApp>(
            TestEvent::relation_broken("tracing", TRACING, "tempo"),
            state,
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{:#?}", out.juju.logs);
    assert!(out.juju.state.is_empty(), "{:?}", out.juju.state);
    let path = format!("/etc/webapp/{TRACING_URL_FILE}");
    assert!(out.container("web").unwrap().read_file(&path).is_err());
}
