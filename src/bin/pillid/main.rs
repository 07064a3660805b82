//! The `pillid` command-line tool: identify a tablet, list the database,
//! import DailyMed SPL labels.
//!
//! Exit codes: 0 success, 1 a failure while working (unreadable file,
//! malformed XML, a database another import holds locked), 2 bad usage
//! (unknown flag, unknown shape or colour word, a drug name that is not one).
//!
//! Everything printed, on stdout and stderr, goes through one escaper
//! ([`pillid::text::escape`]): control characters, bidirectional-text
//! controls and invisible formatting characters are shown as `\u{1b}`,
//! wherever they came from.

#![forbid(unsafe_code)]

mod identify;
mod import;
mod list;

use clap::{Parser, Subcommand};
use pillid::text::{self, Style};
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
            // clap echoes what was typed (an unknown shape word, a file
            // name), so its text is escaped like everything else printed.
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = write_escaped(&mut std::io::stderr().lock(), &text, Style::Terminal);
                return ExitCode::from(2);
            }
            return emit("help", &text);
        }
    };
    match cli.command {
        Command::Identify(args) => identify::run(args),
        Command::List(args) => list::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// Writes `text` with every hidden character escaped ([`pillid::text`]):
/// every byte the tool prints goes through here, whether it came from the
/// database, an argument, a file name, a label or an error message, so none
/// of them can send a terminal an escape sequence or reverse what is shown.
fn write_escaped(out: &mut impl Write, text: &str, style: Style) -> std::io::Result<()> {
    out.write_all(text::escape(text, style).as_bytes())?;
    out.flush()
}

/// Writes a command's whole output to stdout, escaped. A reader that stops
/// early (`pillid list | head`) is not a failure; any other write error is.
pub(crate) fn emit(command: &str, text: &str) -> ExitCode {
    emit_styled(command, text, Style::Terminal)
}

/// [`emit`] for JSON: hidden characters inside strings are written as JSON
/// escapes (`\u202e`), so the output is still the same JSON.
pub(crate) fn emit_json(command: &str, json: &str) -> ExitCode {
    emit_styled(command, json, Style::Json)
}

fn emit_styled(command: &str, text: &str, style: Style) -> ExitCode {
    match write_escaped(&mut std::io::stdout().lock(), text, style) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            complain(command, &format!("could not write the output: {e}"));
            ExitCode::FAILURE
        }
    }
}

/// Prints `pillid COMMAND: MESSAGE` on stderr, escaped. (If stderr itself
/// cannot be written to, there is nowhere left to say so.)
pub(crate) fn complain(command: &str, message: &str) {
    let line = format!("pillid {command}: {message}\n");
    let _ = write_escaped(&mut std::io::stderr().lock(), &line, Style::Terminal);
}
