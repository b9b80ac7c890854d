use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      pause:
        override: replaces
        command: /pause
    "#
}

fn main() {}
