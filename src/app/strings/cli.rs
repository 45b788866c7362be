//! What the command line prints, in English (its default) or Vietnamese
//! (`--lang vi`, or a `vi` locale in `LC_ALL`, `LC_MESSAGES` or `LANG`).
//! The engine's outcomes are rendered from their values by the same
//! functions as the window's ([`super::reject_cause`], [`super::finding`],
//! [`super::conflict`], [`super::error_text`]), with advice that names the
//! command line's options. In Vietnamese, counts and figures are grouped
//! as Vietnamese writes them ("1.234.567"); English keeps plain digits,
//! as scripts read them.

use std::borrow::Cow;
use std::path::Path;

use super::{Lang, Surface};
use crate::app::cli::{Refused, UsageError};
use crate::app::open::NoDatabase;
use crate::app::pipeline::{ImportReport, Progress};
use crate::domain::rollup::{Aggregation, NotMade, SeriesEntry};
use crate::domain::{NumberFormat, Period, Rejection, text};
use crate::import::Detection;
use crate::store::{
    ChangedFigure, CopyReport, EditConflict, EditsSent, ReformConflict, ReformLoaded, ReformPart,
};

/// The number format figures are written in: Vietnamese for Vietnamese.
pub fn number_format(lang: Lang) -> NumberFormat {
    match lang {
        Lang::Vi => NumberFormat::Vi,
        Lang::En => NumberFormat::En,
    }
}

/// A count: "1.234.567" in Vietnamese, "1234567" in English.
#[allow(clippy::cast_precision_loss)]
fn count(lang: Lang, count: impl Into<u64>) -> String {
    let count = count.into();
    match lang {
        Lang::Vi => NumberFormat::Vi.format(count as f64),
        Lang::En => count.to_string(),
    }
}

/// The language asked for: `--lang`, else the locale (the first of
/// `LC_ALL`, `LC_MESSAGES`, `LANG` that is set, as POSIX orders them):
/// Vietnamese when it starts with `vi`, English otherwise.
pub fn language(asked: Option<&str>, locale: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    match asked {
        Some("vi") => Some(Lang::Vi),
        Some("en") => Some(Lang::En),
        Some(_) => None,
        None => {
            let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|name| locale(name).filter(|value| !value.is_empty()));
            Some(match locale {
                Some(value) if value.starts_with("vi") => Lang::Vi,
                _ => Lang::En,
            })
        }
    }
}

/// A mistake in how chiso was called.
pub fn usage_error(lang: Lang, error: &UsageError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        UsageError::Encoding(label) => format!(
            "không biết bảng mã \"{label}\": hãy dùng một tên như utf-8, windows-1258 hoặc utf-16le, hoặc viscii, tcvn3, vni"
        ),
        UsageError::Delimiter(other) => {
            format!("không biết dấu phân cách \"{other}\": hãy dùng , ; | hoặc tab")
        }
        UsageError::Numbers(numbers) => {
            format!("--numbers nhận vi hoặc en, không nhận \"{numbers}\"")
        }
        UsageError::Period(period) => format!(
            "\"{period}\" không phải kỳ báo cáo: hãy ghi 2021, 2021-Q4, 2021-12, \"Quý IV/2021\", …"
        ),
        UsageError::Column(given) => format!(
            "--column nhận N=VAI_TRÒ (N từ 1; VAI_TRÒ là một trong agency, agency_code, indicator, indicator_code, unit, period, value, target, numerator, denominator, note, level, ignore), không nhận \"{given}\""
        ),
        UsageError::By(by) => {
            format!("--by nhận year, half, quarter hoặc month, không nhận \"{by}\"")
        }
        UsageError::Units(units) => {
            format!("--units nhận current hoặc as-filed, không nhận \"{units}\"")
        }
        UsageError::Lang(asked) => format!("--lang nhận vi hoặc en, không nhận \"{asked}\""),
        UsageError::NoSuchFile(path) => format!(
            "{}: không có tệp này, cũng không phải một lệnh (`chiso --help` liệt kê các lệnh)",
            path.display()
        ),
    }
}

/// An error as the command line's last line says it (after "chiso: ").
pub fn error(lang: Lang, error: &anyhow::Error) -> String {
    for cause in error.chain() {
        if let Some(usage) = cause.downcast_ref::<UsageError>() {
            return usage_error(lang, usage);
        }
        if let Some(refused) = cause.downcast_ref::<Refused>() {
            return refused_text(lang, refused);
        }
        if let Some(missing) = cause.downcast_ref::<NoDatabase>() {
            return no_database(lang, missing);
        }
    }
    super::error_text(lang, Surface::CommandLine, error)
}

fn refused_text(lang: Lang, refused: &Refused) -> String {
    if lang == Lang::En {
        return refused.to_string();
    }
    match refused {
        Refused::CopyTargetNotEmpty(to) => format!(
            "{} đã có số liệu: bản sao phải vào một cơ sở dữ liệu trống",
            to.display()
        ),
        Refused::NoIndicator { code, db } => format!("{db} không có chỉ tiêu {code}"),
        Refused::NoAgency { code, db } => format!("{db} không có đơn vị {code}"),
    }
}

fn no_database(lang: Lang, missing: &NoDatabase) -> String {
    match lang {
        Lang::En => missing.to_string(),
        Lang::Vi => format!(
            "không có cơ sở dữ liệu ở {} (lệnh nhập sẽ tạo: chiso import --db {} TỆP.csv)",
            missing.0.display(),
            missing.0.display()
        ),
    }
}

/// The line of one rejected row: "bao-cao.csv: dòng 7, cột 4: từ chối
/// \"abc\": cột 4 \"Giá trị\": không phải số". A long cell shows its start
/// and its length (the batch's rejection list keeps it whole).
pub fn rejection(lang: Lang, path: &Path, rejection: &Rejection) -> String {
    let (line, column, rejected, characters) = match lang {
        Lang::Vi => ("dòng", "cột", "từ chối", "ký tự"),
        Lang::En => ("line", "column", "rejected", "characters"),
    };
    let at_column = rejection
        .column
        .map(|number| format!(", {column} {number}"))
        .unwrap_or_default();
    let raw = match text::shorten(&rejection.raw, MAX_SHOWN_CHARS) {
        Cow::Owned(start) => format!(
            "{start} ({} {characters})",
            count(lang, rejection.raw.chars().count() as u64)
        ),
        Cow::Borrowed(whole) => whole.to_owned(),
    };
    format!(
        "{}: {line} {}{at_column}: {rejected} \"{raw}\": {}",
        path.display(),
        rejection.line,
        super::reject_cause(lang, number_format(lang), &rejection.cause)
    )
}

/// The most characters of a rejected cell a line on the terminal shows.
const MAX_SHOWN_CHARS: usize = 200;

/// The progress line of an import: "bao-cao.csv: 42% (1234567 rows)".
pub fn progress(lang: Lang, name: &str, progress: Progress) -> String {
    let rows = count(lang, progress.rows);
    if progress.finishing {
        return match lang {
            Lang::Vi => format!("{name}: đã đọc {rows} dòng; đang lập chỉ mục và ghi…"),
            Lang::En => format!("{name}: {rows} rows read; building the index and committing…"),
        };
    }
    let word = match lang {
        Lang::Vi => "dòng",
        Lang::En => "rows",
    };
    if progress.bytes_total == 0 {
        return format!("{name}: {rows} {word}");
    }
    let percent = (progress.bytes_read.min(progress.bytes_total) * 100) / progress.bytes_total;
    format!("{name}: {percent}% ({rows} {word})")
}

/// The line that sums up one file's import, and how it was read.
pub fn import_summary(
    lang: Lang,
    shown: &Path,
    report: &ImportReport,
    detection: &Detection,
) -> String {
    let n = |value: u64| count(lang, value);
    let header = detection.header_line;
    let workbook = detection.workbook.is_some();
    match lang {
        Lang::En => format!(
            "{}: {}: {} read, {} new, {} changed, {} unchanged, {} rejected, {} lines skipped \
             [{} {}, numbers {}, header on {}]",
            shown.display(),
            if report.dry_run {
                "would import (dry run, nothing written)"
            } else {
                "imported"
            },
            n(report.rows_read),
            n(report.rows_inserted),
            n(report.rows_updated),
            n(report.rows_unchanged),
            n(report.rows_rejected),
            n(report.rows_skipped),
            report.encoding,
            match &detection.workbook {
                // A sheet has no delimiter; its lines are its rows.
                Some(source) => format!("{} workbook", source.kind.label()),
                None => match report.delimiter.as_str() {
                    "\t" => "tab-separated".to_owned(),
                    other => format!("'{other}'-separated"),
                },
            },
            report.number_format,
            match (detection.second_header_line, workbook) {
                (Some(second), false) => format!("lines {header}–{second}"),
                (Some(second), true) => format!("rows {header}–{second}"),
                (None, false) => format!("line {header}"),
                (None, true) => format!("row {header}"),
            }
        ),
        Lang::Vi => format!(
            "{}: {}: đọc {} dòng, {} mới, {} thay đổi, {} không đổi, {} bị từ chối, {} dòng bỏ qua \
             [{}, {}, số {}, tiêu đề ở {}]",
            shown.display(),
            if report.dry_run {
                "sẽ nhập (chạy thử, chưa ghi gì)"
            } else {
                "đã nhập"
            },
            n(report.rows_read),
            n(report.rows_inserted),
            n(report.rows_updated),
            n(report.rows_unchanged),
            n(report.rows_rejected),
            n(report.rows_skipped),
            report.encoding,
            match &detection.workbook {
                Some(source) => format!("sổ tính {}", source.kind.label()),
                None => match report.delimiter.as_str() {
                    "\t" => "phân cách bằng tab".to_owned(),
                    other => format!("phân cách bằng '{other}'"),
                },
            },
            match NumberFormat::parse(&report.number_format) {
                Some(NumberFormat::Vi) => "kiểu Việt Nam (1.234,5)",
                Some(NumberFormat::En) => "kiểu Anh (1,234.5)",
                None => report.number_format.as_str(),
            },
            match (detection.second_header_line, workbook) {
                (Some(second), false) => format!("dòng {header}–{second}"),
                (Some(second), true) => format!("hàng {header}–{second}"),
                (None, false) => format!("dòng {header}"),
                (None, true) => format!("hàng {header}"),
            }
        ),
    }
}

/// "  units not in any list (made as named): …".
pub fn units_unmatched(lang: Lang, units: &[String]) -> String {
    match lang {
        Lang::Vi => format!(
            "  đơn vị không có trong danh sách nào (tạo theo tên ghi trong tệp): {}",
            units.join(", ")
        ),
        Lang::En => format!(
            "  units not in any list (made as named): {}",
            units.join(", ")
        ),
    }
}

/// "  columns not read (no role): 5 (\"Số liệu năm trước\")".
pub fn unread_columns(lang: Lang, columns: &[(usize, &str)]) -> String {
    let listed: Vec<String> = columns
        .iter()
        .map(|(number, header)| match lang {
            Lang::Vi => format!("cột {number} (\"{header}\")"),
            Lang::En => format!("{number} (\"{header}\")"),
        })
        .collect();
    match lang {
        Lang::Vi => format!("  cột không đọc (không có vai trò): {}", listed.join(", ")),
        Lang::En => format!("  columns not read (no role): {}", listed.join(", ")),
    }
}

/// A figure a dry run would change: "  line 7: TYLE_VB / 56 / 2021 value: 46.8 → 47".
pub fn change(lang: Lang, change: &ChangedFigure) -> String {
    let (line, empty) = match lang {
        Lang::Vi => ("dòng", "(trống)"),
        Lang::En => ("line", "(empty)"),
    };
    // The stored text is canonical ("46.8"); Vietnamese writes it its way.
    let shown = |value: &Option<String>| match value {
        None => empty.to_owned(),
        Some(text) => match (lang, text.parse::<f64>()) {
            (Lang::Vi, Ok(number)) if number.is_finite() => NumberFormat::Vi.format(number),
            _ => text.clone(),
        },
    };
    format!(
        "  {line} {}: {} / {} / {} {}: {} → {}",
        change.line,
        change.indicator_code,
        change.agency_code,
        change.period,
        super::field_name(lang, change.field),
        shown(&change.old),
        shown(&change.new)
    )
}

/// `chiso import-indicators`.
pub fn indicators_loaded(
    lang: Lang,
    list: &Path,
    inserted: u64,
    updated: u64,
    rejected: usize,
) -> String {
    let rejected = count(lang, rejected as u64);
    match lang {
        Lang::Vi => format!(
            "{}: thêm {} chỉ tiêu, cập nhật {}, từ chối {rejected} dòng",
            list.display(),
            count(lang, inserted),
            count(lang, updated)
        ),
        Lang::En => format!(
            "{}: {inserted} indicators added, {updated} updated, {rejected} lines rejected",
            list.display()
        ),
    }
}

/// `chiso init`.
pub fn initialised(lang: Lang, database: &Path, schema: i64, figures: u64) -> String {
    match lang {
        Lang::Vi => format!(
            "{}: lược đồ chiso phiên bản {schema}, {} số liệu",
            database.display(),
            count(lang, figures)
        ),
        Lang::En => format!(
            "{}: chiso schema version {schema}, {figures} figures",
            database.display()
        ),
    }
}

/// `chiso copy --edits-only`: what was sent, then one line per figure not sent.
pub fn edits_sent(lang: Lang, from: &Path, to: &Path, sent: &EditsSent) -> Vec<String> {
    let n = |value: u64| count(lang, value);
    let mut lines = vec![match lang {
        Lang::Vi => format!(
            "{}: đã gửi {} số liệu tới {} (thêm {} dòng, xóa {} dòng), {} số liệu không gửi vì ở đó đã có người sửa trước",
            from.display(),
            n(sent.applied),
            to.display(),
            n(sent.rows_added),
            n(sent.rows_deleted),
            n(sent.conflicted)
        ),
        Lang::En => format!(
            "{}: {} figure(s) sent to {} ({} row(s) added, {} deleted), {} not sent because \
             they were changed there first",
            from.display(),
            sent.applied,
            to.display(),
            sent.rows_added,
            sent.rows_deleted,
            sent.conflicted
        ),
    }];
    lines.extend(
        sent.conflicts
            .iter()
            .map(|conflict| not_sent(lang, conflict)),
    );
    lines
}

fn not_sent(lang: Lang, conflict: &EditConflict) -> String {
    match lang {
        Lang::Vi => format!(
            "  không gửi: {}",
            super::conflict(lang, NumberFormat::Vi, conflict)
        ),
        Lang::En => format!("  not sent: {conflict}"),
    }
}

/// `chiso copy`: the copy made.
pub fn copied(lang: Lang, to: &Path, report: &CopyReport) -> String {
    match lang {
        Lang::Vi => format!(
            "{}: đã sao chép từ {} ({} số liệu, {} mục nhật ký sửa)",
            to.display(),
            report.source,
            count(lang, report.observations),
            count(lang, report.log_entries)
        ),
        Lang::En => format!(
            "{}: copied from {} ({} figures, {} log entries)",
            to.display(),
            report.source,
            report.observations,
            report.log_entries
        ),
    }
}

/// `chiso import-units` with an official list.
pub fn units_loaded(
    lang: Lang,
    list: &Path,
    inserted: u64,
    updated: u64,
    rejected: usize,
    valid_from: Option<&str>,
) -> String {
    let rejected = count(lang, rejected as u64);
    match lang {
        Lang::Vi => format!(
            "{}: thêm {} đơn vị, cập nhật {}, từ chối {rejected} dòng{}",
            list.display(),
            count(lang, inserted),
            count(lang, updated),
            valid_from.map_or_else(String::new, |from| format!(
                " (đọc là các đơn vị từ ngày {from}: danh sách không có cấp huyện)"
            ))
        ),
        Lang::En => format!(
            "{}: {inserted} units added, {updated} updated, {rejected} lines rejected{}",
            list.display(),
            valid_from.map_or_else(String::new, |from| format!(
                " (read as units from {from}: the list has no district level)"
            ))
        ),
    }
}

/// `chiso import-units` with the 2025 conversion table.
pub fn reform_loaded(lang: Lang, list: &Path, loaded: &ReformLoaded, rejected: usize) -> String {
    let n = |value: u64| count(lang, value);
    match lang {
        Lang::Vi => format!(
            "{}: bảng chuyển đổi của đợt sắp xếp ngày 1/7/2025: thêm {} đơn vị, {} đơn vị chấm dứt ngày 2025-06-30, \
             thêm {} quan hệ kế tiếp, {} số liệu chuyển sang đơn vị mới mang mã của chúng, từ chối {} dòng",
            list.display(),
            n(loaded.units_created),
            n(loaded.units_ended),
            n(loaded.successions_added),
            n(loaded.figures_moved),
            n(rejected as u64)
        ),
        Lang::En => format!(
            "{}: conversion table of the 1 July 2025 reform: {} units added, {} units ended on 2025-06-30, \
             {} successions added, {} figures moved to the new unit of their code, {rejected} lines rejected",
            list.display(),
            loaded.units_created,
            loaded.units_ended,
            loaded.successions_added,
            loaded.figures_moved
        ),
    }
}

fn reform_part(lang: Lang, part: ReformPart) -> &'static str {
    match lang {
        Lang::En => part.english(),
        Lang::Vi => match part {
            ReformPart::OldProvince => "tỉnh cũ",
            ReformPart::OldDistrict => "huyện cũ",
            ReformPart::OldCommune => "xã cũ",
            ReformPart::NewProvince => "tỉnh mới",
            ReformPart::NewUnit => "đơn vị mới",
        },
    }
}

/// A row of the conversion table that places a unit under another parent
/// than an earlier row.
pub fn reform_conflict(lang: Lang, list: &Path, conflict: &ReformConflict) -> String {
    let what = reform_part(lang, conflict.what);
    match lang {
        Lang::Vi => {
            let parent = |parent: &Option<String>| {
                parent.as_deref().map_or_else(
                    || "không thuộc đơn vị nào".to_owned(),
                    |code| format!("thuộc {code}"),
                )
            };
            format!(
                "{}: dòng {}: {what} {} \"{}\" ở đây {} nhưng ở dòng {} lại {}; giữ theo dòng trước",
                list.display(),
                conflict.line,
                conflict.code,
                conflict.name,
                parent(&conflict.parent),
                conflict.earlier_line,
                parent(&conflict.earlier_parent)
            )
        }
        Lang::En => format!(
            "{}: line {}: the {what} {} \"{}\" is under {} here but under {} on line {}; \
             the earlier row's is kept",
            list.display(),
            conflict.line,
            conflict.code,
            conflict.name,
            conflict.parent.as_deref().unwrap_or("no unit"),
            conflict.earlier_parent.as_deref().unwrap_or("no unit"),
            conflict.earlier_line
        ),
    }
}

fn periods(lang: Lang, periods: &[Period]) -> String {
    periods
        .iter()
        .map(|period| match lang {
            Lang::Vi => period.label_vi(),
            Lang::En => period.label_en(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn aggregation(lang: Lang, rule: Aggregation) -> &'static str {
    match (lang, rule) {
        (Lang::En, rule) => rule.as_str(),
        (Lang::Vi, Aggregation::Sum) => "cộng",
        (Lang::Vi, Aggregation::Last) => "lấy kỳ cuối",
        (Lang::Vi, Aggregation::Ratio) => "tỷ lệ của tổng",
        (Lang::Vi, Aggregation::None) => "không gộp",
    }
}

/// One point of `chiso series`: "2021\t46.8\tfiled".
pub fn series_point(lang: Lang, rule: Aggregation, point: &SeriesEntry) -> String {
    let value = point
        .value
        .map_or_else(|| "—".to_owned(), |value| number_format(lang).format(value));
    let vi = lang == Lang::Vi;
    let how = match (&point.not_made, point.filed) {
        (Some(NotMade::Missing { periods: missing }), _) => {
            if vi {
                format!("không lập được: thiếu {}", periods(lang, missing))
            } else {
                format!("not made: missing {}", periods(lang, missing))
            }
        }
        (Some(NotMade::NoFraction { periods: without }), _) => {
            if vi {
                format!(
                    "không lập được: không có tử số và mẫu số ở {}",
                    periods(lang, without)
                )
            } else {
                format!(
                    "not made: no numerator and denominator in {}",
                    periods(lang, without)
                )
            }
        }
        (Some(NotMade::NotCombined), _) => if vi {
            "không lập được: chỉ tiêu này không bao giờ gộp"
        } else {
            "not made: this indicator is never combined"
        }
        .to_owned(),
        (Some(NotMade::Nothing), _) => if vi {
            "không lập được: không có số liệu"
        } else {
            "not made: no figure"
        }
        .to_owned(),
        (None, true) => if vi { "đã báo cáo" } else { "filed" }.to_owned(),
        (None, false) => {
            let incomplete = match (point.complete, vi) {
                (true, _) => "",
                (false, true) => ", chưa đủ đơn vị báo cáo",
                (false, false) => ", not every unit filed",
            };
            if point.from == point.agencies {
                format!("= {}{incomplete}", point.agencies.join(" + "))
            } else {
                let carried = match (point.over_units, vi) {
                    (false, _) => String::new(),
                    (true, true) => format!(", chuyển từ {}", point.agencies.join(" + ")),
                    (true, false) => format!(", carried from {}", point.agencies.join(" + ")),
                };
                if vi {
                    format!(
                        "{} {}{carried}{incomplete}",
                        aggregation(lang, rule),
                        point.from.join(", ")
                    )
                } else {
                    format!(
                        "{} of {}{carried}{incomplete}",
                        aggregation(lang, rule),
                        point.from.join(", ")
                    )
                }
            }
        }
    };
    format!("{}\t{value}\t{how}", point.period)
}

/// One finding of `chiso check`.
pub fn check_finding(lang: Lang, finding: &crate::store::CheckFinding) -> String {
    let severity = match (lang, finding.rule.is_error()) {
        (Lang::Vi, true) => "vi phạm",
        (Lang::Vi, false) => "cần xem lại",
        (Lang::En, true) => "violation",
        (Lang::En, false) => "second look",
    };
    format!(
        "{} / {} / {}: {severity} ({}): {}",
        finding.indicator_code,
        finding.agency_code,
        finding.period,
        finding.rule.as_str(),
        super::finding(lang, number_format(lang), &finding.finding)
    )
}

/// The last line of `chiso check`.
pub fn check_totals(lang: Lang, violations: usize, warnings: usize) -> String {
    let (violations, warnings) = (count(lang, violations as u64), count(lang, warnings as u64));
    match lang {
        Lang::Vi => format!("{violations} vi phạm, {warnings} số liệu cần xem lại"),
        Lang::En => format!("{violations} violation(s), {warnings} value(s) for a second look"),
    }
}

/// `chiso report`.
pub fn report_written(lang: Lang, out: &Path) -> String {
    match lang {
        Lang::Vi => format!("{}: đã ghi báo cáo", out.display()),
        Lang::En => format!("{}: report written", out.display()),
    }
}

/// `chiso --help` in Vietnamese: what a command does (None: the program).
pub fn about_vi(command: Option<&str>) -> Option<&'static str> {
    Some(match command {
        None => "chỉ số — bàn làm việc thống kê các chỉ tiêu CNTT của một tỉnh",
        Some("init") => {
            "Tạo lược đồ trong một cơ sở dữ liệu mới: một cơ sở dữ liệu PostgreSQL trống (`--db postgresql://người-dùng@máy/tên`) hoặc một tệp SQLite"
        }
        Some("import") => "Nhập tệp CSV và sổ tính (mỗi tệp một giao dịch)",
        Some("import-units") => {
            "Nạp danh sách đơn vị hành chính chính thức (bản xuất của Tổng cục Thống kê, danh sách sau sắp xếp) hoặc bảng chuyển đổi năm 2025 vào các đơn vị"
        }
        Some("series") => {
            "In một dãy số: mỗi kỳ với giá trị, đã báo cáo hay gộp lại, và gộp từ đâu"
        }
        Some("import-indicators") => {
            "Nạp danh mục chỉ tiêu (mã, tên, đơn vị tính, loại, nhóm, chỉ tiêu cha, chiều đánh giá)"
        }
        Some("export") => "Ghi mọi số liệu ra CSV chuẩn",
        Some("check") => "Kiểm tra các quy tắc nhất quán; thoát với mã 1 khi có quy tắc bị vi phạm",
        Some("report") => {
            "Ghi bảng tổng hợp năm và biểu đồ thành một tệp HTML trọn vẹn, hoặc bản nháp Word (.docx)"
        }
        Some("copy") => {
            "Sao một cơ sở dữ liệu cho cuộc họp ngoại tuyến (ảnh chụp nhất quán vào một tệp SQLite mới, ghi nguồn và thời điểm), hoặc với `--edits-only` gửi lại các số liệu đã sửa trong bản sao, mỗi số đối chiếu với cơ sở dữ liệu hiện nay"
        }
        Some(_) => return None,
    })
}

/// `chiso --help` in Vietnamese: what an option or argument of a command
/// is for (`command` None: the program's own).
pub fn arg_help_vi(command: Option<&str>, arg: &str) -> Option<&'static str> {
    Some(match (command, arg) {
        (_, "db") => {
            "Cơ sở dữ liệu cần mở (mặc định: chiso.sqlite trong thư mục dữ liệu của hệ điều hành)"
        }
        (_, "lang") => {
            "Ngôn ngữ của những gì lệnh in ra: en hoặc vi (mặc định: vi khi ngôn ngữ hệ thống, LC_ALL, LC_MESSAGES hoặc LANG, là tiếng Việt, ngoài ra en). Kết quả `--json` như nhau ở cả hai"
        }
        (_, "help") => "In phần trợ giúp này",
        (None, "version") => "In phiên bản",
        (Some("import"), "dry_run") => "Cho biết sẽ thay đổi gì mà không ghi gì (chạy thử)",
        (Some("import"), "strict") => "Không nhập gì từ một tệp có dòng sai",
        (Some("import"), "json") => "Mỗi tệp một đối tượng JSON trên đầu ra chuẩn",
        (Some("import"), "encoding") => {
            "Bảng mã của tệp (tên WHATWG: utf-8, windows-1258, utf-16le, …; hoặc bảng mã tiếng Việt cũ: viscii, tcvn3, vni)"
        }
        (Some("import"), "repair_mojibake") => {
            "Sửa chữ UTF-8 từng bị đọc theo bảng mã khác rồi lưu lại (\"KhÃ¡nh HÃ²a\" → \"Khánh Hòa\")"
        }
        (Some("import"), "delimiter") => "Dấu phân cách: , ; | hoặc tab",
        (Some("import"), "numbers") => {
            "Cách viết số: vi (\"3.467\", \"46,8\") hoặc en (\"3,467\", \"46.8\")"
        }
        (Some("import"), "agency") => "Mã đơn vị cho tệp không có cột đơn vị",
        (Some("import"), "period") => {
            "Kỳ báo cáo cho tệp không có cột kỳ (\"2021\", \"Quý IV/2021\", …)"
        }
        (Some("import"), "sheet") => {
            "Trang tính cần đọc trong sổ tính (.xlsx, .xls, .ods): tên trang, hoặc số thứ tự từ 1"
        }
        (Some("import"), "indicator") => "Mã chỉ tiêu cho tệp không có cột chỉ tiêu",
        (Some("import"), "columns") => {
            "Vai trò của cột N (từ 1), thay cho điều tiêu đề nói: agency, agency_code, indicator, indicator_code, unit, period, value, target, numerator, denominator, note, level, ignore. Có thể ghi nhiều lần"
        }
        (Some("import"), "files") => "Các tệp",
        (Some("import-units"), "list") => "Danh sách hoặc bảng, như cơ quan thống kê công bố",
        (Some("import-indicators"), "list") => "Danh mục chỉ tiêu (indicators.csv)",
        (Some("series"), "indicator") => "Mã chỉ tiêu",
        (Some("series"), "agency") => {
            "Mã đơn vị (đơn vị có hiệu lực hôm nay, nếu không thì đơn vị gần nhất mang mã đó)"
        }
        (Some("series"), "by") => {
            "Gộp số liệu theo năm, nửa năm, quý hoặc tháng (mặc định: các kỳ như đã lưu)"
        }
        (Some("series"), "units") => {
            "current: các đơn vị hiện nay, mang theo số liệu của các đơn vị đã nhập vào; as-filed: chỉ số liệu của chính đơn vị (mặc định: current)"
        }
        (Some("series"), "json") => "Mỗi kỳ một đối tượng JSON trên đầu ra chuẩn",
        (Some("export"), "out") => "Ghi vào tệp này thay cho đầu ra chuẩn",
        (Some("check"), "json") => "Một đối tượng JSON trên đầu ra chuẩn",
        (Some("report"), "year") => "Năm (\"2021\")",
        (Some("report"), "agency") => "Mã đơn vị (mặc định: cấp tỉnh)",
        (Some("report"), "out") => "Tệp cần ghi: .html, hoặc .docx cho Word",
        (Some("copy"), "from") => {
            "Cơ sở dữ liệu cần sao (địa chỉ PostgreSQL hoặc một tệp); với `--edits-only`, là bản sao ngoại tuyến"
        }
        (Some("copy"), "to") => {
            "Bản sao mới (một tệp chưa có, hoặc một cơ sở dữ liệu PostgreSQL trống); với `--edits-only`, là cơ sở dữ liệu nhận các số đã sửa"
        }
        (Some("copy"), "edits_only") => "Gửi lại các số đã sửa trong bản sao thay vì sao chép",
        _ => return None,
    })
}

/// The usage line of a command in Vietnamese (`command` None: the program).
pub fn usage_vi(command: Option<&str>) -> Option<&'static str> {
    Some(match command {
        None => "chiso [TÙY_CHỌN] [LỆNH]",
        Some("init") => "chiso init [TÙY_CHỌN]",
        Some("import") => "chiso import [TÙY_CHỌN] <TỆP>...",
        Some("import-units") => "chiso import-units [TÙY_CHỌN] <DANH_SÁCH>",
        Some("series") => "chiso series [TÙY_CHỌN] --indicator <MÃ> --agency <MÃ>",
        Some("import-indicators") => "chiso import-indicators [TÙY_CHỌN] <DANH_MỤC>",
        Some("export") => "chiso export [TÙY_CHỌN]",
        Some("check") => "chiso check [TÙY_CHỌN]",
        Some("report") => "chiso report [TÙY_CHỌN] --year <NĂM> --out <TỆP.html|TỆP.docx>",
        Some("copy") => "chiso copy [TÙY_CHỌN] --from <URL|TỆP> --to <TỆP|URL>",
        Some("help") => "chiso help [LỆNH]",
        Some(_) => return None,
    })
}

/// An option's value or an argument as the Vietnamese help names it.
pub fn value_name_vi(name: &str) -> Option<&'static str> {
    Some(match name {
        "FILE" | "FILES" => "TỆP",
        "FILE.csv" => "TỆP.csv",
        "FILE.html|FILE.docx" => "TỆP.html|TỆP.docx",
        "CODE" => "MÃ",
        "P" => "KỲ",
        "E" => "BẢNG_MÃ",
        "D" => "DẤU",
        "NAME|N" => "TÊN|N",
        "N=ROLE" => "N=VAI_TRÒ",
        "URL|FILE" => "URL|TỆP",
        "FILE|URL" => "TỆP|URL",
        "YEAR" => "NĂM",
        "LIST" => "DANH_SÁCH",
        "COMMAND" => "LỆNH",
        _ => return None,
    })
}

/// A mistake clap found in the arguments, in Vietnamese, from the error's
/// kind and values; None for one it says no more of than English can
/// (that one is printed by clap as it is).
pub fn clap_error_vi(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        Some(ContextValue::Strings(values)) => Some(values.join(", ")),
        Some(ContextValue::StyledStr(value)) => Some(value.to_string()),
        Some(ContextValue::Number(number)) => Some(number.to_string()),
        _ => None,
    };
    let said = match error.kind() {
        ErrorKind::UnknownArgument => {
            format!("không có tùy chọn {}", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::InvalidSubcommand => format!(
            "không có lệnh \"{}\"",
            text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::MissingRequiredArgument => {
            format!("còn thiếu {}", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::MissingSubcommand => "còn thiếu lệnh".to_owned(),
        ErrorKind::InvalidValue => {
            let valid = text(ContextKind::ValidValue)
                .map(|valid| format!(" (nhận: {valid})"))
                .unwrap_or_default();
            format!(
                "giá trị \"{}\" không dùng được cho {}{valid}",
                text(ContextKind::InvalidValue)?,
                text(ContextKind::InvalidArg)?
            )
        }
        ErrorKind::ValueValidation => format!(
            "giá trị \"{}\" không dùng được cho {}",
            text(ContextKind::InvalidValue)?,
            text(ContextKind::InvalidArg)?
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} không dùng cùng {} được",
            text(ContextKind::InvalidArg)?,
            text(ContextKind::PriorArg)?
        ),
        ErrorKind::TooManyValues => format!(
            "{} chỉ nhận một giá trị, không nhận thêm \"{}\"",
            text(ContextKind::InvalidArg)?,
            text(ContextKind::InvalidValue)?
        ),
        _ => return None,
    };
    Some(format!("{said} (`--help` liệt kê các tùy chọn)"))
}

/// The headings and the usage line of `chiso --help` in Vietnamese.
pub const HELP_TEMPLATE_VI: &str =
    "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";
pub const HEADING_ARGUMENTS_VI: &str = "Đối số";
pub const HEADING_OPTIONS_VI: &str = "Tùy chọn";
pub const HEADING_COMMANDS_VI: &str = "Lệnh";
pub const AFTER_HELP_VI: &str = "chiso TỆP.csv… mở cửa sổ với hộp nhập trên các tệp đó (như \"Mở bằng chiso\" trong trình quản lý tệp). Lệnh `chiso help LỆNH` cũng in trợ giúp của một lệnh.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_asked_for_or_read_from_the_locale() {
        let none = |_: &str| None;
        assert_eq!(language(Some("vi"), none), Some(Lang::Vi));
        assert_eq!(
            language(Some("en"), |_| Some("vi_VN.UTF-8".into())),
            Some(Lang::En)
        );
        assert_eq!(language(Some("fr"), none), None);
        assert_eq!(language(None, none), Some(Lang::En));
        let lang_only = |name: &str| (name == "LANG").then(|| "vi_VN.UTF-8".to_owned());
        assert_eq!(language(None, lang_only), Some(Lang::Vi));
        // LC_ALL wins over LANG; an empty one is as good as unset.
        let all_english = |name: &str| match name {
            "LC_ALL" => Some("C.UTF-8".to_owned()),
            _ => Some("vi_VN".to_owned()),
        };
        assert_eq!(language(None, all_english), Some(Lang::En));
        let empty_all = |name: &str| match name {
            "LC_ALL" => Some(String::new()),
            _ => Some("vi_VN".to_owned()),
        };
        assert_eq!(language(None, empty_all), Some(Lang::Vi));
    }

    #[test]
    fn progress_reads_in_percent_and_rows_in_either_language() {
        let progress = Progress {
            bytes_read: 420,
            bytes_total: 1000,
            rows: 1_234_567,
            finishing: false,
        };
        assert_eq!(
            super::progress(Lang::En, "bao-cao.csv", progress),
            "bao-cao.csv: 42% (1234567 rows)"
        );
        assert_eq!(
            super::progress(Lang::Vi, "bao-cao.csv", progress),
            "bao-cao.csv: 42% (1.234.567 dòng)"
        );
        let unknown_size = Progress {
            bytes_total: 0,
            ..progress
        };
        assert_eq!(
            super::progress(Lang::En, "bao-cao.csv", unknown_size),
            "bao-cao.csv: 1234567 rows"
        );
        let finishing = Progress {
            finishing: true,
            ..progress
        };
        assert_eq!(
            super::progress(Lang::En, "bao-cao.csv", finishing),
            "bao-cao.csv: 1234567 rows read; building the index and committing…"
        );
        assert_eq!(
            super::progress(Lang::Vi, "bao-cao.csv", finishing),
            "bao-cao.csv: đã đọc 1.234.567 dòng; đang lập chỉ mục và ghi…"
        );
    }

    #[test]
    fn a_long_rejected_cell_shows_its_start_and_its_length() {
        let rejected = |raw: String| Rejection {
            line: 7,
            column: Some(4),
            raw,
            cause: crate::domain::RejectCause::Cell {
                column: crate::domain::NamedColumn {
                    column: 4,
                    header: "Giá trị".to_owned(),
                },
                problem: crate::domain::CellProblem::NotANumber,
            },
        };
        let long = "Tỷ lệ văn bản điện tử ".repeat(50);
        let shown = rejection(Lang::En, Path::new("bao-cao.csv"), &rejected(long.clone()));
        assert!(
            shown.starts_with("bao-cao.csv: line 7, column 4: rejected \"Tỷ lệ"),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("… ({} characters)\"", long.chars().count())),
            "{shown}"
        );
        assert!(
            shown.ends_with(": column 4 \"Giá trị\": not a number"),
            "{shown}"
        );
        assert!(shown.chars().count() < 300, "{shown}");
        let short = rejection(
            Lang::En,
            Path::new("bao-cao.csv"),
            &rejected("abc".to_owned()),
        );
        assert_eq!(
            short,
            "bao-cao.csv: line 7, column 4: rejected \"abc\": column 4 \"Giá trị\": not a number"
        );
        let vietnamese = rejection(Lang::Vi, Path::new("bao-cao.csv"), &rejected(long.clone()));
        assert!(
            vietnamese.starts_with("bao-cao.csv: dòng 7, cột 4: từ chối \"Tỷ lệ"),
            "{vietnamese}"
        );
        // Its length grouped as Vietnamese writes it.
        assert_eq!(long.chars().count(), 1100);
        assert!(vietnamese.contains("… (1.100 ký tự)\""), "{vietnamese}");
        assert!(
            vietnamese.ends_with(": cột 4 \"Giá trị\": không phải số"),
            "{vietnamese}"
        );
    }

    /// `chiso copy --edits-only` in Vietnamese: counts grouped, and each
    /// figure not sent said from its values, not the English of the log.
    #[test]
    fn edits_sent_back_read_in_vietnamese() {
        use crate::domain::{Field, FieldValue};
        let sent = EditsSent {
            applied: 1234,
            conflicts: vec![EditConflict {
                observation_id: 7,
                figure: "CTS_TONG / 56 / 2021".to_owned(),
                field: Field::Value,
                started_from: FieldValue::Number(3467.0),
                wanted: FieldValue::Number(3470.0),
                now: FieldValue::Number(3876.0),
                by: Some("lan".to_owned()),
                at: None,
            }],
            conflicted: 1,
            rows_added: 2,
            rows_deleted: 0,
        };
        let lines = edits_sent(
            Lang::Vi,
            Path::new("hop.sqlite"),
            Path::new("postgresql://db/chiso"),
            &sent,
        );
        assert_eq!(
            lines[0],
            "hop.sqlite: đã gửi 1.234 số liệu tới postgresql://db/chiso (thêm 2 dòng, xóa 0 dòng), 1 số liệu không gửi vì ở đó đã có người sửa trước"
        );
        assert!(lines[1].starts_with("  không gửi: "), "{}", lines[1]);
        assert!(
            lines[1].contains("3.876") && lines[1].contains("lan"),
            "{}",
            lines[1]
        );
        assert!(!lines[1].contains(" was changed"), "{}", lines[1]);
        let english = edits_sent(
            Lang::En,
            Path::new("hop.sqlite"),
            Path::new("postgresql://db/chiso"),
            &sent,
        );
        assert!(
            english[0].starts_with("hop.sqlite: 1234 figure(s) sent to "),
            "{}",
            english[0]
        );
        assert!(
            english[1].starts_with("  not sent: the value of CTS_TONG / 56 / 2021"),
            "{}",
            english[1]
        );
    }
}
