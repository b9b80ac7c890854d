//! What the compatibility tests share: the Python drivers (`tests/python/driver.py`, run
//! with the venv `tests/python/setup.sh` builds), the side file they exchange (described in
//! `docs/interfaces/drivers.md`), and a Rust requirer run in the harness, one event at a
//! time, whose state carries over from event to event.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use charm_interfaces::Interface;
use charm_runtime::testing::harness::{Context, State, TestEvent};
use charm_runtime::testing::{MemoryRelation, MemorySecret, MemoryState};
use serde::{Deserialize, Serialize};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The venv's python; builds the venv on first use. Fails (never skips) when it cannot.
pub fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let setup = root().join("tests/python/setup.sh");
        let out = Command::new("bash").arg(&setup).output().unwrap();
        assert!(
            out.status.success(),
            "{} failed; the compatibility tests need it:\n{}",
            setup.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
    })
}

/// Runs `driver.py ARGS`; returns its status code and stderr.
pub fn driver_status(args: &[&str]) -> (i32, String) {
    let out = Command::new(python())
        .arg(root().join("tests/python/driver.py"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `driver.py ARGS` and requires success.
pub fn driver(args: &[&str]) {
    let (code, stderr) = driver_status(args);
    assert_eq!(code, 0, "driver.py {} failed:\n{stderr}", args.join(" "));
}

/// One secret of a side file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSecret {
    pub id: String,
    pub owner: Option<String>,
    pub label: Option<String>,
    pub content: BTreeMap<String, String>,
    pub granted: Vec<String>,
    pub expire: Option<String>,
}

/// A library event a driver's charm saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideEvent {
    pub name: String,
    pub fields: serde_json::Value,
}

/// A side file: what one side of one relation holds after a hook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    pub format: String,
    pub interface: String,
    pub role: String,
    pub app: String,
    pub unit: String,
    pub leader: bool,
    pub endpoint: String,
    pub relation_id: u64,
    pub remote_app: Option<String>,
    pub app_data: BTreeMap<String, String>,
    pub units_data: BTreeMap<String, BTreeMap<String, String>>,
    pub secrets: Vec<SideSecret>,
    pub events: Vec<SideEvent>,
}

impl Side {
    pub fn read(path: &Path) -> Self {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    pub fn write(&self, path: &Path) {
        std::fs::write(path, serde_json::to_string_pretty(self).unwrap()).unwrap();
    }

    /// The secret labelled `label`.
    pub fn secret(&self, label: &str) -> &SideSecret {
        self.secrets
            .iter()
            .find(|s| s.label.as_deref() == Some(label))
            .unwrap_or_else(|| panic!("no secret labelled {label:?} in {:#?}", self.secrets))
    }
}

/// A temporary directory for side files, with a counter for fresh names.
pub struct Files {
    dir: tempfile::TempDir,
    next: Mutex<u32>,
}

impl Files {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            next: Mutex::new(0),
        }
    }

    /// A fresh path `<n>-<name>.json`.
    pub fn path(&self, name: &str) -> PathBuf {
        let mut next = self.next.lock().unwrap();
        *next += 1;
        self.dir.path().join(format!("{next}-{name}.json"))
    }

    /// Runs `driver.py ARGS --output <new file>` and reads the side file it wrote.
    pub fn run(&self, args: &[&str]) -> Side {
        let output = self.path("driver-output");
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--output", output.to_str().unwrap()]);
        driver(&all);
        Side::read(&output)
    }

    /// Writes `side` to a fresh file and returns its path as text.
    pub fn save(&self, side: &Side) -> String {
        let path = self.path(&side.role);
        side.write(&path);
        path.to_str().unwrap().to_owned()
    }
}

/// The Rust requirer's unit, run in the harness one event at a time.
pub struct RustSide {
    pub state: MemoryState,
    pub interface: &'static str,
    pub endpoint: String,
    pub relation_id: u64,
    pub remote_app: String,
}

impl RustSide {
    /// Unit `web/0`, the leader, related to `remote_app` on `endpoint` as relation `id`.
    pub fn new(
        interface: &'static str,
        endpoint: &str,
        relation_id: u64,
        remote_app: &str,
    ) -> Self {
        let mut state = MemoryState {
            unit_name: "web/0".to_owned(),
            leader: true,
            ..Default::default()
        };
        state.relations.insert(
            relation_id,
            MemoryRelation {
                endpoint: endpoint.to_owned(),
                remote_app: remote_app.to_owned(),
                units: vec![format!("{remote_app}/0")],
                data: BTreeMap::new(),
            },
        );
        Self {
            state,
            interface,
            endpoint: endpoint.to_owned(),
            relation_id,
            remote_app: remote_app.to_owned(),
        }
    }

    fn relation(&mut self) -> &mut MemoryRelation {
        self.state.relations.get_mut(&self.relation_id).unwrap()
    }

    /// Takes in what the provider's side holds: its bags, and the secrets it granted.
    pub fn absorb(&mut self, provider: &Side) {
        let relation = self.relation();
        relation.data.retain(|name, _| name.starts_with("web"));
        relation
            .data
            .insert(provider.app.clone(), provider.app_data.clone());
        for (unit, data) in &provider.units_data {
            relation.data.insert(unit.clone(), data.clone());
        }
        for shared in provider
            .secrets
            .iter()
            .filter(|s| s.owner.is_some() && !s.granted.is_empty())
        {
            let secret = self
                .state
                .secrets
                .entry(shared.id.clone())
                .or_insert_with(|| MemorySecret {
                    revision: 0,
                    // Consumed, not owned: the side file says so with a null owner.
                    owner: String::new(),
                    ..Default::default()
                });
            if secret.content != shared.content {
                secret.content = shared.content.clone();
                secret.revision += 1;
            }
        }
    }

    /// Runs `event` through `library.observe` in the harness; returns what it reported.
    pub fn run<L>(&mut self, library: &L, event: TestEvent) -> Vec<L::Event>
    where
        L: Interface + Sync,
        L::Event: Send + 'static,
    {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let mut state = State::default();
        state.juju = self.state.clone();
        let out = Context::new()
            .unit(self.state.unit_name.clone())
            .run_fn(event, state, |ctx| async move {
                let events = library.observe(&ctx).await.map_err(Into::into)?;
                sink.lock().unwrap().extend(events);
                Ok(())
            })
            .unwrap();
        assert_eq!(
            out.exit_code, 0,
            "the requirer failed: {:#?}",
            out.juju.logs
        );
        self.state = out.juju;
        self.state.calls.clear();
        std::mem::take(&mut *seen.lock().unwrap())
    }

    /// Runs a query (`certificate`, `connection`) in the harness after the last event.
    pub fn query<T, F, Fut>(&self, query: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(charm_runtime::HookContext) -> Fut,
        Fut: std::future::Future<Output = charm_runtime::Result<T>>,
    {
        let result = Arc::new(Mutex::new(None));
        let sink = result.clone();
        let mut state = State::default();
        state.juju = self.state.clone();
        let out = Context::new()
            .unit(self.state.unit_name.clone())
            .run_fn(TestEvent::update_status(), state, |ctx| async move {
                let value = query(ctx).await?;
                *sink.lock().unwrap() = Some(value);
                Ok(())
            })
            .unwrap();
        assert_eq!(out.exit_code, 0, "the query failed: {:#?}", out.juju.logs);
        result.lock().unwrap().take().unwrap()
    }

    /// This unit's side of the relation, as a side file.
    pub fn side(&self) -> Side {
        let relation = &self.state.relations[&self.relation_id];
        let unit = self.state.unit_name.clone();
        let app = self.state.app_name().to_owned();
        let mut units_data = BTreeMap::new();
        if let Some(bag) = relation.data.get(&unit).filter(|b| !b.is_empty()) {
            units_data.insert(unit.clone(), bag.clone());
        }
        let secrets = self
            .state
            .secrets
            .iter()
            .map(|(id, s)| SideSecret {
                id: id.clone(),
                owner: (!s.owner.is_empty()).then(|| s.owner.clone()),
                label: s.label.clone(),
                content: s.content.clone(),
                granted: s
                    .grants
                    .iter()
                    .filter(|(r, _)| *r == self.relation_id)
                    .map(|(_, u)| u.clone().unwrap_or_else(|| self.remote_app.clone()))
                    .collect(),
                expire: s.expire.clone(),
            })
            .collect();
        Side {
            format: "charm-rs/relation-side/v1".to_owned(),
            interface: self.interface.to_owned(),
            role: "requirer".to_owned(),
            app: app.clone(),
            unit,
            leader: self.state.leader,
            endpoint: self.endpoint.clone(),
            relation_id: self.relation_id,
            remote_app: Some(self.remote_app.clone()),
            app_data: relation.data.get(&app).cloned().unwrap_or_default(),
            units_data,
            secrets,
            events: Vec::new(),
        }
    }

    /// The bag of `name` (unit or application) on the relation.
    pub fn bag(&self, name: &str) -> BTreeMap<String, String> {
        self.state.relations[&self.relation_id]
            .data
            .get(name)
            .cloned()
            .unwrap_or_default()
    }
}
