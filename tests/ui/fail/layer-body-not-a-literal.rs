use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    let yaml = "summary: x";
    yaml
}

fn main() {}
