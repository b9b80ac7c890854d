//! The baseline of the hook benchmark: the pause charm's requests sent by hand.
//!
//! No framework, no async runtime, no YAML or JSON library: on `pause-pebble-ready` it reads
//! the plan (`GET /v1/plan?format=yaml`) and, when the plan does not yet hold the `pause`
//! service, adds the layer with combine (`POST /v1/layers`), replans (`POST /v1/services`)
//! and waits for the change (`GET /v1/changes/<id>/wait`); then it runs `status-set active`.
//! These are the requests `Container::ensure_layer` sends. Any other hook exits at once.
//! Each request uses its own connection (`Connection: close`), which keeps the reader trivial.
//!
//! Socket: `$CHARM_CONTAINERS_DIR/pause/pebble.socket`, as for the runtime's charms.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// The layer, as YAML.
const LAYER: &str = "summary: pause layer\nservices:\n  pause:\n    override: replace\n    summary: pause service\n    command: /bin/sleep 1000\n    startup: enabled\n";

/// The plan lines (as they appear JSON-escaped in the response) that show the layer applied.
const APPLIED: [&str; 5] = [
    "    pause:\\n",
    "        override: replace\\n",
    "        summary: pause service\\n",
    "        command: /bin/sleep 1000\\n",
    "        startup: enabled\\n",
];

/// Sends one request and returns the status code and body.
fn request(
    socket: &PathBuf,
    method: &str,
    path: &str,
    body: &str,
) -> Result<(u16, String), String> {
    let mut stream =
        UnixStream::connect(socket).map_err(|e| format!("connect {}: {e}", socket.display()))?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(body.as_bytes()))
        .map_err(|e| format!("send {path}: {e}"))?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("read {path}: {e}"))?;
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad answer to {path}"))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    if status >= 300 {
        return Err(format!("{method} {path}: {status} {body}"));
    }
    Ok((status, body))
}

/// JSON-escapes `text` (enough for the layer: newlines and quotes).
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `change` field of an async response.
fn change_id(body: &str) -> Option<&str> {
    let rest = &body[body.find("\"change\":\"")? + 10..];
    rest.split('"').next()
}

fn pebble_ready() -> Result<(), String> {
    let dir =
        std::env::var_os("CHARM_CONTAINERS_DIR").unwrap_or_else(|| "/charm/containers".into());
    let socket = PathBuf::from(dir).join("pause/pebble.socket");
    let (_, plan) = request(&socket, "GET", "/v1/plan?format=yaml", "")?;
    if !APPLIED.iter().all(|line| plan.contains(line)) {
        let layer = format!(
            "{{\"action\":\"add\",\"label\":\"pause\",\"combine\":true,\"format\":\"yaml\",\"layer\":{}}}",
            json_string(LAYER)
        );
        request(&socket, "POST", "/v1/layers", &layer)?;
        let (_, replan) = request(
            &socket,
            "POST",
            "/v1/services",
            "{\"action\":\"replan\",\"services\":[]}",
        )?;
        let id = change_id(&replan).ok_or("replan returned no change")?;
        let (_, change) = request(&socket, "GET", &format!("/v1/changes/{id}/wait"), "")?;
        if !change.contains("\"ready\":true") || change.contains("\"err\":") {
            return Err(format!("replan failed: {change}"));
        }
    }
    let status = Command::new("status-set")
        .arg("active")
        .status()
        .map_err(|e| format!("status-set: {e}"))?;
    if !status.success() {
        return Err(format!("status-set: {status}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    if std::env::var("JUJU_HOOK_NAME").as_deref() != Ok("pause-pebble-ready") {
        return ExitCode::SUCCESS;
    }
    match pebble_ready() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
