//! A value and the span of the tokens it was written as, kept together, so that a message
//! about the value can point at it.

use std::ops::Deref;

use proc_macro2::Span;
use syn::LitStr;

/// `value`, written at `span`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sp<T> {
    value: T,
    span: Span,
}

impl<T> Sp<T> {
    /// `value`, written at `span`.
    pub(crate) fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }

    /// Where the value was written.
    pub(crate) fn span(&self) -> Span {
        self.span
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl From<&LitStr> for Sp<String> {
    fn from(lit: &LitStr) -> Self {
        Self::new(lit.value(), lit.span())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_literal_and_its_span() {
        let lit: LitStr = syn::parse_quote!("myapp");
        let name = Sp::from(&lit);
        assert_eq!(name.as_str(), "myapp");
        assert_eq!(format!("{:?}", name.span()), format!("{:?}", lit.span()));
    }
}
