use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        after: [db]
      db:
        override: replace
        command: /bin/db
        after: [web]
    "#
}

fn main() {}
