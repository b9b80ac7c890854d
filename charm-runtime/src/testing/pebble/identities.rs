//! Identities: add, update, replace, remove and the masked listing (passwords and
//! certificates).

use hyper::Response;
use serde_json::{Value, json};

use super::server::{Body, Call, error, sync, sync_empty};
use super::state::Shared;
use super::{PebbleFeature, PebbleVersion};

/// Whether `name` is a valid identity name (`^[a-zA-Z][a-zA-Z0-9_-]*$`).
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `"a"`, `"a" or "b"`, `"a", "b", or "c"`: Go's lists in identity messages.
fn either(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        [rest @ .., last] => format!("{}, or {last}", rest.join(", ")),
    }
}

/// Checks one identity as release `version` does and keeps what it knows: the access and
/// the types it has (an older release drops the types it does not know). Returns Pebble's
/// reason when the identity is refused.
fn check_identity(identity: &Value, version: PebbleVersion) -> Result<Value, String> {
    let mut accesses = vec!["admin", "read"];
    if version.has(PebbleFeature::IdentityAccessMetrics) {
        accesses.push("metrics");
    }
    accesses.push("untrusted");
    let access = identity["access"].as_str().unwrap_or_default();
    if access.is_empty() {
        return Err(format!(
            "access value must be specified ({})",
            either(&accesses)
        ));
    }
    if !accesses.contains(&access) {
        return Err(format!(
            "invalid access value {access:?}, must be {}",
            either(&accesses)
        ));
    }
    let mut types = vec!["local"];
    if version.has(PebbleFeature::IdentityBasic) {
        types.push("basic");
    }
    if version.has(PebbleFeature::IdentityCert) {
        types.push("cert");
    }
    let basic_only_metrics = version.has(PebbleFeature::IdentityBasic)
        && !version.has(PebbleFeature::IdentityBasicAnyAccess);
    if basic_only_metrics && !identity["basic"].is_null() && access != "metrics" {
        return Err(format!(
            "basic identity can only have \"metrics\" access, got {access:?}"
        ));
    }
    let mut kept = json!({"access": access});
    for kind in &types {
        if !identity[*kind].is_null() {
            kept[*kind] = identity[*kind].clone();
        }
    }
    if types.iter().all(|kind| kept[*kind].is_null()) {
        return Err(format!(
            "identity must have at least one type ({})",
            either(&types)
        ));
    }
    Ok(kept)
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
                if identity["cert"].is_object() {
                    identity["cert"]["pem"] = json!("*****");
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
    // What the release keeps of each identity given.
    let mut known = serde_json::Map::new();
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
            match check_identity(identity, shared.version) {
                Ok(kept) => {
                    known.insert(name.clone(), kept);
                }
                Err(reason) if shared.version.has(PebbleFeature::IdentityErrorsNamed) => {
                    return error(
                        400,
                        &format!("invalid identity for {name:?}: {reason}"),
                        None,
                    );
                }
                Err(reason) => {
                    return error(400, &format!("cannot decode request body: {reason}"), None);
                }
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
            match known.remove(&name) {
                Some(kept) if !identity.is_null() => {
                    s.identities.insert(name, kept);
                }
                _ => {
                    s.identities.remove(&name);
                }
            }
        }
        sync_empty()
    })
}
