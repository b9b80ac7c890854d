use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[config] port: String) -> Result<()> {
        let _ = port;
        Ok(())
    }
}

fn main() {}
