use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(reconcile)]
    #[on(config_changed)]
    fn reconcile() -> Result<()> {
        Ok(())
    }
}

fn main() {}
