//! The `pillid` command-line tool: identify a tablet, list the database,
//! import DailyMed SPL labels.
//!
//! Exit codes: 0 success, 1 a failure while working (unreadable file,
//! malformed XML), 2 bad usage (unknown flag, unknown shape or colour word).

mod identify;
mod import;
mod list;

use clap::{Parser, Subcommand};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// Identify baclofen tablets by imprint, shape and colour, on this device.
#[derive(Parser, Debug)]
#[command(name = "pillid", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Identify a tablet from its imprint (and optionally shape and colour).
    Identify(identify::Args),
    /// Print the database.
    List(list::Args),
    /// Read DailyMed SPL XML labels and merge their tablets of one drug
    /// (baclofen unless --drug says otherwise) into a database file.
    Import(import::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with success; errors exit 2.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Identify(args) => identify::run(args),
        Command::List(args) => list::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// Writes a command's whole output to stdout. A reader that stops early
/// (`pillid list | head`) is not a failure; any other write error is.
pub(crate) fn emit(command: &str, text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pillid {command}: could not write the output: {e}");
            ExitCode::FAILURE
        }
    }
}
