//! A `#[state]` handler argument: a value kept in the unit's state, saved when a handler
//! that may change it succeeds and changed it.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Scope;
use crate::Result;
use crate::hook_tools::state::{decode_state, encode_state};

/// The value stored under `key` (or `T::default()` when the key is unset), and its JSON as
/// loaded, so that [`save`](StateSlot::save) writes only a changed value.
///
/// Generated code holds one per `#[state]` argument, lends the value to the handler and,
/// for a `&mut` argument, saves it after the handler returned `Ok`.
#[derive(Debug)]
pub struct StateSlot<T> {
    key: &'static str,
    value: T,
    loaded: String,
}

impl<T: Serialize + DeserializeOwned + Default> StateSlot<T> {
    /// Loads `key` (`state-get`).
    ///
    /// # Errors
    ///
    /// When `state-get` fails, or the stored value does not decode as a `T`
    /// ([`hook_tools::Error::StoredState`](crate::hook_tools::Error::StoredState)).
    pub async fn load(scope: &Scope<'_>, key: &'static str) -> Result<Self> {
        let value = match scope.juju().state_get(key).await? {
            Some(text) => decode_state(key, &text)?,
            None => T::default(),
        };
        let loaded = encode_state(key, &value)?;
        Ok(Self { key, value, loaded })
    }

    /// The value, to lend to the handler.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, to lend mutably to the handler.
    pub fn value_mut(&mut self) -> &mut T {
        &mut self.value
    }

    /// The value, given to the handler by value.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Saves the value (`state-set`) if it differs from what was loaded.
    ///
    /// # Errors
    ///
    /// When the value cannot be written as JSON, or `state-set` fails.
    pub async fn save(&self, scope: &Scope<'_>) -> Result<()> {
        let text = encode_state(self.key, &self.value)?;
        if text != self.loaded {
            let values = [(self.key.to_owned(), text)].into_iter().collect();
            scope.juju().state_set(&values).await?;
        }
        Ok(())
    }
}
