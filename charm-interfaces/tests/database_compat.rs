//! The Rust database requirer against the Python library (`dpcharmlibs-interfaces`, run
//! by `tests/python/driver.py`): the Python validator accepts its v1 request (byte for byte)
//! and its v0 request, the Python provider answers both, and the requirer reads the
//! credentials from the shared secret and notices moved endpoints and a rotated password.
//! Its v1 bag is what the Python requirer writes; its v0 bag is the classic library's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use charm_interfaces::database::{Connection, DatabaseEvent, DatabaseRequirer, Protocol};
use charm_runtime::testing::harness::TestEvent;
use common::{Files, RustSide, Side};

fn changed(relation: u64) -> TestEvent {
    TestEvent::relation_changed("database", relation, "postgresql/0")
}

fn created(relation: u64) -> TestEvent {
    TestEvent::relation_created("database", relation, "postgresql")
}

fn connection(side: &RustSide, db: &DatabaseRequirer) -> Option<Connection> {
    side.query(|ctx| async move { Ok(db.connection(&ctx).await?) })
}

/// The only event in `events`, which must be a `CredentialsReady`.
fn ready(events: Vec<DatabaseEvent>) -> Connection {
    match <[DatabaseEvent; 1]>::try_from(events) {
        Ok([DatabaseEvent::CredentialsReady(c)]) => c,
        other => panic!("expected CredentialsReady, got {other:#?}"),
    }
}

/// The provider's credentials secret for `label`.
fn user_secret<'a>(provider: &'a Side, label: &str) -> &'a common::SideSecret {
    let secret = provider.secret(label);
    assert_eq!(
        secret.granted,
        ["web"],
        "granted to the requirer's application"
    );
    secret
}

#[test]
fn python_provider_delivers_credentials_to_the_rust_v1_requirer_and_rotates_them() {
    let files = Files::new();
    let db = DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1);
    let mut web = RustSide::new("database", "database", 3, "postgresql");

    assert_eq!(web.run(&db, created(3)), []);
    let ours = files.save(&web.side());
    common::driver(&["database", "validate", "--requirer", &ours]);
    let requests: serde_json::Value = serde_json::from_str(&web.bag("web")["requests"]).unwrap();
    let request_id = requests[0]["request-id"].as_str().unwrap().to_owned();

    let p1 = files.run(&["database", "provide", "--requirer", &ours]);
    assert_eq!(
        p1.events.len(),
        1,
        "the provider saw one request: {:#?}",
        p1.events
    );
    assert_eq!(p1.events[0].fields["request-id"], request_id.as_str());
    web.absorb(&p1);
    let c = ready(web.run(&db, changed(3)));
    let secret = user_secret(&p1, &format!("database.3.{request_id}.user.secret"));
    assert_eq!(c.credentials.username, "relation_3");
    assert_eq!(c.credentials.username, secret.content["username"]);
    assert_eq!(c.credentials.password, secret.content["password"]);
    assert_eq!(c.credentials.uris.as_ref(), secret.content.get("uris"));
    assert_eq!(c.endpoints, "postgresql-primary:5432");
    assert_eq!(
        c.read_only_endpoints.as_deref(),
        Some("postgresql-replicas:5432")
    );
    assert_eq!(
        (c.resource.as_str(), c.version.as_deref(), c.tls),
        ("mydb", Some("16.6"), false)
    );
    assert_eq!(connection(&web, &db), Some(c.clone()));
    assert_eq!(
        web.run(&db, changed(3)),
        [],
        "an answer already seen is not reported again"
    );
    // The requirer labelled the secret as the Python requirer does.
    let side = web.side();
    let consumed = side.secrets.iter().find(|s| s.id == secret.id).unwrap();
    assert_eq!(
        consumed.label.as_deref(),
        Some(format!("database.3.{request_id}.user.secret").as_str())
    );
    assert_eq!(consumed.owner, None);

    // The primary moves.
    let p2 = files.run(&[
        "database",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p1),
        "--endpoints",
        "pg-new:5432",
    ]);
    web.absorb(&p2);
    match &web.run(&db, changed(3))[..] {
        [DatabaseEvent::EndpointsChanged(moved)] => {
            assert_eq!(moved.endpoints, "pg-new:5432");
            assert_eq!(moved.credentials.password, c.credentials.password);
        }
        other => panic!("expected EndpointsChanged, got {other:#?}"),
    }

    // The provider rotates the password: a new revision of the same secret.
    let p3 = files.run(&[
        "database",
        "provide",
        "--requirer",
        &files.save(&web.side()),
        "--state",
        &files.save(&p2),
        "--endpoints",
        "pg-new:5432",
        "--rotate-password",
    ]);
    let rotated = user_secret(&p3, &format!("database.3.{request_id}.user.secret"));
    assert_eq!(rotated.id, secret.id);
    assert_ne!(rotated.content["password"], c.credentials.password);
    web.absorb(&p3);
    match &web.run(&db, TestEvent::secret_changed(&secret.id))[..] {
        [DatabaseEvent::CredentialsRotated(now)] => {
            assert_eq!(now.credentials.password, rotated.content["password"]);
        }
        other => panic!("expected CredentialsRotated, got {other:#?}"),
    }
    assert_eq!(web.run(&db, changed(3)), []);

    // Relation broken: the requirer forgets what it saw.
    web.run(&db, TestEvent::relation_broken("database", 3, "postgresql"));
    assert!(web.state.state.is_empty(), "{:?}", web.state.state);
}

#[test]
fn python_provider_answers_the_rust_v0_requirer() {
    let files = Files::new();
    let db = DatabaseRequirer::new("database", "mydb").extra_user_roles("CREATEDB");
    let mut web = RustSide::new("database", "database", 4, "postgresql");
    assert_eq!(web.run(&db, created(4)), []);
    let ours = files.save(&web.side());
    common::driver(&["database", "validate", "--requirer", &ours]);
    let p = files.run(&["database", "provide", "--requirer", &ours]);
    web.absorb(&p);
    let c = ready(web.run(&db, changed(4)));
    let secret = user_secret(&p, "database.4.user.secret");
    assert_eq!(c.credentials.password, secret.content["password"]);
    assert_eq!(
        (c.endpoints.as_str(), c.version.as_deref()),
        ("postgresql-primary:5432", Some("16.6"))
    );
}

#[test]
fn a_provider_that_has_not_answered_yet_gives_no_connection() {
    let db = DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1);
    let mut web = RustSide::new("database", "database", 3, "postgresql");
    web.run(&db, created(3));
    assert_eq!(web.run(&db, changed(3)), []);
    assert_eq!(connection(&web, &db), None);
}

#[test]
fn a_non_leader_reads_the_answer_by_resource_without_writing_the_request() {
    let files = Files::new();
    let db = DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1);
    let mut leader = RustSide::new("database", "database", 3, "postgresql");
    leader.run(&db, created(3));
    let p = files.run(&[
        "database",
        "provide",
        "--requirer",
        &files.save(&leader.side()),
    ]);
    let mut other = RustSide::new("database", "database", 3, "postgresql");
    other.state.leader = false;
    other.absorb(&p);
    let c = ready(other.run(&db, changed(3)));
    assert_eq!(c.credentials.username, "relation_3");
    assert!(
        other.bag("web").is_empty(),
        "a non-leader writes no request"
    );
}

/// `text` with each of `values` replaced by `<name>`.
fn replaced(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |t, (value, name)| {
        t.replace(value, &format!("<{name}>"))
    })
}

#[test]
fn the_rust_v1_request_is_what_the_python_requirer_writes() {
    let files = Files::new();
    let python = files.run(&[
        "database",
        "require",
        "--relation-id",
        "3",
        "--resource",
        "mydb",
    ]);
    let mut web = RustSide::new("database", "database", 3, "postgresql");
    web.run(
        &DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1),
        created(3),
    );
    let rust = web.bag("web");
    assert_eq!(
        rust.keys().collect::<Vec<_>>(),
        python.app_data.keys().collect::<Vec<_>>()
    );
    assert_eq!(rust["version"], python.app_data["version"]);
    let volatile = |text: &str| {
        let requests: serde_json::Value = serde_json::from_str(text).unwrap();
        let salt = requests[0]["salt"].as_str().unwrap().to_owned();
        let id = requests[0]["request-id"].as_str().unwrap().to_owned();
        replaced(text, &[(&salt, "salt"), (&id, "request-id")])
    };
    assert_eq!(
        volatile(&rust["requests"]),
        volatile(&python.app_data["requests"])
    );
    // The request-id is the library's hash of resource and salt.
    let python_requests: serde_json::Value =
        serde_json::from_str(&python.app_data["requests"]).unwrap();
    let same = charm_interfaces::database::Request::new(
        "mydb",
        python_requests[0]["salt"].as_str().unwrap(),
    );
    assert_eq!(
        same.request_id,
        python_requests[0]["request-id"].as_str().unwrap()
    );
}

#[test]
fn the_rust_v0_request_is_what_the_classic_library_writes() {
    // No classic (v0) Python requirer is on PyPI: the fixture is hand-written from the
    // Charmhub library's source (docs/interfaces/database.md).
    let fixture =
        Side::read(&common::root().join("tests/python/fixtures/database/requirer-v0.json"));
    let mut web = RustSide::new("database", "database", 4, "postgresql");
    web.run(
        &DatabaseRequirer::new("database", "mydb").extra_user_roles("CREATEDB"),
        created(4),
    );
    assert_eq!(web.bag("web"), fixture.app_data);
    assert_eq!(web.bag("web/0"), fixture.units_data["web/0"]);
}
