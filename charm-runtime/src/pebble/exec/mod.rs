//! Running commands in the workload: `POST /v1/exec` and its websockets.

/// A command exited with a non-zero code.
#[derive(Debug, thiserror::Error)]
#[error("command {command:?} exited with code {exit_code}")]
#[non_exhaustive]
pub struct ExecError {
    /// The command line.
    pub command: Vec<String>,
    /// The exit code (128 + signal number when a signal killed it).
    pub exit_code: i32,
    /// Captured standard output, when it was collected.
    pub stdout: Vec<u8>,
    /// Captured standard error, when it was collected.
    pub stderr: Vec<u8>,
}
