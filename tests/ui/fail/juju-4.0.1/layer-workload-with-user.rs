use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer(external(workloads = ["app"]))]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        workload: app
        user: web
    "#
}

fn main() {}
