//! The `dispatch` binary of the snappass charm.

charm_runtime::main!(snappass::Snappass);
