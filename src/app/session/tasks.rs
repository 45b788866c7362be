//! Background tasks: file dialogs and exports (building workbooks,
//! rasterising charts, writing files). Each runs on a named thread of its
//! own, never on the database thread, so the table stays live while a
//! report is written; an export that reads figures opens its own read
//! connection. The registry knows what runs, for the status bar.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::event::{Event, Failure};
use super::query::Subject;
use crate::app::{pipeline, report};
use crate::domain::summary::YearSummary;
use crate::domain::{NumberFormat, ObservationView, Rejection};
use crate::export::svg::svg_to_png;
use crate::export::xlsx;
use crate::store::{ObservationFilter, Store};

/// What a file dialog is opened for; its answer comes back with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    OpenDatabase,
    NewDatabase,
    Import,
    ExportCsv,
    /// Where the Chart tab's export goes.
    ChartFile,
    /// Where the Summary tab's export goes.
    ReportFile,
    /// Where the Imports tab saves a batch's rejections.
    RejectionsFile,
    /// Where File → "Tạo bản sao ngoại tuyến…" writes the copy.
    OfflineCopy,
}

/// A native file dialog.
#[derive(Clone, Debug)]
pub struct FileDialog {
    pub purpose: DialogPurpose,
    /// A save dialog (else an open one).
    pub save: bool,
    /// (name, extensions) offered.
    pub filters: Vec<(&'static str, Vec<&'static str>)>,
    pub file_name: Option<String>,
}

/// What kind of file an export writes (what its failure is about).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// The filtered rows as canonical CSV.
    Csv,
    /// The filtered rows as an Excel workbook.
    TableWorkbook,
    /// The year report as one HTML file or a Word draft.
    Report,
    /// The year summary as an Excel workbook.
    SummaryWorkbook,
    /// Charts as SVG or PNG files.
    Charts { png: bool },
    /// A batch's rejected lines as CSV.
    Rejections,
    /// The whole database as an offline SQLite copy for a meeting.
    OfflineCopy,
}

/// An export with everything it needs.
pub enum Export {
    Csv {
        path: PathBuf,
        filter: ObservationFilter,
    },
    TableWorkbook {
        path: PathBuf,
        filter: ObservationFilter,
    },
    Report {
        path: PathBuf,
        year: u32,
        agency_code: String,
        format: NumberFormat,
    },
    SummaryWorkbook {
        path: PathBuf,
        summary: Box<YearSummary>,
        format: NumberFormat,
    },
    /// Each chart as SVG text with the file it goes to.
    Charts {
        png: bool,
        charts: Vec<(PathBuf, String)>,
    },
    Rejections {
        path: PathBuf,
        /// The file the batch was imported from.
        file_name: String,
        rejections: Vec<Rejection>,
    },
    /// A consistent copy of the open database into a new SQLite file.
    OfflineCopy { path: PathBuf },
}

impl Export {
    pub fn kind(&self) -> ExportKind {
        match self {
            Export::Csv { .. } => ExportKind::Csv,
            Export::TableWorkbook { .. } => ExportKind::TableWorkbook,
            Export::Report { .. } => ExportKind::Report,
            Export::SummaryWorkbook { .. } => ExportKind::SummaryWorkbook,
            Export::Charts { png, .. } => ExportKind::Charts { png: *png },
            Export::Rejections { .. } => ExportKind::Rejections,
            Export::OfflineCopy { .. } => ExportKind::OfflineCopy,
        }
    }

    /// Writes the export; `db` is the database its figures are read from.
    fn run(self, db: Option<&Path>) -> Result<Event> {
        let kind = self.kind();
        let open = || -> Result<Store> {
            let db = db.context("no database is open")?;
            Ok(Store::open(db)?)
        };
        let (paths, rows) = match self {
            Export::Csv { path, filter } => {
                let rows = pipeline::export_csv(&open()?, &path, &filter)?;
                (vec![path], Some(rows))
            }
            Export::TableWorkbook { path, filter } => {
                let mut rows: Vec<ObservationView> = Vec::new();
                open()?.for_each_canonical(&filter, |row| {
                    rows.push(row.clone());
                    Ok(())
                })?;
                let bytes = xlsx::observations_workbook(&rows)?;
                report::write_atomically(&path, &bytes)?;
                (vec![path], Some(rows.len() as u64))
            }
            Export::Report {
                path,
                year,
                agency_code,
                format,
            } => {
                // The extension chooses HTML or Word.
                report::write_report(&open()?, year, Some(&agency_code), format, &path)?;
                (vec![path], None)
            }
            Export::SummaryWorkbook {
                path,
                summary,
                format,
            } => {
                let bytes = xlsx::summary_workbook(&summary, format)?;
                report::write_atomically(&path, &bytes)?;
                (vec![path], None)
            }
            Export::Charts { png, charts } => {
                let mut paths = Vec::new();
                for (path, svg) in charts {
                    let bytes = if png {
                        svg_to_png(&svg, 300.0)?
                    } else {
                        svg.into_bytes()
                    };
                    report::write_atomically(&path, &bytes)?;
                    paths.push(path);
                }
                (paths, None)
            }
            Export::Rejections {
                path,
                file_name,
                rejections,
            } => {
                let mut bytes = Vec::new();
                crate::export::write_rejections(&mut bytes, &file_name, &rejections)?;
                report::write_atomically(&path, &bytes)?;
                (vec![path], Some(rejections.len() as u64))
            }
            Export::OfflineCopy { path } => {
                let source = open()?;
                let mut new = crate::store::NewStore::create(&path)?;
                let name = db.map(|db| db.display().to_string()).unwrap_or_default();
                let copied = source.copy_into(new.store(), &name)?;
                new.install()?;
                (vec![path], Some(copied.observations))
            }
        };
        Ok(Event::Exported { kind, paths, rows })
    }
}

/// What a running task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskName {
    Dialog(DialogPurpose),
    Export(ExportKind),
}

struct Running {
    name: TaskName,
    done: Receiver<Event>,
}

/// The background tasks that run now.
pub struct Tasks {
    running: Vec<Running>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

/// A dialog that answers None faster than this was never shown.
const NO_DIALOG: Duration = Duration::from_millis(300);

impl Tasks {
    pub fn new(wake: Arc<dyn Fn() + Send + Sync>) -> Tasks {
        Tasks {
            running: Vec::new(),
            wake,
        }
    }

    /// What runs now, oldest first.
    pub fn names(&self) -> impl Iterator<Item = TaskName> + '_ {
        self.running.iter().map(|task| task.name)
    }

    /// Whether a file dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.names().any(|name| matches!(name, TaskName::Dialog(_)))
    }

    /// Opens a file dialog on its own thread.
    pub fn pick_file(&mut self, dialog: FileDialog) {
        let purpose = dialog.purpose;
        self.spawn(TaskName::Dialog(purpose), move || {
            let opened = Instant::now();
            let mut native = rfd::FileDialog::new();
            for (name, extensions) in &dialog.filters {
                native = native.add_filter(*name, extensions);
            }
            if let Some(file_name) = &dialog.file_name {
                native = native.set_file_name(file_name);
            }
            let path = if dialog.save {
                native.save_file()
            } else {
                native.pick_file()
            };
            Ok(Event::Picked {
                purpose,
                quick: path.is_none() && opened.elapsed() < NO_DIALOG,
                path,
            })
        });
    }

    /// Writes an export on its own thread.
    pub fn export(&mut self, export: Export, db: Option<PathBuf>) {
        self.spawn(TaskName::Export(export.kind()), move || {
            export.run(db.as_deref())
        });
    }

    fn spawn(&mut self, name: TaskName, work: impl FnOnce() -> Result<Event> + Send + 'static) {
        let (sender, done) = mpsc::channel();
        let wake = Arc::clone(&self.wake);
        let subject = subject_of(name);
        let spawned = std::thread::Builder::new()
            .name(format!("chiso-task-{name:?}"))
            .spawn(move || {
                let event = work().unwrap_or_else(|error| Event::Failed {
                    subject,
                    failure: Failure::new(error),
                });
                let _ = sender.send(event);
                wake();
            });
        match spawned {
            Ok(_) => self.running.push(Running { name, done }),
            Err(error) => {
                let (sender, done) = mpsc::channel();
                let _ = sender.send(Event::Failed {
                    subject,
                    failure: Failure::new(
                        anyhow::Error::new(error).context("cannot start a background task"),
                    ),
                });
                self.running.push(Running { name, done });
            }
        }
    }

    /// The events of the tasks that finished since the last call.
    pub fn poll(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        self.running.retain(|task| match task.done.try_recv() {
            Ok(event) => {
                events.push(event);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                events.push(Event::Failed {
                    subject: subject_of(task.name),
                    failure: Failure::new(anyhow::anyhow!(
                        "a background task stopped unexpectedly"
                    )),
                });
                false
            }
        });
        events
    }
}

fn subject_of(name: TaskName) -> Subject {
    match name {
        TaskName::Dialog(_) => Subject::FileDialog,
        TaskName::Export(kind) => Subject::Export(kind),
    }
}
