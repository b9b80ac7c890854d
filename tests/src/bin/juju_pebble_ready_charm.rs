//! A small charm built with the runtime's API (no macros): on `<container>-pebble-ready` it
//! adds a layer running the workload, replans, and sets active status.
//!
//! The workload command comes from `CHARM_TEST_COMMAND` (default `sleep 1000`), so tests can
//! choose one. When Pebble cannot be reached the charm sets `waiting` and exits 0, as Juju
//! runs pebble-ready again when Pebble comes back.

use std::process::ExitCode;

use charm_runtime::dispatch::{self, HookContext};
use charm_runtime::event::{Event, WorkloadEvent};
use charm_runtime::hook_tools::Status;
use charm_runtime::layer::{Layer, Override, Service, Startup};

/// The layer running the workload as service `workload`.
fn workload_layer() -> Layer {
    let command = std::env::var("CHARM_TEST_COMMAND").unwrap_or_else(|_| "sleep 1000".to_owned());
    let service = Service {
        r#override: Override::Replace,
        summary: "the workload".to_owned(),
        command,
        startup: Some(Startup::Enabled),
        ..Service::default()
    };
    Layer {
        summary: "pebble-ready test charm".to_owned(),
        services: [("workload".to_owned(), service)].into(),
        ..Layer::default()
    }
}

async fn pebble_ready(ctx: &HookContext, event: &WorkloadEvent) -> charm_runtime::Result<()> {
    let container = ctx.container(&event.container);
    if !container.can_connect().await {
        ctx.juju
            .set_unit_status(Status::waiting(format!(
                "waiting for Pebble in {}",
                event.container
            )))
            .await?;
        return Ok(());
    }
    ctx.juju
        .set_unit_status(Status::maintenance("configuring the workload"))
        .await?;
    container
        .add_layer("workload", &workload_layer())
        .combine(true)
        .await?;
    container.replan().await?;
    let version = container.system_info().await?.version;
    ctx.juju.set_workload_version(&version).await?;
    tracing::info!(container = event.container.as_str(), "workload started");
    ctx.juju.set_unit_status(Status::active("")).await?;
    Ok(())
}

fn main() -> ExitCode {
    dispatch::run(|ctx: HookContext| async move {
        match &ctx.event {
            Event::PebbleReady(event) => pebble_ready(&ctx, event).await,
            _ => Ok(()),
        }
    })
}
