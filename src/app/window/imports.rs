//! The Imports tab (placeholder): every batch with its counts and rejections.

use super::ViewAction;
use super::strings::Lang;
use crate::domain::Rejection;
use crate::store::BatchRow;

/// The tab's state.
#[derive(Default)]
pub struct ImportsView {
    batches: Vec<BatchRow>,
}

impl ImportsView {
    /// The batches arrived.
    pub fn set_batches(&mut self, batches: Vec<BatchRow>) {
        self.batches = batches;
    }

    /// A batch's rejections arrived.
    pub fn set_rejections(&mut self, batch_id: i64, rejections: Vec<Rejection>) {
        let _ = (batch_id, rejections);
    }

    /// Shows the tab.
    pub fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Vec<ViewAction> {
        let _ = lang;
        ui.label(format!("{} batches", self.batches.len()));
        Vec::new()
    }
}
