use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(relation_changed = "databse")]
    fn changed() -> Result<()> {
        Ok(())
    }
}

fn main() {}
