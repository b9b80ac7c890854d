use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install, start)]
    fn setup() -> Result<()> {
        Ok(())
    }
}

fn main() {}
