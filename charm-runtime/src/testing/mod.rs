//! Test doubles for charms' unit tests: a fake Pebble, fake hook tools and a harness.
//!
//! - [`FakePebble`]: Pebble's HTTP API served in-process on a temporary Unix socket, so the
//!   same [`pebble::Client`](crate::pebble::Client) a charm uses talks to it; tests set its
//!   state up and inspect it afterwards.
//! - [`harness`]: state in, one event, state out ([`harness::Context`], [`harness::State`]),
//!   with a `FakePebble` per container and in-memory hook tools.
//! - [`FakeHookTools`]: small shell scripts standing in for Juju's hook tools on `PATH`,
//!   recording each call (argv, stdin, secret files) and answering canned output, so a
//!   charm binary can be run as a separate process in tests.
//! - [`MemoryTools`]: hook tools answered in memory without any process, for in-process
//!   tests; [`MemoryState::answer`] answers one invocation, for a program that stands in for
//!   the hook tools of a charm run as a separate process.

mod fake_tools;
pub mod harness;
mod memory;
pub mod pebble;

pub use fake_tools::{FakeHookTools, RecordedCall, TOOL_NAMES};
pub use memory::{MemoryRelation, MemorySecret, MemoryState, MemoryTools};
pub use pebble::{
    Error, ExecCall, ExecResult, FakePebble, FakePebbleBuilder, ParseVersionError, PebbleFeature,
    PebbleVersion, RecordedRequest,
};
