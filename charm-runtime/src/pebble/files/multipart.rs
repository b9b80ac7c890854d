//! Sans-IO pieces of the `multipart/form-data` bodies of push and pull.
//!
//! Push sends a `request` part holding JSON metadata, then one `files` part per file; pull
//! answers with `files` parts, then a `response` part holding a JSON envelope.

use std::collections::hash_map::RandomState;
use std::fmt::Write as _;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

/// A fresh boundary of 48 hex digits (Pebble requires at least 32 characters).
pub(crate) fn boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let pid = std::process::id();
    let mut out = String::with_capacity(48);
    for round in 0..3u8 {
        // Each RandomState is seeded afresh, so equal inputs still give unrelated outputs.
        let hash = RandomState::new().hash_one((nanos, pid, count, round));
        let _ = write!(out, "{hash:016x}");
    }
    out
}

/// The `Content-Type` header of a push body with `boundary`.
pub(crate) fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary=\"{boundary}\"")
}

/// Escapes `value` for a quoted-string header parameter: `\` and `"` get a backslash.
pub(crate) fn escape_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        if matches!(c, '\\' | '"') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `path` can travel in a header parameter: no line breaks, no NUL.
pub(crate) fn header_safe(path: &str) -> bool {
    !path.contains(['\r', '\n', '\0'])
}

/// Everything of a one-file push body before the file's content.
pub(crate) fn push_head(boundary: &str, metadata_json: &[u8], path: &str) -> Bytes {
    let mut head = Vec::with_capacity(metadata_json.len() + path.len() + 4 * boundary.len());
    head.extend_from_slice(
        format!(
            "--{boundary}\r\n\
             Content-Type: application/json\r\n\
             Content-Disposition: form-data; name=\"request\"\r\n\
             \r\n"
        )
        .as_bytes(),
    );
    head.extend_from_slice(metadata_json);
    head.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\n\
             Content-Type: application/octet-stream\r\n\
             Content-Disposition: form-data; name=\"files\"; filename=\"{}\"\r\n\
             \r\n",
            escape_quoted(path)
        )
        .as_bytes(),
    );
    Bytes::from(head)
}

/// Everything of a push body after the file's content.
pub(crate) fn push_tail(boundary: &str) -> Bytes {
    Bytes::from(format!("\r\n--{boundary}--\r\n"))
}

/// The raw value of parameter `name` of a `Content-Disposition` header.
///
/// Quoted values are unescaped (`\x` becomes `x`) and nothing else is done to them: a
/// `filename` stays the full path Pebble sent, never a basename. Parameter names match
/// case-insensitively. Returns `None` when the parameter is absent or not UTF-8.
pub(crate) fn disposition_param(header: &[u8], name: &str) -> Option<String> {
    // Skip the disposition type ("form-data").
    let mut rest = match header.iter().position(|&b| b == b';') {
        Some(i) => &header[i + 1..],
        None => return None,
    };
    loop {
        rest = rest.trim_ascii_start();
        let eq = rest.iter().position(|&b| b == b'=')?;
        let key = rest[..eq].trim_ascii();
        rest = rest[eq + 1..].trim_ascii_start();
        let value;
        if let Some(quoted) = rest.strip_prefix(b"\"") {
            let mut out = Vec::new();
            let mut i = 0;
            loop {
                match *quoted.get(i)? {
                    b'\\' => {
                        out.push(*quoted.get(i + 1)?);
                        i += 2;
                    }
                    b'"' => break,
                    b => {
                        out.push(b);
                        i += 1;
                    }
                }
            }
            value = out;
            rest = &quoted[i + 1..];
        } else {
            let end = rest
                .iter()
                .position(|&b| b == b';' || b.is_ascii_whitespace())
                .unwrap_or(rest.len());
            value = rest[..end].to_vec();
            rest = &rest[end..];
        }
        if key.eq_ignore_ascii_case(name.as_bytes()) {
            return String::from_utf8(value).ok();
        }
        // Move past the separator to the next parameter.
        match rest.iter().position(|&b| b == b';') {
            Some(i) => rest = &rest[i + 1..],
            None => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_long_hex_and_differ() {
        let a = boundary();
        let b = boundary();
        assert_eq!(a.len(), 48);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn push_body_has_request_then_files_part() {
        let head = push_head(
            "B".repeat(32).as_str(),
            br#"{"action":"write"}"#,
            "/a\"b\\c",
        );
        let tail = push_tail(&"B".repeat(32));
        let b = "B".repeat(32);
        let expected = format!(
            "--{b}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n\
             {{\"action\":\"write\"}}\r\n--{b}\r\nContent-Type: application/octet-stream\r\n\
             Content-Disposition: form-data; name=\"files\"; filename=\"/a\\\"b\\\\c\"\r\n\r\n"
        );
        assert_eq!(std::str::from_utf8(&head).unwrap(), expected);
        assert_eq!(&tail[..], format!("\r\n--{b}--\r\n").as_bytes());
    }

    #[test]
    fn quoted_filename_is_unescaped_and_kept_whole() {
        let header = br#"form-data; name="files"; filename="/etc/a \"b\"\\c.conf""#;
        assert_eq!(
            disposition_param(header, "filename").as_deref(),
            Some(r#"/etc/a "b"\c.conf"#)
        );
        assert_eq!(disposition_param(header, "name").as_deref(), Some("files"));
    }

    #[test]
    fn filename_ending_in_backslash_is_read_to_its_closing_quote() {
        let header = br#"form-data; filename="/x\\"; name="files""#;
        assert_eq!(
            disposition_param(header, "filename").as_deref(),
            Some("/x\\")
        );
        assert_eq!(disposition_param(header, "name").as_deref(), Some("files"));
    }

    #[test]
    fn unquoted_and_spaced_params_parse() {
        let header = b"form-data ;  NAME = response ; filename=/tmp/x";
        assert_eq!(
            disposition_param(header, "name").as_deref(),
            Some("response")
        );
        assert_eq!(
            disposition_param(header, "filename").as_deref(),
            Some("/tmp/x")
        );
    }

    #[test]
    fn name_does_not_match_filename() {
        let header = br#"form-data; filename="/n""#;
        assert_eq!(disposition_param(header, "name"), None);
    }

    #[test]
    fn semicolons_inside_quotes_are_kept() {
        let header = br#"form-data; filename="/a;name=b"; name="files""#;
        assert_eq!(
            disposition_param(header, "filename").as_deref(),
            Some("/a;name=b")
        );
        assert_eq!(disposition_param(header, "name").as_deref(), Some("files"));
    }

    #[test]
    fn unterminated_quote_is_none() {
        assert_eq!(
            disposition_param(br#"form-data; filename="/a"#, "filename"),
            None
        );
    }

    #[test]
    fn line_breaks_are_not_header_safe() {
        assert!(header_safe("/a b\"c"));
        assert!(!header_safe("/a\nb"));
        assert!(!header_safe("/a\rb"));
    }
}
