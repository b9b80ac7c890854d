//! Identities: add, update, replace, remove and the masked listing.

use hyper::Response;
use serde_json::{Value, json};

use super::server::{Body, Call, error, sync, sync_empty};
use super::state::Shared;

/// Whether `name` is a valid identity name (`^[a-zA-Z][a-zA-Z0-9_-]*$`).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Checks one identity's shape; returns Pebble's reason when it is wrong.
fn check_identity(identity: &Value) -> Result<(), String> {
    let access = identity["access"].as_str().unwrap_or_default();
    if !matches!(access, "admin" | "read" | "metrics" | "untrusted") {
        return Err(format!(
            "invalid access value {access:?}, must be \"admin\", \"read\", \"metrics\", or \"untrusted\""
        ));
    }
    if ["local", "basic", "cert"]
        .iter()
        .all(|k| identity[*k].is_null())
    {
        return Err(
            "identity must have at least one type (\"local\", \"basic\", or \"cert\")".to_owned(),
        );
    }
    Ok(())
}

pub(crate) fn get_identities(shared: &Shared) -> Response<Body> {
    let masked = shared.read(|s| {
        s.identities
            .iter()
            .map(|(name, identity)| {
                let mut identity = identity.clone();
                if identity["basic"].is_object() {
                    identity["basic"]["password"] = json!("*****");
                }
                (name.clone(), identity)
            })
            .collect::<serde_json::Map<_, _>>()
    });
    sync(Value::Object(masked))
}

pub(crate) async fn post_identities(shared: &Shared, call: Call) -> Response<Body> {
    let body = match call.json().await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let action = body["action"].as_str().unwrap_or_default().to_owned();
    let given = body["identities"].as_object().cloned().unwrap_or_default();
    if !matches!(action.as_str(), "add" | "update" | "replace" | "remove") {
        return error(
            400,
            &format!(
                "invalid action {action:?}, must be \"add\", \"update\", \"replace\", or \"remove\""
            ),
            None,
        );
    }
    for (name, identity) in &given {
        if !valid_name(name) {
            return error(400, &format!("invalid identity name {name:?}"), None);
        }
        let must_be_null = action == "remove";
        if must_be_null && !identity.is_null() {
            return error(
                400,
                &format!("identity {name:?} value must be null when removing"),
                None,
            );
        }
        if !identity.is_null() {
            if let Err(reason) = check_identity(identity) {
                return error(
                    400,
                    &format!("invalid identity for {name:?}: {reason}"),
                    None,
                );
            }
        } else if action == "add" || action == "update" {
            return error(
                400,
                &format!("identity {name:?} value must not be null"),
                None,
            );
        }
    }
    shared.write(|s| {
        let names = |exist: bool| {
            let mut out: Vec<&str> = given
                .keys()
                .filter(|n| s.identities.contains_key(*n) == exist)
                .map(String::as_str)
                .collect();
            out.sort_unstable();
            out.join(", ")
        };
        match action.as_str() {
            "add" => {
                let existing = names(true);
                if !existing.is_empty() {
                    return error(400, &format!("identities already exist: {existing}"), None);
                }
            }
            "update" | "remove" => {
                let missing = names(false);
                if !missing.is_empty() {
                    return error(400, &format!("identities do not exist: {missing}"), None);
                }
            }
            _ => {}
        }
        for (name, identity) in given {
            if identity.is_null() {
                s.identities.remove(&name);
            } else {
                s.identities.insert(name, identity);
            }
        }
        sync_empty()
    })
}
