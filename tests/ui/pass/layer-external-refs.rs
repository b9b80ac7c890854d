use charm_runtime::layer;
use charm_runtime::layer::Layer;

/// Adds a sidecar that starts after the image's own `base` service and restarts when the
/// image's `base-up` check fails.
#[layer(external(services = ["base"], checks = ["base-up"]))]
fn sidecar_layer() -> Layer {
    r#"
    services:
      sidecar:
        override: replace
        command: /bin/sidecar
        after: [base]
        requires: [base]
        on-check-failure:
          base-up: restart
      base:
        override: merge
        before: [sidecar]
    log-targets:
      loki:
        override: replace
        type: loki
        location: http://loki:3100/loki/api/v1/push
        services: [all, -base]
    "#
}

fn main() {
    let layer = sidecar_layer();
    assert_eq!(layer.services["sidecar"].after, ["base"]);
    assert_eq!(layer.log_targets["loki"].services, ["all", "-base"]);
}
