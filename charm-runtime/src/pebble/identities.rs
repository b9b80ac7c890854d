//! Identities: `GET /v1/identities`, `POST /v1/identities`.
//!
//! An identity names a caller (a local user ID, a basic-auth user or a client certificate) and
//! grants it an access level. Pebble masks secrets when it lists identities.
//!
//! # Examples
//!
//! ```no_run
//! use std::collections::BTreeMap;
//! use charm_runtime::pebble::identities::{Access, Identity};
//!
//! # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
//! let mut changes = BTreeMap::new();
//! changes.insert("alice".to_owned(), Some(Identity::local(Access::Read, 1000)));
//! changes.insert("bob".to_owned(), None); // removes bob if he exists
//! client.replace_identities(&changes).await?;
//! # Ok(())
//! # }
//! ```

use super::version::ids;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::wire::ApiRequest;
use super::{Client, Result};

/// The access an identity grants.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::identities::Access;
///
/// assert_eq!(Access::Metrics.as_str(), "metrics");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Access {
    /// Everything.
    Admin,
    /// Read-only calls.
    Read,
    /// Only `GET /v1/metrics`. Needs Pebble v1.19.0 (Juju 3.6.4 and later): an older one
    /// refuses it.
    Metrics,
    /// Only the open endpoints.
    Untrusted,
    /// A level this client does not know.
    #[serde(untagged)]
    Other(String),
}

impl Access {
    /// The level as Pebble writes it.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::Access;
    ///
    /// assert_eq!(Access::Admin.as_str(), "admin");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Admin => "admin",
            Self::Read => "read",
            Self::Metrics => "metrics",
            Self::Untrusted => "untrusted",
            Self::Other(other) => other,
        }
    }
}

/// A caller that connects over the Unix socket with a given user ID.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::identities::LocalIdentity;
///
/// assert_eq!(LocalIdentity { user_id: 1000 }.user_id, 1000);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct LocalIdentity {
    /// The Unix user ID (unique across identities).
    pub user_id: u32,
}

/// A caller that authenticates with HTTP basic auth.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::identities::BasicIdentity;
///
/// let basic = BasicIdentity { password: "$6$salt$hash".into() };
/// assert_eq!(serde_json::to_value(&basic).unwrap(), serde_json::json!({"password": "$6$salt$hash"}));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicIdentity {
    /// The SHA-512-crypt hash of the password (`$6$...`); `*****` when listed.
    pub password: String,
}

/// A caller that authenticates with a TLS client certificate.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::identities::CertIdentity;
///
/// let cert = CertIdentity { pem: "-----BEGIN CERTIFICATE-----\n...".into() };
/// assert_eq!(serde_json::to_value(&cert).unwrap()["pem"], "-----BEGIN CERTIFICATE-----\n...");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertIdentity {
    /// One PEM-encoded certificate.
    pub pem: String,
}

/// An identity: an access level and at least one way to recognise the caller.
///
/// # Examples
///
/// ```
/// use charm_runtime::pebble::identities::{Access, Identity};
///
/// let ops = Identity::local(Access::Admin, 0);
/// assert_eq!(ops.local.unwrap().user_id, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Identity {
    /// What the identity may do.
    pub access: Access,
    /// Recognised by the Unix user ID of the socket peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalIdentity>,
    /// Recognised by basic-auth name and password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic: Option<BasicIdentity>,
    /// Recognised by TLS client certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert: Option<CertIdentity>,
}

impl Identity {
    /// An identity with `access` and no credentials yet (Pebble needs at least one).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::{Access, Identity};
    ///
    /// let identity = Identity::new(Access::Read).with_local(1000);
    /// assert_eq!(identity.access, Access::Read);
    /// ```
    pub fn new(access: Access) -> Self {
        Self {
            access,
            local: None,
            basic: None,
            cert: None,
        }
    }

    /// A local identity for the Unix user `user_id`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::{Access, Identity};
    ///
    /// let identity = Identity::local(Access::Admin, 1000);
    /// assert_eq!(identity.local.map(|l| l.user_id), Some(1000));
    /// ```
    pub fn local(access: Access, user_id: u32) -> Self {
        Self::new(access).with_local(user_id)
    }

    /// Adds local credentials.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::{Access, Identity};
    ///
    /// let identity = Identity::new(Access::Read).with_local(1001);
    /// assert!(identity.local.is_some());
    /// ```
    #[must_use]
    pub fn with_local(mut self, user_id: u32) -> Self {
        self.local = Some(LocalIdentity { user_id });
        self
    }

    /// Adds basic-auth credentials: `password_hash` is SHA-512-crypt (`$6$...`).
    ///
    /// Needs Pebble v1.19.0 (Juju 3.6.4 and later), and v1.22.0 (Juju 3.6.13 and later 3.6
    /// releases, 4.0.1 and later) for an access other than `metrics`; an older one ignores it
    /// next to `local`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::{Access, Identity};
    ///
    /// let identity = Identity::new(Access::Metrics).with_basic("$6$salt$hash");
    /// assert_eq!(identity.basic.map(|b| b.password).as_deref(), Some("$6$salt$hash"));
    /// ```
    #[must_use]
    pub fn with_basic(mut self, password_hash: impl Into<String>) -> Self {
        self.basic = Some(BasicIdentity {
            password: password_hash.into(),
        });
        self
    }

    /// Adds a TLS client certificate (PEM).
    ///
    /// Needs Pebble v1.25.0 (Juju 3.6.13 and later 3.6 releases, 4.0.1 and later); an older
    /// one ignores it next to `local`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::pebble::identities::{Access, Identity};
    ///
    /// let identity = Identity::new(Access::Read).with_cert("-----BEGIN CERTIFICATE-----\n...");
    /// assert!(identity.cert.is_some());
    /// ```
    #[must_use]
    pub fn with_cert(mut self, pem: impl Into<String>) -> Self {
        self.cert = Some(CertIdentity { pem: pem.into() });
        self
    }
}

#[derive(Serialize)]
struct IdentitiesAction<'a, T: Serialize> {
    action: &'static str,
    identities: &'a BTreeMap<String, T>,
}

impl Client {
    /// Lists identities by name (secrets masked as `*****`).
    ///
    /// # Errors
    ///
    /// The connection and API errors of every call.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// for (name, identity) in client.identities().await? {
    ///     println!("{name}: {}", identity.access.as_str());
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn identities(&self) -> Result<BTreeMap<String, Identity>> {
        let identities: Option<BTreeMap<String, Identity>> = self
            .sync("identities", ApiRequest::get("/v1/identities"))
            .await?;
        Ok(identities.unwrap_or_default())
    }

    /// Adds or updates the identities mapped to `Some`, and removes those mapped to `None`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api) with status 400 for an invalid name or identity (no
    /// credentials, a user ID used twice); nothing is changed then.
    /// [`Error::NeedsNewerPebble`](super::Error::NeedsNewerPebble), before anything is sent,
    /// for an option the connected Pebble would drop or refuse: `basic` (v1.19.0; with an
    /// access other than `metrics`, v1.22.0), `cert` (v1.25.0), [`Access::Metrics`]
    /// (v1.19.0). Only these options make the client ask the daemon's version (once).
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use std::collections::BTreeMap;
    /// use charm_runtime::pebble::identities::{Access, Identity};
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// let changes = BTreeMap::from([("web".to_owned(), Some(Identity::local(Access::Read, 1001)))]);
    /// client.replace_identities(&changes).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn replace_identities(
        &self,
        identities: &BTreeMap<String, Option<Identity>>,
    ) -> Result<()> {
        for identity in identities.values().flatten() {
            self.require_identity_options(identity).await?;
        }
        self.identities_action("replace", identities).await
    }

    /// Refuses options the daemon would silently drop (or reject with a bare 400).
    async fn require_identity_options(&self, identity: &Identity) -> Result<()> {
        const CALL: &str = "Client::replace_identities";
        if identity.access == Access::Metrics {
            self.require(CALL, ids::IDENTITY_ACCESS_METRICS).await?;
        }
        if identity.basic.is_some() {
            self.require(CALL, ids::IDENTITY_BASIC).await?;
            if identity.access != Access::Metrics {
                self.require(CALL, ids::IDENTITY_BASIC_ANY_ACCESS).await?;
            }
        }
        if identity.cert.is_some() {
            self.require(CALL, ids::IDENTITY_CERT).await?;
        }
        Ok(())
    }

    /// Removes identities.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](super::Error::Api) with status 400 when one of them does not exist;
    /// nothing is removed then.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// # async fn f(client: charm_runtime::pebble::Client) -> charm_runtime::pebble::Result<()> {
    /// client.remove_identities(&["web"]).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn remove_identities(&self, names: &[&str]) -> Result<()> {
        let identities: BTreeMap<String, Option<Identity>> =
            names.iter().map(|n| ((*n).to_owned(), None)).collect();
        self.identities_action("remove", &identities).await
    }

    async fn identities_action<T: Serialize>(
        &self,
        action: &'static str,
        identities: &BTreeMap<String, T>,
    ) -> Result<()> {
        let body = IdentitiesAction { action, identities };
        self.sync(
            "identities",
            ApiRequest::post_json("/v1/identities", &body)?,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_round_trips_pebble_json() {
        let json = r#"{"access":"admin","local":{"user-id":42},"basic":{"password":"*****"}}"#;
        let identity: Identity = serde_json::from_str(json).unwrap();
        assert_eq!(identity.access, Access::Admin);
        assert_eq!(identity.local, Some(LocalIdentity { user_id: 42 }));
        assert_eq!(identity.basic.as_ref().unwrap().password, "*****");
        assert_eq!(identity.cert, None);
        assert_eq!(
            serde_json::to_value(&identity).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
    }

    #[test]
    fn remove_sends_nulls() {
        let identities: BTreeMap<String, Option<Identity>> = [("a".to_owned(), None)].into();
        let body = IdentitiesAction {
            action: "remove",
            identities: &identities,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"action":"remove","identities":{"a":null}})
        );
    }
}
