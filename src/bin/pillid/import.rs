//! `pillid import`: read DailyMed SPL XML and merge into a database file.
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `pillid import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SPL XML files to read.
    #[arg(required = true, value_name = "FILE.xml")]
    files: Vec<PathBuf>,
    /// Database file to create or merge into.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("pillid import: not built yet");
    ExitCode::FAILURE
}
