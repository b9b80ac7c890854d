//! The pause charm of the hook benchmark with collected status
//! (`cargo bench -p charm-tests --bench hooks`).
//!
//! The same charm as `bench_pause_charm`, written the way `docs/howto/status.md` recommends:
//! the handler adds `active` to `&Statuses` and the runtime sets it once, and not again while
//! it is the status this unit set last. Its steady `pause-pebble-ready` is the no-op
//! dispatch: the plan already holds the layer and the status is unchanged, so it calls no
//! hook tool at all.

use charm_runtime::hook_tools::Status;
use charm_runtime::layer::Layer;
use charm_runtime::status::Statuses;
use charm_runtime::{Container, Result, charm, layer, on};

/// The layer running a long sleep as service `pause`.
#[layer]
fn pause_layer() -> Layer {
    r#"
    summary: pause layer
    services:
      pause:
        override: replace
        summary: pause service
        command: /bin/sleep 1000
        startup: enabled
    "#
}

/// The charm: no state, built fresh for each event.
#[derive(Default)]
struct Pause;

#[charm(metadata = "../bench_pause_charm/charmcraft.yaml")]
impl Pause {
    #[on(pebble_ready = "pause")]
    async fn pebble_ready(pause: Container, statuses: &Statuses) -> Result<()> {
        pause.ensure_layer("pause", &pause_layer()).await?;
        statuses.add_unit(Status::active(""));
        Ok(())
    }
}

charm_runtime::main!(Pause);
