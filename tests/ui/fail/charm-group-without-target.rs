use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(relation)]
    fn database() -> Result<()> {
        Ok(())
    }
}

fn main() {}
