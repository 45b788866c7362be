//! What the session tells the window: typed events, each naming what it
//! answers. A failure says what failed ([`Subject`]) and why ([`Failure`]),
//! and the window renders both in the user's language.

use std::path::PathBuf;
use std::sync::Arc;

use super::query::{ChartData, SlideData, Subject, SummaryData};
use super::tasks::{DialogPurpose, ExportKind};
use crate::app::pipeline::ImportReport;
use crate::domain::edit::EditCommand;
use crate::domain::{Agency, Indicator, ObservationView, Rejection};
use crate::store::{BatchRow, ChangeMarks, Changes, CheckFinding, EditConflict, HistoryEntry};

/// Why something failed: the error as the engine raised it, kept whole so
/// the window can render its typed causes (`ImportError`, `StoreError`,
/// `std::io::Error`, [`Refusal`]) in Vietnamese or English. Its `Display` is
/// the English sentence the command line prints.
#[derive(Clone, Debug)]
pub struct Failure(Arc<anyhow::Error>);

impl Failure {
    pub fn new(error: anyhow::Error) -> Failure {
        Failure(Arc::new(error))
    }

    /// The error and its causes, outermost first.
    pub fn error(&self) -> &anyhow::Error {
        &self.0
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(out, "{:#}", self.0)
    }
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Failure {
        Failure::new(anyhow::Error::new(refusal))
    }
}

/// A command the session will not carry out now, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no database is open")]
    NoDatabase,
    /// An import (or its dry run) of this file holds the database.
    #[error("{} is being imported{}: wait for it or cancel it", file.display(), if *dry_run { " (a dry run)" } else { "" })]
    ImportRunning { file: PathBuf, dry_run: bool },
    /// Edits wait while an import (or its dry run) holds the database.
    #[error("{} is being imported{}: edits wait until it is done", file.display(), if *dry_run { " (a dry run)" } else { "" })]
    EditDuringImport { file: PathBuf, dry_run: bool },
    /// A file dialog is already open.
    #[error("a file dialog is already open")]
    DialogOpen,
    /// The account may only read this database.
    #[error("this account may only read the database: figures cannot be changed")]
    ReadOnly,
}

/// What the database thread, the import job and the background tasks answer.
pub enum Event {
    /// The batches of the synthetic demo file (their figures are marked).
    DemoBatches(crate::store::demo::DemoBatches),
    Opened {
        path: PathBuf,
        /// The account may read but not change figures.
        read_only: bool,
        /// Where the log stood when it opened (others' changes come after).
        marks: ChangeMarks,
        /// An offline copy: where it came from and when.
        copied_from: Option<(String, String)>,
    },
    /// Someone else changed a figure of this edit first: nothing of it was
    /// written; the analyst chooses.
    Conflict {
        conflict: Box<EditConflict>,
        command: EditCommand,
    },
    /// Figures changed since the window last looked (by others, or by it).
    ChangedElsewhere(Changes),
    Catalog {
        indicators: Vec<Indicator>,
        agencies: Vec<Agency>,
        periods: Vec<String>,
    },
    Ids {
        generation: u64,
        ids: Vec<i64>,
    },
    /// The first rows of a query whose full list is still being read (sent
    /// before [`Event::Ids`], so a big table shows rows at once).
    FirstIds {
        generation: u64,
        ids: Vec<i64>,
        /// The rows of the first screen, so they show before the list is done.
        rows: Vec<ObservationView>,
        findings: Vec<CheckFinding>,
    },
    Rows {
        rows: Vec<ObservationView>,
        findings: Vec<CheckFinding>,
        /// Ids asked for that no longer exist.
        missing: Vec<i64>,
    },
    /// An edit, undo or redo was written; these rows changed (re-fetch them).
    Edited {
        changed_ids: Vec<i64>,
        rows_added_or_removed: bool,
        can_undo: bool,
        can_redo: bool,
        /// The row that was added, to select it.
        added_id: Option<i64>,
    },
    History {
        observation_id: i64,
        entries: Vec<HistoryEntry>,
    },
    Batches(Vec<BatchRow>),
    Rejections {
        batch_id: i64,
        rejections: Vec<Rejection>,
    },
    Chart {
        generation: u64,
        data: ChartData,
    },
    Summary {
        generation: u64,
        data: SummaryData,
    },
    Slides {
        generation: u64,
        data: SlideData,
    },
    /// An import committed: everything the views show may have changed.
    Imported(Box<ImportReport>),
    /// A file dialog answered (None: cancelled). `quick` is true when it
    /// answered None at once: the system has no dialog to show.
    Picked {
        purpose: DialogPurpose,
        path: Option<PathBuf>,
        quick: bool,
    },
    /// An export was written.
    Exported {
        kind: ExportKind,
        paths: Vec<PathBuf>,
        /// The rows written, for the exports of rows.
        rows: Option<u64>,
    },
    /// A request failed.
    Failed {
        subject: Subject,
        failure: Failure,
    },
}
