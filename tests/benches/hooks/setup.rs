//! Preparing the contenders before anything is timed: fake hook tools, charm directories,
//! the venv for `ops`, the Go build for `goops`, and the Pebble socket paths each one reads.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The charm's metadata, copied as `metadata.yaml` into every charm directory.
const METADATA: &str = include_str!("../../src/bin/bench_pause_charm/charmcraft.yaml");
const OPS_CHARM: &str = include_str!("contenders/ops/src/charm.py");
const GOOPS_MAIN: &str = include_str!("contenders/goops/main.go");
const GOOPS_MOD: &str = include_str!("contenders/goops/go.mod");
const GOOPS_SUM: &str = include_str!("contenders/goops/go.sum");

/// The `ops` release installed from PyPI.
pub const OPS_VERSION: &str = "3.9.0";
/// The `goops` release fetched through the Go module proxy (pinned in its go.mod).
pub const GOOPS_VERSION: &str = "v0.0.23";

/// Where `ops` and `goops` look for the container's Pebble socket: hard-coded by both.
pub const JUJU_SOCKET: &str = "/charm/containers/pause/pebble.socket";

/// The hook tools the charms may call, and what each prints. All exit 0 and append their
/// name and arguments to `$BENCH_TOOL_LOG`.
const TOOLS: &[(&str, &str)] = &[
    ("status-set", ""),
    (
        "status-get",
        r#"{"status":"unknown","message":"","status-data":{}}"#,
    ),
    ("application-version-set", ""),
    ("is-leader", "true"),
    ("config-get", "{}"),
    ("juju-log", ""),
    ("action-get", "{}"),
    ("action-set", ""),
    ("action-log", ""),
    ("action-fail", ""),
    ("relation-ids", "[]"),
    ("relation-list", "[]"),
    ("relation-get", "{}"),
    ("relation-set", ""),
    ("state-get", "{}"),
    ("state-set", ""),
    ("state-delete", ""),
    ("goal-state", r#"{"units":{},"relations":{}}"#),
    ("opened-ports", "[]"),
    ("open-port", ""),
    ("close-port", ""),
];

/// One way of running the pause charm.
#[derive(Debug)]
pub struct Contender {
    /// The name in the tables.
    pub name: String,
    /// The charm directory: `dispatch` (executable), `metadata.yaml`, and what the charm needs.
    pub charm_dir: PathBuf,
    /// What was measured for the size column, and its size in bytes.
    pub size: (String, u64),
    /// The size of the binary stripped of symbols (binaries only).
    pub stripped: Option<u64>,
}

impl Contender {
    /// The program Juju would run: the charm directory's `dispatch`.
    pub fn dispatch(&self) -> PathBuf {
        self.charm_dir.join("dispatch")
    }
}

/// Writes the fake hook tools into `dir`.
pub fn write_tools(dir: &Path) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    for (name, output) in TOOLS {
        let print = if output.is_empty() {
            String::new()
        } else {
            format!("printf '%s\\n' '{output}'\n")
        };
        let script = format!(
            "#!/bin/sh\n[ -n \"$BENCH_TOOL_LOG\" ] && echo \"${{0##*/}} $*\" >> \"$BENCH_TOOL_LOG\"\n{print}exit 0\n"
        );
        write_executable(&dir.join(name), &script)?;
    }
    Ok(())
}

fn write_executable(path: &Path, content: &str) -> Result<(), String> {
    fs::write(path, content).map_err(|e| format!("write {}: {e}", path.display()))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("chmod {}: {e}", path.display()))
}

fn charm_dir(root: &Path, name: &str) -> Result<PathBuf, String> {
    let dir = root.join(name);
    fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    fs::write(dir.join("metadata.yaml"), METADATA).map_err(|e| format!("metadata.yaml: {e}"))?;
    Ok(dir)
}

fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map_or(0, |m| m.len())
}

/// What the binary at `path` would weigh stripped of symbols (`strip -o`), when `strip` runs.
pub fn stripped_size(path: &Path) -> Option<u64> {
    let out = path.with_extension("stripped");
    let stripped = Command::new("strip")
        .arg("-o")
        .arg(&out)
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let size = stripped.then(|| file_size(&out));
    let _ = fs::remove_file(&out);
    size
}

/// A binary built by Cargo for this bench (our charm or the raw baseline), as `dispatch`.
pub fn cargo_binary(root: &Path, name: &str, binary: &str) -> Result<Contender, String> {
    let dir = charm_dir(root, name)?;
    let dispatch = dir.join("dispatch");
    fs::copy(binary, &dispatch).map_err(|e| format!("copy {binary}: {e}"))?;
    Ok(Contender {
        name: name.to_owned(),
        size: (
            "binary (bench profile = release)".to_owned(),
            file_size(&dispatch),
        ),
        stripped: stripped_size(&dispatch),
        charm_dir: dir,
    })
}

fn run_quietly(command: &mut Command, what: &str) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{what}: cannot run: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
        return Err(format!(
            "{what} failed ({}): {}",
            output.status,
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The `ops` charm: a venv with `ops` from PyPI, `src/charm.py`, and a `dispatch` script
/// like the one charmcraft writes (it execs the charm with the venv's interpreter).
pub fn ops(root: &Path) -> Result<Contender, String> {
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    // Resolve shims (pyenv) to the real interpreter, so no wrapper runs per hook.
    let python = run_quietly(
        Command::new(&python).args(["-c", "import sys; print(sys.executable)"]),
        &python,
    )?;
    let name = format!("ops {OPS_VERSION}");
    let dir = charm_dir(root, "ops")?;
    let venv = dir.join("venv");
    run_quietly(
        Command::new(&python).arg("-m").arg("venv").arg(&venv),
        "python3 -m venv",
    )?;
    run_quietly(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("ops=={OPS_VERSION}")),
        "pip install ops",
    )?;
    fs::create_dir_all(dir.join("src")).map_err(|e| format!("create src: {e}"))?;
    write_executable(&dir.join("src/charm.py"), OPS_CHARM)?;
    write_executable(
        &dir.join("dispatch"),
        "#!/bin/sh\nJUJU_DISPATCH_PATH=\"${JUJU_DISPATCH_PATH:-$0}\" exec ./venv/bin/python ./src/charm.py\n",
    )?;
    let site = run_quietly(
        Command::new(venv.join("bin/python")).args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ]),
        "venv site-packages",
    )?;
    let size = fs::read_dir(&site)
        .map_err(|e| format!("read {site}: {e}"))?
        .flatten()
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            ![
                "pip",
                "setuptools",
                "_distutils_hack",
                "distutils-precedence",
            ]
            .iter()
            .any(|tool| name.starts_with(tool))
        })
        .map(|entry| tree_size(&entry.path()))
        .sum();
    Ok(Contender {
        name,
        size: (
            "venv site-packages without pip (interpreter not counted)".to_owned(),
            size,
        ),
        stripped: None,
        charm_dir: dir,
    })
}

fn tree_size(path: &Path) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    if meta.is_dir() {
        fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| tree_size(&e.path())).sum())
            .unwrap_or(0)
    } else {
        meta.len()
    }
}

/// The `goops` charm: a throw-away Go module built with `go build` into `dispatch`.
pub fn goops(root: &Path) -> Result<Contender, String> {
    let go = ["go", "/usr/local/go/bin/go"]
        .into_iter()
        .find(|go| {
            Command::new(go)
                .arg("version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .ok_or("no `go` toolchain found")?;
    let module = root.join("goops-src");
    fs::create_dir_all(&module).map_err(|e| format!("create {}: {e}", module.display()))?;
    for (file, content) in [
        ("main.go", GOOPS_MAIN),
        ("go.mod", GOOPS_MOD),
        ("go.sum", GOOPS_SUM),
    ] {
        fs::write(module.join(file), content).map_err(|e| format!("write {file}: {e}"))?;
    }
    let dir = charm_dir(root, "goops")?;
    let dispatch = dir.join("dispatch");
    run_quietly(
        Command::new(go)
            .arg("build")
            .arg("-o")
            .arg(&dispatch)
            .arg(".")
            .current_dir(&module)
            .env("GOFLAGS", "-buildvcs=false -mod=readonly"),
        "go build (goops charm)",
    )?;
    Ok(Contender {
        name: format!("goops {GOOPS_VERSION}"),
        size: ("binary (default go build)".to_owned(), file_size(&dispatch)),
        stripped: stripped_size(&dispatch),
        charm_dir: dir,
    })
}

/// Symlinks that make a Pebble socket reachable where the charms look for it, removed (with
/// the directories this created) on drop.
#[derive(Debug, Default)]
pub struct SocketLinks {
    created: Vec<PathBuf>,
}

impl SocketLinks {
    /// Makes `link` a symlink to `socket`, creating the missing parent directories.
    ///
    /// Fails when something this did not create is already at `link`.
    pub fn link(&mut self, link: &Path, socket: &Path) -> Result<(), String> {
        if self.created.iter().any(|p| p == link) {
            fs::remove_file(link).map_err(|e| format!("remove {}: {e}", link.display()))?;
            self.created.retain(|p| p != link);
        } else if fs::symlink_metadata(link).is_ok() {
            return Err(format!(
                "{} already exists and is not ours to replace",
                link.display()
            ));
        }
        let mut missing: Vec<PathBuf> = link
            .ancestors()
            .skip(1)
            .take_while(|dir| !dir.exists())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        for dir in missing {
            fs::create_dir(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
            self.created.push(dir);
        }
        symlink(socket, link).map_err(|e| format!("symlink {}: {e}", link.display()))?;
        self.created.push(link.to_path_buf());
        Ok(())
    }
}

impl Drop for SocketLinks {
    fn drop(&mut self) {
        for path in self.created.iter().rev() {
            let removed = if path.is_symlink() {
                fs::remove_file(path)
            } else {
                fs::remove_dir(path)
            };
            if let Err(e) = removed {
                eprintln!("could not remove {}: {e}", path.display());
            }
        }
    }
}
