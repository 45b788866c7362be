//! Times the import engine's reading alone (no database): detection, then
//! every record read and dropped (on two threads: one splits the file into
//! records, one turns them into observations).
//!
//! usage: cargo run --release --example read_bench -- FILE.csv

use std::ops::ControlFlow;
use std::time::Instant;

use chiso::import::{self, ImportOptions, ReadEvent};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os()
        .nth(1)
        .ok_or("usage: read_bench FILE.csv")?;
    let path = std::path::Path::new(&path);
    let options = ImportOptions::default();
    let started = Instant::now();
    let detection = import::detect(path, &options)?;
    let detected = started.elapsed();
    let started = Instant::now();
    let mut records = 0u64;
    import::read_records(path, &detection, &options, &mut |event| {
        if let ReadEvent::Record(_) = event {
            records += 1;
        }
        ControlFlow::Continue(())
    })?;
    let read = started.elapsed();
    println!(
        "detect {:.3} s, read {:.3} s, {records} records, {:.0} MB/s",
        detected.as_secs_f64(),
        read.as_secs_f64(),
        detection.file_size as f64 / read.as_secs_f64() / 1e6
    );
    Ok(())
}
