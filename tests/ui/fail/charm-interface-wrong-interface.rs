use charm_runtime::interface::{Interface, Role};
use charm_runtime::{HookContext, Result, charm};

/// The requirer side of `tls-certificates`.
struct TlsRequirer;

impl Interface for TlsRequirer {
    const INTERFACES: &'static [&'static str] = &["tls-certificates"];
    const ROLE: Role = Role::Requirer;
    type Event = ();
    type Error = charm_runtime::Error;

    fn endpoint(&self) -> &str {
        "database"
    }

    async fn observe(&self, _: &HookContext) -> Result<Vec<()>> {
        Ok(Vec::new())
    }
}

struct MyCharm;

#[charm]
impl MyCharm {
    // `database` declares `interface: postgresql_client`.
    #[interface = "database"]
    fn tls(_endpoint: &'static str) -> TlsRequirer {
        TlsRequirer
    }
}

fn main() {}
