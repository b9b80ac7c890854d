//! JSON text laid out as Python's `json.dumps` writes it by default.
//!
//! The Python libraries store JSON in databags with `json.dumps(value)`: `", "` between
//! items, `": "` after keys, every character outside printable ASCII escaped as `\uXXXX`
//! (`ensure_ascii`). A peer compares those texts byte for byte, so this is the one place
//! that writes them.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

/// A `serde_json` formatter with `json.dumps`' separators and escapes.
struct PythonFormatter;

impl Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if (' '..='~').contains(&c) {
                w.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(w, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

/// `value` as the text Python's `json.dumps(value)` writes.
///
/// # Errors
///
/// The serde error when `value` cannot be represented as JSON (a map with non-string keys).
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    value.serialize(&mut Serializer::with_formatter(&mut out, PythonFormatter))?;
    // The formatter writes only ASCII.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::to_string;
    use serde_json::json;

    #[test]
    fn separators_and_escapes_follow_json_dumps() {
        // json.dumps([{"a": "x\ny", "b": None, "c": False}, "é😀\x7f"]) in Python 3.
        let value = json!([{"a": "x\ny", "b": null, "c": false}, "é😀\u{7f}"]);
        assert_eq!(
            to_string(&value).unwrap(),
            r#"[{"a": "x\ny", "b": null, "c": false}, "\u00e9\ud83d\ude00\u007f"]"#
        );
    }

    #[test]
    fn empty_containers_have_no_separators() {
        assert_eq!(
            to_string(&json!({"a": [], "b": {}})).unwrap(),
            r#"{"a": [], "b": {}}"#
        );
    }
}
