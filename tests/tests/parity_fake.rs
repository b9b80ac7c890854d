//! The parity scenarios against the in-process fake Pebble, playing each Pebble release CI
//! runs the real-Pebble suites against (`.ci/run`): the fake must answer as each does.

use charm_runtime::testing::PebbleVersion;

macro_rules! playing {
    ($($module:ident => $version:expr,)*) => {
        $(
            mod $module {
                use super::PebbleVersion;
                charm_tests::parity_tests!(charm_tests::parity::fake($version));
            }
        )*
    };
}

playing! {
    v1_16_0 => PebbleVersion::V1_16_0,
    v1_19_2 => PebbleVersion::V1_19_2,
    v1_26_0 => PebbleVersion::V1_26_0,
    v1_32_1 => PebbleVersion::V1_32_1,
}
