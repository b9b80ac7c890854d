//! One handler for several events: the usual reconcile.

use charm_runtime::hook_tools::Juju;
use charm_runtime::{Container, Result, charm, on};

#[derive(Default)]
struct Shared;

#[charm]
impl Shared {
    #[on(install)]
    #[on(config_changed)]
    #[on(pebble_ready = "myapp")]
    #[on(relation_changed = "database")]
    #[on(secret_changed)]
    async fn reconcile(&self, juju: &Juju, myapp: Container, #[config] port: i64) -> Result<()> {
        let _ = (juju, myapp.name(), port);
        Ok(())
    }

    #[on(pebble_ready = "db")]
    #[on(pebble_check_failed = "db", check = "alive")]
    async fn workload(container: Container) -> Result<()> {
        let _ = container.name();
        Ok(())
    }
}

fn main() {}
