//! The pause charm of the ops how-to "run workloads with a charm", in Rust: the pause layer
//! on `pause-pebble-ready`, a `TIMEOUT` overlay on `config-changed`; `ensure_layer` replans
//! only when the plan lacks a layer.

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
use charm_runtime::{Container, Result, charm, layer, on};

/// The charm: google/pause in the `pause` container.
pub struct Pause;

// `command` is an option (default /pause) only so that tests and scripts/demo.sh can run the
// charm on a machine without /pause. TIMEOUT is here too, unlike in the Python charm: a later
// pebble-ready then keeps the configured timeout, and an up-to-date plan needs no replan.
#[layer]
fn pause_layer(command: &str, timeout: &str) -> Layer {
    r#"
    summary: pause layer
    description: pebble config layer for google/pause
    services:
      pause:
        override: replace
        summary: pause service
        command: ${command}
        startup: enabled
        environment: {TIMEOUT: "${timeout}"}
    "#
}

#[layer]
fn timeout_overlay(timeout: &str) -> Layer {
    r#"services: {pause: {override: merge, environment: {TIMEOUT: "${timeout}"}}}"#
}

#[charm]
impl Pause {
    #[on(pebble_ready = "pause")]
    async fn pebble_ready(
        juju: &Juju,
        pause: Container,
        #[config] command: String,
        #[config] timeout: String,
    ) -> Result<()> {
        pause
            .ensure_layer("pause", &pause_layer(&command, &timeout))
            .await?;
        Ok(juju.set_unit_status(Status::active("")).await?)
    }

    #[on(config_changed)]
    async fn config_changed(
        juju: &Juju,
        pause: Container,
        #[config] timeout: String,
    ) -> Result<()> {
        let status = match pause.plan().await {
            Err(e) if e.is_connection() => Status::waiting("waiting for Pebble"),
            Ok(plan) if !plan.services.contains_key("pause") => {
                Status::waiting("waiting for pebble-ready")
            }
            Err(e) => return Err(e.into()),
            Ok(_) => {
                pause
                    .ensure_layer("pause", &timeout_overlay(&timeout))
                    .await?;
                Status::active("")
            }
        };
        Ok(juju.set_unit_status(status).await?)
    }
}
