//! The `dispatch` binary of the pause charm.

charm_runtime::main!(pause::Pause);
