// Juju 4.0.1 and later ship Pebble v1.26: services in a workload of the image, OpenTelemetry
// log targets and a check's `startup`.
use charm_runtime::layer;
use charm_runtime::layer::{Layer, LogTargetType, Startup};

#[layer(external(workloads = ["app"]))]
fn newest_layer() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        workload: app
    checks:
      up:
        override: replace
        startup: disabled
        exec:
          command: /bin/check
          service-context: web
    log-targets:
      otel:
        override: replace
        type: opentelemetry
        location: http://otel:4318
        services: [web]
    "#
}

fn main() {
    let layer = newest_layer();
    assert_eq!(layer.services["web"].workload, "app");
    assert_eq!(layer.checks["up"].startup, Some(Startup::Disabled));
    assert_eq!(layer.log_targets["otel"].r#type, Some(LogTargetType::Opentelemetry));
}
