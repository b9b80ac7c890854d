//! Forwards `tracing` records to `juju-log`.
