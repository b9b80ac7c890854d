//! The `health` area of the Pebble API.
