//! The `#[layer]` functions of a source file: the literal, the `external(...)` names, the
//! `metadata` path, and the parameters whose values fill the placeholders.

use std::path::Path;

use charm_spec::juju::Target;
use syn::punctuated::Punctuated;
use syn::{Attribute, Block, FnArg, ImplItem, Item, LitStr, Pat, Signature, Stmt, Token, Type};

/// One `#[layer]` function.
#[derive(Debug, Clone)]
pub struct CaseLayer {
    /// The function's name.
    pub function: String,
    /// The layer's YAML with placeholders filled, or `None` when the body is not one string
    /// literal.
    pub text: Option<String>,
    /// Services other layers define (`external(services = [...])`).
    pub services: Vec<String>,
    /// Checks other layers define.
    pub checks: Vec<String>,
    /// Workloads the image defines.
    pub workloads: Vec<String>,
    /// What `assumes` admits.
    pub target: Target,
}

/// The `#[layer]` functions of `file`, in source order (free functions, functions in
/// modules and in function bodies, and associated functions).
pub fn layers(file: &Path) -> Vec<CaseLayer> {
    let text = std::fs::read_to_string(file).unwrap();
    let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut found = Vec::new();
    items(&syntax.items, file, &mut found);
    found
}

fn items(list: &[Item], file: &Path, found: &mut Vec<CaseLayer>) {
    for item in list {
        match item {
            Item::Fn(function) => {
                found.extend(layer(&function.attrs, &function.sig, &function.block, file));
                statements(&function.block.stmts, file, found);
            }
            Item::Mod(module) => {
                if let Some((_, inner)) = &module.content {
                    items(inner, file, found);
                }
            }
            Item::Impl(block) => {
                for inner in &block.items {
                    if let ImplItem::Fn(method) = inner {
                        found.extend(layer(&method.attrs, &method.sig, &method.block, file));
                    }
                }
            }
            _ => {}
        }
    }
}

fn statements(stmts: &[Stmt], file: &Path, found: &mut Vec<CaseLayer>) {
    let inner: Vec<Item> = stmts
        .iter()
        .filter_map(|stmt| match stmt {
            Stmt::Item(item) => Some(item.clone()),
            _ => None,
        })
        .collect();
    items(&inner, file, found);
}

/// The layer of `function` if one of `attrs` is `#[layer]` (any path ending in `layer`).
fn layer(attrs: &[Attribute], sig: &Signature, block: &Block, file: &Path) -> Option<CaseLayer> {
    let attr = attrs.iter().find(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "layer")
    })?;
    let options = Options::read(attr);
    let literal = match block.stmts.as_slice() {
        [
            Stmt::Expr(
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }),
                None,
            ),
        ] => Some(lit.value()),
        _ => None,
    };
    let params: Vec<(String, &'static str)> = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match &*typed.pat {
                Pat::Ident(pat) => Some((pat.ident.to_string(), value_of(&typed.ty))),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect();
    Some(CaseLayer {
        function: sig.ident.to_string(),
        text: literal.map(|text| fill(&text, &params)),
        services: options.services,
        checks: options.checks,
        workloads: options.workloads,
        target: super::target(file, options.metadata.as_deref()),
    })
}

/// The options of a `#[layer(...)]` that matter here; others (`crate = path`) and mistakes
/// (the compile-fail cases about options) are skipped.
#[derive(Default)]
struct Options {
    services: Vec<String>,
    checks: Vec<String>,
    workloads: Vec<String>,
    metadata: Option<String>,
}

impl Options {
    fn read(attr: &Attribute) -> Self {
        let mut options = Self::default();
        if !matches!(attr.meta, syn::Meta::List(_)) {
            return options;
        }
        // A mistake stops the reading; what was read before it is kept.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("external") {
                meta.parse_nested_meta(|list| {
                    let content;
                    let value = list.value()?;
                    syn::bracketed!(content in *value);
                    let names: Punctuated<LitStr, Token![,]> =
                        content.parse_terminated(|input| input.parse::<LitStr>(), Token![,])?;
                    let names = names.iter().map(LitStr::value);
                    if list.path.is_ident("services") {
                        options.services.extend(names);
                    } else if list.path.is_ident("checks") {
                        options.checks.extend(names);
                    } else if list.path.is_ident("workloads") {
                        options.workloads.extend(names);
                    }
                    Ok(())
                })
            } else if meta.path.is_ident("metadata") {
                options.metadata = Some(meta.value()?.parse::<LitStr>()?.value());
                Ok(())
            } else if meta.input.peek(Token![=]) {
                meta.value()?.parse::<syn::Expr>().map(drop)
            } else {
                let _skipped;
                syn::parenthesized!(_skipped in meta.input);
                Ok(())
            }
        });
        options
    }
}

/// A value of type `ty` as a placeholder would put it in the layer: a word for text, `1`
/// for whole numbers (valid as a port, an id, a threshold and a factor), `1s` for durations.
fn value_of(ty: &Type) -> &'static str {
    let mut ty = ty;
    while let Type::Reference(reference) = ty {
        ty = &reference.elem;
    }
    let name = match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    };
    match name.as_str() {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
        | "NonZeroU8" | "NonZeroU16" | "NonZeroU32" | "NonZeroU64" => "1",
        "f32" | "f64" => "1.5",
        "Duration" | "GoDuration" => "1s",
        "Startup" => "enabled",
        "CheckLevel" => "alive",
        "bool" => "true",
        _ => "text",
    }
}

/// `text` with `$${` turned into `${` and each `${name}` of a parameter replaced by its
/// value; a quoted whole-value placeholder (`"${port}"`) loses its quotes when its value is
/// not text, as the macro puts the typed value there. Unknown names stay as written.
pub fn fill(text: &str, params: &[(String, &'static str)]) -> String {
    let mut text = text.to_owned();
    for (name, value) in params {
        if *value != "text" {
            for quote in ['"', '\''] {
                text = text.replace(&format!("{quote}${{{name}}}{quote}"), value);
            }
        }
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        if let Some(escaped) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = escaped;
            continue;
        }
        let known = after.strip_prefix("${").and_then(|inner| {
            let (name, tail) = inner.split_once('}')?;
            let (_, value) = params.iter().find(|(p, _)| p == name)?;
            Some((*value, tail))
        });
        match known {
            Some((value, tail)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push('$');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders_by_type() {
        let params = [
            ("port".to_owned(), "1"),
            ("name".to_owned(), "text"),
            ("delay".to_owned(), "1s"),
        ];
        assert_eq!(
            fill(
                "cmd: /a ${name} ${port}\nport: \"${port}\"\nenv: {A: \"${name}\", B: $${HOME}}\n\
                 d: '${delay}'\nx: ${other}",
                &params
            ),
            "cmd: /a text 1\nport: 1\nenv: {A: \"text\", B: ${HOME}}\nd: 1s\nx: ${other}"
        );
    }

    #[test]
    fn finds_layers_and_their_options() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lib.rs");
        std::fs::write(
            &file,
            r##"
            #[layer(external(services = ["a"], checks = ["b"], workloads = ["w"]), crate = x::y)]
            fn one(port: u16) -> Layer { "summary: ${port}" }
            mod inner {
                #[charm_runtime::layer(metadata = "m.yaml")]
                fn two() -> Layer { r#"summary: two"# }
            }
            struct S;
            impl S {
                #[layer(externals(x))]
                fn three() -> Layer { let x = 1; "" }
            }
            fn not_a_layer() -> &'static str { "x" }
            "##,
        )
        .unwrap();
        let found = layers(&file);
        let names: Vec<&str> = found.iter().map(|l| l.function.as_str()).collect();
        assert_eq!(names, ["one", "two", "three"]);
        assert_eq!(found[0].text.as_deref(), Some("summary: 1"));
        assert_eq!(found[0].services, ["a"]);
        assert_eq!(found[0].checks, ["b"]);
        assert_eq!(found[0].workloads, ["w"]);
        assert_eq!(found[1].text.as_deref(), Some("summary: two"));
        assert_eq!(found[2].text, None);
    }
}
