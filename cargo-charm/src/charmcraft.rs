//! The few typed fields of `charmcraft.yaml` that packing needs: `name`, `type`, `base`,
//! `platforms` and `parts`, with the lines they were written on.
//!
//! Everything else in the file is read only as a generic value tree by [`crate::derive`],
//! which passes the project's own values through as charmcraft does. Unknown keys are
//! ignored here: charmcraft, not this reader, owns the schema.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::yaml::{self, Spanned};

/// The file name, in the charm's directory.
pub const FILE_NAME: &str = "charmcraft.yaml";

/// Why `charmcraft.yaml` cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// There is no `charmcraft.yaml` beside the charm's `Cargo.toml`.
    #[error("no {FILE_NAME} in {}: a charm crate has its charmcraft.yaml beside its Cargo.toml", dir.display())]
    Missing {
        /// The charm's directory.
        dir: PathBuf,
    },
    /// The file cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not YAML of the expected shape.
    #[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line of the mistake, when known.
        line: Option<u64>,
        /// What is wrong.
        message: String,
    },
}

/// A platform entry: `amd64:` (null) or `{build-on: [...], build-for: [...]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Platform {
    /// The architectures (optionally `base:arch`) the charm is built for.
    #[serde(default)]
    pub build_for: Option<Vec<String>>,
}

/// A part: only where `organize` puts the built files matters here.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Part {
    /// Built path → path in the charm.
    #[serde(default)]
    pub organize: BTreeMap<String, String>,
}

/// The typed fields of `charmcraft.yaml`.
#[derive(Debug, Deserialize)]
pub struct Charmcraft {
    /// The charm's name (the archive is `<name>_<platform>.charm`).
    pub name: Spanned<String>,
    /// `charm` for a charm.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    /// `ubuntu@24.04`: the base of every platform that does not name its own.
    #[serde(default)]
    pub base: Option<Spanned<String>>,
    /// Platform name → what it builds for.
    #[serde(default)]
    pub platforms: Option<Spanned<BTreeMap<String, Option<Platform>>>>,
    /// The legacy `bases:` form, which packing does not support.
    #[serde(default)]
    pub bases: Option<Spanned<serde::de::IgnoredAny>>,
    /// Part name → part.
    #[serde(default)]
    pub parts: Option<Spanned<BTreeMap<String, Part>>>,
}

/// A charm's `charmcraft.yaml`: its typed fields and the whole file as a value tree.
#[derive(Debug)]
pub struct Project {
    /// Where the file is.
    pub path: PathBuf,
    /// The fields packing reads.
    pub typed: Charmcraft,
    /// The whole top-level mapping.
    pub tree: Map<String, Value>,
}

impl Project {
    /// Reads `charmcraft.yaml` in `dir`.
    pub fn load(dir: &Path) -> Result<Self, Error> {
        let path = dir.join(FILE_NAME);
        let text = std::fs::read_to_string(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::Missing {
                    dir: dir.to_path_buf(),
                }
            } else {
                Error::Read {
                    path: path.clone(),
                    source,
                }
            }
        })?;
        Self::parse(path, &text)
    }

    /// Reads the text of a `charmcraft.yaml` found at `path`.
    pub fn parse(path: PathBuf, text: &str) -> Result<Self, Error> {
        let invalid = |error: yaml::ReadError| Error::Invalid {
            path: path.clone(),
            line: error.line,
            message: error.message,
        };
        let tree: Map<String, Value> = yaml::from_str(text).map_err(invalid)?;
        let typed: Charmcraft = yaml::from_str(text).map_err(invalid)?;
        Ok(Self { path, typed, tree })
    }

    /// The binary a part organises as `dispatch` (`organize: {bin/NAME: dispatch}`, or
    /// `NAME: dispatch` for a virtual workspace), which is the Cargo binary target to build.
    pub fn dispatch_bin(&self) -> Result<String, Error> {
        let parts = self.typed.parts.as_ref();
        let found = parts
            .iter()
            .flat_map(|p| p.value.values())
            .find_map(|part| {
                part.organize
                    .iter()
                    .find(|(_, to)| to.trim_start_matches("./") == "dispatch")
                    .map(|(from, _)| from.trim_start_matches("bin/").to_owned())
            });
        found.ok_or_else(|| {
            self.invalid(
                parts.map(yaml::line),
                "no part organizes the charm binary as `dispatch`; add a part such as \
                 `charm: {plugin: rust, source: ., organize: {bin/NAME: dispatch}}`",
            )
        })
    }

    /// An error at `line` of this file.
    pub fn invalid(&self, line: Option<u64>, message: impl Into<String>) -> Error {
        Error::Invalid {
            path: self.path.clone(),
            line,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Project, Error> {
        Project::parse(PathBuf::from("charmcraft.yaml"), text)
    }

    #[test]
    fn reads_the_typed_fields_and_keeps_the_rest_as_a_tree() {
        let project = parse(
            "name: web\ntype: charm\nbase: ubuntu@24.04\nplatforms:\n  amd64:\nparts:\n  charm:\n    plugin: rust\n    organize:\n      bin/web: dispatch\nconfig:\n  options: {}\n",
        )
        .unwrap();
        assert_eq!(project.typed.name.value, "web");
        assert_eq!(yaml::line(&project.typed.name), 1);
        let platforms = project.typed.platforms.unwrap();
        assert_eq!(yaml::line(&platforms), 5);
        assert!(platforms.value["amd64"].is_none());
        let parts = project.typed.parts.unwrap().value;
        assert_eq!(parts["charm"].organize["bin/web"], "dispatch");
        assert_eq!(project.tree["config"]["options"], Value::Object(Map::new()));
    }

    #[test]
    fn the_dispatch_binary_comes_from_organize() {
        let yaml = "name: web\nparts:\n  a: {plugin: nil}\n  charm:\n    plugin: rust\n    organize: {bin/web-charm: dispatch}\n";
        assert_eq!(parse(yaml).unwrap().dispatch_bin().unwrap(), "web-charm");
        let error = parse("name: web\nparts:\n  charm: {plugin: rust}\n")
            .unwrap()
            .dispatch_bin();
        let error = error.unwrap_err().to_string();
        assert!(
            error.starts_with("charmcraft.yaml:3: no part organizes"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_name_is_an_error_with_the_path() {
        let error = parse("type: charm\n").unwrap_err().to_string();
        assert!(error.starts_with("charmcraft.yaml"), "{error}");
        assert!(error.contains("name"), "{error}");
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let error = parse("name: web\ntype: charm\nparts: [\n").unwrap_err();
        let Error::Invalid { line, .. } = &error else {
            panic!("{error:?}")
        };
        assert!(line.is_some_and(|l| l >= 3), "{error}");
    }

    #[test]
    fn a_file_that_is_not_a_mapping_is_invalid() {
        assert!(matches!(parse("- a\n- b\n"), Err(Error::Invalid { .. })));
    }

    #[test]
    fn a_missing_file_says_where_it_was_looked_for() {
        let dir = tempfile::tempdir().unwrap();
        let error = Project::load(dir.path()).unwrap_err();
        assert!(matches!(error, Error::Missing { .. }), "{error:?}");
    }
}
