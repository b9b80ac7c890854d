//! `#[charm]`: the dispatch of a charm's events to its `#[on]` handlers.
//!
//! [`expand`] parses the options and the impl block, reads `charmcraft.yaml`, checks every
//! handler against it, and prints the dispatch. Any error makes it print the impl block
//! (without the `#[on]` attributes, which only `#[charm]` understands), every error at once,
//! and a stub of the generated impl.

pub(crate) mod expand;
pub(crate) mod parse;
pub(crate) mod validate;

use proc_macro2::{Span, TokenStream};

use crate::diag::Diagnostics;
use crate::metadata::{Charmcraft, Ctx, FILE_NAME};

/// Expands `#[charm(attr)] item`. Never fails: errors become `compile_error!`s next to the
/// user's item.
pub(crate) fn expand(attr: TokenStream, item: TokenStream, ctx: &Ctx) -> TokenStream {
    let mut diag = Diagnostics::new();
    let args = parse::parse_args(attr, &mut diag);
    let runtime = args.krate.clone().unwrap_or_default();
    let Some(charm) = parse::parse_item(item.clone(), &mut diag) else {
        return with_errors(item, diag);
    };
    let metadata = load_metadata(&args, ctx, &mut diag);
    let resolved = match &metadata {
        Some(metadata) => validate::validate(&charm, metadata, &mut diag),
        // Without the file every name would be reported as unknown: report the file only.
        None => match Charmcraft::parse("", FILE_NAME.into(), Span::call_site()) {
            Ok(empty) => validate::validate(&charm, &empty, &mut Diagnostics::new()),
            Err(_) => Vec::new(),
        },
    };
    match (diag.finish(), metadata) {
        (Ok(()), Some(metadata)) => expand::expand(&charm, &resolved, &runtime, &metadata.track()),
        (Ok(()), None) => expand::stub(&charm, &runtime),
        (Err(err), _) => {
            let mut out = expand::stub(&charm, &runtime);
            out.extend(err.to_compile_error());
            out
        }
    }
}

/// The user's tokens followed by every error.
fn with_errors(item: TokenStream, diag: Diagnostics) -> TokenStream {
    let mut out = item;
    if let Err(err) = diag.finish() {
        out.extend(err.to_compile_error());
    }
    out
}

/// Finds and reads `charmcraft.yaml`; on failure records why.
fn load_metadata(args: &parse::Args, ctx: &Ctx, diag: &mut Diagnostics) -> Option<Charmcraft> {
    let span = args
        .metadata
        .as_ref()
        .map_or_else(Span::call_site, syn::LitStr::span);
    match ctx.charmcraft(args.metadata.as_ref(), span) {
        Ok(metadata) => Some(metadata),
        Err(err) => {
            diag.push(err);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;
    use std::path::Path;

    /// Expands `item` against `snapshots/charmcraft.yaml` and formats the result, with the
    /// machine-specific directory replaced by `/path/to/charm`.
    fn expand_pretty(attr: TokenStream, item: TokenStream) -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
        let ctx = Ctx {
            source_file: Some(dir.join("lib.rs")),
        };
        let tokens = expand(attr, item, &ctx);
        let file: syn::File = syn::parse2(tokens).unwrap();
        prettyplease::unparse(&file).replace(&dir.to_string_lossy().into_owned(), "/path/to/charm")
    }

    #[test]
    fn snapshot_basic() {
        let out = expand_pretty(
            quote!(),
            quote! {
                impl MyCharm {
                    #[on(install)]
                    async fn install(juju: &Juju) -> Result<()> {
                        juju.set_unit_status(Status::maintenance("installing")).await?;
                        Ok(())
                    }

                    #[on(pebble_ready = "myapp")]
                    #[on(config_changed)]
                    async fn reconcile(&self, myapp: Container, #[config] port: i64) -> Result<()> {
                        myapp.ensure_layer("myapp", &self.layer(port)).await?;
                        Ok(())
                    }
                }
            },
        );
        expect_test::expect_file!["../../snapshots/charm-basic.expanded.rs"].assert_eq(&out);
    }

    #[test]
    fn snapshot_every_event_form() {
        let out = expand_pretty(
            quote!(crate = my_runtime),
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
                }
            },
        );
        expect_test::expect_file!["../../snapshots/charm-events.expanded.rs"].assert_eq(&out);
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
