use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(action = "backup")]
    fn backup(#[param] #[config] target: String) -> Result<()> {
        let _ = target;
        Ok(())
    }
}

fn main() {}
