//! The layer `#[layer]` builds equals the layer Pebble's YAML describes: each function here
//! is compared with `Layer::from_yaml` of the same text, placeholders substituted by hand.

use std::num::{NonZeroU8, NonZeroU16};
use std::time::Duration;

use charm_runtime::layer;
use charm_runtime::layer::{CheckLevel, GoDuration, Layer, Startup};

const PAUSE: &str = r#"
    summary: pause layer
    description: pebble config layer for google/pause
    services:
      pause:
        override: replace
        summary: pause service
        command: /pause
        startup: enabled
    "#;

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

// Every field, so for the newest Pebble a Juju ships (layer_macro/charmcraft.yaml assumes
// `juju >= 4.0.1`).
#[layer(
    metadata = "layer_macro/charmcraft.yaml",
    external(services = ["base"], checks = ["base-up"], workloads = ["app"])
)]
fn full_layer(port: u16, level: &str) -> Layer {
    r#"
    summary: every field
    services:
      web:
        override: replace
        summary: web server
        description: |
          Serves the site.
          Two lines.
        command: /bin/web --port ${port} [ --log-level ${level} ]
        startup: disabled
        after: [base]
        before: [proxy]
        requires: [base]
        environment:
          PORT: ${port}
          EMPTY: ""
          LITERAL: $${NOT_SUBSTITUTED}
        user: web
        user-id: 1000
        group: web
        group-id: 1001
        working-dir: /srv/web
        on-success: ignore
        on-failure: shutdown
        on-check-failure:
          web-up: restart
          base-up: success-shutdown
        backoff-delay: 250ms
        backoff-factor: 1.5
        backoff-limit: 1m30s
        kill-delay: 10s
      proxy:
        override: merge
        on-success: failure-shutdown
        workload: app
    checks:
      web-up:
        override: replace
        level: alive
        startup: enabled
        period: 15s
        timeout: 1.5s
        threshold: 4
        http:
          url: http://localhost:${port}/health
          headers:
            X-Probe: pebble
      web-port:
        override: replace
        level: ready
        tcp:
          port: 8080
          host: 127.0.0.1
      script:
        override: replace
        exec:
          command: /bin/check --port ${port}
          service-context: web
          environment:
            MODE: probe
          user: nobody
          user-id: 65534
          group: nogroup
          group-id: 65534
          working-dir: /tmp
    log-targets:
      loki:
        override: replace
        type: loki
        location: http://loki:3100/loki/api/v1/push
        services: [all, -proxy]
        labels:
          app: web
      otel:
        override: merge
        type: opentelemetry
    "#
}

#[layer]
fn scalars_layer() -> Layer {
    r#"
    services:
      web:
        override: merge
        environment:
          YES: yes
          FLOAT: 1.10
          HEX: 0x10
          QUOTED: "8080"
          EMPTY:
    "#
}

#[layer]
fn empty_layer() -> Layer {
    ""
}

#[layer]
fn typed_layer(
    port: NonZeroU16,
    uid: u32,
    factor: NonZeroU8,
    delay: Duration,
    period: GoDuration,
    startup: Startup,
    level: CheckLevel,
) -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web --port ${port}
        startup: ${startup}
        user-id: ${uid}
        group-id: 50
        backoff-delay: ${delay}
        backoff-factor: ${factor}
        kill-delay: 2s
    checks:
      up:
        override: replace
        level: ${level}
        period: ${period}
        timeout: ${delay}
        threshold: ${uid}
        tcp:
          port: ${port}
    "#
}

#[test]
fn typed_placeholders_take_the_parameters_values() {
    let built = typed_layer(
        NonZeroU16::new(8443).unwrap(),
        7,
        NonZeroU8::new(3).unwrap(),
        Duration::from_millis(1500),
        "1m30s".parse().unwrap(),
        Startup::Disabled,
        CheckLevel::Ready,
    );
    let expected = Layer::from_yaml(
        "services:\n  web:\n    override: replace\n    command: /bin/web --port 8443\n    \
         startup: disabled\n    user-id: 7\n    group-id: 50\n    backoff-delay: 1.5s\n    \
         backoff-factor: 3\n    kill-delay: 2s\n\
         checks:\n  up:\n    override: replace\n    level: ready\n    period: 1m30s\n    \
         timeout: 1.5s\n    threshold: 7\n    tcp:\n      port: 8443\n",
    )
    .unwrap();
    assert_eq!(built, expected);
    let other = typed_layer(
        NonZeroU16::new(8080).unwrap(),
        7,
        NonZeroU8::new(3).unwrap(),
        Duration::from_millis(1500),
        "1m30s".parse().unwrap(),
        Startup::Enabled,
        CheckLevel::Alive,
    );
    let up = &other.checks["up"];
    assert_eq!(up.tcp.as_ref().and_then(|t| t.port), Some(8080));
    assert_eq!(up.level, Some(CheckLevel::Alive));
    assert_eq!(other.services["web"].startup, Some(Startup::Enabled));
    assert_eq!(other.services["web"].command, "/bin/web --port 8080");
}

#[test]
fn pause_layer_matches_its_yaml() {
    assert_eq!(pause_layer(), Layer::from_yaml(PAUSE).unwrap());
}

#[test]
fn placeholders_are_substituted() {
    let expected = Layer::from_yaml(
        "services:\n  pause:\n    override: merge\n    environment:\n      TIMEOUT: 30s\n",
    )
    .unwrap();
    assert_eq!(timeout_overlay("30s"), expected);
    assert_ne!(timeout_overlay("31s"), expected);
}

#[test]
fn every_field_matches_its_yaml() {
    let text = include_str!("layer_macro.rs");
    let start = text
        .find("summary: every field")
        .map(|at| text[..at].rfind("r#\"").unwrap() + 3)
        .unwrap();
    let end = start + text[start..].find("\"#").unwrap();
    let yaml = text[start..end]
        .replace("${port}", "8080")
        .replace("${level}", "debug")
        .replace("$${", "${");
    let built = full_layer(8080, "debug");
    assert_eq!(built, Layer::from_yaml(&yaml).unwrap());
    let web = &built.services["web"];
    assert_eq!(web.command, "/bin/web --port 8080 [ --log-level debug ]");
    assert_eq!(web.environment["LITERAL"], "${NOT_SUBSTITUTED}");
    assert_eq!(web.description, "Serves the site.\nTwo lines.\n");
}

#[test]
fn empty_layer_is_the_default() {
    assert_eq!(empty_layer(), Layer::default());
    assert_eq!(empty_layer(), Layer::from_yaml("{}").unwrap());
}

#[test]
fn scalars_keep_the_text_as_written() {
    let layer = scalars_layer();
    let env = &layer.services["web"].environment;
    assert_eq!(env["YES"], "yes");
    assert_eq!(env["FLOAT"], "1.10");
    assert_eq!(env["HEX"], "0x10");
    assert_eq!(env["QUOTED"], "8080");
    assert_eq!(env["EMPTY"], "");
}
