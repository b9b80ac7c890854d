//! The databags of the data-platform `database` interfaces, as `dpcharmlibs-interfaces`
//! writes them (v1) and as the classic Charmhub library writes them (v0).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, python_json, tokens};

/// The v1 requirer's and provider's protocol-version key (plain text `v1`).
pub const VERSION_KEY: &str = "version";
/// The v1 key holding the list of requests (requirer) or responses (provider), JSON text.
pub const REQUESTS_KEY: &str = "requests";
/// The v0 requirer's key naming the database (plain text).
pub const DATABASE_KEY: &str = "database";
/// The v0 requirer's key listing the fields it wants in secrets (JSON text).
pub const REQUESTED_SECRETS_KEY: &str = "requested-secrets";
/// The v0 key of extra roles for the relation user (plain text).
pub const EXTRA_USER_ROLES_KEY: &str = "extra-user-roles";

/// The fields a classic (v0) requirer asks to receive in secrets, in the order the Charmhub
/// library sends them.
pub const REQUESTED_SECRETS: [&str; 8] = [
    "username",
    "password",
    "tls",
    "tls-ca",
    "uris",
    "read-only-uris",
    "entity-name",
    "entity-password",
];

/// One v1 request, every field in the order `dpcharmlibs-interfaces` writes it (`null` when
/// unset, as it writes them).
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::Request;
/// let request = Request::new("mydb", "WWXsVyI60QAXQdB4");
/// assert_eq!(request.request_id, "9f94d384fcbdfd36");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Request {
    /// The database (or prefix ending in `*`).
    pub resource: String,
    /// The first 16 hex digits of SHA-256 of `"<resource>:<salt>"`.
    pub request_id: String,
    /// 16 random `[A-Za-z0-9]`.
    pub salt: String,
    /// Comma-separated roles for the relation user.
    #[serde(default)]
    pub extra_user_roles: Option<String>,
    /// Comma-separated roles for a group entity.
    #[serde(default)]
    pub extra_group_roles: Option<String>,
    /// Whether the database must be reachable from outside the model.
    #[serde(default)]
    pub external_node_connectivity: bool,
    /// `USER` or `GROUP` to ask for a custom entity.
    #[serde(default)]
    pub entity_type: Option<String>,
    /// Permissions of the custom entity.
    #[serde(default)]
    pub entity_permissions: Option<serde_json::Value>,
    /// A requirer secret with an mTLS certificate.
    #[serde(default)]
    pub secret_mtls: Option<String>,
    /// Always null in the bag (the certificate travels in `secret-mtls`).
    #[serde(default)]
    pub mtls_cert: Option<String>,
    /// A requirer secret naming the requested entity.
    #[serde(default)]
    pub secret_requested_entity: Option<String>,
    /// Always null in the bag.
    #[serde(default)]
    pub entity_name: Option<String>,
    /// Always null in the bag.
    #[serde(default)]
    pub password: Option<String>,
    /// `all` or `only-existing` for prefix requests.
    #[serde(default)]
    pub prefix_matching: Option<String>,
    /// Always null in the bag.
    #[serde(default)]
    pub entity_password: Option<String>,
}

impl Request {
    /// A request for `resource` with `salt`, its request-id derived as the library does.
    ///
    /// # Examples
    ///
    /// See [`Request`].
    pub fn new(resource: impl Into<String>, salt: impl Into<String>) -> Self {
        let (resource, salt) = (resource.into(), salt.into());
        let request_id = request_id(&resource, &salt);
        Self {
            resource,
            request_id,
            salt,
            extra_user_roles: None,
            extra_group_roles: None,
            external_node_connectivity: false,
            entity_type: None,
            entity_permissions: None,
            secret_mtls: None,
            mtls_cert: None,
            secret_requested_entity: None,
            entity_name: None,
            password: None,
            prefix_matching: None,
            entity_password: None,
        }
    }
}

/// The request-id of `resource` with `salt`: 16 hex digits of SHA-256 of `resource:salt`.
pub(crate) fn request_id(resource: &str, salt: &str) -> String {
    let mut hex = tokens::sha256_hex(format!("{resource}:{salt}").as_bytes());
    hex.truncate(16);
    hex
}

/// One v1 response, or the top level of a v0 answer: the fields a requirer reads.
///
/// # Examples
///
/// ```
/// use charm_interfaces::database::Response;
/// let text = r#"{"request-id": "9f94d384fcbdfd36", "endpoints": "pg:5432", "secret-user": "secret:abc", "future": 1}"#;
/// let response: Response = serde_json::from_str(text).unwrap();
/// assert_eq!(response.endpoints.as_deref(), Some("pg:5432"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Response {
    /// The database.
    #[serde(default)]
    pub resource: Option<String>,
    /// The request it answers (v1).
    #[serde(default)]
    pub request_id: Option<String>,
    /// `host:port[,host:port]` of the primary.
    #[serde(default)]
    pub endpoints: Option<String>,
    /// `host:port[,host:port]` of the replicas.
    #[serde(default)]
    pub read_only_endpoints: Option<String>,
    /// The secret with `username`, `password`, `uris`, `read-only-uris`.
    #[serde(default)]
    pub secret_user: Option<String>,
    /// The secret with `tls` and `tls-ca`.
    #[serde(default)]
    pub secret_tls: Option<String>,
    /// The database's version.
    #[serde(default)]
    pub version: Option<String>,
}

fn databag(relation: &str, bag: &str, key: &str, reason: impl ToString) -> Error {
    Error::Databag {
        relation: relation.to_owned(),
        bag: bag.to_owned(),
        key: key.to_owned(),
        reason: reason.to_string(),
    }
}

/// The requests in this requirer's own application bag (v1).
///
/// # Errors
///
/// [`Error::Databag`] when `requests` is there but is not a list of requests.
pub(crate) fn load_requests(
    relation: &str,
    app: &str,
    bag: &BTreeMap<String, String>,
) -> Result<Vec<Request>, Error> {
    bag.get(REQUESTS_KEY).map_or(Ok(Vec::new()), |text| {
        serde_json::from_str(text).map_err(|e| databag(relation, app, REQUESTS_KEY, e))
    })
}

/// The v1 requirer's application bag for `requests`.
pub(crate) fn dump_v1(requests: &[Request]) -> Result<BTreeMap<String, String>, Error> {
    let text = python_json::to_string(requests).map_err(|e| databag("", "", REQUESTS_KEY, e))?;
    Ok(BTreeMap::from([
        (VERSION_KEY.to_owned(), "v1".to_owned()),
        (REQUESTS_KEY.to_owned(), text),
    ]))
}

/// The v0 requirer's application bag for `database` (the unit bag holds only
/// `requested-secrets`).
pub(crate) fn dump_v0(
    database: &str,
    extra_user_roles: Option<&str>,
) -> Result<BTreeMap<String, String>, Error> {
    let secrets = python_json::to_string(&REQUESTED_SECRETS)
        .map_err(|e| databag("", "", REQUESTED_SECRETS_KEY, e))?;
    let mut bag = BTreeMap::from([
        (DATABASE_KEY.to_owned(), database.to_owned()),
        (REQUESTED_SECRETS_KEY.to_owned(), secrets),
    ]);
    if let Some(roles) = extra_user_roles {
        bag.insert(EXTRA_USER_ROLES_KEY.to_owned(), roles.to_owned());
    }
    Ok(bag)
}

/// The v1 responses in the provider's application bag.
///
/// # Errors
///
/// [`Error::Databag`] when `requests` is not a list of response objects.
pub(crate) fn load_responses(
    relation: &str,
    app: &str,
    bag: &BTreeMap<String, String>,
) -> Result<Vec<Response>, Error> {
    bag.get(REQUESTS_KEY).map_or(Ok(Vec::new()), |text| {
        serde_json::from_str(text).map_err(|e| databag(relation, app, REQUESTS_KEY, e))
    })
}

/// The v0 answer at the top level of the provider's application bag (plain-text values).
pub(crate) fn load_v0_response(bag: &BTreeMap<String, String>) -> Response {
    let get = |key: &str| bag.get(key).filter(|v| !v.is_empty()).cloned();
    Response {
        resource: get(DATABASE_KEY),
        request_id: None,
        endpoints: get("endpoints"),
        read_only_endpoints: get("read-only-endpoints"),
        secret_user: get("secret-user"),
        secret_tls: get("secret-tls"),
        version: get("version"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v1_request_is_written_as_the_library_writes_it() {
        // The Python requirer's bag in tests/python/fixtures/database/requirer-v1.json.
        let bag = dump_v1(&[Request::new("mydb", "WWXsVyI60QAXQdB4")]).unwrap();
        assert_eq!(bag["version"], "v1");
        assert_eq!(
            bag["requests"],
            r#"[{"resource": "mydb", "request-id": "9f94d384fcbdfd36", "salt": "WWXsVyI60QAXQdB4", "extra-user-roles": null, "extra-group-roles": null, "external-node-connectivity": false, "entity-type": null, "entity-permissions": null, "secret-mtls": null, "mtls-cert": null, "secret-requested-entity": null, "entity-name": null, "password": null, "prefix-matching": null, "entity-password": null}]"#
        );
    }

    #[test]
    fn a_v0_request_names_the_database_and_the_secret_fields() {
        let bag = dump_v0("mydb", Some("CREATEDB")).unwrap();
        assert_eq!(bag["database"], "mydb");
        assert_eq!(bag["extra-user-roles"], "CREATEDB");
        assert_eq!(
            bag["requested-secrets"],
            r#"["username", "password", "tls", "tls-ca", "uris", "read-only-uris", "entity-name", "entity-password"]"#
        );
    }

    #[test]
    fn bad_responses_name_the_bag_and_key() {
        let bag = [(REQUESTS_KEY.to_owned(), "[1]".to_owned())].into();
        let err = load_responses("database:3", "postgresql", &bag).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("relation database:3: postgresql bag, key \"requests\""),
            "{err}"
        );
    }
}
