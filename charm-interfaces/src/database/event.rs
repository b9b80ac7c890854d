//! What the requirer reports: [`DatabaseEvent`] and the [`Connection`] it carries.

use std::fmt;

/// The relation user's credentials, from the secret the provider shared. `Debug` hides
/// the password and the connection strings (they hold it).
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::Credentials;
/// let creds = Credentials { username: "relation_3".into(), password: "pw".into(), uris: None, read_only_uris: None };
/// assert!(!format!("{creds:?}").contains("pw"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
    /// A connection string for the primary, when the provider gives one.
    pub uris: Option<String>,
    /// A connection string for the replicas, when the provider gives one.
    pub read_only_uris: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("uris", &self.uris.as_ref().map(|_| "<redacted>"))
            .field(
                "read_only_uris",
                &self.read_only_uris.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// Everything a charm needs to connect to the database the provider created.
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::Connection;
/// # fn demo(c: Connection) {
/// let url = format!("postgresql://{}:{}@{}/{}", c.credentials.username, c.credentials.password, c.endpoints, c.resource);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The database.
    pub resource: String,
    /// `host:port[,host:port]` of the primary.
    pub endpoints: String,
    /// `host:port[,host:port]` of the replicas, if any.
    pub read_only_endpoints: Option<String>,
    /// The database's version, if the provider says.
    pub version: Option<String>,
    /// The relation user.
    pub credentials: Credentials,
    /// Whether the provider requires TLS.
    pub tls: bool,
    /// The CA to trust for TLS, PEM, if the provider gives one.
    pub tls_ca: Option<String>,
}

/// What changed in the provider's answer during one event. Several may be reported at
/// once (endpoints and credentials can change in one hook).
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::DatabaseEvent;
/// # fn demo(event: DatabaseEvent) {
/// match event {
///     DatabaseEvent::CredentialsReady(c) | DatabaseEvent::CredentialsRotated(c) => {
///         println!("(re)configure the app for user {}", c.credentials.username);
///     }
///     DatabaseEvent::EndpointsChanged(c) => println!("now at {}", c.endpoints),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DatabaseEvent {
    /// The database was created: endpoints and credentials are there for the first time.
    CredentialsReady(Connection),
    /// The primary's endpoints changed.
    EndpointsChanged(Connection),
    /// The replicas' endpoints changed.
    ReadOnlyEndpointsChanged(Connection),
    /// The provider rotated the password (or moved the credentials to another secret).
    CredentialsRotated(Connection),
    /// TLS was switched on or off, or its CA changed.
    TlsChanged(Connection),
}
