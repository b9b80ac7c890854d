use charm_runtime::{Container, Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(pebble_ready = "mypp")]
    async fn ready(c: Container) -> Result<()> {
        let _ = c;
        Ok(())
    }

    #[on(relation_changed = "db")]
    fn changed(#[config] prot: i64) -> Result<()> {
        let _ = prot;
        Ok(())
    }

    #[on(action = "backup", key = "x")]
    fn backup(#[param] target: bool) -> Result<()> {
        let _ = target;
        Ok(())
    }
}

fn main() {}
