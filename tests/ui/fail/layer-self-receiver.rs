use charm_runtime::layer;
use charm_runtime::layer::Layer;

struct Charm;

impl Charm {
    #[layer]
    fn bad(&self) -> Layer {
        r#"
        summary: x
        "#
    }
}

fn main() {}
