use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install(&self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
