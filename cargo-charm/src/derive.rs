//! `metadata.yaml`, `config.yaml` and `actions.yaml`, derived from `charmcraft.yaml` as
//! charmcraft 4.5.0 derives them for a unified-format project.
//!
//! This works on the generic value tree of the file: charmcraft dumps the project's own
//! values, so nothing here needs a schema.
//!
//! - `metadata.yaml`: the metadata keys the project has (values passed through unchanged),
//!   `title` renamed `display-name`, `links` flattened (`documentation` → `docs`, `contact`
//!   → `maintainers`, always a list; `issues`, `source`, `website` to the top level), URLs
//!   normalised as pydantic's `AnyHttpUrl` does (it uses the same WHATWG rules as the `url`
//!   crate: `https://example.com` → `https://example.com/`), top-level nulls dropped, keys
//!   sorted. A project `metadata.yaml` is copied verbatim instead.
//! - `config.yaml` / `actions.yaml`: the value of `config` / `actions` itself, keys sorted;
//!   no file when the key is missing or empty. A project `config.yaml` / `actions.yaml` is
//!   copied verbatim instead (having both is an error, as in charmcraft).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use charm_spec::yaml;

/// The keys of charmcraft's `CharmMetadata` that a unified `charmcraft.yaml` writes under
/// the same name (`display-name`, `docs`, `maintainers`, `issues`, `source` and `website`
/// come from `title` and `links`).
const METADATA_KEYS: &[&str] = &[
    "name",
    "summary",
    "description",
    "assumes",
    "charm-user",
    "containers",
    "devices",
    "extra-bindings",
    "peers",
    "provides",
    "requires",
    "resources",
    "storage",
    "subordinate",
    "terms",
];

/// The `links` keys that hold URLs (one or a list).
const URL_LINKS: &[&str] = &["issues", "source", "website"];

/// Why a generated file cannot be derived.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A `links` URL is not an http(s) URL.
    #[error("charmcraft.yaml: links.{key}: {value:?} is not an http or https URL ({reason})")]
    Url {
        /// The key under `links`.
        key: String,
        /// The value.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A `links` value has the wrong type.
    #[error("charmcraft.yaml: links.{key} must be {expected}")]
    LinkType {
        /// The key under `links`.
        key: String,
        /// What it must be.
        expected: &'static str,
    },
    /// Both `charmcraft.yaml` and a project file define the same thing.
    #[error("charmcraft.yaml has `{key}` and the project also has {}: keep one", file.display())]
    Conflict {
        /// The key in `charmcraft.yaml`.
        key: &'static str,
        /// The project file.
        file: PathBuf,
    },
    /// A project file cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A derived value cannot be written as YAML.
    #[error("cannot write {file}")]
    Write {
        /// The generated file.
        file: &'static str,
        /// Why.
        #[source]
        source: yaml::Error,
    },
}

/// The generated files (`None`: charmcraft writes no such file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `metadata.yaml`.
    pub metadata: String,
    /// `config.yaml`.
    pub config: Option<String>,
    /// `actions.yaml`.
    pub actions: Option<String>,
}

/// Derives the files for the project in `dir` whose `charmcraft.yaml` is `tree`.
pub fn generate(dir: &Path, tree: &Map<String, Value>) -> Result<Generated, Error> {
    let metadata = match read_project_file(dir, "metadata.yaml")? {
        Some(verbatim) => verbatim,
        None => write("metadata.yaml", &metadata(tree)?)?,
    };
    Ok(Generated {
        metadata,
        config: mediated(dir, tree, "config", "config.yaml")?,
        actions: mediated(dir, tree, "actions", "actions.yaml")?,
    })
}

/// The `metadata.yaml` mapping of a project without its own `metadata.yaml`.
pub fn metadata(tree: &Map<String, Value>) -> Result<Map<String, Value>, Error> {
    let mut out = Map::new();
    for &key in METADATA_KEYS {
        if let Some(value) = tree.get(key).filter(|v| !v.is_null()) {
            out.insert(key.to_owned(), value.clone());
        }
    }
    if let Some(Value::Object(links)) = tree.get("links") {
        for (key, value) in links {
            if value.is_null() {
                continue;
            }
            match key.as_str() {
                "documentation" => {
                    out.insert("docs".to_owned(), Value::String(http_url(key, value)?));
                }
                "contact" => {
                    let contacts = match value {
                        Value::String(_) => vec![value.clone()],
                        Value::Array(list) if list.iter().all(Value::is_string) => list.clone(),
                        _ => {
                            return Err(Error::LinkType {
                                key: key.clone(),
                                expected: "a string or a list of strings",
                            });
                        }
                    };
                    out.insert("maintainers".to_owned(), Value::Array(contacts));
                }
                key if URL_LINKS.contains(&key) => {
                    let urls = match value {
                        Value::Array(list) => Value::Array(
                            list.iter()
                                .map(|v| http_url(key, v).map(Value::String))
                                .collect::<Result<_, _>>()?,
                        ),
                        one => Value::String(http_url(key, one)?),
                    };
                    out.insert(key.to_owned(), urls);
                }
                _ => {}
            }
        }
    }
    if let Some(title) = tree.get("title").filter(|v| !v.is_null()) {
        out.insert("display-name".to_owned(), title.clone());
    }
    Ok(out)
}

/// A URL as pydantic's `AnyHttpUrl` writes it back.
fn http_url(key: &str, value: &Value) -> Result<String, Error> {
    let Value::String(text) = value else {
        return Err(Error::LinkType {
            key: key.to_owned(),
            expected: "a URL or a list of URLs",
        });
    };
    let error = |reason: String| Error::Url {
        key: key.to_owned(),
        value: text.clone(),
        reason,
    };
    let url = url::Url::parse(text).map_err(|e| error(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(error(
            "the scheme must be http or https, with a host".to_owned(),
        ));
    }
    Ok(url.into())
}

/// `config.yaml` or `actions.yaml`: the project's own file, or the value of `key`.
fn mediated(
    dir: &Path,
    tree: &Map<String, Value>,
    key: &'static str,
    file: &'static str,
) -> Result<Option<String>, Error> {
    let value = tree.get(key).filter(|v| !is_empty(v));
    match (read_project_file(dir, file)?, value) {
        (Some(_), Some(_)) => Err(Error::Conflict {
            key,
            file: dir.join(file),
        }),
        (Some(verbatim), None) => Ok(Some(verbatim)),
        (None, Some(value)) => write(file, value).map(Some),
        (None, None) => Ok(None),
    }
}

/// Whether charmcraft treats the value as absent (`None`, `{}`, `[]`, `""`, `false`, `0`).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}

fn read_project_file(dir: &Path, file: &str) -> Result<Option<String>, Error> {
    let path = dir.join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

fn write<T: serde::Serialize>(file: &'static str, value: &T) -> Result<String, Error> {
    yaml::to_string(value).map_err(|source| Error::Write { file, source })
}

#[cfg(test)]
mod tests;
