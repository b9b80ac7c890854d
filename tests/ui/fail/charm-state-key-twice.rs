use charm_runtime::{Result, charm, on};

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install(#[state] count: &mut u64, #[state = "count"] again: u64) -> Result<()> {
        let _ = (count, again);
        Ok(())
    }
}

fn main() {}
