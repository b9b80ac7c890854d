//! The parity scenarios against the in-process fake Pebble.

charm_tests::parity_tests!(charm_runtime::testing::FakePebble::start().unwrap());
