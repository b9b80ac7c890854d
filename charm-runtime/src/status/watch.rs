//! Hook tools that forget the status memory when the charm sets a status itself.

use std::sync::Arc;

use super::Memory;
use crate::hook_tools::{Error, HookTools, Juju, ToolCall, ToolFuture};

/// `juju` for the charm's code: the same tools, except that a `status-set` it runs (outside
/// status collection) first forgets what `memory` remembers, so that the next collected
/// status is set even if it equals the remembered one.
pub(crate) fn watch(juju: &Juju, memory: &Memory) -> Juju {
    Juju::new(Arc::new(Watched {
        inner: juju.tools().clone(),
        memory: memory.clone(),
    }))
}

#[derive(Debug)]
struct Watched {
    inner: Arc<dyn HookTools>,
    memory: Memory,
}

impl Watched {
    fn see(&self, call: &ToolCall) {
        if call.tool == "status-set" {
            self.memory.forget();
        }
    }
}

impl HookTools for Watched {
    fn call(&self, call: ToolCall) -> ToolFuture<'_> {
        self.see(&call);
        self.inner.call(call)
    }

    fn call_blocking(&self, call: ToolCall) -> Result<Vec<u8>, Error> {
        self.see(&call);
        self.inner.call_blocking(call)
    }
}
