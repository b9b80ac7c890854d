//! Prints the event `Event::from_env` decodes from this process's environment (`Debug`
//! form), or the error, exiting 1: so that a test can check the decoding of the real process
//! environment, which a test cannot change in its own process.

use std::process::ExitCode;

use charm_runtime::event::Event;

fn main() -> ExitCode {
    match Event::from_env() {
        Ok(event) => {
            println!("{event:?}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
