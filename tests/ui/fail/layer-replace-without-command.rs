use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        summary: the web server
    "#
}

fn main() {}
