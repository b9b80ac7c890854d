use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web: /bin/web
    "#
}

fn main() {}
