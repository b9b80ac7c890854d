use charm_runtime::hook_tools::Juju;
use charm_runtime::{Result, on};

struct MyCharm;

impl MyCharm {
    #[on(install)]
    fn install(juju: &Juju) -> Result<()> {
        let _ = juju;
        Ok(())
    }
}

fn main() {}
