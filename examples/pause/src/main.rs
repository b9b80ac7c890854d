//! The `dispatch` binary of the pause charm.

use charm_runtime::dispatch::{self, Context};
use charm_runtime::handler::{self, Containers};

// Under Juju this is all `charm_runtime::main!(pause::Pause)`. That macro reaches the
// container at /charm/containers/pause/pebble.socket even when CHARM_CONTAINERS_DIR is set,
// so scripts/demo.sh could not point the charm at its own Pebble; this `main` uses the socket
// the dispatch context resolved (the same path under Juju).
fn main() -> std::process::ExitCode {
    dispatch::run(|ctx: Context| async move {
        let containers = Containers::new().with_client("pause", ctx.pebble("pause"));
        handler::dispatch_to::<pause::Pause>(&ctx, &containers).await
    })
}
