//! `cargo charm run`: run a sequence of events through the charm binary as Juju would.
//!
//! The charm is built (dev profile unless told otherwise) and copied as `dispatch` into a
//! charm directory, which is its working directory. Each workload container gets a real
//! Pebble ([`pebble`]), reached through the runtime's one socket override,
//! `CHARM_CONTAINERS_DIR`. The hook tools are `cargo charm` itself ([`tools`]) answering
//! from a state file ([`state`]) that holds what Juju would remember between events. Each
//! event ([`event`]) gets the `JUJU_*` environment of its kind, then a report ([`report`]).
//!
//! Without `--state-dir` everything lives in a temporary directory and the Pebbles stop at
//! the end. With it, the state file, the charm directory and the Pebbles are kept, so the
//! next run with the same directory continues where this one stopped (`--stop` ends the
//! Pebbles).

pub mod event;
pub mod pebble;
pub mod report;
pub mod state;
pub mod tools;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use charm_runtime::container::CONTAINERS_DIR_VAR;
use charm_runtime::pebble::Client;
use charm_spec::charmcraft::Charmcraft;
use serde_json::Value;

use crate::build::{self, Profile};
use crate::charmcraft::Project;
use crate::progress;
use crate::project::{self, Selection};
use pebble::Workload;
use report::Report;
use state::{RunState, StatusRecord};

/// The model every run belongs to.
const MODEL_UUID: &str = "00000000-0000-4000-8000-000000000000";

/// Options of `cargo charm run`.
#[derive(Debug, clap::Args)]
#[command(after_help = event::SYNTAX)]
pub struct Args {
    /// The events to run, in order, each with its KEY=VALUE words (see below)
    #[arg(value_name = "EVENT", required_unless_present = "stop")]
    pub events: Vec<String>,
    /// Set a config option before the first event (repeatable); typed as declared
    #[arg(long = "config", value_name = "KEY=VALUE")]
    pub config: Vec<String>,
    /// Set config options from a YAML mapping of option to value
    #[arg(long, value_name = "FILE")]
    pub config_file: Option<PathBuf>,
    /// Whether this unit is the leader [default: true for a new state]
    #[arg(long, value_name = "BOOL")]
    pub leader: Option<bool>,
    /// The unit's name [default: CHARM/0, after the charm's name]
    #[arg(long, value_name = "APP/N")]
    pub unit: Option<String>,
    /// The Juju version the charm is told (JUJU_VERSION)
    #[arg(long, value_name = "VERSION", default_value = "3.6.13")]
    pub juju_version: String,
    /// Keep the state, the charm directory and the Pebbles in DIR, for the next run
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Stop the Pebbles kept in --state-dir after the events (or alone, without events)
    #[arg(long, requires = "state_dir")]
    pub stop: bool,
    /// Use an existing Pebble socket for a container instead of starting one (repeatable)
    #[arg(long = "socket", value_name = "CONTAINER=PATH")]
    pub sockets: Vec<String>,
    /// The Pebble binary [default: $PEBBLE_BIN, else pebble on PATH, else installed]
    #[arg(long, value_name = "PATH")]
    pub pebble: Option<PathBuf>,
    /// Run this binary as `dispatch` instead of building the charm
    #[arg(long, value_name = "PATH")]
    pub dispatch: Option<PathBuf>,
    /// Cargo profile to build with
    #[arg(long, value_name = "PROFILE", default_value = "dev")]
    pub profile: String,
    /// How to print the reports: human, or one JSON object per event
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The charm's package, in a workspace [default: the package in the current directory]
    #[arg(long, short = 'p', value_name = "SPEC")]
    pub package: Option<String>,
    /// Path to the charm's (or its workspace's) Cargo.toml
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
}

/// How reports are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Human,
    /// One JSON object per event, on its own line.
    Json,
}

/// Why `cargo charm run` failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The events or options do not fit the charm.
    #[error(transparent)]
    Events(#[from] event::Error),
    /// An option's value is wrong.
    #[error("{0}")]
    Usage(String),
    /// The state file.
    #[error(transparent)]
    State(#[from] state::Error),
    /// A Pebble.
    #[error(transparent)]
    Pebble(#[from] pebble::Error),
    /// A file of the run could not be written, or the charm could not be started.
    #[error("cannot {what}")]
    Io {
        /// What was being done.
        what: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A hook failed, so Juju would run no further event until it succeeds.
    #[error("hook {hook} failed with exit code {code}; the events after it were not run")]
    HookFailed {
        /// The hook.
        hook: String,
        /// Its exit code.
        code: i32,
    },
}

fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let what = what.into();
    move |source| Error::Io { what, source }
}

/// Where a run keeps its files.
struct Work {
    dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Work {
    fn state(&self) -> PathBuf {
        self.dir.join("state.json")
    }
    fn charm(&self) -> PathBuf {
        self.dir.join("charm")
    }
    fn tools(&self) -> PathBuf {
        self.dir.join("tools")
    }
    fn containers(&self) -> PathBuf {
        self.dir.join("containers")
    }
    fn storage(&self) -> PathBuf {
        self.dir.join("storage")
    }
}

/// Runs the events.
pub fn run(args: &Args) -> Result<(), crate::error::Error> {
    let package = project::locate(&Selection {
        manifest_path: args.manifest_path.clone(),
        package: args.package.clone(),
    })?;
    let project = Project::load(&package.dir)?;
    let charm = &project.spec;
    let work = match &args.state_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(io(format!("create {}", dir.display())))?;
            Work {
                dir: std::path::absolute(dir).map_err(io("find the state directory"))?,
                _temp: None,
            }
        }
        None => {
            let temp = tempfile::Builder::new()
                .prefix("cargo-charm-run-")
                .tempdir()
                .map_err(io("create a temporary directory"))?;
            Work {
                dir: temp.path().to_path_buf(),
                _temp: Some(temp),
            }
        }
    };
    if args.events.is_empty() && args.stop {
        for container in charm.containers.names() {
            if pebble::stop_kept(&work.dir, container) {
                progress::status("Stopped", format!("pebble for container {container}"));
            }
        }
        return Ok(());
    }
    let events = event::parse(&args.events, charm).map_err(Error::from)?;
    let sockets = sockets(&args.sockets, charm)?;
    let mut state = initial_state(args, charm, &work)?;

    let dispatch = match &args.dispatch {
        Some(path) => path.clone(),
        None => {
            let bin = project.dispatch_bin()?;
            progress::status(
                "Building",
                format!("{} (profile {})", package.name, args.profile),
            );
            build::build(&package, &bin, &Profile::Named(args.profile.clone()), None)?
        }
    };
    let charm_dir = work.charm();
    std::fs::create_dir_all(&charm_dir).map_err(io("create the charm directory"))?;
    std::fs::copy(&dispatch, charm_dir.join("dispatch"))
        .map_err(io(format!("copy {} as dispatch", dispatch.display())))?;
    let exe = std::env::current_exe().map_err(io("find the cargo-charm binary"))?;
    tools::install(&work.tools(), &exe).map_err(io("link the hook tools"))?;

    let mut workloads = Vec::new();
    let started = start_workloads(args, charm, &work, &sockets, &mut workloads);
    let result = started.and_then(|()| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(io("start an async runtime"))?;
        let clients: Vec<(String, Client)> = workloads
            .iter()
            .map(|w| (w.container.clone(), Client::new(&w.socket)))
            .collect();
        for event in &events {
            let report = runtime.block_on(run_event(
                event,
                &mut state,
                charm,
                &work,
                &clients,
                &args.juju_version,
            ))?;
            print(&report, args.format)?;
            if report.rolled_back {
                return Err(Error::HookFailed {
                    hook: report.dispatch_path,
                    code: report.exit_code,
                });
            }
        }
        Ok(())
    });
    let keep = args.state_dir.is_some() && !args.stop;
    for workload in workloads {
        if keep {
            workload.keep();
        } else {
            workload.stop();
        }
    }
    Ok(result?)
}

fn print(report: &Report, format: Format) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    let text = match format {
        Format::Human => report.human(),
        Format::Json => {
            let mut line = serde_json::to_string(report)
                .map_err(|e| Error::Usage(format!("cannot write the report: {e}")))?;
            line.push('\n');
            line
        }
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(io("write the report"))
}

/// `--socket CONTAINER=PATH` words, checked against the declared containers.
fn sockets(words: &[String], charm: &Charmcraft) -> Result<BTreeMap<String, PathBuf>, Error> {
    let mut sockets = BTreeMap::new();
    for word in words {
        let (container, path) = word
            .split_once('=')
            .ok_or_else(|| Error::Usage(format!("--socket {word:?}: expected CONTAINER=PATH")))?;
        if charm.containers.get(container).is_none() {
            let declared: Vec<&str> = charm.containers.names().collect();
            return Err(Error::Usage(format!(
                "--socket {word:?}: no container {container:?} (declared: {})",
                declared.join(", ")
            )));
        }
        let path = std::path::absolute(path).map_err(io("find the socket"))?;
        sockets.insert(container.to_owned(), path);
    }
    Ok(sockets)
}

fn start_workloads(
    args: &Args,
    charm: &Charmcraft,
    work: &Work,
    sockets: &BTreeMap<String, PathBuf>,
    workloads: &mut Vec<Workload>,
) -> Result<(), Error> {
    let containers_dir = work.containers();
    let mut program = None;
    for container in charm.containers.names() {
        let workload = match sockets.get(container) {
            Some(path) => Workload::existing(&containers_dir, container, path)?,
            None => {
                let program = match &program {
                    Some(program) => program,
                    None => program.insert(pebble::binary(args.pebble.as_deref())?),
                };
                Workload::start(program, &work.dir, &containers_dir, container)?
            }
        };
        workloads.push(workload);
    }
    Ok(())
}

/// The state at the start of the run: the kept one, or a new unit with the defaults of
/// `charmcraft.yaml`; then the overrides of the command line.
fn initial_state(args: &Args, charm: &Charmcraft, work: &Work) -> Result<RunState, Error> {
    let path = work.state();
    let mut state = if path.exists() {
        RunState::load(&path)?
    } else {
        let name = charm.name.as_ref().map_or("app", |n| n.value.as_str());
        let unit = args.unit.clone().unwrap_or_else(|| format!("{name}/0"));
        RunState::new(unit, event::config_defaults(charm).map_err(Error::Usage)?)
    };
    if let Some(unit) = &args.unit {
        state.unit.clone_from(unit);
    }
    let file = match &args.config_file {
        Some(file) => {
            let text =
                std::fs::read_to_string(file).map_err(io(format!("read {}", file.display())))?;
            let values: BTreeMap<String, Value> = charm_spec::yaml::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: {}", file.display(), e.cause())))?;
            Some(values)
        }
        None => None,
    };
    let overrides = event::config_overrides(&args.config, file.as_ref(), charm)?;
    state.config.extend(overrides);
    if let Some(leader) = args.leader {
        state.leader = leader;
    }
    state.save(&path)?;
    Ok(state)
}

/// Runs one event and reads what it did.
async fn run_event(
    event: &event::Event,
    state: &mut RunState,
    charm: &Charmcraft,
    work: &Work,
    clients: &[(String, Client)],
    juju_version: &str,
) -> Result<Report, Error> {
    let mut test_event = event
        .prepare(state, charm, &work.storage())
        .map_err(Error::Usage)?;
    if let event::Kind::Notice { container, key } = &event.kind {
        let id = match clients.iter().find(|(name, _)| name == container) {
            Some((_, client)) => {
                let mut notify = client.notify(key);
                for (k, v) in &event.values {
                    notify = notify.data(k.clone(), v.as_str().unwrap_or_default().to_owned());
                }
                let id = notify.await.map_err(|e| {
                    Error::Usage(format!(
                        "cannot record notice {key} in container {container}: {e}"
                    ))
                })?;
                id.as_str().to_owned()
            }
            None => "1".to_owned(),
        };
        test_event = test_event.env("JUJU_NOTICE_ID", id);
    }
    let mut befores = Vec::new();
    for (_, client) in clients {
        befores.push(report::before(client).await);
    }
    let prepared = state.clone();
    let path = work.state();
    state.save(&path)?;

    let vars = test_event.environment();
    let dispatch_path = vars.get("JUJU_DISPATCH_PATH").cloned().unwrap_or_default();
    let is_action = dispatch_path.starts_with("actions/");
    let output = dispatch(&vars, state, work, juju_version)?;
    let exit_code = output.status.code().unwrap_or(-1);

    *state = RunState::load(&path)?;
    let rolled_back = exit_code != 0 && !is_action;
    if rolled_back {
        state.roll_back_to(&prepared);
        let hook = vars.get("JUJU_HOOK_NAME").cloned().unwrap_or_default();
        state.unit_status = StatusRecord {
            status: "error".to_owned(),
            message: format!("hook failed: \"{hook}\""),
        };
    } else {
        event.finish(state);
    }
    state.save(&path)?;

    let mut containers = Vec::new();
    for ((name, client), before) in clients.iter().zip(&befores) {
        containers.push(report::container(name, client, before).await);
    }
    Ok(Report {
        event: event.text.clone(),
        dispatch_path,
        exit_code,
        rolled_back,
        unit_status: state.unit_status.clone(),
        app_status: state.app_status.clone(),
        logs: state.event.logs.clone(),
        action: is_action.then(|| report::ActionReport {
            results: state.event.action_results.clone(),
            failure: state.event.action_failure.clone(),
            logs: state.event.action_logs.clone(),
        }),
        relation_data: report::relation_writes(&prepared, state),
        opened_ports: state.ports.keys().cloned().collect(),
        unit_state: state.state.clone(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        containers,
    })
}

/// Starts `dispatch` in the charm directory with the event's environment and waits for it.
fn dispatch(
    vars: &BTreeMap<String, String>,
    state: &RunState,
    work: &Work,
    juju_version: &str,
) -> Result<std::process::Output, Error> {
    let charm_dir = work.charm();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![work.tools()];
    paths.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(paths).map_err(|e| Error::Usage(e.to_string()))?;
    let mut command = Command::new(charm_dir.join("dispatch"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("JUJU_") {
            command.env_remove(name);
        }
    }
    let hook = vars.get("JUJU_HOOK_NAME").cloned().unwrap_or_default();
    command
        .current_dir(&charm_dir)
        .envs(vars)
        .env("PATH", path)
        .env("JUJU_UNIT_NAME", &state.unit)
        .env("JUJU_MODEL_NAME", "local")
        .env("JUJU_MODEL_UUID", MODEL_UUID)
        .env("JUJU_VERSION", juju_version)
        .env("JUJU_CHARM_DIR", &charm_dir)
        .env("CHARM_DIR", &charm_dir)
        .env(
            "JUJU_CONTEXT_ID",
            format!("{}-{hook}-{}", state.unit, state.events),
        )
        .env("JUJU_MACHINE_ID", "")
        .env("JUJU_AVAILABILITY_ZONE", "")
        .env("JUJU_CHARM_HTTP_PROXY", "")
        .env("JUJU_CHARM_HTTPS_PROXY", "")
        .env("JUJU_CHARM_FTP_PROXY", "")
        .env("JUJU_CHARM_NO_PROXY", "")
        .env("LANG", "C.UTF-8")
        .env(CONTAINERS_DIR_VAR, work.containers())
        .env(tools::STATE_VAR, work.state())
        .stdin(Stdio::null());
    command
        .output()
        .map_err(io(format!("run {}", charm_dir.join("dispatch").display())))
}
