use charm_runtime::hook_tools::Juju;
use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    async fn install(juju: &Juju, name: String, app: &Container) -> Result<()> {
        let _ = (juju, name, app);
        Ok(())
    }
}

fn main() {}
