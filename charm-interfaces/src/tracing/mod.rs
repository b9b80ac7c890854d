//! `tracing` (v2, as `charmlibs-interfaces-tracing` writes it): the requirer side,
//! [`TracingRequirer`], which asks for receiver protocols and gets their URLs.
//!
//! The protocol (who writes what, in which bag, when) is described in the project's
//! `docs/interfaces/tracing.md`.

mod event;
mod model;
mod requirer;

pub use event::TracingEvent;
pub use model::{ProtocolType, RECEIVERS_KEY, Receiver, ReceiverProtocol, Transport};
pub use requirer::TracingRequirer;
