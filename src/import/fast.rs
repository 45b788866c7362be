//! The per-cell work of a big import, kept cheap: most cells are already
//! clean NFC text and need only a copy.

use crate::domain::NumberEvidence;
use crate::domain::text;

/// One record's cells as text, validated once for the whole record.
pub(crate) struct Row<'a> {
    text: &'a str,
    record: &'a csv::ByteRecord,
}

impl<'a> Row<'a> {
    /// The record's text, or None when it is not valid UTF-8.
    pub(crate) fn new(record: &'a csv::ByteRecord) -> Option<Row<'a>> {
        let text = simdutf8::basic::from_utf8(record.as_slice()).ok()?;
        Some(Row { text, record })
    }

    /// The cell at `index` (0-based), as in the file.
    pub(crate) fn get(&self, index: usize) -> Option<&'a str> {
        let range = self.record.range(index)?;
        self.text.get(range)
    }

    pub(crate) fn len(&self) -> usize {
        self.record.len()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.record.len()).map(|index| self.get(index).unwrap_or(""))
    }
}

/// Whether a cell is already clean: no white space but single spaces
/// between words, and only characters NFC leaves alone whatever follows
/// them (ASCII, the Latin blocks with every precomposed Vietnamese letter,
/// common punctuation). Works on the UTF-8 bytes, without decoding.
fn is_clean_nfc(trimmed: &str) -> bool {
    let bytes = trimmed.as_bytes();
    let mut index = 0;
    let mut previous_space = false;
    while let Some(&byte) = bytes.get(index) {
        if byte < 0x80 {
            if byte == b' ' {
                if previous_space {
                    return false;
                }
                previous_space = true;
            } else {
                if (0x09..=0x0D).contains(&byte) {
                    return false;
                }
                previous_space = false;
            }
            index += 1;
            continue;
        }
        previous_space = false;
        let next = bytes.get(index + 1).copied().unwrap_or(0);
        match byte {
            // U+0080–U+02FF, except the spaces U+0085 and U+00A0.
            0xC2 if next == 0x85 || next == 0xA0 => return false,
            0xC2..=0xCB => index += 2,
            // U+1E00–U+1EFF: Vietnamese letters with their tone marks.
            0xE1 if (0xB8..=0xBB).contains(&next) => index += 3,
            // U+2010–U+2027: dashes, quotes, bullets, ellipsis.
            0xE2 if next == 0x80
                && bytes
                    .get(index + 2)
                    .is_some_and(|third| (0x90..=0xA7).contains(third)) =>
            {
                index += 3;
            }
            _ => return false,
        }
    }
    true
}

/// [`text::clean`] (NFC, trimmed, one space between words), with a fast path
/// for the common cell that is already clean.
pub(crate) fn clean_cell(raw: &str) -> String {
    let raw = super::workbook::shown_text(raw);
    let trimmed = raw.trim_ascii();
    if is_clean_nfc(trimmed) {
        trimmed.to_owned()
    } else {
        text::clean(raw)
    }
}

/// The folded form (no marks, lower case) of the first `max_chars` characters:
/// enough to compare with the words that start notes and totals.
pub(crate) fn fold_prefix(raw: &str, max_chars: usize) -> String {
    let mut prefix_end = raw.len();
    for (count, (index, _)) in raw.char_indices().enumerate() {
        if count == max_chars {
            prefix_end = index;
            break;
        }
    }
    text::fold(raw.get(..prefix_end).unwrap_or(raw))
}

/// The evidence of a cell written as plain digits with one separator, the
/// overwhelming case, decided without allocating; None for anything else.
/// Agrees with [`crate::domain::number::evidence`] (a test checks it).
pub(crate) fn quick_evidence(cell: &str) -> Option<NumberEvidence> {
    let bytes = cell.trim().as_bytes();
    let bytes = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let separator_at = bytes.iter().position(|byte| !byte.is_ascii_digit())?;
    let (whole, rest) = bytes.split_at(separator_at);
    let (separator, fraction) = rest.split_first()?;
    if whole.is_empty()
        || fraction.is_empty()
        || !fraction.iter().all(u8::is_ascii_digit)
        || whole.first() == Some(&b'0')
    {
        return None;
    }
    // As grouping, the separator needs 1–3 digits before and exactly 3 after.
    let could_group = whole.len() <= 3 && fraction.len() == 3;
    let decimal_reading = match separator {
        b'.' => NumberEvidence::En,
        b',' => NumberEvidence::Vi,
        _ => return None,
    };
    Some(if could_group {
        NumberEvidence::Ambiguous
    } else {
        decimal_reading
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::number;

    #[test]
    fn quick_evidence_agrees_with_the_domain_rule() {
        for cell in [
            "589991.3", "9.20", "3.467", "1,865", "46,8", "46.8", "1234.567", "1234,567",
            "12.3456", "-12.5", "-3.467", "100", "0.5", "0,567", "123,45", "999.999", " 46,8 ",
            "10.000",
        ] {
            if let Some(quick) = quick_evidence(cell) {
                assert_eq!(quick, number::evidence(cell), "{cell}");
            }
        }
        assert_eq!(quick_evidence("589991.3"), Some(NumberEvidence::En));
        assert_eq!(quick_evidence("46,8"), Some(NumberEvidence::Vi));
        assert_eq!(quick_evidence("3.467"), Some(NumberEvidence::Ambiguous));
        assert_eq!(quick_evidence("1.234.567"), None);
        assert_eq!(quick_evidence("Trên 572"), None);
    }

    #[test]
    fn clean_cell_matches_clean() {
        for cell in [
            "Khánh Hòa",
            "  Xã   Khánh Hoà ",
            "Kha\u{301}nh Ho\u{300}a",
            "a\tb",
            "UBND Phường Thiệu Dương, Huyện Nga Sơn",
            "x\u{a0}y",
            "",
            "  ",
            "Số liệu – tạm tính",
            "a  b",
            " x\u{2028}y ",
            "\u{3000}x",
            "Ελληνικά",
            "ǅ",
        ] {
            assert_eq!(clean_cell(cell), text::clean(cell), "{cell:?}");
        }
    }

    #[test]
    fn fold_prefix_cuts_on_characters() {
        assert_eq!(fold_prefix("Ghi chú: số liệu tạm tính", 7), "ghi chu");
        assert_eq!(fold_prefix("Tổng", 10), "tong");
        assert_eq!(fold_prefix("", 10), "");
    }
}
