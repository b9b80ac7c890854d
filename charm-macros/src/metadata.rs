//! Where the macro was invoked, and (later) the charm's charmcraft.yaml.

use std::path::PathBuf;

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
