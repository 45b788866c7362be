//! The summary tab (placeholder; see issue 4).

use super::{ViewAction, ViewContext};

/// The tab's state.
#[derive(Default)]
pub struct SummaryView {}

impl SummaryView {
    /// A reply to one of this view's queries arrived.
    pub fn on_reply(&mut self, tag: &'static str, output: Box<dyn std::any::Any + Send>) {
        let _ = (tag, output);
    }

    /// Shows the tab; returns what the view asks of the window.
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<ViewAction> {
        ui.label(context.lang.main().loading);
        Vec::new()
    }
}
