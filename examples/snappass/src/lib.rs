//! SnapPass with Redis: a two-container charm written the holistic way.
//!
//! - **One reconcile handler** (`#[on(reconcile)]`) runs on every event that may change what
//!   the workloads should look like (install, config, both containers' Pebble events, the
//!   website relation, ...). It puts Redis and SnapPass in their layers, looks at Redis'
//!   `redis-up` check, publishes the address on every `website` relation, and adds the
//!   unit's status to `&Statuses` instead of setting it.
//! - **Collected status**: every handler adds what it sees; the runtime sets the one of
//!   highest priority once at the end of the dispatch, and not at all when it is the status
//!   this unit set last.
//! - **Typed state**: [`Memo`] is kept by Juju (`state-get`/`state-set`), so it survives the
//!   pod being replaced. The `flush` action counts the flushes in it; the workload's
//!   key-rotation notice records its id there and restarts SnapPass.
//! - **Relation data** in the `http` interface's plain-text format ([`Website`]), with the
//!   address from `network-get`.

use std::collections::BTreeMap;

use charm_runtime::event::NoticeEvent;
use charm_runtime::hook_tools::Juju;
use charm_runtime::hook_tools::Status;
use charm_runtime::hook_tools::databag::{self, Databag, Format};
use charm_runtime::layer::Layer;
use charm_runtime::pebble::CheckStatus;
use charm_runtime::pebble::NoticeId;
use charm_runtime::status::Statuses;
use charm_runtime::{Container, Result, charm, layer, on, tracing};
use serde::{Deserialize, Serialize};

/// The charm: SnapPass in the `snappass` container, Redis in the `redis` container.
pub struct Snappass;

/// What the charm remembers between events, in the unit's state on the controller (the
/// `memo` key).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memo {
    /// How many times the `flush` action emptied Redis.
    pub flushes: u64,
    /// The last key-rotation notice the charm acted on.
    pub last_rotation: Option<NoticeId>,
}

/// This unit's data on a `website` relation: the `http` interface, plain text values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Website {
    /// The address to reach SnapPass at.
    pub hostname: String,
    /// The port SnapPass listens on.
    #[serde(with = "databag::text")]
    pub port: u16,
}

impl Databag for Website {
    const FORMAT: Format = Format::Plain;
}

/// The key the workload's notice announces a rotated secret key with.
pub const KEY_ROTATED: &str = "snappass.example.com/key-rotated";

/// Redis, with a check that it answers.
#[layer]
pub fn redis_layer() -> Layer {
    r#"
    services:
      redis:
        override: replace
        command: redis-server --port 6379 --save ''
        startup: enabled
    checks:
      redis-up:
        override: replace
        level: alive
        threshold: 3
        exec:
          command: redis-cli ping
    "#
}

/// SnapPass on `port`, storing in the Redis next door.
#[layer]
pub fn snappass_layer(port: u16) -> Layer {
    r#"
    services:
      snappass:
        override: replace
        command: gunicorn --bind 0.0.0.0:${port} snappass.main:app
        startup: enabled
        environment:
          REDIS_HOST: localhost
          REDIS_PORT: "6379"
    "#
}

#[charm]
impl Snappass {
    #[on(reconcile)]
    async fn reconcile(
        juju: &Juju,
        redis: Container,
        snappass: Container,
        #[config] port: i64,
        statuses: &Statuses,
    ) -> Result<()> {
        statuses.add_unit(Status::active(""));
        let Some(port) = u16::try_from(port).ok().filter(|p| *p != 0) else {
            statuses.add_unit(Status::blocked(format!(
                "port {port} is not a TCP port (1-65535)"
            )));
            return Ok(());
        };
        if redis.can_connect().await {
            redis.ensure_layer("redis", &redis_layer()).await?;
            let down = redis.checks().names(["redis-up"]).await?;
            if down.iter().any(|c| c.status == CheckStatus::Down) {
                statuses.add_unit(Status::waiting("redis does not answer"));
            }
        } else {
            statuses.add_unit(Status::waiting("waiting for the redis container"));
        }
        if snappass.can_connect().await {
            snappass
                .ensure_layer("snappass", &snappass_layer(port))
                .await?;
        } else {
            statuses.add_unit(Status::waiting("waiting for the snappass container"));
        }
        publish(juju, port, statuses).await
    }

    #[on(action = "flush")]
    async fn flush(juju: &Juju, redis: Container, #[state] memo: &mut Memo) -> Result<()> {
        redis.exec(["redis-cli", "flushall"]).await?.wait().await?;
        memo.flushes += 1;
        juju.action_set(&BTreeMap::from([("flushes", memo.flushes)]))
            .await?;
        Ok(())
    }

    #[on(
        pebble_custom_notice = "snappass",
        key = "snappass.example.com/key-rotated"
    )]
    async fn key_rotated(
        snappass: Container,
        notice: NoticeEvent,
        #[state] memo: &mut Memo,
    ) -> Result<()> {
        if memo.last_rotation.as_ref() == Some(&notice.id) {
            return Ok(());
        }
        snappass.restart_services(&["snappass"]).await?;
        tracing::info!("restarted snappass for key rotation {}", notice.id);
        memo.last_rotation = Some(notice.id);
        Ok(())
    }
}

/// Publishes this unit's address and `port` on every `website` relation; waiting while
/// Juju has no address for the binding.
async fn publish(juju: &Juju, port: u16, statuses: &Statuses) -> Result<()> {
    let relations = juju.relation_ids("website").await?;
    if relations.is_empty() {
        return Ok(());
    }
    let Some(hostname) = juju.ingress_address("website").await? else {
        statuses.add_unit(Status::waiting("no ingress address for website yet"));
        return Ok(());
    };
    let data = Website { hostname, port };
    for id in &relations {
        juju.relation_save_unit(id, &data).await?;
    }
    Ok(())
}
