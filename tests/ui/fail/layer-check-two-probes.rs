use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        http:
          url: http://localhost:8080/health
        tcp:
          port: 8080
    "#
}

fn main() {}
