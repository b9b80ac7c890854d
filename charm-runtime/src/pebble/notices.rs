//! The `notices` area of the Pebble API.
