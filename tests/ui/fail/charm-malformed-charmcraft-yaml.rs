use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm(metadata = "broken/charmcraft.yaml")]
impl MyCharm {
    #[on(install)]
    fn install() -> Result<()> {
        Ok(())
    }
}

fn main() {}
