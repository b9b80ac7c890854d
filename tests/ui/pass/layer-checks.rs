use std::time::Duration;

use charm_runtime::layer;
use charm_runtime::layer::{CheckLevel, Layer};

#[layer]
fn checks_layer() -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web --port 8080
        on-check-failure:
          http-up: restart
          db-port: ignore
    checks:
      http-up:
        override: replace
        level: alive
        period: 30s
        timeout: 2s
        threshold: 5
        http:
          url: http://localhost:8080/health
          headers:
            X-Probe: pebble
      db-port:
        override: replace
        level: ready
        tcp:
          port: 5432
          host: 127.0.0.1
      script:
        override: replace
        exec:
          command: /bin/check --quiet
          service-context: web
          environment:
            MODE: probe
    "#
}

fn main() {
    let layer = checks_layer();
    let up = &layer.checks["http-up"];
    assert_eq!(up.level, Some(CheckLevel::Alive));
    assert_eq!(up.period.map(|d| d.0), Some(Duration::from_secs(30)));
    assert_eq!(up.http.as_ref().map(|h| h.url.as_str()), Some("http://localhost:8080/health"));
    assert_eq!(layer.checks["db-port"].tcp.as_ref().and_then(|t| t.port), Some(5432));
    let exec = layer.checks["script"].exec.as_ref().map(|e| e.service_context.clone());
    assert_eq!(exec, Some(Some("web".to_owned())));
}
