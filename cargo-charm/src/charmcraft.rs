//! A charm's `charmcraft.yaml`, read once through `charm-spec`'s typed model (the one the
//! macros and the test harness use), plus the whole file as a value tree.
//!
//! Packing reads `name`, `type`, `base`, `bases`, `platforms` and the `organize` of
//! `parts` from the model; [`crate::derive`] passes the project's own values through from
//! the tree, as charmcraft does. `charm-spec` tolerates keys it does not know: charmcraft,
//! not this reader, owns the schema.

use std::path::{Path, PathBuf};

use charm_spec::charmcraft::Charmcraft;
use serde_json::{Map, Value};

pub use charm_spec::charmcraft::FILE_NAME;

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

/// A charm's `charmcraft.yaml`: the typed model and the whole file as a value tree.
#[derive(Debug)]
pub struct Project {
    /// Where the file is.
    pub path: PathBuf,
    /// What it declares, with lines.
    pub spec: Charmcraft,
    /// The whole top-level mapping.
    pub tree: Map<String, Value>,
    name: String,
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
        let spec = match Charmcraft::parse(text) {
            Ok(spec) => spec,
            Err(error) => {
                let mut problems = error.problems.iter();
                let first = problems.next();
                let rest: Vec<String> = problems.map(ToString::to_string).collect();
                let mut message = first.map(|p| p.message.clone()).unwrap_or_default();
                if !rest.is_empty() {
                    message = format!("{message}; {}", rest.join("; "));
                }
                return Err(Error::Invalid {
                    path,
                    line: first.map(|p| p.line),
                    message,
                });
            }
        };
        let invalid = |message: &str| Error::Invalid {
            path: path.clone(),
            line: None,
            message: message.to_owned(),
        };
        let tree = charm_spec::yaml::parse(text)
            .ok()
            .and_then(|node| serde_json::to_value(&node).ok());
        let Some(Value::Object(tree)) = tree else {
            return Err(invalid("the document must be a mapping of keys to values"));
        };
        let name = spec
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .ok_or_else(|| invalid("no `name`: add `name: my-charm`"))?;
        Ok(Self {
            path,
            spec,
            tree,
            name,
        })
    }

    /// The charm's name (the archive is `<name>_<platform>.charm`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The binary a part organises as `dispatch` (`organize: {bin/NAME: dispatch}`, or
    /// `NAME: dispatch` for a virtual workspace), which is the Cargo binary target to build.
    pub fn dispatch_bin(&self) -> Result<String, Error> {
        let parts = &self.spec.parts;
        let found = parts.entries.iter().find_map(|part| {
            part.value
                .organize
                .iter()
                .find(|(_, to)| to.trim_start_matches("./") == "dispatch")
                .map(|(from, _)| from.trim_start_matches("bin/").to_owned())
        });
        found.ok_or_else(|| {
            // The first part is where an `organize` would go.
            let line = parts.entries.first().map_or(parts.line, |e| e.line);
            self.invalid(
                Some(line).filter(|&l| l > 0),
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
        assert_eq!(project.name(), "web");
        assert_eq!(project.spec.name.as_ref().unwrap().line, 1);
        let platforms = &project.spec.platforms;
        assert_eq!(platforms.line, 4);
        assert!(platforms.get("amd64").unwrap().value.build_for.is_empty());
        let charm = &project.spec.parts.get("charm").unwrap().value;
        assert_eq!(
            charm.organize,
            [("bin/web".to_owned(), "dispatch".to_owned())]
        );
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
