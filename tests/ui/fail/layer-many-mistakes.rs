use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        startup: enable
        kill-delay: 5
    checks:
      up:
        override: replace
        level: ready
    "#
}

fn main() {}
