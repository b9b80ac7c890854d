// A check's `startup` came with Pebble v1.19 (Juju 3.6.4); the charmcraft.yaml here assumes
// `juju >= 3.6`, whose first release ships v1.16.0.
use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        startup: disabled
        tcp:
          port: 8080
    "#
}

fn main() {}
