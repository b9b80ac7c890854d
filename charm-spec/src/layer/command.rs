//! Pebble's command syntax: words split like a POSIX shell would, with an optional final
//! `[ ... ]` group of default arguments.

/// A command Pebble would refuse: what is wrong and how to fix it.
///
/// # Examples
///
/// ```
/// let err = charm_spec::layer::command::check("/bin/srv [ --port 80").unwrap_err();
/// assert_eq!(err.to_string(), "the [ ... ] group is not closed; add a standalone `]` at the end");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CommandError(String);

/// Checks `command` the way Pebble parses it.
///
/// # Errors
///
/// [`CommandError`] when Pebble would refuse it.
///
/// # Examples
///
/// ```
/// use charm_spec::layer::command::check;
///
/// assert!(check("/bin/srv --x [ --port 80 ]").is_ok());
/// assert!(check("[ --port 80 ] /bin/srv").is_err());
/// ```
pub fn check(command: &str) -> Result<(), CommandError> {
    check_words(command).map_err(CommandError)
}

/// [`check`], with the message as text.
fn check_words(command: &str) -> Result<(), String> {
    let words = split(command)?;
    if words.is_empty() {
        return Err("the command is empty; write the program and its arguments".to_owned());
    }
    let mut in_group = false;
    let mut had_group = false;
    for (i, word) in words.iter().enumerate() {
        match word.as_str() {
            "[" if in_group => {
                return Err(
                    "cannot nest [ ... ] groups; keep one final group of default arguments"
                        .to_owned(),
                );
            }
            "[" if i == 0 => {
                return Err(
                    "cannot start the command with a [ ... ] group; put the program first"
                        .to_owned(),
                );
            }
            "[" => in_group = true,
            "]" if !in_group => {
                return Err("cannot have ] outside of a [ ... ] group; add the opening `[` or quote the `]`".to_owned());
            }
            "]" => {
                in_group = false;
                had_group = true;
            }
            _ if had_group => {
                return Err(format!(
                    "cannot have arguments after the [ ... ] group (found \"{word}\"); move them before the `[`"
                ));
            }
            _ => {}
        }
    }
    if in_group {
        return Err("the [ ... ] group is not closed; add a standalone `]` at the end".to_owned());
    }
    Ok(())
}

/// Splits like a POSIX shell: blanks separate words, `'...'` is literal, `"..."` allows `\`
/// escapes, `\` outside quotes escapes the next character.
fn split(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("unclosed single quote; add the closing `'`".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => {
                                return Err(
                                    "unclosed double quote; add the closing `\"`".to_owned()
                                );
                            }
                        },
                        Some(c) => word.push(c),
                        None => {
                            return Err("unclosed double quote; add the closing `\"`".to_owned());
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => {
                        return Err("the command ends with an escape character `\\`; remove it or escape it as `\\\\`".to_owned());
                    }
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            split("a 'b c' \"d \\\" e\" f\\ g").unwrap(),
            ["a", "b c", "d \" e", "f g"]
        );
        assert_eq!(split("  ").unwrap(), Vec::<String>::new());
        assert_eq!(split("''").unwrap(), [""]);
    }

    #[test]
    fn accepts_a_final_group() {
        assert_eq!(check("/bin/srv --x [ --port 80 ]"), Ok(()));
        assert_eq!(check("/pause"), Ok(()));
    }

    #[test]
    fn rejects_bad_commands() {
        for (command, start) in [
            ("", "the command is empty"),
            ("[ a ]", "cannot start"),
            ("a [ b [ c ] ]", "cannot nest"),
            ("a ] b", "cannot have ] outside"),
            ("a [ b ] c", "cannot have arguments after"),
            ("a [ b", "the [ ... ] group is not closed"),
            ("a 'b", "unclosed single quote"),
            ("a \"b", "unclosed double quote"),
            ("a \\", "the command ends with an escape"),
        ] {
            let err = check(command).unwrap_err().to_string();
            assert!(err.starts_with(start), "{command:?}: {err}");
        }
    }
}
