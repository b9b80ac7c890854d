//! Shared fixtures of the integration suites: a real Pebble daemon per test.
//!
//! Each test starts its own `pebble run --create-dirs` in a fresh temporary directory and the
//! daemon is stopped (SIGTERM, which also stops its services) when the fixture is dropped.
//! When the `pebble` binary cannot be found the test is skipped with a message, unless
//! `CHARM_TEST_REQUIRE_PEBBLE=1` is set (as CI does), in which case it fails.

// Test support code: failing loudly is the point.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use charm_runtime::pebble::{Change, Client};
use charm_runtime::testing::PebbleVersion;

pub mod charmcraft;
#[cfg(doctest)]
pub mod docs;
pub mod hostile;
pub mod io;
pub mod journal;
pub mod layer_cases;
pub mod parity;
pub mod versions;

/// Where [`RealPebble::containers_dir`] is, in the daemon's temporary directory.
const CONTAINERS_DIR: &str = "containers";

/// The variable that turns a missing `pebble` binary from a skip into a failure.
pub const REQUIRE_PEBBLE: &str = "CHARM_TEST_REQUIRE_PEBBLE";

/// Finds the `pebble` binary: `$PEBBLE_BIN`, then `PATH`, then `$GOPATH/bin` or `~/go/bin`.
pub fn pebble_binary() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("PEBBLE_BIN") {
        return Some(PathBuf::from(bin));
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("pebble"))
                .collect()
        })
        .unwrap_or_default();
    if let Some(gopath) = std::env::var_os("GOPATH") {
        candidates.push(PathBuf::from(gopath).join("bin/pebble"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join("go/bin/pebble"));
    }
    candidates.into_iter().find(|c| c.is_file())
}

/// Starts a real Pebble, or skips the test (returns from it) when none is installed.
///
/// With `CHARM_TEST_REQUIRE_PEBBLE=1` a missing binary fails the test instead.
#[macro_export]
macro_rules! pebble_or_skip {
    () => {
        $crate::pebble_or_skip!($crate::RealPebble::builder())
    };
    ($builder:expr) => {
        match $builder.start() {
            Some(pebble) => pebble,
            None => return,
        }
    };
}

/// Replans, once more if Pebble was still finishing a start.
///
/// Pebble v1.16.0 can report a start change done a moment before the service leaves its
/// `starting` state, and a replan that must stop it then fails with `cannot stop service
/// while starting` without doing anything. This retries that case for up to 5 s; any other
/// failure is returned.
pub async fn replan_settled(client: &Client) -> charm_runtime::pebble::Result<Change> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match client.replan().await {
            Err(charm_runtime::pebble::Error::Change { change })
                if Instant::now() < deadline
                    && change
                        .err
                        .as_deref()
                        .is_some_and(|e| e.contains("cannot stop service while starting")) =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            other => return other,
        }
    }
}

/// Options for starting a [`RealPebble`].
#[derive(Debug, Default)]
pub struct RealPebbleBuilder {
    binary: Option<PathBuf>,
    hold: bool,
    container: Option<String>,
    layers: Vec<(String, String)>,
    env: Vec<(String, String)>,
}

impl RealPebbleBuilder {
    /// Runs this `pebble` binary instead of the one [`pebble_binary`] finds (to test several
    /// releases in one test).
    pub fn binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.binary = Some(path.into());
        self
    }

    /// Starts Pebble with `--hold` (as Juju does): no service is started until asked.
    pub fn hold(mut self) -> Self {
        self.hold = true;
        self
    }

    /// Listens where Juju mounts workload container `name`'s socket, relative to
    /// [`RealPebble::containers_dir`]: `<containers_dir>/<name>/pebble.socket` (with
    /// `PEBBLE_SOCKET`, as Juju starts Pebble), so that a charm run with
    /// `CHARM_CONTAINERS_DIR=<containers_dir>` reaches it as container `name`.
    pub fn container(mut self, name: &str) -> Self {
        self.container = Some(name.to_owned());
        self
    }

    /// Puts `yaml` in `$PEBBLE/layers/<file_name>` before starting (e.g. `001-base.yaml`).
    pub fn layer(mut self, file_name: &str, yaml: &str) -> Self {
        self.layers.push((file_name.to_owned(), yaml.to_owned()));
        self
    }

    /// Sets an environment variable for the daemon (and so for its services).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Starts the daemon and waits until its API answers.
    ///
    /// Returns `None` (after printing why) when no `pebble` binary is installed, unless
    /// `CHARM_TEST_REQUIRE_PEBBLE=1`, in which case it panics.
    pub fn start(self) -> Option<RealPebble> {
        let Some(binary) = self.binary.clone().or_else(pebble_binary) else {
            if std::env::var(REQUIRE_PEBBLE).is_ok_and(|v| v == "1") {
                panic!(
                    "{REQUIRE_PEBBLE}=1 but no pebble binary was found (set PEBBLE_BIN or run scripts/install-pebble.sh)"
                );
            }
            eprintln!("skipping: no pebble binary found (run scripts/install-pebble.sh)");
            return None;
        };
        Some(RealPebble::spawn(&binary, self))
    }
}

/// A real Pebble daemon running in a temporary directory.
#[derive(Debug)]
pub struct RealPebble {
    dir: tempfile::TempDir,
    socket: PathBuf,
    binary: PathBuf,
    child: Option<Child>,
    release: std::sync::OnceLock<PebbleVersion>,
}

impl RealPebble {
    /// Options for a daemon.
    pub fn builder() -> RealPebbleBuilder {
        RealPebbleBuilder::default()
    }

    fn spawn(binary: &Path, options: RealPebbleBuilder) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("pebble-test-")
            .tempdir()
            .unwrap();
        let pebble_dir = dir.path().join("pebble");
        if !options.layers.is_empty() {
            let layers = pebble_dir.join("layers");
            std::fs::create_dir_all(&layers).unwrap();
            for (name, yaml) in &options.layers {
                std::fs::write(layers.join(name), yaml).unwrap();
            }
        }
        let mut cmd = Command::new(binary);
        cmd.arg("run").arg("--create-dirs");
        if options.hold {
            cmd.arg("--hold");
        }
        let socket = match &options.container {
            Some(name) => {
                let socket =
                    charm_runtime::container::socket_path(&dir.path().join(CONTAINERS_DIR), name);
                std::fs::create_dir_all(socket.parent().unwrap()).unwrap();
                cmd.env("PEBBLE_SOCKET", &socket);
                socket
            }
            None => {
                cmd.env_remove("PEBBLE_SOCKET");
                pebble_dir.join(".pebble.socket")
            }
        };
        cmd.env("PEBBLE", &pebble_dir)
            .env("PEBBLE_PERSIST", "never")
            .envs(options.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(
                std::fs::File::create(dir.path().join("pebble.log")).unwrap(),
            ));
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut pebble = Self {
            dir,
            socket,
            binary: binary.to_owned(),
            child: Some(child),
            release: std::sync::OnceLock::new(),
        };
        pebble.wait_ready();
        pebble
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(mut stream) = UnixStream::connect(&self.socket) {
                let _ =
                    stream.write_all(b"GET /v1/system-info HTTP/1.0\r\nHost: localhost\r\n\r\n");
                let mut answer = String::new();
                if stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.0 200")
                {
                    return;
                }
            }
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!("pebble exited early ({status}): {}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "pebble did not start in time: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The process ID of the daemon, while it runs: for tests that send it signals.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Sends `signal` (`KILL`, `STOP`, `CONT`) to the daemon with procps `kill`.
    pub fn signal(&self, signal: &str) {
        let pid = self.pid().expect("the daemon runs");
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// The socket of the daemon.
    pub fn socket(&self) -> &Path {
        &self.socket
    }

    /// The release of the binary this daemon runs, as `pebble version --client` prints it
    /// (such as `v1.32.1`): the Pebble under test, which `PEBBLE_BIN` may choose.
    pub fn version(&self) -> String {
        let output = Command::new(&self.binary)
            .args(["version", "--client"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// [`version`](Self::version) as a release, to ask what it has
    /// ([`PebbleVersion::has`]).
    pub fn pebble_version(&self) -> PebbleVersion {
        *self.release.get_or_init(|| {
            let tag = self.version();
            tag.parse()
                .unwrap_or_else(|e| panic!("the pebble under test reports {tag:?}: {e}"))
        })
    }

    /// The directory to start a charm with as `CHARM_CONTAINERS_DIR`: with
    /// [`RealPebbleBuilder::container`], the daemon's socket is in it as that container's.
    pub fn containers_dir(&self) -> PathBuf {
        self.dir.path().join(CONTAINERS_DIR)
    }

    /// `$PEBBLE`, the daemon's directory.
    pub fn pebble_dir(&self) -> PathBuf {
        self.dir.path().join("pebble")
    }

    /// A scratch directory beside the daemon's, removed with it.
    pub fn scratch(&self) -> PathBuf {
        let path = self.dir.path().join("scratch");
        std::fs::create_dir_all(&path).unwrap();
        path
    }

    /// A client of the daemon.
    pub fn client(&self) -> Client {
        Client::new(&self.socket)
    }

    /// What the daemon has written on stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pebble.log")).unwrap_or_default()
    }

    /// Stops the daemon (SIGTERM, then SIGKILL after 15 s) and returns its exit code.
    pub fn stop(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match child.try_wait() {
                Ok(Some(status)) => return status.code(),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10))
                }
                _ => {
                    let _ = child.kill();
                    return child.wait().ok().and_then(|s| s.code());
                }
            }
        }
    }
}

impl Drop for RealPebble {
    fn drop(&mut self) {
        self.stop();
    }
}
