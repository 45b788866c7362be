//! The database thread: the one owner of the window's connection. The UI
//! sends [`Request`]s and reads [`Reply`]s once per frame; nothing on the UI
//! thread waits for the disk. Imports run on their own thread (see
//! [`ImportJob`]) with their own connection, so the table stays live.

use std::any::Any;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use crate::app::cli;
use crate::app::pipeline::{self, ImportReport, ImportRequest, Progress};
use crate::domain::edit::{EditCommand, UndoStack};
use crate::domain::{Agency, Indicator, ObservationView, Rejection};
use crate::import::Detection;
use crate::store::{
    BatchRow, CheckFinding, EditOrigin, HistoryEntry, NewObservation, ObservationFilter,
    SortColumn, SortOrder, Store,
};

/// A read that runs on the database thread for a view; its output comes
/// back as [`Reply::Custom`].
pub type Job = Box<dyn FnOnce(&Store) -> anyhow::Result<Box<dyn Any + Send>> + Send>;

/// Something for the database thread to do.
pub enum Request {
    /// Open (or create and fill) a database; replaces the current one.
    Open {
        path: PathBuf,
        fill_new: bool,
    },
    /// Reload indicators, agencies and periods.
    LoadCatalog,
    /// The ids of the filtered rows in order (`generation` matches the reply to the request).
    QueryIds {
        generation: u64,
        filter: ObservationFilter,
        sort: SortColumn,
        order: SortOrder,
    },
    /// The rows with these ids and their consistency findings.
    FetchRows {
        ids: Vec<i64>,
    },
    /// Apply an edit and record it for undo.
    Edit(EditCommand),
    /// Delete these rows (a command that undo brings back).
    Delete {
        ids: Vec<i64>,
    },
    /// Add an empty row.
    AddRow(NewObservation),
    Undo,
    Redo,
    /// The audit log of one observation.
    History {
        observation_id: i64,
    },
    /// The import batches.
    LoadBatches,
    /// The rejections of one batch.
    LoadRejections {
        batch_id: i64,
    },
    /// Write the filtered rows as canonical CSV.
    ExportCsv {
        path: PathBuf,
        filter: ObservationFilter,
    },
    /// Any read a view needs that has no request of its own: it runs on the
    /// database thread and its result comes back as [`Reply::Custom`].
    Custom {
        tag: &'static str,
        job: Job,
    },
}

/// What the database thread answers.
pub enum Reply {
    Opened {
        path: PathBuf,
    },
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
    /// before [`Reply::Ids`], so a big table shows rows at once).
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
    Exported {
        path: PathBuf,
        rows: u64,
    },
    Custom {
        tag: &'static str,
        output: Box<dyn Any + Send>,
    },
    /// A request failed; the message says what and why.
    Failed {
        message: String,
    },
}

/// The UI's handle on the database thread.
pub struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

impl Worker {
    /// Starts the thread; `wake` is called after every reply (it repaints the window).
    pub fn start(wake: Arc<dyn Fn() + Send + Sync>) -> Worker {
        let (requests, request_receiver) = mpsc::channel::<Request>();
        let (reply_sender, replies) = mpsc::channel::<Reply>();
        let spawned = std::thread::Builder::new()
            .name("chiso-db".into())
            .spawn(move || serve(&request_receiver, &reply_sender, wake.as_ref()));
        if let Err(error) = spawned {
            let (sender, receiver) = mpsc::channel();
            let _ = sender.send(Reply::Failed {
                message: format!("cannot start the database thread: {error}"),
            });
            return Worker {
                requests: mpsc::channel().0,
                replies: receiver,
            };
        }
        Worker { requests, replies }
    }

    /// Sends a request (ignored when the thread is gone; its failure was reported).
    pub fn send(&self, request: Request) {
        let _ = self.requests.send(request);
    }

    /// Replies that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Reply> {
        self.replies.try_iter().collect()
    }
}

struct State {
    store: Option<Store>,
    undo: UndoStack,
}

/// How many row ids the first reply to a query carries.
const FIRST_PAGE_ROWS: usize = 200;
/// How many of them come with their figures (a tall window's first screen).
const FIRST_SCREEN_ROWS: usize = 60;

fn serve(requests: &Receiver<Request>, replies: &Sender<Reply>, wake: &(dyn Fn() + Send + Sync)) {
    let mut state = State {
        store: None,
        undo: UndoStack::default(),
    };
    for request in requests {
        // In the store's own order the first page comes straight off the key
        // index; send it before the full list, which takes seconds on millions.
        if let Request::QueryIds {
            generation,
            filter,
            sort: SortColumn::Key,
            order,
        } = &request
            && let Some(store) = &state.store
            && let Ok(ids) =
                store.ordered_ids_limited(filter, SortColumn::Key, *order, Some(FIRST_PAGE_ROWS))
            && ids.len() == FIRST_PAGE_ROWS
        {
            let screen = &ids[..FIRST_SCREEN_ROWS];
            if let (Ok(rows), Ok(findings)) = (store.rows_by_ids(screen), store.check_ids(screen)) {
                let _ = replies.send(Reply::FirstIds {
                    generation: *generation,
                    ids,
                    rows,
                    findings,
                });
                wake();
            }
        }
        let reply = handle(&mut state, request).unwrap_or_else(|error| Reply::Failed {
            message: format!("{error:#}"),
        });
        if replies.send(reply).is_err() {
            break;
        }
        wake();
    }
}

fn store(state: &mut State) -> anyhow::Result<&mut Store> {
    state
        .store
        .as_mut()
        .ok_or_else(|| anyhow::anyhow!("no database is open"))
}

fn handle(state: &mut State, request: Request) -> anyhow::Result<Reply> {
    Ok(match request {
        Request::Open { path, fill_new } => {
            // The open database stays until the new one has opened: a refused
            // file (newer schema, not SQLite) leaves the window as it was.
            let opened = cli::open_database(&path, fill_new)?;
            state.store = Some(opened);
            state.undo.clear();
            Reply::Opened { path }
        }
        Request::LoadCatalog => {
            let store = store(state)?;
            Reply::Catalog {
                indicators: store.indicators()?,
                agencies: store.agencies_in_use()?,
                periods: store.periods()?,
            }
        }
        Request::QueryIds {
            generation,
            filter,
            sort,
            order,
        } => Reply::Ids {
            generation,
            ids: store(state)?.ordered_ids(&filter, sort, order)?,
        },
        Request::FetchRows { ids } => {
            let store = store(state)?;
            let rows = store.rows_by_ids(&ids)?;
            let findings = store.check_ids(&ids)?;
            let missing = ids
                .iter()
                .filter(|id| !rows.iter().any(|row| row.id == **id))
                .copied()
                .collect();
            Reply::Rows {
                rows,
                findings,
                missing,
            }
        }
        Request::Edit(command) => {
            store(state)?.apply_command(&command, EditOrigin::Edit)?;
            let reply = edited(&command, None);
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Delete { ids } => {
            let store = store(state)?;
            let rows = store.snapshots(&ids)?;
            let command = EditCommand::Delete(rows);
            store.apply_command(&command, EditOrigin::Edit)?;
            let reply = edited(&command, None);
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::AddRow(new) => {
            let row = store(state)?.new_observation(&new)?;
            let command = EditCommand::Insert(vec![row.clone()]);
            let reply = edited(&command, Some(row.id));
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Undo => match state.undo.undo() {
            Some(command) => match store(state)?.apply_command(&command, EditOrigin::Undo) {
                Ok(()) => with_undo_flags(edited(&command, None), &state.undo),
                Err(error) => {
                    state.undo.revert_undo();
                    return Err(error.into());
                }
            },
            None => with_undo_flags(
                edited(&EditCommand::SetCells(Vec::new()), None),
                &state.undo,
            ),
        },
        Request::Redo => match state.undo.redo() {
            Some(command) => match store(state)?.apply_command(&command, EditOrigin::Redo) {
                Ok(()) => with_undo_flags(edited(&command, None), &state.undo),
                Err(error) => {
                    state.undo.revert_redo();
                    return Err(error.into());
                }
            },
            None => with_undo_flags(
                edited(&EditCommand::SetCells(Vec::new()), None),
                &state.undo,
            ),
        },
        Request::History { observation_id } => Reply::History {
            observation_id,
            entries: store(state)?.history(observation_id)?,
        },
        Request::LoadBatches => Reply::Batches(store(state)?.batches()?),
        Request::LoadRejections { batch_id } => Reply::Rejections {
            batch_id,
            rejections: store(state)?.rejections(batch_id)?,
        },
        Request::ExportCsv { path, filter } => {
            let rows = pipeline::export_csv(store(state)?, &path, &filter)?;
            Reply::Exported { path, rows }
        }
        Request::Custom { tag, job } => Reply::Custom {
            tag,
            output: job(store(state)?)?,
        },
    })
}

fn edited(command: &EditCommand, added_id: Option<i64>) -> Reply {
    let (changed_ids, rows_added_or_removed) = match command {
        EditCommand::SetCells(changes) => {
            let mut ids: Vec<i64> = changes.iter().map(|change| change.observation_id).collect();
            ids.sort_unstable();
            ids.dedup();
            (ids, false)
        }
        EditCommand::Insert(rows) | EditCommand::Delete(rows) => {
            (rows.iter().map(|row| row.id).collect(), true)
        }
    };
    Reply::Edited {
        changed_ids,
        rows_added_or_removed,
        can_undo: false,
        can_redo: false,
        added_id,
    }
}

fn with_undo_flags(reply: Reply, undo: &UndoStack) -> Reply {
    match reply {
        Reply::Edited {
            changed_ids,
            rows_added_or_removed,
            added_id,
            ..
        } => Reply::Edited {
            changed_ids,
            rows_added_or_removed,
            can_undo: undo.can_undo(),
            can_redo: undo.can_redo(),
            added_id,
        },
        other => other,
    }
}

/// The state of a background import, as the window shows it.
#[derive(Clone, Debug, Default)]
pub enum JobState {
    #[default]
    Idle,
    Running(Progress),
    Done(Box<ImportReport>),
    Failed(String),
}

/// An import on its own named thread with its own connection; Cancel rolls back.
pub struct ImportJob {
    pub file: PathBuf,
    pub dry_run: bool,
    cancel: Arc<AtomicBool>,
    updates: Receiver<JobState>,
    pub state: JobState,
}

impl ImportJob {
    /// Starts importing `request.path` into the database at `db`.
    pub fn start(
        db: PathBuf,
        request: ImportRequest,
        detection: Detection,
        wake: Arc<dyn Fn() + Send + Sync>,
    ) -> anyhow::Result<ImportJob> {
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, updates) = mpsc::channel();
        let job_cancel = Arc::clone(&cancel);
        let file = request.path.clone();
        let dry_run = request.dry_run;
        std::thread::Builder::new()
            .name("chiso-import".into())
            .spawn(move || {
                let result = Store::open(&db)
                    .map_err(anyhow::Error::from)
                    .and_then(|mut store| {
                        let mut last_percent = u64::MAX;
                        pipeline::run_import(
                            &mut store,
                            &request,
                            &detection,
                            &job_cancel,
                            &mut |progress| {
                                let percent =
                                    progress.bytes_read * 1000 / progress.bytes_total.max(1);
                                if percent != last_percent {
                                    last_percent = percent;
                                    let _ = sender.send(JobState::Running(progress));
                                    wake();
                                }
                            },
                        )
                    });
                let _ = sender.send(match result {
                    Ok(report) => JobState::Done(Box::new(report)),
                    Err(error) => JobState::Failed(format!("{error:#}")),
                });
                wake();
            })?;
        Ok(ImportJob {
            file,
            dry_run,
            cancel,
            updates,
            state: JobState::Running(Progress::default()),
        })
    }

    /// Takes the newest state; true when it changed.
    pub fn poll(&mut self) -> bool {
        let mut changed = false;
        for state in self.updates.try_iter() {
            self.state = state;
            changed = true;
        }
        changed
    }

    /// Asks the import to stop; it rolls back.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_running(&self) -> bool {
        matches!(self.state, JobState::Running(_))
    }
}
