use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(config_changed)]
    fn changed(#[config] log_levl: Option<String>) -> Result<()> {
        let _ = log_levl;
        Ok(())
    }
}

fn main() {}
