//! Opening databases, for the command line and the window alike: the
//! default one, a new one filled with the samples, an existing one for a
//! command that only reads.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::app::sample;
use crate::store::{NewStore, Store};

/// Whether `--db` names a database that is there: a file, or a PostgreSQL
/// URL (whose server says when it is not there).
pub fn database_exists(db: &Path) -> bool {
    crate::store::database_url(db).is_some() || db.exists()
}

/// Creates the schema in an empty PostgreSQL database, or checks a SQLite
/// file's (making it when it is not there): `chiso init --db URL`.
pub fn init_database(db: &Path) -> Result<Store> {
    match crate::store::database_url(db) {
        Some(url) => Ok(Store::open_postgres(
            &crate::store::PgTarget::parse(url)?,
            true,
        )?),
        None => Ok(Store::open(db)?),
    }
}

/// The default database: `chiso.sqlite` in the platform's data folder.
pub fn default_database_path() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("vn", "chiso", "chiso")
        .context("cannot find the platform's data folder (no home directory?)")?;
    let dir = dirs.data_dir();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir.join("chiso.sqlite"))
}

/// Opens a database; a new one is filled from the built-in samples when `fill_new` is set.
/// A new one appears only once it is filled: a first start killed midway
/// leaves no half-filled database behind.
pub fn open_database(path: &Path, fill_new: bool) -> Result<Store> {
    if !fill_new || database_exists(path) {
        return Ok(Store::open(path)?);
    }
    let mut new = NewStore::create(path)?;
    sample::fill_with_samples(new.store()).with_context(|| {
        format!(
            "cannot fill the new database with the sample data: {}",
            path.display()
        )
    })?;
    Ok(new.install()?)
}

/// Opens a database for a command that only reads it. One that is not there
/// is refused, not made: a mistyped `--db` would otherwise check an empty
/// new database and pass.
pub fn open_existing(path: &Path) -> Result<Store> {
    if !database_exists(path) {
        return Err(NoDatabase(path.to_path_buf()).into());
    }
    Ok(Store::open(path)?)
}

/// A command that reads a database was given one that is not there.
#[derive(Debug, thiserror::Error)]
#[error("no database at {} (an import creates one: chiso import --db {} FILE.csv)", .0.display(), .0.display())]
pub struct NoDatabase(pub PathBuf);
