use charm_runtime::layer;
use charm_runtime::layer::{Layer, ServiceAction};

#[layer]
fn bad(action: ServiceAction) -> Layer {
    r#"
    services:
      web:
        override: merge
        on-success: ${action}
    "#
}

fn main() {}
