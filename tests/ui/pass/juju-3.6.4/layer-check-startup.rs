// Juju 3.6.4 ships Pebble v1.19, which added a check's `startup` (the charmcraft.yaml here
// assumes `juju >= 3.6.4`).
use charm_runtime::layer;
use charm_runtime::layer::{Layer, Startup};

#[layer]
fn checks_layer(startup: Startup) -> Layer {
    r#"
    checks:
      up:
        override: replace
        startup: disabled
        http:
          url: http://localhost:8080/health
      port:
        override: replace
        startup: ${startup}
        tcp:
          port: 8080
    "#
}

fn main() {
    let layer = checks_layer(Startup::Enabled);
    assert_eq!(layer.checks["up"].startup, Some(Startup::Disabled));
    assert_eq!(layer.checks["port"].startup, Some(Startup::Enabled));
}
