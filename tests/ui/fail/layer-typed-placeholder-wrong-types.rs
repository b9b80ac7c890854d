use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad(period: &str, factor: f64) -> Layer {
    r#"
    services:
      web:
        override: merge
        backoff-factor: ${factor}
    checks:
      up:
        override: merge
        period: ${period}
    "#
}

fn main() {}
