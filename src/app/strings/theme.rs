//! View → the colour theme: dark on a screen, light for a projector in a
//! lit room or for print-like reading.

use super::Lang;

/// (the menu's label, dark, light).
pub fn theme_texts(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Vi => ("Giao diện", "Tối", "Sáng"),
        Lang::En => ("Theme", "Dark", "Light"),
    }
}
