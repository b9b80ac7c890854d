//! `charmcraft.yaml`, read once into a typed model that remembers lines.
//!
//! [`Charmcraft::parse`] reads the unified `charmcraft.yaml` format: identity (`name`,
//! `title`, `summary`, `description`, `type`), where it builds and runs (`base`, `build-base`,
//! `platforms`, `parts`), what it needs (`containers`, `resources`, `storage`, `assumes`),
//! its relation endpoints (`requires`, `provides`, `peers`), `config.options` and `actions`.
//! Every named entry keeps the line it was declared on, so a tool can say
//! `charmcraft.yaml:9`. Keys this model does not know are tolerated; a known key whose value
//! has the wrong shape is a [`Problem`], and every problem is reported at once.
//!
//! # Examples
//!
//! ```
//! use charm_spec::charmcraft::Charmcraft;
//!
//! let charm = Charmcraft::parse(
//!     "name: web\ncontainers:\n  app:\n    resource: app-image\nconfig:\n  options:\n    port: {type: int, default: 8080}\n",
//! )
//! .unwrap();
//! assert_eq!(charm.name.as_ref().map(|n| n.value.as_str()), Some("web"));
//! assert_eq!(charm.containers.get("app").unwrap().line, 3);
//! assert_eq!(charm.config.get("port").unwrap().value.kind, "int");
//! ```

mod read;

use crate::yaml::Node;

/// The file name tools look for.
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::charmcraft::FILE_NAME, "charmcraft.yaml");
/// ```
pub const FILE_NAME: &str = "charmcraft.yaml";

/// A value and the line it was written on.
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse("\nname: web\n").unwrap();
/// let name = charm.name.unwrap();
/// assert_eq!((name.value.as_str(), name.line), ("web", 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the file.
    pub line: u64,
}

/// A section of named entries (`containers`, `requires`, `config.options`, ...).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse("peers:\n  cluster: {interface: c}\n").unwrap();
/// assert_eq!(charm.peers.line, 1);
/// assert_eq!(charm.peers.names().collect::<Vec<_>>(), ["cluster"]);
/// assert_eq!(charm.requires.line, 0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Section<T> {
    /// The key in the file: `containers`, `config.options`.
    pub key: &'static str,
    /// What an entry is, for messages: `container`, `required relation`.
    pub what: &'static str,
    /// Line of the key, 0 when the section is absent.
    pub line: u64,
    /// The entries, in file order.
    pub entries: Vec<Entry<T>>,
}

/// A named entry of a section.
///
/// # Examples
///
/// See [`Section`].
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    /// Its name.
    pub name: String,
    /// Line of the name.
    pub line: u64,
    /// What it declares.
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
    ///
    /// # Examples
    ///
    /// ```
    /// let charm = charm_spec::charmcraft::Charmcraft::parse("storage:\n  data: {type: filesystem}\n").unwrap();
    /// assert_eq!(charm.storage.get("data").unwrap().value.kind, "filesystem");
    /// ```
    pub fn get(&self, name: &str) -> Option<&Entry<T>> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// The declared names, in order.
    ///
    /// # Examples
    ///
    /// See [`Section`].
    pub fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.iter().map(|e| e.name.as_str())
    }
}

/// What `charmcraft.yaml` declares.
///
/// # Examples
///
/// See the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Charmcraft {
    /// `name`: the charm's name.
    pub name: Option<Located<String>>,
    /// `title`: a human-readable name.
    pub title: Option<Located<String>>,
    /// `summary`: one line.
    pub summary: Option<Located<String>>,
    /// `description`.
    pub description: Option<Located<String>>,
    /// `type`: `charm` (or `bundle`).
    pub kind: Option<Located<String>>,
    /// `base`: where the charm runs, `ubuntu@24.04`.
    pub base: Option<Located<String>>,
    /// `build-base`: where it is built, when not `base`.
    pub build_base: Option<Located<String>>,
    /// `platforms`: the artifacts to build.
    pub platforms: Section<Platform>,
    /// `bases`: the legacy form of `base` and `platforms`, kept as written.
    pub bases: Option<Located<Node>>,
    /// `parts`: how to build it (craft-parts).
    pub parts: Section<Part>,
    /// `containers`: workload containers.
    pub containers: Section<Container>,
    /// `resources`: OCI images and files.
    pub resources: Section<Resource>,
    /// `storage`.
    pub storage: Section<Storage>,
    /// `requires`: relations this charm requires.
    pub requires: Section<Relation>,
    /// `provides`: relations this charm provides.
    pub provides: Section<Relation>,
    /// `peers`: peer relations.
    pub peers: Section<Relation>,
    /// `config.options`: configuration options.
    pub config: Section<ConfigOption>,
    /// `actions`.
    pub actions: Section<Action>,
    /// `assumes`: what the model must offer (`juju >= 3.6`, `k8s-api`).
    pub assumes: Vec<Located<Assumption>>,
    /// `subordinate`: whether the charm is a subordinate.
    pub subordinate: bool,
}

/// A platform to build for (`platforms.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse("platforms:\n  amd64:\n").unwrap();
/// let amd64 = &charm.platforms.get("amd64").unwrap().value;
/// assert!(amd64.build_on.is_empty() && amd64.build_for.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Platform {
    /// `build-on`: where it may be built (empty: the platform name says).
    pub build_on: Vec<String>,
    /// `build-for`: where it runs (empty: the platform name says).
    pub build_for: Vec<String>,
}

/// A part (`parts.<name>`): the plugin, source and `organize`, and the whole entry for what
/// else a builder reads.
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "parts:\n  charm: {plugin: rust, source: ., organize: {bin/web: dispatch}}\n",
/// ).unwrap();
/// let part = &charm.parts.get("charm").unwrap().value;
/// assert_eq!(part.plugin.as_deref(), Some("rust"));
/// assert_eq!(part.organize, [("bin/web".to_owned(), "dispatch".to_owned())]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// `plugin`: `rust`, `go`, `charm`, ...
    pub plugin: Option<String>,
    /// `source`: where the sources are.
    pub source: Option<String>,
    /// `organize`: built path → path in the charm, in file order.
    pub organize: Vec<(String, String)>,
    /// The entry as written (`build-packages`, `organize`, ...).
    pub node: Node,
}

/// A workload container (`containers.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "containers:\n  db:\n    resource: db-image\n    mounts: [{storage: data, location: /data}]\n",
/// ).unwrap();
/// let db = &charm.containers.get("db").unwrap().value;
/// assert_eq!(db.mounts[0].location.as_deref(), Some("/data"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Container {
    /// `resource`: the OCI image resource it runs.
    pub resource: Option<String>,
    /// `mounts`: storage mounted into it.
    pub mounts: Vec<Mount>,
}

/// A storage mount of a container.
///
/// # Examples
///
/// See [`Container`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mount {
    /// `storage`: the storage's name.
    pub storage: String,
    /// `location`: where it is mounted in the container.
    pub location: Option<String>,
}

/// A resource (`resources.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "resources:\n  img: {type: oci-image, upstream-source: 'ubuntu/nginx:latest'}\n",
/// ).unwrap();
/// let img = &charm.resources.get("img").unwrap().value;
/// assert_eq!(img.kind, "oci-image");
/// assert_eq!(img.upstream_source.as_deref(), Some("ubuntu/nginx:latest"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// `type`: `oci-image` or `file`.
    pub kind: String,
    /// `description`.
    pub description: Option<String>,
    /// `filename`: for a file resource, its name in the charm.
    pub filename: Option<String>,
    /// `upstream-source`: for an OCI image, the image to use by default.
    pub upstream_source: Option<String>,
}

/// A storage (`storage.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "storage:\n  data: {type: filesystem, location: /data, multiple: {range: 1-3}}\n",
/// ).unwrap();
/// assert_eq!(charm.storage.get("data").unwrap().value.location.as_deref(), Some("/data"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Storage {
    /// `type`: `filesystem` or `block`.
    pub kind: String,
    /// `location`: where it is mounted in the charm container.
    pub location: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `shared`: shared between units.
    pub shared: bool,
    /// `read-only`.
    pub read_only: bool,
    /// `minimum-size`: `1G`, ...
    pub minimum_size: Option<String>,
    /// `multiple.range`: how many instances (`1`, `1-3`, `2-`).
    pub multiple: Option<String>,
}

/// A relation endpoint (`requires`, `provides` or `peers`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "requires:\n  db: {interface: postgresql_client, limit: 1, scope: global}\n",
/// ).unwrap();
/// let db = &charm.requires.get("db").unwrap().value;
/// assert_eq!((db.interface.as_str(), db.limit), ("postgresql_client", Some(1)));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Relation {
    /// `interface`: the interface name.
    pub interface: String,
    /// `limit`: the most applications it relates to.
    pub limit: Option<u64>,
    /// `optional`: whether the charm works without it.
    pub optional: bool,
    /// `scope`: `global` (the default) or `container`.
    pub scope: Option<String>,
    /// `description`.
    pub description: Option<String>,
}

/// A configuration option (`config.options.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse("config:\n  options:\n    level: {default: info}\n").unwrap();
/// let level = &charm.config.get("level").unwrap().value;
/// assert_eq!(level.kind, "string");
/// assert_eq!(level.default.as_ref().and_then(|d| d.as_str()), Some("info"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConfigOption {
    /// `type`: `string` (the default), `int`, `float`, `boolean` or `secret`.
    pub kind: String,
    /// `default`, as written.
    pub default: Option<Node>,
    /// `description`.
    pub description: Option<String>,
}

/// An action (`actions.<name>`).
///
/// # Examples
///
/// ```
/// let charm = charm_spec::charmcraft::Charmcraft::parse(
///     "actions:\n  backup:\n    params: {to: {type: string}}\n    required: [to]\n",
/// ).unwrap();
/// let backup = &charm.actions.get("backup").unwrap().value;
/// assert!(backup.params.get("to").unwrap().value.required);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// `description`.
    pub description: Option<String>,
    /// `params`: its parameters, JSON-schema properties.
    pub params: Section<ActionParam>,
    /// `additionalProperties`: whether parameters not listed are accepted (default true).
    pub additional_properties: bool,
}

/// An action parameter (`actions.<name>.params.<param>`).
///
/// # Examples
///
/// See [`Action`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionParam {
    /// `type`: the JSON-schema type (`string`, `integer`, `number`, `boolean`, `array`,
    /// `object`), if given.
    pub kind: Option<String>,
    /// Whether the action's `required` list names it.
    pub required: bool,
    /// `default`, as written.
    pub default: Option<Node>,
    /// `description`.
    pub description: Option<String>,
}

/// One entry of `assumes`, read with Juju's rules: a feature (`k8s-api`), a feature with a
/// version constraint (`juju >= 3.6`, `juju<4`), or a group (`any-of`, `all-of`) of entries.
/// The top-level list is an implicit `all-of`.
///
/// # Examples
///
/// ```
/// use charm_spec::charmcraft::{Assumption, Charmcraft, Op};
///
/// let charm = Charmcraft::parse("assumes:\n  - juju >= 3.6\n  - any-of: [k8s-api, lxd]\n").unwrap();
/// let Assumption::Feature { name, constraint } = &charm.assumes[0].value else { unreachable!() };
/// assert_eq!(name, "juju");
/// assert_eq!(constraint.as_ref().map(|c| (c.op, c.version.as_str())), Some((Op::AtLeast, "3.6")));
/// assert!(matches!(&charm.assumes[1].value, Assumption::AnyOf(alternatives) if alternatives.len() == 2));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Assumption {
    /// A feature, with a version constraint: `k8s-api`, `juju >= 3.6`.
    Feature {
        /// The feature: `juju`, `k8s-api`.
        name: String,
        /// The version it must have, if any.
        constraint: Option<Constraint>,
    },
    /// `any-of`: one of these holds.
    AnyOf(Vec<Located<Assumption>>),
    /// `all-of`: all of these hold.
    AllOf(Vec<Located<Assumption>>),
}

/// A version constraint of an [`Assumption`]: `>= 3.6`.
///
/// # Examples
///
/// See [`Assumption`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    /// `>=` or `<`.
    pub op: Op,
    /// The version, as written (`3.6`; Juju's version syntax, checked when read).
    pub version: String,
}

/// The operator of a [`Constraint`].
///
/// # Examples
///
/// ```
/// assert_eq!(charm_spec::charmcraft::Op::Below.as_str(), "<");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>=`: this version or a later one.
    AtLeast,
    /// `<`: a version before this one.
    Below,
}

impl Op {
    /// The operator as written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(charm_spec::charmcraft::Op::AtLeast.as_str(), ">=");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::Below => "<",
        }
    }
}

/// A known key of `charmcraft.yaml` with a value of the wrong shape.
///
/// # Examples
///
/// ```
/// let err = charm_spec::charmcraft::Charmcraft::parse("containers: [a]\n").unwrap_err();
/// assert_eq!(err.problems[0].line, 1);
/// assert_eq!(err.problems[0].message, "`containers` must be a mapping, found a list");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct Problem {
    /// 1-based line.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// `charmcraft.yaml` that could not be read: every problem found.
///
/// # Examples
///
/// ```
/// let err = charm_spec::charmcraft::Charmcraft::parse("a: [1\n").unwrap_err();
/// assert_eq!(err.to_string(), "line 1: invalid YAML: unclosed bracket '['");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct Error {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl Charmcraft {
    /// Reads the text of a `charmcraft.yaml`.
    ///
    /// # Errors
    ///
    /// [`Error`] when the text is not YAML, or a known key has the wrong shape (a section
    /// that is not a mapping, a relation without `interface`, ...): every problem with its
    /// line.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn parse(text: &str) -> Result<Self, Error> {
        read::charmcraft(text)
    }

    /// Reads only the `assumes` entry of a `charmcraft.yaml` (for a tool that needs the
    /// Juju a charm targets, not the whole file): other keys are not looked at.
    ///
    /// # Errors
    ///
    /// [`Error`] when the text is not YAML, or `assumes` breaks Juju's rules (a list of
    /// features and `any-of`/`all-of` groups, a feature written `name` or
    /// `name >= version` / `name < version`).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_spec::charmcraft::Charmcraft;
    ///
    /// let assumes = Charmcraft::read_assumes("containers: [not, checked]\nassumes: [juju >= 4.0]\n").unwrap();
    /// assert_eq!(assumes[0].line, 2);
    /// let err = Charmcraft::read_assumes("assumes: [juju >= four]\n").unwrap_err();
    /// assert!(err.to_string().contains("\"four\" is not a version"), "{err}");
    /// ```
    pub fn read_assumes(text: &str) -> Result<Vec<Located<Assumption>>, Error> {
        read::assumes_only(text)
    }

    /// The relation endpoint `name`, whichever section declares it.
    ///
    /// # Examples
    ///
    /// ```
    /// let charm = charm_spec::charmcraft::Charmcraft::parse("provides:\n  metrics: {interface: prometheus_scrape}\n").unwrap();
    /// assert_eq!(charm.relation("metrics").unwrap().value.interface, "prometheus_scrape");
    /// ```
    pub fn relation(&self, name: &str) -> Option<&Entry<Relation>> {
        self.requires
            .get(name)
            .or_else(|| self.provides.get(name))
            .or_else(|| self.peers.get(name))
    }

    /// Every relation endpoint: `requires`, then `provides`, then `peers`.
    ///
    /// # Examples
    ///
    /// ```
    /// let charm = charm_spec::charmcraft::Charmcraft::parse(
    ///     "peers: {cluster: {interface: c}}\nrequires: {db: {interface: pg}}\n",
    /// ).unwrap();
    /// assert_eq!(charm.endpoints().collect::<Vec<_>>(), ["db", "cluster"]);
    /// ```
    pub fn endpoints(&self) -> impl Iterator<Item = &str> + Clone {
        self.requires
            .names()
            .chain(self.provides.names())
            .chain(self.peers.names())
    }
}
