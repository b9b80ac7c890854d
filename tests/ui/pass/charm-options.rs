//! `metadata = "path"`, `crate = path` and the `main!` entry point.

use ::charm_runtime as rt;
use rt::{Container, Result, charm, on};

struct Other;

#[charm(metadata = "other/metadata.yaml", crate = rt)]
impl Other {
    #[on(pebble_ready = "web")]
    fn ready(web: Container) -> Result<()> {
        let _ = web;
        Ok(())
    }
}

mod entry {
    charm_runtime::main!(super::Other);

    pub(crate) fn entry() -> std::process::ExitCode {
        main()
    }
}

fn main() {
    let _ = entry::entry;
}
