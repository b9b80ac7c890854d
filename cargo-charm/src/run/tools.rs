//! The hook tools of `cargo charm run`: `cargo-charm` itself, linked under each tool's name
//! in a directory put first on the charm's `PATH`.
//!
//! Started as `status-set`, `config-get`, ... (its `argv[0]`), the binary answers that one
//! call with the runtime's in-memory hook tools ([`MemoryState::answer`](charm_runtime::testing::MemoryState::answer), the same parser and
//! rules the test harness uses) against the state file named by [`STATE_VAR`], and exits as
//! Juju's tool would: the answer on stdout and 0, or the error on stderr and non-zero.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charm_runtime::hook_tools::{Error as ToolError, ToolCall};
use charm_runtime::testing::TOOL_NAMES;

use super::state::RunState;

/// The variable naming the state file, set for the charm and inherited by its tools.
pub const STATE_VAR: &str = "CARGO_CHARM_RUN_STATE";

/// The hook tool `argv0` names (its file name), if it names one.
pub fn tool_name(argv0: &OsString) -> Option<&'static str> {
    let name = Path::new(argv0).file_name()?.to_str()?;
    TOOL_NAMES.iter().copied().find(|tool| *tool == name)
}

/// Links `exe` (this binary) under every tool's name in `dir`, creating it.
pub fn install(dir: &Path, exe: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for tool in TOOL_NAMES {
        let link = dir.join(tool);
        match std::fs::remove_file(&link) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        std::os::unix::fs::symlink(exe, link)?;
    }
    Ok(())
}

/// Answers one call of `tool` with `args` (this process's arguments after `argv[0]`).
pub fn serve(tool: &str, args: Vec<OsString>) -> ExitCode {
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match answer(tool, args) {
        Ok(stdout) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(&stdout).and_then(|()| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("ERROR {message}");
            ExitCode::from(1)
        }
    }
}

fn answer(tool: &str, args: Vec<String>) -> Result<Vec<u8>, String> {
    let path = std::env::var_os(STATE_VAR)
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!("{tool} runs only inside `cargo charm run` ({STATE_VAR} is not set)")
        })?;
    let reads_stdin = args
        .windows(2)
        .any(|pair| pair[0] == "--file" && pair[1] == "-")
        || args.iter().any(|a| a == "--file=-");
    let mut call = ToolCall::new(tool, args);
    if reads_stdin {
        let mut stdin = Vec::new();
        std::io::stdin()
            .read_to_end(&mut stdin)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        call = call.with_stdin(stdin);
    }
    let mut state = RunState::load(&path).map_err(|e| e.to_string())?;
    let mut memory = state.to_memory();
    let answered = memory.answer(&call);
    state.update_from(&memory);
    state.save(&path).map_err(|e| e.to_string())?;
    answered.map_err(|error| match error {
        ToolError::Failed { stderr, .. } => stderr,
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hook_tool_names_are_tools() {
        assert_eq!(
            tool_name(&OsString::from("/tmp/x/status-set")),
            Some("status-set")
        );
        assert_eq!(tool_name(&OsString::from("cargo-charm")), None);
    }

    #[test]
    fn every_tool_is_linked_to_the_binary() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("cargo-charm");
        std::fs::write(&exe, "").unwrap();
        install(&dir.path().join("bin"), &exe).unwrap();
        install(&dir.path().join("bin"), &exe).unwrap();
        for tool in TOOL_NAMES {
            assert_eq!(
                std::fs::read_link(dir.path().join("bin").join(tool)).unwrap(),
                exe
            );
        }
    }
}
