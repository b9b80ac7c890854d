use charm_runtime::interface::{Interface, Mounted, Role};
use charm_runtime::{HookContext, Result, charm, on};

struct Database(String);
struct Certificates;

impl Interface for Database {
    const INTERFACES: &'static [&'static str] = &["postgresql_client"];
    const ROLE: Role = Role::Requirer;
    type Event = ();
    type Error = charm_runtime::Error;

    fn endpoint(&self) -> &str {
        &self.0
    }

    async fn observe(&self, _ctx: &HookContext) -> Result<Vec<()>> {
        Ok(Vec::new())
    }
}

struct MyCharm;

#[charm]
impl MyCharm {
    #[interface]
    fn database(endpoint: &'static str) -> Database {
        Database(endpoint.to_owned())
    }

    #[on(install)]
    fn install(database: &Certificates) -> Result<()> {
        let _ = database;
        Ok(())
    }

    #[on(config_changed)]
    fn config_changed(database: Mounted<Database>) -> Result<()> {
        let _ = database;
        Ok(())
    }
}

fn main() {}
