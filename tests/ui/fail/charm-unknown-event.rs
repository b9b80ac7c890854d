use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_redy = "myapp")]
    fn ready() -> Result<()> {
        Ok(())
    }
}

fn main() {}
