use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
async fn bad() -> Layer {
    r#"
    summary: x
    "#
}

fn main() {}
