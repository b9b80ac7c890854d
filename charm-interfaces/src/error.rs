//! The errors of the interface libraries.

/// What went wrong while an interface library did its work.
///
/// A peer's databag that cannot be read is an error naming the relation, bag and key; the
/// bag is left as it was, so nothing is lost and the next hook can try again.
///
/// # Examples
///
/// ```
/// use charm_interfaces::Error;
/// let err = Error::Crypto { what: "generate a private key", reason: "no randomness".into() };
/// assert_eq!(err.to_string(), "cannot generate a private key: no randomness");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A hook tool failed.
    #[error(transparent)]
    HookTool(#[from] charm_runtime::hook_tools::Error),
    /// A databag value the peer (or this charm earlier) wrote does not fit the protocol.
    #[error("relation {relation}: {bag} bag, key {key:?}: {reason}")]
    Databag {
        /// The relation, as `endpoint:N`.
        relation: String,
        /// Whose bag: an application or unit name.
        bag: String,
        /// The key.
        key: String,
        /// What is wrong with its value.
        reason: String,
    },
    /// A key, a CSR or a certificate could not be made or read.
    #[error("cannot {what}: {reason}")]
    Crypto {
        /// What was being done.
        what: &'static str,
        /// Why it failed.
        reason: String,
    },
    /// What a library keeps in Juju's unit state could not be written.
    #[error("unit state key {key:?}: {reason}")]
    UnitState {
        /// The key.
        key: String,
        /// What went wrong.
        reason: String,
    },
    /// The charm asked for the URL of a protocol it does not request from the provider.
    #[error(
        "endpoint {endpoint:?} does not request receiver protocol {protocol:?}; add it to the requirer's protocols"
    )]
    ProtocolNotRequested {
        /// The endpoint.
        endpoint: String,
        /// The protocol asked about.
        protocol: &'static str,
    },
    /// A secret this library owns or reads has unexpected content.
    #[error("secret {label:?}: {reason}")]
    Secret {
        /// The secret's label.
        label: String,
        /// What is wrong.
        reason: String,
    },
}

/// The result of the interface libraries' calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for charm_runtime::Error {
    /// Lets a handler use `?` on a library call; the message keeps the causes.
    fn from(err: Error) -> Self {
        match err {
            Error::HookTool(inner) => Self::HookTool(inner),
            other => Self::Charm(other.to_string()),
        }
    }
}
