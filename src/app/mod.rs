//! The app: the command line, the import pipeline and the window.

pub mod cli;
pub mod pipeline;
pub mod sample;

use std::path::PathBuf;

/// Opens the window on a database (the default one when `db` is None).
pub fn run_window(db: Option<PathBuf>) -> anyhow::Result<u8> {
    let path = match db {
        Some(path) => path,
        None => cli::default_database_path()?,
    };
    let store = cli::open_database(&path, true)?;
    println!("{}: {} observations (the window comes next)", path.display(), store.observation_count()?);
    Ok(cli::EXIT_OK)
}
