//! Parsing `#[layer(...)] fn name(params) -> Layer { "yaml" }`: the attribute's options, the
//! function's shape, the YAML text and the `${name}` placeholders inside it.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, LitStr, Pat, ReturnType, Stmt, Type};

use crate::diag::Diagnostics;
use crate::paths::{self, RuntimePath};
use charm_spec::yaml::{self, Node};

/// The options of `#[layer(...)]`.
#[derive(Debug, Default)]
pub(crate) struct Args {
    /// Services defined by other layers that this layer may reference.
    pub external_services: Vec<LitStr>,
    /// Checks defined by other layers that this layer may reference.
    pub external_checks: Vec<LitStr>,
    /// Workloads (defined by the layer files of the workload image) that services may belong
    /// to.
    pub external_workloads: Vec<LitStr>,
    /// The `charmcraft.yaml` whose `assumes` sets the target (`metadata = "path"`), relative
    /// to the invoking file's directory.
    pub metadata: Option<LitStr>,
    /// Where the runtime crate is (`crate = path`).
    pub krate: RuntimePath,
}

/// Parses the attribute's tokens: `external(services = [..], checks = [..], workloads =
/// [..])`, `metadata = "path"`, `crate = path`.
///
/// # Errors
///
/// On an unknown option, a repeated option or a malformed value.
pub(crate) fn args(attr: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let mut krate = None;
    let mut seen_external = false;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            paths::parse_crate_option(&meta, &mut krate)
        } else if meta.path.is_ident("metadata") {
            if args.metadata.is_some() {
                return Err(meta.error("duplicate `metadata` option; give one path"));
            }
            args.metadata = Some(meta.value()?.parse()?);
            Ok(())
        } else if meta.path.is_ident("external") {
            if seen_external {
                return Err(meta.error(
                    "duplicate `external(...)` option; list every name in one `external(...)`",
                ));
            }
            seen_external = true;
            let mut seen_services = false;
            let mut seen_checks = false;
            let mut seen_workloads = false;
            meta.parse_nested_meta(|inner| {
                let (seen, target) = if inner.path.is_ident("services") {
                    (&mut seen_services, &mut args.external_services)
                } else if inner.path.is_ident("checks") {
                    (&mut seen_checks, &mut args.external_checks)
                } else if inner.path.is_ident("workloads") {
                    (&mut seen_workloads, &mut args.external_workloads)
                } else {
                    return Err(inner.error(
                        "unknown `external` list; expected `services = [\"name\", ...]`, \
                         `checks = [\"name\", ...]` or `workloads = [\"name\", ...]`",
                    ));
                };
                if *seen {
                    return Err(inner.error(
                        "duplicate list; give each of `services`, `checks` and `workloads` once",
                    ));
                }
                *seen = true;
                let content;
                let input = inner.value()?;
                syn::bracketed!(content in *input);
                let names =
                    content.parse_terminated(|input| input.parse::<LitStr>(), syn::Token![,])?;
                target.extend(names);
                Ok(())
            })
        } else {
            Err(meta.error(
                "unknown option of #[layer]; expected `external(services = [...], checks = [...], \
                 workloads = [...])`, `metadata = \"path/to/charmcraft.yaml\"` or `crate = path`",
            ))
        }
    });
    syn::parse::Parser::parse2(parser, attr)?;
    if let Some(krate) = krate {
        args.krate = krate;
    }
    Ok(args)
}

/// A function parameter that placeholders can name.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// The parameter's name.
    pub ident: Ident,
    /// Its type.
    pub ty: Type,
}

/// The function the attribute is on, once its shape is known to be right.
#[derive(Debug, Clone)]
pub(crate) struct LayerFn {
    /// The function as written (its body is replaced on expansion).
    pub item: ItemFn,
    /// Its parameters, in order (those written as plain names).
    pub params: Vec<Param>,
    /// Whether every parameter is a plain name (otherwise placeholders are not checked).
    pub all_params_named: bool,
    /// The layer's YAML.
    pub source: Source,
}

/// Checks the function's shape: no `async`, no `self`, simple parameter names, a return type
/// and a body that is one string literal. Every problem is recorded.
pub(crate) fn function(item: ItemFn, diag: &mut Diagnostics) -> Option<LayerFn> {
    let sig = &item.sig;
    if let Some(asyncness) = &sig.asyncness {
        diag.error(
            asyncness.span(),
            "a #[layer] function cannot be `async`; remove `async` (the layer is built without I/O)",
        );
    }
    if let ReturnType::Default = sig.output {
        diag.error(
            sig.ident.span(),
            "a #[layer] function must return the layer; add `-> Layer` (charm_runtime::layer::Layer)",
        );
    }
    let mut params = Vec::new();
    let mut all_params_named = true;
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => diag.error(
                receiver.span(),
                "a #[layer] function cannot take `self`; make it a free function or an associated \
                 function without `self`",
            ),
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                    params.push(Param {
                        ident: pat.ident.clone(),
                        ty: (*typed.ty).clone(),
                    })
                }
                other => {
                    all_params_named = false;
                    diag.error(
                        other.span(),
                        "parameters of a #[layer] function must be plain names, which placeholders \
                     `${name}` refer to",
                    );
                }
            },
        }
    }
    let literal = match item.block.stmts.as_slice() {
        [
            Stmt::Expr(
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }),
                None,
            ),
        ] => Some(lit.clone()),
        _ => {
            diag.error(
                item.block.span(),
                "the body of a #[layer] function must be one string literal holding the layer's \
                 YAML, like `{ r#\"services: ...\"# }`",
            );
            None
        }
    };
    let source = Source::new(literal?);
    Some(LayerFn {
        item,
        params,
        all_params_named,
        source,
    })
}

/// The YAML text and the literal it came from, to place messages.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The literal.
    pub lit: LitStr,
    /// Its value.
    pub text: String,
    /// The source line of the literal's first line, when lines of the text match source lines
    /// (a raw string, or a string without escapes).
    first_line: Option<usize>,
}

impl Source {
    /// Wraps a literal.
    pub(crate) fn new(lit: LitStr) -> Self {
        let token = lit.token().to_string();
        let start = lit.span().start().line;
        let first_line =
            (start > 0 && (token.starts_with('r') || !token.contains('\\'))).then_some(start);
        Self {
            text: lit.value(),
            lit,
            first_line,
        }
    }

    /// The span messages about the layer point at.
    pub(crate) fn span(&self) -> Span {
        self.lit.span()
    }

    /// `line N` of the source file for line `yaml_line` of the text, or `layer line N` when
    /// source lines are not known.
    pub(crate) fn line(&self, yaml_line: u64) -> String {
        match (self.first_line, usize::try_from(yaml_line)) {
            (Some(first), Ok(line)) if line > 0 => format!("line {}", first + line - 1),
            _ => format!("layer line {yaml_line}"),
        }
    }

    /// Parses the text as YAML.
    ///
    /// # Errors
    ///
    /// When the text is not YAML, with the line in the message.
    pub(crate) fn parse(&self) -> syn::Result<Node> {
        yaml::parse(&self.text).map_err(|e| {
            let hint = if e.message.starts_with("duplicate mapping key") {
                "remove one of the two entries"
            } else if e.message.contains("flow") && self.text.contains("${") {
                "inside `{...}` or `[...]`, quote placeholders: `{port: \"${port}\"}`"
            } else {
                "check indentation, quoting and `:` after keys"
            };
            syn::Error::new(
                self.span(),
                format!(
                    "the layer is not valid YAML ({}): {}; {hint}",
                    self.line(e.line),
                    e.message
                ),
            )
        })
    }
}

/// A piece of a text value: literal text or a parameter to substitute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Text as written (with `$${` already turned into `${`).
    Lit(String),
    /// `${name}`.
    Param(String),
}

/// Splits `text` at `${name}` placeholders; `$${` stands for a literal `${`.
///
/// # Errors
///
/// A message when a placeholder is not closed or does not hold an identifier.
pub(crate) fn placeholders(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        literal.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(escaped) = after.strip_prefix("${") {
            literal.push_str("${");
            rest = escaped;
        } else if let Some(inner) = after.strip_prefix('{') {
            let Some(end) = inner.find('}') else {
                return Err(format!(
                    "placeholder `${{{inner}` is not closed; write `${{name}}`, or `$${{` for a \
                     literal `${{`"
                ));
            };
            let name = &inner[..end];
            if syn::parse_str::<Ident>(name).is_err() {
                return Err(format!(
                    "`${{{name}}}` is not a placeholder: the name must be a parameter name; write \
                     `$${{` for a literal `${{`"
                ));
            }
            if !literal.is_empty() {
                pieces.push(Piece::Lit(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Param(name.to_owned()));
            rest = &inner[end + 1..];
        } else {
            literal.push('$');
            rest = after;
        }
    }
    literal.push_str(rest);
    if !literal.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Lit(literal));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn parse_fn(tokens: TokenStream) -> (Option<LayerFn>, Vec<String>) {
        let item: ItemFn = syn::parse2(tokens).unwrap();
        let mut diag = Diagnostics::new();
        let parsed = function(item, &mut diag);
        let errors = match diag.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (parsed, errors)
    }

    #[test]
    fn parses_external_names_and_crate() {
        let args = args(quote!(
            external(
                services = ["base", "db"],
                checks = ["up"],
                workloads = ["app"]
            ),
            metadata = "../charmcraft.yaml",
            crate = my::rt
        ))
        .unwrap();
        assert_eq!(args.external_workloads[0].value(), "app");
        assert_eq!(
            args.metadata.as_ref().map(LitStr::value).as_deref(),
            Some("../charmcraft.yaml")
        );
        let err = super::args(quote!(metadata = "a", metadata = "b")).unwrap_err();
        assert!(err.to_string().starts_with("duplicate `metadata`"), "{err}");
        let services: Vec<String> = args.external_services.iter().map(LitStr::value).collect();
        assert_eq!(services, ["base", "db"]);
        assert_eq!(args.external_checks[0].value(), "up");
        assert_eq!(args.krate.private().to_string(), "my :: rt :: __private");
    }

    #[test]
    fn rejects_unknown_and_duplicate_options() {
        let err = args(quote!(extern(services = []))).unwrap_err();
        assert!(
            err.to_string().starts_with("unknown option of #[layer]"),
            "{err}"
        );
        let err = args(quote!(external(services = ["a"], services = ["b"]))).unwrap_err();
        assert!(err.to_string().starts_with("duplicate list"), "{err}");
        let err = args(quote!(external(services = ["a"]), external(checks = ["b"]))).unwrap_err();
        assert!(
            err.to_string().starts_with("duplicate `external(...)`"),
            "{err}"
        );
        let err = args(quote!(external(service = ["a"]))).unwrap_err();
        assert!(
            err.to_string().starts_with("unknown `external` list"),
            "{err}"
        );
    }

    #[test]
    fn accepts_a_literal_body_and_named_params() {
        let (parsed, errors) = parse_fn(quote! {
            fn overlay(timeout: &str, port: u16) -> Layer { "summary: x" }
        });
        assert!(errors.is_empty(), "{errors:?}");
        let parsed = parsed.unwrap();
        let names: Vec<String> = parsed.params.iter().map(|p| p.ident.to_string()).collect();
        assert_eq!(names, ["timeout", "port"]);
        assert_eq!(parsed.source.text, "summary: x");
    }

    #[test]
    fn reports_every_shape_problem() {
        let (parsed, errors) = parse_fn(quote! {
            async fn overlay((a, b): (u8, u8)) { let x = 1; "summary: x" }
        });
        assert!(parsed.is_none());
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].contains("cannot be `async`"));
        assert!(errors[1].contains("add `-> Layer`"));
        assert!(errors[2].contains("must be plain names"));
        assert!(errors[3].contains("one string literal"));
    }

    #[test]
    fn splits_placeholders() {
        use Piece::{Lit, Param};
        assert_eq!(placeholders("plain").unwrap(), [Lit("plain".into())]);
        assert_eq!(placeholders("").unwrap(), [Lit(String::new())]);
        assert_eq!(placeholders("${a}").unwrap(), [Param("a".into())]);
        assert_eq!(
            placeholders("x-${a}-$HOME-$${b}${c}").unwrap(),
            [
                Lit("x-".into()),
                Param("a".into()),
                Lit("-$HOME-${b}".into()),
                Param("c".into())
            ]
        );
        assert!(placeholders("${a").unwrap_err().contains("not closed"));
        assert!(
            placeholders("${1a}")
                .unwrap_err()
                .contains("must be a parameter name")
        );
        assert!(
            placeholders("${}")
                .unwrap_err()
                .contains("must be a parameter name")
        );
    }

    #[test]
    fn tells_to_quote_placeholders_in_flow_collections() {
        let source = Source::new(syn::parse_quote!("tcp: {port: ${port}}"));
        let err = source.parse().unwrap_err().to_string();
        assert!(
            err.ends_with("; inside `{...}` or `[...]`, quote placeholders: `{port: \"${port}\"}`"),
            "{err}"
        );
    }

    #[test]
    fn cites_the_line_of_syntax_errors() {
        let source = Source::new(syn::parse_quote!("a: [1"));
        let err = source.parse().unwrap_err().to_string();
        assert!(
            err.starts_with("the layer is not valid YAML (line 1): unclosed bracket '['; check"),
            "{err}"
        );
    }
}
