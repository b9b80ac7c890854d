//! Sans-IO half of the exec protocol: what websocket frames mean and the commands we send.

use bytes::Bytes;
use serde::Deserialize;

use crate::pebble::transport::WsFrame;

/// The text frame that ends a stream (stdin from us, stdout or stderr from Pebble).
pub(super) const END_COMMAND: &str = r#"{"command":"end"}"#;

/// Size of the binary frames we send on stdin.
pub(super) const STDIN_CHUNK: usize = 64 * 1024;

/// What one received frame means for an output stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum OutputEvent {
    /// Bytes of output.
    Data(Bytes),
    /// The stream hit end of file.
    End,
    /// Nothing for us (an unknown or malformed command, an empty frame).
    Ignore,
    /// The connection closed before the `end` command.
    Closed,
}

#[derive(Deserialize)]
struct Command {
    #[serde(default)]
    command: String,
}

/// Interprets a frame received on `stdio` or `stderr`; `None` means the connection ended.
pub(super) fn output_event(frame: Option<WsFrame>) -> OutputEvent {
    match frame {
        Some(WsFrame::Binary(data)) if data.is_empty() => OutputEvent::Ignore,
        Some(WsFrame::Binary(data)) => OutputEvent::Data(data),
        Some(WsFrame::Text(text)) => match serde_json::from_str::<Command>(&text) {
            Ok(cmd) if cmd.command == "end" => OutputEvent::End,
            Ok(cmd) => {
                tracing::debug!(command = %cmd.command, "ignoring unknown exec i/o command");
                OutputEvent::Ignore
            }
            Err(_) => {
                tracing::debug!("ignoring malformed exec i/o command");
                OutputEvent::Ignore
            }
        },
        Some(WsFrame::Close) | None => OutputEvent::Closed,
    }
}

/// The control command that sends `signal` to the process, with the name normalised to
/// Pebble's upper-case `SIG...` form (`term` and `SIGTERM` both give `SIGTERM`).
pub(super) fn signal_command(signal: &str) -> String {
    let upper = signal.trim().to_ascii_uppercase();
    let name = if upper.starts_with("SIG") {
        upper
    } else {
        format!("SIG{upper}")
    };
    serde_json::json!({"command": "signal", "signal": {"name": name}}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<WsFrame> {
        Some(WsFrame::Text(s.to_owned()))
    }

    #[test]
    fn binary_frames_are_data() {
        let event = output_event(Some(WsFrame::Binary(Bytes::from_static(b"hi\n"))));
        assert_eq!(event, OutputEvent::Data(Bytes::from_static(b"hi\n")));
    }

    #[test]
    fn end_command_ends_the_stream() {
        assert_eq!(output_event(text(END_COMMAND)), OutputEvent::End);
        assert_eq!(
            output_event(text(r#"{ "command" : "end", "extra": 1 }"#)),
            OutputEvent::End
        );
    }

    #[test]
    fn unknown_and_malformed_commands_are_ignored() {
        assert_eq!(
            output_event(text(r#"{"command":"resize"}"#)),
            OutputEvent::Ignore
        );
        assert_eq!(output_event(text("not json")), OutputEvent::Ignore);
        assert_eq!(output_event(text("{}")), OutputEvent::Ignore);
        assert_eq!(
            output_event(Some(WsFrame::Binary(Bytes::new()))),
            OutputEvent::Ignore
        );
    }

    #[test]
    fn close_or_eof_before_end_is_reported() {
        assert_eq!(output_event(Some(WsFrame::Close)), OutputEvent::Closed);
        assert_eq!(output_event(None), OutputEvent::Closed);
    }

    #[test]
    fn signal_names_are_normalised() {
        let cmd: serde_json::Value = serde_json::from_str(&signal_command("term")).unwrap();
        assert_eq!(cmd["command"], "signal");
        assert_eq!(cmd["signal"]["name"], "SIGTERM");
        let cmd: serde_json::Value = serde_json::from_str(&signal_command("SIGHUP")).unwrap();
        assert_eq!(cmd["signal"]["name"], "SIGHUP");
    }
}
