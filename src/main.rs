//! `chiso`: the window, or a command-line subcommand.

use std::process::ExitCode;

use chiso::app::cli::{self, EXIT_REFUSED, EXIT_USAGE, UsageError};

fn main() -> ExitCode {
    // Anything on the command line (a subcommand, --help, a file): whatever
    // chiso prints goes to the console it was started from.
    if std::env::args_os().len() > 1 {
        attach_to_parent_console();
    }
    let cli = cli::parse();
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
            // A `--lang` chiso does not know is itself said in English.
            let lang = cli::language(&cli).unwrap_or(chiso::app::strings::Lang::En);
            eprintln!("chiso: {}", chiso::app::strings::cli::error(lang, &error));
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

/// chiso.exe is a GUI program on Windows (see build.rs: no console window
/// opens behind the window), so it starts without a console: attaching to
/// the one of the shell that started it makes the subcommands' output and
/// errors appear there. Output redirected to a file keeps its handles.
#[cfg(windows)]
fn attach_to_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and touches no memory of
    // ours; it fails harmlessly when there is no parent console (started
    // from Explorer) or one is already attached.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

/// Elsewhere the console is the program's own.
#[cfg(not(windows))]
fn attach_to_parent_console() {}
