use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer(externals(services = ["base"]))]
fn bad() -> Layer {
    r#"
    summary: x
    "#
}

fn main() {}
