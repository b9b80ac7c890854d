use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(x: u16) -> Layer {
    r#"
    checks:
      up:
        override: replace
        tcp:
          port: 80${x}
    "#
}

fn main() {}
