//! The import wizard (placeholder; see issue 3): detected settings over a
//! preview, a dry run, then the import on a background thread.

use std::path::PathBuf;
use std::sync::Arc;

use super::strings::Lang;
use crate::app::pipeline::ImportReport;
use crate::domain::NumberFormat;

/// What the wizard tells the window.
pub enum WizardEvent {
    /// The user closed it.
    Closed,
    /// A file was imported (committed): refresh everything.
    Imported(Box<ImportReport>),
    /// Something to say.
    Notice { text: String, error: bool },
}

/// The wizard over one or more files.
pub struct ImportWizard {
    paths: Vec<PathBuf>,
}

impl ImportWizard {
    pub fn new(paths: Vec<PathBuf>, database: PathBuf, wake: Arc<dyn Fn() + Send + Sync>) -> ImportWizard {
        let _ = (database, wake);
        ImportWizard { paths }
    }

    /// Whether an import holds the database now (edits wait).
    pub fn is_importing(&self) -> bool {
        false
    }

    /// Shows the wizard window; returns what happened.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang, format: NumberFormat) -> Vec<WizardEvent> {
        let _ = (ctx, lang, format, &self.paths);
        vec![WizardEvent::Closed]
    }
}
