//! The real hook tools: child processes found on `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use tokio::io::AsyncWriteExt;

use super::{Error, HookTools, ToolCall, ToolFuture};

/// Runs hook tools as child processes, the way Juju expects.
///
/// By default each tool is looked up on `PATH` (Juju prepends its tools directory).
/// [`ProcessTools::in_dir`] runs them from one directory instead, which is what tests use
/// to put fake tools in place without touching the process's `PATH`.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::hook_tools::{HookTools, ProcessTools, ToolCall};
///
/// # async fn demo() -> Result<(), charm_runtime::hook_tools::Error> {
/// let tools = ProcessTools::new();
/// let out = tools.call(ToolCall::new("is-leader", ["--format=json"])).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct ProcessTools {
    dir: Option<PathBuf>,
}

impl ProcessTools {
    /// Tools found on `PATH`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Error, HookTools, ProcessTools, ToolCall};
    ///
    /// // Outside a hook there is no `no-such-hook-tool` on PATH.
    /// let tools = ProcessTools::new();
    /// let err = tools.call_blocking(ToolCall::new("no-such-hook-tool", ["x"])).unwrap_err();
    /// assert!(matches!(err, Error::Spawn { .. }), "{err:?}");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Tools taken from `dir` (`dir/status-set`, ...), whatever `PATH` says.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::{Error, HookTools, ProcessTools, ToolCall};
    ///
    /// // `sh` is on PATH, but not in this directory.
    /// let tools = ProcessTools::in_dir("/nonexistent/tools");
    /// let err = tools.call_blocking(ToolCall::new("sh", ["-c", "true"])).unwrap_err();
    /// assert!(matches!(err, Error::Spawn { .. }), "{err:?}");
    /// ```
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: Some(dir.into()),
        }
    }

    fn program(&self, tool: &str) -> PathBuf {
        match &self.dir {
            Some(dir) => dir.join(tool),
            None => PathBuf::from(tool),
        }
    }
}

/// Turns a finished child into stdout or [`Error::Failed`].
fn finish(tool: &str, output: Output) -> Result<Vec<u8>, Error> {
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(Error::Failed {
            tool: tool.to_owned(),
            code: output.status.code(),
            stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        })
    }
}

fn spawn_error(tool: &str) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Spawn {
        tool: tool.to_owned(),
        source,
    }
}

/// How the child's stdin is set up: a pipe when there is something to write, else nothing.
fn stdin_for(call: &ToolCall) -> Stdio {
    if call.stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    }
}

/// A failed write to the child's stdin, unless the child simply exited without reading
/// (its exit status then says what went wrong).
fn write_error(tool: &str, result: std::io::Result<()>) -> Result<(), Error> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(spawn_error(tool)(e)),
        _ => Ok(()),
    }
}

async fn run_async(program: &Path, call: ToolCall) -> Result<Vec<u8>, Error> {
    let tool = call.tool.as_str();
    let mut child = tokio::process::Command::new(program)
        .args(&call.args)
        .stdin(stdin_for(&call))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(spawn_error(tool))?;
    // Feed stdin while collecting the output, so a tool that answers before it has read
    // everything cannot block on a full pipe.
    let pipe = child.stdin.take();
    let feed = async {
        match (&call.stdin, pipe) {
            (Some(bytes), Some(mut stdin)) => stdin.write_all(bytes).await,
            _ => Ok(()),
        }
    };
    let (written, output) = tokio::join!(feed, child.wait_with_output());
    let output = output.map_err(spawn_error(tool))?;
    write_error(tool, written)?;
    finish(tool, output)
}

fn run_blocking(program: &Path, call: &ToolCall) -> Result<Vec<u8>, Error> {
    use std::io::Write;
    let tool = call.tool.as_str();
    let mut child = std::process::Command::new(program)
        .args(&call.args)
        .stdin(stdin_for(call))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(spawn_error(tool))?;
    if let (Some(bytes), Some(mut stdin)) = (&call.stdin, child.stdin.take()) {
        let written = stdin.write_all(bytes);
        drop(stdin);
        write_error(tool, written)?;
    }
    let output = child.wait_with_output().map_err(spawn_error(tool))?;
    finish(tool, output)
}

impl HookTools for ProcessTools {
    fn call(&self, call: ToolCall) -> ToolFuture<'_> {
        let program = self.program(&call.tool);
        Box::pin(async move { run_async(&program, call).await })
    }

    fn call_blocking(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        run_blocking(&self.program(&call.tool), &call)
    }
}
