use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(timeout: &str, port: u16) -> Layer {
    r#"
    services:
      web:
        override: merge
        environment:
          TIMEOUT: ${timeout}
    "#
}

fn main() {}
