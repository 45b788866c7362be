//! The session: everything the window asks of the data side goes through
//! here, and everything the data side answers comes back from here as an
//! [`Event`]. It owns the database thread, the one import job (a dry run
//! counts), and the background tasks (file dialogs, exports). The window
//! never touches a connection, a thread or a file itself.
//!
//! A new kind of request goes in three places: a variant of [`Read`],
//! [`Write`] or [`Export`]; its work in `Read::run`, the database thread's
//! `handle` or `Export::run`; and its answer as an [`Event`] variant that the
//! window's `on_event` routes.

pub mod event;
pub mod query;
pub mod tasks;
mod worker;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use self::event::{Event, Failure, Refusal};
pub use self::query::{
    ChartData, ChartMode, ChartQuery, Read, SlideData, Subject, SummaryData, SummaryQuery,
};
use self::tasks::Tasks;
pub use self::tasks::{DialogPurpose, Export, ExportKind, FileDialog, TaskName};
pub use self::worker::{ImportJob, JobState, Write};
use self::worker::{Request, Worker};
use crate::app::pipeline::ImportRequest;
use crate::import::Detection;

/// Which import job a wizard step follows.
pub type JobId = u64;

/// An import (or dry run) to start.
pub struct ImportStart {
    pub request: ImportRequest,
    pub detection: Detection,
}

/// The window's handle on the data side.
pub struct Session {
    worker: Worker,
    wake: Arc<dyn Fn() + Send + Sync>,
    /// The database the database thread has open.
    database: Option<PathBuf>,
    /// The import job, running or finished, with its id.
    import: Option<(JobId, ImportJob)>,
    /// Whether the import job's commit was announced.
    announced: bool,
    jobs_started: JobId,
    tasks: Tasks,
    /// Requests sent to the database thread and not yet answered.
    pending: usize,
    /// The open database's account may only read.
    read_only: bool,
}

impl Session {
    /// Starts the database thread; `wake` repaints the window after every event.
    pub fn start(wake: Arc<dyn Fn() + Send + Sync>) -> Session {
        Session {
            worker: Worker::start(Arc::clone(&wake)),
            tasks: Tasks::new(Arc::clone(&wake)),
            wake,
            database: None,
            read_only: false,
            import: None,
            announced: false,
            jobs_started: 0,
            pending: 0,
        }
    }

    /// The database open now.
    pub fn database(&self) -> Option<&Path> {
        self.database.as_deref()
    }

    /// Whether the database thread owes answers.
    pub fn is_busy(&self) -> bool {
        self.pending > 0
    }

    /// Opens a database (a new default one is created and filled with the samples).
    pub fn open(&mut self, path: PathBuf, fill_new: bool) {
        self.send(Request::Open { path, fill_new });
    }

    /// Asks a read of the database thread; the answer comes back as an event.
    pub fn read(&mut self, read: Read) {
        self.send(Request::Read(read));
    }

    /// Changes figures, unless an import holds the database.
    pub fn write(&mut self, write: Write) -> Result<(), Refusal> {
        if self.database.is_none() {
            return Err(Refusal::NoDatabase);
        }
        if self.read_only {
            return Err(Refusal::ReadOnly);
        }
        if let Some(job) = self.running_import() {
            return Err(Refusal::EditDuringImport {
                file: job.file.clone(),
                dry_run: job.dry_run,
            });
        }
        self.send(Request::Write(write));
        Ok(())
    }

    /// Whether figures may be changed now.
    pub fn editable(&self) -> bool {
        self.database.is_some() && !self.read_only && self.running_import().is_none()
    }

    /// Starts an import or a dry run: one at a time.
    pub fn start_import(&mut self, start: ImportStart) -> Result<JobId, Refusal> {
        let Some(database) = self.database.clone() else {
            return Err(Refusal::NoDatabase);
        };
        if let Some(job) = self.running_import() {
            return Err(Refusal::ImportRunning {
                file: job.file.clone(),
                dry_run: job.dry_run,
            });
        }
        let job = ImportJob::start(
            database,
            start.request,
            start.detection,
            Arc::clone(&self.wake),
        );
        self.jobs_started += 1;
        let id = self.jobs_started;
        self.import = Some((id, job));
        self.announced = false;
        Ok(id)
    }

    /// Asks the import job `id` to stop (it rolls back); nothing when it is not running.
    pub fn cancel_import(&mut self, id: JobId) {
        if let Some((job_id, job)) = &self.import
            && *job_id == id
            && job.is_running()
        {
            job.cancel();
        }
    }

    /// The import job `id`, while it is the session's.
    pub fn import_job(&self, id: JobId) -> Option<&ImportJob> {
        self.import
            .as_ref()
            .filter(|(job_id, _)| *job_id == id)
            .map(|(_, job)| job)
    }

    /// The import or dry run that holds the database now.
    pub fn running_import(&self) -> Option<&ImportJob> {
        self.import
            .as_ref()
            .map(|(_, job)| job)
            .filter(|job| job.is_running())
    }

    /// Opens a file dialog (one at a time); its answer comes back as [`Event::Picked`].
    pub fn pick_file(&mut self, dialog: FileDialog) -> Result<(), Refusal> {
        if self.tasks.dialog_open() {
            return Err(Refusal::DialogOpen);
        }
        self.tasks.pick_file(dialog);
        Ok(())
    }

    /// Writes an export in the background; [`Event::Exported`] says when it is done.
    pub fn export(&mut self, export: Export) {
        self.tasks.export(export, self.database.clone());
    }

    /// The background tasks that run now.
    pub fn tasks(&self) -> impl Iterator<Item = TaskName> + '_ {
        self.tasks.names()
    }

    /// What has happened since the last call, without waiting.
    pub fn poll(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        for event in self.worker.poll() {
            match &event {
                // Not an answer of its own: the full list follows.
                Event::FirstIds { .. } => {}
                Event::Opened {
                    path, read_only, ..
                } => {
                    self.pending = self.pending.saturating_sub(1);
                    self.database = Some(path.clone());
                    self.read_only = *read_only;
                }
                _ => self.pending = self.pending.saturating_sub(1),
            }
            events.push(event);
        }
        if let Some((_, job)) = &mut self.import {
            job.poll();
            if !self.announced
                && !job.dry_run
                && let JobState::Done(report) = &job.state
            {
                self.announced = true;
                events.push(Event::Imported(report.clone()));
            }
        }
        events.extend(self.tasks.poll());
        events
    }

    fn send(&mut self, request: Request) {
        self.pending += 1;
        self.worker.send(request);
    }
}
