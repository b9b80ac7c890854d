use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        period: 0s
        http:
          url: http://localhost:8080/health
    "#
}

fn main() {}
