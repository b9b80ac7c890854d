use charm_runtime::{Result, charm, on};

#[derive(serde::Serialize, serde::Deserialize)]
struct Memo {
    flushes: u64,
}

struct MyCharm;

#[charm]
impl MyCharm {
    #[on(install)]
    fn install(#[state] memo: &mut Memo) -> Result<()> {
        memo.flushes += 1;
        Ok(())
    }
}

fn main() {}
