use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        timeout: 0
        tcp:
          port: 8080
    "#
}

fn main() {}
