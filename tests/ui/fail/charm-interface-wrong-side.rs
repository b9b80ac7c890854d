use charm_runtime::interface::{Interface, Role};
use charm_runtime::{HookContext, Result, charm};

/// The requirer side of `prometheus_scrape`.
struct ScrapeRequirer;

impl Interface for ScrapeRequirer {
    const INTERFACES: &'static [&'static str] = &["prometheus_scrape"];
    const ROLE: Role = Role::Requirer;
    type Event = ();
    type Error = charm_runtime::Error;

    fn endpoint(&self) -> &str {
        "metrics"
    }

    async fn observe(&self, _: &HookContext) -> Result<Vec<()>> {
        Ok(Vec::new())
    }
}

struct MyCharm;

#[charm]
impl MyCharm {
    // `metrics` is under `provides`.
    #[interface]
    fn metrics(_endpoint: &'static str) -> ScrapeRequirer {
        ScrapeRequirer
    }
}

fn main() {}
