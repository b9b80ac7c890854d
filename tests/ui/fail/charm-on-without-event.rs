use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on()]
    fn something() -> Result<()> {
        Ok(())
    }
}

fn main() {}
