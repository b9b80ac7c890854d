//! A tiny charm whose handler outcome is chosen by `CHARM_TEST_OUTCOME`, used to observe
//! the dispatch exit policy from a separate process.
//!
//! - `ok`: sets active status, exits 0;
//! - `error`: sets maintenance status, then returns an error;
//! - `panic`: panics in the handler;
//! - `tool-error`: calls `config-get`, whose failure is returned with `?`;
//! - `huge-log`: logs one 300 KB record (more than one argument may hold).

use std::process::ExitCode;

use charm_runtime::dispatch::{self, HookContext};
use charm_runtime::event::Event;
use charm_runtime::hook_tools::Status;

fn main() -> ExitCode {
    dispatch::run(|ctx: HookContext| async move {
        if let Event::Unknown { hook } = &ctx.event {
            tracing::debug!(hook = hook.as_str(), "ignoring an unknown hook");
            return Ok(());
        }
        match std::env::var("CHARM_TEST_OUTCOME").as_deref() {
            Ok("error") => {
                ctx.juju
                    .set_unit_status(Status::maintenance("half way"))
                    .await?;
                Err(charm_runtime::Error::msg("the database is unreachable"))
            }
            Ok("panic") => {
                #[allow(clippy::panic)] // the behaviour under test
                {
                    panic!("index out of range");
                }
            }
            Ok("huge-log") => {
                tracing::info!("{}", "y".repeat(300 * 1024));
                Ok(())
            }
            Ok("tool-error") => {
                ctx.juju.config_map().await?;
                Ok(())
            }
            _ => {
                tracing::info!(event = %ctx.event, "handling");
                ctx.juju.set_unit_status(Status::active("")).await?;
                Ok(())
            }
        }
    })
}
