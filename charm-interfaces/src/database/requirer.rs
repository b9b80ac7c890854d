//! [`DatabaseRequirer`]: the requirer side of the data-platform `database` interfaces.

use std::collections::BTreeMap;

use charm_runtime::dispatch::HookContext;
use charm_runtime::event::{Event, RelationId, SecretEvent};
use charm_runtime::hook_tools::{Bag, Juju, SecretRef};
use serde::{Deserialize, Serialize};

use super::model::{self, Request};
use super::{Connection, Credentials, DatabaseEvent};
use crate::{Error, Interface, Result, Role, relations, secrets, tokens};

/// Which version of the protocol the requirer writes.
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::{DatabaseRequirer, Protocol};
/// let db = DatabaseRequirer::new("database", "mydb").protocol(Protocol::V1);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Protocol {
    /// The classic `database` field, which every provider reads: postgresql-k8s (Charmhub
    /// library `data_interfaces` v0) and providers on `dpcharmlibs-interfaces` (the default).
    #[default]
    V0,
    /// The request list of `dpcharmlibs-interfaces` (`version: v1`, `requests`), which only
    /// providers on that library read.
    V1,
}

/// What this unit saw last time, to tell what changed (kept in Juju's unit state).
#[derive(Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Seen {
    secret_user: String,
    endpoints: String,
    read_only_endpoints: Option<String>,
    password_sha256: String,
    tls: bool,
    tls_ca: Option<String>,
}

/// The requirer side of the data-platform `database` interfaces (Juju interface
/// `postgresql_client`, `mysql_client`, ...) on one endpoint.
///
/// The leader writes the request ([`Protocol::V0`] or [`Protocol::V1`], byte-compatible
/// with the Python libraries); every unit reads the provider's answer and the credentials
/// from the secret the provider shared, and reports what is new or changed as
/// [`DatabaseEvent`]s: on relation events of its endpoint, and on `secret-changed` of the
/// secrets it reads (a rotated password).
///
/// A charm mounts it with an `#[interface]` function in its `#[charm]` impl block, on an
/// endpoint declared under `requires` with `interface: postgresql_client` (or another of
/// its `INTERFACES`) (`fn database(endpoint: &'static str) -> DatabaseRequirer`): it then
/// observes every event before the handlers, which take it as `&DatabaseRequirer` or
/// `&Mounted<DatabaseRequirer>` (with the [`DatabaseEvent`]s of this hook). A library not
/// mounted is observed by hand, as here.
///
/// # Examples
///
/// ```no_run
/// use charm_interfaces::Interface;
/// use charm_interfaces::database::{DatabaseEvent, DatabaseRequirer};
/// # async fn handler(ctx: charm_runtime::HookContext) -> charm_runtime::Result<()> {
/// let db = DatabaseRequirer::new("database", "mydb").extra_user_roles("CREATEDB");
/// for event in db.observe(&ctx).await? {
///     if let DatabaseEvent::CredentialsRotated(c) = event {
///         println!("new password for {}", c.credentials.username);
///     }
/// }
/// let connection = db.connection(&ctx).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DatabaseRequirer {
    endpoint: String,
    resource: String,
    extra_user_roles: Option<String>,
    protocol: Protocol,
}

impl DatabaseRequirer {
    /// A requirer on `endpoint` asking for the database `resource`, with [`Protocol::V0`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_interfaces::Interface;
    /// let db = charm_interfaces::database::DatabaseRequirer::new("database", "mydb");
    /// assert_eq!(db.endpoint(), "database");
    /// ```
    pub fn new(endpoint: impl Into<String>, resource: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            resource: resource.into(),
            extra_user_roles: None,
            protocol: Protocol::V0,
        }
    }

    /// The same requirer writing `protocol`.
    ///
    /// # Examples
    ///
    /// See [`Protocol`].
    #[must_use]
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = protocol;
        self
    }

    /// The same requirer asking for these extra roles (comma-separated) for its user.
    ///
    /// # Examples
    ///
    /// ```
    /// let db = charm_interfaces::database::DatabaseRequirer::new("database", "mydb").extra_user_roles("CREATEDB");
    /// ```
    #[must_use]
    pub fn extra_user_roles(mut self, roles: impl Into<String>) -> Self {
        self.extra_user_roles = Some(roles.into());
        self
    }

    /// The provider's current answer on the endpoint's first relation, once it has created
    /// the database. In the relation-broken hook of a relation, that relation is not counted
    /// (Juju still lists it), so a charm stops using the database there.
    ///
    /// # Errors
    ///
    /// As [`Interface::observe`].
    ///
    /// # Examples
    ///
    /// See [`DatabaseRequirer`].
    pub async fn connection(&self, ctx: &HookContext) -> Result<Option<Connection>> {
        match relations::live(ctx, &self.endpoint).await?.first() {
            Some(id) => Ok(self.read(&ctx.juju, id, None).await?.map(|(c, _)| c)),
            None => Ok(None),
        }
    }

    fn state_key(&self, id: &RelationId) -> String {
        format!(
            "charm-interfaces.database.{}.{}",
            self.endpoint,
            id.as_u64()
        )
    }

    /// The label this requirer gives a secret of `group` the provider shared.
    fn label(&self, id: &RelationId, request_id: Option<&str>, group: &str) -> String {
        match request_id {
            Some(request) => format!("{}.{}.{request}.{group}.secret", self.endpoint, id.as_u64()),
            None => format!("{}.{}.{group}.secret", self.endpoint, id.as_u64()),
        }
    }

    /// Writes (leader) or keeps the request; returns the v1 request-id.
    async fn request(&self, ctx: &HookContext, id: &RelationId) -> Result<Option<String>> {
        let juju = &ctx.juju;
        let leader = juju.is_leader().await?;
        match self.protocol {
            Protocol::V0 => {
                let wanted = model::dump_v0(&self.resource, self.extra_user_roles.as_deref())?;
                let unit_bag = juju.relation_get(id, Bag::Unit(&ctx.unit_name)).await?;
                let key = model::REQUESTED_SECRETS_KEY;
                if unit_bag.get(key) != wanted.get(key) {
                    let data = wanted.iter().filter(|(k, _)| *k == key);
                    let data = data.map(|(k, v)| (k.clone(), v.clone())).collect();
                    juju.relation_set_unit(id, &data).await?;
                }
                if leader {
                    let app_bag = juju.relation_get(id, Bag::App(&ctx.app_name)).await?;
                    let changed: BTreeMap<_, _> = wanted
                        .into_iter()
                        .filter(|(k, v)| app_bag.get(k) != Some(v))
                        .collect();
                    if !changed.is_empty() {
                        juju.relation_set_app(id, &changed).await?;
                    }
                }
                Ok(None)
            }
            Protocol::V1 if leader => {
                let bag = juju.relation_get(id, Bag::App(&ctx.app_name)).await?;
                let written = model::load_requests(&id.to_string(), &ctx.app_name, &bag)?;
                if let Some(request) = written.iter().find(|r| r.resource == self.resource) {
                    return Ok(Some(request.request_id.clone()));
                }
                let mut request = Request::new(&self.resource, tokens::alphanumeric(16)?);
                request.extra_user_roles.clone_from(&self.extra_user_roles);
                let request_id = request.request_id.clone();
                juju.relation_set_app(id, &model::dump_v1(&[request])?)
                    .await?;
                Ok(Some(request_id))
            }
            // A non-leader cannot read its application's bag: it finds its answer by resource.
            Protocol::V1 => Ok(None),
        }
    }

    /// The provider's answer to this requirer on relation `id`, with the shared secrets,
    /// and the URI of the credentials' secret.
    async fn read(
        &self,
        juju: &Juju,
        id: &RelationId,
        request_id: Option<&str>,
    ) -> Result<Option<(Connection, String)>> {
        let Some(remote) = juju.relation_remote_app(id).await? else {
            return Ok(None);
        };
        let bag = juju.relation_get(id, Bag::App(&remote)).await?;
        let response = match self.protocol {
            Protocol::V0 => Some(model::load_v0_response(&bag)),
            Protocol::V1 => model::load_responses(&id.to_string(), &remote, &bag)?
                .into_iter()
                .find(|r| match request_id {
                    Some(wanted) => r.request_id.as_deref() == Some(wanted),
                    None => r.resource.as_deref() == Some(self.resource.as_str()),
                }),
        };
        let Some(response) = response else {
            return Ok(None);
        };
        let request_id = response.request_id.clone();
        let request_id = request_id
            .as_deref()
            .filter(|_| self.protocol == Protocol::V1);
        let (Some(user_uri), Some(endpoints)) = (&response.secret_user, &response.endpoints) else {
            return Ok(None);
        };
        let label = self.label(id, request_id, "user");
        let reference = SecretRef::id(user_uri.as_str());
        let Some(user) = secrets::get(juju.secret_get(&reference).label(&label).refresh()).await?
        else {
            return Ok(None);
        };
        let field = |name: &str| {
            user.get(name)
                .map(str::to_owned)
                .ok_or_else(|| Error::Secret {
                    label: label.clone(),
                    reason: format!("no {name} field"),
                })
        };
        let credentials = Credentials {
            username: field("username")?,
            password: field("password")?,
            uris: user.get("uris").map(str::to_owned),
            read_only_uris: user.get("read-only-uris").map(str::to_owned),
        };
        let (mut tls, mut tls_ca) = (false, None);
        if let Some(tls_uri) = &response.secret_tls {
            let reference = SecretRef::id(tls_uri.as_str());
            let label = self.label(id, request_id, "tls");
            if let Some(content) =
                secrets::get(juju.secret_get(&reference).label(label).refresh()).await?
            {
                tls = content.get("tls") == Some("true");
                tls_ca = content.get("tls-ca").map(str::to_owned);
            }
        }
        let connection = Connection {
            resource: response
                .resource
                .clone()
                .unwrap_or_else(|| self.resource.clone()),
            endpoints: endpoints.clone(),
            read_only_endpoints: response.read_only_endpoints.clone(),
            version: response.version.clone(),
            credentials,
            tls,
            tls_ca,
        };
        Ok(Some((connection, user_uri.clone())))
    }

    /// Brings relation `id` up to date and reports what changed since the last time.
    async fn reconcile(&self, ctx: &HookContext, id: &RelationId) -> Result<Vec<DatabaseEvent>> {
        let request_id = self.request(ctx, id).await?;
        let Some(connection) = self.read(&ctx.juju, id, request_id.as_deref()).await? else {
            return Ok(Vec::new());
        };
        let (connection, secret_user) = connection;
        let now = Seen {
            secret_user,
            endpoints: connection.endpoints.clone(),
            read_only_endpoints: connection.read_only_endpoints.clone(),
            password_sha256: tokens::sha256_hex(connection.credentials.password.as_bytes()),
            tls: connection.tls,
            tls_ca: connection.tls_ca.clone(),
        };
        let key = self.state_key(id);
        let before: Option<Seen> = match ctx.juju.state_get(&key).await? {
            Some(text) => serde_json::from_str(&text).ok(),
            None => None,
        };
        let mut events = Vec::new();
        match &before {
            None => events.push(DatabaseEvent::CredentialsReady(connection.clone())),
            Some(before) => {
                if before.endpoints != now.endpoints {
                    events.push(DatabaseEvent::EndpointsChanged(connection.clone()));
                }
                if before.read_only_endpoints != now.read_only_endpoints {
                    events.push(DatabaseEvent::ReadOnlyEndpointsChanged(connection.clone()));
                }
                if (before.tls, &before.tls_ca) != (now.tls, &now.tls_ca) {
                    events.push(DatabaseEvent::TlsChanged(connection.clone()));
                }
                if before.password_sha256 != now.password_sha256
                    || before.secret_user != now.secret_user
                {
                    events.push(DatabaseEvent::CredentialsRotated(connection.clone()));
                }
            }
        }
        if before.as_ref() != Some(&now) {
            let text = serde_json::to_string(&now).map_err(|e| Error::UnitState {
                key: key.clone(),
                reason: e.to_string(),
            })?;
            ctx.juju.state_set(&BTreeMap::from([(key, text)])).await?;
        }
        Ok(events)
    }
}

impl DatabaseRequirer {
    /// The relations on the endpoint that a `secret-changed` of `secret` concerns: the one
    /// named in the label this requirer gave it, or every relation whose last answer used it.
    async fn relations_of(
        &self,
        ctx: &HookContext,
        secret: &SecretEvent,
    ) -> Result<Vec<RelationId>> {
        let prefix = format!("{}.", self.endpoint);
        let number = secret
            .label
            .as_deref()
            .and_then(|l| l.strip_prefix(&prefix))
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse::<u64>().ok());
        let mut found = Vec::new();
        for id in ctx.juju.relation_ids(&self.endpoint).await? {
            let ours = match number {
                Some(n) => id.as_u64() == n,
                None => ctx
                    .juju
                    .state_get(&self.state_key(&id))
                    .await?
                    .and_then(|text| serde_json::from_str::<Seen>(&text).ok())
                    .is_some_and(|seen| seen.secret_user == secret.id.as_str()),
            };
            if ours {
                found.push(id);
            }
        }
        Ok(found)
    }
}

impl Interface for DatabaseRequirer {
    const INTERFACES: &'static [&'static str] = &["postgresql_client", "mysql_client"];
    const ROLE: Role = Role::Requirer;
    type Error = Error;
    type Event = DatabaseEvent;

    fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn observe(&self, ctx: &HookContext) -> Result<Vec<DatabaseEvent>> {
        match &ctx.event {
            Event::RelationCreated(r) | Event::RelationJoined(r) | Event::RelationChanged(r)
                if r.endpoint == self.endpoint =>
            {
                self.reconcile(ctx, &r.id).await
            }
            Event::RelationBroken(r) if r.endpoint == self.endpoint => {
                ctx.juju.state_delete(&self.state_key(&r.id)).await?;
                Ok(Vec::new())
            }
            Event::LeaderElected => {
                let mut events = Vec::new();
                for id in ctx.juju.relation_ids(&self.endpoint).await? {
                    events.extend(self.reconcile(ctx, &id).await?);
                }
                Ok(events)
            }
            Event::SecretChanged(secret) => {
                let mut events = Vec::new();
                for id in self.relations_of(ctx, secret).await? {
                    events.extend(self.reconcile(ctx, &id).await?);
                }
                Ok(events)
            }
            _ => Ok(Vec::new()),
        }
    }
}
