//! The parity scenarios against a real Pebble (skipped when none is installed, unless
//! `CHARM_TEST_REQUIRE_PEBBLE=1`).

charm_tests::parity_tests!(charm_tests::pebble_or_skip!());
