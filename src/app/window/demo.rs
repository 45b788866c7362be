//! The badge on synthetic figures: "Dữ liệu mẫu (giả lập)" wherever a
//! figure of the demo set is shown (table rows, chart tooltips, the year
//! summary), so made-up figures never pass for real ones. The real 2021
//! report is never marked: only the batches of the shipped demo file are
//! (see `store::demo`).

use egui::{Margin, RichText, Stroke};

use crate::app::strings::MainTexts;
pub use crate::store::demo::DemoBatches;

/// Whether a figure from this batch is a demo one.
pub fn is_demo_batch(batch_id: Option<i64>, demo: &DemoBatches) -> bool {
    batch_id.is_some_and(|id| demo.batch_ids.contains(&id))
}

/// Whether a figure whose source is this file is a demo one.
pub fn is_demo_file(file: Option<&str>, demo_files: &[String]) -> bool {
    file.is_some_and(|file| demo_files.iter().any(|demo| demo == file))
}

/// The badge, small, in the theme's warning colour; its tooltip says what it means.
pub fn badge_ui(ui: &mut egui::Ui, texts: &MainTexts) -> egui::Response {
    badge_sized_ui(ui, texts, None)
}

/// The badge at a type size (for the slides), or the small style's.
pub fn badge_sized_ui(ui: &mut egui::Ui, texts: &MainTexts, size: Option<f32>) -> egui::Response {
    let colour = ui.visuals().warn_fg_color;
    let text = RichText::new(texts.demo_badge).color(colour);
    let text = match size {
        Some(size) => text.size(size),
        None => text.small(),
    };
    egui::Frame::new()
        .stroke(Stroke::new(1.0, colour))
        .corner_radius(3.0)
        .inner_margin(Margin::symmetric(4, 0))
        .show(ui, |ui| {
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
        })
        .inner
        .on_hover_text(texts.demo_hint)
}
