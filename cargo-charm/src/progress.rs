//! What `cargo charm` prints on stderr: Cargo-style status lines and errors.

use std::error::Error as _;
use std::fmt::Display;

/// Prints a status line such as `    Building pause (profile charm)`, right-aligned like Cargo's.
pub fn status(verb: &str, message: impl Display) {
    eprintln!("{verb:>12} {message}");
}

/// Prints a warning.
pub fn warning(message: impl Display) {
    eprintln!("warning: {message}");
}

/// Prints an error and each of its causes.
pub fn error(error: &crate::error::Error) {
    eprintln!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
