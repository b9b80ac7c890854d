//! Interface libraries mounted with `#[interface]`: named after the function or explicitly,
//! on `requires`, `provides` and `peers` endpoints, taken by handlers as `&Mounted<L>` or
//! `&L`, and `#[on(interface = "...")]` alone, with an event and with a group.

use charm_runtime::event::Event;
use charm_runtime::interface::{Interface, Mounted, Role};
use charm_runtime::{HookContext, Result, charm, on};

/// A library that reports the remote application of its endpoint's relation events.
struct Library<const ROLE: u8> {
    endpoint: String,
}

impl<const ROLE: u8> Library<ROLE> {
    fn new(endpoint: &str) -> Self {
        Self {
            endpoint: endpoint.to_owned(),
        }
    }
}

impl<const ROLE: u8> Interface for Library<ROLE> {
    const INTERFACES: &'static [&'static str] = &["postgresql_client", "prometheus_scrape", "cluster"];
    const ROLE: Role = match ROLE {
        0 => Role::Requirer,
        1 => Role::Provider,
        _ => Role::Peer,
    };
    type Event = String;
    type Error = charm_runtime::Error;

    fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn observe(&self, ctx: &HookContext) -> Result<Vec<String>> {
        Ok(match &ctx.event {
            Event::RelationChanged(r) if r.endpoint == self.endpoint => vec![r.remote_app.clone()],
            _ => Vec::new(),
        })
    }
}

type Requirer = Library<0>;
type Provider = Library<1>;
type Peer = Library<2>;

struct MyCharm;

#[charm]
impl MyCharm {
    #[interface]
    fn database(endpoint: &'static str) -> Requirer {
        Requirer::new(endpoint)
    }

    #[interface = "metrics"]
    fn scrape(endpoint: &str) -> Provider {
        Provider::new(endpoint)
    }

    #[interface]
    fn cluster(endpoint: &'static str) -> Peer {
        Peer::new(endpoint)
    }

    #[on(interface = "database")]
    fn database_reported(database: &Mounted<Requirer>) -> Result<()> {
        println!("{:?}", database.events());
        Ok(())
    }

    #[on(relation_changed = "metrics")]
    #[on(interface = "metrics")]
    async fn metrics(scrape: &Provider, cluster: &Mounted<Peer>) -> Result<()> {
        println!("{} {}", scrape.endpoint(), cluster.events().len());
        Ok(())
    }

    #[on(reconcile)]
    #[on(interface = "cluster")]
    fn reconcile(ctx: &HookContext, database: &Requirer) -> Result<()> {
        println!("{} {}", ctx.unit_name, database.endpoint());
        Ok(())
    }
}

fn main() {}
