//! The `dispatch` binary of the health-check charm.

charm_runtime::main!(health_check::HealthCheck);
