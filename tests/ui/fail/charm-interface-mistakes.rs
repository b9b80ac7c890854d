use charm_runtime::{Result, charm, on};

struct Library;

struct MyCharm;

#[charm]
impl MyCharm {
    #[interface]
    fn databse(_endpoint: &'static str) -> Library {
        Library
    }

    #[interface = "database"]
    async fn first(&self) -> Library {
        Library
    }

    #[interface = "database"]
    fn second(_endpoint: &'static str) -> Library {
        Library
    }

    #[interface(endpoint = "cluster")]
    #[on(install)]
    fn cluster(_endpoint: &'static str) {}

    #[on(interface = "metrics")]
    fn metrics() -> Result<()> {
        Ok(())
    }
}

fn main() {}
