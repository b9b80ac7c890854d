use charm_runtime::layer;
use charm_runtime::layer::Layer;

struct Port(u16);

#[layer]
fn bad(port: Port) -> Layer {
    r#"
    checks:
      up:
        override: merge
        http:
          url: http://localhost:${port}/health
    "#
}

fn main() {}
