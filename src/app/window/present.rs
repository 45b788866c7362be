//! Presentation mode (placeholder; see issue 4): full screen, one chart or
//! summary per slide.

use super::{ViewAction, ViewContext};

/// The slides' state.
#[derive(Default)]
pub struct Presentation {}

impl Presentation {
    /// Shows the current slide; returns what it asks of the window
    /// ([`ViewAction::LeavePresentation`] on Esc).
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<ViewAction> {
        ui.label(context.lang.main().loading);
        vec![ViewAction::LeavePresentation]
    }
}
