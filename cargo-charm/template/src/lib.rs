//! The {{name}} charm.
//!
//! One reconcile handler: on every container's pebble-ready and on config-changed it makes
//! sure each container's Pebble plan holds the workload layer (adding it and replanning only
//! when it changed), then sets the unit's status. The `restart` action restarts the service.

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::{Container, Result, charm, layer, layer::Layer, on};

/// The charm.
pub struct {{type}};

/// The Pebble layer of the workload service.
#[layer]
fn workload_layer(command: &str, log_level: &str) -> Layer {
    r#"
    summary: {{name}} workload
    services:
      workload:
        override: replace
        summary: the workload
        command: "${command}"
        startup: enabled
        environment:
          LOG_LEVEL: "${log_level}"
    "#
}

#[charm]
impl {{type}} {
    /// Brings every container to the layer the config asks for.
{{on_pebble_ready}}    #[on(config_changed)]
    async fn reconcile(
        juju: &Juju,
{{container_args}}        #[config] command: String,
        #[config = "log-level"] log_level: String,
    ) -> Result<()> {
        let layer = workload_layer(&command, &log_level);
        for (name, container) in [{{container_entries}}] {
            match container.ensure_layer("workload", &layer).await {
                Err(e) if e.is_connection() => {
                    let waiting = Status::waiting(format!("waiting for Pebble in {name}"));
                    return Ok(juju.set_unit_status(waiting).await?);
                }
                other => other.map(drop)?,
            }
        }
        Ok(juju.set_unit_status(Status::active("")).await?)
    }

    /// Restarts the workload service in every container.
    #[on(action = "restart")]
    async fn restart(
        juju: &Juju,
{{container_args}}        #[param] reason: String,
    ) -> Result<()> {
        juju.action_log(&format!("restarting: {reason}")).await?;
        for (_, container) in [{{container_entries}}] {
            container.restart_services(&["workload"]).await?;
        }
        Ok(())
    }
}
