use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_custom_notice = "db", check = "http-test")]
    fn notice() -> Result<()> {
        Ok(())
    }
}

fn main() {}
