//! Collecting errors so a macro reports every mistake at once, and helping to fix them.
//!
//! Each rule pushes a spanned [`syn::Error`]; [`Diagnostics::finish`] combines them into one
//! error that expands to one `compile_error!` per message, each at its own span.

use std::fmt::Display;

use proc_macro2::Span;

/// Errors found so far, in the order they were found.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    errors: Vec<syn::Error>,
}

impl Diagnostics {
    /// An empty collector.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Records an error at `span`.
    pub(crate) fn error(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// Records an error that is already built (for example one returned by `syn`).
    pub(crate) fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    /// Every error recorded and then `last`, combined: for a mistake after which checking
    /// cannot go on.
    pub(crate) fn fail(self, last: syn::Error) -> syn::Error {
        match self.finish() {
            Ok(()) => last,
            Err(mut errors) => {
                errors.combine(last);
                errors
            }
        }
    }

    /// `Ok` when nothing was recorded, otherwise every error combined into one.
    pub(crate) fn finish(self) -> syn::Result<()> {
        let mut errors = self.errors.into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            first.combine(error);
        }
        Err(first)
    }
}

/// The number of single-character insertions, deletions and substitutions that turn `a` into
/// `b` (Levenshtein distance), counted in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `wrong`, if one is close enough to be a likely typo: at most a
/// third of the longer name's length away (at least one edit), or equal ignoring case and
/// `-`/`_`.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let normalize = |s: &str| s.to_lowercase().replace('_', "-");
    candidates
        .into_iter()
        .filter(|candidate| *candidate != wrong)
        .map(|candidate| {
            let distance = if normalize(candidate) == normalize(wrong) {
                0
            } else {
                edit_distance(wrong, candidate)
            };
            (distance, candidate)
        })
        .filter(|(distance, candidate)| {
            let longest = wrong.chars().count().max(candidate.chars().count());
            *distance <= (longest / 3).max(1)
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean "x"?` when a candidate is close to `wrong`, otherwise nothing.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(wrong, candidates)
        .map(|best| format!("; did you mean \"{best}\"?"))
        .unwrap_or_default()
}

/// The names, comma-separated, or `none` when there are none: `web, db`.
pub(crate) fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// Quoted alternatives for an "expected" clause: `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
pub(crate) fn one_of(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("enable", "enabled"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("µs", "us"), 1);
    }

    #[test]
    fn closest_picks_near_names_only() {
        let names = ["myapp", "sidecar"];
        assert_eq!(closest("mypp", names), Some("myapp"));
        assert_eq!(closest("database", names), None);
        assert_eq!(
            closest("on_success", ["on-success", "on-failure"]),
            Some("on-success")
        );
        assert_eq!(closest("Enabled", ["enabled", "disabled"]), Some("enabled"));
    }

    #[test]
    fn formats_hints() {
        assert_eq!(
            did_you_mean("enable", ["enabled", "disabled"]),
            "; did you mean \"enabled\"?"
        );
        assert_eq!(did_you_mean("zzz", ["enabled"]), "");
        assert_eq!(list(["a", "b"]), "a, b");
        assert_eq!(list([]), "none");
        assert_eq!(one_of(&["a"]), "\"a\"");
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
    }

    #[test]
    fn finish_combines_every_error() {
        let mut diag = Diagnostics::new();
        diag.error(Span::call_site(), "first");
        diag.error(Span::call_site(), "second");
        let err = diag.finish().unwrap_err();
        let messages: Vec<String> = err.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["first", "second"]);
        assert!(Diagnostics::new().finish().is_ok());
    }

    #[test]
    fn fail_adds_the_last_error() {
        let last = || syn::Error::new(Span::call_site(), "last");
        assert_eq!(Diagnostics::new().fail(last()).to_string(), "last");
        let mut diag = Diagnostics::new();
        diag.error(Span::call_site(), "first");
        let messages: Vec<String> = diag
            .fail(last())
            .into_iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(messages, ["first", "last"]);
    }
}
