//! The files area of the Pebble API.
