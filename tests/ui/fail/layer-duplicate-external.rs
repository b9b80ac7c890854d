use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer(external(services = ["base"]), external(checks = ["up"]))]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: merge
        after: [base]
    "#
}

fn main() {}
