//! Relation tools of [`MemoryTools`](super::MemoryTools), with Juju's access rules.

use super::MemoryState;
use super::answer::{Args, fail, json, stdin_map};
use crate::hook_tools::{Error, ToolCall};

fn relation_number(tool: &str, args: &Args) -> Result<u64, Error> {
    let text = args.flag("-r").unwrap_or_default();
    text.rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| fail(tool, &format!("invalid relation id {text:?}")))
}

/// Answers `relation-*` tools.
pub(super) fn answer(
    state: &mut MemoryState,
    call: &ToolCall,
    args: &Args,
) -> Result<Vec<u8>, Error> {
    let tool = call.tool.as_str();
    let first = args.positional.first().map(String::as_str);
    let none = Ok(Vec::new());
    match tool {
        "relation-ids" => {
            let endpoint = first.unwrap_or_default();
            let ids: Vec<String> = state
                .relations
                .iter()
                .filter(|(_, r)| r.endpoint == endpoint)
                .map(|(n, r)| format!("{}:{n}", r.endpoint))
                .collect();
            json(&ids)
        }
        "relation-list" => {
            let number = relation_number(tool, args)?;
            let relation = state
                .relations
                .get(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            if args.has("--app") {
                json(&relation.remote_app)
            } else {
                json(&relation.units)
            }
        }
        "relation-model-get" => {
            json(&serde_json::json!({"uuid": "00000000-0000-0000-0000-000000000000"}))
        }
        "relation-get" => {
            let number = relation_number(tool, args)?;
            let app_name = state.app_name().to_owned();
            let (leader, unit) = (state.leader, state.unit_name.clone());
            let relation = state
                .relations
                .get(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            let member = args.positional.get(1).map_or(unit.as_str(), String::as_str);
            // Every unit reads its own application's bag of a peer relation; only the
            // leader reads it in a relation with another application.
            let peer = relation.remote_app == app_name;
            if args.has("--app") && member == app_name && !leader && !peer {
                return Err(fail(tool, "permission denied"));
            }
            let data = relation.data.get(member).cloned().unwrap_or_default();
            match first {
                Some("-") | None => json(&data),
                Some(key) => json(&data.get(key)),
            }
        }
        "relation-set" => {
            let number = relation_number(tool, args)?;
            let values = stdin_map(call)?;
            let bag = if args.has("--app") {
                if !state.leader {
                    return Err(fail(tool, "cannot write relation settings"));
                }
                state.app_name().to_owned()
            } else {
                state.unit_name.clone()
            };
            let relation = state
                .relations
                .get_mut(&number)
                .ok_or_else(|| fail(tool, "relation not found"))?;
            let data = relation.data.entry(bag).or_default();
            for (key, value) in values {
                if value.is_empty() {
                    data.remove(&key);
                } else {
                    data.insert(key, value);
                }
            }
            none
        }
        other => Err(fail(other, &format!("{other}: command not found"))),
    }
}
