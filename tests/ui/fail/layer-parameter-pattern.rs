use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad((host, port): (&str, u16)) -> Layer {
    r#"
    summary: ${host}:${port}
    "#
}

fn main() {}
