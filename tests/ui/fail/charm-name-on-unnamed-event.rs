use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install = "myapp")]
    fn install() -> Result<()> {
        Ok(())
    }
}

fn main() {}
