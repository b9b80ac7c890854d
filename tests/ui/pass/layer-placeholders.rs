use std::fmt;
use std::net::Ipv4Addr;

use charm_runtime::layer;
use charm_runtime::layer::Layer;

struct LogLevel;

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("debug")
    }
}

#[layer]
pub fn app_layer(port: u16, host: Ipv4Addr, level: LogLevel, user: String, home: &str) -> Layer {
    r#"
    summary: app on port ${port}
    services:
      app:
        override: replace
        command: /bin/app --listen ${host}:${port} [ --log-level ${level} ]
        user: ${user}
        environment:
          HOME: ${home}
          SHELL_STYLE: $${HOME}/bin
    "#
}

fn main() {
    let layer = app_layer(8080, Ipv4Addr::LOCALHOST, LogLevel, "app".to_owned(), "/srv");
    let app = &layer.services["app"];
    assert_eq!(layer.summary, "app on port 8080");
    assert_eq!(app.command, "/bin/app --listen 127.0.0.1:8080 [ --log-level debug ]");
    assert_eq!(app.user.as_deref(), Some("app"));
    assert_eq!(app.environment["HOME"], "/srv");
    assert_eq!(app.environment["SHELL_STYLE"], "${HOME}/bin");
}
