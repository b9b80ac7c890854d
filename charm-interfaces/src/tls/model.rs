//! The databags of `tls-certificates` v4, as `charmlibs-interfaces-tls-certificates` writes
//! them: what the requirer writes (strictly, byte for byte) and what the provider writes
//! (read leniently: unknown fields are ignored).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Error, python_json};

/// The requirer's key, in its unit bag (mode unit) or application bag (mode app).
pub const REQUESTS_KEY: &str = "certificate_signing_requests";
/// The provider's key with the certificates it issued, in its application bag.
pub const CERTIFICATES_KEY: &str = "certificates";
/// The provider's key with the requests it refused, in its application bag.
pub const ERRORS_KEY: &str = "request_errors";

/// One request in the requirer's bag; the field order is the library's.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::RequestEntry;
/// let entry = RequestEntry { certificate_signing_request: "CSR".into(), ca: Some(false) };
/// assert_eq!(entry.certificate_signing_request, "CSR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestEntry {
    /// The CSR, PEM without a trailing newline.
    pub certificate_signing_request: String,
    /// Whether a CA certificate is wanted; the library always writes it (`null` is read).
    pub ca: Option<bool>,
}

/// One certificate in the provider's `certificates` list.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::ProviderCertificate;
/// let text = r#"{"ca": "CA", "certificate_signing_request": "CSR", "certificate": "CERT", "revoked": true}"#;
/// let cert: ProviderCertificate = serde_json::from_str(text).unwrap();
/// assert_eq!(cert.revoked, Some(true));
/// assert!(cert.chain.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProviderCertificate {
    /// The issuing CA's certificate, PEM.
    pub ca: String,
    /// The CSR it answers, as the requirer sent it.
    pub certificate_signing_request: String,
    /// The certificate, PEM.
    pub certificate: String,
    /// Leaf first, then issuers.
    #[serde(default)]
    pub chain: Option<Vec<String>>,
    /// `true` once the provider revoked it.
    #[serde(default)]
    pub revoked: Option<bool>,
}

/// Why the provider refused a request (an entry of `request_errors`).
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::CertificateError;
/// let text = r#"{"code": 102, "name": "DOMAIN_NOT_ALLOWED", "message": "no"}"#;
/// let error: CertificateError = serde_json::from_str(text).unwrap();
/// assert_eq!(error.code, 102);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CertificateError {
    /// 101 IP not allowed, 102 domain not allowed, 103 wildcard not allowed, 201 server
    /// not available, 999 other.
    pub code: i64,
    /// The code's name.
    pub name: String,
    /// A message for people.
    pub message: String,
    /// More detail, if the provider gave it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One entry of the provider's `request_errors` list.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RequestError {
    pub(crate) csr: String,
    pub(crate) error: CertificateError,
}

/// What a provider's application bag holds for this protocol.
#[derive(Debug, Default)]
pub(crate) struct ProviderData {
    pub(crate) certificates: Vec<ProviderCertificate>,
    pub(crate) errors: Vec<RequestError>,
}

/// The text of the requirer's key for `entries`, or `None` when there is none (the
/// library deletes the key rather than writing `[]`).
pub(crate) fn dump_requests(entries: &[RequestEntry]) -> Result<Option<String>, Error> {
    if entries.is_empty() {
        return Ok(None);
    }
    python_json::to_string(entries)
        .map(Some)
        .map_err(|source| Error::Crypto {
            what: "encode the certificate requests",
            reason: source.to_string(),
        })
}

/// The requests in a requirer's bag. A value that does not parse counts as no request, as
/// the library reads it: the bag is this requirer's own, and it is rewritten.
pub(crate) fn load_requests(bag: &BTreeMap<String, String>) -> Vec<RequestEntry> {
    bag.get(REQUESTS_KEY)
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default()
}

/// The provider's certificates and errors from its application bag.
///
/// # Errors
///
/// [`Error::Databag`] when a key holds something that is not the protocol's JSON.
pub(crate) fn load_provider(
    relation: &str,
    app: &str,
    bag: &BTreeMap<String, String>,
) -> Result<ProviderData, Error> {
    fn field<T: serde::de::DeserializeOwned>(
        relation: &str,
        app: &str,
        bag: &BTreeMap<String, String>,
        key: &str,
    ) -> Result<Vec<T>, Error> {
        bag.get(key).map_or(Ok(Vec::new()), |text| {
            serde_json::from_str(text).map_err(|source| Error::Databag {
                relation: relation.to_owned(),
                bag: app.to_owned(),
                key: key.to_owned(),
                reason: source.to_string(),
            })
        })
    }
    Ok(ProviderData {
        certificates: field(relation, app, bag, CERTIFICATES_KEY)?,
        errors: field(relation, app, bag, ERRORS_KEY)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_written_as_the_library_writes_them() {
        let entries = [RequestEntry {
            certificate_signing_request:
                "-----BEGIN CERTIFICATE REQUEST-----\nMIIC\n-----END CERTIFICATE REQUEST-----"
                    .into(),
            ca: Some(false),
        }];
        assert_eq!(
            dump_requests(&entries).unwrap().unwrap(),
            r#"[{"certificate_signing_request": "-----BEGIN CERTIFICATE REQUEST-----\nMIIC\n-----END CERTIFICATE REQUEST-----", "ca": false}]"#
        );
        assert_eq!(dump_requests(&[]).unwrap(), None);
    }

    #[test]
    fn a_bad_provider_value_names_the_key() {
        let bag = [(CERTIFICATES_KEY.to_owned(), "{not json".to_owned())].into();
        let err = load_provider("certificates:7", "ca", &bag).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("relation certificates:7: ca bag, key \"certificates\":"),
            "{err}"
        );
    }

    #[test]
    fn unknown_provider_fields_are_ignored() {
        let bag = [(
            CERTIFICATES_KEY.to_owned(),
            r#"[{"ca": "A", "certificate_signing_request": "R", "certificate": "C", "future": 1}]"#
                .to_owned(),
        )]
        .into();
        let data = load_provider("certificates:7", "ca", &bag).unwrap();
        assert_eq!(data.certificates[0].certificate, "C");
    }
}
