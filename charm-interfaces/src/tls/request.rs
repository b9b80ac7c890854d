//! What a requirer asks for: [`CertificateRequest`] and [`Mode`].

/// The certificate a requirer asks for: its subject's common name and DNS names.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::CertificateRequest;
/// let request = CertificateRequest::new("web.example.com").sans_dns(["web.example.com", "web"]);
/// assert_eq!(request.sans_dns.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRequest {
    /// The subject's common name.
    pub common_name: String,
    /// The DNS names of the subject alternative name extension.
    pub sans_dns: Vec<String>,
    /// Whether to ask for a CA certificate.
    pub ca: bool,
}

impl CertificateRequest {
    /// A request for `common_name`, with no alternative name, not a CA.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = charm_interfaces::tls::CertificateRequest::new("db.internal");
    /// assert!(request.sans_dns.is_empty() && !request.ca);
    /// ```
    pub fn new(common_name: impl Into<String>) -> Self {
        Self {
            common_name: common_name.into(),
            sans_dns: Vec::new(),
            ca: false,
        }
    }

    /// The same request with these DNS names as subject alternative names.
    ///
    /// # Examples
    ///
    /// ```
    /// let request = charm_interfaces::tls::CertificateRequest::new("a").sans_dns(["a", "b"]);
    /// assert_eq!(request.sans_dns, ["a", "b"]);
    /// ```
    #[must_use]
    pub fn sans_dns<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.sans_dns = names.into_iter().map(Into::into).collect();
        self
    }

    /// The same request asking (or not) for a CA certificate.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(charm_interfaces::tls::CertificateRequest::new("ca").ca(true).ca);
    /// ```
    #[must_use]
    pub fn ca(mut self, ca: bool) -> Self {
        self.ca = ca;
        self
    }
}

impl From<&str> for CertificateRequest {
    fn from(common_name: &str) -> Self {
        Self::new(common_name)
    }
}

/// Who asks: each unit for itself, or the application (its leader) for all units.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tls::{Mode, TlsRequirer};
/// let tls = TlsRequirer::new("certificates", "web.example.com").mode(Mode::App);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Each unit writes its request in its unit bag and keeps its own key (the default).
    #[default]
    Unit,
    /// The leader writes one request in the application bag; the key is the application's.
    App,
}
