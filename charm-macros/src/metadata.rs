//! Where the macro was invoked, and the charm's `charmcraft.yaml`.
//!
//! `charmcraft.yaml` is found relative to the source file that invokes the macro
//! ([`proc_macro::Span::local_file`]): the file's directory and then each parent, unless the
//! attribute names a path (relative to that directory). Compiling from a generated project
//! (trybuild) or without a known source file falls back to `CARGO_MANIFEST_DIR`. The file is
//! parsed into spanned values, so messages cite `charmcraft.yaml:LINE`, and expansions carry
//! it with `include_str!`, so that editing it recompiles the charm.

use std::ops::Deref;
use std::path::{Path, PathBuf};

use charm_spec::charmcraft::{Assumption, Charmcraft, Entry, FILE_NAME, Located, Section};
use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::diag;
use crate::spanned::Sp;

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
        self.charmcraft_near(&base, path)?.ok_or_else(|| {
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

    /// `path` relative to `base` when given (an error when it is not a file), else the
    /// nearest `charmcraft.yaml` in `base` or a parent, if any.
    fn charmcraft_near(
        &self,
        base: &Path,
        path: Option<&syn::LitStr>,
    ) -> syn::Result<Option<PathBuf>> {
        if let Some(path) = path {
            let candidate = base.join(path.value());
            return if candidate.is_file() {
                Ok(Some(candidate))
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
        Ok(base
            .ancestors()
            .map(|dir| dir.join(FILE_NAME))
            .find(|candidate| candidate.is_file()))
    }

    /// Reads the `assumes` of the charm's `charmcraft.yaml`, found as
    /// [`find_charmcraft`](Self::find_charmcraft) finds it, for a macro that needs only the
    /// Juju the charm targets (`#[layer]`, which may be used outside a `#[charm]` crate):
    /// `None` when no file is found and no `path` was given. Other keys are not read, so a
    /// mistake there is reported once, by `#[charm]`.
    ///
    /// # Errors
    ///
    /// At `path` when it names no file; at `span` when the file cannot be read, is not YAML
    /// or its `assumes` breaks Juju's rules (one error per problem, with its line).
    pub(crate) fn assumes(
        &self,
        path: Option<&syn::LitStr>,
        span: Span,
    ) -> syn::Result<Option<Assumes>> {
        let Some(base) = self.base_dir() else {
            return Ok(None);
        };
        let Some(file) = self.charmcraft_near(&base, path)? else {
            return Ok(None);
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|e| syn::Error::new(span, format!("cannot read {}: {e}", file.display())))?;
        match Charmcraft::read_assumes(&text) {
            Ok(entries) => Ok(Some(Assumes {
                path: file,
                entries,
            })),
            Err(error) => Err(problems(&error, &file, span)),
        }
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
    ) -> syn::Result<Metadata> {
        let file = self.find_charmcraft(path, span)?;
        let text = std::fs::read_to_string(&file)
            .map_err(|e| syn::Error::new(span, format!("cannot read {}: {e}", file.display())))?;
        Metadata::parse(&text, file, span)
    }
}

/// A charm's `charmcraft.yaml` as `charm_spec` reads it, and the file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metadata {
    /// The file read.
    pub path: PathBuf,
    /// What it declares.
    pub charm: Charmcraft,
}

impl Deref for Metadata {
    type Target = Charmcraft;

    fn deref(&self) -> &Charmcraft {
        &self.charm
    }
}

impl Metadata {
    /// Parses `text`, read from `path`; errors are reported at `span`, each with its line.
    ///
    /// # Errors
    ///
    /// When the text is not YAML or a section has the wrong shape: one error per problem.
    pub(crate) fn parse(text: &str, path: PathBuf, span: Span) -> syn::Result<Self> {
        match Charmcraft::parse(text) {
            Ok(charm) => Ok(Self { path, charm }),
            Err(error) => Err(problems(&error, &path, span)),
        }
    }

    /// The file's text as an expression, `::core::include_str!("/path/charmcraft.yaml")`: the
    /// charm carries it (for the harness), and the compiler rebuilds the crate when it changes.
    pub(crate) fn include(&self) -> TokenStream {
        let path = self.path.to_string_lossy();
        quote!(::core::include_str!(#path))
    }
}

/// The `assumes` entries of a charm's `charmcraft.yaml`, and the file they were read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Assumes {
    /// The file read.
    pub path: PathBuf,
    /// Its `assumes` entries (empty when it has none).
    pub entries: Vec<Located<Assumption>>,
}

impl Assumes {
    /// An item that makes the compiler rebuild the crate when the file changes.
    pub(crate) fn track(&self) -> TokenStream {
        track(&self.path)
    }
}

/// The file name to cite in messages: `charmcraft.yaml`, or what the file is called.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || FILE_NAME.to_owned(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// One error at `span` per problem of `file`, each with its line.
fn problems(error: &charm_spec::charmcraft::Error, file: &Path, span: Span) -> syn::Error {
    let file = file_name(file);
    let mut diag = diag::Diagnostics::new();
    for problem in &error.problems {
        let line = problem.line;
        diag.error(span, format_args!("{file}:{line}: {}", problem.message));
    }
    match diag.finish() {
        Err(errors) => errors,
        Ok(()) => syn::Error::new(span, format!("{file}: {error}")),
    }
}

/// An item that makes the compiler rebuild the crate when `path` changes.
fn track(path: &Path) -> TokenStream {
    let path = path.to_string_lossy();
    quote!(
        const _: &[u8] = ::core::include_bytes!(#path);
    )
}

/// Finding a declared name, with a message that helps when it is not declared.
pub(crate) trait Lookup<T> {
    /// The entry named by `name`, or [`Self::missing`].
    ///
    /// # Errors
    ///
    /// When no entry has that name.
    fn lookup(&self, name: &Sp<String>) -> syn::Result<&Entry<T>>;

    /// The error at `name` saying it is not declared, listing the declared names and
    /// suggesting the closest: `no container "mypp" in charmcraft.yaml:9 (declared: myapp,
    /// sidecar); did you mean "myapp"?`.
    fn missing(&self, name: &Sp<String>) -> syn::Error;
}

impl<T> Lookup<T> for Section<T> {
    fn lookup(&self, name: &Sp<String>) -> syn::Result<&Entry<T>> {
        self.get(name).ok_or_else(|| self.missing(name))
    }

    fn missing(&self, name: &Sp<String>) -> syn::Error {
        let wanted = name.as_str();
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
                diag::did_you_mean(wanted, self.names())
            )
        };
        syn::Error::new(name.span(), message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHARMCRAFT: &str = "name: myapp\ncontainers:\n  myapp: {}\n  sidecar: {}\n";

    #[test]
    fn lookup_lists_names_and_suggests() {
        let c = Metadata::parse(CHARMCRAFT, "charmcraft.yaml".into(), Span::call_site()).unwrap();
        let name = |text: &str| Sp::new(text.to_owned(), Span::call_site());
        let err = c.containers.lookup(&name("mypp")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no container \"mypp\" in charmcraft.yaml:2 (declared: myapp, sidecar); did you mean \"myapp\"?"
        );
        assert!(c.containers.lookup(&name("sidecar")).is_ok());
        let err = c.actions.lookup(&name("backup")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no action \"backup\": charmcraft.yaml has no `actions` section; declare it there"
        );
    }

    #[test]
    fn every_problem_names_the_file_and_line() {
        let err = Metadata::parse(
            "containers: [a]\nrequires:\n  db: {limit: 1}\n",
            PathBuf::from("/x/metadata.yaml"),
            Span::call_site(),
        )
        .unwrap_err();
        let messages: Vec<String> = err.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(
            messages,
            [
                "metadata.yaml:1: `containers` must be a mapping, found a list",
                "metadata.yaml:3: `requires.db` must name its `interface`",
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
        let metadata = ctx.charmcraft(None, Span::call_site()).unwrap();
        assert_eq!(metadata.containers.entries.len(), 2);
        let track = metadata.include().to_string();
        assert!(track.contains("include_str !"), "{track}");
        assert!(
            track.contains(&root.join(FILE_NAME).display().to_string()),
            "{track}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
