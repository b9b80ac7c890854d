//! What the requirer reports: [`TlsEvent`] and the [`IssuedCertificate`] it carries.

use super::CertificateError;

/// A certificate the provider issued for this requirer's CSR and key.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::IssuedCertificate;
/// # fn demo(cert: IssuedCertificate) {
/// let pem_bundle = format!("{}\n{}\n", cert.certificate, cert.ca);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCertificate {
    /// The certificate, PEM.
    pub certificate: String,
    /// The issuing CA's certificate, PEM.
    pub ca: String,
    /// The chain, leaf first (empty if the provider sent none).
    pub chain: Vec<String>,
    /// The CSR it answers, PEM.
    pub csr: String,
}

/// What happened to this requirer's certificate during one event.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::TlsEvent;
/// # fn demo(event: TlsEvent) {
/// match event {
///     TlsEvent::CertificateAvailable(cert) | TlsEvent::CertificateRenewed(cert) => {
///         println!("serve with {}", cert.certificate);
///     }
///     TlsEvent::CertificateRevoked { .. } => println!("stop serving TLS until re-issued"),
///     TlsEvent::CertificateDenied { error, .. } => println!("denied: {}", error.message),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsEvent {
    /// A certificate for the current CSR arrived for the first time.
    CertificateAvailable(IssuedCertificate),
    /// The provider replaced the certificate of the current CSR with a new one (a new CA,
    /// a new validity).
    CertificateRenewed(IssuedCertificate),
    /// The provider revoked the certificate; the request stays, and the provider will sign
    /// it again.
    CertificateRevoked {
        /// The CSR whose certificate was revoked.
        csr: String,
    },
    /// The provider refused the request.
    CertificateDenied {
        /// The refused CSR.
        csr: String,
        /// Why.
        error: CertificateError,
    },
    /// The certificate neared its expiry (its secret expired): a new CSR for the same key
    /// replaced the old one, and the old certificate was forgotten.
    RenewalRequested {
        /// The new CSR.
        csr: String,
    },
}
