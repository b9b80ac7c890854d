use charm_runtime::{Result, charm, on};

struct MyCharm;

struct Port(u16);

#[charm]
impl MyCharm {
    #[on(config_changed)]
    async fn changed(#[config] port: Port) -> Result<()> {
        let Port(port) = port;
        let _ = port;
        Ok(())
    }
}

fn main() {}
