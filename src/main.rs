//! `chiso`: the window, or a command-line subcommand.

use std::process::ExitCode;

use clap::Parser;

use chiso::app::cli::{self, Cli, EXIT_REFUSED, EXIT_USAGE, UsageError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => chiso::app::run_window(cli.db.clone(), Vec::new()),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        // Whoever read the output stopped reading (`chiso export | head`):
        // nothing is wrong with the work, and there is nobody to tell.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
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

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
