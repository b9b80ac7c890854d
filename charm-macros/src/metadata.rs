//! Where the macro was invoked, and the charm's `charmcraft.yaml`.
//!
//! `charmcraft.yaml` is found relative to the source file that invokes the macro
//! ([`proc_macro::Span::local_file`]): the file's directory and then each parent, unless the
//! attribute names a path (relative to that directory). Compiling from a generated project
//! (trybuild) or without a known source file falls back to `CARGO_MANIFEST_DIR`. The file is
//! parsed into spanned values, so messages cite `charmcraft.yaml:LINE`, and expansions track
//! it with `include_bytes!` so that editing it recompiles the charm.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::diag::{self, Diagnostics};
use charm_spec::yaml::{self, Node, ScalarKind, Value};

/// The file the macros read.
pub(crate) const FILE_NAME: &str = "charmcraft.yaml";

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

    /// A context for a macro invoked from `file` (for tests).
    #[cfg(test)]
    pub(crate) fn for_file(file: impl Into<PathBuf>) -> Self {
        Self {
            source_file: Some(file.into()),
        }
    }

    /// The directory paths are resolved against: the invoking file's directory, else the
    /// crate's manifest directory.
    fn base_dir(&self) -> Option<PathBuf> {
        let from_file = self.source_file.as_deref().and_then(|file| {
            let file = if file.is_relative() {
                // Compilers report paths relative to the workspace root; the process runs in
                // the package directory, whose ancestors hold that root.
                let cwd = std::env::current_dir().ok()?;
                cwd.ancestors()
                    .map(|dir| dir.join(file))
                    .find(|candidate| candidate.is_file())?
            } else {
                file.to_path_buf()
            };
            file.parent().map(Path::to_path_buf)
        });
        from_file.or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
    }

    /// Finds `charmcraft.yaml`: `path` (relative to the invoking file's directory) when given,
    /// else the nearest one in that directory or a parent.
    ///
    /// # Errors
    ///
    /// At `span` (or at `path`) when no file is found.
    pub(crate) fn find_charmcraft(
        &self,
        path: Option<&syn::LitStr>,
        span: Span,
    ) -> syn::Result<PathBuf> {
        let Some(base) = self.base_dir() else {
            return Err(syn::Error::new(
                span,
                "cannot tell which file invoked the macro, so charmcraft.yaml cannot be found; \
                 build with cargo",
            ));
        };
        if let Some(path) = path {
            let candidate = base.join(path.value());
            return if candidate.is_file() {
                Ok(candidate)
            } else {
                Err(syn::Error::new(
                    path.span(),
                    format!(
                        "no file at {} (the path is relative to {}); fix the path",
                        candidate.display(),
                        base.display()
                    ),
                ))
            };
        }
        base.ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| {
                syn::Error::new(
                    span,
                    format!(
                        "cannot find {FILE_NAME} in {} or any parent directory; put the charm's \
                         {FILE_NAME} at the crate root, or give its path with \
                         `#[charm(metadata = \"path/to/{FILE_NAME}\")]`",
                        base.display()
                    ),
                )
            })
    }

    /// Finds and reads `charmcraft.yaml`.
    ///
    /// # Errors
    ///
    /// At `span` when the file cannot be found, read or understood.
    pub(crate) fn charmcraft(
        &self,
        path: Option<&syn::LitStr>,
        span: Span,
    ) -> syn::Result<Charmcraft> {
        let file = self.find_charmcraft(path, span)?;
        let text = std::fs::read_to_string(&file)
            .map_err(|e| syn::Error::new(span, format!("cannot read {}: {e}", file.display())))?;
        Charmcraft::parse(&text, file, span)
    }
}

/// A section of `charmcraft.yaml` holding named entries (`containers`, `requires`, ...).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section<T> {
    /// The key in `charmcraft.yaml`.
    pub key: &'static str,
    /// What an entry is, for messages (`container`).
    pub what: &'static str,
    /// Line of the key, 0 when the section is absent.
    pub line: u64,
    /// The entries, in document order.
    pub entries: Vec<Entry<T>>,
}

/// A named entry of a section.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry<T> {
    /// The name.
    pub name: String,
    /// Line of the name.
    pub line: u64,
    /// What the entry declares.
    pub value: T,
}

impl<T> Section<T> {
    fn empty(key: &'static str, what: &'static str) -> Self {
        Self {
            key,
            what,
            line: 0,
            entries: Vec::new(),
        }
    }

    /// The entry called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Entry<T>> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The declared names, in order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// The entry named by `name`, or an error at `name` that lists the declared names and
    /// suggests the closest: `no container "mypp" in charmcraft.yaml:9 (declared: myapp,
    /// sidecar); did you mean "myapp"?`.
    ///
    /// # Errors
    ///
    /// When no entry has that name.
    pub(crate) fn lookup(&self, name: &syn::LitStr) -> syn::Result<&Entry<T>> {
        let wanted = name.value();
        if let Some(entry) = self.get(&wanted) {
            return Ok(entry);
        }
        let message = if self.line == 0 {
            format!(
                "no {} \"{wanted}\": {FILE_NAME} has no `{}` section; declare it there",
                self.what, self.key
            )
        } else {
            format!(
                "no {} \"{wanted}\" in {FILE_NAME}:{} (declared: {}){}",
                self.what,
                self.line,
                diag::list(self.names()),
                diag::did_you_mean(&wanted, self.names())
            )
        };
        Err(syn::Error::new(name.span(), message))
    }
}

/// A workload container (`containers.<name>`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Container {
    /// The OCI image resource it runs, if named.
    pub resource: Option<String>,
    /// Storage mounts: storage name and location.
    pub mounts: Vec<(String, Option<String>)>,
}

/// A relation endpoint (`requires`, `provides` or `peers`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Relation {
    /// The interface name.
    pub interface: String,
    /// The maximum number of related applications, if limited.
    pub limit: Option<u64>,
    /// Whether the relation is optional.
    pub optional: bool,
    /// `global` or `container`, if set.
    pub scope: Option<String>,
}

/// A storage (`storage.<name>`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Storage {
    /// `filesystem` or `block`.
    pub kind: String,
    /// Where it is mounted in the charm container, if set.
    pub location: Option<String>,
}

/// An action (`actions.<name>`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Action {
    /// Its description.
    pub description: Option<String>,
    /// Its parameters.
    pub params: Section<ActionParam>,
}

/// An action parameter (`actions.<name>.params.<param>`, a JSON-schema property).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ActionParam {
    /// The JSON-schema type (`string`, `integer`, `number`, `boolean`, `array`, `object`).
    pub ty: Option<String>,
    /// Whether the action's `required` list names it.
    pub required: bool,
    /// The default value, if any.
    pub default: Option<Node>,
    /// Its description.
    pub description: Option<String>,
}

/// A configuration option (`config.options.<name>`).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ConfigOption {
    /// `string`, `int`, `float`, `boolean` or `secret`.
    pub ty: String,
    /// The default value, if any.
    pub default: Option<Node>,
    /// Its description.
    pub description: Option<String>,
}

/// What `charmcraft.yaml` declares that the macros check against.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Charmcraft {
    /// The file read.
    pub path: PathBuf,
    /// Workload containers.
    pub containers: Section<Container>,
    /// Relations this charm requires.
    pub requires: Section<Relation>,
    /// Relations this charm provides.
    pub provides: Section<Relation>,
    /// Peer relations.
    pub peers: Section<Relation>,
    /// Storages.
    pub storage: Section<Storage>,
    /// Actions.
    pub actions: Section<Action>,
    /// Configuration options.
    pub config: Section<ConfigOption>,
}

/// Reads one file's nodes, recording problems with their line.
struct Reader<'a> {
    file: &'a str,
    span: Span,
    diag: Diagnostics,
}

impl Reader<'_> {
    fn error(&mut self, line: u64, message: impl std::fmt::Display) {
        let file = self.file;
        self.diag
            .error(self.span, format_args!("{file}:{line}: {message}"));
    }

    fn entries<'n>(&mut self, node: &'n Node, path: &str) -> &'n [(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            Value::Null => &[],
            _ => {
                self.error(
                    node.line,
                    format_args!("`{path}` must be a mapping, found {}", node.kind_name()),
                );
                &[]
            }
        }
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::Null => None,
            Value::Scalar(s) => Some(s.text.clone()),
            _ => {
                self.error(
                    node.line,
                    format_args!("`{path}` must be a string, found {}", node.kind_name()),
                );
                None
            }
        }
    }

    fn section<T>(
        &mut self,
        root: &[(Node, Node)],
        key: &'static str,
        what: &'static str,
        mut read: impl FnMut(&mut Self, &[(Node, Node)], &str, u64) -> T,
    ) -> Section<T> {
        let mut section = Section::empty(key, what);
        let Some((key_node, value)) = root.iter().find(|(k, _)| k.as_str() == Some(key)) else {
            return section;
        };
        section.line = key_node.line;
        for (name, body) in self.entries(value, key) {
            let Some(name_text) = name.as_str().map(str::to_owned) else {
                self.error(name.line, format_args!("`{key}` keys must be names"));
                continue;
            };
            let path = format!("{key}.{name_text}");
            let fields = self.entries(body, &path);
            let value = read(self, fields, &path, name.line);
            section.entries.push(Entry {
                name: name_text,
                line: name.line,
                value,
            });
        }
        section
    }
}

fn field<'n>(fields: &'n [(Node, Node)], key: &str) -> Option<&'n Node> {
    fields
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

impl Charmcraft {
    /// Parses `text`, read from `path`; errors are reported at `span`.
    ///
    /// # Errors
    ///
    /// When the text is not YAML or a section has the wrong shape, each with its line.
    pub(crate) fn parse(text: &str, path: PathBuf, span: Span) -> syn::Result<Self> {
        let file = path.file_name().map_or_else(
            || FILE_NAME.to_owned(),
            |name| name.to_string_lossy().into_owned(),
        );
        let root = yaml::parse(text).map_err(|e| {
            syn::Error::new(
                span,
                format!("{file}:{}: invalid YAML: {}", e.line, e.message),
            )
        })?;
        let mut reader = Reader {
            file: &file,
            span,
            diag: Diagnostics::new(),
        };
        let top = reader.entries(&root, "the document").to_vec();
        let containers = reader.section(&top, "containers", "container", |r, fields, path, _| {
            let resource = field(fields, "resource").and_then(|n| r.string(n, path));
            let mut mounts = Vec::new();
            if let Some(node) = field(fields, "mounts") {
                match &node.value {
                    Value::Seq(items) => {
                        for item in items {
                            let mount = r.entries(item, &format!("{path}.mounts")).to_vec();
                            let storage = field(&mount, "storage").and_then(|n| r.string(n, path));
                            let location =
                                field(&mount, "location").and_then(|n| r.string(n, path));
                            mounts.push((storage.unwrap_or_default(), location));
                        }
                    }
                    _ => r.error(node.line, format_args!("`{path}.mounts` must be a list")),
                }
            }
            Container { resource, mounts }
        });
        let relation = |r: &mut Reader<'_>, fields: &[(Node, Node)], path: &str, line: u64| {
            let interface = field(fields, "interface").and_then(|n| r.string(n, path));
            if interface.is_none() {
                r.error(line, format_args!("`{path}` must name its `interface`"));
            }
            Relation {
                interface: interface.unwrap_or_default(),
                limit: field(fields, "limit").and_then(|n| match n.as_scalar().map(|s| s.kind) {
                    Some(ScalarKind::Int(i)) => u64::try_from(i).ok(),
                    _ => None,
                }),
                optional: field(fields, "optional").is_some_and(|n| {
                    matches!(n.as_scalar().map(|s| s.kind), Some(ScalarKind::Bool(true)))
                }),
                scope: field(fields, "scope").and_then(|n| r.string(n, path)),
            }
        };
        let requires = reader.section(&top, "requires", "required relation", relation);
        let provides = reader.section(&top, "provides", "provided relation", relation);
        let peers = reader.section(&top, "peers", "peer relation", relation);
        let storage = reader.section(&top, "storage", "storage", |r, fields, path, _| Storage {
            kind: field(fields, "type")
                .and_then(|n| r.string(n, path))
                .unwrap_or_default(),
            location: field(fields, "location").and_then(|n| r.string(n, path)),
        });
        let actions = reader.section(&top, "actions", "action", |r, fields, path, _| {
            let required: Vec<String> = match field(fields, "required").map(|n| &n.value) {
                Some(Value::Seq(items)) => items
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let params = r.section(fields, "params", "parameter", |r, param, param_path, _| {
                ActionParam {
                    ty: field(param, "type").and_then(|n| r.string(n, param_path)),
                    required: false,
                    default: field(param, "default").cloned(),
                    description: field(param, "description").and_then(|n| r.string(n, param_path)),
                }
            });
            let mut params = params;
            for entry in &mut params.entries {
                entry.value.required = required.contains(&entry.name);
            }
            Action {
                description: field(fields, "description").and_then(|n| r.string(n, path)),
                params,
            }
        });
        let config = match top.iter().find(|(k, _)| k.as_str() == Some("config")) {
            Some((_, config)) => {
                let fields = reader.entries(config, "config").to_vec();
                let mut section =
                    reader.section(&fields, "options", "config option", |r, fields, path, _| {
                        ConfigOption {
                            ty: field(fields, "type")
                                .and_then(|n| r.string(n, path))
                                .unwrap_or_else(|| "string".to_owned()),
                            default: field(fields, "default").cloned(),
                            description: field(fields, "description")
                                .and_then(|n| r.string(n, path)),
                        }
                    });
                section.key = "config.options";
                section
            }
            None => Section::empty("config.options", "config option"),
        };
        reader.diag.finish()?;
        Ok(Self {
            path,
            containers,
            requires,
            provides,
            peers,
            storage,
            actions,
            config,
        })
    }

    /// An item that makes the compiler rebuild the crate when the file changes.
    pub(crate) fn track(&self) -> TokenStream {
        let path = self.path.to_string_lossy();
        quote!(
            const _: &[u8] = ::core::include_bytes!(#path);
        )
    }

    /// Every relation endpoint, whichever section declares it.
    pub(crate) fn relation(&self, name: &str) -> Option<&Entry<Relation>> {
        self.requires
            .get(name)
            .or_else(|| self.provides.get(name))
            .or_else(|| self.peers.get(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARMCRAFT: &str = "\
name: myapp
type: charm
containers:
  myapp:
    resource: myapp-image
    mounts:
      - storage: data
        location: /var/lib/myapp
  sidecar:
    resource: sidecar-image
requires:
  database:
    interface: postgresql_client
    limit: 1
provides:
  metrics:
    interface: prometheus_scrape
peers:
  replicas:
    interface: myapp_peers
storage:
  data:
    type: filesystem
    location: /data
actions:
  backup:
    description: Back up the database.
    params:
      target:
        type: string
      compress:
        type: boolean
        default: true
    required: [target]
config:
  options:
    port:
      type: int
      default: 8080
    log-level:
      default: info
";

    fn parsed() -> Charmcraft {
        Charmcraft::parse(
            CHARMCRAFT,
            PathBuf::from("/x/charmcraft.yaml"),
            Span::call_site(),
        )
        .unwrap()
    }

    #[test]
    fn reads_every_section() {
        let c = parsed();
        assert_eq!(
            c.containers.names().collect::<Vec<_>>(),
            ["myapp", "sidecar"]
        );
        assert_eq!(c.containers.line, 3);
        let myapp = &c.containers.get("myapp").unwrap().value;
        assert_eq!(myapp.resource.as_deref(), Some("myapp-image"));
        assert_eq!(
            myapp.mounts,
            [("data".to_owned(), Some("/var/lib/myapp".to_owned()))]
        );
        assert_eq!(c.requires.get("database").unwrap().value.limit, Some(1));
        assert_eq!(
            c.relation("metrics").unwrap().value.interface,
            "prometheus_scrape"
        );
        assert_eq!(c.relation("replicas").unwrap().line, 19);
        assert_eq!(c.storage.get("data").unwrap().value.kind, "filesystem");
        let backup = &c.actions.get("backup").unwrap().value;
        let target = &backup.params.get("target").unwrap().value;
        assert!(target.required);
        assert_eq!(target.ty.as_deref(), Some("string"));
        let compress = &backup.params.get("compress").unwrap().value;
        assert!(!compress.required);
        assert_eq!(
            compress.default.as_ref().and_then(Node::as_str),
            Some("true")
        );
        let port = &c.config.get("port").unwrap().value;
        assert_eq!(port.ty, "int");
        assert_eq!(port.default.as_ref().and_then(Node::as_str), Some("8080"));
        assert_eq!(c.config.get("log-level").unwrap().value.ty, "string");
    }

    #[test]
    fn lookup_lists_names_and_suggests() {
        let c = parsed();
        let err = c.containers.lookup(&syn::parse_quote!("mypp")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no container \"mypp\" in charmcraft.yaml:3 (declared: myapp, sidecar); did you mean \"myapp\"?"
        );
        assert!(c.containers.lookup(&syn::parse_quote!("sidecar")).is_ok());
        let empty = Charmcraft::parse(
            "name: x\n",
            PathBuf::from("charmcraft.yaml"),
            Span::call_site(),
        )
        .unwrap();
        let err = empty
            .actions
            .lookup(&syn::parse_quote!("backup"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "no action \"backup\": charmcraft.yaml has no `actions` section; declare it there"
        );
    }

    #[test]
    fn reports_bad_shapes_with_lines() {
        let err = Charmcraft::parse(
            "containers: [a]\nrequires:\n  db: {limit: 1}\n",
            PathBuf::from("charmcraft.yaml"),
            Span::call_site(),
        )
        .unwrap_err();
        let messages: Vec<String> = err.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "charmcraft.yaml:1: `containers` must be a mapping, found a list",
                "charmcraft.yaml:3: `requires.db` must name its `interface`",
            ]
        );
    }

    #[test]
    fn finds_the_file_upwards_or_by_path() {
        let root =
            std::env::temp_dir().join(format!("charm-macros-metadata-{}", std::process::id()));
        let src = root.join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(root.join(FILE_NAME), CHARMCRAFT).unwrap();
        std::fs::write(src.join("other.yaml"), "name: other\n").unwrap();
        let ctx = Ctx::for_file(src.join("lib.rs"));
        let found = ctx.find_charmcraft(None, Span::call_site()).unwrap();
        assert_eq!(found, root.join(FILE_NAME));
        let other = ctx
            .find_charmcraft(Some(&syn::parse_quote!("other.yaml")), Span::call_site())
            .unwrap();
        assert_eq!(other, src.join("other.yaml"));
        let err = ctx
            .find_charmcraft(Some(&syn::parse_quote!("missing.yaml")), Span::call_site())
            .unwrap_err();
        assert!(err.to_string().starts_with("no file at "), "{err}");
        let charmcraft = ctx.charmcraft(None, Span::call_site()).unwrap();
        assert_eq!(charmcraft.containers.entries.len(), 2);
        let track = charmcraft.track().to_string();
        assert!(track.contains("include_bytes !"), "{track}");
        assert!(
            track.contains(&root.join(FILE_NAME).display().to_string()),
            "{track}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
