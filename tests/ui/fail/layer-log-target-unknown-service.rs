use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
    log-targets:
      loki:
        override: replace
        type: loki
        location: http://loki:3100/loki/api/v1/push
        services: [all, -wbe]
    "#
}

fn main() {}
