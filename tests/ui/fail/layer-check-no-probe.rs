use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        period: 10s
    "#
}

fn main() {}
