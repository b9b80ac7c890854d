//! The requirer's private key (ECDSA P-256 with RustCrypto's `p256`), its CSRs (made with
//! `rcgen`) and the checks of CSRs and certificates against that key (read with
//! `x509-parser`). All of it is pure Rust, so a charm using it links statically with musl
//! without a C cross-compiler.

use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand_core::OsRng;
use rcgen::{
    CertificateParams, DistinguishedName, DnType, DnValue, PKCS_ECDSA_P256_SHA256, PublicKeyData,
    SanType, SignatureAlgorithm,
};
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::CertificateRequest;
use crate::{Error, Result, tokens};

/// `x500UniqueIdentifier` (2.5.4.45): the Python requirer puts a random UUID there, so that
/// every CSR differs, even for the same key and subject.
const UNIQUE_IDENTIFIER: [u64; 4] = [2, 5, 4, 45];

fn crypto(what: &'static str) -> impl FnOnce(rcgen::Error) -> Error {
    move |err| Error::Crypto {
        what,
        reason: err.to_string(),
    }
}

/// The requirer's private key: ECDSA P-256, kept as PKCS#8 PEM.
pub(crate) struct PrivateKey {
    key: SigningKey,
    /// The public key as an uncompressed SEC1 point, as X.509 carries it.
    public: Vec<u8>,
}

impl PublicKeyData for PrivateKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &PKCS_ECDSA_P256_SHA256
    }
}

impl rcgen::SigningKey for PrivateKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let signature: Signature = self.key.sign(msg);
        Ok(signature.to_der().as_bytes().to_vec())
    }
}

impl PrivateKey {
    fn new(key: SigningKey) -> Self {
        let public = key
            .verifying_key()
            .to_encoded_point(false)
            .as_bytes()
            .to_vec();
        Self { key, public }
    }

    /// A new random key.
    pub(crate) fn generate() -> Self {
        Self::new(SigningKey::random(&mut OsRng))
    }

    /// The key stored as `pem`.
    pub(crate) fn from_pem(pem: &str) -> Result<Self> {
        SigningKey::from_pkcs8_pem(pem)
            .map(Self::new)
            .map_err(|err| Error::Crypto {
                what: "read the private key",
                reason: err.to_string(),
            })
    }

    /// PKCS#8 PEM, without a trailing newline.
    pub(crate) fn pem(&self) -> Result<String> {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .map(|pem| pem.trim_end().to_owned())
            .map_err(|err| Error::Crypto {
                what: "encode the private key",
                reason: err.to_string(),
            })
    }

    /// A fresh CSR for `request`, PEM without a trailing newline.
    pub(crate) fn csr(&self, request: &CertificateRequest) -> Result<String> {
        let mut params = CertificateParams::default();
        let mut name = DistinguishedName::new();
        name.push(DnType::CommonName, request.common_name.as_str());
        name.push(
            DnType::CustomDnType(UNIQUE_IDENTIFIER.to_vec()),
            DnValue::Utf8String(tokens::uuid4()?),
        );
        params.distinguished_name = name;
        params.subject_alt_names = request
            .sans_dns
            .iter()
            .map(|dns| {
                dns.as_str()
                    .try_into()
                    .map(SanType::DnsName)
                    .map_err(crypto("put a DNS name in the CSR"))
            })
            .collect::<Result<_>>()?;
        let csr = params
            .serialize_request(self)
            .map_err(crypto("make a CSR"))?;
        let pem = csr.pem().map_err(crypto("encode the CSR"))?;
        Ok(pem.trim_end().to_owned())
    }

    /// Whether `csr` (PEM) is this key's and asks for exactly `request`.
    pub(crate) fn matches_csr(&self, csr: &str, request: &CertificateRequest) -> bool {
        let Some(der) = der(csr) else { return false };
        let Ok((_, parsed)) = X509CertificationRequest::from_der(&der) else {
            return false;
        };
        let info = &parsed.certification_request_info;
        if info.subject_pki.subject_public_key.data.as_ref() != self.public.as_slice() {
            return false;
        }
        let common_name = info
            .subject
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok());
        let mut sans: Vec<&str> = parsed
            .requested_extensions()
            .into_iter()
            .flatten()
            .filter_map(|ext| match ext {
                ParsedExtension::SubjectAlternativeName(san) => Some(&san.general_names),
                _ => None,
            })
            .flatten()
            .filter_map(|name| match name {
                GeneralName::DNSName(dns) => Some(*dns),
                _ => None,
            })
            .collect();
        sans.sort_unstable();
        let mut wanted: Vec<&str> = request.sans_dns.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        common_name == Some(request.common_name.as_str()) && sans == wanted
    }

    /// The certificate's expiry (seconds since the epoch) when it certifies this key.
    ///
    /// # Errors
    ///
    /// [`Error::Crypto`] when `certificate` is not a PEM X.509 certificate.
    pub(crate) fn certified_until(&self, certificate: &str) -> Result<Option<i64>> {
        let unreadable = |reason: String| Error::Crypto {
            what: "read the issued certificate",
            reason,
        };
        let der = der(certificate).ok_or_else(|| unreadable("not PEM".to_owned()))?;
        let (_, cert) = X509Certificate::from_der(&der).map_err(|e| unreadable(e.to_string()))?;
        let ours = cert.public_key().subject_public_key.data.as_ref() == self.public.as_slice();
        Ok(ours.then(|| cert.validity().not_after.timestamp()))
    }
}

/// The DER bytes of a PEM text (any label), or `None` when it is not PEM.
pub(crate) fn der(pem: &str) -> Option<Vec<u8>> {
    x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .ok()
        .map(|(_, pem)| pem.contents)
}

/// Whether two PEM texts hold the same bytes (layouts may differ).
pub(crate) fn same_pem(a: &str, b: &str) -> bool {
    a.trim() == b.trim() || matches!((der(a), der(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csr_matches_its_key_and_request_only() {
        let key = PrivateKey::generate();
        let request = CertificateRequest::new("web.example.com").sans_dns(["web.example.com"]);
        let csr = key.csr(&request).unwrap();
        assert!(csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
        assert!(csr.ends_with("-----END CERTIFICATE REQUEST-----"));
        assert!(key.matches_csr(&csr, &request));
        assert!(!key.matches_csr(&csr, &CertificateRequest::new("other.example.com")));
        let other = PrivateKey::generate();
        assert!(!other.matches_csr(&csr, &request));
        // Same key and request, a new unique id: a different CSR.
        assert_ne!(csr, key.csr(&request).unwrap());
    }

    #[test]
    fn the_key_survives_its_pem() {
        let key = PrivateKey::generate();
        let again = PrivateKey::from_pem(&key.pem().unwrap()).unwrap();
        let request = CertificateRequest::new("a.example.com");
        assert!(again.matches_csr(&key.csr(&request).unwrap(), &request));
        assert!(PrivateKey::from_pem("not a key").is_err());
    }
}
