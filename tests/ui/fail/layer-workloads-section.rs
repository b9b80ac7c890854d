use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    workloads:
      app:
        override: replace
        user: app
    "#
}

fn main() {}
