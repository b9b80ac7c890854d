use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      "":
        override: replace
        tcp:
          port: 8080
    "#
}

fn main() {}
