//! A fake Pebble and fake hook tools for charms' unit tests.
