use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_ready = "mypp")]
    async fn ready(container: Container) -> Result<()> {
        let _ = container;
        Ok(())
    }
}

fn main() {}
