//! The pause charm of the ops how-to "run workloads with a charm" (`command` is an option
//! only so that tests can run without `/pause`).

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

#[layer]
fn timeout_overlay(timeout: &str) -> Layer {
    r#"services: {pause: {override: merge, environment: {TIMEOUT: "${timeout}"}}}"#
}

#[charm]
impl Pause {
    #[on(pebble_ready = "pause")]
    async fn ready(
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
    async fn configure(juju: &Juju, pause: Container, #[config] timeout: String) -> Result<()> {
        let status = match pause.service("pause").await {
            Err(e) if e.is_connection() => Status::waiting("waiting for Pebble"),
            Ok(None) => Status::waiting("waiting for pebble-ready"),
            other => other.map(|_| Status::active(""))?,
        };
        if status == Status::active("") {
            pause
                .ensure_layer("pause", &timeout_overlay(&timeout))
                .await?;
        }
        Ok(juju.set_unit_status(status).await?)
    }
}

/// The README's code blocks, compiled as doctests here, where `#[charm]` finds this charm's
/// `charmcraft.yaml`.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
