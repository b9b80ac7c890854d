//! Fake hook-tool executables: shell scripts that record their calls and answer canned
//! output.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::hook_tools::ProcessTools;

/// Every hook tool the runtime calls: the executables a stand-in for Juju's hook tools must
/// put on `PATH`. [`FakeHookTools::install`] writes one script for each; a program answering
/// them with [`MemoryState::answer`](crate::testing::MemoryState::answer) (a multi-call
/// binary) installs itself under each name.
///
/// # Examples
///
/// ```
/// assert!(charm_runtime::testing::TOOL_NAMES.contains(&"status-set"));
/// ```
pub const TOOL_NAMES: &[&str] = &[
    "action-fail",
    "action-get",
    "action-log",
    "action-set",
    "application-version-set",
    "close-port",
    "config-get",
    "credential-get",
    "goal-state",
    "is-leader",
    "juju-log",
    "juju-reboot",
    "network-get",
    "open-port",
    "opened-ports",
    "relation-get",
    "relation-ids",
    "relation-list",
    "relation-model-get",
    "relation-set",
    "resource-get",
    "secret-add",
    "secret-get",
    "secret-grant",
    "secret-ids",
    "secret-info-get",
    "secret-remove",
    "secret-revoke",
    "secret-set",
    "state-delete",
    "state-get",
    "state-set",
    "status-get",
    "status-set",
    "storage-add",
    "storage-get",
    "storage-list",
];

/// The script behind every fake tool. `@ROOT@` and `@TOOL@` are filled in.
///
/// Each call gets a directory `calls/<seq>/` holding `tool`, `argv` (NUL-terminated
/// arguments), `stdin`, and `file.<i>`: a copy of the file named by argument `i` when it has
/// the form `key#file=<path>` (how secret values are passed). The answer comes from
/// `responses/<tool>.<n>.{out,err,rc}` for the tool's n-th call (from 1) if any of those
/// exist, else from `responses/<tool>.{out,err,rc}`; no file means empty output and exit 0.
const SCRIPT: &str = r#"#!/bin/sh
root='@ROOT@'
tool='@TOOL@'
set -e
n=$(ls -1 "$root/calls" | wc -l)
call="$root/calls/$(printf '%06d' $((n + 1)))"
mkdir "$call"
printf '%s' "$tool" > "$call/tool"
: > "$call/argv"
i=0
for arg in "$@"; do
  printf '%s\0' "$arg" >> "$call/argv"
  case "$arg" in
    *'#file='*) cat "${arg#*#file=}" > "$call/file.$i" ;;
  esac
  i=$((i + 1))
done
cat > "$call/stdin"
count="$root/counts/$tool"
k=1
if [ -f "$count" ]; then k=$(($(cat "$count") + 1)); fi
printf '%s' "$k" > "$count"
r="$root/responses/$tool"
if [ -e "$r.$k.out" ] || [ -e "$r.$k.err" ] || [ -e "$r.$k.rc" ]; then r="$r.$k"; fi
if [ -f "$r.out" ]; then cat "$r.out"; fi
if [ -f "$r.err" ]; then cat "$r.err" >&2; fi
if [ -f "$r.rc" ]; then exit "$(cat "$r.rc")"; fi
exit 0
"#;

/// One recorded hook-tool call.
///
/// # Examples
///
/// ```
/// # fn demo(fake: charm_runtime::testing::FakeHookTools) -> std::io::Result<()> {
/// for call in fake.calls()? {
///     println!("{} {:?} ({} bytes on stdin)", call.tool, call.args, call.stdin.len());
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedCall {
    /// The tool's name.
    pub tool: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// What it read on stdin.
    pub stdin: Vec<u8>,
    /// For each argument of the form `key#file=<path>`, by argument index, the file's
    /// content at the time of the call.
    pub files: BTreeMap<usize, Vec<u8>>,
}

impl RecordedCall {
    /// The arguments as `&str`s, handy in assertions.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::RecordedCall;
    /// let call = RecordedCall { tool: "is-leader".into(), args: vec!["--format=json".into()], stdin: vec![], files: Default::default() };
    /// assert_eq!(call.argv(), ["--format=json"]);
    /// ```
    pub fn argv(&self) -> Vec<&str> {
        self.args.iter().map(String::as_str).collect()
    }
}

/// Fake hook tools installed in a directory, for running a charm as a separate process.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::Juju;
/// use charm_runtime::testing::FakeHookTools;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> std::io::Result<()> {
/// let dir = std::env::temp_dir().join(format!("fake-tools-doc-{}", std::process::id()));
/// let fake = FakeHookTools::install(&dir)?;
/// fake.respond("is-leader", "true")?;
/// let juju = Juju::new(std::sync::Arc::new(fake.tools()));
/// assert!(juju.is_leader().await.unwrap());
/// assert_eq!(fake.calls()?[0].argv(), ["--format=json"]);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct FakeHookTools {
    root: PathBuf,
}

impl FakeHookTools {
    /// Writes one script per [`TOOL_NAMES`] entry into `root/bin` (creating `root`).
    ///
    /// # Errors
    ///
    /// Any I/O error creating the directories or scripts.
    ///
    /// # Examples
    ///
    /// See [`FakeHookTools`].
    pub fn install(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        for sub in ["bin", "calls", "counts", "responses"] {
            fs::create_dir_all(root.join(sub))?;
        }
        let root_text = root.to_string_lossy();
        if root_text.contains('\'') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "the fake tools directory must not contain a single quote",
            ));
        }
        for tool in TOOL_NAMES {
            let path = root.join("bin").join(tool);
            let script = SCRIPT.replace("@ROOT@", &root_text).replace("@TOOL@", tool);
            fs::write(&path, script)?;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
        }
        Ok(Self { root })
    }

    /// The directory holding the scripts; put it first on a child's `PATH`.
    ///
    /// # Examples
    ///
    /// See [`FakeHookTools::path_env`].
    pub fn bin_dir(&self) -> PathBuf {
        self.root.join("bin")
    }

    /// A `PATH` value with [`FakeHookTools::bin_dir`] in front of the current `PATH`.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let fake = charm_runtime::testing::FakeHookTools::install("/tmp/fake")?;
    /// let status = std::process::Command::new("./my-charm")
    ///     .env("PATH", fake.path_env())
    ///     .status()?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path_env(&self) -> OsString {
        let mut dirs = vec![self.bin_dir()];
        if let Some(path) = std::env::var_os("PATH") {
            dirs.extend(std::env::split_paths(&path));
        }
        std::env::join_paths(dirs).unwrap_or_else(|_| self.bin_dir().into_os_string())
    }

    /// [`ProcessTools`] running these scripts, for in-process tests.
    ///
    /// # Examples
    ///
    /// See [`FakeHookTools`].
    pub fn tools(&self) -> ProcessTools {
        ProcessTools::in_dir(self.bin_dir())
    }

    fn write_response(&self, name: &str, ext: &str, content: &[u8]) -> io::Result<()> {
        fs::write(
            self.root.join("responses").join(format!("{name}.{ext}")),
            content,
        )
    }

    /// Makes every call of `tool` print `stdout` and exit 0.
    ///
    /// # Errors
    ///
    /// Any I/O error writing the response file.
    ///
    /// # Examples
    ///
    /// See [`FakeHookTools`].
    pub fn respond(&self, tool: &str, stdout: impl AsRef<[u8]>) -> io::Result<()> {
        self.write_response(tool, "out", stdout.as_ref())
    }

    /// Makes only the `n`-th call (from 1) of `tool` print `stdout`.
    ///
    /// # Errors
    ///
    /// Any I/O error writing the response file.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let fake = charm_runtime::testing::FakeHookTools::install("/tmp/fake")?;
    /// fake.respond_nth("is-leader", 2, "true")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn respond_nth(&self, tool: &str, n: usize, stdout: impl AsRef<[u8]>) -> io::Result<()> {
        self.write_response(&format!("{tool}.{n}"), "out", stdout.as_ref())
    }

    /// Makes every call of `tool` print `stderr` and exit with `code`, as a failing Juju
    /// tool does.
    ///
    /// # Errors
    ///
    /// Any I/O error writing the response files.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let fake = charm_runtime::testing::FakeHookTools::install("/tmp/fake")?;
    /// fake.fail("status-set", 1, "ERROR this unit is not the leader")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn fail(&self, tool: &str, code: i32, stderr: &str) -> io::Result<()> {
        self.write_response(tool, "err", stderr.as_bytes())?;
        self.write_response(tool, "rc", code.to_string().as_bytes())
    }

    /// The calls made so far, in order.
    ///
    /// # Errors
    ///
    /// Any I/O error reading the records.
    ///
    /// # Examples
    ///
    /// See [`FakeHookTools`].
    pub fn calls(&self) -> io::Result<Vec<RecordedCall>> {
        let mut dirs: Vec<PathBuf> = fs::read_dir(self.root.join("calls"))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<io::Result<_>>()?;
        dirs.sort();
        dirs.iter().map(|dir| read_call(dir)).collect()
    }

    /// The calls of one tool, in order.
    ///
    /// # Errors
    ///
    /// As [`FakeHookTools::calls`].
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # let fake = charm_runtime::testing::FakeHookTools::install("/tmp/fake")?;
    /// let logs = fake.calls_of("juju-log")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn calls_of(&self, tool: &str) -> io::Result<Vec<RecordedCall>> {
        Ok(self
            .calls()?
            .into_iter()
            .filter(|c| c.tool == tool)
            .collect())
    }
}

fn read_call(dir: &Path) -> io::Result<RecordedCall> {
    let argv = fs::read(dir.join("argv"))?;
    let args = argv
        .split(|b| *b == 0)
        .collect::<Vec<_>>()
        .split_last()
        .map(|(_, args)| {
            args.iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(index) = name.strip_prefix("file.").and_then(|i| i.parse().ok()) {
            files.insert(index, fs::read(entry.path())?);
        }
    }
    Ok(RecordedCall {
        tool: fs::read_to_string(dir.join("tool"))?,
        args,
        stdin: fs::read(dir.join("stdin")).unwrap_or_default(),
        files,
    })
}
