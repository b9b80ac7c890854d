use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[config] (port, _): (i64, i64)) -> Result<()> {
        let _ = port;
        Ok(())
    }
}

fn main() {}
