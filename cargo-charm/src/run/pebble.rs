//! One real Pebble per workload container for `cargo charm run`.
//!
//! Each container gets `pebble run --create-dirs --hold` (Juju starts the workload's Pebble
//! with `--hold`: services wait for the charm's replan) with its own `PEBBLE` directory
//! under the run's work directory, and its socket is linked where the runtime looks for
//! that container under [`CONTAINERS_DIR_VAR`](charm_runtime::container::CONTAINERS_DIR_VAR)
//! (`<dir>/<container>/pebble.socket`). The process id is written beside it, so a later
//! run with the same state directory finds the same Pebble alive and reuses it; `--stop`
//! ends it. A container can also be given an existing socket instead.
//!
//! The binary is `--pebble`, else `$PEBBLE_BIN`, else `pebble` on `PATH`, else the pinned
//! release built with `go install` by the project's own install script, compiled into
//! `cargo charm` so an installed `cargo-charm` can install Pebble too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use charm_runtime::container::socket_path;

use crate::progress;

/// `scripts/install-pebble.sh`: the pinned release and how to build it, in one place.
const INSTALL_SCRIPT: &str = include_str!("../../../scripts/install-pebble.sh");

/// How long a starting Pebble may take to answer on its socket.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Why a Pebble cannot be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no `pebble` and it could not be installed.
    #[error(
        "no pebble binary: pass --pebble PATH, set PEBBLE_BIN, put pebble on PATH, or install Go so that cargo charm can build the pinned release (the output above says why it could not)"
    )]
    Install,
    /// A Pebble could not be started.
    #[error("cannot start {program} for container {container}")]
    Spawn {
        /// The binary.
        program: PathBuf,
        /// The container.
        container: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A Pebble exited or did not answer in time.
    #[error("pebble for container {container} did not start: {log}")]
    NotReady {
        /// The container.
        container: String,
        /// The end of its log.
        log: String,
    },
    /// A socket given with `--socket` does not exist.
    #[error("--socket {container}={}: no socket there", path.display())]
    NoSocket {
        /// The container.
        container: String,
        /// The path given.
        path: PathBuf,
    },
    /// A file of the work directory could not be written.
    #[error("cannot prepare {}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Finds the Pebble binary, installing the pinned release when there is none.
pub fn binary(explicit: Option<&Path>) -> Result<PathBuf, Error> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("PEBBLE_BIN").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    if let Some(path) = on_path("pebble") {
        return Ok(path);
    }
    progress::status(
        "Installing",
        "pebble with `go install` (once; takes a minute)",
    );
    let output = Command::new("bash")
        .args(["-c", INSTALL_SCRIPT, "install-pebble"])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|_| Error::Install)?;
    let dir = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success() || dir.is_empty() {
        return Err(Error::Install);
    }
    Ok(Path::new(&dir).join("pebble"))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// A container's Pebble: started by this run, kept from an earlier run, or given.
#[derive(Debug)]
pub struct Workload {
    /// The container's name.
    pub container: String,
    /// The socket the charm reaches.
    pub socket: PathBuf,
    /// The process this run started (stopped at the end unless kept).
    started: Option<std::process::Child>,
    /// Where its id is written, for later runs.
    pid_file: Option<PathBuf>,
}

impl Workload {
    /// Links the existing socket `path` for `container` under `containers_dir`.
    pub fn existing(containers_dir: &Path, container: &str, path: &Path) -> Result<Self, Error> {
        if !path.exists() {
            return Err(Error::NoSocket {
                container: container.to_owned(),
                path: path.to_path_buf(),
            });
        }
        let socket = socket_path(containers_dir, container);
        link(path, &socket)?;
        Ok(Self {
            container: container.to_owned(),
            socket,
            started: None,
            pid_file: None,
        })
    }

    /// The Pebble of `container` under `work` (its `PEBBLE` directory is
    /// `work/pebble/<container>`): the one an earlier run left alive, or a new one.
    pub fn start(
        program: &Path,
        work: &Path,
        containers_dir: &Path,
        container: &str,
    ) -> Result<Self, Error> {
        let home = work.join("pebble").join(container);
        let pid_file = home.join("cargo-charm.pid");
        let own_socket = home.join(".pebble.socket");
        let socket = socket_path(containers_dir, container);
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(&home).map_err(io(&home))?;
        if alive(&pid_file) && answers(&own_socket) {
            link(&own_socket, &socket)?;
            progress::status("Reusing", format!("pebble for container {container}"));
            return Ok(Self {
                container: container.to_owned(),
                socket,
                started: None,
                pid_file: Some(pid_file),
            });
        }
        let _ = std::fs::remove_file(&own_socket);
        progress::status("Starting", format!("pebble for container {container}"));
        let log_path = home.join("pebble.log");
        let log = std::fs::File::create(&log_path).map_err(io(&log_path))?;
        let err_log = log.try_clone().map_err(io(&log_path))?;
        let mut command = Command::new(program);
        command
            .args(["run", "--create-dirs", "--hold"])
            .env("PEBBLE", &home)
            .env("PEBBLE_PERSIST", "never")
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err_log);
        // Its own process group: a Ctrl-C meant for `cargo charm` does not kill a Pebble
        // that a state directory keeps for the next run.
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn().map_err(|source| Error::Spawn {
            program: program.to_path_buf(),
            container: container.to_owned(),
            source,
        })?;
        let deadline = Instant::now() + START_TIMEOUT;
        while !answers(&own_socket) {
            let exited = child.try_wait().ok().flatten().is_some();
            if exited || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                let text = std::fs::read_to_string(&log_path).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(5).collect();
                let log = tail.into_iter().rev().collect::<Vec<_>>().join(" | ");
                return Err(Error::NotReady {
                    container: container.to_owned(),
                    log,
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        std::fs::write(&pid_file, child.id().to_string()).map_err(io(&pid_file))?;
        link(&own_socket, &socket)?;
        Ok(Self {
            container: container.to_owned(),
            socket,
            started: Some(child),
            pid_file: Some(pid_file),
        })
    }

    /// Leaves this Pebble running for the next run with the same state directory.
    pub fn keep(mut self) {
        if let Some(child) = self.started.take() {
            // Dropping a `Child` neither waits for nor kills the process.
            drop(child);
        }
    }

    /// Stops this Pebble (and its services) if this run or an earlier one started it.
    pub fn stop(mut self) {
        if let Some(mut child) = self.started.take() {
            terminate(child.id());
            let _ = child.wait();
        } else if let Some(pid) = self.pid_file.as_deref().and_then(read_pid) {
            terminate(pid);
        }
        if let Some(pid_file) = &self.pid_file {
            let _ = std::fs::remove_file(pid_file);
        }
    }
}

/// Stops the Pebble an earlier run kept for `container` under `work`, if any; true if one
/// was running.
pub fn stop_kept(work: &Path, container: &str) -> bool {
    let pid_file = work.join("pebble").join(container).join("cargo-charm.pid");
    let running = alive(&pid_file);
    if let Some(pid) = read_pid(&pid_file).filter(|_| running) {
        terminate(pid);
    }
    let _ = std::fs::remove_file(pid_file);
    running
}

fn read_pid(pid_file: &Path) -> Option<u32> {
    std::fs::read_to_string(pid_file).ok()?.trim().parse().ok()
}

fn alive(pid_file: &Path) -> bool {
    read_pid(pid_file).is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
}

fn answers(socket: &Path) -> bool {
    std::os::unix::net::UnixStream::connect(socket).is_ok()
}

/// Asks process `pid` to stop with SIGTERM (Pebble then stops its services) and waits for
/// it, up to a deadline, by watching `/proc`.
fn terminate(pid: u32) {
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    while proc_dir.exists() && Instant::now() < deadline {
        let zombie = std::fs::read_to_string(proc_dir.join("stat"))
            .is_ok_and(|stat| stat.split_whitespace().nth(2) == Some("Z"));
        if zombie {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn link(target: &Path, socket: &Path) -> Result<(), Error> {
    let io = |source| Error::Io {
        path: socket.to_path_buf(),
        source,
    };
    if let Some(dir) = socket.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    match std::fs::remove_file(socket) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        _ => {}
    }
    std::os::unix::fs::symlink(target, socket).map_err(io)
}
