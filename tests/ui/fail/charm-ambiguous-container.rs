use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_ready = "myapp")]
    #[on(config_changed)]
    async fn reconcile(container: Container) -> Result<()> {
        let _ = container;
        Ok(())
    }
}

fn main() {}
