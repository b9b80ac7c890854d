//! A web app that takes its database, its TLS certificate and its tracing backend from
//! relations.
//!
//! The charm mounts three interface libraries with `#[interface]`: [`DatabaseRequirer`] on
//! `database` (`postgresql_client`), [`TlsRequirer`] on `certificates`
//! (`tls-certificates`) and [`TracingRequirer`] on `tracing` (`tracing`). `#[charm]` checks
//! at compile time that `charmcraft.yaml` declares each endpoint under `requires` with an
//! interface the library speaks. Each library observes every event before the handlers
//! run; two reconcile handlers then configure the workload from what the libraries hold
//! now (database and certificate; the tracing receiver's URL), so it converges whatever
//! the order of events, and two handlers react to what the database and tracing
//! libraries reported: a rotated password, or receivers that moved, restart the server.

use charm_interfaces::Mounted;
use charm_interfaces::database::{DatabaseEvent, DatabaseRequirer};
use charm_interfaces::tls::{CertificateRequest, TlsRequirer};
use charm_interfaces::tracing::{ReceiverProtocol, TracingRequirer};
use charm_runtime::hook_tools::Status;
use charm_runtime::layer::Layer;
use charm_runtime::status::Statuses;
use charm_runtime::{Container, HookContext, Result, charm, layer, on};

/// The charm: the web app in the `web` container.
pub struct WebApp;

/// The file, under the `config-dir` option's directory, that holds the database's URL.
pub const DATABASE_URL_FILE: &str = "database-url";
/// The file, under `config-dir`, that holds the certificate, then the CA.
pub const CERTIFICATE_FILE: &str = "tls/cert.pem";
/// The file, under `config-dir`, that holds the certificate's private key.
pub const KEY_FILE: &str = "tls/key.pem";
/// The file, under `config-dir`, that holds the OTLP/HTTP URL to send traces to; absent
/// while there is no tracing backend.
pub const TRACING_URL_FILE: &str = "otlp-http-url";

#[layer]
fn web_layer(dir: &str, scheme: &str, port: &str) -> Layer {
    r#"
    summary: the web app
    services:
      web:
        override: replace
        command: webapp --config-dir ${dir} --scheme ${scheme} --port ${port}
        startup: enabled
    "#
}

#[charm]
impl WebApp {
    /// The database library on the `database` endpoint: asks for the `webapp` database.
    #[interface]
    fn database(endpoint: &'static str) -> DatabaseRequirer {
        DatabaseRequirer::new(endpoint, "webapp")
    }

    /// The TLS library on the `certificates` endpoint: asks for a certificate for
    /// `webapp.internal`.
    #[interface]
    fn certificates(endpoint: &'static str) -> TlsRequirer {
        TlsRequirer::new(
            endpoint,
            CertificateRequest::new("webapp.internal").sans_dns(["webapp.internal"]),
        )
    }

    /// The tracing library on the `tracing` endpoint: asks for an OTLP/HTTP receiver.
    #[interface]
    fn tracing(endpoint: &'static str) -> TracingRequirer {
        TracingRequirer::new(endpoint, [ReceiverProtocol::OtlpHttp])
    }

    /// Configures the workload from the database and the certificate the libraries hold.
    #[on(reconcile)]
    async fn reconcile(
        ctx: &HookContext,
        web: Container,
        #[config] port: i64,
        #[config = "config-dir"] dir: String,
        database: &DatabaseRequirer,
        certificates: &TlsRequirer,
        statuses: &Statuses,
    ) -> Result<()> {
        let Some(connection) = database.connection(ctx).await? else {
            statuses.add_unit(Status::waiting("waiting for the database"));
            return Ok(());
        };
        if !web.can_connect().await {
            statuses.add_unit(Status::waiting("waiting for the web container"));
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
        let path = format!("{dir}/{DATABASE_URL_FILE}");
        web.push(&path, url).make_dirs(true).await?;
        let certificate = certificates.certificate(ctx).await?;
        let key = certificates.private_key(ctx).await?;
        let scheme = match (certificate, key) {
            (Some(cert), Some(key)) => {
                let bundle = format!("{}\n{}\n", cert.certificate, cert.ca);
                let (cert_path, key_path) = (
                    format!("{dir}/{CERTIFICATE_FILE}"),
                    format!("{dir}/{KEY_FILE}"),
                );
                web.push(&cert_path, bundle).make_dirs(true).await?;
                web.push(&key_path, format!("{key}\n"))
                    .make_dirs(true)
                    .await?;
                "https"
            }
            _ => "http",
        };
        web.ensure_layer("web", &web_layer(&dir, scheme, &port.to_string()))
            .await?;
        web.start_services(&["web"]).await?;
        statuses.add_unit(Status::active(format!("serving {scheme}")));
        Ok(())
    }

    /// Writes the OTLP/HTTP receiver's URL for the web server while there is one, and
    /// removes it when there is none. Runs after `reconcile` (source order).
    #[on(reconcile)]
    async fn configure_tracing(
        ctx: &HookContext,
        web: Container,
        #[config = "config-dir"] dir: String,
        tracing: &TracingRequirer,
    ) -> Result<()> {
        if !web.can_connect().await {
            return Ok(());
        }
        let path = format!("{dir}/{TRACING_URL_FILE}");
        match tracing.url(ctx, ReceiverProtocol::OtlpHttp).await? {
            Some(url) => web.push(&path, url).make_dirs(true).await?,
            None => web.remove_path(&path).recursive(true).await?,
        }
        Ok(())
    }

    /// The web server reads the database URL when it starts: a rotated password needs a
    /// restart. Runs after `reconcile` wrote the new URL (handlers of groups run in source
    /// order).
    #[on(interface = "database")]
    async fn restart_on_rotation(
        database: &Mounted<DatabaseRequirer>,
        web: Container,
    ) -> Result<()> {
        let rotated = database
            .events()
            .iter()
            .any(|e| matches!(e, DatabaseEvent::CredentialsRotated(_)));
        if rotated && web.can_connect().await {
            web.restart_services(&["web"]).await?;
        }
        Ok(())
    }

    /// The web server reads the tracing URL when it starts: receivers that appeared, moved
    /// or went away need a restart of a running server. Runs after `configure_tracing`
    /// wrote the URL file.
    #[on(interface = "tracing")]
    async fn restart_on_tracing(tracing: &Mounted<TracingRequirer>, web: Container) -> Result<()> {
        if tracing.events().is_empty() || !web.can_connect().await {
            return Ok(());
        }
        let running = web.services(&["web"]).await?.iter().any(|s| s.is_running());
        if running {
            web.restart_services(&["web"]).await?;
        }
        Ok(())
    }
}
