//! A web app that takes its database and its TLS certificate from relations.
//!
//! Two interface libraries serve two endpoints: [`DatabaseRequirer`] on `database`
//! (`postgresql_client`) and [`TlsRequirer`] on `certificates` (`tls-certificates`). One
//! handler runs on every event that concerns them (and on the container's and the
//! configuration's): it lets each library [`observe`](Interface::observe) the event first,
//! then configures the workload from what the libraries hold now, so it converges whatever
//! the order of events.

use charm_interfaces::Interface;
use charm_interfaces::database::{DatabaseEvent, DatabaseRequirer};
use charm_interfaces::tls::{CertificateRequest, TlsRequirer};
use charm_runtime::hook_tools::Status;
use charm_runtime::layer::Layer;
use charm_runtime::{Container, HookContext, Result, charm, layer, on, tracing};

/// The charm: the web app in the `web` container.
pub struct WebApp;

/// Where the charm writes the database's URL in the container.
pub const DATABASE_URL_PATH: &str = "/etc/webapp/database-url";
/// Where the charm writes the certificate (then the CA) in the container.
pub const CERTIFICATE_PATH: &str = "/etc/webapp/tls/cert.pem";
/// Where the charm writes the certificate's private key in the container.
pub const KEY_PATH: &str = "/etc/webapp/tls/key.pem";

/// The database library: asks for the `webapp` database.
pub fn database() -> DatabaseRequirer {
    DatabaseRequirer::new("database", "webapp")
}

/// The TLS library: asks for a certificate for `webapp.internal`.
pub fn certificates() -> TlsRequirer {
    TlsRequirer::new(
        "certificates",
        CertificateRequest::new("webapp.internal").sans_dns(["webapp.internal"]),
    )
}

#[layer]
fn web_layer(scheme: &str, port: &str) -> Layer {
    r#"
    summary: the web app
    services:
      web:
        override: replace
        command: webapp --database-url-file /etc/webapp/database-url --scheme ${scheme} --port ${port}
        startup: enabled
    "#
}

#[charm]
impl WebApp {
    #[on(relation_created = "database")]
    #[on(relation_changed = "database")]
    #[on(relation_broken = "database")]
    #[on(relation_created = "certificates")]
    #[on(relation_changed = "certificates")]
    #[on(relation_broken = "certificates")]
    #[on(secret_changed)]
    #[on(secret_expired)]
    #[on(pebble_ready = "web")]
    #[on(config_changed)]
    async fn reconcile(ctx: &HookContext, web: Container, #[config] port: i64) -> Result<()> {
        let (db, tls) = (database(), certificates());
        // The libraries first: they write requests and take in the providers' answers.
        for event in db.observe(ctx).await? {
            if let DatabaseEvent::CredentialsRotated(_) = event {
                tracing::info!("the database password was rotated");
            }
        }
        for event in tls.observe(ctx).await? {
            tracing::info!(?event, "tls-certificates");
        }
        let Some(connection) = db.connection(ctx).await? else {
            let status = Status::waiting("waiting for the database");
            ctx.juju.set_unit_status(status).await?;
            return Ok(());
        };
        if !web.can_connect().await {
            let status = Status::waiting("waiting for the web container");
            ctx.juju.set_unit_status(status).await?;
            return Ok(());
        }
        let url = connection.credentials.uris.clone().unwrap_or_else(|| {
            let c = &connection;
            let user = &c.credentials;
            format!(
                "postgresql://{}:{}@{}/{}",
                user.username, user.password, c.endpoints, c.resource
            )
        });
        web.push(DATABASE_URL_PATH, url).make_dirs(true).await?;
        let certificate = tls.certificate(ctx).await?;
        let key = tls.private_key(ctx).await?;
        let scheme = match (certificate, key) {
            (Some(cert), Some(key)) => {
                let bundle = format!("{}\n{}\n", cert.certificate, cert.ca);
                web.push(CERTIFICATE_PATH, bundle).make_dirs(true).await?;
                web.push(KEY_PATH, format!("{key}\n"))
                    .make_dirs(true)
                    .await?;
                "https"
            }
            _ => "http",
        };
        web.ensure_layer("web", &web_layer(scheme, &port.to_string()))
            .await?;
        web.start_services(&["web"]).await?;
        let status = Status::active(format!("serving {scheme}"));
        ctx.juju.set_unit_status(status).await?;
        Ok(())
    }
}
