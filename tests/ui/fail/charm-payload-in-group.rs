use charm_runtime::event::RelationEvent;
use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(reconcile)]
    fn reconcile(myapp: Container, relation: RelationEvent) -> Result<()> {
        let _ = (myapp, relation);
        Ok(())
    }
}

fn main() {}
