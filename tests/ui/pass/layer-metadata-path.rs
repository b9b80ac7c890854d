// `metadata = "path"` names the charmcraft.yaml whose `assumes` sets the target, relative to
// this file's directory (here Juju 3.6.4 and later, so a check may have `startup`).
use charm_runtime::layer;
use charm_runtime::layer::{Layer, Startup};

#[layer(metadata = "juju-3.6.4/charmcraft.yaml")]
fn checks_layer() -> Layer {
    r#"
    checks:
      up:
        override: replace
        startup: disabled
        tcp:
          port: 8080
    "#
}

fn main() {
    assert_eq!(checks_layer().checks["up"].startup, Some(Startup::Disabled));
}
