use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(action = "backup")]
    fn backup(#[param] target: String, #[param] level: i64) -> Result<()> {
        let _ = (target, level);
        Ok(())
    }
}

fn main() {}
