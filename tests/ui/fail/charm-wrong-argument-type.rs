use charm_runtime::hook_tools::Juju;
use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    async fn install(juju: &Juju, name: String) -> Result<()> {
        let _ = (juju, name);
        Ok(())
    }
}

fn main() {}
