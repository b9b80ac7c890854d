//! `cargo charm new NAME`: a standalone charm crate, from the files in `template/`.
//!
//! The crate has `Cargo.toml` (its own workspace, `charm-runtime` from this checkout or a
//! git source), `charmcraft.yaml`, `src/lib.rs` (a reconcile handler and a `#[layer]`),
//! `src/main.rs`, a harness test in `tests/charm.rs` and `.gitignore`. With a path source
//! it also gets this checkout's `Cargo.lock`, so it builds with the dependency versions the
//! runtime is tested with (and charmcraft's `rust` plugin, which builds `--locked`, can
//! build it).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error as CliError;
use crate::{build, progress};

/// Options of `cargo charm new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The charm's name (lowercase letters, digits and hyphens); also the directory created
    pub name: String,
    /// A workload container (repeat for several) [default: one named after the charm]
    #[arg(long = "container", value_name = "NAME")]
    pub containers: Vec<String>,
    /// Take charm-runtime from this directory [default: the checkout cargo-charm was built from]
    #[arg(long, value_name = "PATH", conflicts_with = "runtime_git")]
    pub runtime_path: Option<PathBuf>,
    /// Take charm-runtime from this git repository
    #[arg(long, value_name = "URL")]
    pub runtime_git: Option<String>,
    /// The git revision (commit, tag or branch) of --runtime-git
    #[arg(long, value_name = "REV", requires = "runtime_git")]
    pub rev: Option<String>,
}

/// Why the crate cannot be created.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a valid charm or container name.
    #[error(
        "{what} {name:?} is not valid: use lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen"
    )]
    InvalidName {
        /// `charm name` or `container name`.
        what: &'static str,
        /// The name given.
        name: String,
    },
    /// The same container twice.
    #[error("container {0:?} is given twice")]
    DuplicateContainer(String),
    /// The directory exists already.
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    /// No `charm-runtime` where one was expected.
    #[error("no charm-runtime crate at {}: pass --runtime-path to a charm-rs checkout's charm-runtime directory, or --runtime-git URL", .0.display())]
    NoRuntime(PathBuf),
    /// A file cannot be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The template, one `(path in the crate, text)` per file.
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../template/Cargo.toml.in")),
    (
        "charmcraft.yaml",
        include_str!("../template/charmcraft.yaml"),
    ),
    ("src/lib.rs", include_str!("../template/src/lib.rs")),
    ("src/main.rs", include_str!("../template/src/main.rs")),
    ("tests/charm.rs", include_str!("../template/tests/charm.rs")),
    (".gitignore", include_str!("../template/gitignore")),
];

/// Pieces repeated once per container: `(placeholder, fragment)`.
const PER_CONTAINER: &[(&str, &str)] = &[
    (
        "containers_yaml",
        include_str!("../template/fragments/container.yaml"),
    ),
    (
        "resources_yaml",
        include_str!("../template/fragments/resource.yaml"),
    ),
    (
        "on_pebble_ready",
        include_str!("../template/fragments/on_pebble_ready.rs"),
    ),
    (
        "container_args",
        include_str!("../template/fragments/container_arg.rs"),
    ),
    (
        "container_entries",
        include_str!("../template/fragments/container_entry.rs"),
    ),
    (
        "test_containers",
        include_str!("../template/fragments/test_container.rs"),
    ),
];

/// Where the crate takes `charm-runtime` from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A local checkout's `charm-runtime` directory.
    Path(PathBuf),
    /// A git repository holding the charm-rs workspace, at a revision.
    Git {
        /// The repository.
        url: String,
        /// The revision, or the default branch.
        rev: Option<String>,
    },
}

impl RuntimeSource {
    /// The dependency's inline table, with `features` when given.
    fn dependency(&self, features: &[&str]) -> String {
        let mut fields = match self {
            Self::Path(path) => vec![format!(
                "path = {}",
                toml_string(&path.display().to_string())
            )],
            Self::Git { url, rev } => {
                let mut fields = vec![format!("git = {}", toml_string(url))];
                if let Some(rev) = rev {
                    fields.push(format!("rev = {}", toml_string(rev)));
                }
                fields
            }
        };
        if !features.is_empty() {
            let list: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
            fields.push(format!("features = [{}]", list.join(", ")));
        }
        format!("{{ {} }}", fields.join(", "))
    }

    fn note(&self) -> String {
        match self {
            Self::Path(_) => "taken from a local charm-rs checkout".to_owned(),
            Self::Git { .. } => "taken from charm-rs's git repository".to_owned(),
        }
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '"' => vec!['\\', '"'],
            '\\' => vec!['\\', '\\'],
            c => vec![c],
        })
        .collect();
    format!("\"{escaped}\"")
}

/// The charm-runtime directory of the checkout this program was built from.
fn this_checkout_runtime() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../charm-runtime")
}

/// Whether `name` is a valid charm or container name.
fn valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `my-charm` → `MyCharm`.
fn type_name(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `my-charm` → `my_charm`.
fn ident(name: &str) -> String {
    name.replace('-', "_")
}

/// `my-charm` → `My Charm`.
fn title(name: &str) -> String {
    name.split('-').map(type_name).collect::<Vec<_>>().join(" ")
}

/// Replaces each `{{key}}` of `template`.
fn render(template: &str, vars: &[(&str, String)]) -> String {
    vars.iter().fold(template.to_owned(), |text, (key, value)| {
        text.replace(&format!("{{{{{key}}}}}"), value)
    })
}

/// The crate's files for `name` with `containers`, taking the runtime from `runtime`.
pub fn files(
    name: &str,
    containers: &[String],
    runtime: &RuntimeSource,
) -> Vec<(&'static str, String)> {
    let mut vars: Vec<(&str, String)> = vec![
        ("runtime_testing", runtime.dependency(&["testing"])),
        ("runtime_note", runtime.note()),
        ("runtime", runtime.dependency(&[])),
        (
            "first_container",
            containers.first().cloned().unwrap_or_default(),
        ),
        ("crate", ident(name)),
        ("type", type_name(name)),
        ("title", title(name)),
        ("summary", format!("Runs the {name} workload with Pebble")),
    ];
    for (key, fragment) in PER_CONTAINER {
        let repeated: String = containers
            .iter()
            .map(|c| {
                render(
                    fragment,
                    &[("container", c.clone()), ("container_ident", ident(c))],
                )
            })
            .collect();
        let repeated = if *key == "container_entries" {
            repeated
                .replace('\n', "")
                .trim_end()
                .trim_end_matches(',')
                .to_owned()
        } else {
            repeated
        };
        vars.push((key, repeated));
    }
    vars.push(("name", name.to_owned()));
    FILES
        .iter()
        .map(|(path, template)| (*path, render(template, &vars)))
        .collect()
}

/// Creates the crate.
pub fn run(args: &Args) -> Result<(), CliError> {
    let name = &args.name;
    if !valid_name(name) {
        return Err(Error::InvalidName {
            what: "charm name",
            name: name.clone(),
        }
        .into());
    }
    let containers = if args.containers.is_empty() {
        vec![name.clone()]
    } else {
        args.containers.clone()
    };
    for (i, container) in containers.iter().enumerate() {
        if !valid_name(container) {
            return Err(Error::InvalidName {
                what: "container name",
                name: container.clone(),
            }
            .into());
        }
        if containers[..i].contains(container) {
            return Err(Error::DuplicateContainer(container.clone()).into());
        }
    }
    let runtime = match (&args.runtime_git, &args.runtime_path) {
        (Some(url), _) => RuntimeSource::Git {
            url: url.clone(),
            rev: args.rev.clone(),
        },
        (None, Some(path)) => RuntimeSource::Path(runtime_dir(path)?),
        (None, None) => RuntimeSource::Path(runtime_dir(&this_checkout_runtime())?),
    };
    let dir = PathBuf::from(name);
    if dir.exists() {
        return Err(Error::Exists(dir).into());
    }
    for (path, text) in files(name, &containers, &runtime) {
        write(&dir.join(path), &text)?;
    }
    if let RuntimeSource::Path(runtime) = &runtime {
        seed_lockfile(runtime, &dir)?;
    }
    progress::status(
        "Created",
        format!(
            "charm `{name}` in {}/ (charm-runtime {})",
            dir.display(),
            match &runtime {
                RuntimeSource::Path(path) => format!("from {}", path.display()),
                RuntimeSource::Git { url, rev } => format!(
                    "from {url}{}",
                    rev.as_ref().map(|r| format!(" at {r}")).unwrap_or_default()
                ),
            }
        ),
    );
    println!(
        "\nNext steps:\n  cd {name}\n  cargo test          # the harness tests in tests/charm.rs\n  cargo charm pack    # writes {name}_amd64.charm\n  juju deploy ./{name}_amd64.charm {}",
        containers
            .iter()
            .map(|c| format!("--resource {c}-image=IMAGE"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    Ok(())
}

/// The absolute path of a `charm-runtime` directory, checked.
fn runtime_dir(path: &Path) -> Result<PathBuf, Error> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = absolute.canonicalize().unwrap_or(absolute);
    if dir.join("Cargo.toml").is_file() && dir.join("src/lib.rs").is_file() {
        Ok(dir)
    } else {
        Err(Error::NoRuntime(dir))
    }
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    let error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    std::fs::write(path, text).map_err(error)
}

/// Gives the crate the checkout's `Cargo.lock`, then lets Cargo add the crate itself without
/// changing any version (offline: nothing is fetched).
fn seed_lockfile(runtime: &Path, dir: &Path) -> Result<(), CliError> {
    let Some(lock) = runtime
        .parent()
        .map(|w| w.join("Cargo.lock"))
        .filter(|l| l.is_file())
    else {
        return Ok(());
    };
    let target = dir.join("Cargo.lock");
    std::fs::copy(&lock, &target).map_err(|source| Error::Write {
        path: target.clone(),
        source,
    })?;
    let status = Command::new(build::cargo())
        .args([
            "update",
            "--workspace",
            "--offline",
            "--quiet",
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .status();
    if !status.is_ok_and(|s| s.success()) {
        progress::warning(
            "could not update the copied Cargo.lock offline; the first build will resolve it",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_converted() {
        assert!(valid_name("my-charm2"));
        for bad in ["My", "2x", "a-", "a_b", ""] {
            assert!(!valid_name(bad), "{bad}");
        }
        assert_eq!(type_name("my-web-charm"), "MyWebCharm");
        assert_eq!(ident("my-web"), "my_web");
        assert_eq!(title("my-web"), "My Web");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let runtime = RuntimeSource::Git {
            url: "https://example.com/charm-rs".into(),
            rev: Some("v0.1".into()),
        };
        for (path, text) in files("my-web", &["web".into(), "side-car".into()], &runtime) {
            assert!(!text.contains("{{"), "{path}: {text}");
        }
    }

    #[test]
    fn the_runtime_dependency_names_its_source() {
        let git = RuntimeSource::Git {
            url: "https://example.com/x".into(),
            rev: Some("abc".into()),
        };
        assert_eq!(
            git.dependency(&[]),
            r#"{ git = "https://example.com/x", rev = "abc" }"#
        );
        let path = RuntimeSource::Path(PathBuf::from("/src/charm \"rs\"/charm-runtime"));
        assert_eq!(
            path.dependency(&["testing"]),
            r#"{ path = "/src/charm \"rs\"/charm-runtime", features = ["testing"] }"#
        );
    }

    #[test]
    fn each_container_gets_its_resource_handler_and_test_state() {
        let runtime = RuntimeSource::Path(PathBuf::from("/r"));
        let files = files("web", &["nginx".into(), "log-shipper".into()], &runtime);
        let file = |name: &str| &files.iter().find(|(p, _)| *p == name).unwrap().1;
        let yaml = file("charmcraft.yaml");
        assert!(
            yaml.contains("  log-shipper:\n    resource: log-shipper-image\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  nginx-image:\n    type: oci-image\n"),
            "{yaml}"
        );
        let lib = file("src/lib.rs");
        assert!(
            lib.contains("#[on(pebble_ready = \"log-shipper\")]"),
            "{lib}"
        );
        assert!(
            lib.contains("#[container = \"log-shipper\"] log_shipper: Container,"),
            "{lib}"
        );
        assert!(
            lib.contains("[(\"nginx\", &nginx), (\"log-shipper\", &log_shipper)]"),
            "{lib}"
        );
        assert!(file("tests/charm.rs").contains("ContainerState::new(\"log-shipper\")"));
    }
}
