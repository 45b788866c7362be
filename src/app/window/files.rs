//! Where exports go by default: the user's Documents folder, under a name that
//! says what the file holds ("bao-cao-2021-khanh-hoa.html", "bieu-do-cts-tong.svg").

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::domain::text::fold;

/// The user's Documents folder (their home, else the working folder, when the
/// system names none); looked up once (Linux reads a file for it).
pub fn documents_dir() -> &'static Path {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        directories::UserDirs::new()
            .and_then(|dirs| {
                dirs.document_dir()
                    .map(Path::to_path_buf)
                    .or_else(|| Some(dirs.home_dir().to_path_buf()))
            })
            .unwrap_or_else(|| PathBuf::from("."))
    })
}

/// Words of a file name: no marks, lower case, joined by '-' ("Tỉnh Khánh
/// Hòa" → "khanh-hoa": the level word says nothing in a province's report).
pub fn slug(text: &str) -> String {
    let folded = fold(text);
    let folded = ["tinh ", "thanh pho ", "ubnd tinh "]
        .iter()
        .find_map(|prefix| folded.strip_prefix(prefix))
        .unwrap_or(&folded);
    let mut out = String::with_capacity(folded.len());
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    // Long names make unwieldy files: keep whole words up to 40 characters.
    if out.len() > 40 {
        let cut = out[..40].rfind('-').unwrap_or(40);
        out.truncate(cut);
    }
    out
}

/// "bao-cao-2021-khanh-hoa.html" in `folder`.
pub fn report_path(folder: &Path, year: Option<u32>, agency_name: &str) -> PathBuf {
    let mut name = String::from("bao-cao");
    if let Some(year) = year {
        name.push_str(&format!("-{year}"));
    }
    let agency = slug(agency_name);
    if !agency.is_empty() {
        name.push('-');
        name.push_str(&agency);
    }
    folder.join(format!("{name}.html"))
}

/// "bieu-do-cts-tong.svg" in `folder` (from what the chart shows).
pub fn chart_path(folder: &Path, subject: &str) -> PathBuf {
    let subject = slug(subject);
    let name = if subject.is_empty() {
        "bieu-do".to_owned()
    } else {
        format!("bieu-do-{subject}")
    };
    folder.join(format!("{name}.svg"))
}

/// An export path field that starts filled with the default and follows it
/// until the user types or picks a path of their own.
#[derive(Default)]
pub struct ExportPath {
    pub text: String,
    /// The user typed or picked this path: defaults no longer replace it.
    chosen: bool,
}

impl ExportPath {
    /// Shows `default` unless the user chose a path.
    pub fn follow(&mut self, default: &Path) {
        if !self.chosen {
            self.text = default.display().to_string();
        }
    }

    /// The user picked a path in a dialog.
    pub fn picked(&mut self, path: &Path) {
        self.text = path.display().to_string();
        self.chosen = true;
    }

    /// The text field; an emptied field goes back to following the default.
    pub fn field_ui(&mut self, ui: &mut egui::Ui, label: &str) {
        let label = ui.label(label);
        let response = ui
            .add(egui::TextEdit::singleline(&mut self.text).desired_width(360.0))
            .labelled_by(label.id);
        if response.changed() {
            self.chosen = !self.text.trim().is_empty();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_the_file_holds() {
        let folder = Path::new("/home/a/Documents");
        assert_eq!(
            report_path(folder, Some(2021), "Tỉnh Khánh Hòa"),
            folder.join("bao-cao-2021-khanh-hoa.html")
        );
        assert_eq!(
            report_path(folder, Some(2021), "Khánh Hòa"),
            folder.join("bao-cao-2021-khanh-hoa.html")
        );
        assert_eq!(
            chart_path(folder, "CTS_TONG — Chứng thư số"),
            folder.join("bieu-do-cts-tong-chung-thu-so.svg")
        );
        assert_eq!(chart_path(folder, ""), folder.join("bieu-do.svg"));
        assert!(slug(&"Đường ".repeat(20)).len() <= 40);
    }
}
