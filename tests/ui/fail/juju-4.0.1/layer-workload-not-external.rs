// Workloads come from the layer files of the workload image: a service names one that
// `external(workloads = [...])` lists.
use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        workload: app
    "#
}

fn main() {}
