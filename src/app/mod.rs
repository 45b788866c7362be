//! The app: the command line, the import pipeline and the window.

pub mod cli;
pub mod open;
pub mod pipeline;
pub mod report;
pub mod sample;
pub mod session;
pub mod strings;
pub mod window;

use std::path::PathBuf;

/// Exit status: done.
pub const EXIT_OK: u8 = 0;
/// Exit status: the input or the database was refused.
pub const EXIT_REFUSED: u8 = 1;
/// Exit status: wrong usage.
pub const EXIT_USAGE: u8 = 2;

/// Opens the window on a database (the default one when `db` is None), with
/// the import dialog on `files` when there are any.
pub fn run_window(db: Option<PathBuf>, files: Vec<PathBuf>) -> anyhow::Result<u8> {
    window::run(db, files)
}
