use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      "":
        override: merge
        type: loki
    "#
}

fn main() {}
