use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(reconcile)]
    fn reconcile(workload: Container) -> Result<()> {
        let _ = workload;
        Ok(())
    }
}

fn main() {}
