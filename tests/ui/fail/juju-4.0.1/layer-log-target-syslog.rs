// Pebble forwards to syslog from v1.27, which no Juju ships; v1.23 to v1.26 reject the
// type and older ones accept it and forward nothing.
use charm_runtime::layer;
use charm_runtime::layer::Layer;

#[layer]
fn bad() -> Layer {
    r#"
    log-targets:
      logs:
        override: replace
        type: syslog
        location: udp://logs:514
    "#
}

fn main() {}
