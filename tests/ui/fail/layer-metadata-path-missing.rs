use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer(metadata = "no-such-dir/charmcraft.yaml")]
fn bad() -> Layer {
    r#"
    summary: x
    "#
}

fn main() {}
