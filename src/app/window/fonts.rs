//! The shipped font: egui's defaults cannot draw ỷ ệ ử ạ, so Noto Sans (OFL,
//! `assets/fonts/`) goes first, with egui's fonts kept as fallbacks for symbols.

use std::sync::Arc;

const NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const NOTO_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// The family name of the bold face, for headings.
pub const BOLD: &str = "chiso-bold";

/// Installs Noto Sans first in the proportional family and as the fallback of
/// the monospace one.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans".to_owned(),
        Arc::new(egui::FontData::from_static(NOTO_SANS)),
    );
    fonts.font_data.insert(
        "noto-sans-bold".to_owned(),
        Arc::new(egui::FontData::from_static(NOTO_SANS_BOLD)),
    );
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.insert(0, "noto-sans".to_owned());
    }
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Monospace) {
        family.insert(1, "noto-sans".to_owned());
    }
    let mut bold = vec!["noto-sans-bold".to_owned()];
    if let Some(proportional) = fonts.families.get(&egui::FontFamily::Proportional) {
        bold.extend(proportional.iter().cloned());
    }
    fonts
        .families
        .insert(egui::FontFamily::Name(BOLD.into()), bold);
    ctx.set_fonts(fonts);
}
