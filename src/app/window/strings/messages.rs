//! The engine's outcomes as the window says them: refusals, failures and
//! the errors inside them, rendered from their typed values in Vietnamese
//! or English. Nothing here reads an English sentence back: an error whose
//! type is not known here is shown with a translated lead and its own text.

use std::path::{Path, PathBuf};

use super::Lang;
use crate::app::pipeline::ImportStopped;
use crate::app::session::{ExportKind, Failure, Refusal, Subject, TaskName};
use crate::domain::NumberFormat;
use crate::domain::check::Finding;
use crate::import::ImportError;
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
    let error = failure.error();
    for cause in error.chain() {
        if let Some(refused) = cause.downcast_ref::<Refusal>() {
            return refusal(lang, refused);
        }
        if let Some(stopped) = cause.downcast_ref::<ImportStopped>() {
            return import_stopped(lang, stopped);
        }
        if let Some(import) = cause.downcast_ref::<ImportError>() {
            return import_error(lang, import);
        }
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            return store_error(lang, store);
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

fn io_error(lang: Lang, error: &std::io::Error) -> String {
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

fn import_stopped(lang: Lang, stopped: &ImportStopped) -> String {
    match (lang, stopped) {
        (Lang::En, _) => stopped.to_string(),
        (Lang::Vi, ImportStopped::Cancelled(path)) => {
            format!("đã hủy nhập {}: không ghi gì", file(path))
        }
        (
            Lang::Vi,
            ImportStopped::Strict {
                path, count, line, ..
            },
        ) => format!(
            "{}: {count} dòng bị từ chối nên (chế độ nghiêm ngặt) không nhập gì; dòng đầu tiên: {line}",
            file(path)
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

/// Why a file was refused as a whole, in the interface's language.
pub fn import_error(lang: Lang, error: &ImportError) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
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
            "{} không có trang tính \"{wanted}\"; các trang của nó: {sheets}",
            file(path)
        ),
        ImportError::ChooseSheet {
            path,
            tables,
            sheets,
        } => format!(
            "{} là sổ tính và {}: các trang của nó: {sheets}; hãy chọn một trang",
            file(path),
            if *tables == 0 {
                "không trang nào đọc được như bảng chỉ tiêu"
            } else {
                "nhiều trang đọc được như bảng chỉ tiêu"
            }
        ),
        ImportError::Mojibake { path, page, cells } => format!(
            "chữ UTF-8 trong {} từng bị đọc nhầm là {page} rồi lưu lại nên tên bị lỗi: {cells}; chưa nhập gì: hãy đánh dấu ô sửa chữ",
            file(path)
        ),
        ImportError::LegacyText {
            path, name, cells, ..
        } => format!(
            "{} có thể chứa chữ {name}, hiện ra thành ký hiệu trong Unicode: {cells}; chưa nhập gì: hãy chuyển sang Unicode hoặc chọn bảng mã khác",
            file(path)
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
            "{} trộn hai bảng mã: dòng {utf8_line} là UTF-8 nhưng dòng {other_line} thì không; hãy chọn bảng mã",
            file(path)
        ),
        ImportError::Decode { path, encoding, .. } => {
            format!("không giải mã được {} theo {encoding}", file(path))
        }
        ImportError::UnitList { path, line } => format!(
            "{} là danh sách đơn vị hành chính (tiêu đề ở dòng {line} gọi tên tỉnh, huyện, xã và mã của chúng), không phải bảng chỉ tiêu: hãy nạp nó bằng lệnh chiso import-units",
            file(path)
        ),
        ImportError::NoHeader { path, .. } => format!(
            "không dòng nào của {} giống dòng tiêu đề của bảng chỉ tiêu: cần một cột chỉ tiêu (\"Mã chỉ tiêu\", \"Tên chỉ tiêu\") và một cột số liệu (\"Giá trị\", \"Kết quả\" hoặc các kỳ như \"2021\")",
            file(path)
        ),
        ImportError::BadHeader { path, line, .. } => format!(
            "dòng {line} của {} không dùng được làm tiêu đề: hãy chọn vai trò của các cột trong bảng xem trước",
            file(path)
        ),
        ImportError::MissingAgency { path } => format!(
            "{} không có cột đơn vị: hãy cho biết đơn vị báo cáo",
            file(path)
        ),
        ImportError::AgencyColumnNotNamed {
            path,
            column,
            header,
        } => format!(
            "{} không có cột đơn vị mà chiso nhận ra, nhưng cột {column} (\"{header}\") mỗi dòng một tên khác: nếu đó là các đơn vị, hãy chọn vai trò \"đơn vị\" cho cột",
            file(path)
        ),
        ImportError::MissingIndicator { path } => format!(
            "{} không có cột chỉ tiêu: hãy cho biết chỉ tiêu của các số liệu",
            file(path)
        ),
        ImportError::MissingPeriod { path } => format!(
            "{} không có cột kỳ báo cáo và tiêu đề không nói kỳ nào: hãy cho biết kỳ báo cáo",
            file(path)
        ),
        ImportError::AmbiguousNumbers { path, examples } => {
            let listed: Vec<String> = examples
                .iter()
                .map(|(line, column, raw)| format!("\"{raw}\" (dòng {line}, cột {column})"))
                .collect();
            format!(
                "{}: các số {} đọc được hai cách (kiểu Việt Nam hay kiểu Anh) và không ô nào quyết định được: hãy chọn kiểu số",
                file(path),
                listed.join(", ")
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
            "{} viết số theo cả hai kiểu: dòng {vi_line}, cột {vi_column} có \"{vi_raw}\" (chỉ đọc được theo kiểu Việt Nam) nhưng dòng {en_line}, cột {en_column} có \"{en_raw}\" (chỉ đọc được theo kiểu Anh); hãy sửa tệp hoặc chọn một kiểu, các ô viết kiểu kia sẽ bị từ chối",
            file(path)
        ),
    }
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
