//! The charm's `dispatch` binary: Juju runs it for every event.

charm_runtime::main!({{crate}}::{{type}});
