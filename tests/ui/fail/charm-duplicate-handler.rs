use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install() -> Result<()> {
        Ok(())
    }

    #[on(config_changed)]
    #[on(install)]
    fn reconcile() -> Result<()> {
        Ok(())
    }
}

fn main() {}
