//! `docs/tutorial.md`, followed word for word in a fresh directory: every file it shows is
//! written (`file=PATH`) or appended (`append=PATH`) as shown, every `$ ` command of its
//! `console` blocks is run, and what the command prints (its standard error, then its
//! standard output) must match the lines shown under it, where `[..]` stands for any text
//! within a line and a `...` line for any lines. It ends with a packed charm.
//!
//! The charm shares this workspace's target directory, so only the tutorial's own crate is
//! compiled.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{entries, pebble, target_dir, text, workspace};

/// What the tutorial asks the reader to do, in order.
#[derive(Debug)]
enum Step {
    /// Write a file with this content.
    Write { path: String, content: String },
    /// Add this content to the end of a file.
    Append { path: String, content: String },
    /// Run a command; its output must match.
    Run { command: String, expected: String },
}

/// The steps of a Markdown page: its fenced blocks with `file=`/`append=` and the commands
/// of its `console` blocks. Other blocks are illustrations and are not run.
fn steps(page: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut lines = page.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        let attribute = info.split_whitespace().nth(1).unwrap_or("");
        let content = body.iter().map(|l| format!("{l}\n")).collect::<String>();
        if let Some(path) = attribute.strip_prefix("file=") {
            steps.push(Step::Write {
                path: path.to_owned(),
                content,
            });
        } else if let Some(path) = attribute.strip_prefix("append=") {
            steps.push(Step::Append {
                path: path.to_owned(),
                content,
            });
        } else if info == "console" {
            for chunk in content.split("$ ").filter(|c| !c.is_empty()) {
                let (command, expected) = chunk.split_once('\n').unwrap();
                steps.push(Step::Run {
                    command: command.to_owned(),
                    expected: expected.to_owned(),
                });
            }
        }
    }
    steps
}

/// Whether `actual` matches the `expected` line, in which `[..]` stands for any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split("[..]").collect();
    let (first, rest) = parts.split_first().unwrap();
    let Some(mut tail) = actual.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return tail.is_empty();
    };
    for part in middle {
        match tail.find(part) {
            Some(at) => tail = &tail[at + part.len()..],
            None => return false,
        }
    }
    tail.ends_with(last)
}

/// Whether the `actual` output matches the `expected` lines, in which a `...` line stands
/// for any number of lines. Trailing spaces do not count.
fn output_matches(expected: &str, actual: &str) -> bool {
    let expected: Vec<&str> = expected.lines().map(str::trim_end).collect();
    let actual: Vec<&str> = actual.lines().map(str::trim_end).collect();
    // matches[i][j]: expected[i..] matches actual[j..].
    let mut matches = vec![vec![false; actual.len() + 1]; expected.len() + 1];
    matches[expected.len()][actual.len()] = true;
    for i in (0..expected.len()).rev() {
        for j in (0..=actual.len()).rev() {
            matches[i][j] = if expected[i] == "..." {
                matches[i + 1][j] || (j < actual.len() && matches[i][j + 1])
            } else {
                j < actual.len() && line_matches(expected[i], actual[j]) && matches[i + 1][j + 1]
            };
        }
    }
    matches[0][0]
}

/// Runs one tutorial command in `dir`: `cargo charm ...` is this crate's binary, another
/// `cargo ...` the Cargo running the tests.
fn run(command: &str, dir: &Path, pebble: &Path) -> Output {
    assert!(
        !command.contains(['"', '\'', '\\', '|', '>', '<', '&', ';']),
        "the tutorial's commands are plain words: {command}"
    );
    let words: Vec<&str> = command.split_whitespace().collect();
    let mut process = match words.as_slice() {
        ["cargo", "charm", ..] => Command::new(env!("CARGO_BIN_EXE_cargo-charm")),
        ["cargo", ..] => Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())),
        _ => panic!("the tutorial runs only cargo commands (and cd): {command}"),
    };
    process
        .args(&words[1..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env("PEBBLE_BIN", pebble)
        .output()
        .unwrap()
}

#[test]
fn the_tutorial_works_word_for_word() {
    let Some(pebble) = pebble() else { return };
    let page = std::fs::read_to_string(workspace().join("docs/tutorial.md")).unwrap();
    let steps = steps(&page);
    assert!(steps.len() >= 8, "{steps:?}");
    let root = tempfile::tempdir().unwrap();
    let mut dir: PathBuf = root.path().to_path_buf();
    for step in &steps {
        match step {
            Step::Write { path, content } => std::fs::write(dir.join(path), content).unwrap(),
            Step::Append { path, content } => {
                let mut file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(dir.join(path))
                    .unwrap();
                write!(file, "\n{content}").unwrap();
            }
            Step::Run { command, expected } => {
                if let Some(to) = command.strip_prefix("cd ") {
                    dir = dir.join(to.trim());
                    assert!(dir.is_dir(), "{command}");
                    assert!(expected.is_empty(), "cd prints nothing: {expected}");
                    continue;
                }
                let output = run(command, &dir, &pebble);
                let printed = format!("{}{}", text(&output.stderr), text(&output.stdout));
                assert!(
                    output.status.success(),
                    "$ {command} failed ({}):\n{printed}",
                    output.status
                );
                assert!(
                    output_matches(expected, &printed),
                    "$ {command} printed:\n{printed}\nwhich does not match the tutorial:\n{expected}"
                );
            }
        }
    }
    let charm = dir.join("my-web_amd64.charm");
    let names: Vec<String> = entries(&charm).into_iter().map(|e| e.name).collect();
    assert!(names.contains(&"dispatch".to_owned()), "{names:?}");
    assert!(names.contains(&"actions.yaml".to_owned()), "{names:?}");
}

#[test]
fn the_matcher_tells_lines_apart() {
    assert!(line_matches(
        "Packed [..]/web.charm ([..] MiB)",
        "Packed /t/x/web.charm (1.2 MiB)"
    ));
    assert!(!line_matches(
        "Packed [..]/web.charm",
        "Packed /t/x/api.charm"
    ));
    assert!(line_matches("exit code: 0", "exit code: 0"));
    assert!(!line_matches("exit code: 0", "exit code: 01"));
    assert!(output_matches("...\nb\n...\n", "a\nb\nc\n"));
    assert!(output_matches("a\n...\nc\n", "a\nc\n"));
    assert!(!output_matches("a\nc\n", "a\nb\nc\n"));
    assert!(!output_matches("...\nd\n", "a\nb\nc\n"));
}

#[test]
fn the_tutorial_has_the_steps_of_a_charm_s_life() {
    let page = std::fs::read_to_string(workspace().join("docs/tutorial.md")).unwrap();
    let commands: Vec<String> = steps(&page)
        .into_iter()
        .filter_map(|s| match s {
            Step::Run { command, .. } => Some(command),
            _ => None,
        })
        .collect();
    for start in [
        "cargo charm new",
        "cargo test",
        "cargo charm run",
        "cargo charm pack",
    ] {
        assert!(
            commands.iter().any(|c| c.starts_with(start)),
            "{start} in {commands:?}"
        );
    }
}
