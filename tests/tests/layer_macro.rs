//! The layer `#[layer]` builds equals the layer Pebble's YAML describes: each function here
//! is compared with `Layer::from_yaml` of the same text, placeholders substituted by hand.

use charm_runtime::layer;
use charm_runtime::layer::Layer;

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

#[layer(external(services = ["base"], checks = ["base-up"]))]
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
      syslog:
        override: replace
        type: syslog
        location: udp://logs:514
        services: [web]
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
