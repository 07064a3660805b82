//! `pillid list`: print the database.
use std::process::ExitCode;

/// Arguments of `pillid list`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only products of this strength, in mg.
    #[arg(long, value_name = "MG")]
    strength: Option<u32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let _ = args;
    eprintln!("pillid list: not built yet");
    ExitCode::FAILURE
}
