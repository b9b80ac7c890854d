//! `#[charm]`: the dispatch of a charm's events to its `#[on]` handlers.
//!
//! [`expand()`] parses the options and the impl block, reads `charmcraft.yaml`, checks every
//! handler against it, and prints the dispatch ([`try_expand`]). Any error makes it print the
//! impl block (without the `#[on]` attributes, which only `#[charm]` understands), a stub of
//! the generated impl, and every error at once ([`fallback`]).

pub(crate) mod expand;
pub(crate) mod mount;
pub(crate) mod parse;
pub(crate) mod validate;

use proc_macro2::{Span, TokenStream};

use crate::diag::Diagnostics;
use crate::metadata::Ctx;

/// Expands `#[charm(attr)] item`: the dispatch, or on error [`fallback`].
pub(crate) fn expand(attr: TokenStream, item: TokenStream, ctx: &Ctx) -> TokenStream {
    match try_expand(attr.clone(), item.clone(), ctx) {
        Ok(expanded) => expanded,
        Err(error) => fallback(attr, item, &error),
    }
}

/// The impl block and the dispatch.
///
/// # Errors
///
/// Every mistake in the options, the impl block and its handlers, and every name
/// `charmcraft.yaml` does not declare, combined.
fn try_expand(attr: TokenStream, item: TokenStream, ctx: &Ctx) -> syn::Result<TokenStream> {
    let mut diag = Diagnostics::new();
    let args = parse::parse_args(attr, &mut diag);
    let charm = match parse::parse_item(item, &mut diag) {
        Ok(charm) => charm,
        Err(error) => return Err(diag.fail(error)),
    };
    let span = args
        .metadata
        .as_ref()
        .map_or_else(Span::call_site, syn::LitStr::span);
    // Without the file every name would be reported as unknown: report the file only.
    let metadata = match ctx.charmcraft(args.metadata.as_ref(), span) {
        Ok(metadata) => metadata,
        Err(error) => return Err(diag.fail(error)),
    };
    let checked = validate::validate(&charm, &metadata, &mut diag);
    diag.finish()?;
    let runtime = args.krate.unwrap_or_default();
    let options = expand::Options {
        runtime: &runtime,
        charmcraft: &metadata.include(),
        remember_status: args.remember_status.as_ref().map(syn::LitBool::value),
    };
    Ok(expand::expand(&charm, &checked, &options))
}

/// What is emitted on error: the impl block without the helper attributes and a stub of the
/// `Charm` impl (so a `main!` or a test that names the charm gives no second error), or the
/// item unchanged when it is not an impl block; then `error`.
fn fallback(attr: TokenStream, item: TokenStream, error: &syn::Error) -> TokenStream {
    let ignored = &mut Diagnostics::new();
    let runtime = parse::parse_args(attr, ignored).krate.unwrap_or_default();
    let mut out = match parse::parse_item(item.clone(), ignored) {
        Ok(charm) => expand::stub(&charm, &runtime),
        Err(_) => item,
    };
    out.extend(error.to_compile_error());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;
    use std::path::Path;

    /// The directory of `Cargo.toml`, which holds the `charmcraft.yaml` of the snapshots and
    /// the docs.
    fn crate_dir() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// Expands `item` against `charm-macros/charmcraft.yaml` and formats the result, with the
    /// machine-specific directory replaced by `/path/to/charm`.
    fn expand_pretty(attr: TokenStream, item: TokenStream) -> String {
        let ctx = Ctx {
            source_file: Some(crate_dir().join("snapshots").join("lib.rs")),
        };
        // The directory is replaced before formatting, so line breaks do not depend on where
        // the repository is checked out.
        let tokens = expand(attr, item, &ctx).to_string().replace(
            &crate_dir().to_string_lossy().into_owned(),
            "/path/to/charm",
        );
        let file: syn::File = syn::parse_str(&tokens).unwrap();
        prettyplease::unparse(&file)
    }

    /// Expands the `#[charm]` impl block written in `snapshots/<name>.rs`.
    fn expand_file(name: &str) -> String {
        let text = std::fs::read_to_string(crate_dir().join("snapshots").join(name)).unwrap();
        let mut item: syn::ItemImpl = syn::parse_str(&text).unwrap();
        let attr = item.attrs.remove(0);
        assert!(
            attr.path().is_ident("charm"),
            "{name} must start with #[charm]"
        );
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => TokenStream::new(),
        };
        expand_pretty(args, quote!(#item))
    }

    #[test]
    fn snapshot_demo() {
        let out = expand_file("charm-demo.rs");
        expect_test::expect_file!["../../snapshots/charm-demo.expanded.rs"].assert_eq(&out);
    }

    /// `docs/macros.md` shows the demo charm and its expansion as they are. With
    /// `UPDATE_EXPECT=1` the blocks are rewritten from the snapshot files.
    #[test]
    fn walkthrough_shows_the_current_snapshot() {
        let path = crate_dir().join("../docs/macros.md");
        let mut doc = std::fs::read_to_string(&path).unwrap();
        let update = std::env::var_os("UPDATE_EXPECT").is_some();
        for file in ["charm-demo.rs", "charm-demo.expanded.rs"] {
            let marker = format!("<!-- snapshot: {file} -->\n```rust\n");
            let start = doc
                .find(&marker)
                .unwrap_or_else(|| panic!("no block for {file}"))
                + marker.len();
            let end = start + doc[start..].find("```\n").unwrap();
            let snapshot =
                std::fs::read_to_string(crate_dir().join("snapshots").join(file)).unwrap();
            if update {
                doc.replace_range(start..end, &snapshot);
            } else {
                assert_eq!(
                    doc[start..end],
                    snapshot,
                    "docs/macros.md is out of date for {file}"
                );
            }
        }
        if update {
            std::fs::write(&path, doc).unwrap();
        }
    }

    /// Every error message the charm `item` gets, checked against `charm-macros/charmcraft.yaml`.
    fn errors_of(item: TokenStream) -> Vec<String> {
        let mut diag = Diagnostics::new();
        let charm = parse::parse_item(item, &mut diag).unwrap();
        let ctx = Ctx {
            source_file: Some(crate_dir().join("snapshots").join("lib.rs")),
        };
        let metadata = ctx.charmcraft(None, Span::call_site()).unwrap();
        validate::validate(&charm, &metadata, &mut diag);
        diag.finish()
            .err()
            .map(|e| e.into_iter().map(|e| e.to_string()).collect())
            .unwrap_or_default()
    }

    /// The messages quoted in `docs/macros.md` (and in the rustdoc of `#[charm]`) are the
    /// ones the macro gives.
    #[test]
    fn documented_messages_are_current() {
        let item = quote! {
                impl Demo {
                    #[on(pebble_ready = "mypp")]
                    fn a() -> Result<()> { Ok(()) }
                    #[on(relation_changed = "db")]
                    fn b() -> Result<()> { Ok(()) }
                    #[on(pebble_ready)]
                    fn c() -> Result<()> { Ok(()) }
                    #[on(pebble_ready = "myapp", key = "x")]
                    fn d() -> Result<()> { Ok(()) }
                    #[on(leader_elected)]
                    fn e(#[config] port: String, #[config = "log-level"] level: String) -> Result<()> { Ok(()) }
                    #[on(action = "backup")]
                    fn f(#[param] targt: String) -> Result<()> { Ok(()) }
                    #[on(install)]
                    fn g() -> Result<()> { Ok(()) }
                    #[on(install)]
                    fn install() -> Result<()> { Ok(()) }
                    #[on(reconcile)]
                    fn h(relation: RelationEvent) -> Result<()> { Ok(()) }
                    #[on(reconcile)]
                    #[on(config_changed)]
                    fn i() -> Result<()> { Ok(()) }
                    #[on(collect_status)]
                    #[on(update_status)]
                    fn j() -> Result<()> { Ok(()) }
                }
        };
        let doc = std::fs::read_to_string(crate_dir().join("../docs/macros.md")).unwrap();
        let rustdoc = include_str!("../lib.rs");
        let messages = errors_of(item);
        assert_eq!(messages.len(), 11, "{messages:?}");
        for message in messages {
            let message = message.replace("`g` already handles", "`install` already handles");
            assert!(doc.contains(&message), "docs/macros.md lacks: {message}");
        }
        assert!(rustdoc.contains(r#"no container "mypp" in charmcraft.yaml:3 (declared: myapp, db); did you mean "myapp"?"#));
    }

    #[test]
    fn snapshot_every_event_form() {
        let out = expand_pretty(
            quote!(crate = my_runtime, remember_status = false),
            quote! {
                impl MyCharm {
                    #[on(pebble_custom_notice = "db", key = "example.com/backup-done")]
                    fn backup_done(notice: NoticeEvent) -> Result<()> { Ok(()) }

                    #[on(pebble_custom_notice = "db")]
                    fn other_notice(db: Container) -> Result<()> { Ok(()) }

                    #[on(pebble_check_failed = "db", check = "http-test")]
                    async fn check_failed(&mut self, check: CheckEvent) -> Result<()> { Ok(()) }

                    #[on(relation_changed = "database")]
                    async fn database(juju: Juju, relation: RelationEvent) -> Result<()> { Ok(()) }

                    #[on(storage_attached = "data")]
                    fn storage(storage: StorageEvent) -> Result<()> { Ok(()) }

                    #[on(secret_changed)]
                    fn secret(secret: SecretEvent, event: &Event) -> Result<()> { Ok(()) }

                    #[on(action = "backup")]
                    async fn backup(juju: &Juju, #[param] target: String, #[param] compress: bool, #[config = "log-level"] level: Option<String>) -> Result<()> { Ok(()) }

                    #[on(storage = "data")]
                    #[on(leadership)]
                    fn housekeeping(event: &Event, #[state = "seen"] seen: u64, #[state] notes: &Notes) -> Result<()> { Ok(()) }
                }
            },
        );
        expect_test::expect_file!["../../snapshots/charm-events.expanded.rs"].assert_eq(&out);
    }

    /// A mounted library: the struct of mounts, `Charm::mount`, the constant checks against
    /// `charmcraft.yaml`, arguments taken by the mount's name, and a handler that both an
    /// event and the library's reports run, once per event.
    #[test]
    fn snapshot_mounts() {
        let out = expand_pretty(
            quote!(),
            quote! {
                impl MyCharm {
                    #[interface]
                    fn database(endpoint: &'static str) -> DatabaseRequirer {
                        DatabaseRequirer::new(endpoint, "app")
                    }

                    #[on(config_changed)]
                    #[on(interface = "database")]
                    async fn credentials(database: &Mounted<DatabaseRequirer>) -> Result<()> { Ok(()) }

                    #[on(reconcile)]
                    fn reconcile(database: &DatabaseRequirer) -> Result<()> { Ok(()) }
                }
            },
        );
        expect_test::expect_file!["../../snapshots/charm-mounts.expanded.rs"].assert_eq(&out);
    }

    #[test]
    fn errors_keep_the_item_and_stub_the_impl() {
        let out = expand_pretty(
            quote!(),
            quote! {
                impl MyCharm {
                    #[on(pebble_ready = "mypp")]
                    async fn ready(c: Container) -> Result<()> { Ok(()) }
                }
            },
        );
        assert!(
            out.contains("async fn ready(c: Container) -> Result<()>"),
            "{out}"
        );
        assert!(out.contains("::core::unreachable!()"), "{out}");
        assert!(
            out.contains(r#"no container \"mypp\" in charmcraft.yaml:3 (declared: myapp, db)"#),
            "{out}"
        );
        assert!(!out.contains("#[on"), "{out}");
    }

    #[test]
    fn missing_metadata_is_the_only_error() {
        let ctx = Ctx {
            source_file: Some(std::env::temp_dir().join("charm-macros-nowhere/lib.rs")),
        };
        let item = quote! {
            impl MyCharm {
                #[on(pebble_ready = "anything")]
                async fn ready(c: Container) -> Result<()> { Ok(()) }
            }
        };
        let out = expand(quote!(metadata = "nope.yaml"), item, &ctx).to_string();
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(out.contains("no file at"), "{out}");
    }
}
