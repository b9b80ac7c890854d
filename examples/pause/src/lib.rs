//! The pause charm of the ops how-to "run workloads with a charm", as one reconcile handler
//! (`command` is an option only so that tests can run without `/pause`).

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::{Container, Result, charm, layer, layer::Layer, on};

/// google/pause in the `pause` container.
pub struct Pause;

#[layer]
fn pause_layer(cmd: &str, timeout: &str) -> Layer {
    r#"
    summary: pause layer
    description: pebble config layer for google/pause
    services:
      pause: {override: replace, summary: pause service, command: "${cmd}", startup: enabled,
              environment: {TIMEOUT: "${timeout}"}}
    "#
}

#[charm]
impl Pause {
    /// Pebble restarts the service only when the layer (so `TIMEOUT`) changed.
    #[on(pebble_ready = "pause")]
    #[on(config_changed)]
    async fn reconcile(
        juju: &Juju,
        pause: Container,
        #[config] command: String,
        #[config] timeout: String,
    ) -> Result<()> {
        let layer = pause_layer(&command, &timeout);
        let status = match pause.ensure_layer("pause", &layer).await {
            Err(e) if e.is_connection() => Status::waiting("waiting for Pebble"),
            other => other.map(|_| Status::active(""))?,
        };
        Ok(juju.set_unit_status(status).await?)
    }
}

/// The README's code blocks, compiled as doctests here, where `#[charm]` finds this charm's
/// `charmcraft.yaml`.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
