//! The app: the command line, the import pipeline and the window.

pub mod cli;
pub mod pipeline;
pub mod report;
pub mod sample;
pub mod window;
pub mod worker;

use std::path::PathBuf;

/// Opens the window on a database (the default one when `db` is None), with
/// the import dialog on `files` when there are any.
pub fn run_window(db: Option<PathBuf>, files: Vec<PathBuf>) -> anyhow::Result<u8> {
    window::run(db, files)
}
