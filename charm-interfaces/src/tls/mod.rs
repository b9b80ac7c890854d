//! `tls-certificates` (protocol v4 of `charmlibs-interfaces-tls-certificates`): the
//! requirer side, [`TlsRequirer`].
//!
//! The protocol (who writes what, in which bag, when) is described in the project's
//! `docs/interfaces/tls-certificates.md`.

mod event;
mod keys;
mod model;
mod request;
mod requirer;

pub use event::{IssuedCertificate, TlsEvent};
pub use model::{
    CERTIFICATES_KEY, CertificateError, ERRORS_KEY, ProviderCertificate, REQUESTS_KEY, RequestEntry,
};
pub use request::{CertificateRequest, Mode};
pub use requirer::{LIBID, TlsRequirer};
