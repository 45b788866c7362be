//! What the window says about working with others in one database (issue
//! 14): a figure someone else changed first, a read-only account, changes
//! that arrived from others.

use super::Lang;
use crate::domain::{Field, FieldValue, NumberFormat};
use crate::store::EditConflict;

pub(super) fn field_name(lang: Lang, field: Field) -> &'static str {
    match (lang, field) {
        (Lang::Vi, Field::Value) => "giá trị",
        (Lang::Vi, Field::Numerator) => "tử số",
        (Lang::Vi, Field::Denominator) => "mẫu số",
        (Lang::Vi, Field::Target) => "kế hoạch",
        (Lang::Vi, Field::Qualifier) => "định tính",
        (Lang::Vi, Field::Note) => "ghi chú",
        (Lang::En, field) => field.as_str(),
    }
}

/// A figure as the window writes it ("3.867", "(trống)").
pub fn figure(lang: Lang, format: NumberFormat, value: &FieldValue) -> String {
    match value {
        FieldValue::Null => match lang {
            Lang::Vi => "(trống)".to_owned(),
            Lang::En => "(empty)".to_owned(),
        },
        FieldValue::Number(number) => format.format(*number),
        FieldValue::Text(text) => format!("\"{text}\""),
    }
}

/// A log time (stored in UTC) in this computer's zone, as the history and
/// the Imports tab show times: "lúc 2026-12-03 16:06:17".
fn stamp(lang: Lang, at: &str) -> String {
    let shown = crate::app::window::time::local_time(at, lang.main());
    match lang {
        Lang::Vi => format!("lúc {}", shown.text),
        Lang::En => format!("at {}", shown.text),
    }
}

/// Someone else changed the figure first: who, to what, and what the
/// analyst wanted.
pub fn conflict(lang: Lang, format: NumberFormat, conflict: &EditConflict) -> String {
    let figure = |value: &FieldValue| figure(lang, format, value);
    let at = conflict
        .at
        .as_deref()
        .map(|at| format!(" ({})", stamp(lang, at)))
        .unwrap_or_default();
    let field = field_name(lang, conflict.field);
    let key = &conflict.figure;
    let (now, started, wanted) = (
        figure(&conflict.now),
        figure(&conflict.started_from),
        figure(&conflict.wanted),
    );
    match (lang, conflict.by.as_deref()) {
        (Lang::Vi, Some(by)) => format!(
            "Người dùng {by} đã sửa {field} của {key} thành {now}{at} sau khi bạn mở số liệu \
             (lúc đó là {started}); số {wanted} của bạn chưa được ghi."
        ),
        (Lang::Vi, None) => format!(
            "Một người khác đã sửa {field} của {key} thành {now}{at} sau khi bạn mở số liệu \
             (lúc đó là {started}); số {wanted} của bạn chưa được ghi."
        ),
        (Lang::En, by) => format!(
            "{} changed the {field} of {key} to {now}{at} after you read it ({started}); \
             your {wanted} is not written.",
            by.unwrap_or("Someone else")
        ),
    }
}

/// The choices of a conflict.
pub fn conflict_choices(lang: Lang) -> (&'static str, &'static str, &'static str) {
    match lang {
        Lang::Vi => (
            "Số liệu đã bị người khác sửa",
            "Ghi số của tôi đè lên",
            "Giữ số đang có",
        ),
        Lang::En => (
            "Someone else changed this figure",
            "Write mine over it",
            "Keep theirs",
        ),
    }
}

/// File → "Tạo bản sao ngoại tuyến…".
pub fn offline_copy_menu(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Tạo bản sao ngoại tuyến…",
        Lang::En => "Make an offline copy…",
    }
}

/// The offline copy's default name, after the database's:
/// "ban-sao-chiso.sqlite" for `chiso.sqlite`, "ban-sao-so-lieu.sqlite" for
/// `postgresql://…/so-lieu`.
pub fn offline_copy_file_name(database: &str) -> String {
    let stem = database.strip_suffix(".sqlite").unwrap_or(database);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!(
        "ban-sao-{}.sqlite",
        if stem.is_empty() { "chiso" } else { &stem }
    )
}

/// The status bar's note on an offline copy: where and when it came from.
pub fn copy_of(lang: Lang, source: &str, at: &str) -> String {
    match lang {
        Lang::Vi => format!("Bản sao ngoại tuyến của {source} ({})", stamp(lang, at)),
        Lang::En => format!("Offline copy of {source} ({})", stamp(lang, at)),
    }
}

/// The status bar's note for an account that may only read.
pub fn read_only(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Chỉ xem: tài khoản này không có quyền sửa số liệu",
        Lang::En => "Read only: this account may not change figures",
    }
}

/// Figures others changed, now shown.
pub fn changed_elsewhere(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Vi => format!("Đã cập nhật {count} số liệu do người khác sửa"),
        Lang::En => format!("{count} figure(s) changed by others, now shown"),
    }
}
