//! The statuses this unit last set, remembered in the charm directory.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::hook_tools::Status;

/// The directory, in the charm directory, where the runtime keeps what it remembers.
const DIR: &str = ".charm-rs";
/// The file of the statuses, in [`DIR`].
const FILE: &str = "status.json";

/// What was set, as the file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Remembered {
    /// The unit status this unit last set.
    #[serde(default)]
    pub unit: Option<Status>,
    /// The application status this unit last set as the leader.
    #[serde(default)]
    pub app: Option<Status>,
    /// Whether `is-leader` said no since the last leadership event: until Juju runs
    /// `leader-elected` here, this unit has no application status to set and need not ask.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_leader: bool,
}

/// Where the statuses are remembered, or nowhere (`remember_status = false`).
///
/// Every failure to read or write is logged and turns into forgetting: the worst a broken
/// memory may cost is a `status-set` that was not needed.
#[derive(Debug, Clone)]
pub(crate) struct Memory {
    path: Option<PathBuf>,
}

impl Memory {
    /// The memory of the charm in `charm_dir`, or none when `enabled` is false.
    pub(crate) fn new(charm_dir: &Path, enabled: bool) -> Self {
        Self {
            path: enabled.then(|| Self::path_in(charm_dir)),
        }
    }

    /// The file that holds the memory of the charm in `charm_dir`.
    pub(crate) fn path_in(charm_dir: &Path) -> PathBuf {
        charm_dir.join(DIR).join(FILE)
    }

    /// What is remembered; nothing when there is no file, or when it cannot be read.
    pub(crate) fn load(&self) -> Remembered {
        let Some(path) = &self.path else {
            return Remembered::default();
        };
        let text = match std::fs::read(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Remembered::default(),
            Err(e) => {
                tracing::warn!(
                    "cannot read {}: {e}; setting the status again",
                    path.display()
                );
                return Remembered::default();
            }
        };
        serde_json::from_slice(&text).unwrap_or_else(|e| {
            tracing::warn!(
                "{} is not what the runtime wrote ({e}); setting the status again",
                path.display()
            );
            Remembered::default()
        })
    }

    /// Forgets everything (before a `status-set`, or after one the runtime did not make).
    pub(crate) fn forget(&self) {
        let Some(path) = &self.path else {
            return;
        };
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                // A file that cannot be removed must at least stop naming a status.
                if let Err(write) = std::fs::write(path, b"{}") {
                    tracing::error!(
                        "cannot forget the status in {} ({e}; {write}): delete the file",
                        path.display()
                    );
                }
            }
        }
    }

    /// Forgets the application status and what this unit knew of its leadership
    /// (leadership moved).
    pub(crate) fn forget_app(&self) {
        let mut remembered = self.load();
        let had_app = remembered.app.take().is_some();
        if had_app || std::mem::take(&mut remembered.not_leader) {
            self.forget();
            self.save(&remembered);
        }
    }

    /// Remembers `remembered` (after the `status-set` succeeded).
    pub(crate) fn save(&self, remembered: &Remembered) {
        let Some(path) = &self.path else {
            return;
        };
        if let Err(e) = write(path, remembered) {
            tracing::warn!("cannot remember the status in {}: {e}", path.display());
            self.forget();
        }
    }
}

/// Writes the file whole: to a temporary name, then renamed over the old one.
fn write(path: &Path, remembered: &Remembered) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_vec(remembered).map_err(io::Error::other)?;
    let temporary = path.with_extension("json.new");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_forgets_and_survives_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let memory = Memory::new(dir.path(), true);
        assert_eq!(memory.load(), Remembered::default());
        let both = Remembered {
            unit: Some(Status::active("ready")),
            app: Some(Status::waiting("1/3 units")),
            not_leader: false,
        };
        memory.save(&both);
        assert_eq!(memory.load(), both);
        memory.forget_app();
        assert_eq!(memory.load().app, None);
        assert_eq!(memory.load().unit, both.unit);
        memory.forget();
        assert_eq!(memory.load(), Remembered::default());
        std::fs::write(Memory::path_in(dir.path()), b"not json").unwrap();
        assert_eq!(memory.load(), Remembered::default());
    }

    #[test]
    fn a_disabled_memory_remembers_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let memory = Memory::new(dir.path(), false);
        memory.save(&Remembered {
            unit: Some(Status::active("")),
            ..Remembered::default()
        });
        assert_eq!(memory.load(), Remembered::default());
        assert!(!Memory::path_in(dir.path()).exists());
    }
}
