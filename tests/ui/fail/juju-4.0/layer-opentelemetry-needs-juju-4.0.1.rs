// OpenTelemetry log targets came with Pebble v1.24; Juju 4.0.0 ships v1.19.2.
use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      otel:
        override: replace
        type: opentelemetry
        location: http://otel:4318
    "#
}

fn main() {}
