//! `manifest.yaml`, as charmcraft 4.5.0 writes it for one platform.

use serde::Serialize;
use time::OffsetDateTime;
use time::macros::format_description;

use crate::platforms::Target;
use charm_spec::yaml;

/// The charmcraft release whose archive layout `cargo charm pack` reproduces, written as
/// `charmcraft-version`.
pub const CHARMCRAFT_VERSION: &str = "4.5.0";

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Manifest<'a> {
    charmcraft_version: &'static str,
    charmcraft_started_at: String,
    bases: [ManifestBase<'a>; 1],
    analysis: Analysis,
}

#[derive(Serialize)]
struct ManifestBase<'a> {
    name: &'a str,
    channel: &'a str,
    architectures: [&'a str; 1],
}

#[derive(Serialize)]
struct Analysis {
    attributes: [Attribute; 2],
}

#[derive(Serialize)]
struct Attribute {
    name: &'static str,
    result: &'static str,
}

/// The manifest of `target`, packed at `started_at`.
///
/// The analysis attributes are what charmcraft's `language` and `framework` checkers find
/// for a compiled `dispatch`: `unknown` (they recognise only Python, ops and reactive charms).
pub fn manifest(target: &Target, started_at: OffsetDateTime) -> Result<String, yaml::Error> {
    yaml::to_string(&Manifest {
        charmcraft_version: CHARMCRAFT_VERSION,
        charmcraft_started_at: iso_format(started_at),
        bases: [ManifestBase {
            name: &target.base.name,
            channel: &target.base.channel,
            architectures: [&target.arch],
        }],
        analysis: Analysis {
            attributes: [
                Attribute {
                    name: "language",
                    result: "unknown",
                },
                Attribute {
                    name: "framework",
                    result: "unknown",
                },
            ],
        },
    })
}

/// Python's `datetime.isoformat()` of a naive time: microseconds only when not zero.
fn iso_format(at: OffsetDateTime) -> String {
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let micros = format_description!(".[subsecond digits:6]");
    let mut text = at.format(&seconds).unwrap_or_default();
    if at.microsecond() != 0 {
        text.push_str(&at.format(&micros).unwrap_or_default());
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use time::macros::datetime;

    use super::*;
    use crate::platforms::Base;

    #[test]
    fn manifest_has_charmcraft_s_fields_in_order() {
        let target = Target {
            platform: "amd64".into(),
            base: Base::parse("ubuntu@24.04").unwrap(),
            arch: "amd64".into(),
        };
        let text = manifest(&target, datetime!(2026-11-30 12:34:56.789012 UTC)).unwrap();
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '-']))
            .collect();
        assert_eq!(
            keys,
            [
                "charmcraft-version: \"4.5.0\"",
                "charmcraft-started-at: \"2026-11-30T12:34:56.789012\"",
                "bases:",
                "analysis:"
            ],
            "{text}"
        );
        let value: Value = yaml::from_str(&text).unwrap();
        assert_eq!(value["charmcraft-started-at"], "2026-11-30T12:34:56.789012");
        assert_eq!(
            value["bases"],
            json!([{"name": "ubuntu", "channel": "24.04", "architectures": ["amd64"]}])
        );
        assert_eq!(
            value["analysis"]["attributes"],
            json!([{"name": "language", "result": "unknown"}, {"name": "framework", "result": "unknown"}])
        );
    }

    #[test]
    fn whole_seconds_have_no_fraction_as_in_python() {
        assert_eq!(
            iso_format(datetime!(2026-01-02 03:04:05 UTC)),
            "2026-01-02T03:04:05"
        );
    }
}
