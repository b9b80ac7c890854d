//! A web server with health checks: the checks examples of the ops how-to "run workloads with
//! a charm", in Rust.
//!
//! The layer holds three checks: `up` (http, level alive, restarts the service when it
//! fails), `listening` (tcp, level ready) and `content` (exec: the site has an index.html).
//! `pebble-check-failed` and `-recovered` share one handler which, as the how-to recommends,
//! re-reads the checks' current state instead of trusting the event: blocked while a check
//! is down, active otherwise.
//!
//! A client joining the `website` relation is told the port in this unit's bag.
//!
//! The `port` option is read as a `NonZeroU16`, the type a `${port}` placeholder in the tcp
//! check's `port` takes: a configured 0 fails the hook instead of being ignored by Pebble.

use std::num::NonZeroU16;

use charm_runtime::event::RelationEvent;
use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
use charm_runtime::pebble::CheckStatus;
use charm_runtime::{Container, Result, charm, layer, on};

/// The charm: a static site served by Python in the `web` container.
pub struct HealthCheck;

/// The layer: the web service and its three checks, for the configured port and site root.
#[layer]
fn web_layer(port: NonZeroU16, root: &str) -> Layer {
    r#"
    services:
      web:
        override: replace
        command: python3 -m http.server ${port} --directory ${root}
        startup: enabled
        on-check-failure:
          up: restart
    checks:
      up:
        override: replace
        level: alive
        http:
          url: http://localhost:${port}/
      listening:
        override: replace
        level: ready
        tcp:
          port: ${port}
      content:
        override: replace
        exec:
          command: test -f ${root}/index.html
    "#
}

#[charm]
impl HealthCheck {
    #[on(pebble_ready = "web")]
    #[on(config_changed)]
    async fn configure(
        juju: &Juju,
        web: Container,
        #[config] port: NonZeroU16,
        #[config = "site-root"] root: String,
    ) -> Result<()> {
        match web.ensure_layer("web", &web_layer(port, &root)).await {
            Err(e) if e.is_connection() => {
                juju.set_unit_status(Status::waiting("waiting for Pebble"))
                    .await?
            }
            done => {
                done?;
                report_checks(juju, &web).await?;
            }
        }
        Ok(())
    }

    /// Tells the joining client which port the site is served on.
    #[on(relation_joined = "website")]
    async fn website_joined(
        juju: &Juju,
        relation: RelationEvent,
        #[config] port: NonZeroU16,
    ) -> Result<()> {
        let data = [("port".to_owned(), port.to_string())]
            .into_iter()
            .collect();
        juju.relation_set_unit(&relation.id, &data).await?;
        Ok(())
    }

    #[on(pebble_check_failed = "web")]
    #[on(pebble_check_recovered = "web")]
    async fn check_changed(juju: &Juju, web: Container) -> Result<()> {
        report_checks(juju, &web).await
    }
}

/// Blocked, naming them, while some checks are down; active otherwise.
async fn report_checks(juju: &Juju, web: &Container) -> Result<()> {
    let checks = web.checks().await?;
    let down: Vec<_> = checks
        .into_iter()
        .filter(|c| c.status == CheckStatus::Down)
        .map(|c| c.name)
        .collect();
    let status = match down.as_slice() {
        [] => Status::active(""),
        names => Status::blocked(format!("failing checks: {}", names.join(", "))),
    };
    juju.set_unit_status(status).await?;
    Ok(())
}
