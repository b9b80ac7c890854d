use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(action = "backup")]
    fn backup(#[param] target: String, #[param] compress: String) -> Result<()> {
        let _ = (target, compress);
        Ok(())
    }
}

fn main() {}
