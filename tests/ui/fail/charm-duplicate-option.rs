use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_custom_notice = "db", key = "a.com/x", key = "a.com/y")]
    fn notice() -> Result<()> {
        Ok(())
    }
}

fn main() {}
