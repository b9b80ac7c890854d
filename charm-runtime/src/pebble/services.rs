//! The `services` area of the Pebble API.
