//! Where a macro was invoked, and finding and reading the charm's `charmcraft.yaml`.
//!
//! The macros check what a charm names (containers, relation endpoints, storages, actions and
//! their parameters, config options) against this file. It is found next to the source file
//! that invokes the macro or in one of that file's parent directories, or where the user says
//! with `metadata = "path"` (relative to the invoking file's directory). Every declared name
//! keeps the line it was written on, so messages can cite `charmcraft.yaml:9`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::yaml::{self, Node, ScalarKind, Value};

/// What an attribute knows about where it was invoked.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    /// The source file that invoked the macro, when the compiler says.
    pub source_file: Option<PathBuf>,
}

impl Ctx {
    /// The context of the current macro invocation. Only callable from a macro entry point.
    pub(crate) fn from_call_site() -> Self {
        Self {
            source_file: proc_macro::Span::call_site().local_file(),
        }
    }
}

impl Ctx {
    /// The directory of the invoking source file.
    pub(crate) fn source_dir(&self) -> Option<&Path> {
        self.source_file.as_deref().and_then(Path::parent)
    }
}

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "charmcraft.yaml";

/// What `charmcraft.yaml` declares, as far as the macros need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Metadata {
    /// The file the metadata was read from.
    pub path: PathBuf,
    /// `containers:` and where the section starts.
    pub containers: Section<Named>,
    /// `requires:`, `provides:` and `peers:` endpoints, in that order.
    pub relations: Section<Relation>,
    /// `storage:`.
    pub storages: Section<Named>,
    /// `actions:`.
    pub actions: Section<Action>,
    /// `config: options:`.
    pub options: Section<ConfigOption>,
}

/// The entries of one section and the line of its key (0 when the file has no such section).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section<T> {
    /// 1-based line of the section's key, 0 when absent.
    pub line: u64,
    /// The entries in file order.
    pub items: Vec<T>,
}

impl<T> Default for Section<T> {
    fn default() -> Self {
        Self {
            line: 0,
            items: Vec::new(),
        }
    }
}

impl<T: HasName> Section<T> {
    /// The entry named `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&T> {
        self.items.iter().find(|item| item.name() == name)
    }

    /// Every entry's name, in file order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.items.iter().map(HasName::name)
    }
}

/// Something declared under a name.
pub(crate) trait HasName {
    /// The declared name.
    fn name(&self) -> &str;
}

/// A declared container or storage.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Named {
    /// Its name.
    pub name: String,
    /// 1-based line of its key.
    pub line: u64,
}

/// A relation endpoint.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relation {
    /// The endpoint name.
    pub name: String,
    /// `requires`, `provides` or `peers`.
    pub role: &'static str,
    /// 1-based line of its key.
    pub line: u64,
}

/// An action and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Action {
    /// The action name.
    pub name: String,
    /// 1-based line of its key.
    pub line: u64,
    /// `params:` of the action.
    pub params: Section<Param>,
}

/// One action parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    /// The parameter name.
    pub name: String,
    /// 1-based line of its key.
    pub line: u64,
    /// Its JSON Schema type.
    pub ty: ParamType,
    /// Whether the action's `required:` lists it.
    pub required: bool,
    /// Whether it has a `default:`.
    pub has_default: bool,
}

/// A JSON Schema type of an action parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamType {
    /// `string`.
    String,
    /// `integer`.
    Integer,
    /// `number`.
    Number,
    /// `boolean`.
    Boolean,
    /// `array`.
    Array,
    /// `object`, or no `type:`.
    Object,
}

/// One config option.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConfigOption {
    /// The option name.
    pub name: String,
    /// 1-based line of its key.
    pub line: u64,
    /// Its type.
    pub ty: OptionType,
    /// Whether it has a `default:` (then `config-get` always returns a value).
    pub has_default: bool,
}

/// The type of a config option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OptionType {
    /// `string`.
    String,
    /// `int`.
    Int,
    /// `float`.
    Float,
    /// `boolean`.
    Boolean,
    /// `secret` (a secret id).
    Secret,
}

impl HasName for Named {
    fn name(&self) -> &str {
        &self.name
    }
}

impl HasName for Relation {
    fn name(&self) -> &str {
        &self.name
    }
}

impl HasName for Action {
    fn name(&self) -> &str {
        &self.name
    }
}

impl HasName for Param {
    fn name(&self) -> &str {
        &self.name
    }
}

impl HasName for ConfigOption {
    fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Array => "array",
            Self::Object => "object",
        })
    }
}

impl fmt::Display for OptionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::String => "string",
            Self::Int => "int",
            Self::Float => "float",
            Self::Boolean => "boolean",
            Self::Secret => "secret",
        })
    }
}

/// Why the metadata could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LoadError {
    /// No `charmcraft.yaml` in the invoking file's directory or its parents.
    NotFound {
        /// The directory the search started from.
        start: PathBuf,
    },
    /// The compiler did not say where the invoking file is, and no `metadata =` was given.
    NoSourceFile,
    /// `metadata = "path"` names a file that cannot be read.
    BadPath {
        /// The path as resolved.
        path: PathBuf,
        /// The I/O error text.
        reason: String,
    },
    /// The file is not valid YAML or not shaped like `charmcraft.yaml`.
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line, 0 when unknown.
        line: u64,
        /// What is wrong.
        message: String,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { start } => write!(
                f,
                "no {FILE_NAME} found in {} or any parent directory; put it at the charm's root \
                 or name it with #[charm(metadata = \"path/to/{FILE_NAME}\")]",
                start.display()
            ),
            Self::NoSourceFile => write!(
                f,
                "cannot tell where the invoking source file is, so {FILE_NAME} cannot be found; \
                 name it with #[charm(metadata = \"path/to/{FILE_NAME}\")]"
            ),
            Self::BadPath { path, reason } => write!(
                f,
                "cannot read {}: {reason}; `metadata` is relative to the directory of the file \
                 that uses #[charm]",
                path.display()
            ),
            Self::Malformed {
                path,
                line,
                message,
            } => {
                let name = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                if *line > 0 {
                    write!(f, "{name}:{line}: {message}")
                } else {
                    write!(f, "{name}: {message}")
                }
            }
        }
    }
}

/// Finds the metadata file: `explicit` relative to `source_dir` when given, otherwise the
/// first `charmcraft.yaml` in `source_dir` or one of its parents.
///
/// # Errors
///
/// [`LoadError::NotFound`], [`LoadError::NoSourceFile`] or [`LoadError::BadPath`].
pub(crate) fn locate(
    source_dir: Option<&Path>,
    explicit: Option<&str>,
) -> Result<PathBuf, LoadError> {
    if let Some(explicit) = explicit {
        let path = match source_dir {
            Some(dir) => dir.join(explicit),
            None => PathBuf::from(explicit),
        };
        return match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(path),
            Ok(_) => Err(LoadError::BadPath {
                path,
                reason: "not a file".to_owned(),
            }),
            Err(err) => Err(LoadError::BadPath {
                path,
                reason: io_reason(&err),
            }),
        };
    }
    let start = source_dir.ok_or(LoadError::NoSourceFile)?;
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| LoadError::NotFound {
            start: start.to_owned(),
        })
}

/// An I/O error as a lower-case reason without the OS error number.
fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string().to_lowercase(),
    }
}

/// Reads and parses the file at `path`.
///
/// # Errors
///
/// [`LoadError::BadPath`] when it cannot be read, [`LoadError::Malformed`] when it cannot be
/// parsed.
pub(crate) fn load(path: &Path) -> Result<Metadata, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|err| LoadError::BadPath {
        path: path.to_owned(),
        reason: io_reason(&err),
    })?;
    parse(path, &text)
}

/// Parses `text`, read from `path`.
///
/// # Errors
///
/// [`LoadError::Malformed`] when the text is not YAML or a section has the wrong shape.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Metadata, LoadError> {
    let malformed = |line: u64, message: String| LoadError::Malformed {
        path: path.to_owned(),
        line,
        message,
    };
    let root = yaml::parse(text).map_err(|e| malformed(e.line, e.message))?;
    let mut metadata = Metadata {
        path: path.to_owned(),
        ..Metadata::default()
    };
    if root.is_null() {
        return Ok(metadata);
    }
    let entries = as_map(&root, "the top level").map_err(|(l, m)| malformed(l, m))?;
    let result: Result<(), (u64, String)> = (|| {
        for (key, value) in entries {
            match key.as_str().unwrap_or_default() {
                "containers" => metadata.containers = named_section(key, value, "containers")?,
                "storage" => metadata.storages = named_section(key, value, "storage")?,
                role @ ("requires" | "provides" | "peers") => {
                    let section = named_section(key, value, role)?;
                    if metadata.relations.line == 0 {
                        metadata.relations.line = section.line;
                    }
                    let role = match role {
                        "requires" => "requires",
                        "provides" => "provides",
                        _ => "peers",
                    };
                    metadata
                        .relations
                        .items
                        .extend(section.items.into_iter().map(|n| Relation {
                            name: n.name,
                            role,
                            line: n.line,
                        }));
                }
                "actions" => metadata.actions = actions(key, value)?,
                "config" => metadata.options = config(value)?,
                _ => {}
            }
        }
        Ok(())
    })();
    result.map_err(|(l, m)| malformed(l, m))?;
    Ok(metadata)
}

/// A shape error: line and message.
type ShapeError = (u64, String);

/// The entries of a mapping node, or an error naming `what` when it is not one.
fn as_map<'a>(node: &'a Node, what: &str) -> Result<&'a [(Node, Node)], ShapeError> {
    match &node.value {
        Value::Map(entries) => Ok(entries),
        Value::Null => Ok(&[]),
        _ => Err((
            node.line,
            format!("{what} must be a mapping, not {}", node.kind_name()),
        )),
    }
}

/// The key of a mapping entry as a string.
fn key_name(key: &Node) -> Result<String, ShapeError> {
    key.as_str().map(str::to_owned).ok_or_else(|| {
        (
            key.line,
            format!("expected a name, found {}", key.kind_name()),
        )
    })
}

/// A section whose entries only matter by name.
fn named_section(key: &Node, value: &Node, what: &str) -> Result<Section<Named>, ShapeError> {
    let items = as_map(value, &format!("`{what}`"))?
        .iter()
        .map(|(k, _)| {
            Ok(Named {
                name: key_name(k)?,
                line: k.line,
            })
        })
        .collect::<Result<_, ShapeError>>()?;
    Ok(Section {
        line: key.line,
        items,
    })
}

/// The value of `field` in a mapping's entries.
fn field<'a>(entries: &'a [(Node, Node)], field: &str) -> Option<&'a Node> {
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some(field))
        .map(|(_, v)| v)
}

/// `actions:`.
fn actions(key: &Node, value: &Node) -> Result<Section<Action>, ShapeError> {
    let mut section = Section {
        line: key.line,
        items: Vec::new(),
    };
    for (name, spec) in as_map(value, "`actions`")? {
        let name_text = key_name(name)?;
        let spec_entries = as_map(spec, &format!("action `{name_text}`"))?;
        let required: Vec<&str> = match field(spec_entries, "required") {
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items.iter().filter_map(Node::as_str).collect(),
            Some(other) if !other.is_null() => {
                return Err((
                    other.line,
                    format!(
                        "`required` of action `{name_text}` must be a list, not {}",
                        other.kind_name()
                    ),
                ));
            }
            _ => Vec::new(),
        };
        let mut params = Section::default();
        if let Some(params_node) = field(spec_entries, "params") {
            params.line = params_node.line;
            for (pname, pspec) in as_map(params_node, &format!("`params` of `{name_text}`"))? {
                let pname_text = key_name(pname)?;
                let pentries = as_map(pspec, &format!("parameter `{pname_text}`"))?;
                let ty = match field(pentries, "type").and_then(Node::as_str) {
                    Some("string") => ParamType::String,
                    Some("integer") => ParamType::Integer,
                    Some("number") => ParamType::Number,
                    Some("boolean") => ParamType::Boolean,
                    Some("array") => ParamType::Array,
                    Some("object") | None => ParamType::Object,
                    Some(other) => {
                        return Err((
                            pname.line,
                            format!(
                                "parameter `{pname_text}` has unknown type `{other}` (expected \
                                 string, integer, number, boolean, array or object)"
                            ),
                        ));
                    }
                };
                params.items.push(Param {
                    required: required.contains(&pname_text.as_str()),
                    has_default: field(pentries, "default").is_some_and(|d| !d.is_null()),
                    name: pname_text,
                    line: pname.line,
                    ty,
                });
            }
        }
        section.items.push(Action {
            name: name_text,
            line: name.line,
            params,
        });
    }
    Ok(section)
}

/// `config:` (its `options:`).
fn config(value: &Node) -> Result<Section<ConfigOption>, ShapeError> {
    let entries = as_map(value, "`config`")?;
    let Some(options) = field(entries, "options") else {
        return Ok(Section::default());
    };
    let line = entries
        .iter()
        .find(|(k, _)| k.as_str() == Some("options"))
        .map_or(0, |(k, _)| k.line);
    let mut section = Section {
        line,
        items: Vec::new(),
    };
    for (name, spec) in as_map(options, "`config.options`")? {
        let name_text = key_name(name)?;
        let spec_entries = as_map(spec, &format!("config option `{name_text}`"))?;
        let ty = match field(spec_entries, "type").and_then(Node::as_str) {
            Some("string") | None => OptionType::String,
            Some("int") => OptionType::Int,
            Some("float") => OptionType::Float,
            Some("boolean") => OptionType::Boolean,
            Some("secret") => OptionType::Secret,
            Some(other) => {
                return Err((
                    name.line,
                    format!(
                        "config option `{name_text}` has unknown type `{other}` (expected \
                         string, int, float, boolean or secret)"
                    ),
                ));
            }
        };
        let default = field(spec_entries, "default").filter(|d| !d.is_null());
        if let Some(default) = default {
            check_default(&name_text, ty, default)?;
        }
        section.items.push(ConfigOption {
            name: name_text,
            line: name.line,
            ty,
            has_default: default.is_some(),
        });
    }
    Ok(section)
}

/// Rejects a config default that does not have the option's type.
fn check_default(name: &str, ty: OptionType, default: &Node) -> Result<(), ShapeError> {
    let kind = default.as_scalar().map(|s| s.kind);
    let fits = match ty {
        OptionType::String | OptionType::Secret => kind.is_some(),
        OptionType::Int => matches!(kind, Some(ScalarKind::Int(_))),
        OptionType::Float => matches!(kind, Some(ScalarKind::Int(_) | ScalarKind::Float(_))),
        OptionType::Boolean => matches!(kind, Some(ScalarKind::Bool(_))),
    };
    if fits {
        Ok(())
    } else {
        Err((
            default.line,
            format!(
                "the default of config option `{name}` is {}, but its type is {ty}",
                default.kind_name()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARM: &str = "\
name: demo
containers:
  myapp:
    resource: image
  sidecar:
    resource: image
requires:
  database:
    interface: postgresql_client
provides:
  metrics:
    interface: prometheus_scrape
peers:
  cluster:
    interface: cluster
storage:
  data:
    type: filesystem
actions:
  backup:
    params:
      target:
        type: string
      compress:
        type: boolean
        default: true
      retries:
        type: integer
    required: [target]
config:
  options:
    port:
      type: int
      default: 8080
    log-level:
      type: string
    ratio:
      type: float
      default: 1
";

    fn charm() -> Metadata {
        parse(Path::new("/x/charmcraft.yaml"), CHARM).unwrap()
    }

    #[test]
    fn reads_every_section_with_lines() {
        let m = charm();
        assert_eq!(m.containers.line, 2);
        assert_eq!(
            m.containers.names().collect::<Vec<_>>(),
            ["myapp", "sidecar"]
        );
        assert_eq!(m.containers.get("sidecar").unwrap().line, 5);
        let roles: Vec<_> = m
            .relations
            .items
            .iter()
            .map(|r| (r.name.as_str(), r.role))
            .collect();
        assert_eq!(
            roles,
            [
                ("database", "requires"),
                ("metrics", "provides"),
                ("cluster", "peers")
            ]
        );
        assert_eq!(m.relations.line, 7);
        assert_eq!(m.storages.names().collect::<Vec<_>>(), ["data"]);
        let backup = m.actions.get("backup").unwrap();
        let target = backup.params.get("target").unwrap();
        assert!(target.required && !target.has_default && target.ty == ParamType::String);
        let compress = backup.params.get("compress").unwrap();
        assert!(!compress.required && compress.has_default);
        assert_eq!(backup.params.get("retries").unwrap().ty, ParamType::Integer);
        assert_eq!(m.options.line, 31);
        let port = m.options.get("port").unwrap();
        assert_eq!(
            (port.ty, port.has_default, port.line),
            (OptionType::Int, true, 32)
        );
        assert!(!m.options.get("log-level").unwrap().has_default);
        assert_eq!(m.options.get("ratio").unwrap().ty, OptionType::Float);
    }

    #[test]
    fn empty_file_declares_nothing() {
        let m = parse(Path::new("charmcraft.yaml"), "").unwrap();
        assert!(m.containers.items.is_empty() && m.options.items.is_empty());
    }

    #[test]
    fn malformed_files_cite_the_line() {
        let err = parse(
            Path::new("/x/charmcraft.yaml"),
            "name: x\ncontainers: [a]\n",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "charmcraft.yaml:2: `containers` must be a mapping, not a list"
        );
        let err = parse(Path::new("/x/charmcraft.yaml"), "a: 1\n b: 2\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("charmcraft.yaml:2: mapping values are not allowed in this context"),
            "{err}"
        );
        let bad_default = "config:\n  options:\n    port:\n      type: int\n      default: high\n";
        let err = parse(Path::new("/x/charmcraft.yaml"), bad_default).unwrap_err();
        assert_eq!(
            err.to_string(),
            "charmcraft.yaml:5: the default of config option `port` is a string, but its type is int"
        );
    }

    #[test]
    fn locates_in_parents_or_explicitly() {
        let dir = std::env::temp_dir().join(format!("charm-macros-meta-{}", std::process::id()));
        let src = dir.join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(dir.join(FILE_NAME), "name: x\n").unwrap();
        assert_eq!(locate(Some(&src), None).unwrap(), dir.join(FILE_NAME));
        assert_eq!(
            locate(Some(&src), Some("../charmcraft.yaml")).unwrap(),
            src.join("../charmcraft.yaml")
        );
        let err = locate(Some(&src), Some("nope.yaml")).unwrap_err();
        assert!(matches!(err, LoadError::BadPath { .. }), "{err:?}");
        assert!(err.to_string().contains("no such file"), "{err}");
        assert_eq!(locate(None, None).unwrap_err(), LoadError::NoSourceFile);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
