use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(name: &str) -> Layer {
    r#"
    services:
      ${name}:
        override: merge
        command: /bin/web
    "#
}

fn main() {}
