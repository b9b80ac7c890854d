use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        command: /bin/web2
    "#
}

fn main() {}
