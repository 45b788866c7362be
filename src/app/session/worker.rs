//! The database thread: the one owner of the window's connection. The
//! session sends [`Request`]s and reads [`Event`]s once per frame; nothing on
//! the UI thread waits for the disk. Imports run on their own thread (see
//! [`ImportJob`]) with their own connection, so the table stays live.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

use super::event::{Event, Failure};
use super::query::{Read, Subject};
use crate::app::open;
use crate::app::pipeline::{self, ImportReport, ImportRequest, Progress};
use crate::domain::edit::{EditCommand, UndoStack};
use crate::import::Detection;
use crate::store::StoreError;
use crate::store::{EditOrigin, NewObservation, SortColumn, Store};

/// A change to the figures, recorded for undo.
pub enum Write {
    /// Apply an edit.
    Edit(EditCommand),
    /// Delete these rows (a command that undo brings back).
    Delete {
        ids: Vec<i64>,
    },
    /// Add an empty row.
    AddRow(NewObservation),
    /// Delete every figure of the synthetic demo batch (one command that
    /// undo brings back).
    RemoveDemo,
    Undo,
    Redo,
}

impl Write {
    fn subject(&self) -> Subject {
        match self {
            Write::Edit(_) | Write::Delete { .. } | Write::AddRow(_) | Write::RemoveDemo => {
                Subject::Edit
            }
            Write::Undo => Subject::Undo,
            Write::Redo => Subject::Redo,
        }
    }
}

/// Something for the database thread to do.
pub enum Request {
    /// Open (or create and fill) a database; replaces the current one.
    Open {
        path: PathBuf,
        fill_new: bool,
    },
    Read(Read),
    Write(Write),
}

/// The UI's handle on the database thread.
pub(super) struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Event>,
}

impl Worker {
    /// Starts the thread; `wake` is called after every reply (it repaints the window).
    pub fn start(wake: Arc<dyn Fn() + Send + Sync>) -> Worker {
        let (requests, request_receiver) = mpsc::channel::<Request>();
        let (reply_sender, replies) = mpsc::channel::<Event>();
        let spawned = std::thread::Builder::new()
            .name("chiso-db".into())
            .spawn(move || serve(&request_receiver, &reply_sender, wake.as_ref()));
        if let Err(error) = spawned {
            let (sender, receiver) = mpsc::channel();
            let _ = sender.send(Event::Failed {
                subject: Subject::Open,
                failure: Failure::new(
                    anyhow::Error::new(error).context("cannot start the database thread"),
                ),
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

    /// Answers that have arrived, without waiting.
    pub fn poll(&self) -> Vec<Event> {
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

fn serve(requests: &Receiver<Request>, replies: &Sender<Event>, wake: &(dyn Fn() + Send + Sync)) {
    let mut state = State {
        store: None,
        undo: UndoStack::default(),
    };
    for request in requests {
        // In the store's own order the first page comes straight off the key
        // index; send it before the full list, which takes seconds on millions.
        if let Request::Read(Read::Ids {
            generation,
            filter,
            sort: SortColumn::Key,
            order,
        }) = &request
            && let Some(store) = &state.store
            && let Ok(ids) =
                store.ordered_ids_limited(filter, SortColumn::Key, *order, Some(FIRST_PAGE_ROWS))
            && ids.len() == FIRST_PAGE_ROWS
        {
            let screen = &ids[..FIRST_SCREEN_ROWS];
            if let (Ok(rows), Ok(findings)) = (store.rows_by_ids(screen), store.check_ids(screen)) {
                let _ = replies.send(Event::FirstIds {
                    generation: *generation,
                    ids,
                    rows,
                    findings,
                });
                wake();
            }
        }
        let subject = match &request {
            Request::Open { .. } => Subject::Open,
            Request::Read(read) => read.subject(),
            Request::Write(write) => write.subject(),
        };
        let reply = handle(&mut state, request).unwrap_or_else(|error| Event::Failed {
            subject,
            failure: Failure::new(error),
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

fn handle(state: &mut State, request: Request) -> anyhow::Result<Event> {
    Ok(match request {
        Request::Open { path, fill_new } => {
            // The open database stays until the new one has opened: a refused
            // file (newer schema, not SQLite) leaves the window as it was.
            let opened = open::open_database(&path, fill_new)?;
            let read_only = !opened.can_write()?;
            let marks = opened.change_marks()?;
            let copied_from = opened.copied_from()?;
            state.store = Some(opened);
            state.undo.clear();
            Event::Opened {
                path,
                read_only,
                marks,
                copied_from,
            }
        }
        Request::Read(read) => read.run(store(state)?)?,
        Request::Write(Write::Edit(command)) => {
            match store(state)?.apply_command(&command, EditOrigin::Edit) {
                Err(StoreError::Conflict(conflict)) => {
                    return Ok(Event::Conflict { conflict, command });
                }
                written => written?,
            }
            let reply = edited(&command, None);
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Write(Write::Delete { ids }) => {
            let store = store(state)?;
            let rows = store.snapshots(&ids)?;
            let command = EditCommand::Delete(rows);
            store.apply_command(&command, EditOrigin::Edit)?;
            let reply = edited(&command, None);
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Write(Write::RemoveDemo) => {
            let store = store(state)?;
            let ids = store.demo_observation_ids(crate::app::sample::demo_marker())?;
            let rows = store.snapshots(&ids)?;
            let command = EditCommand::Delete(rows);
            if ids.is_empty() {
                // Nothing to remove: no step to undo.
                return Ok(with_undo_flags(edited(&command, None), &state.undo));
            }
            store.apply_command(&command, EditOrigin::Edit)?;
            let reply = edited(&command, None);
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Write(Write::AddRow(new)) => {
            let row = store(state)?.new_observation(&new)?;
            let command = EditCommand::Insert(vec![row.clone()]);
            let reply = edited(&command, Some(row.id));
            state.undo.push(command);
            with_undo_flags(reply, &state.undo)
        }
        Request::Write(Write::Undo) => match state.undo.undo() {
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
        Request::Write(Write::Redo) => match state.undo.redo() {
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
    })
}

fn edited(command: &EditCommand, added_id: Option<i64>) -> Event {
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
    Event::Edited {
        changed_ids,
        rows_added_or_removed,
        can_undo: false,
        can_redo: false,
        added_id,
    }
}

fn with_undo_flags(reply: Event, undo: &UndoStack) -> Event {
    match reply {
        Event::Edited {
            changed_ids,
            rows_added_or_removed,
            added_id,
            ..
        } => Event::Edited {
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
    Failed(Failure),
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
    ) -> ImportJob {
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, updates) = mpsc::channel();
        let job_cancel = Arc::clone(&cancel);
        let file = request.path.clone();
        let dry_run = request.dry_run;
        let spawned = std::thread::Builder::new()
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
                    Err(error) => JobState::Failed(Failure::new(error)),
                });
                wake();
            });
        let state = match spawned {
            Ok(_) => JobState::Running(Progress::default()),
            Err(error) => JobState::Failed(Failure::new(
                anyhow::Error::new(error).context("cannot start the import"),
            )),
        };
        ImportJob {
            file,
            dry_run,
            cancel,
            updates,
            state,
        }
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
