//! [`TlsRequirer`]: the requirer side of `tls-certificates` v4.

use std::collections::BTreeMap;

use charm_runtime::dispatch::HookContext;
use charm_runtime::event::{Event, RelationId};
use charm_runtime::hook_tools::{Bag, Juju, SecretContent, SecretOwner, SecretRef};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::keys::{PrivateKey, same_pem};
use super::model::{self, REQUESTS_KEY, RequestEntry};
use super::{CertificateRequest, IssuedCertificate, Mode, TlsEvent};
use crate::{Error, Interface, Result, Role, relations, secrets, tokens};

/// The Python library's id, which prefixes the labels of the secrets it keeps; this
/// requirer keeps the same secrets under the same labels.
pub const LIBID: &str = "afd8c2bccf834997afce12c2706d2ede";

/// The percentage of a certificate's remaining validity after which its secret expires,
/// and the requirer asks for a new one (the Python requirer's default, 0.9).
const RENEWAL_PERCENT: i64 = 90;

/// The requirer side of `tls-certificates` (protocol v4 of
/// `charmlibs-interfaces-tls-certificates`) on one endpoint.
///
/// On relation events of its endpoint it makes a private key if it has none (ECDSA P-256,
/// kept in a secret), writes a CSR for its [`CertificateRequest`] (byte-compatible with the
/// Python requirer), and reads the provider's answer: a new certificate, a replaced one, a
/// revocation or a refusal, each reported as a [`TlsEvent`]. When the secret holding the
/// certificate expires (at 90% of its validity) it asks again with a new CSR for the same
/// key. On relation-broken it removes its secrets.
///
/// A charm mounts it with an `#[interface]` function in its `#[charm]` impl block, on an
/// endpoint declared under `requires` with `interface: tls-certificates`
/// (`fn certificates(endpoint: &'static str) -> TlsRequirer`): it then observes every event
/// before the handlers, which take it as `&TlsRequirer` or `&Mounted<TlsRequirer>` (with the
/// [`TlsEvent`]s of this hook). A library not mounted is observed by hand, as here.
///
/// # Examples
///
/// ```no_run
/// use charm_interfaces::Interface;
/// use charm_interfaces::tls::{CertificateRequest, TlsEvent, TlsRequirer};
/// # async fn handler(ctx: charm_runtime::HookContext) -> charm_runtime::Result<()> {
/// let tls = TlsRequirer::new(
///     "certificates",
///     CertificateRequest::new("web.example.com").sans_dns(["web.example.com"]),
/// );
/// for event in tls.observe(&ctx).await? {
///     if let TlsEvent::CertificateAvailable(cert) = event {
///         println!("got {}", cert.certificate);
///     }
/// }
/// if let Some(cert) = tls.certificate(&ctx).await? {
///     let key = tls.private_key(&ctx).await?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct TlsRequirer {
    endpoint: String,
    request: CertificateRequest,
    mode: Mode,
}

/// What one unit needs to name its secrets and bags.
struct Unit<'a> {
    juju: &'a Juju,
    unit_name: &'a str,
    app_name: &'a str,
}

impl TlsRequirer {
    /// A requirer on `endpoint` asking for `request`, in [`Mode::Unit`].
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_interfaces::Interface;
    /// let tls = charm_interfaces::tls::TlsRequirer::new("certificates", "web.example.com");
    /// assert_eq!(tls.endpoint(), "certificates");
    /// ```
    pub fn new(endpoint: impl Into<String>, request: impl Into<CertificateRequest>) -> Self {
        Self {
            endpoint: endpoint.into(),
            request: request.into(),
            mode: Mode::Unit,
        }
    }

    /// The same requirer in `mode`.
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_interfaces::tls::{Mode, TlsRequirer};
    /// let tls = TlsRequirer::new("certificates", "web.example.com").mode(Mode::App);
    /// ```
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The certificate the provider issued for the current request and key, if any (not
    /// revoked), on the endpoint's first relation.
    ///
    /// # Errors
    ///
    /// As [`Interface::observe`].
    ///
    /// # Examples
    ///
    /// See [`TlsRequirer`].
    pub async fn certificate(&self, ctx: &HookContext) -> Result<Option<IssuedCertificate>> {
        let unit = Self::unit(ctx);
        let Some(key) = self.stored_key(&unit).await? else {
            return Ok(None);
        };
        let Some(id) = relations::live(ctx, &self.endpoint)
            .await?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        // The current CSR is in this requirer's bag, which a non-leader cannot read in mode
        // app: that unit takes any CSR of the key for the request.
        let current = if self.mode == Mode::App && !ctx.juju.is_leader().await? {
            None
        } else {
            let bag = ctx.juju.relation_get(&id, self.own_bag(&unit)).await?;
            match self.current_csr(&key, &model::load_requests(&bag)) {
                Some(csr) => Some(csr),
                None => return Ok(None),
            }
        };
        let Some(remote) = ctx.juju.relation_remote_app(&id).await? else {
            return Ok(None);
        };
        let provider = ctx.juju.relation_get(&id, Bag::App(&remote)).await?;
        let provider = model::load_provider(&id.to_string(), &remote, &provider)?;
        for cert in provider.certificates {
            let csr = cert.certificate_signing_request.clone();
            let answers = match &current {
                Some(current) => same_pem(&csr, current),
                None => key.matches_csr(&csr, &self.request),
            };
            if answers
                && cert.revoked != Some(true)
                && key.certified_until(&cert.certificate)?.is_some()
            {
                return Ok(Some(issued(cert, current.unwrap_or(csr))));
            }
        }
        Ok(None)
    }

    /// The private key of the certificate (PKCS#8 PEM), once made.
    ///
    /// # Errors
    ///
    /// [`Error::HookTool`] when `secret-get` fails for another reason than a missing secret.
    ///
    /// # Examples
    ///
    /// See [`TlsRequirer`].
    pub async fn private_key(&self, ctx: &HookContext) -> Result<Option<String>> {
        self.stored_key(&Self::unit(ctx))
            .await?
            .map(|key| key.pem())
            .transpose()
    }

    fn unit(ctx: &HookContext) -> Unit<'_> {
        Unit {
            juju: &ctx.juju,
            unit_name: &ctx.unit_name,
            app_name: &ctx.app_name,
        }
    }

    fn own_bag<'a>(&self, unit: &Unit<'a>) -> Bag<'a> {
        match self.mode {
            Mode::Unit => Bag::Unit(unit.unit_name),
            Mode::App => Bag::App(unit.app_name),
        }
    }

    fn unit_number<'a>(unit: &Unit<'a>) -> &'a str {
        unit.unit_name.rsplit('/').next().unwrap_or_default()
    }

    fn key_label(&self, unit: &Unit<'_>) -> String {
        match self.mode {
            Mode::Unit => format!(
                "{LIBID}-private-key-{}-{}",
                Self::unit_number(unit),
                self.endpoint
            ),
            Mode::App => format!("{LIBID}-private-key-app-{}", self.endpoint),
        }
    }

    fn certificate_prefix(&self, unit: &Unit<'_>) -> String {
        match self.mode {
            Mode::Unit => format!(
                "{LIBID}-certificate-{}-{}-",
                Self::unit_number(unit),
                self.endpoint
            ),
            Mode::App => format!("{LIBID}-certificate-{}-", self.endpoint),
        }
    }

    fn certificate_label(&self, unit: &Unit<'_>, csr: &str) -> String {
        format!(
            "{}{}",
            self.certificate_prefix(unit),
            tokens::sha256_hex(csr.as_bytes())
        )
    }

    fn owner(&self) -> SecretOwner {
        match self.mode {
            Mode::Unit => SecretOwner::Unit,
            Mode::App => SecretOwner::Application,
        }
    }

    async fn stored_key(&self, unit: &Unit<'_>) -> Result<Option<PrivateKey>> {
        let label = self.key_label(unit);
        let Some(content) = secrets::get_owned(unit.juju, &label).await? else {
            return Ok(None);
        };
        let pem = content.get("private-key").ok_or_else(|| Error::Secret {
            label,
            reason: "no private-key field".to_owned(),
        })?;
        PrivateKey::from_pem(pem).map(Some)
    }

    async fn key(&self, unit: &Unit<'_>) -> Result<PrivateKey> {
        if let Some(key) = self.stored_key(unit).await? {
            return Ok(key);
        }
        let key = PrivateKey::generate();
        let content = SecretContent::new().with("private-key", key.pem()?);
        unit.juju
            .secret_add(&content)
            .label(self.key_label(unit))
            .owner(self.owner())
            .await?;
        Ok(key)
    }

    /// The CSR in `entries` made with `key` for this requirer's request, if any.
    fn current_csr(&self, key: &PrivateKey, entries: &[RequestEntry]) -> Option<String> {
        entries
            .iter()
            .find(|e| {
                e.ca.unwrap_or(false) == self.request.ca
                    && key.matches_csr(&e.certificate_signing_request, &self.request)
            })
            .map(|e| e.certificate_signing_request.clone())
    }

    /// Brings one relation up to date; `expired` is the label of a certificate secret that
    /// just expired (renew it).
    async fn reconcile(
        &self,
        unit: &Unit<'_>,
        id: &RelationId,
        expired: Option<&str>,
    ) -> Result<Vec<TlsEvent>> {
        let juju = unit.juju;
        if self.mode == Mode::App && !juju.is_leader().await? {
            return Ok(Vec::new());
        }
        let key = self.key(unit).await?;
        let entries = model::load_requests(&juju.relation_get(id, self.own_bag(unit)).await?);
        let mut events = Vec::new();
        let mut csr = self.current_csr(&key, &entries);
        if let (Some(old), Some(label)) = (&csr, expired)
            && self.certificate_label(unit, old) == label
        {
            secrets::remove_owned(juju, label).await?;
            csr = None;
        }
        let csr = match csr {
            Some(csr) => csr,
            None => {
                let new = key.csr(&self.request)?;
                if expired.is_some() {
                    events.push(TlsEvent::RenewalRequested { csr: new.clone() });
                }
                new
            }
        };
        let wanted = vec![RequestEntry {
            certificate_signing_request: csr.clone(),
            ca: Some(self.request.ca),
        }];
        if wanted != entries {
            let text = model::dump_requests(&wanted)?.unwrap_or_default();
            let data = BTreeMap::from([(REQUESTS_KEY.to_owned(), text)]);
            match self.mode {
                Mode::Unit => juju.relation_set_unit(id, &data).await?,
                Mode::App => juju.relation_set_app(id, &data).await?,
            }
        }
        let Some(remote) = juju.relation_remote_app(id).await? else {
            return Ok(events);
        };
        let provider = juju.relation_get(id, Bag::App(&remote)).await?;
        let provider = model::load_provider(&id.to_string(), &remote, &provider)?;
        let label = self.certificate_label(unit, &csr);
        let ours = |c: &&model::ProviderCertificate| same_pem(&c.certificate_signing_request, &csr);
        let current = provider
            .certificates
            .iter()
            .filter(ours)
            .find(|c| c.revoked != Some(true));
        if let Some(cert) = current {
            match key.certified_until(&cert.certificate)? {
                Some(not_after) => {
                    let cert = issued(cert.clone(), csr.clone());
                    if let Some(event) = self.store(unit, &label, cert, not_after).await? {
                        events.push(event);
                    }
                }
                None => tracing::warn!(
                    relation = %id,
                    "the provider's certificate for this unit's CSR certifies another key; ignored"
                ),
            }
        } else if provider.certificates.iter().any(|c| ours(&c))
            && secrets::remove_owned(juju, &label).await?
        {
            events.push(TlsEvent::CertificateRevoked { csr: csr.clone() });
        }
        for error in provider.errors {
            if same_pem(&error.csr, &csr) {
                events.push(TlsEvent::CertificateDenied {
                    csr: csr.clone(),
                    error: error.error,
                });
            }
        }
        Ok(events)
    }

    /// Keeps `cert` in its secret; reports it when it is new or replaces another.
    async fn store(
        &self,
        unit: &Unit<'_>,
        label: &str,
        cert: IssuedCertificate,
        not_after: i64,
    ) -> Result<Option<TlsEvent>> {
        let content = SecretContent::new()
            .with("certificate", cert.certificate.as_str())
            .with("csr", cert.csr.as_str());
        let expire = renewal_time(not_after)?;
        match secrets::get_owned(unit.juju, label).await? {
            None => {
                unit.juju
                    .secret_add(&content)
                    .label(label)
                    .owner(self.owner())
                    .expire(expire)
                    .await?;
                Ok(Some(TlsEvent::CertificateAvailable(cert)))
            }
            Some(stored) if stored.get("certificate") != Some(cert.certificate.as_str()) => {
                let reference = SecretRef::label(label);
                unit.juju
                    .secret_set(&reference, &content)
                    .expire(expire)
                    .await?;
                Ok(Some(TlsEvent::CertificateRenewed(cert)))
            }
            Some(_) => Ok(None),
        }
    }

    /// Removes this endpoint's key and certificate secrets.
    async fn forget(&self, unit: &Unit<'_>) -> Result<()> {
        let prefix = self.certificate_prefix(unit);
        for id in unit.juju.secret_ids().await? {
            let info = unit.juju.secret_info(&SecretRef::from(&id)).await?;
            if info
                .label
                .as_deref()
                .is_some_and(|l| l.starts_with(&prefix))
            {
                unit.juju.secret_remove(&SecretRef::from(&id), None).await?;
            }
        }
        secrets::remove_owned(unit.juju, &self.key_label(unit)).await?;
        Ok(())
    }

    async fn expired_label(
        &self,
        unit: &Unit<'_>,
        secret: &charm_runtime::event::SecretEvent,
    ) -> Result<Option<String>> {
        let label = match &secret.label {
            Some(label) => Some(label.clone()),
            None => {
                unit.juju
                    .secret_info(&SecretRef::from(&secret.id))
                    .await?
                    .label
            }
        };
        Ok(label.filter(|l| l.starts_with(&self.certificate_prefix(unit))))
    }
}

fn issued(cert: model::ProviderCertificate, csr: String) -> IssuedCertificate {
    IssuedCertificate {
        certificate: cert.certificate,
        ca: cert.ca,
        chain: cert.chain.unwrap_or_default(),
        csr,
    }
}

/// When the certificate secret expires: after [`RENEWAL_PERCENT`] of the remaining
/// validity, as RFC 3339.
fn renewal_time(not_after: i64) -> Result<String> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let remaining = not_after.saturating_sub(now).max(0);
    let at = now.saturating_add(remaining / 100 * RENEWAL_PERCENT);
    OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .ok_or(Error::Crypto {
            what: "compute the renewal time",
            reason: format!("expiry {not_after} is out of range"),
        })
}

impl Interface for TlsRequirer {
    const INTERFACES: &'static [&'static str] = &["tls-certificates"];
    const ROLE: Role = Role::Requirer;
    type Error = Error;
    type Event = TlsEvent;

    fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn observe(&self, ctx: &HookContext) -> Result<Vec<TlsEvent>> {
        let unit = Self::unit(ctx);
        match &ctx.event {
            Event::RelationCreated(r) | Event::RelationJoined(r) | Event::RelationChanged(r)
                if r.endpoint == self.endpoint =>
            {
                self.reconcile(&unit, &r.id, None).await
            }
            Event::RelationBroken(r) if r.endpoint == self.endpoint => {
                // In mode app the secrets are the application's: only the leader removes them.
                if self.mode == Mode::Unit || ctx.juju.is_leader().await? {
                    self.forget(&unit).await?;
                }
                Ok(Vec::new())
            }
            Event::LeaderElected if self.mode == Mode::App => self.reconcile_all(&unit, None).await,
            Event::SecretExpired(secret) => match self.expired_label(&unit, secret).await? {
                Some(label) => self.reconcile_all(&unit, Some(&label)).await,
                None => Ok(Vec::new()),
            },
            _ => Ok(Vec::new()),
        }
    }
}

impl TlsRequirer {
    async fn reconcile_all(&self, unit: &Unit<'_>, expired: Option<&str>) -> Result<Vec<TlsEvent>> {
        let mut events = Vec::new();
        for id in unit.juju.relation_ids(&self.endpoint).await? {
            events.extend(self.reconcile(unit, &id, expired).await?);
        }
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_expires_at_ninety_percent_of_the_remaining_validity() {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let at = OffsetDateTime::parse(&renewal_time(now + 1000).unwrap(), &Rfc3339)
            .unwrap()
            .unix_timestamp();
        assert!((now + 890..=now + 910).contains(&at), "{at} vs {now}");
        // An expired certificate renews now.
        let at = OffsetDateTime::parse(&renewal_time(now - 50).unwrap(), &Rfc3339).unwrap();
        assert!((at.unix_timestamp() - now).abs() <= 5);
    }
}
