use charm_runtime::hook_tools::Juju;
use charm_runtime::{charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    async fn install(juju: &Juju) {
        let _ = juju;
    }

    #[on(start)]
    fn start() -> bool {
        true
    }
}

fn main() {}
