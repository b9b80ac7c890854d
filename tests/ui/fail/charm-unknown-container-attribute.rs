use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    async fn changed(#[container = "dbb"] database: Container) -> Result<()> {
        let _ = database;
        Ok(())
    }
}

fn main() {}
