//! An import is "read rows with `import`, write them with `store`, in one
//! transaction": this module composes the two, for the command line and the
//! window's background worker alike.

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::{Field, RejectCause, Rejection};
use crate::import::{self, ColumnRole, Detection, ImportOptions, ReadEvent, Skipped};
use crate::store::{BatchInfo, ChangedFigure, ImportTotals, Store, UpsertOutcome};

/// What to import and how.
#[derive(Clone, Debug, Default)]
pub struct ImportRequest {
    pub path: PathBuf,
    pub options: ImportOptions,
    /// Report what would change and write nothing.
    pub dry_run: bool,
    /// Import nothing when a row is bad.
    pub strict: bool,
}

/// What an import did (or, for a dry run, would do).
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub file: String,
    /// The sheet read, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub batch_id: Option<i64>,
    pub encoding: String,
    /// Why that encoding, in words (and what was repaired or converted).
    pub encoding_evidence: String,
    pub delimiter: String,
    pub number_format: String,
    pub header_line: u64,
    pub rows_read: u64,
    pub rows_inserted: u64,
    pub rows_updated: u64,
    pub rows_unchanged: u64,
    pub rows_rejected: u64,
    pub rows_skipped: u64,
    /// Units the file names that no list had (made by the import).
    pub units_unmatched: Vec<String>,
    pub dry_run: bool,
    pub rejections: Vec<Rejection>,
    #[serde(skip)]
    pub skipped: Vec<Skipped>,
    #[serde(skip)]
    pub changes: Vec<ChangedFigure>,
}

/// Progress of a running import.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows: u64,
    /// The file is read; the key index is being built and the transaction
    /// committed (seconds on millions of rows, with nothing left to count).
    pub finishing: bool,
}

/// Why an import stopped without writing.
#[derive(Debug, thiserror::Error)]
pub enum ImportStopped {
    #[error("import of {0} cancelled: nothing was written")]
    Cancelled(PathBuf),
    #[error(
        "{path}: {count} row(s) rejected, so with --strict nothing was imported; the first: line {line}{}: {cause}",
        .column.map(|column| format!(", column {column}")).unwrap_or_default()
    )]
    Strict {
        path: PathBuf,
        count: u64,
        line: u64,
        /// 1-based, when one column is at fault.
        column: Option<u32>,
        cause: RejectCause,
    },
}

/// The most rejections and skipped lines a report keeps in memory (all are in the database).
const MAX_REPORTED: usize = 10_000;
/// Events sent from the reading thread to the writing one in one message.
const EVENTS_PER_MESSAGE: usize = 2048;

/// The fields the file has columns for: the others are left as they are on re-import.
fn provided_fields(detection: &Detection) -> Vec<Field> {
    let mut fields = Vec::new();
    for column in &detection.columns {
        let field = match column.role {
            ColumnRole::Value => Field::Value,
            ColumnRole::Numerator => Field::Numerator,
            ColumnRole::Denominator => Field::Denominator,
            ColumnRole::Target => Field::Target,
            ColumnRole::Qualifier => Field::Qualifier,
            ColumnRole::Note => Field::Note,
            ColumnRole::Figure { field, .. } => field,
            _ => continue,
        };
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    fields
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect())
}

/// Detects how to read a file (encoding, dialect, header, numbers).
pub fn detect(request: &ImportRequest) -> Result<Detection> {
    Ok(import::detect(&request.path, &request.options)?)
}

/// Detects how to read a file and imports it, with nothing to show progress
/// to and nothing to cancel it (the sample data, scripts, tests).
pub fn import_file(store: &mut Store, request: &ImportRequest) -> Result<ImportReport> {
    let detection = detect(request)?;
    run_import(
        store,
        request,
        &detection,
        &AtomicBool::new(false),
        &mut |_| {},
    )
}

/// Imports one file in one transaction. Reading runs on two other threads
/// (see [`import::read_records`]) while this one writes; `cancel` stops them
/// all and rolls back.
pub fn run_import(
    store: &mut Store,
    request: &ImportRequest,
    detection: &Detection,
    cancel: &AtomicBool,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let path = request.path.as_path();
    let mut file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    // A workbook's batch names its sheet: `file.xlsx#Sheet1`.
    if let Some(source) = &detection.workbook {
        file_name = format!("{file_name}#{}", source.sheet);
    }
    let info = BatchInfo {
        file_name,
        file_sha256: None,
        encoding: detection.encoding_label(),
        delimiter: detection.delimiter_char().to_string(),
        number_format: detection.number_format.as_str().to_owned(),
        header_line: detection.header_line,
        provided: provided_fields(detection),
    };
    let mut report = ImportReport {
        file: path.display().to_string(),
        sheet: detection
            .workbook
            .as_ref()
            .map(|source| source.sheet.clone()),
        batch_id: None,
        encoding: info.encoding.clone(),
        encoding_evidence: detection.encoding_evidence.clone(),
        delimiter: info.delimiter.clone(),
        number_format: info.number_format.clone(),
        header_line: info.header_line,
        rows_read: 0,
        rows_inserted: 0,
        rows_updated: 0,
        rows_unchanged: 0,
        rows_rejected: 0,
        rows_skipped: 0,
        units_unmatched: Vec::new(),
        dry_run: request.dry_run,
        rejections: Vec::new(),
        skipped: Vec::new(),
        changes: Vec::new(),
    };

    let (sender, receiver) = mpsc::sync_channel::<Vec<ReadEvent>>(8);
    let stop_reading = AtomicBool::new(false);
    let totals: ImportTotals = std::thread::scope(|scope| -> Result<ImportTotals> {
        let reader = std::thread::Builder::new()
            .name("chiso-read".into())
            .spawn_scoped(scope, || {
                let mut pending = Vec::with_capacity(EVENTS_PER_MESSAGE);
                let result =
                    import::read_records(path, detection, &request.options, &mut |event| {
                        pending.push(event);
                        if pending.len() >= EVENTS_PER_MESSAGE {
                            let full = std::mem::replace(
                                &mut pending,
                                Vec::with_capacity(EVENTS_PER_MESSAGE),
                            );
                            if sender.send(full).is_err() || stop_reading.load(Ordering::Relaxed) {
                                return ControlFlow::Break(());
                            }
                        }
                        ControlFlow::Continue(())
                    });
                if !pending.is_empty() {
                    let _ = sender.send(pending);
                }
                drop(sender);
                result
            })
            .context("cannot start the reading thread")?;

        let mut session = store.begin_import(&info)?;
        report.batch_id = Some(session.batch_id());
        let mut progress = Progress::default();
        let mut write = || -> Result<bool> {
            for events in &receiver {
                if cancel.load(Ordering::Relaxed) {
                    return Ok(false);
                }
                session.look_ahead(events.iter().filter_map(|event| match event {
                    ReadEvent::Record(record) => Some(record),
                    _ => None,
                }))?;
                for event in events {
                    match event {
                        ReadEvent::Record(record) => {
                            if let UpsertOutcome::Rejected(rejection) = session.upsert(&record)?
                                && report.rejections.len() < MAX_REPORTED
                            {
                                report.rejections.push(if detection.workbook.is_some() {
                                    import::name_cell(rejection)
                                } else {
                                    rejection
                                });
                            }
                        }
                        ReadEvent::Rejected(rejection) => {
                            session.reject(&rejection)?;
                            if report.rejections.len() < MAX_REPORTED {
                                report.rejections.push(rejection);
                            }
                        }
                        ReadEvent::Skipped(skipped) => {
                            session.note_skipped();
                            if report.skipped.len() < MAX_REPORTED {
                                report.skipped.push(skipped);
                            }
                        }
                        ReadEvent::Progress {
                            bytes_read,
                            bytes_total,
                        } => {
                            progress.bytes_read = bytes_read;
                            progress.bytes_total = bytes_total;
                            progress.rows = session.totals().rows_read;
                            on_progress(progress);
                        }
                    }
                }
            }
            Ok(true)
        };
        let finished = write();
        // Hashed while the indexes are built, when a core is free (during the
        // reading and writing, both are busy).
        let hasher = std::thread::Builder::new()
            .name("chiso-hash".into())
            .spawn_scoped(scope, || sha256_of(path))
            .context("cannot start the hashing thread")?;
        stop_reading.store(true, Ordering::Relaxed);
        drop(receiver);
        let read_result = reader
            .join()
            .map_err(|_| anyhow::anyhow!("the reading thread failed"))?;
        let completed = finished?;
        if !completed {
            session.finish(false)?;
            bail!(ImportStopped::Cancelled(path.to_owned()));
        }
        read_result?;
        progress.finishing = true;
        progress.rows = session.totals().rows_read;
        on_progress(progress);
        for rejection in session.finalize()? {
            if report.rejections.len() < MAX_REPORTED {
                report.rejections.push(rejection);
            }
        }
        report.changes = session.changes().to_vec();
        let rejected = session.totals().rows_rejected;
        if request.strict && rejected > 0 {
            session.finish(false)?;
            report.rejections.sort_by_key(|rejection| rejection.line);
            let first = report.rejections.first().cloned().unwrap_or(Rejection {
                line: 0,
                column: None,
                raw: String::new(),
                cause: RejectCause::Recorded {
                    message: String::new(),
                },
            });
            bail!(ImportStopped::Strict {
                path: path.to_owned(),
                count: rejected,
                line: first.line,
                column: first.column,
                cause: first.cause,
            });
        }
        let sha = hasher
            .join()
            .map_err(|_| anyhow::anyhow!("the hashing thread failed"))?;
        if let Ok(sha) = sha {
            session.set_sha256(&sha)?;
        }
        Ok(session.finish(!request.dry_run)?)
    })?;
    report.rejections.sort_by_key(|rejection| rejection.line);
    report.rows_read = totals.rows_read;
    report.rows_inserted = totals.rows_inserted;
    report.rows_updated = totals.rows_updated;
    report.rows_unchanged = totals.rows_unchanged;
    report.rows_rejected = totals.rows_rejected;
    report.rows_skipped = totals.rows_skipped;
    report.units_unmatched = totals.units_unmatched.clone();
    if request.dry_run {
        report.batch_id = None;
    }
    Ok(report)
}

/// Writes the filtered observations as canonical CSV to `out`, through a
/// temporary file so that a failed export never leaves half a file under the
/// asked name. Returns the number of rows.
pub fn export_csv(
    store: &Store,
    out: &Path,
    filter: &crate::store::ObservationFilter,
) -> Result<u64> {
    use std::io::Write;
    let partial = out.with_extension("csv.partial");
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut writer = crate::export::CanonicalWriter::new(std::io::BufWriter::new(file))?;
    let rows = store.for_each_canonical(filter, |row| {
        writer.write(row).map_err(std::io::Error::other)
    })?;
    writer
        .finish()?
        .flush()
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(rows)
}
