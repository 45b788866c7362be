//! Times the database half of an import alone: the file is read into memory
//! first, then written into a new database in one session (load, key index,
//! commit, and the new file synced and moved into place), as `chiso import`
//! does with the reading on other threads.
//!
//! usage: cargo run --release --example write_bench -- FILE.csv NEW.sqlite

use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use chiso::import::{self, ImportOptions, ReadEvent};
use chiso::store::{BatchInfo, NewStore};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(file), Some(database)) = (args.next(), args.next()) else {
        return Err("usage: write_bench FILE.csv NEW.sqlite".into());
    };
    let (file, database) = (Path::new(&file), Path::new(&database));
    if database.exists() {
        return Err(format!("{} exists: give a new database", database.display()).into());
    }
    let options = ImportOptions::default();
    let detection = import::detect(file, &options)?;
    let mut records = Vec::new();
    import::read_records(file, &detection, &options, &mut |event| {
        if let ReadEvent::Record(record) = event {
            records.push(record);
        }
        ControlFlow::Continue(())
    })?;
    let mut new = NewStore::create(database)?;
    let started = Instant::now();
    let mut session = new.store().begin_import(&BatchInfo::default())?;
    for record in &records {
        session.upsert(record)?;
    }
    let loaded = started.elapsed();
    session.finalize()?;
    let indexed = started.elapsed();
    session.finish(true)?;
    let committed = started.elapsed();
    new.install()?;
    let installed = started.elapsed();
    println!(
        "{} records: load {:.3} s, key index {:.3} s, commit {:.3} s, sync and move {:.3} s",
        records.len(),
        loaded.as_secs_f64(),
        indexed.checked_sub(loaded).unwrap().as_secs_f64(),
        committed.checked_sub(indexed).unwrap().as_secs_f64(),
        installed.checked_sub(committed).unwrap().as_secs_f64()
    );
    Ok(())
}
