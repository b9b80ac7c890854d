//! How [`MemoryTools`](super::MemoryTools) answers each tool: the common part and the
//! tools of status, config, actions, logging, state, ports, network, storage and misc.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::{MemoryState, relations, secrets};
use crate::hook_tools::{Error, LogLevel, Port, Status, StatusKind, ToolCall, encode_json};

pub(super) fn fail(tool: &str, stderr: &str) -> Error {
    Error::Failed {
        tool: tool.to_owned(),
        code: Some(1),
        stderr: stderr.to_owned(),
    }
}

/// A tool's arguments split into flags and positionals.
pub(super) struct Args {
    pub(super) flags: HashMap<String, String>,
    pub(super) positional: Vec<String>,
}

impl Args {
    /// Parses `args`; the flags in `with_value` take the next argument as their value.
    fn parse(args: &[String], with_value: &[&str]) -> Self {
        let mut flags = HashMap::new();
        let mut positional = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if arg == "--" {
                positional.extend(iter.by_ref().cloned());
            } else if let Some((name, value)) = arg.split_once('=').filter(|_| arg.starts_with('-'))
            {
                flags.insert(name.to_owned(), value.to_owned());
            } else if with_value.contains(&arg.as_str()) {
                flags.insert(arg.clone(), iter.next().cloned().unwrap_or_default());
            } else if arg.starts_with('-') && arg.len() > 1 {
                flags.insert(arg.clone(), String::new());
            } else {
                positional.push(arg.clone());
            }
        }
        Self { flags, positional }
    }

    pub(super) fn flag(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }

    pub(super) fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }
}

pub(super) fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    encode_json("in-memory answer", value)
}

pub(super) fn stdin_map(call: &ToolCall) -> Result<BTreeMap<String, String>, Error> {
    serde_json::from_slice(call.stdin.as_deref().unwrap_or(b"{}")).map_err(|source| Error::Output {
        tool: call.tool.clone(),
        source,
    })
}

pub(super) fn answer(state: &mut MemoryState, call: &ToolCall) -> Result<Vec<u8>, Error> {
    let tool = call.tool.as_str();
    let value_flags = [
        "-r",
        "--log-level",
        "-l",
        "--label",
        "--description",
        "--expire",
        "--rotate",
        "--owner",
        "--revision",
        "--relation",
        "--unit",
        "--file",
        "-s",
    ];
    let mut value_flags = value_flags.to_vec();
    if matches!(tool, "open-port" | "close-port") {
        value_flags.push("--endpoints");
    }
    if matches!(tool, "secret-grant" | "secret-revoke") {
        value_flags.push("--app");
    }
    let args = Args::parse(&call.args, &value_flags);
    let first = args.positional.first().map(String::as_str);
    let none = Ok(Vec::new());
    match tool {
        "is-leader" => json(&state.leader),
        "juju-log" => {
            let level = match args.flag("--log-level").or(args.flag("-l")) {
                Some("TRACE") => LogLevel::Trace,
                Some("DEBUG") => LogLevel::Debug,
                Some("WARNING") => LogLevel::Warning,
                Some("ERROR") => LogLevel::Error,
                _ => LogLevel::Info,
            };
            state.logs.push((level, args.positional.join(" ")));
            none
        }
        "status-set" => {
            let kind = match first {
                Some("active") => StatusKind::Active,
                Some("blocked") => StatusKind::Blocked,
                Some("maintenance") => StatusKind::Maintenance,
                Some("waiting") => StatusKind::Waiting,
                other => return Err(fail(tool, &format!("invalid status {other:?}"))),
            };
            let status = Status::new(kind, args.positional.get(1).cloned().unwrap_or_default());
            if args.has("--application") {
                if !state.leader {
                    return Err(fail(tool, "this unit is not the leader"));
                }
                state.app_status_history.push(status.clone());
                state.app_status = status;
            } else {
                state.unit_status_history.push(status.clone());
                state.unit_status = status;
            }
            none
        }
        "status-get" => {
            let entry = |s: &Status| serde_json::json!({"status": s.kind.as_str(), "message": s.message, "status-data": {}});
            if args.has("--application") {
                if !state.leader {
                    return Err(fail(
                        tool,
                        "finding application status: this unit is not the leader",
                    ));
                }
                let mut app = entry(&state.app_status);
                app["units"] =
                    serde_json::json!({ state.unit_name.clone(): entry(&state.unit_status) });
                json(&serde_json::json!({ "application-status": app }))
            } else {
                json(&entry(&state.unit_status))
            }
        }
        "application-version-set" => {
            state.workload_version = Some(first.unwrap_or_default().to_owned());
            none
        }
        "config-get" => match first {
            Some(key) => json(state.config.get(key).unwrap_or(&Value::Null)),
            None => json(&state.config),
        },
        "action-get" => match first {
            Some(key) => json(state.action_params.get(key).unwrap_or(&Value::Null)),
            None => json(&state.action_params),
        },
        "action-set" => {
            for pair in &args.positional {
                let Some((key, value)) = pair.split_once('=') else {
                    return Err(fail(tool, &format!("argument {pair:?} is not key=value")));
                };
                state
                    .action_results
                    .insert(key.to_owned(), value.to_owned());
            }
            none
        }
        "action-fail" => {
            state.action_failure = Some(first.unwrap_or_default().to_owned());
            none
        }
        "action-log" => {
            state.action_logs.push(args.positional.join(" "));
            none
        }
        tool if tool.starts_with("relation-") => relations::answer(state, call, &args),
        tool if tool.starts_with("secret-") => secrets::answer(state, tool, &args),
        "state-get" => match first {
            Some(key) => json(&state.state.get(key)),
            None => json(&state.state),
        },
        "state-set" => {
            state.state.extend(stdin_map(call)?);
            none
        }
        "state-delete" => {
            state.state.remove(first.unwrap_or_default());
            none
        }
        "open-port" | "close-port" => {
            let port: Port = first
                .unwrap_or_default()
                .parse()
                .map_err(|reason: String| fail(tool, &reason))?;
            if tool == "open-port" {
                let endpoints = args
                    .flag("--endpoints")
                    .map(|e| e.split(',').map(str::to_owned).collect())
                    .unwrap_or_default();
                state.ports.insert(port, endpoints);
            } else {
                state.ports.remove(&port);
            }
            none
        }
        "opened-ports" => {
            let entries: Vec<String> = state
                .ports
                .iter()
                .map(|(port, endpoints)| {
                    if !args.has("--endpoints") {
                        port.to_string()
                    } else if endpoints.is_empty() {
                        format!("{port} (*)")
                    } else {
                        format!("{port} ({})", endpoints.join(","))
                    }
                })
                .collect();
            json(&entries)
        }
        "network-get" => {
            let binding = first.unwrap_or_default();
            let network = state.networks.get(binding).ok_or_else(|| {
                fail(
                    tool,
                    &format!("no network config found for binding {binding:?}"),
                )
            })?;
            json(&serde_json::json!({
                "bind-addresses": network.bind_addresses.iter().map(|b| serde_json::json!({
                    "mac-address": b.mac_address,
                    "interface-name": b.interface_name,
                    "addresses": b.addresses.iter().map(|a| serde_json::json!({
                        "hostname": a.hostname, "value": a.value, "cidr": a.cidr,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "ingress-addresses": network.ingress_addresses,
                "egress-subnets": network.egress_subnets,
            }))
        }
        "storage-get" => {
            let id = args.flag("-s").unwrap_or_default();
            let info = state
                .storage
                .get(id)
                .ok_or_else(|| fail(tool, &format!("storage {id:?} not found")))?;
            json(&serde_json::json!({"kind": info.kind, "location": info.location}))
        }
        "storage-list" => {
            let ids: Vec<&String> = state
                .storage
                .keys()
                .filter(|id| {
                    first.is_none_or(|name| id.split_once('/').is_some_and(|(n, _)| n == name))
                })
                .collect();
            json(&ids)
        }
        "storage-add" => {
            for pair in &args.positional {
                let (name, count) = pair.split_once('=').unwrap_or((pair, "1"));
                let count: u32 = count.parse().map_err(|_| fail(tool, "invalid count"))?;
                *state.storage_added.entry(name.to_owned()).or_default() += count;
            }
            none
        }
        "resource-get" => {
            let name = first.unwrap_or_default();
            let path = state
                .resources
                .get(name)
                .ok_or_else(|| fail(tool, &format!("could not download resource: {name}")))?;
            Ok(format!("{}\n", path.display()).into_bytes())
        }
        "credential-get" => match &state.credential {
            Some(spec) => json(spec),
            None => Err(fail(tool, "permission denied")),
        },
        "goal-state" => json(&serde_json::json!({
            "units": state.goal_state.units.iter().map(|(k, v)| (k.clone(), serde_json::json!({"status": v.status, "since": v.since}))).collect::<Map<_, _>>(),
            "relations": state.goal_state.relations.iter().map(|(ep, members)| (ep.clone(), members.iter().map(|(k, v)| (k.clone(), serde_json::json!({"status": v.status, "since": v.since}))).collect::<Map<_, _>>().into())).collect::<Map<_, Value>>(),
        })),
        "juju-reboot" => {
            state.reboot = Some(args.has("--now"));
            none
        }
        other => Err(fail(other, &format!("{other}: command not found"))),
    }
}
