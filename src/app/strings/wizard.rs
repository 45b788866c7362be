//! Texts of the import wizard and the Imports tab, and how each language
//! reads a number aloud (for the question about an ambiguous number format).

use crate::domain::NumberFormat;
use crate::import::{EncodingReason, FormatEvidence, SkipReason};

/// Texts of the import wizard and the Imports tab.
pub struct WizardTexts {
    pub title: &'static str,
    pub file_counter: &'static str,
    pub step_read: &'static str,
    pub step_dry_run: &'static str,
    pub step_import: &'static str,
    pub reading_file: &'static str,
    pub encoding: &'static str,
    pub detect_again: &'static str,
    pub delimiter: &'static str,
    pub comma: &'static str,
    pub semicolon: &'static str,
    pub tab: &'static str,
    pub pipe: &'static str,
    pub number_format: &'static str,
    pub numbers_vi: &'static str,
    pub numbers_en: &'static str,
    pub evidence: &'static str,
    pub chosen_by_you: &'static str,
    pub header_line: &'static str,
    /// After the header line, when the header takes two rows: the second row.
    pub header_second_row: &'static str,
    pub preview: &'static str,
    pub role_of_column: &'static str,
    pub line: &'static str,
    pub skipped_because: &'static str,
    /// (raw text, the Vietnamese reading in words, the English reading in words) → the question.
    pub ambiguous_question: fn(&str, &str, &str) -> String,
    /// A number in canonical form ("3467", "3.467") read aloud.
    pub spell_number: fn(&str) -> String,
    pub answer_vi: &'static str,
    pub answer_en: &'static str,
    pub contradictory: &'static str,
    pub missing_agency: &'static str,
    /// Workbooks: the sheet combo and what it says of each sheet.
    pub sheet: &'static str,
    pub sheet_hidden: &'static str,
    pub sheet_is_table: &'static str,
    pub choose_sheet: &'static str,
    /// The indicator for a file with no indicator column.
    pub indicator_code: &'static str,
    pub indicator_hint: &'static str,
    /// Misread UTF-8: the message and the repair box.
    pub mojibake_found: &'static str,
    pub repair_mojibake: &'static str,
    /// A column of a different name on every row, with no role: its number and header.
    pub agency_column: fn(usize, &str) -> String,
    /// Why the encoding was taken.
    pub encoding_reason: fn(&EncodingReason) -> String,
    /// TCVN3 or VNI text found in too few cells to be sure ("tcvn3" or "vni").
    pub legacy_text_found: fn(&str) -> String,
    pub convert_legacy: fn(&str) -> String,
    pub agency_code: &'static str,
    pub agency_hint: &'static str,
    pub missing_period: &'static str,
    pub period: &'static str,
    pub period_hint: &'static str,
    pub bad_period: &'static str,
    pub cannot_read: &'static str,
    pub next: &'static str,
    pub back: &'static str,
    pub import: &'static str,
    pub stop_dry_run: &'static str,
    pub cancel_import: &'static str,
    pub cancelling: &'static str,
    pub skip_file: &'static str,
    pub next_file: &'static str,
    pub done: &'static str,
    pub dry_running: &'static str,
    pub importing: &'static str,
    pub bytes_read: &'static str,
    pub finishing: &'static str,
    pub rows: &'static str,
    pub dry_run_result: &'static str,
    pub imported: &'static str,
    pub cancelled: &'static str,
    pub failed: &'static str,
    pub count_read: &'static str,
    pub count_new: &'static str,
    pub count_changed: &'static str,
    pub count_unchanged: &'static str,
    pub count_rejected: &'static str,
    pub count_skipped: &'static str,
    pub changes_title: &'static str,
    pub no_changes: &'static str,
    pub rejections_title: &'static str,
    pub no_rejections: &'static str,
    pub only_first: &'static str,
    pub col_line: &'static str,
    pub col_indicator: &'static str,
    pub col_agency: &'static str,
    pub col_period: &'static str,
    pub col_field: &'static str,
    pub col_old: &'static str,
    pub col_new: &'static str,
    pub col_column: &'static str,
    pub col_raw: &'static str,
    pub col_message: &'static str,
    pub nothing_written: &'static str,
    // The Imports tab.
    pub batches_title: &'static str,
    pub no_batches: &'static str,
    pub col_file: &'static str,
    pub col_time: &'static str,
    pub col_encoding: &'static str,
    pub col_delimiter: &'static str,
    pub col_numbers: &'static str,
    pub choose_batch: &'static str,
    pub loading_rejections: &'static str,
    pub rejections_of: &'static str,
    pub save_rejections: &'static str,
    pub save_path: &'static str,
    pub save_path_hint: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub cannot_save: &'static str,
}

pub const VI: WizardTexts = WizardTexts {
    title: "Nhập tệp",
    file_counter: "Tệp",
    step_read: "1. Cách đọc tệp",
    step_dry_run: "2. Chạy thử",
    step_import: "3. Nhập",
    reading_file: "Đang đọc tệp…",
    encoding: "Bảng mã",
    detect_again: "(tự nhận biết)",
    delimiter: "Dấu phân cách",
    comma: "dấu phẩy",
    semicolon: "dấu chấm phẩy",
    tab: "Tab",
    pipe: "gạch đứng",
    number_format: "Kiểu số",
    numbers_vi: "Việt Nam (1.234,5)",
    numbers_en: "Anh (1,234.5)",
    evidence: "Căn cứ",
    chosen_by_you: "bạn đã chọn",
    header_line: "Dòng tiêu đề",
    header_second_row: "và dòng",
    preview: "Xem trước các dòng đầu",
    role_of_column: "Vai trò của cột",
    line: "Dòng",
    skipped_because: "Bỏ qua vì",
    ambiguous_question: |raw, vi, en| {
        format!("Số \"{raw}\" đọc là {vi} (kiểu Việt Nam) hay {en} (kiểu Anh)?")
    },
    spell_number: spell_vi,
    answer_vi: "Đọc theo kiểu Việt Nam",
    answer_en: "Đọc theo kiểu Anh",
    contradictory: "Tệp viết số theo cả hai kiểu. Hãy chọn một kiểu: các ô viết theo kiểu kia sẽ bị từ chối.",
    missing_agency: "Tệp không có cột đơn vị: hãy nhập mã đơn vị đã gửi báo cáo.",
    sheet: "Trang tính",
    sheet_hidden: "(ẩn)",
    sheet_is_table: "— bảng chỉ tiêu",
    choose_sheet: "Sổ tính có nhiều trang (hoặc không trang nào đọc được như một bảng chỉ tiêu): hãy chọn trang cần nhập.",
    indicator_code: "Mã chỉ tiêu (khi tệp không có cột chỉ tiêu)",
    indicator_hint: "ví dụ: DS_TB",
    mojibake_found: "Chữ trong tệp bị lỗi mã hóa (UTF-8 bị đọc nhầm bảng mã rồi lưu lại, như \"KhÃ¡nh HÃ²a\"): chưa nhập gì. Đánh dấu ô dưới đây để sửa lại.",
    repair_mojibake: "Sửa chữ bị lỗi mã hóa",
    encoding_reason: encoding_reason_vi,
    legacy_text_found: |label| {
        format!(
            "Một vài ô có vẻ viết bằng bảng mã cũ {} (chữ hiện thành ký hiệu, như \"Kh¸nh Hßa\"): chưa nhập gì. Hãy chuyển sang Unicode, hoặc chọn bảng mã khác để giữ nguyên.",
            legacy_name(label)
        )
    },
    convert_legacy: |label| format!("Chuyển sang Unicode ({})", legacy_name(label)),
    agency_column: |column, header| {
        format!(
            "Cột {column} (\"{header}\") có tên khác nhau ở mỗi dòng: nếu đó là các đơn vị, hãy chọn vai trò \"Đơn vị\" cho cột này ở bảng xem trước (nhập một mã đơn vị cho cả tệp sẽ gộp mọi dòng vào một đơn vị)."
        )
    },
    agency_code: "Mã đơn vị báo cáo",
    agency_hint: "ví dụ: 56",
    missing_period: "Tệp không có cột kỳ báo cáo: hãy nhập kỳ.",
    period: "Kỳ báo cáo của tệp",
    period_hint: "2021, Quý IV/2021, 12/2021…",
    bad_period: "Kỳ không hợp lệ",
    cannot_read: "Không đọc được tệp",
    next: "Tiếp: chạy thử",
    back: "Quay lại",
    import: "Nhập vào cơ sở dữ liệu",
    stop_dry_run: "Dừng chạy thử",
    cancel_import: "Hủy nhập",
    cancelling: "Đang hủy…",
    skip_file: "Bỏ qua tệp này",
    next_file: "Tệp tiếp theo",
    done: "Xong",
    dry_running: "Đang chạy thử (không ghi gì vào cơ sở dữ liệu)…",
    importing: "Đang nhập…",
    bytes_read: "đã đọc",
    finishing: "Đã đọc xong tệp; đang dựng chỉ mục và ghi vào cơ sở dữ liệu…",
    rows: "số liệu",
    dry_run_result: "Kết quả chạy thử (chưa ghi gì)",
    imported: "Đã nhập xong",
    cancelled: "Đã hủy: cơ sở dữ liệu giữ nguyên như trước.",
    failed: "Nhập không thành công: cơ sở dữ liệu giữ nguyên.",
    count_read: "Đã đọc",
    count_new: "Mới",
    count_changed: "Thay đổi",
    count_unchanged: "Không đổi",
    count_rejected: "Bị từ chối",
    count_skipped: "Dòng bỏ qua",
    changes_title: "Số liệu thay đổi (cũ → mới)",
    no_changes: "Không có số liệu nào đã có bị thay đổi.",
    rejections_title: "Dòng bị từ chối",
    no_rejections: "Không có dòng nào bị từ chối.",
    only_first: "chỉ hiện",
    col_line: "Dòng",
    col_indicator: "Chỉ tiêu",
    col_agency: "Đơn vị",
    col_period: "Kỳ",
    col_field: "Trường",
    col_old: "Cũ",
    col_new: "Mới",
    col_column: "Cột",
    col_raw: "Nội dung",
    col_message: "Lý do",
    nothing_written: "Chạy thử không ghi gì vào cơ sở dữ liệu.",
    batches_title: "Các lần nhập",
    no_batches: "Chưa nhập tệp nào.",
    col_file: "Tệp",
    col_time: "Thời điểm",
    col_encoding: "Bảng mã",
    col_delimiter: "Phân cách",
    col_numbers: "Kiểu số",
    choose_batch: "Chọn một lần nhập để xem các dòng bị từ chối.",
    loading_rejections: "Đang tải…",
    rejections_of: "Dòng bị từ chối của",
    save_rejections: "Lưu danh sách lỗi (CSV)…",
    save_path: "Lưu vào tệp",
    save_path_hint: "đường dẫn tệp .csv",
    save: "Lưu",
    saved: "Đã lưu",
    cannot_save: "Không lưu được",
};

pub const EN: WizardTexts = WizardTexts {
    title: "Import file",
    file_counter: "File",
    step_read: "1. How to read the file",
    step_dry_run: "2. Dry run",
    step_import: "3. Import",
    reading_file: "Reading the file…",
    encoding: "Encoding",
    detect_again: "(detect)",
    delimiter: "Delimiter",
    comma: "comma",
    semicolon: "semicolon",
    tab: "Tab",
    pipe: "pipe",
    number_format: "Number format",
    numbers_vi: "Vietnamese (1.234,5)",
    numbers_en: "English (1,234.5)",
    evidence: "Evidence",
    chosen_by_you: "chosen by you",
    header_line: "Header line",
    header_second_row: "and line",
    preview: "Preview of the first lines",
    role_of_column: "Role of column",
    line: "Line",
    skipped_because: "Skipped because",
    ambiguous_question: |raw, vi, en| {
        format!("Does \"{raw}\" mean {vi} (Vietnamese style) or {en} (English style)?")
    },
    spell_number: spell_en,
    answer_vi: "Read as Vietnamese",
    answer_en: "Read as English",
    contradictory: "The file writes numbers both ways. Choose one: the cells written the other way will be rejected.",
    missing_agency: "The file has no agency column: enter the code of the agency that filed it.",
    sheet: "Sheet",
    sheet_hidden: "(hidden)",
    sheet_is_table: "— indicator table",
    choose_sheet: "The workbook has several sheets (or none reads as an indicator table): choose the sheet to import.",
    indicator_code: "Indicator code (for a file without an indicator column)",
    indicator_hint: "e.g. DS_TB",
    mojibake_found: "The file's text is garbled (UTF-8 read in the wrong code page and saved again, like \"KhÃ¡nh HÃ²a\"): nothing was imported. Tick the box below to repair it.",
    repair_mojibake: "Repair garbled text",
    encoding_reason: encoding_reason_en,
    legacy_text_found: |label| {
        format!(
            "A few cells look written in the legacy {} encoding (letters shown as symbols, like \"Kh¸nh Hßa\"): nothing was imported. Convert them to Unicode, or choose another encoding to keep them as they are.",
            legacy_name(label)
        )
    },
    convert_legacy: |label| format!("Convert to Unicode ({})", legacy_name(label)),
    agency_column: |column, header| {
        format!(
            "Column {column} (\"{header}\") holds a different name on every row: if these are the agencies, choose the role \"Agency name\" for it in the preview (one agency code for the whole file would put every row under one agency)."
        )
    },
    agency_code: "Filing agency code",
    agency_hint: "e.g. 56",
    missing_period: "The file has no period column: enter its period.",
    period: "Period of the file",
    period_hint: "2021, 2021-Q4, 12/2021…",
    bad_period: "Not a valid period",
    cannot_read: "Cannot read the file",
    next: "Next: dry run",
    back: "Back",
    import: "Import into the database",
    stop_dry_run: "Stop the dry run",
    cancel_import: "Cancel import",
    cancelling: "Cancelling…",
    skip_file: "Skip this file",
    next_file: "Next file",
    done: "Done",
    dry_running: "Dry run (nothing is written to the database)…",
    importing: "Importing…",
    bytes_read: "read",
    finishing: "The file is read; building the index and writing to the database…",
    rows: "figures",
    dry_run_result: "Dry run result (nothing written yet)",
    imported: "Imported",
    cancelled: "Cancelled: the database is as it was.",
    failed: "The import failed: the database is unchanged.",
    count_read: "Read",
    count_new: "New",
    count_changed: "Changed",
    count_unchanged: "Unchanged",
    count_rejected: "Rejected",
    count_skipped: "Lines skipped",
    changes_title: "Figures that change (old → new)",
    no_changes: "No existing figure changes.",
    rejections_title: "Rejected lines",
    no_rejections: "No line was rejected.",
    only_first: "showing only",
    col_line: "Line",
    col_indicator: "Indicator",
    col_agency: "Agency",
    col_period: "Period",
    col_field: "Field",
    col_old: "Old",
    col_new: "New",
    col_column: "Column",
    col_raw: "Text",
    col_message: "Reason",
    nothing_written: "A dry run writes nothing to the database.",
    batches_title: "Imports",
    no_batches: "Nothing imported yet.",
    col_file: "File",
    col_time: "Time",
    col_encoding: "Encoding",
    col_delimiter: "Delimiter",
    col_numbers: "Numbers",
    choose_batch: "Choose an import to see its rejected lines.",
    loading_rejections: "Loading…",
    rejections_of: "Rejected lines of",
    save_rejections: "Save rejections as CSV…",
    save_path: "Save to file",
    save_path_hint: "path of a .csv file",
    save: "Save",
    saved: "Saved",
    cannot_save: "Cannot save",
};

/// Splits a canonical number ("-3467", "3.467") into sign, whole part and decimal digits.
fn split_canonical(canonical: &str) -> Option<(bool, u64, &str)> {
    let (negative, unsigned) = match canonical.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, canonical),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    if !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let whole: u64 = whole.parse().ok()?;
    // Beyond a thousand billion, words stop helping.
    (whole < 1_000_000_000_000).then_some((negative, whole, fraction))
}

const VI_DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Reads 0–999 in Vietnamese; `full` reads the hundreds even when zero
/// ("không trăm lẻ năm"), as a group after a higher one is read.
fn vi_group(number: u64, full: bool, words: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = (number / 100, (number / 10) % 10, number % 10);
    let digit = |value: u64| VI_DIGITS[usize::try_from(value).unwrap_or(0) % 10];
    if hundreds > 0 || full {
        words.push(digit(hundreds));
        words.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 {
                if hundreds > 0 || full {
                    words.push("lẻ");
                }
                words.push(digit(units));
            }
        }
        1 => {
            words.push("mười");
            match units {
                0 => {}
                5 => words.push("lăm"),
                _ => words.push(digit(units)),
            }
        }
        _ => {
            words.push(digit(tens));
            words.push("mươi");
            match units {
                0 => {}
                1 => words.push("mốt"),
                4 => words.push("tư"),
                5 => words.push("lăm"),
                _ => words.push(digit(units)),
            }
        }
    }
}

/// A number in canonical form read aloud in Vietnamese: "3467" → "ba nghìn
/// bốn trăm sáu mươi bảy", "3.467" → "ba phẩy bốn sáu bảy".
pub fn spell_vi(canonical: &str) -> String {
    let Some((negative, whole, fraction)) = split_canonical(canonical) else {
        return canonical.to_owned();
    };
    let mut words: Vec<&'static str> = Vec::new();
    if negative {
        words.push("âm");
    }
    if whole == 0 {
        words.push("không");
    } else {
        let groups = [
            (whole / 1_000_000_000, "tỷ"),
            ((whole / 1_000_000) % 1000, "triệu"),
            ((whole / 1000) % 1000, "nghìn"),
            (whole % 1000, ""),
        ];
        let mut started = false;
        for (value, scale) in groups {
            if value == 0 {
                continue;
            }
            vi_group(value, started, &mut words);
            if !scale.is_empty() {
                words.push(scale);
            }
            started = true;
        }
    }
    if !fraction.is_empty() {
        words.push("phẩy");
        for digit in fraction.bytes() {
            words.push(VI_DIGITS[usize::from(digit - b'0')]);
        }
    }
    words.join(" ")
}

const EN_ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Reads 1–999 in English.
fn en_group(number: u64, words: &mut Vec<String>) {
    let index = |value: u64| usize::try_from(value).unwrap_or(0);
    let (hundreds, rest) = (number / 100, number % 100);
    if hundreds > 0 {
        words.push(format!("{} hundred", EN_ONES[index(hundreds) % 20]));
    }
    if rest >= 20 {
        let (tens, units) = (rest / 10, rest % 10);
        if units == 0 {
            words.push(EN_TENS[index(tens)].to_owned());
        } else {
            words.push(format!(
                "{}-{}",
                EN_TENS[index(tens)],
                EN_ONES[index(units)]
            ));
        }
    } else if rest > 0 {
        words.push(EN_ONES[index(rest)].to_owned());
    }
}

/// A number in canonical form read aloud in English: "3467" → "three
/// thousand four hundred sixty-seven", "3.467" → "three point four six seven".
pub fn spell_en(canonical: &str) -> String {
    let Some((negative, whole, fraction)) = split_canonical(canonical) else {
        return canonical.to_owned();
    };
    let mut words: Vec<String> = Vec::new();
    if negative {
        words.push("minus".to_owned());
    }
    if whole == 0 {
        words.push("zero".to_owned());
    } else {
        let groups = [
            (whole / 1_000_000_000, "billion"),
            ((whole / 1_000_000) % 1000, "million"),
            ((whole / 1000) % 1000, "thousand"),
            (whole % 1000, ""),
        ];
        for (value, scale) in groups {
            if value == 0 {
                continue;
            }
            en_group(value, &mut words);
            if !scale.is_empty() {
                words.push(scale.to_owned());
            }
        }
    }
    if !fraction.is_empty() {
        words.push("point".to_owned());
        for digit in fraction.bytes() {
            words.push(EN_ONES[usize::from(digit - b'0')].to_owned());
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_in_vietnamese() {
        assert_eq!(spell_vi("3467"), "ba nghìn bốn trăm sáu mươi bảy");
        assert_eq!(spell_vi("3.467"), "ba phẩy bốn sáu bảy");
        assert_eq!(spell_vi("1865"), "một nghìn tám trăm sáu mươi lăm");
        assert_eq!(spell_vi("1005"), "một nghìn không trăm lẻ năm");
        assert_eq!(spell_vi("15"), "mười lăm");
        assert_eq!(spell_vi("21"), "hai mươi mốt");
        assert_eq!(spell_vi("2000000"), "hai triệu");
        assert_eq!(spell_vi("0"), "không");
    }

    #[test]
    fn reads_numbers_in_english() {
        assert_eq!(spell_en("3467"), "three thousand four hundred sixty-seven");
        assert_eq!(spell_en("3.467"), "three point four six seven");
        assert_eq!(spell_en("1865"), "one thousand eight hundred sixty-five");
        assert_eq!(spell_en("40"), "forty");
    }
}

/// Why a line is not data, in the interface's language.
pub fn skip_reason(lang: super::Lang, reason: SkipReason) -> &'static str {
    if lang == super::Lang::En {
        return reason.as_str();
    }
    match reason {
        SkipReason::EmptyLine => "dòng trống",
        SkipReason::TextWithoutFigure => "dòng tiêu đề hoặc chữ, không có số liệu",
        SkipReason::NoFigureInPeriods => "không có số liệu ở cột kỳ nào",
        SkipReason::NoteBelowTable => "ghi chú dưới bảng",
        SkipReason::SectionHeading => "dòng mục (I, II, …)",
        SkipReason::SignatureBelowTable => "dòng ký tên hoặc ngày tháng dưới bảng",
        SkipReason::TextBelowTable => "chữ dưới bảng",
        SkipReason::TotalRow => "dòng tổng cộng",
        SkipReason::NationalTotalRow => "dòng tổng cả nước hoặc vùng",
        SkipReason::TitleAboveHeader => "tiêu đề phía trên bảng",
    }
}

/// How the number format was decided, in the interface's language.
pub fn number_evidence(lang: super::Lang, evidence: &FormatEvidence) -> String {
    if lang == super::Lang::En {
        return evidence.to_string();
    }
    match evidence {
        FormatEvidence::Canonical => "tiêu đề chuẩn của chiso: số viết kiểu Anh".to_owned(),
        FormatEvidence::Chosen(NumberFormat::Vi) => "bạn đã chọn kiểu Việt Nam".to_owned(),
        FormatEvidence::Chosen(NumberFormat::En) => "bạn đã chọn kiểu Anh".to_owned(),
        FormatEvidence::AllStoredAsNumbers => {
            "mọi số trong trang tính đều lưu dạng số: không cần chọn kiểu".to_owned()
        }
        FormatEvidence::NoDistinction => {
            "không ô nào phân biệt được hai kiểu (chỉ có số nguyên): đọc kiểu nào cũng như nhau"
                .to_owned()
        }
        FormatEvidence::Cell {
            line,
            column,
            raw,
            format,
        } => format!(
            "dòng {line}, cột {column}: \"{raw}\" chỉ đọc được theo {}",
            match format {
                NumberFormat::Vi => "kiểu Việt Nam",
                NumberFormat::En => "kiểu Anh",
            }
        ),
    }
}

#[cfg(test)]
mod translation_tests {
    use super::*;
    use crate::app::strings::Lang;

    #[test]
    fn engine_outcomes_read_in_vietnamese() {
        assert_eq!(
            skip_reason(Lang::Vi, SkipReason::TotalRow),
            "dòng tổng cộng"
        );
        assert_eq!(skip_reason(Lang::En, SkipReason::TotalRow), "total row");
        let cell = FormatEvidence::Cell {
            line: 19,
            column: 9,
            raw: "46,8%".to_owned(),
            format: NumberFormat::Vi,
        };
        assert_eq!(
            number_evidence(Lang::Vi, &cell),
            "dòng 19, cột 9: \"46,8%\" chỉ đọc được theo kiểu Việt Nam"
        );
        assert_eq!(
            number_evidence(Lang::En, &cell),
            "line 19, column 9: \"46,8%\" is only readable in Vietnamese format"
        );
    }
}

fn legacy_name(label: &str) -> &'static str {
    match label {
        "tcvn3" => "TCVN3/ABC",
        "vni" => "VNI",
        _ => "VISCII",
    }
}

fn encoding_reason_vi(reason: &EncodingReason) -> String {
    match reason {
        EncodingReason::Chosen => "bạn đã chọn".to_owned(),
        EncodingReason::ByteOrderMark => "tệp bắt đầu bằng dấu BOM của bảng mã".to_owned(),
        EncodingReason::ValidUtf8 => "mọi byte đều đúng UTF-8".to_owned(),
        EncodingReason::Utf16Pattern => {
            "cứ một byte lại có một byte 0, như văn bản UTF-16".to_owned()
        }
        EncodingReason::LikeliestCodePage => {
            "không phải UTF-8; bảng mã Windows hợp nhất với chữ Việt".to_owned()
        }
        EncodingReason::Workbook => "sổ tính Excel: chữ đã là Unicode".to_owned(),
        EncodingReason::Viscii => {
            "không phải UTF-8; đọc theo VISCII thì ra chữ Việt (theo Windows-1258 thì không)"
                .to_owned()
        }
        EncodingReason::Repaired { page, example } => format!(
            "chữ UTF-8 từng bị đọc nhầm là {page} rồi lưu lại, đã sửa: \"{}\" → \"{}\"",
            example.0, example.1
        ),
        EncodingReason::Converted {
            encoding,
            cells,
            example,
        } => format!(
            "{cells} ô viết bằng {}, đã chuyển sang Unicode: \"{}\" → \"{}\"",
            legacy_name(encoding.label()),
            example.0,
            example.1
        ),
    }
}

fn encoding_reason_en(reason: &EncodingReason) -> String {
    match reason {
        EncodingReason::Chosen => "chosen by you".to_owned(),
        EncodingReason::ByteOrderMark => "the file starts with its byte order mark".to_owned(),
        EncodingReason::ValidUtf8 => "every byte is UTF-8".to_owned(),
        EncodingReason::Utf16Pattern => "every other byte is zero, as in UTF-16 text".to_owned(),
        EncodingReason::LikeliestCodePage => {
            "not UTF-8; the likeliest Windows code page for Vietnamese".to_owned()
        }
        EncodingReason::Workbook => "an Excel workbook: its text is Unicode".to_owned(),
        EncodingReason::Viscii => {
            "not UTF-8; read as VISCII its words are Vietnamese (as Windows-1258 they are not)"
                .to_owned()
        }
        EncodingReason::Repaired { page, example } => format!(
            "UTF-8 once misread as {page} and saved again, repaired: \"{}\" → \"{}\"",
            example.0, example.1
        ),
        EncodingReason::Converted {
            encoding,
            cells,
            example,
        } => format!(
            "{cells} cells in {}, converted to Unicode: \"{}\" → \"{}\"",
            legacy_name(encoding.label()),
            example.0,
            example.1
        ),
    }
}
