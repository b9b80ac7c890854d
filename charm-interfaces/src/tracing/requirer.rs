//! [`TracingRequirer`]: the requirer side of the `tracing` interface.

use std::collections::BTreeMap;

use charm_runtime::dispatch::HookContext;
use charm_runtime::event::{Event, RelationId};
use charm_runtime::hook_tools::{Bag, Juju};

use super::TracingEvent;
use super::model::{self, RECEIVERS_KEY, Receiver, ReceiverProtocol};
use crate::{Error, Interface, Result, Role, relations};

/// The requirer side of the `tracing` interface on one endpoint: asks the provider (Tempo,
/// or a relay) for receivers of some protocols and gives their URLs.
///
/// The leader writes the protocols in its application bag (`receivers`, byte for byte as
/// the Python library writes it); every unit reads the provider's receivers and reports
/// what changed since it last looked as [`TracingEvent`]s, on the relation events of its
/// endpoint (and `leader-elected`, `upgrade-charm`, when a new leader or new code may have
/// to write the request).
///
/// A charm mounts it with an `#[interface]` function in its `#[charm]` impl block, on an
/// endpoint declared under `requires` with `interface: tracing`
/// (`fn tracing(endpoint: &'static str) -> TracingRequirer`): it then observes every event
/// before the handlers, which take it as `&TracingRequirer` or `&Mounted<TracingRequirer>`
/// (with the [`TracingEvent`]s of this hook). A library not mounted is observed by hand,
/// as here.
///
/// # Examples
///
/// ```no_run
/// use charm_interfaces::Interface;
/// use charm_interfaces::tracing::{ReceiverProtocol, TracingEvent, TracingRequirer};
/// # async fn handler(ctx: charm_runtime::HookContext) -> charm_runtime::Result<()> {
/// let tracing = TracingRequirer::new("tracing", [ReceiverProtocol::OtlpHttp]);
/// for event in tracing.observe(&ctx).await? {
///     if let TracingEvent::ReceiversRemoved = event {
///         println!("no tracing backend any more");
///     }
/// }
/// let url = tracing.url(&ctx, ReceiverProtocol::OtlpHttp).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TracingRequirer {
    endpoint: String,
    protocols: Vec<ReceiverProtocol>,
}

impl TracingRequirer {
    /// A requirer on `endpoint` asking for receivers of `protocols`, written in this order.
    /// With no protocols it writes no request (the provider then enables nothing for it).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_interfaces::Interface;
    /// use charm_interfaces::tracing::{ReceiverProtocol, TracingRequirer};
    /// let tracing = TracingRequirer::new("tracing", [ReceiverProtocol::OtlpHttp, ReceiverProtocol::OtlpGrpc]);
    /// assert_eq!(tracing.endpoint(), "tracing");
    /// assert_eq!(tracing.protocols(), [ReceiverProtocol::OtlpHttp, ReceiverProtocol::OtlpGrpc]);
    /// ```
    pub fn new(
        endpoint: impl Into<String>,
        protocols: impl IntoIterator<Item = ReceiverProtocol>,
    ) -> Self {
        Self {
            endpoint: endpoint.into(),
            protocols: protocols.into_iter().collect(),
        }
    }

    /// The protocols this requirer asks for.
    ///
    /// # Examples
    ///
    /// See [`TracingRequirer::new`].
    #[must_use]
    pub fn protocols(&self) -> &[ReceiverProtocol] {
        &self.protocols
    }

    /// The receivers the provider publishes on the endpoint's first relation, or `None`
    /// when there is no relation or the provider has published none yet. In the
    /// relation-broken hook of a relation, that relation is not counted (Juju still lists
    /// it), so a charm stops using its receivers there.
    ///
    /// # Errors
    ///
    /// [`Error::Databag`] when the provider's `receivers` is not a list of receivers;
    /// [`Error::HookTool`] when a hook tool fails.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use charm_interfaces::tracing::{ReceiverProtocol, TracingRequirer};
    /// # async fn handler(ctx: charm_runtime::HookContext) -> charm_runtime::Result<()> {
    /// let tracing = TracingRequirer::new("tracing", [ReceiverProtocol::OtlpGrpc]);
    /// for receiver in tracing.receivers(&ctx).await?.unwrap_or_default() {
    ///     println!("{} at {}", receiver.protocol.name, receiver.url);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn receivers(&self, ctx: &HookContext) -> Result<Option<Vec<Receiver>>> {
        match relations::live(ctx, &self.endpoint).await?.first() {
            Some(id) => self.read(&ctx.juju, id).await,
            None => Ok(None),
        }
    }

    /// The URL of the provider's receiver for `protocol` (the first, if it lists several),
    /// or `None` when it publishes none (yet): `scheme://host:port` over HTTP, `host:port`
    /// over gRPC.
    ///
    /// # Errors
    ///
    /// [`Error::ProtocolNotRequested`] when there is no such receiver and this requirer
    /// does not ask for `protocol` (a mistake in the charm: the provider enables only what
    /// is asked for); otherwise as [`TracingRequirer::receivers`].
    ///
    /// # Examples
    ///
    /// See [`TracingRequirer`].
    pub async fn url(
        &self,
        ctx: &HookContext,
        protocol: ReceiverProtocol,
    ) -> Result<Option<String>> {
        let receivers = self.receivers(ctx).await?.unwrap_or_default();
        let found = receivers
            .into_iter()
            .find(|r| r.protocol.name == protocol.as_str());
        match found {
            Some(receiver) => Ok(Some(receiver.url)),
            None if !self.protocols.contains(&protocol) => Err(Error::ProtocolNotRequested {
                endpoint: self.endpoint.clone(),
                protocol: protocol.as_str(),
            }),
            None => Ok(None),
        }
    }

    /// Where this unit keeps the receivers it saw last on relation `id`.
    fn state_key(&self, id: &RelationId) -> String {
        format!("charm-interfaces.tracing.{}.{}", self.endpoint, id.as_u64())
    }

    /// The provider's receivers on relation `id`.
    async fn read(&self, juju: &Juju, id: &RelationId) -> Result<Option<Vec<Receiver>>> {
        let Some(remote) = juju.relation_remote_app(id).await? else {
            return Ok(None);
        };
        let bag = juju.relation_get(id, Bag::App(&remote)).await?;
        model::load_receivers(&id.to_string(), &remote, &bag)
    }

    /// Writes the request on relation `id` when this unit leads and the bag differs.
    async fn request(&self, ctx: &HookContext, id: &RelationId) -> Result<()> {
        let juju = &ctx.juju;
        if self.protocols.is_empty() || !juju.is_leader().await? {
            return Ok(());
        }
        let wanted = model::dump_request(&self.protocols)?;
        let bag = juju.relation_get(id, Bag::App(&ctx.app_name)).await?;
        if bag.get(RECEIVERS_KEY) != Some(&wanted) {
            let data = BTreeMap::from([(RECEIVERS_KEY.to_owned(), wanted)]);
            juju.relation_set_app(id, &data).await?;
        }
        Ok(())
    }

    /// The receivers this unit saw last on relation `id` (their JSON text).
    async fn seen(&self, ctx: &HookContext, id: &RelationId) -> Result<Option<String>> {
        Ok(ctx.juju.state_get(&self.state_key(id)).await?)
    }

    /// Brings relation `id` up to date and reports what changed since the last time.
    async fn reconcile(&self, ctx: &HookContext, id: &RelationId) -> Result<Vec<TracingEvent>> {
        self.request(ctx, id).await?;
        let now = self.read(&ctx.juju, id).await?;
        let key = self.state_key(id);
        let before = self.seen(ctx, id).await?;
        let text = match &now {
            Some(receivers) => {
                Some(
                    serde_json::to_string(receivers).map_err(|e| Error::UnitState {
                        key: key.clone(),
                        reason: e.to_string(),
                    })?,
                )
            }
            None => None,
        };
        if before == text {
            return Ok(Vec::new());
        }
        match (now, text) {
            (Some(receivers), Some(text)) => {
                ctx.juju.state_set(&BTreeMap::from([(key, text)])).await?;
                Ok(vec![TracingEvent::ReceiversChanged(receivers)])
            }
            _ => {
                ctx.juju.state_delete(&key).await?;
                Ok(vec![TracingEvent::ReceiversRemoved])
            }
        }
    }

    /// Relation `id` is going away: reports the loss of what this unit saw, and forgets it.
    async fn broken(&self, ctx: &HookContext, id: &RelationId) -> Result<Vec<TracingEvent>> {
        if self.seen(ctx, id).await?.is_none() {
            return Ok(Vec::new());
        }
        ctx.juju.state_delete(&self.state_key(id)).await?;
        Ok(vec![TracingEvent::ReceiversRemoved])
    }
}

impl Interface for TracingRequirer {
    const INTERFACES: &'static [&'static str] = &["tracing"];
    const ROLE: Role = Role::Requirer;
    type Error = Error;
    type Event = TracingEvent;

    fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn observe(&self, ctx: &HookContext) -> Result<Vec<TracingEvent>> {
        match &ctx.event {
            Event::RelationCreated(r) | Event::RelationJoined(r) | Event::RelationChanged(r)
                if r.endpoint == self.endpoint =>
            {
                self.reconcile(ctx, &r.id).await
            }
            Event::RelationBroken(r) if r.endpoint == self.endpoint => {
                self.broken(ctx, &r.id).await
            }
            Event::LeaderElected | Event::UpgradeCharm => {
                let mut events = Vec::new();
                for id in ctx.juju.relation_ids(&self.endpoint).await? {
                    events.extend(self.reconcile(ctx, &id).await?);
                }
                Ok(events)
            }
            _ => Ok(Vec::new()),
        }
    }
}
