use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(port: u16) -> Layer {
    r#"
    checks:
      up:
        override: replace
        tcp:
          port: ${port}
    "#
}

fn main() {}
