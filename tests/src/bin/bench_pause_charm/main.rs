//! The pause charm of the hook benchmark (`cargo bench -p charm-tests --bench hooks`).
//!
//! On `pause-pebble-ready` it makes sure the plan holds the `pause` layer (adding it with
//! combine and replanning when it does not) and sets the unit active. Every other hook has no
//! handler, so it measures the start-up cost alone. The same charm written with `ops` and
//! `goops` is in `tests/benches/hooks/contenders/`.

use charm_runtime::hook_tools::{Juju, Status};
use charm_runtime::layer::Layer;
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

#[charm]
impl Pause {
    #[on(pebble_ready = "pause")]
    async fn pebble_ready(juju: &Juju, pause: Container) -> Result<()> {
        pause.ensure_layer("pause", &pause_layer()).await?;
        juju.set_unit_status(Status::active("")).await?;
        Ok(())
    }
}

charm_runtime::main!(Pause);
