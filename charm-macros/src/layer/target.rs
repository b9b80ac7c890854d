//! The Juju (and so the Pebble) a layer is checked for: the `assumes` of the charm's
//! `charmcraft.yaml`, found as `#[charm]` finds it, read by `charm_spec::juju::Target`.
//!
//! Without the file, or without a `juju` entry in `assumes`, the target is the oldest Juju
//! charm-rs supports (3.6.0, Pebble v1.16.0): a layer that compiles then works on every
//! supported Juju.

use charm_spec::juju::Target;
use charm_spec::version::PebbleVersion;
use proc_macro2::{Span, TokenStream};

use crate::metadata::{self, Ctx};

/// The target of a `#[layer]` and where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct LayerTarget {
    /// What `assumes` admits.
    pub target: Target,
    /// The file name of the `charmcraft.yaml` read (`charmcraft.yaml`), if one was found.
    pub file: Option<String>,
    /// Tokens that rebuild the crate when that file changes (empty without a file).
    pub track: TokenStream,
}

impl LayerTarget {
    /// The oldest supported target, with no file (for a layer checked outside a charm).
    pub(crate) fn oldest_supported() -> Self {
        Self {
            target: Target::oldest_supported(),
            file: None,
            track: TokenStream::new(),
        }
    }

    /// The target set by the `charmcraft.yaml` the macro finds from `ctx` (or `metadata`,
    /// relative to the invoking file's directory).
    ///
    /// # Errors
    ///
    /// At `metadata` when it names no file; at `span` when the file or its `assumes` cannot
    /// be read, or `assumes` admits no supported Juju.
    pub(crate) fn resolve(
        ctx: &Ctx,
        metadata: Option<&syn::LitStr>,
        span: Span,
    ) -> syn::Result<Self> {
        let Some(assumes) = ctx.assumes(metadata, span)? else {
            return Ok(Self::oldest_supported());
        };
        let file = metadata::file_name(&assumes.path);
        let target = Target::from_assumes(&assumes.entries).map_err(|error| {
            syn::Error::new(
                span,
                format!(
                    "{file}:{}: {error}; require a supported Juju, such as `juju >= 3.6`",
                    error.line
                ),
            )
        })?;
        Ok(Self {
            target,
            file: Some(file),
            track: assumes.track(),
        })
    }

    /// Why `since` is too new and how to fix it, such as
    /// ``needs Pebble v1.19.0, but ...; change charmcraft.yaml:5 to `juju >= 3.6.4` ``.
    /// `what` names the field or value; `remove` says what else the user can do.
    pub(crate) fn too_new(&self, what: &str, since: PebbleVersion, remove: &str) -> String {
        let target = &self.target;
        let (juju, pebble) = (target.juju, target.pebble);
        let runs_on = format!("Juju {juju}, whose Pebble is {pebble}");
        let context = match (&self.file, target.juju_line) {
            (None, _) => format!(
                "but no charmcraft.yaml was found, so the layer is checked for the oldest Juju \
                 charm-rs supports, {runs_on}"
            ),
            (Some(file), None) if target.assumes_line.is_some() => format!(
                "but {file} has no `juju` entry in `assumes`, so the charm may run on {runs_on}"
            ),
            (Some(file), None) => {
                format!("but {file} has no `assumes`, so the charm may run on {runs_on}")
            }
            (Some(file), Some(line)) => {
                format!("but `assumes` ({file}:{line}) admits {runs_on}")
            }
        };
        let fixes = target.fixes(since);
        let Some((first, rest)) = fixes.split_first() else {
            return format!(
                "{what} needs Pebble {since}, which no Juju release ships yet; {remove}"
            );
        };
        let alternative = rest
            .iter()
            .map(|other| format!(" (or `{other}`, which keeps the other releases that ship it)"))
            .collect::<String>();
        let fix = match (&self.file, target.juju_line, target.assumes_line) {
            (None, _, _) => format!(
                "put the charm's charmcraft.yaml with `assumes: [{first}]`{alternative} in this \
                 crate or a parent directory, or give its path with \
                 #[layer(metadata = \"path/to/charmcraft.yaml\")]"
            ),
            (Some(file), Some(line), _) => {
                format!("change {file}:{line} to `{first}`{alternative}")
            }
            (Some(file), None, Some(line)) => {
                format!("add `- {first}`{alternative} to `assumes` ({file}:{line})")
            }
            (Some(file), None, None) => {
                format!("add `assumes: [{first}]`{alternative} to {file}")
            }
        };
        format!("{what} needs Pebble {since}, {context}; {fix}, or {remove}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use charm_spec::charmcraft::Charmcraft;

    fn target(file: Option<&str>, charmcraft: &str) -> LayerTarget {
        let assumes = Charmcraft::read_assumes(charmcraft).unwrap();
        LayerTarget {
            target: Target::from_assumes(&assumes).unwrap(),
            file: file.map(str::to_owned),
            track: TokenStream::new(),
        }
    }

    #[test]
    fn says_what_the_target_is_and_how_to_move_it() {
        let v1_19 = PebbleVersion::new(1, 19, 0);
        let none = LayerTarget::oldest_supported();
        assert_eq!(
            none.too_new("check field \"startup\"", v1_19, "remove \"startup\""),
            "check field \"startup\" needs Pebble v1.19.0, but no charmcraft.yaml was found, so \
             the layer is checked for the oldest Juju charm-rs supports, Juju 3.6.0, whose \
             Pebble is v1.16.0; put the charm's charmcraft.yaml with `assumes: [juju >= 3.6.4]` \
             in this crate or a parent directory, or give its path with \
             #[layer(metadata = \"path/to/charmcraft.yaml\")], or remove \"startup\""
        );
        let no_juju = target(Some("charmcraft.yaml"), "name: a\nassumes:\n  - k8s-api\n");
        assert!(
            no_juju.too_new("x", v1_19, "y").ends_with(
                "no `juju` entry in `assumes`, so the charm may run on Juju 3.6.0, \
                     whose Pebble is v1.16.0; add `- juju >= 3.6.4` to `assumes` \
                     (charmcraft.yaml:3), or y"
            ),
            "{}",
            no_juju.too_new("x", v1_19, "y")
        );
        let juju_4 = target(Some("charmcraft.yaml"), "assumes: [juju >= 4.0]\n");
        assert_eq!(
            juju_4.too_new(
                "log target type \"opentelemetry\"",
                PebbleVersion::new(1, 24, 0),
                "use \"loki\""
            ),
            "log target type \"opentelemetry\" needs Pebble v1.24.0, but `assumes` \
             (charmcraft.yaml:1) admits Juju 4.0.0, whose Pebble is v1.19.2; change \
             charmcraft.yaml:1 to `juju >= 4.0.1`, or use \"loki\""
        );
        let syslog = juju_4.too_new(
            "log target type \"syslog\"",
            PebbleVersion::new(1, 27, 0),
            "use \"loki\"",
        );
        assert_eq!(
            syslog,
            "log target type \"syslog\" needs Pebble v1.27.0, which no Juju release ships yet; \
             use \"loki\""
        );
    }
}
