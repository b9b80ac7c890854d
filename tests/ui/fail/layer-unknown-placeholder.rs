use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(timeout: &str) -> Layer {
    r#"
    services:
      web:
        override: merge
        environment:
          TIMEOUT: ${timout}
    "#
}

fn main() {}
