use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[config = "log-level"] level: String) -> Result<()> {
        let _ = level;
        Ok(())
    }
}

fn main() {}
