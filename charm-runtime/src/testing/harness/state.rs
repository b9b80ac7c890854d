//! [`State`]: the world before the event.

use serde::Serialize;
use serde_json::Value;

use super::ContainerState;
use crate::hook_tools::Status;
use crate::testing::{MemoryRelation, MemorySecret, MemoryState};

/// The world before the event: what the hook tools answer, and the containers.
///
/// # Examples
///
/// ```
/// use charm_runtime::hook_tools::Status;
/// use charm_runtime::testing::MemoryRelation;
/// use charm_runtime::testing::harness::{ContainerState, State};
///
/// let state = State::new()
///     .leader(true)
///     .config("port", 8080)
///     .relation(3, MemoryRelation { endpoint: "db".into(), remote_app: "pg".into(), units: vec!["pg/0".into()], ..Default::default() })
///     .unit_status(Status::maintenance("starting"))
///     .container(ContainerState::new("web"));
/// assert!(state.juju.leader);
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct State {
    /// What the in-memory hook tools start with (see [`MemoryState`]); the setters below
    /// fill the common parts.
    pub juju: MemoryState,
    /// The workload containers.
    pub containers: Vec<ContainerState>,
    /// Values given to [`stored`](Self::stored) that could not be written as JSON, with
    /// serde's message: reported when the run starts.
    pub(super) unstorable: Vec<(String, String)>,
}

impl State {
    /// Unit `app/0`, not the leader, no config, no relations, no containers.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether this unit is the leader.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn leader(mut self, leader: bool) -> Self {
        self.juju.leader = leader;
        self
    }

    /// A config option's value.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn config(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.juju.config.insert(name.into(), value.into());
        self
    }

    /// Relation number `id` and its data.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn relation(mut self, id: u64, relation: MemoryRelation) -> Self {
        self.juju.relations.insert(id, relation);
        self
    }

    /// A secret, by URI.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::testing::MemorySecret;
    /// let state = charm_runtime::testing::harness::State::new().secret(
    ///     "secret:abc",
    ///     MemorySecret { revision: 1, content: [("password".into(), "x".into())].into(), owner: "application".into(), ..Default::default() },
    /// );
    /// ```
    pub fn secret(mut self, uri: impl Into<String>, secret: MemorySecret) -> Self {
        self.juju.secrets.insert(uri.into(), secret);
        self
    }

    /// This unit's status, as this unit set it earlier: the harness also remembers it in
    /// the charm directory, as the runtime does after setting a status, so a charm that
    /// collects the same status again makes no `status-set` call.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn unit_status(mut self, status: Status) -> Self {
        self.juju.unit_status = status;
        self
    }

    /// The application's status, as this unit set it earlier as the leader (remembered in
    /// the charm directory like [`unit_status`](Self::unit_status)).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::Status;
    /// let state = charm_runtime::testing::harness::State::new().app_status(Status::active(""));
    /// ```
    pub fn app_status(mut self, status: Status) -> Self {
        self.juju.app_status = status;
        self
    }

    /// A peer relation: number `id` on peer endpoint `endpoint`, with the other units of
    /// this application (`app/1`, ...). The remote application of a peer relation is this
    /// one; relations given with [`relation`](Self::relation) on a peer endpoint get it too.
    ///
    /// # Examples
    ///
    /// ```
    /// let state = charm_runtime::testing::harness::State::new().peer_relation(1, "cluster", ["app/1", "app/2"]);
    /// assert_eq!(state.juju.relations[&1].units, ["app/1", "app/2"]);
    /// ```
    pub fn peer_relation<I, S>(mut self, id: u64, endpoint: impl Into<String>, units: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let relation = MemoryRelation {
            endpoint: endpoint.into(),
            units: units.into_iter().map(Into::into).collect(),
            ..MemoryRelation::default()
        };
        self.juju.relations.insert(id, relation);
        self
    }

    /// A value saved in the unit's state under `key`, as
    /// [`Juju::state_save`](crate::hook_tools::Juju::state_save) and `#[state]` arguments
    /// keep it (JSON text). Read it back from the run with
    /// [`Output::stored`](super::Output::stored).
    ///
    /// # Examples
    ///
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Memo { flushes: u64 }
    ///
    /// let state = charm_runtime::testing::harness::State::new().stored("memo", &Memo { flushes: 2 });
    /// assert_eq!(state.juju.state["memo"], r#"{"flushes":2}"#);
    /// ```
    pub fn stored<T: Serialize + ?Sized>(mut self, key: impl Into<String>, value: &T) -> Self {
        let key = key.into();
        match serde_json::to_string(value) {
            Ok(text) => {
                self.juju.state.insert(key, text);
            }
            Err(e) => self.unstorable.push((key, e.to_string())),
        }
        self
    }

    /// A workload container.
    ///
    /// # Examples
    ///
    /// See [`State`].
    pub fn container(mut self, container: ContainerState) -> Self {
        self.containers.push(container);
        self
    }
}
