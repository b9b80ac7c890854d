//! The webapp charm against a real Pebble, with in-memory hook tools holding PostgreSQL's
//! answer and its credentials secret.
//!
//! The mounted database library observes each event before the handlers: on
//! `database-relation-changed` it writes the request and reads the answer, so the reconcile
//! handler finds the connection; on `secret-changed` for a new password it reports
//! `CredentialsRotated`, and the `#[on(interface = "database")]` handler restarts the server.
//! A stand-in `webapp` (fails without its database URL file, else sleeps) goes first on the
//! daemon's `PATH`, and the `config-dir` option points at a scratch directory.

// Test helpers: failing loudly is the point.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use charm_runtime::hook_tools::Status;
use charm_runtime::testing::{MemoryRelation, MemorySecret, MemoryState, MemoryTools};
use charm_runtime::{dispatch, handler};
use charm_tests::RealPebble;
use webapp::{DATABASE_URL_FILE, WebApp};

const DB: u64 = 3;

fn uris(password: &str) -> String {
    format!("postgresql://relation_3:{password}@pg-primary:5432/webapp")
}

/// PostgreSQL's credentials, revision `revision`, with `password`.
fn credentials(revision: u64, password: &str) -> MemorySecret {
    let content = [
        ("username", "relation_3".to_owned()),
        ("password", password.to_owned()),
        ("uris", uris(password)),
    ];
    MemorySecret {
        revision,
        content: content
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        ..Default::default()
    }
}

struct Setup {
    scratch: tempfile::TempDir,
    pebble: RealPebble,
    tools: Arc<MemoryTools>,
}

impl Setup {
    /// A Pebble for `web` with the stand-in server; the leader unit, related to PostgreSQL,
    /// which answered; `None` when no Pebble is installed.
    fn new() -> Option<Self> {
        let scratch = tempfile::tempdir().unwrap();
        let bin = scratch.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let server = bin.join("webapp");
        // webapp --config-dir DIR --scheme S --port P
        std::fs::write(
            &server,
            format!("#!/bin/sh\ntest -f \"$2/{DATABASE_URL_FILE}\" || exit 1\nexec sleep 600\n"),
        )
        .unwrap();
        std::fs::set_permissions(&server, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let pebble = RealPebble::builder()
            .container("web")
            .env("PATH", &path)
            .start()?;
        let mut state = MemoryState {
            unit_name: "webapp/0".to_owned(),
            leader: true,
            ..MemoryState::default()
        };
        state.config.insert("port".into(), 8443.into());
        let dir = scratch.path().join("etc");
        state
            .config
            .insert("config-dir".into(), dir.display().to_string().into());
        let answer = [
            ("endpoints", "pg-primary:5432"),
            ("secret-user", "secret:user"),
            ("version", "16.6"),
        ];
        state.relations.insert(
            DB,
            MemoryRelation {
                endpoint: "database".to_owned(),
                remote_app: "postgresql".to_owned(),
                units: vec!["postgresql/0".to_owned()],
                data: BTreeMap::from([(
                    "postgresql".to_owned(),
                    answer
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                )]),
            },
        );
        state
            .secrets
            .insert("secret:user".to_owned(), credentials(1, "s3cret"));
        Some(Self {
            scratch,
            pebble,
            tools: Arc::new(MemoryTools::with_state(state)),
        })
    }

    fn config_dir(&self) -> PathBuf {
        self.scratch.path().join("etc")
    }

    /// Runs the charm for `hook` with the extra variables `vars`.
    fn run(&self, hook: &str, vars: &[(&str, &str)]) -> u8 {
        let charm_dir = self.scratch.path().join("charm");
        std::fs::create_dir_all(&charm_dir).unwrap();
        let containers = self.pebble.containers_dir();
        let lookup = |name: &str| match name {
            "JUJU_DISPATCH_PATH" => Some(format!("hooks/{hook}")),
            "JUJU_UNIT_NAME" => Some("webapp/0".to_owned()),
            "JUJU_CHARM_DIR" => Some(charm_dir.display().to_string()),
            n if n == charm_runtime::container::CONTAINERS_DIR_VAR => {
                Some(containers.display().to_string())
            }
            _ => vars
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned()),
        };
        dispatch::run_with(&lookup, self.tools.clone(), handler::dispatch_to::<WebApp>)
    }

    /// When the `web` service last started, if it runs.
    fn started_at(&self) -> Option<String> {
        let services = block_on(self.pebble.client().services(&["web"])).unwrap();
        services
            .iter()
            .find(|s| s.is_running())
            .map(|s| format!("{:?}", s.current_since))
    }
}

fn block_on<T>(future: impl IntoFuture<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future.into_future())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_answer_starts_the_server_and_a_rotated_password_restarts_it() {
    let Some(setup) = Setup::new() else { return };
    let relation = [
        ("JUJU_RELATION", "database"),
        ("JUJU_RELATION_ID", "database:3"),
        ("JUJU_REMOTE_APP", "postgresql"),
        ("JUJU_REMOTE_UNIT", "postgresql/0"),
    ];
    let code = setup.run("database-relation-changed", &relation);
    let state = setup.tools.state();
    assert_eq!(code, 0, "{:?}", state.logs);
    assert_eq!(
        state.relations[&DB].data["webapp"]["database"], "webapp",
        "the library wrote the request before the handlers ran"
    );
    let url_file = setup.config_dir().join(DATABASE_URL_FILE);
    assert_eq!(read(&url_file), uris("s3cret"));
    let first = setup.started_at();
    assert!(first.is_some(), "{}", setup.pebble.log());
    let plan = block_on(setup.pebble.client().plan()).unwrap();
    assert_eq!(
        plan.services["web"].command,
        format!(
            "webapp --config-dir {} --scheme http --port 8443",
            setup.config_dir().display()
        )
    );
    assert_eq!(state.unit_status, Status::active("serving http"));

    // An event that is neither library's costs no hook-tool call: they ignore it, and the
    // collected status equals the last one set.
    let before = setup.tools.calls().len();
    assert_eq!(setup.run("update-status", &[]), 0);
    let calls = setup.tools.calls().split_off(before);
    assert!(calls.is_empty(), "{calls:?}");

    // The same secret again: the library reports nothing, so nothing restarts.
    let secret = [("JUJU_SECRET_ID", "secret:user")];
    assert_eq!(setup.run("secret-changed", &secret), 0);
    assert_eq!(setup.started_at(), first, "not restarted");

    // PostgreSQL rotates the password: a new revision of the secret.
    setup.tools.update(|s| {
        s.secrets
            .insert("secret:user".to_owned(), credentials(2, "n3w"));
    });
    let code = setup.run("secret-changed", &secret);
    assert_eq!(code, 0, "{:?}", setup.tools.state().logs);
    assert_eq!(read(&url_file), uris("n3w"));
    let second = setup.started_at();
    assert!(second.is_some(), "{}", setup.pebble.log());
    assert_ne!(second, first, "restarted for the new password");
}
