use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      logs:
        override: replace
        type: elasticsearch
        location: http://es:9200
    "#
}

fn main() {}
