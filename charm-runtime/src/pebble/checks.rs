//! The `checks` area of the Pebble API.
