//! The `logs` area of the Pebble API.
