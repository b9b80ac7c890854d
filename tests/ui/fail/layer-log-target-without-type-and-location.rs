use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      loki:
        override: replace
        services: [all]
    "#
}

fn main() {}
