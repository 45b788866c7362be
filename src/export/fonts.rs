//! The fonts the exports are drawn in, shipped in `assets/fonts/` with their
//! licences, and text widths measured with them (so a chart's title is
//! wrapped or shrunk to fit, never cut).

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider as _};

/// The charts' font (Noto Sans, OFL): full Vietnamese coverage.
pub const NOTO_SANS_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const NOTO_SANS_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// The report's font: Liberation Serif 2 (OFL), metric-compatible with Times
/// New Roman, the font Nghị định 30/2020/NĐ-CP prescribes, with Vietnamese.
pub const SERIF_FAMILY: &str = "Liberation Serif";
pub const SERIF_REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf");
pub const SERIF_BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf");
pub const SERIF_ITALIC: &[u8] = include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf");
pub const SERIF_BOLD_ITALIC: &[u8] =
    include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf");

/// The width of `text` set in Noto Sans at `size` (pixels), from the glyphs'
/// advances (no kerning: Noto Sans kerns little, and callers keep a margin).
/// A character the font lacks counts as a wide glyph rather than nothing.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let data = if bold {
        NOTO_SANS_BOLD
    } else {
        NOTO_SANS_REGULAR
    };
    advance_sum(data, text, size)
}

/// The width of `text` set in the report's serif at `size` (any unit: the
/// width comes out in the same one).
pub fn serif_width(text: &str, size: f64, bold: bool) -> f64 {
    advance_sum(if bold { SERIF_BOLD } else { SERIF_REGULAR }, text, size)
}

fn advance_sum(data: &[u8], text: &str, size: f64) -> f64 {
    let Ok(font) = FontRef::new(data) else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size as f32), LocationRef::default());
    text.chars()
        .map(|ch| {
            charmap
                .map(ch)
                .and_then(|glyph| metrics.advance_width(glyph))
                .map_or(size * 0.6, f64::from)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        let narrow = text_width("Khánh Hòa", 12.0, false);
        assert!(narrow > 40.0 && narrow < 80.0, "{narrow}");
        assert!(text_width("Khánh Hòa", 24.0, false) > narrow * 1.9);
        assert!(text_width("Khánh Hòa", 12.0, true) > narrow);
        assert!(text_width("", 12.0, false).abs() < f64::EPSILON);
    }

    #[test]
    fn the_report_font_draws_vietnamese() {
        for data in [SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC] {
            let font = FontRef::new(data).expect("a font");
            for ch in "ỷệửạĐđƯơ".chars() {
                assert!(font.charmap().map(ch).is_some(), "no glyph for {ch}");
            }
        }
    }
}
