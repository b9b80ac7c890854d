use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        workload: app
        user: web
    "#
}

fn main() {}
