//! Secret tools of [`MemoryTools`](super::MemoryTools); values arrive as `key#file=` files.

use std::collections::BTreeMap;

use super::answer::{Args, fail, json};
use super::{MemorySecret, MemoryState};
use crate::hook_tools::Error;

/// Answers `secret-*` tools.
pub(super) fn answer(state: &mut MemoryState, tool: &str, args: &Args) -> Result<Vec<u8>, Error> {
    let first = args.positional.first().map(String::as_str);
    let none = Ok(Vec::new());
    match tool {
        "secret-add" | "secret-set" => secret_write(state, tool, args),
        "secret-get" | "secret-info-get" => {
            // Getting by id with a label binds the label, as Juju does for consumers.
            if let (Some(id), Some(label)) = (first, args.flag("--label"))
                && let Some(secret) = state.secrets.get_mut(id)
            {
                secret.label = Some(label.to_owned());
            }
            let (id, secret) = find_secret(state, tool, args)?;
            if tool == "secret-get" {
                json(&secret.content)
            } else {
                json(&serde_json::json!({ id: {
                    "revision": secret.revision,
                    "label": secret.label,
                    "owner": secret.owner,
                    "description": secret.description,
                    "expiry": secret.expire,
                    "rotation": secret.rotate,
                }}))
            }
        }
        "secret-grant" | "secret-revoke" => {
            let relation: u64 = args
                .flag("--relation")
                .and_then(|r| r.parse().ok())
                .ok_or_else(|| fail(tool, "--relation is required"))?;
            let unit = args.flag("--unit").map(str::to_owned);
            let id = first.unwrap_or_default().to_owned();
            let secret = state
                .secrets
                .get_mut(&id)
                .ok_or_else(|| fail(tool, "secret not found"))?;
            if tool == "secret-grant" {
                secret.grants.push((relation, unit));
            } else {
                secret.grants.retain(|g| *g != (relation, unit.clone()));
            }
            none
        }
        "secret-remove" => {
            let id = first.unwrap_or_default();
            match args.flag("--revision").and_then(|r| r.parse().ok()) {
                Some(revision) => state
                    .secrets
                    .get_mut(id)
                    .ok_or_else(|| fail(tool, "secret not found"))?
                    .removed_revisions
                    .push(revision),
                None => {
                    state
                        .secrets
                        .remove(id)
                        .ok_or_else(|| fail(tool, "secret not found"))?;
                }
            }
            none
        }
        "secret-ids" => json(&state.secrets.keys().collect::<Vec<_>>()),
        other => Err(fail(other, &format!("{other}: command not found"))),
    }
}

fn find_secret<'s>(
    state: &'s MemoryState,
    tool: &str,
    args: &Args,
) -> Result<(String, &'s MemorySecret), Error> {
    let found = match args.positional.first() {
        Some(id) => state.secrets.get_key_value(id),
        None => {
            let label = args.flag("--label");
            state
                .secrets
                .iter()
                .find(|(_, s)| s.label.is_some() && s.label.as_deref() == label)
        }
    };
    found
        .map(|(id, secret)| (id.clone(), secret))
        .ok_or_else(|| fail(tool, "secret not found"))
}

fn secret_write(state: &mut MemoryState, tool: &str, args: &Args) -> Result<Vec<u8>, Error> {
    let mut content = BTreeMap::new();
    let mut rest = args.positional.iter();
    let id = if tool == "secret-set" {
        Some(rest.next().cloned().unwrap_or_default())
    } else {
        None
    };
    for pair in rest {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(fail(tool, &format!("argument {pair:?} is not key=value")));
        };
        let value = match key.strip_suffix("#file") {
            Some(key) => {
                let text = std::fs::read_to_string(value)
                    .map_err(|e| fail(tool, &format!("cannot read {value}: {e}")))?;
                content.insert(key.to_owned(), text);
                continue;
            }
            None => value.to_owned(),
        };
        content.insert(key.to_owned(), value);
    }
    let label = args.flag("--label").map(str::to_owned);
    let description = args.flag("--description").map(str::to_owned);
    match id {
        None => {
            let id = format!("secret:memory{}", state.secrets.len() + 1);
            state.secrets.insert(
                id.clone(),
                MemorySecret {
                    label,
                    description,
                    revision: 1,
                    content,
                    expire: args.flag("--expire").map(str::to_owned),
                    rotate: args.flag("--rotate").map(str::to_owned),
                    owner: args.flag("--owner").unwrap_or("application").to_owned(),
                    grants: Vec::new(),
                    removed_revisions: Vec::new(),
                },
            );
            Ok(format!("{id}\n").into_bytes())
        }
        Some(id) => {
            let secret = state
                .secrets
                .get_mut(&id)
                .ok_or_else(|| fail(tool, "secret not found"))?;
            if !content.is_empty() && content != secret.content {
                secret.content = content;
                secret.revision += 1;
            }
            if label.is_some() {
                secret.label = label;
            }
            if description.is_some() {
                secret.description = description;
            }
            Ok(Vec::new())
        }
    }
}
