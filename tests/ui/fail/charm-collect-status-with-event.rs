use charm_runtime::status::Statuses;
use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(collect_status)]
    #[on(update_status)]
    fn status(statuses: &Statuses) -> Result<()> {
        let _ = statuses;
        Ok(())
    }
}

fn main() {}
