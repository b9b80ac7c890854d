//! The event Juju is running, decoded from the `JUJU_*` environment variables.

/// An event could not be decoded from the environment.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required variable is not set.
    #[error("environment variable {name} is not set")]
    Missing {
        /// The variable's name.
        name: &'static str,
    },
}
