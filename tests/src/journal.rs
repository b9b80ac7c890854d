//! What a test file's handlers did, in order: handlers are functions with no state of their
//! own, so they write to a `static` [`Journal`] and the tests read it back.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// An ordered record of what ran, shared by the handlers and the tests of one file, which
/// take turns with [`Journal::begin`].
///
/// # Examples
///
/// ```
/// use charm_tests::journal::Journal;
///
/// static RAN: Journal = Journal::new();
///
/// let _turn = RAN.begin();
/// RAN.record("install");
/// assert_eq!(RAN.take(), ["install"]);
/// assert!(RAN.take().is_empty());
/// ```
pub struct Journal {
    entries: Mutex<Vec<String>>,
    turn: Mutex<()>,
}

impl Journal {
    /// An empty journal.
    pub const fn new() -> Self {
        Self {
            entries: Mutex::new(Vec::new()),
            turn: Mutex::new(()),
        }
    }

    /// Waits until no other test holds the journal, then empties it: the test's turn lasts
    /// as long as the guard.
    pub fn begin(&self) -> MutexGuard<'_, ()> {
        let turn = lock(&self.turn);
        self.take();
        turn
    }

    /// Adds `what` at the end.
    pub fn record(&self, what: impl Into<String>) {
        lock(&self.entries).push(what.into());
    }

    /// What was recorded since the last `take`, leaving the journal empty.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.entries))
    }
}

impl Default for Journal {
    fn default() -> Self {
        Self::new()
    }
}

/// A test that failed while holding a lock does not stop the others.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
