use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(reconcile)]
    #[on(workload = "db")]
    fn reconcile() -> Result<()> {
        Ok(())
    }
}

fn main() {}
