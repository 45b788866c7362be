//! The year report in the official form of an administrative report
//! (Nghị định 30/2020/NĐ-CP, Phụ lục I), as content both the HTML and the
//! Word exports lay out: the issuing body and the national motto, number and
//! place-and-date lines, title, body, the figures table, "Nơi nhận" and the
//! signature. No SQL, no egui.

use super::fonts::serif_width;
use crate::domain::summary::{
    Attainment, YearSummary, change_text, format_figure, round_to, rule_label,
};
use crate::domain::{NumberFormat, Period};

/// The national name, set in capitals (Quốc hiệu).
pub const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under it, underlined (Tiêu ngữ).
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Sizes from Phụ lục I of the decree, in points.
pub mod sizes {
    /// Quốc hiệu and the issuing body's names: 12–13.
    pub const HEADER: f64 = 13.0;
    /// Tiêu ngữ: 13–14.
    pub const MOTTO: f64 = 14.0;
    /// The kind of document ("BÁO CÁO") and its subject: 13–14 and 14.
    pub const TITLE: f64 = 14.0;
    /// Body text: 13–14.
    pub const BODY: f64 = 14.0;
    /// Table text (the decree leaves it free; 12 keeps the table on the page).
    pub const TABLE: f64 = 12.0;
    /// "Nơi nhận:" 12, its lines 11.
    pub const RECIPIENTS_HEADING: f64 = 12.0;
    pub const RECIPIENTS: f64 = 11.0;
    /// Number and place-and-date lines: 13 and 13–14.
    pub const NUMBER: f64 = 13.0;
    pub const PLACE_DATE: f64 = 14.0;
    /// The signer's title and name: 13–14.
    pub const SIGNER: f64 = 14.0;
}

/// The page: A4 and the decree's margins (top and bottom 20–25 mm, left
/// 30–35 mm, right 15–20 mm), in millimetres.
pub mod page {
    pub const WIDTH_MM: f64 = 210.0;
    pub const HEIGHT_MM: f64 = 297.0;
    pub const TOP_MM: f64 = 20.0;
    pub const BOTTOM_MM: f64 = 20.0;
    pub const LEFT_MM: f64 = 30.0;
    pub const RIGHT_MM: f64 = 15.0;
    /// The width the text may take.
    pub const TEXT_WIDTH_MM: f64 = WIDTH_MM - LEFT_MM - RIGHT_MM;
}

/// Who issues the report and how it is numbered, dated and signed.
#[derive(Clone, Debug, PartialEq)]
pub struct OfficialHeader {
    /// The body the issuer belongs to, in capitals ("UBND TỈNH KHÁNH HÒA").
    pub parent_body: String,
    /// The issuer, in capitals ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG").
    pub body: String,
    /// The issuer as a sentence names it ("Sở Thông tin và Truyền thông").
    pub body_name: String,
    /// The issuer's abbreviation in the number ("STTTT" in "40/BC-STTTT").
    pub body_abbreviation: String,
    /// The number, when one is given ("40"); a draft leaves it blank.
    pub number: Option<String>,
    /// The place of issue ("Khánh Hòa").
    pub place: String,
    /// The year of issue; the day and month stay blank for the signer.
    pub year: Option<u32>,
    /// The date of issue (year, month, day), when known.
    pub date: Option<(u32, u8, u8)>,
    /// "GIÁM ĐỐC".
    pub signer_title: String,
    /// The signer's name; blank in a draft.
    pub signer_name: String,
    /// The lines of "Nơi nhận:", the last one "Lưu: VT, …".
    pub recipients: Vec<String>,
}

impl OfficialHeader {
    /// The header of a report of the province's ICT department: the province's
    /// name ("Tỉnh Khánh Hòa") gives the parent body and the place; the
    /// department's name and code come from the data when it holds the
    /// department ("Sở Thông tin và Truyền thông", "STTTT").
    pub fn ict_department(
        province_name: &str,
        department: Option<(&str, &str)>,
        year: Option<u32>,
    ) -> OfficialHeader {
        let place = province_name
            .trim()
            .strip_prefix("Tỉnh ")
            .or_else(|| province_name.trim().strip_prefix("Thành phố "))
            .unwrap_or(province_name.trim())
            .to_owned();
        let (body_name, body_abbreviation) = match department {
            Some((name, code)) if !name.trim().is_empty() => {
                (name.trim().to_owned(), code.trim().to_owned())
            }
            _ => (
                "Sở Thông tin và Truyền thông".to_owned(),
                "STTTT".to_owned(),
            ),
        };
        OfficialHeader {
            parent_body: format!("UBND {}", province_name.trim().to_uppercase()),
            body: body_name.to_uppercase(),
            body_name,
            body_abbreviation,
            number: None,
            place,
            year,
            date: None,
            signer_title: "GIÁM ĐỐC".to_owned(),
            signer_name: String::new(),
            recipients: vec![
                format!("UBND {} (b/c)", lower_first_word(province_name.trim())),
                "Bộ Thông tin và Truyền thông (b/c)".to_owned(),
                "Các sở, ban, ngành; UBND các huyện, thị xã, thành phố".to_owned(),
                "Lưu: VT".to_owned(),
            ],
        }
    }

    /// "Số: 40/BC-STTTT", or "Số:      /BC-STTTT" for a draft.
    pub fn number_line(&self) -> String {
        let number = self
            .number
            .as_deref()
            .unwrap_or("\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}");
        format!("Số: {number}/BC-{}", self.body_abbreviation)
    }

    /// "Khánh Hòa, ngày 07 tháng 01 năm 2022" (the decree pads days below
    /// 10 and months 1 and 2 with a zero), or with the day and month left
    /// blank for the signer.
    pub fn place_date_line(&self) -> String {
        let blank = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";
        match (self.date, self.year) {
            (Some((year, month, day)), _) => {
                let month = if month <= 2 {
                    format!("{month:02}")
                } else {
                    month.to_string()
                };
                format!("{}, ngày {day:02} tháng {month} năm {year}", self.place)
            }
            (None, Some(year)) => {
                format!("{}, ngày{blank} tháng{blank} năm {year}", self.place)
            }
            (None, None) => format!("{}, ngày{blank} tháng{blank} năm{blank}", self.place),
        }
    }

    /// The widths (mm) of the issuer's and the nation's columns of the header
    /// over `width_mm`: the national name, the motto and the date keep their
    /// line, and the issuer takes the rest (its names wrap when they must).
    pub fn columns_mm(&self, width_mm: f64) -> (f64, f64) {
        let mm = |points: f64| points * 25.4 / 72.0;
        let nation = [
            serif_width(NATIONAL_NAME, 12.0, true),
            serif_width(MOTTO, sizes::MOTTO, true),
            serif_width(&self.place_date_line(), sizes::PLACE_DATE, false),
        ]
        .into_iter()
        .fold(0.0_f64, f64::max);
        let issuer = serif_width(&self.body, sizes::HEADER, true).max(serif_width(
            &self.parent_body,
            sizes::HEADER,
            false,
        ));
        let nation_mm = mm(nation) + 6.0;
        let issuer_mm = (mm(issuer) + 6.0)
            .min(width_mm - nation_mm)
            .max(width_mm * 0.35);
        (issuer_mm, width_mm - issuer_mm)
    }

    /// The issuer's name in lines that fit `width_mm` at the header's size:
    /// one when it fits, else two split between words as evenly as possible
    /// ("SỞ THÔNG TIN VÀ" / "TRUYỀN THÔNG"), not wherever the line runs out.
    pub fn body_lines(&self, width_mm: f64) -> Vec<String> {
        let mm = |text: &str| serif_width(text, sizes::HEADER, true) * 25.4 / 72.0;
        if mm(&self.body) + 4.0 <= width_mm {
            return vec![self.body.clone()];
        }
        let words: Vec<&str> = self.body.split_whitespace().collect();
        (1..words.len())
            .map(|at| vec![words[..at].join(" "), words[at..].join(" ")])
            .min_by(|a, b| {
                let longer =
                    |lines: &Vec<String>| lines.iter().map(|line| mm(line)).fold(0.0_f64, f64::max);
                longer(a).total_cmp(&longer(b))
            })
            .unwrap_or_else(|| vec![self.body.clone()])
    }

    /// The lines of "Nơi nhận:" as the decree writes them: each begins with
    /// "- " and ends with ";", the last ("Lưu: …") with ".".
    pub fn recipient_lines(&self) -> Vec<String> {
        let count = self.recipients.len();
        self.recipients
            .iter()
            .enumerate()
            .map(|(index, line)| {
                let end = if index + 1 == count { "." } else { ";" };
                format!("- {}{end}", line.trim_end_matches(['.', ';']))
            })
            .collect()
    }
}

/// "Tỉnh Khánh Hòa" → "tỉnh Khánh Hòa", as a sentence writes it after "UBND".
fn lower_first_word(name: &str) -> String {
    match name.split_once(' ') {
        Some((first, rest)) => format!("{} {rest}", first.to_lowercase()),
        None => name.to_owned(),
    }
}

/// A column of the figures table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Number,
    /// The name, with the code on a line of its own under it.
    Indicator,
    Value,
    Target,
    Attainment,
    Result,
    Change,
    Checks,
    Source,
}

impl Column {
    /// Figures sit right-aligned.
    pub fn numeric(self) -> bool {
        matches!(
            self,
            Column::Number | Column::Value | Column::Target | Column::Attainment
        )
    }
}

/// The indicator's code sits under its name this much smaller.
pub const CODE_SCALE: f64 = 0.9;

/// How a row came out against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Met,
    Missed,
    None,
}

/// One row of the figures table: its cells in the order of the table's
/// columns; the code goes under the name, in the name's cell.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureRow {
    pub code: String,
    pub cells: Vec<String>,
    pub outcome: Outcome,
}

/// The figures table with the columns that say something: a column empty in
/// every row is dropped, and a source shared by every row becomes one line
/// under the table, so the names keep their width and the table its page.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureTable {
    pub columns: Vec<(Column, &'static str)>,
    pub rows: Vec<FigureRow>,
    /// "Nguồn: khanh-hoa-2021.csv", when every row has the same source.
    pub source_note: Option<String>,
}

impl FigureTable {
    /// The columns' widths in millimetres for text of `size_pt` points over
    /// `width_mm`: figures, codes and short words as wide as their widest
    /// cell (they never wrap), the other wordy columns at most 30 mm, and the
    /// indicator's name the rest.
    pub fn widths_mm(&self, size_pt: f64, width_mm: f64) -> Vec<f64> {
        // Word's and LibreOffice's default cell margins (1.9 mm a side) and a little more.
        const PADDING_MM: f64 = 4.4;
        let mm = |points: f64| points * 25.4 / 72.0;
        let widest_word = |text: &str, bold: bool| {
            text.split_whitespace()
                .map(|word| mm(serif_width(word, size_pt, bold)))
                .fold(0.0_f64, f64::max)
        };
        let mut widths: Vec<f64> = self
            .columns
            .iter()
            .enumerate()
            .map(|(at, (column, header))| {
                let cells = self.rows.iter().filter_map(|row| row.cells.get(at));
                let header = widest_word(header, true);
                let natural = match column {
                    Column::Number | Column::Value | Column::Target | Column::Attainment => cells
                        .map(|cell| mm(serif_width(cell, size_pt, false)))
                        .fold(header, f64::max),
                    // "Không đạt" is set in bold.
                    Column::Result => cells
                        .map(|cell| mm(serif_width(cell, size_pt, true)))
                        .fold(header, f64::max),
                    Column::Indicator => 0.0,
                    Column::Change | Column::Checks | Column::Source => cells
                        .map(|cell| mm(serif_width(cell, size_pt, false)))
                        .fold(header, f64::max)
                        .min(26.0_f64.max(header)),
                };
                natural + PADDING_MM
            })
            .collect();
        let others: f64 = widths.iter().sum();
        if let Some(at) = self
            .columns
            .iter()
            .position(|(column, _)| *column == Column::Indicator)
        {
            // The name's column holds the codes on their own line, unbroken.
            let codes = self
                .rows
                .iter()
                .map(|row| mm(serif_width(&row.code, size_pt * CODE_SCALE, false)))
                .fold(0.0_f64, f64::max);
            widths[at] = (width_mm - others).max(35.0_f64.max(codes + PADDING_MM));
        }
        // Still too wide: every column gives up the same share.
        let total: f64 = widths.iter().sum();
        if total > width_mm {
            for width in &mut widths {
                *width *= width_mm / total;
            }
        }
        widths
    }
}

/// An indicator that missed its target, for the list under the headline.
#[derive(Clone, Debug, PartialEq)]
pub struct MissedItem {
    pub code: String,
    /// "Tỷ lệ …: 18,18 % / kế hoạch 25 %".
    pub text: String,
}

/// The report's words in one language (the official blocks stay Vietnamese:
/// they are the form's, not the analyst's).
pub struct Words {
    pub lang: &'static str,
    pub kind: &'static str,
    pub subject: &'static str,
    pub of: &'static str,
    pub overall: &'static str,
    pub missed: &'static str,
    pub none_missed: &'static str,
    pub table: &'static str,
    pub charts: &'static str,
    pub chart: &'static str,
    pub number: &'static str,
    pub indicator: &'static str,
    pub value: &'static str,
    pub target: &'static str,
    pub attainment: &'static str,
    pub result: &'static str,
    pub change: &'static str,
    pub checks: &'static str,
    pub source: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub no_value: &'static str,
    pub recipients: &'static str,
    pub signed: &'static str,
    pub generated: &'static str,
}

pub const VI: Words = Words {
    lang: "vi",
    kind: "BÁO CÁO",
    subject: "Kết quả thực hiện các chỉ tiêu kế hoạch",
    of: "của",
    overall: "I. KẾT QUẢ CHUNG",
    missed: "II. CÁC CHỈ TIÊU CHƯA ĐẠT",
    none_missed: "Tất cả chỉ tiêu đều đạt kế hoạch.",
    table: "III. BẢNG TỔNG HỢP CÁC CHỈ TIÊU",
    charts: "IV. BIỂU ĐỒ",
    chart: "Biểu đồ",
    number: "STT",
    indicator: "Chỉ tiêu",
    value: "Thực hiện",
    target: "Kế hoạch",
    attainment: "Tỷ lệ đạt",
    result: "Đánh giá",
    change: "So với cùng kỳ",
    checks: "Kiểm tra",
    source: "Nguồn",
    met: "Đạt",
    not_met: "Không đạt",
    no_value: "Chưa có số liệu",
    recipients: "Nơi nhận:",
    signed: "(Ký, ghi rõ họ tên)",
    generated: "Số liệu lập bằng chiso từ cơ sở dữ liệu",
};

pub const EN: Words = Words {
    lang: "en",
    kind: "REPORT",
    subject: "Plan targets",
    of: "of",
    overall: "I. OVERALL RESULT",
    missed: "II. TARGETS MISSED",
    none_missed: "Every target was met.",
    table: "III. SUMMARY TABLE",
    charts: "IV. CHARTS",
    chart: "Chart",
    number: "No.",
    indicator: "Indicator",
    value: "Value",
    target: "Target",
    attainment: "Attainment",
    result: "Result",
    change: "Change on last year",
    checks: "Checks",
    source: "Source",
    met: "Met",
    not_met: "Not met",
    no_value: "No figure",
    recipients: "Nơi nhận:",
    signed: "(Signature, full name)",
    generated: "Figures made with chiso from the database",
};

/// The words of a number format's language.
pub fn words(format: NumberFormat) -> &'static Words {
    match format {
        NumberFormat::Vi => &VI,
        NumberFormat::En => &EN,
    }
}

/// Everything the report says, before it is laid out as HTML or Word.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportContent {
    pub header: OfficialHeader,
    pub lang: &'static str,
    /// "BÁO CÁO".
    pub kind: String,
    /// "Kết quả thực hiện các chỉ tiêu kế hoạch năm 2021 của Tỉnh Khánh Hòa".
    pub subject: String,
    /// The body's paragraphs before the headline.
    pub introduction: Vec<String>,
    /// "Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)".
    pub headline: String,
    pub all_met: bool,
    pub overall_heading: String,
    pub missed_heading: String,
    pub missed: Vec<MissedItem>,
    pub none_missed: String,
    pub table_heading: String,
    pub table: FigureTable,
    pub charts_heading: String,
    /// "Biểu đồ" (captions are "Biểu đồ 1. …").
    pub chart_word: String,
    /// The closing paragraph after the charts.
    pub closing: String,
    pub recipients_heading: String,
    pub signed_hint: String,
}

/// The report's content for a summary.
pub fn report_content(
    summary: &YearSummary,
    format: NumberFormat,
    header: OfficialHeader,
    database: &str,
) -> ReportContent {
    let words = words(format);
    let period_label = Period::parse(&summary.period).map_or_else(
        || summary.period.clone(),
        |period| match format {
            NumberFormat::Vi => period.label_vi(),
            NumberFormat::En => period.label_en(),
        },
    );
    let period_phrase = match (format, Period::parse(&summary.period)) {
        (NumberFormat::Vi, Some(period))
            if matches!(period.kind(), crate::domain::period::PeriodKind::Year) =>
        {
            format!("năm {period_label}")
        }
        (NumberFormat::Vi, _) => format!("kỳ {period_label}"),
        (NumberFormat::En, _) => format!("for {period_label}"),
    };
    let subject = format!(
        "{} {period_phrase} {} {}",
        words.subject, words.of, summary.agency_name
    );
    let headline = summary.headline();
    let headline_text = match format {
        NumberFormat::Vi => headline.text_vi(),
        NumberFormat::En => headline.text_en(),
    };
    let introduction = match format {
        NumberFormat::Vi => vec![format!(
            "{} báo cáo kết quả thực hiện các chỉ tiêu kế hoạch {period_phrase} của {} \
             (mã đơn vị {}) theo số liệu tổng hợp từ các tệp báo cáo của các cơ quan, đơn vị, như sau:",
            header.body_name, summary.agency_name, summary.agency_code
        )],
        NumberFormat::En => vec![format!(
            "{} reports on the plan targets {period_phrase} of {} (agency code {}), from the figures \
             filed by the agencies, as follows:",
            header.body_name, summary.agency_name, summary.agency_code
        )],
    };
    let missed = summary
        .missed()
        .into_iter()
        .map(|row| {
            let value = row.value.map_or_else(
                || words.no_value.to_owned(),
                |value| format_figure(value, row.kind, row.qualifier.as_deref(), format),
            );
            let target = row
                .target
                .map(|target| format_figure(target, row.kind, None, format))
                .unwrap_or_default();
            MissedItem {
                code: row.indicator_code.clone(),
                text: format!(
                    "{}: {value} / {} {target}",
                    row.indicator_name,
                    words.target.to_lowercase()
                ),
            }
        })
        .collect();
    let closing = match format {
        NumberFormat::Vi => format!(
            "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu kế hoạch {period_phrase} của {}. \
             {}: {database}.",
            summary.agency_name, words.generated
        ),
        NumberFormat::En => format!(
            "This concludes the report on the plan targets {period_phrase} of {}. {}: {database}.",
            summary.agency_name, words.generated
        ),
    };
    ReportContent {
        header,
        lang: words.lang,
        kind: words.kind.to_owned(),
        subject,
        introduction,
        headline: headline_text,
        all_met: summary.missed().is_empty(),
        overall_heading: words.overall.to_owned(),
        missed_heading: words.missed.to_owned(),
        missed,
        none_missed: words.none_missed.to_owned(),
        table_heading: words.table.to_owned(),
        table: figure_table(summary, format),
        charts_heading: words.charts.to_owned(),
        chart_word: words.chart.to_owned(),
        closing,
        recipients_heading: words.recipients.to_owned(),
        signed_hint: words.signed.to_owned(),
    }
}

/// The figures table of a summary, figures in the report's number format.
pub fn figure_table(summary: &YearSummary, format: NumberFormat) -> FigureTable {
    let words = words(format);
    let all = [
        (Column::Number, words.number),
        (Column::Indicator, words.indicator),
        (Column::Value, words.value),
        (Column::Target, words.target),
        (Column::Attainment, words.attainment),
        (Column::Result, words.result),
        (Column::Change, words.change),
        (Column::Checks, words.checks),
        (Column::Source, words.source),
    ];
    let rows: Vec<(FigureRow, Option<String>)> = summary
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let value = row
                .value
                .map(|value| format_figure(value, row.kind, row.qualifier.as_deref(), format))
                .unwrap_or_default();
            let target = row
                .target
                .map(|target| format_figure(target, row.kind, None, format))
                .unwrap_or_default();
            let attainment = row
                .attainment_percent()
                .map(|percent| format!("{} %", format.format(round_to(percent, 1))))
                .unwrap_or_default();
            let (outcome, result) = match row.attainment() {
                Attainment::Met => (Outcome::Met, words.met),
                Attainment::Missed => (Outcome::Missed, words.not_met),
                Attainment::NoValue => (Outcome::Missed, words.no_value),
                Attainment::NoTarget => (Outcome::None, ""),
            };
            // The report's words follow its number format, as its other words do.
            let basis = row.previous_basis.text(format == NumberFormat::Vi);
            let change = match row.change() {
                Some(change) if basis.is_empty() => change_text(change, row.kind, format),
                Some(change) => format!("{} ({basis})", change_text(change, row.kind, format)),
                None => basis,
            };
            let marks: Vec<&str> = row
                .marks
                .iter()
                .map(|rule| rule_label(*rule, format))
                .collect();
            let source = row.file_name.clone().unwrap_or_default();
            let cells = vec![
                (index + 1).to_string(),
                row.indicator_name.clone(),
                value,
                target,
                attainment,
                result.to_owned(),
                change,
                marks.join("; "),
                source.clone(),
            ];
            (
                FigureRow {
                    code: row.indicator_code.clone(),
                    cells,
                    outcome,
                },
                (!source.is_empty()).then_some(source),
            )
        })
        .collect();
    let sources: Vec<&Option<String>> = rows.iter().map(|(_, source)| source).collect();
    let shared_source = match sources.first() {
        Some(Some(first)) if sources.iter().all(|source| source.as_ref() == Some(first)) => {
            Some(first.clone())
        }
        _ => None,
    };
    let keep: Vec<bool> = all
        .iter()
        .enumerate()
        .map(|(at, (column, _))| {
            if *column == Column::Source && shared_source.is_some() {
                return false;
            }
            rows.iter().any(|(row, _)| {
                row.cells
                    .get(at)
                    .is_some_and(|cell| !cell.trim().is_empty())
            })
        })
        .collect();
    FigureTable {
        columns: all
            .iter()
            .zip(&keep)
            .filter(|(_, kept)| **kept)
            .map(|(column, _)| *column)
            .collect(),
        rows: rows
            .into_iter()
            .map(|(mut row, _)| {
                row.cells = row
                    .cells
                    .into_iter()
                    .zip(&keep)
                    .filter(|(_, kept)| **kept)
                    .map(|(cell, _)| cell)
                    .collect();
                row
            })
            .collect(),
        source_note: shared_source.map(|source| format!("{}: {source}", words.source)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_of_khanh_hoa_follows_the_decree() {
        let mut header = OfficialHeader::ict_department("Tỉnh Khánh Hòa", None, Some(2022));
        assert_eq!(header.parent_body, "UBND TỈNH KHÁNH HÒA");
        assert_eq!(header.body, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
        assert_eq!(header.place, "Khánh Hòa");
        assert!(header.number_line().starts_with("Số: "));
        assert!(header.number_line().ends_with("/BC-STTTT"));
        assert!(header.place_date_line().ends_with("năm 2022"));
        header.number = Some("40".to_owned());
        header.date = Some((2022, 1, 7));
        assert_eq!(header.number_line(), "Số: 40/BC-STTTT");
        assert_eq!(
            header.place_date_line(),
            "Khánh Hòa, ngày 07 tháng 01 năm 2022"
        );
        let lines = header.recipient_lines();
        assert!(lines.first().unwrap().ends_with(';'));
        assert_eq!(lines.last().unwrap(), "- Lưu: VT.");
    }
}
