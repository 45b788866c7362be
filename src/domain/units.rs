//! Administrative units over time: the 1 July 2025 reform, the conversion
//! table's rows, and unit names as files write them ("tỉnh Khánh Hoà", "TP.
//! Nha Trang", "UBND huyện Cam Lâm"). No I/O.

use super::{Level, text};

/// The first day of the units formed by the 2025 reform.
pub const REFORM_START: &str = "2025-07-01";
/// The last day of the units it ended.
pub const REFORM_END: &str = "2025-06-30";

/// A unit as a list names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NamedUnit {
    pub code: String,
    pub name: String,
}

/// One row of the official conversion table of the 2025 reform: a new
/// commune-level unit and one old commune it was formed from.
#[derive(Clone, Debug, PartialEq)]
pub struct ReformRow {
    /// 1-based line of the file.
    pub line: u64,
    pub new_province: NamedUnit,
    pub new_unit: NamedUnit,
    pub old_unit: NamedUnit,
    /// "Nhập toàn bộ" (and "Giữ nguyên", "Đổi tên" …): the old unit went
    /// whole into the new one; "Nhập một phần": only a part did.
    pub whole: bool,
    pub old_district: Option<NamedUnit>,
    pub old_province: NamedUnit,
}

/// Whether a conversion table's note says the old unit went in whole.
/// Anything that speaks of a part ("Nhập một phần", "Nhập một phần diện
/// tích", "Nhâp một  phần") is partial; "Nhập toàn bộ", "Giữ nguyên", "Đổi
/// tên", "Đổi loại hình" and "Sắp xếp toàn bộ …" are whole; None otherwise.
pub fn reform_note_is_whole(note: &str) -> Option<bool> {
    let folded = text::fold(note);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.contains("mot phan") {
        return Some(false);
    }
    if joined.contains("toan bo")
        || joined.starts_with("giu nguyen")
        || joined.starts_with("doi ten")
        || joined.starts_with("doi loai hinh")
    {
        return Some(true);
    }
    None
}

const PROVINCE: &[Level] = &[Level::Province];
const DISTRICT: &[Level] = &[Level::District];
const COMMUNE: &[Level] = &[Level::Commune];
/// "Thành phố", "TP.": a city is a province (Hà Nội) or a district (Nha
/// Trang), never a commune.
const CITY: &[Level] = &[Level::Province, Level::District];

/// Administrative prefixes, folded, with the levels they allow (None: any).
const PREFIXES: &[(&str, Option<&[Level]>)] = &[
    ("ubnd", None),
    ("uy ban nhan dan", None),
    ("tinh", Some(PROVINCE)),
    ("huyen", Some(DISTRICT)),
    ("quan", Some(DISTRICT)),
    ("thi xa", Some(DISTRICT)),
    ("thanh pho", Some(CITY)),
    ("tp", Some(CITY)),
    ("phuong", Some(COMMUNE)),
    ("xa", Some(COMMUNE)),
    ("thi tran", Some(COMMUNE)),
    ("dac khu", Some(COMMUNE)),
];

/// A unit's name without its administrative prefixes, as a match key
/// (tone placement, case and marks as [`text::match_key`]), and the levels
/// the prefix allows: "tỉnh Khánh Hoà" → ("khánh hòa", province), "TP. Nha
/// Trang" → ("nha trang", province or district), "UBND huyện Cam Lâm" →
/// ("cam lâm", district), "Khánh Hòa" → ("khánh hòa", None).
pub fn bare_name(name: &str) -> (String, Option<&'static [Level]>) {
    let key = text::match_key(name);
    let mut words: Vec<&str> = key.split(' ').filter(|word| *word != ".").collect();
    let mut levels = None;
    loop {
        let folded: Vec<String> = words.iter().map(|word| text::fold(word)).collect();
        let matched = PREFIXES.iter().find(|(prefix, _)| {
            let prefix_words: Vec<&str> = prefix.split(' ').collect();
            prefix_words.len() < words.len()
                && folded
                    .iter()
                    .zip(&prefix_words)
                    .all(|(word, prefix)| word == prefix)
        });
        let Some((prefix, prefix_levels)) = matched else {
            break;
        };
        if levels.is_none() {
            levels = *prefix_levels;
        }
        words.drain(..prefix.split(' ').count());
    }
    // "Thành phố Hà Nội (01)": a code in parentheses is no part of the name.
    if let (Some(open), Some(close)) = (
        words.iter().position(|word| *word == "("),
        words.iter().position(|word| *word == ")"),
    ) && open < close
        && close == words.len() - 1
    {
        words.truncate(open);
    }
    (words.join(" "), levels)
}

/// Which of the units of one name a file means: those the prefix allows;
/// a name without a prefix is a province's when one province is so named
/// (files write communes and districts with their prefix: "xã Khánh Hòa",
/// "huyện Cam Lâm"; a province bare: "Khánh Hòa"). Returns the indexes of
/// the units that fit; more than one means the name must be asked about.
pub fn units_meant(allowed: Option<&[Level]>, levels: &[Option<Level>]) -> Vec<usize> {
    let fitting: Vec<usize> = levels
        .iter()
        .enumerate()
        .filter(|(_, level)| {
            allowed.is_none_or(|allowed| level.is_none_or(|level| allowed.contains(&level)))
        })
        .map(|(index, _)| index)
        .collect();
    if allowed.is_none() && fitting.len() > 1 {
        let provinces: Vec<usize> = fitting
            .iter()
            .copied()
            .filter(|index| levels[*index] == Some(Level::Province))
            .collect();
        if provinces.len() == 1 {
            return provinces;
        }
    }
    fitting
}

/// Splits "Tỉnh Khánh Hòa (56)" into the name and the code in parentheses.
pub fn name_and_code(cell: &str) -> (String, Option<String>) {
    let cell = text::clean(cell);
    if let Some(open) = cell.rfind('(')
        && cell.ends_with(')')
    {
        let code = cell[open + 1..cell.len() - 1].trim();
        if !code.is_empty() && code.bytes().all(|byte| byte.is_ascii_digit()) {
            return (cell[..open].trim().to_owned(), Some(code.to_owned()));
        }
    }
    (cell, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_files_write_them() {
        let province = bare_name("Tỉnh Khánh Hòa");
        assert_eq!(bare_name("tỉnh Khánh Hoà"), province);
        assert_eq!(bare_name("Khánh Hòa").0, province.0);
        assert_eq!(province.1, Some(PROVINCE));
        assert_eq!(
            bare_name("TP. Nha Trang"),
            ("nha trang".to_owned(), Some(CITY))
        );
        assert_eq!(bare_name("Thành phố Nha Trang").0, "nha trang");
        assert_eq!(
            bare_name("UBND huyện Cam Lâm"),
            (text::match_key("Cam Lâm"), Some(DISTRICT))
        );
        assert_eq!(bare_name("Phường Bắc Nha Trang").1, Some(COMMUNE));
        assert_eq!(
            bare_name("Đặc khu Trường Sa").0,
            text::match_key("Trường Sa")
        );
        // A name that is only a prefix word stays a name.
        assert_eq!(bare_name("Xã").0, text::match_key("Xã"));
        assert_eq!(
            bare_name("Thành phố Hà Nội (01)").0,
            text::match_key("Hà Nội")
        );
    }

    #[test]
    fn a_name_of_several_units_is_asked_about_unless_its_prefix_or_a_province_decides() {
        let levels = [
            Some(Level::Province),
            Some(Level::Commune),
            Some(Level::Commune),
        ];
        assert_eq!(units_meant(None, &levels), [0]);
        assert_eq!(units_meant(Some(COMMUNE), &levels), [1, 2]);
        let city = [Some(Level::District), Some(Level::Commune)];
        assert_eq!(units_meant(Some(CITY), &city), [0]);
        assert_eq!(units_meant(None, &city), [0, 1]);
    }

    #[test]
    fn codes_in_parentheses() {
        assert_eq!(
            name_and_code("Tỉnh Khánh Hòa (56)"),
            ("Tỉnh Khánh Hòa".to_owned(), Some("56".to_owned()))
        );
        assert_eq!(
            name_and_code("THÀNH PHỐ HÀ NỘI  "),
            ("THÀNH PHỐ HÀ NỘI".to_owned(), None)
        );
    }

    #[test]
    fn notes_of_the_conversion_table() {
        assert_eq!(reform_note_is_whole("Nhập toàn bộ"), Some(true));
        assert_eq!(reform_note_is_whole("Giữ nguyên "), Some(true));
        assert_eq!(reform_note_is_whole("Nhập một phần\n"), Some(false));
        assert_eq!(reform_note_is_whole("Nhâp một phần diện tích"), Some(false));
        assert_eq!(reform_note_is_whole("Nhập một  phần"), Some(false));
        assert_eq!(
            reform_note_is_whole("Nhập một phần diện tích, toàn bộ dân số"),
            Some(false)
        );
        assert_eq!(
            reform_note_is_whole("Sắp xếp toàn bộ huyện Cồn Cỏ thành đặc khu Cồn Cỏ"),
            Some(true)
        );
        assert_eq!(reform_note_is_whole(""), None);
    }
}
