use charm_runtime::layer;
use charm_runtime::layer::{Layer, Override, Startup};

#[layer]
fn pause_layer() -> Layer {
    r#"
    summary: pause layer
    description: pebble config layer for google/pause
    services:
      pause:
        override: replace
        summary: pause service
        command: /pause
        startup: enabled
    "#
}

#[layer]
fn timeout_overlay(timeout: &str) -> Layer {
    r#"
    services:
      pause:
        override: merge
        environment:
          TIMEOUT: ${timeout}
    "#
}

fn main() {
    let layer = pause_layer();
    let pause = &layer.services["pause"];
    assert_eq!(pause.r#override, Override::Replace);
    assert_eq!(pause.startup, Some(Startup::Enabled));
    let overlay = timeout_overlay("30s");
    assert_eq!(overlay.services["pause"].environment["TIMEOUT"], "30s");
}
