use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[container] workload: Container) -> Result<()> {
        let _ = workload;
        Ok(())
    }
}

fn main() {}
