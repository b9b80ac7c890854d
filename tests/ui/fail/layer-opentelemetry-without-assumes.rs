// charmcraft.yaml here has no `assumes`: the layer must work on Juju 3.6.0 (Pebble v1.16.0).
use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      otel:
        override: merge
        type: opentelemetry
    "#
}

fn main() {}
