//! Runs one event handler per process and turns its outcome into Juju's exit code.
