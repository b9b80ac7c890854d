//! Typed calls to Juju's hook tools.

/// A hook tool failed or answered something unexpected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The tool exited with a non-zero code.
    #[error("{tool} failed: {stderr}")]
    Failed {
        /// The tool's name.
        tool: String,
        /// What it wrote on stderr.
        stderr: String,
    },
}
