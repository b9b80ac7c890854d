use charm_runtime::handler::Params;
use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install(params: Params<std::collections::BTreeMap<String, String>>) -> Result<()> {
        let _ = params;
        Ok(())
    }
}

fn main() {}
