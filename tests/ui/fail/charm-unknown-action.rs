use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(action = "bakup")]
    fn backup() -> Result<()> {
        Ok(())
    }
}

fn main() {}
