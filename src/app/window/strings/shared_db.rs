//! What the window says about working with others in one database (issue
//! 14): a figure someone else changed first, a read-only account, changes
//! that arrived from others.

use super::Lang;
use crate::domain::{Field, FieldValue, NumberFormat};
use crate::store::EditConflict;

fn field_name(lang: Lang, field: Field) -> &'static str {
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

/// A log time ("2026-12-03T09:06:17.123Z") as "09:06 03/12/2026 UTC".
fn stamp(lang: Lang, at: &str) -> String {
    let (Some(date), Some(time)) = (at.get(..10), at.get(11..16)) else {
        return at.to_owned();
    };
    let mut parts = date.split('-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return at.to_owned();
    };
    match lang {
        Lang::Vi => format!("lúc {time} ngày {day}/{month}/{year} UTC"),
        Lang::En => format!("at {time} on {year}-{month}-{day} UTC"),
    }
}

/// Someone else changed the figure first: who, to what, and what the
/// analyst wanted.
pub fn conflict(lang: Lang, format: NumberFormat, conflict: &EditConflict) -> String {
    let figure = |value: &FieldValue| figure(lang, format, value);
    let at = conflict
        .at
        .as_deref()
        .map(|at| stamp(lang, at))
        .unwrap_or_default();
    match lang {
        Lang::Vi => format!(
            "{} {} đã sửa {} thành {} ({at}) sau khi bạn mở số liệu ({}); số {} của bạn chưa được ghi.",
            if conflict.by.is_some() { "Người dùng" } else { "Một người khác" },
            conflict.by.as_deref().unwrap_or(""),
            field_name(lang, conflict.field),
            figure(&conflict.now),
            figure(&conflict.started_from),
            figure(&conflict.wanted),
        )
        .replace("  ", " "),
        Lang::En => format!(
            "{} changed the {} to {} ({at}) after you read it ({}); your {} is not written.",
            conflict.by.as_deref().unwrap_or("Someone else"),
            field_name(lang, conflict.field),
            figure(&conflict.now),
            figure(&conflict.started_from),
            figure(&conflict.wanted),
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
