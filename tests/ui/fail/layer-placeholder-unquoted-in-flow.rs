use std::num::NonZeroU16;

use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(port: NonZeroU16) -> Layer {
    r#"
    checks:
      up: {override: replace, tcp: {port: ${port}}}
    "#
}

fn main() {}
