//! Interface libraries mounted with `#[interface]`, as the dispatch runs them: every library
//! observes the event before any handler, in source order; a handler takes a library by the
//! mount's name; `#[on(interface = "...")]` runs a handler when the library reported
//! something, once per event even when an event of its own also names it; a library's error
//! ends the hook before the handlers; two mounts of one library on two endpoints each see
//! their own endpoint.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use charm_runtime::event::Event;
use charm_runtime::interface::{Interface, Mounted, Role};
use charm_runtime::testing::MemoryTools;
use charm_runtime::{Error, HookContext, Result, charm, dispatch, handler, on};
use charm_tests::journal::Journal;

/// What ran, in order.
static RAN: Journal = Journal::new();

fn ran(what: impl Into<String>) {
    RAN.record(what);
}

/// Reports the remote application of each relation-changed of its endpoint, and
/// `leadership` on leader-elected; fails for a remote application called `broken`.
struct Echo {
    endpoint: String,
}

impl Interface for Echo {
    const INTERFACES: &'static [&'static str] = &["postgresql_client"];
    const ROLE: Role = Role::Requirer;
    type Event = String;
    type Error = Error;

    fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn observe(&self, ctx: &HookContext) -> Result<Vec<String>> {
        ran(format!("{} observes {}", self.endpoint, ctx.event.name()));
        match &ctx.event {
            Event::RelationChanged(r) if r.endpoint == self.endpoint => {
                if r.remote_app == "broken" {
                    return Err(Error::msg("the remote side wrote nonsense"));
                }
                Ok(vec![r.remote_app.clone()])
            }
            Event::LeaderElected => Ok(vec!["leadership".to_owned()]),
            _ => Ok(Vec::new()),
        }
    }
}

/// Reports nothing, ever: a second library, observed after the first.
struct Quiet;

impl Interface for Quiet {
    const INTERFACES: &'static [&'static str] = &["cluster"];
    const ROLE: Role = Role::Peer;
    type Event = ();
    type Error = Error;

    fn endpoint(&self) -> &str {
        "cluster"
    }

    async fn observe(&self, _: &HookContext) -> Result<Vec<()>> {
        ran("cluster observes");
        Ok(Vec::new())
    }
}

struct Mounting;

#[charm(metadata = "macro_interfaces/charmcraft.yaml")]
impl Mounting {
    #[interface]
    fn database(endpoint: &'static str) -> Echo {
        Echo {
            endpoint: endpoint.to_owned(),
        }
    }

    #[interface = "cluster"]
    fn peers(_endpoint: &'static str) -> Quiet {
        Quiet
    }

    #[on(relation_changed = "database")]
    #[on(interface = "database")]
    fn changed(database: &Mounted<Echo>) -> Result<()> {
        ran(format!("changed sees {:?}", database.events()));
        Ok(())
    }

    #[on(interface = "database")]
    fn reported(database: &Mounted<Echo>, peers: &Quiet) -> Result<()> {
        ran(format!(
            "reported {:?} (peers on {})",
            database.events(),
            peers.endpoint()
        ));
        Ok(())
    }

    #[on(interface = "cluster")]
    fn never(peers: &Mounted<Quiet>) -> Result<()> {
        ran(format!("cluster reported {}", peers.events().len()));
        Ok(())
    }

    #[on(reconcile)]
    fn reconcile(database: &Echo) -> Result<()> {
        ran(format!("reconcile with {}", database.endpoint()));
        Ok(())
    }
}

/// One library mounted twice, on two endpoints of the same interface.
struct TwoOfOne;

#[charm(metadata = "macro_interfaces/charmcraft.yaml")]
impl TwoOfOne {
    #[interface]
    fn database(endpoint: &'static str) -> Echo {
        Echo {
            endpoint: endpoint.to_owned(),
        }
    }

    #[interface]
    fn replica(endpoint: &'static str) -> Echo {
        Echo {
            endpoint: endpoint.to_owned(),
        }
    }

    #[on(interface = "database")]
    fn primary_reported(database: &Mounted<Echo>, replica: &Mounted<Echo>) -> Result<()> {
        ran(format!(
            "database reported {:?}, replica {:?}",
            database.events(),
            replica.events()
        ));
        Ok(())
    }

    #[on(interface = "replica")]
    fn replica_reported(replica: &Mounted<Echo>, database: &Echo) -> Result<()> {
        ran(format!(
            "replica on {} reported {:?}, beside {}",
            replica.endpoint(),
            replica.events(),
            database.endpoint()
        ));
        Ok(())
    }
}

fn dispatch(hook: &str, extra: &[(&str, &str)]) -> u8 {
    dispatch_charm::<Mounting>(hook, extra)
}

fn dispatch_charm<C: handler::Charm>(hook: &str, extra: &[(&str, &str)]) -> u8 {
    let charm_dir = tempfile::tempdir().unwrap();
    let mut vars: BTreeMap<String, String> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    vars.insert("JUJU_DISPATCH_PATH".into(), format!("hooks/{hook}"));
    vars.insert("JUJU_UNIT_NAME".into(), "demo/0".into());
    vars.insert(
        "JUJU_CHARM_DIR".into(),
        charm_dir.path().display().to_string(),
    );
    dispatch::run_with(
        &|name: &str| vars.get(name).cloned(),
        Arc::new(MemoryTools::new()),
        handler::dispatch_to::<C>,
    )
}

fn relation_changed(remote: &str) -> u8 {
    relation_changed_on::<Mounting>("database", remote)
}

fn relation_changed_on<C: handler::Charm>(endpoint: &str, remote: &str) -> u8 {
    let unit = format!("{remote}/0");
    let hook = format!("{endpoint}-relation-changed");
    let id = format!("{endpoint}:3");
    dispatch_charm::<C>(
        &hook,
        &[
            ("JUJU_RELATION", endpoint),
            ("JUJU_RELATION_ID", &id),
            ("JUJU_REMOTE_APP", remote),
            ("JUJU_REMOTE_UNIT", &unit),
        ],
    )
}

#[test]
fn libraries_observe_first_and_their_reports_run_each_handler_once() {
    let _turn = RAN.begin();
    assert_eq!(relation_changed("pg"), 0);
    assert_eq!(
        RAN.take(),
        [
            "database observes database-relation-changed",
            "cluster observes",
            r#"changed sees ["pg"]"#,
            r#"reported ["pg"] (peers on cluster)"#,
            "reconcile with database",
        ],
        "`changed` runs once though both its #[on]s match; `never` does not run"
    );
}

#[test]
fn a_report_on_an_event_no_handler_names_runs_the_interface_handlers() {
    let _turn = RAN.begin();
    assert_eq!(dispatch("leader-elected", &[]), 0);
    assert_eq!(
        RAN.take(),
        [
            "database observes leader-elected",
            "cluster observes",
            r#"changed sees ["leadership"]"#,
            r#"reported ["leadership"] (peers on cluster)"#,
            "reconcile with database",
        ]
    );
}

#[test]
fn nothing_reported_runs_no_interface_handler() {
    let _turn = RAN.begin();
    assert_eq!(dispatch("config-changed", &[]), 0);
    assert_eq!(
        RAN.take(),
        [
            "database observes config-changed",
            "cluster observes",
            "reconcile with database",
        ]
    );
}

#[test]
fn a_library_error_fails_the_hook_before_any_handler() {
    let _turn = RAN.begin();
    assert_eq!(relation_changed("broken"), 1);
    assert_eq!(
        RAN.take(),
        ["database observes database-relation-changed"],
        "neither the second library nor a handler runs"
    );
}

#[test]
fn one_library_mounted_twice_reports_each_endpoint_to_its_own_mount() {
    let _turn = RAN.begin();
    assert_eq!(relation_changed_on::<TwoOfOne>("replica", "pg-replica"), 0);
    assert_eq!(
        RAN.take(),
        [
            "database observes replica-relation-changed",
            "replica observes replica-relation-changed",
            r#"replica on replica reported ["pg-replica"], beside database"#,
        ],
        "only the replica's mount reports, and only its handler runs"
    );
    assert_eq!(relation_changed_on::<TwoOfOne>("database", "pg"), 0);
    assert_eq!(
        RAN.take(),
        [
            "database observes database-relation-changed",
            "replica observes database-relation-changed",
            r#"database reported ["pg"], replica []"#,
        ]
    );
}
