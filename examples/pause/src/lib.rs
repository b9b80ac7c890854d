//! The pause charm of the ops how-to "run workloads with a charm", in Rust.
//!
//! On `pause-pebble-ready` it makes sure Pebble's plan holds the pause layer and replans; on
//! `config-changed` it merges the `timeout` option into the service's environment, replanning
//! only when that changed. `Container::ensure_layer` does the "add the layer, replan" of the
//! Python charm, idempotently.

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
use charm_runtime::{Container, Result, charm, layer, on};

/// The charm: google/pause in the `pause` container.
pub struct Pause;

// The command is `/pause` (the config option's default), as in the Python charm. It is an
// option only so that the tests and `scripts/demo.sh` can run the charm against a Pebble on a
// machine without `/pause` (we do not write to `/`).
//
// Unlike the Python charm's layer, this one carries TIMEOUT too: a later pebble-ready (after
// the pod restarts) then keeps the configured timeout instead of replacing the service
// without it, and a plan that already holds both layers needs no replan.
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
        environment:
          TIMEOUT: ${timeout}
    "#
}

#[layer]
fn timeout_overlay(timeout: &str) -> Layer {
    r#"
    services:
      pause:
        override: merge
        environment:
          TIMEOUT: ${timeout}
    "#
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
        juju.set_unit_status(Status::active("")).await?;
        Ok(())
    }

    #[on(config_changed)]
    async fn config_changed(
        juju: &Juju,
        pause: Container,
        #[config] timeout: String,
    ) -> Result<()> {
        // Pebble may not be up yet (config-changed can come first): wait for pebble-ready.
        let status = match pause.plan().await {
            Err(e) if e.is_connection() => Status::waiting("waiting for Pebble"),
            Ok(plan) if !plan.services.contains_key("pause") => {
                Status::waiting("waiting for pebble-ready")
            }
            plan => {
                plan?;
                pause
                    .ensure_layer("pause", &timeout_overlay(&timeout))
                    .await?;
                Status::active("")
            }
        };
        juju.set_unit_status(status).await?;
        Ok(())
    }
}
