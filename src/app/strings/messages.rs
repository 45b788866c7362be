//! The engine's outcomes as the window says them: refusals, failures and
//! the errors inside them, rendered from their typed values in Vietnamese
//! or English. Nothing here reads an English sentence back: an error whose
//! type is not known here is shown with a translated lead and its own text.

use std::path::{Path, PathBuf};

use super::{Lang, Surface};
use crate::app::pipeline::ImportStopped;
use crate::app::report::ReportError;
use crate::app::session::{ExportKind, Failure, Refusal, Subject, TaskName};
use crate::domain::Period;
use crate::domain::check::Finding;
use crate::domain::number::FigureError;
use crate::domain::reject::span_text;
use crate::domain::rollup::end_date;
use crate::domain::{
    CellProblem, Level, MissingPart, NamedColumn, NumberFormat, ReformUnit, RejectCause,
};
use crate::import::{
    ColumnRole, FoundColumn, HeaderProblem, ImportError, ListKind, MissingColumns, list_found,
};
use crate::store::StoreError;

fn file(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Why a command was refused.
pub fn refusal(lang: Lang, refusal: &Refusal) -> String {
    match (lang, refusal) {
        (Lang::Vi, Refusal::NoDatabase) => "Chưa mở cơ sở dữ liệu nào.".to_owned(),
        (Lang::En, Refusal::NoDatabase) => "No database is open.".to_owned(),
        (
            Lang::Vi,
            Refusal::ImportRunning {
                file: path,
                dry_run,
            },
        ) => format!(
            "Đang {} tệp {}: hãy đợi xong hoặc hủy rồi nhập tệp khác.",
            if *dry_run { "chạy thử" } else { "nhập" },
            file(path)
        ),
        (
            Lang::En,
            Refusal::ImportRunning {
                file: path,
                dry_run,
            },
        ) => format!(
            "{} is being {}: wait for it or cancel it before importing another file.",
            file(path),
            if *dry_run { "dry-run" } else { "imported" }
        ),
        (
            Lang::Vi,
            Refusal::EditDuringImport {
                file: path,
                dry_run,
            },
        ) => format!(
            "Đang {} tệp {}: hãy đợi xong rồi sửa số liệu.",
            if *dry_run { "chạy thử" } else { "nhập" },
            file(path)
        ),
        (
            Lang::En,
            Refusal::EditDuringImport {
                file: path,
                dry_run,
            },
        ) => format!(
            "{} is being {}: edit once it has finished.",
            file(path),
            if *dry_run { "dry-run" } else { "imported" }
        ),
        (Lang::Vi, Refusal::DialogOpen) => "Một hộp chọn tệp đang mở.".to_owned(),
        (Lang::En, Refusal::DialogOpen) => "A file dialog is already open.".to_owned(),
        (lang, Refusal::ReadOnly) => super::read_only(lang).to_owned(),
    }
}

/// What failed, as the lead of its message.
fn subject(lang: Lang, subject: Subject) -> &'static str {
    let vietnamese = lang == Lang::Vi;
    match subject {
        Subject::Open => {
            if vietnamese {
                "Không mở được cơ sở dữ liệu"
            } else {
                "Cannot open the database"
            }
        }
        Subject::Catalog => {
            if vietnamese {
                "Không đọc được danh mục"
            } else {
                "Cannot read the catalogue"
            }
        }
        Subject::Table => {
            if vietnamese {
                "Không đọc được bảng số liệu"
            } else {
                "Cannot read the table"
            }
        }
        Subject::History => {
            if vietnamese {
                "Không đọc được lịch sử sửa"
            } else {
                "Cannot read the history"
            }
        }
        Subject::Batches | Subject::Rejections => {
            if vietnamese {
                "Không đọc được các lần nhập"
            } else {
                "Cannot read the imports"
            }
        }
        Subject::Chart { .. } => {
            if vietnamese {
                "Không vẽ được biểu đồ"
            } else {
                "Cannot draw the chart"
            }
        }
        Subject::Summary { .. } => {
            if vietnamese {
                "Không lập được bảng tổng hợp"
            } else {
                "Cannot make the summary"
            }
        }
        Subject::Slides { .. } => {
            if vietnamese {
                "Không lập được trang trình chiếu"
            } else {
                "Cannot make the slides"
            }
        }
        Subject::Changes => {
            if vietnamese {
                "Không xem được thay đổi của người khác"
            } else {
                "Cannot look for changes by others"
            }
        }
        Subject::Edit => {
            if vietnamese {
                "Không sửa được"
            } else {
                "Cannot edit"
            }
        }
        Subject::Undo => {
            if vietnamese {
                "Không hoàn tác được"
            } else {
                "Cannot undo"
            }
        }
        Subject::Redo => {
            if vietnamese {
                "Không làm lại được"
            } else {
                "Cannot redo"
            }
        }
        Subject::Import => {
            if vietnamese {
                "Không nhập được"
            } else {
                "Cannot import"
            }
        }
        Subject::Export(_) => {
            if vietnamese {
                "Không ghi được tệp"
            } else {
                "Cannot write the file"
            }
        }
        Subject::FileDialog => {
            if vietnamese {
                "Không mở được hộp chọn tệp"
            } else {
                "Cannot open a file dialog"
            }
        }
    }
}

/// A failure with what it was about: "Không vẽ được biểu đồ: …".
pub fn failure(lang: Lang, about: Subject, failure: &Failure) -> String {
    format!("{}: {}", subject(lang, about), failure_text(lang, failure))
}

/// Why something failed, from the first cause whose type is known.
pub fn failure_text(lang: Lang, failure: &Failure) -> String {
    error_text(lang, Surface::Window, failure.error())
}

/// An error in the reader's language, from the first cause whose type is
/// known; another error keeps its own (English) text behind a translated lead.
pub fn error_text(lang: Lang, surface: Surface, error: &anyhow::Error) -> String {
    for cause in error.chain() {
        if let Some(refused) = cause.downcast_ref::<Refusal>() {
            return refusal(lang, refused);
        }
        if let Some(stopped) = cause.downcast_ref::<ImportStopped>() {
            return import_stopped(lang, surface, stopped);
        }
        if let Some(import) = cause.downcast_ref::<ImportError>() {
            return import_error(lang, surface, import);
        }
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            return store_error(lang, store);
        }
        if let Some(report) = cause.downcast_ref::<ReportError>() {
            return report_error(lang, report);
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io_error(lang, io);
        }
    }
    match lang {
        Lang::En => format!("{error:#}"),
        Lang::Vi => format!("lỗi không lường trước (chi tiết bằng tiếng Anh): {error:#}"),
    }
}

pub fn io_error(lang: Lang, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match (lang, error.kind()) {
        (Lang::Vi, ErrorKind::NotFound) => "không tìm thấy tệp hoặc thư mục".to_owned(),
        (Lang::Vi, ErrorKind::PermissionDenied) => "không có quyền đọc hoặc ghi".to_owned(),
        (Lang::Vi, ErrorKind::StorageFull) => "ổ đĩa đã đầy".to_owned(),
        (Lang::Vi, ErrorKind::AlreadyExists) => "tệp đã có".to_owned(),
        (Lang::Vi, _) => format!("lỗi đọc/ghi tệp ({error})"),
        (Lang::En, _) => error.to_string(),
    }
}

fn import_stopped(lang: Lang, surface: Surface, stopped: &ImportStopped) -> String {
    match (lang, stopped) {
        (Lang::En, _) => stopped.to_string(),
        (Lang::Vi, ImportStopped::Cancelled(path)) => {
            format!("đã hủy nhập {}: không ghi gì", shown(surface, path))
        }
        (
            Lang::Vi,
            ImportStopped::Strict {
                path,
                count,
                line,
                column,
                cause,
            },
        ) => format!(
            "{}: {count} dòng bị từ chối nên (chế độ nghiêm ngặt) không nhập gì; dòng đầu tiên bị từ chối: dòng {line}{}: {}",
            shown(surface, path),
            column
                .map(|column| format!(", cột {column}"))
                .unwrap_or_default(),
            reject_cause(lang, NumberFormat::Vi, cause)
        ),
    }
}

/// Why no report or summary can be made.
pub fn report_error(lang: Lang, error: &ReportError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        ReportError::NoAgency { code, db } => format!("{db} không có đơn vị mã \"{code}\""),
        ReportError::NoProvince { db } => format!("{db} không có đơn vị cấp tỉnh"),
        ReportError::NoTargets {
            name,
            code,
            year,
            db,
        } => format!("{name} ({code}) không có kế hoạch năm {year} trong {db}"),
        ReportError::Extension { extension, path } => format!(
            "không ghi được báo cáo dạng .{extension}: hãy đặt tên tệp có đuôi .html hoặc .docx: {}",
            path.display()
        ),
    }
}

/// A database refusal.
pub fn store_error(lang: Lang, error: &StoreError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    match error {
        StoreError::Open { path, .. } => format!("không mở được cơ sở dữ liệu {}", path.display()),
        StoreError::NewerSchema {
            path,
            found,
            supported,
        } => format!(
            "{} do một bản chiso mới hơn ghi (lược đồ {found}, bản này chỉ biết đến {supported}): hãy mở bằng chiso mới hơn",
            path.display()
        ),
        StoreError::NotChiso { path, .. } => {
            format!("{} không phải cơ sở dữ liệu của chiso", path.display())
        }
        StoreError::Io { path, error } => format!(
            "không tạo được cơ sở dữ liệu {}: {}",
            path.display(),
            io_error(lang, error)
        ),
        StoreError::Sqlite(error) => format!("lỗi cơ sở dữ liệu ({error})"),
        StoreError::Postgres(error) => {
            format!("lỗi cơ sở dữ liệu ({})", crate::store::describe_postgres(error))
        }
        StoreError::Conflict(conflict) => super::conflict(lang, NumberFormat::Vi, conflict),
        StoreError::NotACopy => {
            "cơ sở dữ liệu này không phải bản sao ngoại tuyến do chiso tạo".to_owned()
        }
        StoreError::NoRow => "không còn dòng này trong cơ sở dữ liệu".to_owned(),
        StoreError::ReadOnly { reason } => {
            format!("tài khoản này chỉ được xem, không được sửa số liệu ({reason})")
        }
        StoreError::Connect { url, reason } => {
            format!("không kết nối được tới {url} ({reason})")
        }
        StoreError::NotAUrl { url, reason } => {
            format!("{url} không phải địa chỉ PostgreSQL ({reason})")
        }
        StoreError::PasswordInUrl => "địa chỉ có chứa mật khẩu: hãy đặt mật khẩu trong PGPASSWORD hoặc ~/.pgpass, không ghi trên dòng lệnh".to_owned(),
        StoreError::NoSchema { url } => {
            format!("cơ sở dữ liệu chưa có lược đồ chiso: hãy tạo bằng `chiso init --db {url}`")
        }
        StoreError::Invalid(text) => format!("dữ liệu không hợp lệ ({text})"),
    }
}

/// The file as a message names it: its name in the window, the path as
/// given on the command line.
fn shown(surface: Surface, path: &Path) -> String {
    match surface {
        Surface::Window => file(path),
        Surface::CommandLine => path.display().to_string(),
    }
}

/// Advice for the reader where they are: the window's control, or the
/// command line's option.
fn advice<'a>(surface: Surface, window: &'a str, command_line: &'a str) -> &'a str {
    match surface {
        Surface::Window => window,
        Surface::CommandLine => command_line,
    }
}

/// Why a file was refused as a whole, in the interface's language, with
/// advice for the window or the command line.
pub fn import_error(lang: Lang, surface: Surface, error: &ImportError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    let file = |path: &Path| shown(surface, path);
    match error {
        ImportError::Io { path, error } => {
            format!("không đọc được {}: {}", file(path), io_error(lang, error))
        }
        ImportError::Workbook { path, .. } => {
            format!(
                "không đọc được {} như một sổ tính Excel/OpenDocument",
                file(path)
            )
        }
        ImportError::NoSuchSheet {
            path,
            wanted,
            sheets,
        } => format!(
            "{} không có trang tính \"{wanted}\"; các trang của nó: {sheets}{}",
            file(path),
            advice(
                surface,
                "",
                "; hãy chọn trang bằng `--sheet TÊN` hoặc `--sheet N` (N từ 1)"
            )
        ),
        ImportError::ChooseSheet {
            path,
            tables,
            sheets,
        } => format!(
            "{} là sổ tính và {}: các trang của nó: {sheets}; {}",
            file(path),
            if *tables == 0 {
                "không trang nào đọc được như bảng chỉ tiêu"
            } else {
                "nhiều trang đọc được như bảng chỉ tiêu"
            },
            advice(
                surface,
                "hãy chọn một trang",
                "hãy chọn một trang bằng `--sheet TÊN` hoặc `--sheet N` (N từ 1, theo thứ tự các thẻ trang trong Excel)"
            )
        ),
        ImportError::Mojibake { path, page, cells } => format!(
            "chữ UTF-8 trong {} từng bị đọc nhầm là {page} rồi lưu lại nên tên bị lỗi: {cells}; chưa nhập gì: {}",
            file(path),
            advice(
                surface,
                "hãy đánh dấu ô sửa chữ",
                "hãy sửa bằng `--repair-mojibake`"
            )
        ),
        ImportError::LegacyText {
            path,
            name,
            label,
            cells,
        } => format!(
            "{} có thể chứa chữ {name}, hiện ra thành ký hiệu trong Unicode: {cells}; chưa nhập gì: {}",
            file(path),
            match surface {
                Surface::Window => "hãy chuyển sang Unicode hoặc chọn bảng mã khác".to_owned(),
                Surface::CommandLine => format!(
                    "hãy chuyển sang Unicode bằng `--encoding {label}`, hoặc giữ nguyên chữ bằng `--encoding windows-1252` (hoặc utf-8)"
                ),
            }
        ),
        ImportError::Empty { path } => format!("{} trống: không có gì để nhập", file(path)),
        ImportError::UnsupportedEncoding { path, encoding } => format!(
            "{} viết bằng bảng mã {encoding}, chiso không đọc được: hãy lưu lại dạng UTF-8 (\"CSV UTF-8\" trong Excel) rồi nhập lại",
            file(path)
        ),
        ImportError::MixedEncoding {
            path,
            utf8_line,
            other_line,
        } => format!(
            "{} trộn hai bảng mã: dòng {utf8_line} là UTF-8 nhưng dòng {other_line} thì không; {}",
            file(path),
            advice(
                surface,
                "hãy chọn bảng mã",
                "hãy chọn bảng mã bằng `--encoding utf-8` (các dòng không phải UTF-8 khi đó bị từ chối) hoặc `--encoding windows-1258`"
            )
        ),
        ImportError::Decode { path, encoding, .. } => {
            format!("không giải mã được {} theo {encoding}", file(path))
        }
        ImportError::UnitList { path, line } => format!(
            "{} là danh sách đơn vị hành chính (tiêu đề ở dòng {line} gọi tên tỉnh, huyện, xã và mã của chúng), không phải bảng chỉ tiêu: hãy nạp nó bằng lệnh `chiso import-units {}`",
            file(path),
            path.display()
        ),
        ImportError::NoHeader { path, details } => no_header(surface, &file(path), details),
        ImportError::BadHeader {
            path,
            line,
            details,
        } => format!(
            "dòng {line} của {} không dùng được làm tiêu đề: {}",
            file(path),
            header_problem(surface, details)
        ),
        ImportError::MissingAgency { path } => format!(
            "{} không có cột đơn vị: {}",
            file(path),
            advice(
                surface,
                "hãy cho biết đơn vị báo cáo",
                "hãy cho biết đơn vị báo cáo bằng `--agency MÃ`"
            )
        ),
        ImportError::AgencyColumnNotNamed {
            path,
            column,
            header,
        } => format!(
            "{} không có cột đơn vị mà chiso nhận ra, nhưng cột {column} (\"{header}\") mỗi dòng một tên khác: {}",
            file(path),
            match surface {
                Surface::Window =>
                    "nếu đó là các đơn vị, hãy chọn vai trò \"đơn vị\" cho cột".to_owned(),
                Surface::CommandLine => format!(
                    "nếu đó là các đơn vị, hãy đặt vai trò cho cột bằng `--column {column}=agency`; `--agency MÃ` sẽ ghi mọi dòng cho cùng một đơn vị"
                ),
            }
        ),
        ImportError::MissingIndicator { path } => format!(
            "{} không có cột chỉ tiêu: {}",
            file(path),
            advice(
                surface,
                "hãy cho biết chỉ tiêu của các số liệu",
                "hãy cho biết chỉ tiêu của các số liệu bằng `--indicator MÃ` (hoặc đặt vai trò cho cột bằng `--column N=indicator`)"
            )
        ),
        ImportError::MissingPeriod { path } => format!(
            "{} không có cột kỳ báo cáo và tiêu đề không nói kỳ nào: {}",
            file(path),
            advice(
                surface,
                "hãy cho biết kỳ báo cáo",
                "hãy cho biết kỳ báo cáo bằng `--period 2021` (hoặc `--period \"Quý IV/2021\"`, …)"
            )
        ),
        ImportError::AmbiguousNumbers { path, examples } => {
            let listed: Vec<String> = examples
                .iter()
                .map(|(line, column, raw)| format!("\"{raw}\" (dòng {line}, cột {column})"))
                .collect();
            format!(
                "{}: các số {} đọc được hai cách (kiểu Việt Nam hay kiểu Anh) và không ô nào quyết định được: {}",
                file(path),
                listed.join(", "),
                advice(
                    surface,
                    "hãy chọn kiểu số",
                    "hãy chọn bằng `--numbers vi` (kiểu Việt Nam: \".\" tách hàng nghìn, \",\" là dấu thập phân) hoặc `--numbers en` (kiểu Anh: ngược lại)"
                )
            )
        }
        ImportError::ContradictoryNumbers {
            path,
            vi_line,
            vi_column,
            vi_raw,
            en_line,
            en_column,
            en_raw,
        } => format!(
            "{} viết số theo cả hai kiểu: dòng {vi_line}, cột {vi_column} có \"{vi_raw}\" (chỉ đọc được theo kiểu Việt Nam) nhưng dòng {en_line}, cột {en_column} có \"{en_raw}\" (chỉ đọc được theo kiểu Anh); {}, các ô viết kiểu kia sẽ bị từ chối",
            file(path),
            advice(
                surface,
                "hãy sửa tệp hoặc chọn một kiểu",
                "hãy sửa tệp, hoặc chọn một kiểu bằng `--numbers vi` hoặc `--numbers en`"
            )
        ),
    }
}

/// No line of a file is a header: why, from the problem's values.
fn no_header(surface: Surface, file: &str, problem: &HeaderProblem) -> String {
    let lead = format!(
        "không dòng nào của {file} giống dòng tiêu đề của bảng chỉ tiêu: cần một cột chỉ tiêu (\"Mã chỉ tiêu\", \"Tên chỉ tiêu\") và một cột số liệu (\"Giá trị\", \"Kết quả\" hoặc các kỳ như \"2021\")"
    );
    match problem {
        HeaderProblem::NoLines => format!("{file} không có dòng nào"),
        HeaderProblem::NoSuchLine { wanted, last } => {
            format!("dòng {wanted} không phải đầu một dòng trong {last} dòng đầu của {file}")
        }
        HeaderProblem::NotAList { lines, list } => format!(
            "không dòng nào trong {lines} dòng đầu của {file} là tiêu đề của {}",
            match list {
                ListKind::Units =>
                    "danh sách đơn vị hành chính (\"Tỉnh Thành Phố\", \"Mã TP\", \"Quận Huyện\", \"Mã QH\", \"Phường Xã\", \"Mã PX\")",
                ListKind::Catalogue =>
                    "danh mục chỉ tiêu (indicator_code, indicator_name, unit, kind, group_code, parent_code, direction, aggregation)",
                ListKind::ReformTable =>
                    "bảng chuyển đổi đơn vị hành chính năm 2025 (\"Tỉnh, thành phố\", \"Tên Xã mới\", \"Mã Xã mới\", \"Tên Xã cũ\", \"Mã Xã cũ\", \"Ghi chú\", \"Tỉnh cũ\")",
            }
        ),
        HeaderProblem::Closest {
            line,
            found,
            missing,
        } => format!(
            "{lead}; gần nhất là dòng {line}: {}; còn thiếu {}",
            found_columns(found),
            missing_columns(*missing)
        ),
        HeaderProblem::NoneNamed { .. } => lead,
        other => format!("{lead}; {}", header_problem(surface, other)),
    }
}

/// Where a column's role is chosen: the preview table, or `--column`.
const CHOOSE_ROLES: &str = "hãy đặt vai trò của cột bằng `--column N=VAI_TRÒ` (agency, agency_code, indicator, indicator_code, unit, period, value, target, numerator, denominator, note, level, ignore)";

/// What is wrong with a header, and what to do in the import dialog or on
/// the command line.
fn header_problem(surface: Surface, problem: &HeaderProblem) -> String {
    let ignore = "(bỏ qua)";
    let window = surface == Surface::Window;
    match problem {
        HeaderProblem::Missing { found, missing } => format!(
            "{}; còn thiếu {}: {}",
            found_columns(found),
            missing_columns(*missing),
            advice(
                surface,
                "hãy chọn vai trò của các cột trong bảng xem trước",
                CHOOSE_ROLES
            )
        ),
        HeaderProblem::Closest {
            line,
            found,
            missing,
        } => format!(
            "dòng {line}: {}; còn thiếu {}",
            found_columns(found),
            missing_columns(*missing)
        ),
        HeaderProblem::UnnamedColumns { columns } => {
            let listed: Vec<String> = columns
                .iter()
                .map(|(column, header)| format!("cột {column} (\"{header}\")"))
                .collect();
            let one = listed.len() == 1;
            let what = if one { "cột này" } else { "cột nào" };
            let choose = if window {
                format!(
                    "chọn vai trò trong bảng xem trước, nơi {} đang để {ignore}",
                    if one { "cột" } else { "các cột" }
                )
            } else {
                format!(
                    "đặt vai trò bằng `--column {}=value` (hoặc target, numerator, denominator)",
                    columns.first().map_or(0, |(column, _)| *column)
                )
            };
            format!(
                "{} nằm dưới một kỳ nhưng tên không nói số liệu nào chiso biết (\"Thực hiện\", \"Kế hoạch\", \"Tử số\", \"Mẫu số\"), nên chiso không biết {what} chứa gì: hãy đặt tên trong tệp, hoặc {choose}",
                listed.join(", "),
            )
        }
        HeaderProblem::RepeatedFigure {
            first,
            later,
            role,
            more,
        } => format!(
            "cột {} (\"{}\") và cột {} (\"{}\") đều được đọc là \"{}\" và chiso không đoán cột nào đúng: hãy đổi tên một cột trong tệp, hoặc {}{}",
            first.0,
            first.1,
            later.0,
            later.1,
            role.label_vi(),
            if window {
                format!(
                    "chọn trong bảng xem trước, nơi cột {} đang để {ignore}",
                    later.0
                )
            } else {
                format!(
                    "cho biết cột nào bỏ qua, ví dụ `--column {}=ignore`",
                    later.0
                )
            },
            if *more > 0 {
                format!(" (và {more} cột như thế)")
            } else {
                String::new()
            }
        ),
        HeaderProblem::StrayFigure {
            column,
            header,
            role,
            periods,
        } => {
            let (what, example) = match role {
                ColumnRole::Value => ("kết quả", "Thực hiện năm 2021"),
                ColumnRole::Numerator => ("tử số", "Tử số năm 2021"),
                ColumnRole::Denominator => ("mẫu số", "Mẫu số năm 2021"),
                _ => ("kế hoạch", "Kế hoạch năm 2021"),
            };
            let periods: Vec<String> = periods.iter().map(Period::label_vi).collect();
            let leave = if window {
                format!("để cột ở {ignore} trong bảng xem trước")
            } else {
                format!("bỏ qua cột bằng `--column {column}=ignore`")
            };
            format!(
                "cột {column} (\"{header}\") chứa {what} không thuộc kỳ nào, bên cạnh các cột của kỳ {}: hãy ghi kỳ vào tiêu đề cột (\"{example}\"), hoặc {leave}",
                periods.join(", ")
            )
        }
        HeaderProblem::NoLines
        | HeaderProblem::NoSuchLine { .. }
        | HeaderProblem::NoneNamed { .. }
        | HeaderProblem::NotAList { .. } => advice(
            surface,
            "hãy chọn vai trò của các cột trong bảng xem trước",
            CHOOSE_ROLES,
        )
        .to_owned(),
    }
}

/// "đọc được \"Mã đơn vị\" = Mã đơn vị, …", the columns a header was read as.
fn found_columns(found: &[FoundColumn]) -> String {
    list_found(found, ColumnRole::label_vi).map_or_else(
        || "không nhận ra cột nào".to_owned(),
        |listed| format!("đọc được {listed}"),
    )
}

fn missing_columns(missing: MissingColumns) -> String {
    let mut words = Vec::new();
    if missing.indicator {
        words.push("một cột chỉ tiêu (\"Mã chỉ tiêu\" hoặc \"Tên chỉ tiêu\"; tệp chỉ có một chỉ tiêu thì hãy cho biết chỉ tiêu đó)");
    }
    if missing.figure {
        words.push("một cột số liệu (\"Giá trị\", \"Kết quả\", \"Thực hiện\", \"Kế hoạch\" hoặc các kỳ như \"2021\", \"Năm 2020\")");
    }
    words.join(" và ")
}

/// The notice of a finished export: "Đã ghi: bieu-do.svg (1.234 dòng)".
pub fn exported(
    lang: Lang,
    format: NumberFormat,
    kind: ExportKind,
    paths: &[PathBuf],
    rows: Option<u64>,
) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let lead = match (lang, kind) {
        (Lang::Vi, ExportKind::Csv | ExportKind::TableWorkbook) => "Đã xuất",
        (Lang::Vi, ExportKind::OfflineCopy) => "Đã tạo bản sao ngoại tuyến",
        (Lang::En, ExportKind::OfflineCopy) => "Offline copy made",
        (Lang::Vi, _) => "Đã ghi",
        (Lang::En, ExportKind::Csv | ExportKind::TableWorkbook) => "Exported",
        (Lang::En, _) => "Written",
    };
    #[allow(clippy::cast_precision_loss)]
    let rows = rows.map_or_else(String::new, |rows| {
        format!(
            " ({} {})",
            format.format(rows as f64),
            if lang == Lang::Vi { "dòng" } else { "rows" }
        )
    });
    format!("{lead}: {}{rows}", names.join(", "))
}

/// A running background task, for the status bar.
pub fn task_name(lang: Lang, task: TaskName) -> &'static str {
    let vietnamese = lang == Lang::Vi;
    match task {
        TaskName::Dialog(_) => {
            if vietnamese {
                "Đang chọn tệp…"
            } else {
                "Choosing a file…"
            }
        }
        TaskName::Export(ExportKind::Charts { png: true }) => {
            if vietnamese {
                "Đang vẽ ảnh PNG…"
            } else {
                "Rendering PNG…"
            }
        }
        TaskName::Export(_) => {
            if vietnamese {
                "Đang ghi tệp…"
            } else {
                "Writing a file…"
            }
        }
    }
}

/// A broken consistency rule, with its figures in the user's number format.
pub fn finding(lang: Lang, format: NumberFormat, finding: &Finding) -> String {
    if lang == Lang::En && format == NumberFormat::En {
        return finding.to_string();
    }
    let number = |value: &f64| format.format(*value);
    let vietnamese = lang == Lang::Vi;
    match finding {
        Finding::NumeratorOverDenominator {
            numerator,
            denominator,
        } if vietnamese => format!(
            "tử số {} lớn hơn mẫu số {}",
            number(numerator),
            number(denominator)
        ),
        Finding::RateFraction {
            value,
            numerator,
            denominator,
            expected,
        } if vietnamese => format!(
            "tỷ lệ {} khác {} / {} × 100 = {}",
            number(value),
            number(numerator),
            number(denominator),
            number(expected)
        ),
        Finding::RateRange { value } if vietnamese => {
            format!("tỷ lệ {} nằm ngoài 0–100", number(value))
        }
        Finding::CountWhole { part, value } if vietnamese => format!(
            "{} {} không phải số nguyên ≥ 0",
            match *part {
                Some("numerator") => "tử số",
                Some("denominator") => "mẫu số",
                _ => "số đếm",
            },
            number(value)
        ),
        Finding::PartsSum { sum, parts, whole } if vietnamese => {
            let terms: Vec<String> = parts
                .iter()
                .map(|(code, value)| format!("{code} {}", number(value)))
                .collect();
            format!(
                "các phần cộng lại được {} ({}), không phải {}",
                number(sum),
                terms.join(" + "),
                number(whole)
            )
        }
        Finding::Outlier { value, median } if vietnamese => format!(
            "{} khác xa mức thường thấy của dãy số này (trung vị {})",
            number(value),
            number(median)
        ),
        Finding::RollUp {
            filed,
            periods,
            made,
            aggregation,
        } if vietnamese => format!(
            "số đã báo cáo là {} nhưng {} kỳ con ({}) gộp lại ({}) được {}",
            number(filed),
            periods.len(),
            periods.join(", "),
            match *aggregation {
                "sum" => "cộng",
                "last" => "lấy kỳ cuối",
                "ratio" => "tỷ lệ của tổng",
                other => other,
            },
            made.as_ref().map_or_else(|| "—".to_owned(), number)
        ),
        Finding::NotCarried {
            code,
            name,
            ended,
            into,
        } if vietnamese => {
            if into.is_empty() {
                format!("đơn vị {code} \"{name}\" chấm dứt ngày {ended}, không có đơn vị kế tiếp")
            } else {
                let into: Vec<String> = into
                    .iter()
                    .map(|(successor, whole)| {
                        format!("{successor}{}", if *whole { "" } else { " (một phần)" })
                    })
                    .collect();
                format!(
                    "đơn vị {code} \"{name}\" nhập vào {} ngày {ended}: số liệu của nó không chia ra được",
                    into.join(", ")
                )
            }
        }
        // English words with Vietnamese number format.
        other => other.english(&|value| format.format(value)),
    }
}

/// Why a line was rejected, from its cause, with figures in the user's
/// number format.
pub fn reject_cause(lang: Lang, format: NumberFormat, cause: &RejectCause) -> String {
    if lang == Lang::En {
        return cause.to_string();
    }
    let column = |named: &NamedColumn| format!("cột {} \"{}\"", named.column, named.header);
    match cause {
        RejectCause::Cell {
            column: named,
            problem,
        } => format!("{}: {}", column(named), cell_problem(format, problem)),
        RejectCause::ListCell { problem } => cell_problem(format, problem),
        RejectCause::SheetCell { cell, cause } => {
            format!("ô {cell}: {}", reject_cause(lang, format, cause))
        }
        RejectCause::ShortLine {
            cells,
            header_cells,
            missing,
        } => {
            let missing = if missing.is_empty() {
                "các ô sau".to_owned()
            } else {
                missing.iter().map(column).collect::<Vec<_>>().join(", ")
            };
            format!("dòng có {cells} ô nhưng tiêu đề có {header_cells}: thiếu {missing}")
        }
        RejectCause::NoPeriodGiven => {
            "không có cột kỳ báo cáo và chưa cho biết kỳ báo cáo".to_owned()
        }
        RejectCause::CutInQuotes { opened_on } => format!(
            "tệp kết thúc giữa một ô trong ngoặc kép mở từ dòng {opened_on}: tệp có thể bị cắt cụt"
        ),
        RejectCause::NotText {
            encoding: Some(encoding),
        } => format!("dòng không phải chữ {encoding} hợp lệ"),
        RejectCause::NotText { encoding: None } => {
            "dòng không phải chữ hợp lệ theo bảng mã của tệp".to_owned()
        }
        RejectCause::NotCsv { .. } => "dòng không đọc được như CSV".to_owned(),
        RejectCause::NamesNoIndicator => "dòng không ghi chỉ tiêu (mã hay tên)".to_owned(),
        RejectCause::NamesNoAgency => "dòng không ghi đơn vị (mã hay tên)".to_owned(),
        RejectCause::UnitNotValidThen {
            code,
            period,
            valid,
        } => format!(
            "đơn vị {code} không còn hoặc chưa có vào cuối kỳ {} ({}); đơn vị có hiệu lực {}",
            period.label_vi(),
            end_date(period),
            valid.iter().map(span_text).collect::<Vec<_>>().join(", ")
        ),
        RejectCause::NoUnitNamed { name, period } => format!(
            "không có đơn vị nào tên \"{name}\" vào cuối kỳ {} ({}): hãy ghi mã đơn vị",
            period.label_vi(),
            end_date(period)
        ),
        RejectCause::NameMatchesSeveral { name, units } => {
            let listed: Vec<String> = units
                .iter()
                .map(|(code, level)| format!("{code} ({})", level.map_or("không rõ cấp", level_vi)))
                .collect();
            format!(
                "tên \"{name}\" ứng với {} đơn vị: {}; hãy ghi mã hoặc cấp của đơn vị",
                units.len(),
                listed.join(", ")
            )
        }
        RejectCause::AlreadyGiven {
            indicator,
            agency,
            period,
            earlier_line,
        } => format!(
            "{indicator} / {agency} / {period} đã có ở dòng {earlier_line} với số liệu khác; dòng sau không được nhập"
        ),
        // An older chiso kept only its English words.
        RejectCause::Recorded { message } => message.clone(),
    }
}

fn level_vi(level: Level) -> &'static str {
    match level {
        Level::Province => "tỉnh",
        Level::Department => "sở, ngành",
        Level::District => "huyện",
        Level::Commune => "xã",
    }
}

fn cell_problem(format: NumberFormat, problem: &CellProblem) -> String {
    let part = |part: &MissingPart| match part {
        MissingPart::Code => "mã",
        MissingPart::Name => "tên",
    };
    match problem {
        CellProblem::NulByte => "có byte NUL (0x00), chữ nào cũng không có: tệp bị hỏng hoặc viết bằng bảng mã khác (hãy chọn bảng mã trong hộp nhập)".to_owned(),
        CellProblem::NoIndicator => "không có mã hay tên chỉ tiêu".to_owned(),
        CellProblem::NotAKind => "không phải loại chỉ tiêu (tỷ lệ, số lượng hoặc giá trị)".to_owned(),
        CellProblem::NotALevel => "không phải cấp (tỉnh, sở, huyện, xã)".to_owned(),
        CellProblem::NoAgency => "không có mã hay tên đơn vị".to_owned(),
        CellProblem::NotANumber => "không phải số".to_owned(),
        CellProblem::Figure(FigureError::NoNumber { text }) => format!("\"{text}\" không có số"),
        CellProblem::Figure(FigureError::NotInFormat {
            text,
            format: NumberFormat::Vi,
        }) => format!(
            "\"{text}\" không phải số viết kiểu Việt Nam (\".\" tách hàng nghìn, \",\" là dấu thập phân)"
        ),
        CellProblem::Figure(FigureError::NotInFormat {
            text,
            format: NumberFormat::En,
        }) => format!(
            "\"{text}\" không phải số viết kiểu Anh (\",\" tách hàng nghìn, \".\" là dấu thập phân)"
        ),
        CellProblem::Figure(FigureError::TooManyDigits { text, stored_as }) => format!(
            "\"{text}\" có nhiều chữ số hơn mức cơ sở dữ liệu lưu chính xác được: sẽ thành {}",
            stored_as.map_or_else(|| "vô cực".to_owned(), |value| format.format(value))
        ),
        CellProblem::FractionNotAllowed => "ở đây không được ghi phân số".to_owned(),
        CellProblem::NoPeriod => "không có kỳ báo cáo".to_owned(),
        CellProblem::NotAPeriod => "không phải kỳ báo cáo (2021, 2021-H1, 2021-Q4, 2021-12, \"Quý IV/2021\", \"Tháng 12/2021\")".to_owned(),
        CellProblem::NotADirection => "không phải chiều đánh giá (cao hơn tốt hơn hoặc thấp hơn tốt hơn)".to_owned(),
        CellProblem::NotAnAggregation => "không phải cách tổng hợp (sum: cộng, last: kỳ cuối, ratio: tỷ lệ của tổng, none: không gộp)".to_owned(),
        CellProblem::UnitWithout { level, part: missing } => {
            format!("{} không có {}", level_vi(*level), part(missing))
        }
        CellProblem::IndicatorWithout { part: missing } => {
            format!("chỉ tiêu không có {}", part(missing))
        }
        CellProblem::NoCodeInParentheses { unit } => format!(
            "{} không có mã trong ngoặc (\"Tỉnh Khánh Hòa (56)\")",
            match unit {
                ReformUnit::Province => "tỉnh",
                ReformUnit::OldDistrict => "huyện cũ",
                ReformUnit::OldProvince => "tỉnh cũ",
            }
        ),
        CellProblem::NotAUnitCode => "không phải mã đơn vị (chữ số)".to_owned(),
        CellProblem::UnitHasNoName => "đơn vị không có tên".to_owned(),
        CellProblem::NotAMergeNote => {
            "ghi chú không nói \"Nhập toàn bộ\" hay \"Nhập một phần\"".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The consistency tooltip used to say "parts add up to 3867 … not 3876"
    /// in English and without digit grouping.
    #[test]
    fn a_finding_reads_in_vietnamese_with_vietnamese_numbers() {
        let parts = Finding::PartsSum {
            sum: 3867.0,
            parts: vec![
                ("CTS_COQUAN".to_owned(), 762.0),
                ("CTS_CANHAN".to_owned(), 3105.0),
            ],
            whole: 3876.0,
        };
        assert_eq!(
            finding(Lang::Vi, NumberFormat::Vi, &parts),
            "các phần cộng lại được 3.867 (CTS_COQUAN 762 + CTS_CANHAN 3.105), không phải 3.876"
        );
        assert_eq!(
            finding(Lang::En, NumberFormat::En, &parts),
            "parts add up to 3867 (CTS_COQUAN 762 + CTS_CANHAN 3105), not 3876"
        );
    }

    /// A rejection is worded from its values: Vietnamese words, the figure
    /// in the chosen number format, the English of the command line for En.
    #[test]
    fn a_rejection_reads_in_vietnamese_with_the_chosen_number_format() {
        let cause = RejectCause::SheetCell {
            cell: "E7".to_owned(),
            cause: Box::new(RejectCause::Cell {
                column: NamedColumn {
                    column: 5,
                    header: "Giá trị".to_owned(),
                },
                problem: CellProblem::Figure(FigureError::TooManyDigits {
                    text: "12345678901234567890".to_owned(),
                    stored_as: Some(12_345_678_901_234_567_000.0),
                }),
            }),
        };
        assert_eq!(
            reject_cause(Lang::Vi, NumberFormat::Vi, &cause),
            "ô E7: cột 5 \"Giá trị\": \"12345678901234567890\" có nhiều chữ số hơn mức cơ sở dữ liệu lưu chính xác được: sẽ thành 12.345.678.901.234.567.000"
        );
        assert!(
            reject_cause(Lang::Vi, NumberFormat::En, &cause)
                .ends_with("12,345,678,901,234,567,000")
        );
        assert_eq!(
            reject_cause(Lang::En, NumberFormat::Vi, &cause),
            "cell E7: column 5 \"Giá trị\": \"12345678901234567890\" has more digits than the database stores exactly: it would become 12345678901234567000"
        );
        let several = RejectCause::NameMatchesSeveral {
            name: "Cam Lâm".to_owned(),
            units: vec![
                ("569".to_owned(), Some(Level::District)),
                ("22780".to_owned(), Some(Level::Commune)),
            ],
        };
        assert_eq!(
            reject_cause(Lang::Vi, NumberFormat::Vi, &several),
            "tên \"Cam Lâm\" ứng với 2 đơn vị: 569 (huyện), 22780 (xã); hãy ghi mã hoặc cấp của đơn vị"
        );
    }

    #[test]
    fn refusals_name_the_file_in_vietnamese() {
        let refusal = Refusal::EditDuringImport {
            file: PathBuf::from("/tmp/big.csv"),
            dry_run: true,
        };
        assert_eq!(
            super::refusal(Lang::Vi, &refusal),
            "Đang chạy thử tệp big.csv: hãy đợi xong rồi sửa số liệu."
        );
    }
}
