use charm_runtime::{Result, charm, on};

#[derive(Default)]
struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install(self) -> Result<()> {
        Ok(())
    }
}

fn main() {}
