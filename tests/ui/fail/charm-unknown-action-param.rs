use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(action = "backup")]
    fn backup(#[param] targt: String) -> Result<()> {
        let _ = targt;
        Ok(())
    }
}

fn main() {}
