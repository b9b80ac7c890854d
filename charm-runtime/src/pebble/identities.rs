//! The `identities` area of the Pebble API.
