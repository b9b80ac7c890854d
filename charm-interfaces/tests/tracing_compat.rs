//! The Rust tracing requirer against the Python library (`charmlibs-interfaces-tracing`,
//! run by `tests/python/driver.py`): the Python validator accepts its request (byte for
//! byte), the Python provider answers it, and the requirer reports the receivers, their
//! moves and their removal as the Python requirer sees them. Its bag is what the Python
//! requirer writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use charm_interfaces::Interface;
use charm_interfaces::tracing::{Receiver, ReceiverProtocol, TracingEvent, TracingRequirer};
use charm_runtime::testing::harness::{Context, State, TestEvent};
use common::{Files, RustSide, Side};

use ReceiverProtocol::{OtlpGrpc, OtlpHttp, Zipkin};

const REL: u64 = 5;

fn changed() -> TestEvent {
    TestEvent::relation_changed("tracing", REL, "tempo/0")
}

fn created() -> TestEvent {
    TestEvent::relation_created("tracing", REL, "tempo")
}

fn web() -> RustSide {
    RustSide::new("tracing", "tracing", REL, "tempo")
}

fn requirer() -> TracingRequirer {
    TracingRequirer::new("tracing", [OtlpHttp, OtlpGrpc])
}

/// `url(protocol)` after the last event, its error as text.
fn url(
    side: &RustSide,
    tracing: &TracingRequirer,
    protocol: ReceiverProtocol,
) -> Result<Option<String>, String> {
    side.query(
        |ctx| async move { Ok(tracing.url(&ctx, protocol).await.map_err(|e| e.to_string())) },
    )
}

/// The receivers of the only event in `events`, which must be a `ReceiversChanged`.
fn receivers(events: Vec<TracingEvent>) -> Vec<Receiver> {
    match <[TracingEvent; 1]>::try_from(events) {
        Ok([TracingEvent::ReceiversChanged(receivers)]) => receivers,
        other => panic!("expected ReceiversChanged, got {other:#?}"),
    }
}

/// (protocol, url) of each receiver.
fn urls(receivers: &[Receiver]) -> Vec<(&str, &str)> {
    receivers
        .iter()
        .map(|r| (r.protocol.name.as_str(), r.url.as_str()))
        .collect()
}

#[test]
fn python_provider_answers_the_rust_requirer_and_moves_its_receivers() {
    let files = Files::new();
    let tracing = requirer();
    let mut web = web();

    assert_eq!(web.run(&tracing, created()), []);
    let ours = files.save(&web.side());
    common::driver(&["tracing", "validate", "--requirer", &ours]);

    let p1 = files.run(&["tracing", "provide", "--requirer", &ours]);
    assert_eq!(
        p1.events[0].fields["receivers"],
        serde_json::json!(["otlp_http", "otlp_grpc"]),
        "the provider read the request"
    );
    web.absorb(&p1);
    let got = receivers(web.run(&tracing, changed()));
    assert_eq!(
        urls(&got),
        [
            ("otlp_grpc", "tempo.example:4317"),
            ("otlp_http", "http://tempo.example:4318")
        ]
    );
    assert_eq!(
        url(&web, &tracing, OtlpHttp),
        Ok(Some("http://tempo.example:4318".to_owned()))
    );
    assert_eq!(
        url(&web, &tracing, OtlpGrpc),
        Ok(Some("tempo.example:4317".to_owned()))
    );
    assert_eq!(
        web.run(&tracing, changed()),
        [],
        "receivers already seen are not reported again"
    );

    // The receivers move to another host.
    let p2 = files.run(&[
        "tracing",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p1),
        "--host",
        "tempo.new",
    ]);
    web.absorb(&p2);
    let moved = receivers(web.run(&tracing, changed()));
    assert_eq!(
        urls(&moved),
        [
            ("otlp_grpc", "tempo.new:4317"),
            ("otlp_http", "http://tempo.new:4318")
        ]
    );

    // The provider stops publishing gRPC: the URL is gone, and asking is not a mistake.
    let p3 = files.run(&[
        "tracing",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p2),
        "--host",
        "tempo.new",
        "--only",
        "otlp_http",
    ]);
    web.absorb(&p3);
    let fewer = receivers(web.run(&tracing, changed()));
    assert_eq!(urls(&fewer), [("otlp_http", "http://tempo.new:4318")]);
    assert_eq!(url(&web, &tracing, OtlpGrpc), Ok(None));
    // A protocol never requested nor published is the charm's mistake.
    let err = url(&web, &tracing, Zipkin).unwrap_err();
    assert!(
        err.contains("does not request receiver protocol \"zipkin\""),
        "{err}"
    );

    // Relation broken: the receivers are gone, and the unit forgets them.
    let broken = web.run(
        &tracing,
        TestEvent::relation_broken("tracing", REL, "tempo"),
    );
    assert_eq!(broken, [TracingEvent::ReceiversRemoved]);
    assert!(web.state.state.is_empty(), "{:?}", web.state.state);
}

#[test]
fn a_provider_that_withdraws_its_receivers_is_reported_removed() {
    let files = Files::new();
    let tracing = requirer();
    let mut web = web();
    web.run(&tracing, created());
    let p = files.run(&["tracing", "provide", "--requirer", &files.save(&web.side())]);
    web.absorb(&p);
    receivers(web.run(&tracing, changed()));

    let mut withdrawn: Side = p.clone();
    withdrawn.app_data.clear();
    web.absorb(&withdrawn);
    assert_eq!(
        web.run(&tracing, changed()),
        [TracingEvent::ReceiversRemoved]
    );
    assert_eq!(url(&web, &tracing, OtlpHttp), Ok(None));
    assert_eq!(web.run(&tracing, changed()), []);
}

#[test]
fn the_rust_and_python_requirers_see_the_same_receivers() {
    let files = Files::new();
    let python = files.run(&["tracing", "require", "--relation-id", "5"]);
    let p = files.run(&["tracing", "provide", "--requirer", &files.save(&python)]);
    let python = files.run(&[
        "tracing",
        "require",
        "--state",
        &files.save(&python),
        "--provider",
        &files.save(&p),
    ]);
    let mut web = web();
    let tracing = requirer();
    web.run(&tracing, created());
    web.absorb(&p);
    let ours = receivers(web.run(&tracing, changed()));

    assert_eq!(python.events.len(), 1, "{:#?}", python.events);
    assert_eq!(python.events[0].name, "endpoint_changed");
    assert_eq!(
        python.events[0].fields["receivers"],
        serde_json::to_value(&ours).unwrap()
    );
}

#[test]
fn the_rust_request_is_what_the_python_requirer_writes() {
    let files = Files::new();
    for protocols in [
        vec![OtlpHttp, OtlpGrpc],
        vec![Zipkin],
        vec![
            ReceiverProtocol::JaegerThriftHttp,
            ReceiverProtocol::JaegerGrpc,
            OtlpHttp,
        ],
    ] {
        let names: Vec<&str> = protocols.iter().map(|p| p.as_str()).collect();
        let python = files.run(&[
            "tracing",
            "require",
            "--relation-id",
            "5",
            "--protocols",
            &names.join(","),
        ]);
        let mut web = web();
        web.run(&TracingRequirer::new("tracing", protocols), created());
        assert_eq!(web.bag("web"), python.app_data, "{names:?}");
        assert_eq!(web.bag("web/0"), Default::default());
    }
}

#[test]
fn a_non_leader_reads_the_receivers_without_writing() {
    let files = Files::new();
    let tracing = requirer();
    let mut leader = web();
    leader.run(&tracing, created());
    let p = files.run(&[
        "tracing",
        "provide",
        "--requirer",
        &files.save(&leader.side()),
    ]);

    let mut other = web();
    other.state.leader = false;
    other.absorb(&p);
    let got = receivers(other.run(&tracing, changed()));
    assert_eq!(got.len(), 2);
    assert!(
        other.bag("web").is_empty(),
        "a non-leader writes no request"
    );
}

#[test]
fn a_new_leader_writes_the_request() {
    let tracing = requirer();
    let mut web = web();
    web.state.leader = false;
    web.run(&tracing, created());
    assert!(web.bag("web").is_empty());

    web.state.leader = true;
    assert_eq!(web.run(&tracing, TestEvent::leader_elected()), []);
    common::driver(&[
        "tracing",
        "validate",
        "--requirer",
        &Files::new().save(&web.side()),
    ]);
}

#[test]
fn a_bad_provider_bag_fails_the_hook_and_keeps_what_was_seen() {
    let files = Files::new();
    let tracing = requirer();
    let mut web = web();
    web.run(&tracing, created());
    let p = files.run(&["tracing", "provide", "--requirer", &files.save(&web.side())]);
    web.absorb(&p);
    receivers(web.run(&tracing, changed()));
    let seen = web.state.state.clone();

    let mut bad = p.clone();
    bad.app_data
        .insert("receivers".to_owned(), r#"[{"url": "x"}]"#.to_owned());
    web.absorb(&bad);
    let mut state = State::default();
    state.juju = web.state.clone();
    let out = Context::new()
        .unit("web/0")
        .run_fn(changed(), state, |ctx| async move {
            tracing.observe(&ctx).await?;
            Ok(())
        })
        .unwrap();
    assert_ne!(out.exit_code, 0, "the hook fails, so Juju retries it");
    let logged = format!("{:?}", out.juju.logs);
    assert!(
        logged.contains(r#"relation tracing:5: tempo bag, key \"receivers\""#),
        "{logged}"
    );
    assert_eq!(out.juju.state, seen, "what the unit saw is kept");
    assert_eq!(out.juju.relations[&REL].data["web"], web.bag("web"));
}
