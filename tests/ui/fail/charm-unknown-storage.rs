use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(storage_attached = "cache")]
    fn attached() -> Result<()> {
        Ok(())
    }
}

fn main() {}
