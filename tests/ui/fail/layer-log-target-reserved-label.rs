use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      loki:
        override: replace
        type: loki
        location: http://loki:3100/loki/api/v1/push
        labels:
          pebble_service: web
    "#
}

fn main() {}
