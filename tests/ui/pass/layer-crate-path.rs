// A crate that re-exports charm_runtime under another name points the macro at it.
mod framework {
    pub use charm_runtime as runtime;
}

use charm_runtime::layer;

#[layer(crate = crate::framework::runtime)]
fn empty_layer() -> charm_runtime::layer::Layer {
    ""
}

fn main() {
    assert_eq!(empty_layer(), charm_runtime::layer::Layer::default());
}
