//! The `dispatch` binary of the webapp charm.

charm_runtime::main!(webapp::WebApp);
