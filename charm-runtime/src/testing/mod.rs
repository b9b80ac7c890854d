//! A fake Pebble and fake hook tools for charms' unit tests.
//!
//! - [`FakeHookTools`]: small shell scripts standing in for Juju's hook tools on `PATH`,
//!   recording each call (argv, stdin, secret files) and answering canned output, so a
//!   charm binary can be run as a separate process in tests.
//! - For in-process tests, [`MemoryTools`](crate::hook_tools::MemoryTools) answers hook
//!   tools in memory without any process.

mod fake_tools;

pub use fake_tools::{FakeHookTools, RecordedCall, TOOL_NAMES};
