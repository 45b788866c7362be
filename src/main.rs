//! `chiso`: the window, or a command-line subcommand.

use std::process::ExitCode;

use clap::Parser;

use chiso::app::cli::{self, Cli, EXIT_REFUSED, EXIT_USAGE, UsageError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => chiso::app::run_window(cli.db.clone()),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(error) => {
            eprintln!("chiso: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::from(EXIT_REFUSED)
            }
        }
    }
}
