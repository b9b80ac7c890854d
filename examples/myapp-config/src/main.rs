//! The `dispatch` binary of the myapp-config charm.

charm_runtime::main!(myapp_config::MyApp);
