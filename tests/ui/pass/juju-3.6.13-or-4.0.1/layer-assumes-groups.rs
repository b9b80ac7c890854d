// `assumes` leaves out Juju 4.0.0 (Pebble v1.19.2), so every targeted Juju ships Pebble
// v1.26 and OpenTelemetry log targets (v1.24) are there.
use charm_runtime::layer;
use charm_runtime::layer::{Layer, LogTargetType};

#[layer]
fn otel_layer(endpoint: &str) -> Layer {
    r#"
    log-targets:
      otel:
        override: replace
        type: opentelemetry
        location: ${endpoint}
        services: [all]
        labels:
          app: web
    "#
}

fn main() {
    let layer = otel_layer("http://otel:4318");
    assert_eq!(layer.log_targets["otel"].r#type, Some(LogTargetType::Opentelemetry));
    assert_eq!(layer.log_targets["otel"].location, "http://otel:4318");
}
