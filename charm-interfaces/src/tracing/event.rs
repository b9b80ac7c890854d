//! What the requirer reports: [`TracingEvent`].

use super::Receiver;

/// What changed in the provider's receivers during one event.
///
/// # Examples
///
/// ```
/// use charm_interfaces::tracing::TracingEvent;
/// # fn demo(event: TracingEvent) {
/// match event {
///     TracingEvent::ReceiversChanged(receivers) => {
///         for r in &receivers {
///             println!("{} at {}", r.protocol.name, r.url);
///         }
///     }
///     TracingEvent::ReceiversRemoved => println!("stop sending traces"),
///     _ => {}
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TracingEvent {
    /// The provider published its receivers for the first time, or changed them (a URL,
    /// a protocol added or withdrawn): all of them, in the provider's order.
    ReceiversChanged(Vec<Receiver>),
    /// The receivers this unit saw are gone: the provider withdrew its list, or the
    /// relation is broken.
    ReceiversRemoved,
}
