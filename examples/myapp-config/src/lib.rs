//! The workload charm of the goops how-to "manage workloads on Kubernetes", in Rust.
//!
//! On every event it pushes MyApp's configuration file, makes sure Pebble's plan holds the
//! `myapp` layer (`Container::ensure_layer` replaces the Go charm's hand-written "is the layer
//! already there" check) and starts the service.

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
use charm_runtime::{Container, Result, charm, layer, on};

/// The charm: MyApp in the `myapp` container.
pub struct MyApp;

/// The content of MyApp's configuration file.
pub const CONFIG: &str = "Example configuration file for MyApp";

#[layer]
fn myapp_layer(config_path: &str) -> Layer {
    r#"
    summary: MyApp layer
    description: pebble config layer for MyApp
    services:
      myapp:
        override: replace
        summary: My App Service
        command: myapp --config ${config_path}
        startup: enabled
    "#
}

#[charm]
impl MyApp {
    // The Go charm's path is the constant /etc/config.yaml, the option's default. It is an
    // option so that the tests can run the charm against a Pebble on their own machine.
    #[on(pebble_ready = "myapp")]
    #[on(config_changed)]
    async fn configure(
        juju: &Juju,
        myapp: Container,
        #[config = "config-path"] path: String,
    ) -> Result<()> {
        myapp.push(&path, CONFIG).make_dirs(true).await?;
        myapp.ensure_layer("myapp", &myapp_layer(&path)).await?;
        myapp.start_services(&["myapp"]).await?;
        juju.set_unit_status(Status::active("service is running"))
            .await?;
        Ok(())
    }
}
