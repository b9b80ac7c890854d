use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    checks:
      up:
        override: replace
        exec:
          command: /bin/check
          service-context: web
    "#
}

fn main() {}
