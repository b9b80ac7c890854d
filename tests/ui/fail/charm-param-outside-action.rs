use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[param] target: String) -> Result<()> {
        let _ = target;
        Ok(())
    }
}

fn main() {}
