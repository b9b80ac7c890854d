use std::num::{NonZeroU16, NonZeroU32};
use std::time::Duration;

use charm_runtime::layer;
use charm_runtime::layer::{CheckLevel, GoDuration, Layer, Startup};

#[layer]
pub fn web_layer(
    port: NonZeroU16,
    uid: u32,
    gid: u16,
    factor: NonZeroU32,
    delay: Duration,
    limit: GoDuration,
    startup: Startup,
    level: CheckLevel,
    threshold: u8,
) -> Layer {
    r#"
    services:
      web:
        override: replace
        command: /bin/web --port ${port}
        startup: ${startup}
        user-id: ${uid}
        group-id: ${gid}
        backoff-delay: ${delay}
        backoff-factor: ${factor}
        backoff-limit: ${limit}
        kill-delay: ${delay}
    checks:
      up:
        override: replace
        level: ${level}
        period: ${limit}
        timeout: ${delay}
        threshold: ${threshold}
        tcp: {port: "${port}", host: localhost}
    "#
}

fn main() {
    let port = NonZeroU16::new(8080).unwrap();
    let layer = web_layer(
        port,
        1000,
        2000,
        NonZeroU32::new(3).unwrap(),
        Duration::from_millis(500),
        GoDuration(Duration::from_secs(30)),
        Startup::Disabled,
        CheckLevel::Ready,
        4,
    );
    let web = &layer.services["web"];
    assert_eq!(web.command, "/bin/web --port 8080");
    assert_eq!(web.user_id, Some(1000));
    assert_eq!(web.group_id, Some(2000));
    assert_eq!(web.backoff_factor, Some(3.0));
    assert_eq!(web.kill_delay, Some(GoDuration(Duration::from_millis(500))));
    let up = &layer.checks["up"];
    assert_eq!(up.tcp.as_ref().and_then(|t| t.port), Some(8080));
    assert_eq!(up.level, Some(CheckLevel::Ready));
    assert_eq!(up.threshold, Some(4));
}
