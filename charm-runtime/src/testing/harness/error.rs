//! What can go wrong setting up a harness run (a failing charm is not one of them: see
//! [`Output::exit_code`](super::Output::exit_code)).

use crate::error::BoxError;

/// The harness could not set up the run: the test's state or event is wrong, or a fake
/// could not start.
///
/// # Examples
///
/// ```
/// use charm_runtime::testing::harness::{ContainerState, Context, Error, State, TestEvent};
///
/// let twice = State::new().container(ContainerState::new("web")).container(ContainerState::new("web"));
/// let err = Context::new().run_fn(TestEvent::install(), twice, |_| async { Ok(()) }).unwrap_err();
/// assert!(matches!(err, Error::DuplicateContainer { .. }));
/// assert_eq!(err.to_string(), "container \"web\" is in the state twice; give each container once");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A container's fake Pebble could not be set up (such as a layer it would refuse).
    #[error(transparent)]
    Pebble(#[from] crate::testing::Error),
    /// [`Context::run`](super::Context::run) was called from inside a tokio runtime: it builds
    /// its own, as a charm's `main` does.
    #[error(
        "the harness runs the charm on its own runtime: call `run` from a plain #[test], or \
         await `run_async` in async code"
    )]
    InsideRuntime,
    /// The `charmcraft.yaml` the harness checks against could not be read.
    #[error("cannot read charmcraft.yaml")]
    Metadata {
        /// What was wrong: the file's problems (with their lines), or a default that is not a
        /// value the hook tools can answer.
        #[source]
        source: BoxError,
    },
    /// A temporary directory or file could not be made.
    #[error("cannot {what}")]
    Io {
        /// What was being done.
        what: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The state or the event names something `charmcraft.yaml` does not declare.
    #[error(
        "the test names {what} {name:?}, which charmcraft.yaml does not declare (declared: {declared})"
    )]
    Undeclared {
        /// What kind of thing: `config option`, `relation endpoint`, `container`,
        /// `storage`, `action`.
        what: &'static str,
        /// The name the test used.
        name: String,
        /// The names `charmcraft.yaml` declares, comma-separated (`none` when empty).
        declared: String,
    },
    /// A config value in the state does not fit the option's declared type.
    #[error(
        "config option {name:?} is declared as {kind} in charmcraft.yaml, so the test cannot set it to {value}"
    )]
    ConfigType {
        /// The option.
        name: String,
        /// Its declared type (`int`, `float`, `boolean`, `string`, `secret`).
        kind: String,
        /// The value the test gave, as JSON.
        value: String,
    },
    /// The state has two containers of one name, so one of them would be unreachable.
    #[error("container {name:?} is in the state twice; give each container once")]
    DuplicateContainer {
        /// The container's name.
        name: String,
    },
    /// A peer relation in the state names another application as its remote application.
    #[error(
        "relation {id} on peer endpoint {endpoint:?} has remote application {remote_app:?}; a \
         peer relation's other side is this application, {app:?} (leave it empty)"
    )]
    PeerRemoteApp {
        /// The relation number.
        id: u64,
        /// The peer endpoint.
        endpoint: String,
        /// What the test gave.
        remote_app: String,
        /// This unit's application.
        app: String,
    },
    /// A value given with [`State::stored`](super::State::stored) cannot be written as JSON.
    #[error("cannot store {key:?} in the unit state")]
    StoredState {
        /// The state key.
        key: String,
        /// The serde error.
        #[source]
        source: BoxError,
    },
}
