//! Text normalisation: NFC for storage, a matching key that ignores tone-mark
//! placement, and a folded form (no marks, lower case) for search and codes.

use std::borrow::Cow;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// Combining marks that carry a Vietnamese tone (grave, acute, tilde, hook above, dot below).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The text in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The text cut to `max` characters with an ellipsis, borrowing when it is
/// short enough (for one line of a message or a table cell).
pub fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// Trims, turns runs of white space into one space, and returns NFC.
pub fn clean(text: &str) -> String {
    let normalised = nfc(text);
    let mut out = String::with_capacity(normalised.len());
    for word in normalised.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The key under which two names are the same name: case, white space,
/// normal form and the old/new tone-mark placement ("Hoà" = "Hòa",
/// "Thuỵ" = "Thụy") do not matter; the marks themselves do ("Hòa" ≠ "Hóa").
pub fn match_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 4);
    let mut pending_tone: Option<char> = None;
    let mut word_started = false;
    for ch in text.nfd() {
        if TONE_MARKS.contains(&ch) {
            pending_tone = Some(ch);
        } else if is_combining_mark(ch) {
            key.push(ch);
        } else if ch.is_alphanumeric() {
            key.extend(ch.to_lowercase());
            word_started = true;
        } else {
            if let Some(tone) = pending_tone.take() {
                key.push(tone);
            }
            if word_started && !key.ends_with(' ') {
                key.push(' ');
            }
            word_started = false;
            if !ch.is_whitespace() {
                key.push(ch);
                key.push(' ');
            }
        }
    }
    if let Some(tone) = pending_tone {
        key.push(tone);
    }
    key.trim_end().to_owned()
}

/// Lower case without any marks ("Khánh Hòa" → "khanh hoa", "Đ" → "d"), white
/// space collapsed: for search and for making codes.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for ch in text.nfd() {
        if is_combining_mark(ch) {
            continue;
        }
        if ch.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        match ch {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(ch.to_lowercase()),
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether `haystack` contains `needle`, ignoring marks and case
/// ("khanh hoa" finds "Khánh Hòa").
pub fn folded_contains(haystack: &str, needle: &str) -> bool {
    let needle = fold(needle);
    needle.is_empty() || fold(haystack).contains(&needle)
}

/// A stable code made from a name: folded, upper case, words joined by `_`
/// ("Sở Tư pháp" → "SO_TU_PHAP").
pub fn code_from_name(name: &str) -> String {
    let folded = fold(name);
    let mut code = String::with_capacity(folded.len());
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            code.push(ch.to_ascii_uppercase());
        } else if !code.ends_with('_') && !code.is_empty() {
            code.push('_');
        }
    }
    while code.ends_with('_') {
        code.pop();
    }
    if code.len() > 48 {
        code.truncate(48);
        while code.ends_with('_') {
            code.pop();
        }
    }
    if code.is_empty() {
        code.push('X');
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_characters_not_bytes() {
        assert_eq!(shorten("Khánh Hòa", 9), "Khánh Hòa");
        assert_eq!(shorten("Khánh Hòa", 5), "Khánh…");
        assert!(matches!(shorten("Hòa", 3), Cow::Borrowed(_)));
    }

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Kha\u{301}nh Ho\u{300}a";
        assert_eq!(nfc(decomposed), "Khánh Hòa");
        assert!(matches!(nfc("Khánh Hòa"), Cow::Borrowed(_)));
    }

    #[test]
    fn old_and_new_tone_placement_match() {
        assert_eq!(match_key("Xã Khánh Hoà"), match_key("Xã Khánh Hòa"));
        assert_eq!(match_key("Thuỵ"), match_key("Thụy"));
        assert_eq!(match_key("  KHÁNH   hòa "), match_key("Khánh Hòa"));
        assert_eq!(match_key("Kha\u{301}nh Ho\u{300}a"), match_key("Khánh Hòa"));
    }

    #[test]
    fn different_marks_do_not_match() {
        assert_ne!(match_key("Hòa"), match_key("Hóa"));
        assert_ne!(match_key("Hòa"), match_key("Hoa"));
        assert_ne!(match_key("Ninh Hòa"), match_key("NinhHòa"));
    }

    #[test]
    fn fold_removes_marks_and_case() {
        assert_eq!(fold("Khánh Hòa"), "khanh hoa");
        assert_eq!(fold("Chứng thư số"), "chung thu so");
        assert_eq!(fold("ĐƠN VỊ  TÍNH"), "don vi tinh");
        assert!(folded_contains("Chứng thư số chuyên dùng", "chung thu"));
        assert!(folded_contains("Tỉnh Khánh Hòa", "KHANH HOA"));
        assert!(!folded_contains("Tỉnh Khánh Hòa", "ninh"));
    }

    #[test]
    fn codes_from_names_are_stable_ascii() {
        assert_eq!(code_from_name("Sở Tư pháp"), "SO_TU_PHAP");
        assert_eq!(code_from_name("UBND Huyện Vạn Ninh"), "UBND_HUYEN_VAN_NINH");
        assert_eq!(code_from_name("Đ"), "D");
        assert_eq!(code_from_name("—"), "X");
    }

    #[test]
    fn clean_collapses_spaces() {
        assert_eq!(clean("  Xã   Khánh Hoà "), "Xã Khánh Hoà");
    }
}
