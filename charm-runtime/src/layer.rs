//! Typed Pebble layers and plans.
