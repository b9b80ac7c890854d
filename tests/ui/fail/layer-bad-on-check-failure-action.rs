use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web
        on-check-failure:
          up: reboot
    checks:
      up:
        override: replace
        tcp:
          port: 8080
    "#
}

fn main() {}
