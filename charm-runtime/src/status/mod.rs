//! Status collection: handlers add statuses during a dispatch, and the one with the highest
//! priority is set once, at the end.
//!
//! A handler takes `&Statuses` and calls [`Statuses::add_unit`] (and [`Statuses::add_app`]
//! for the application's status, which only the leader sets). Any number of handlers may add
//! any number of statuses; `#[on(collect_status)]` handlers run last, on every event, for
//! statuses worked out from the state of the world. When the handlers succeed, the runtime
//! picks the status of highest priority (error > blocked > maintenance > waiting > active >
//! unknown; the first added wins a tie, as in ops) and sets it with one `status-set` (one
//! for the unit, one more for the application when this unit leads). A dispatch in which no
//! status was added sets nothing: the status stays as it was. A failed dispatch collects
//! nothing either: Juju shows the failure.
//!
//! # Setting a status once, and not again
//!
//! Every `status-set` is an API call to the controller, so the runtime remembers the status
//! this unit last set, in a file in the charm directory (`.charm-rs/status.json`, where ops
//! keeps its own state), and does not set it again when the collected status is the same. A
//! steady dispatch that collects the status it collected last time makes no hook-tool call
//! for it. This is safe under Juju's rules:
//!
//! - `status-set` takes effect at once and is not undone when the hook later fails, and the
//!   file is written at once too. The memory is deleted before a `status-set` and written
//!   after it succeeded, so it never names a status that was not set.
//! - A failed hook does not replace the workload status: Juju records the error on the unit
//!   agent and shows the workload status again once the hook succeeds.
//! - Only this unit sets its own status. When the charm's code calls `status-set` itself
//!   ([`Juju::set_unit_status`](crate::hook_tools::Juju::set_unit_status), even in a
//!   handler that then fails), the memory is deleted, so the next collected status is set.
//! - Only the leader sets the application status, and leadership can move: the application
//!   part of the memory is forgotten at `leader-elected` (and `leader-deposed`), before the
//!   handlers run. `is-leader` is asked only when an application status differs from the
//!   remembered one; once it says no, not again until Juju runs `leader-elected` here (Juju
//!   runs it on every new leader). A unit that is not the leader never sets it.
//! - A lost file (a new pod, a new unit) costs one `status-set`, never a wrong status.
//!
//! Someone running `juju exec -- status-set ...` by hand is the one thing the memory cannot
//! see; the next status the charm collects that differs from its memory sets it right. A
//! charm that wants every collected status sent anyway writes `#[charm(remember_status =
//! false)]`.
//!
//! Collection is skipped for `collect-metrics` (a restricted context without `is-leader`)
//! and for hooks the runtime does not know.
//!
//! # Examples
//!
//! ```
//! use charm_runtime::hook_tools::Status;
//! use charm_runtime::status::Statuses;
//!
//! let statuses = Statuses::new();
//! statuses.add_unit(Status::active(""));
//! statuses.add_unit(Status::waiting("waiting for the database"));
//! statuses.add_unit(Status::blocked("set the `port` option"));
//! assert_eq!(statuses.unit(), Some(Status::blocked("set the `port` option")));
//! assert_eq!(statuses.app(), None);
//! ```

pub(crate) mod memory;
mod settle;
mod watch;

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::event::Event;
use crate::hook_tools::{Status, StatusKind};

pub(crate) use memory::Memory;
pub(crate) use settle::settle;
pub(crate) use watch::watch;

/// The statuses handlers added during one dispatch: a handler argument (`&Statuses`).
///
/// See the [module docs](self) for what happens to them.
///
/// # Examples
///
/// ```no_run
/// use charm_runtime::hook_tools::Status;
/// use charm_runtime::status::Statuses;
/// use charm_runtime::{Container, Result};
///
/// // In a `#[charm]` impl block, under `#[on(pebble_ready = "myapp")]`:
/// async fn ready(myapp: Container, statuses: &Statuses) -> Result<()> {
///     if !myapp.can_connect().await {
///         statuses.add_unit(Status::waiting("waiting for Pebble"));
///         return Ok(());
///     }
///     statuses.add_unit(Status::active(""));
///     Ok(())
/// }
/// ```
#[derive(Debug, Default)]
pub struct Statuses {
    unit: Mutex<Vec<Status>>,
    app: Mutex<Vec<Status>>,
}

impl Statuses {
    /// No status yet.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a candidate for this unit's status.
    ///
    /// Only `active`, `blocked`, `maintenance` and `waiting` can be set: an `error` or
    /// `unknown` status that wins fails the dispatch with
    /// [`hook_tools::Error::Invalid`](crate::hook_tools::Error::Invalid).
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn add_unit(&self, status: Status) {
        lock(&self.unit).push(status);
    }

    /// Adds a candidate for the application's status, set only when this unit is the leader
    /// (and ignored otherwise).
    ///
    /// # Examples
    ///
    /// ```
    /// use charm_runtime::hook_tools::Status;
    /// let statuses = charm_runtime::status::Statuses::new();
    /// statuses.add_app(Status::active("3 units"));
    /// assert_eq!(statuses.app(), Some(Status::active("3 units")));
    /// ```
    pub fn add_app(&self, status: Status) {
        lock(&self.app).push(status);
    }

    /// The unit status that wins so far: the highest priority, the first added among equals.
    ///
    /// # Examples
    ///
    /// See the [module docs](self).
    pub fn unit(&self) -> Option<Status> {
        highest(&lock(&self.unit))
    }

    /// The application status that wins so far.
    ///
    /// # Examples
    ///
    /// See [`Statuses::add_app`].
    pub fn app(&self) -> Option<Status> {
        highest(&lock(&self.app))
    }
}

/// Whether statuses are collected and settled after the handlers of `event`: not in the
/// restricted context of `collect-metrics` (no `is-leader` there), nor for hooks the runtime
/// does not know (their context may be as restricted).
pub(crate) fn is_collected_after(event: &Event) -> bool {
    !matches!(event, Event::CollectMetrics | Event::Unknown { .. })
}

/// Whether leadership may have moved with `event`, so that the application status this unit
/// remembers may no longer be the one set.
pub(crate) fn moves_leadership(event: &Event) -> bool {
    matches!(event, Event::LeaderElected | Event::LeaderDeposed)
}

fn lock(statuses: &Mutex<Vec<Status>>) -> MutexGuard<'_, Vec<Status>> {
    statuses.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How much a status kind outweighs the others, as ops and Juju rank them: error, blocked,
/// maintenance, waiting, active, then anything else.
fn priority(kind: StatusKind) -> u8 {
    match kind {
        StatusKind::Error => 5,
        StatusKind::Blocked => 4,
        StatusKind::Maintenance => 3,
        StatusKind::Waiting => 2,
        StatusKind::Active => 1,
        _ => 0,
    }
}

/// The status of highest priority, the first one among equals.
fn highest(statuses: &[Status]) -> Option<Status> {
    let mut best: Option<&Status> = None;
    for status in statuses {
        if best.is_none_or(|b| priority(status.kind) > priority(b.kind)) {
            best = Some(status);
        }
    }
    best.cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_priority_wins_and_the_first_among_equals() {
        let order = [
            Status::new(StatusKind::Unknown, ""),
            Status::active("a"),
            Status::waiting("w"),
            Status::maintenance("m"),
            Status::blocked("b"),
            Status::new(StatusKind::Error, "e"),
        ];
        for (i, winner) in order.iter().enumerate() {
            let statuses = Statuses::new();
            // The lower ones before and after the winner.
            for lower in &order[..i] {
                statuses.add_unit(lower.clone());
            }
            statuses.add_unit(winner.clone());
            for lower in order[..i].iter().rev() {
                statuses.add_unit(lower.clone());
            }
            assert_eq!(statuses.unit().as_ref(), Some(winner));
        }
        let statuses = Statuses::new();
        statuses.add_app(Status::active("first"));
        statuses.add_app(Status::active("second"));
        assert_eq!(statuses.app(), Some(Status::active("first")));
        assert_eq!(statuses.unit(), None);
    }
}
