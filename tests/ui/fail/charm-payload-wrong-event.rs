use charm_runtime::event::RelationEvent;
use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(relation_changed = "database")]
    #[on(install)]
    fn changed(relation: RelationEvent) -> Result<()> {
        let _ = relation;
        Ok(())
    }
}

fn main() {}
