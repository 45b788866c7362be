//! The meeting report: the year summary and its charts in the official form,
//! as one HTML file or a Word draft (`chiso report`, and the Summary tab's
//! export), and the chart files.

use std::path::Path;

use anyhow::{Context, Result};

use crate::domain::NumberFormat;
use crate::domain::summary::YearSummary;
use crate::export::html::{ReportChart, year_report};
use crate::export::official::{OfficialHeader, ReportContent, report_content};
use crate::export::svg::{BarChart, ChartWords, LineChart};
use crate::store::Store;

/// The words of the charts in the language of the number format.
pub fn chart_words(format: NumberFormat) -> ChartWords {
    match format {
        NumberFormat::Vi => ChartWords::vietnamese(),
        NumberFormat::En => ChartWords::english(),
    }
}

/// Why no report (or summary) can be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no agency with code \"{code}\" in {db}")]
    NoAgency { code: String, db: String },
    #[error("no province-level agency in {db}")]
    NoProvince { db: String },
    #[error("{name} ({code}) has no targets for {year} in {db}")]
    NoTargets {
        name: String,
        code: String,
        year: u32,
        db: String,
    },
    #[error("cannot write a report as .{extension}: give a file ending in .html or .docx: {}", .path.display())]
    Extension {
        extension: String,
        path: std::path::PathBuf,
    },
}

/// The summary of an agency (by code; the province when None) for a year.
pub fn load_summary(store: &Store, year: u32, agency_code: Option<&str>) -> Result<YearSummary> {
    let agency = match agency_code {
        Some(code) => store
            .agencies()?
            .into_iter()
            .find(|agency| agency.code == code)
            .ok_or_else(|| ReportError::NoAgency {
                code: code.to_owned(),
                db: store.path().display().to_string(),
            })?,
        None => store
            .province_agency()?
            .ok_or_else(|| ReportError::NoProvince {
                db: store.path().display().to_string(),
            })?,
    };
    let Some(period) = store.summary_period(agency.id, year)? else {
        return Err(ReportError::NoTargets {
            name: agency.name,
            code: agency.code,
            year,
            db: store.path().display().to_string(),
        }
        .into());
    };
    Ok(store.year_summary(agency.id, &period)?)
}

/// The charts of a summary: attainment of every target, then the series of
/// each indicator that missed.
pub fn summary_charts(
    store: &Store,
    summary: &YearSummary,
    format: NumberFormat,
) -> Result<Vec<ReportChart>> {
    let words = chart_words(format);
    let mut charts = Vec::new();
    let attainment = BarChart::attainment(summary, &words);
    charts.push(ReportChart {
        caption: attainment.title.clone(),
        svg: attainment.to_svg(),
    });
    let Some(agency) = store
        .agencies()?
        .into_iter()
        .find(|agency| agency.code == summary.agency_code)
    else {
        return Ok(charts);
    };
    let indicators = store.indicators()?;
    for row in summary.missed() {
        let Some(indicator) = indicators
            .iter()
            .find(|indicator| indicator.id == row.indicator_id)
        else {
            continue;
        };
        let series = store.series_of(indicator, &agency, None, None)?;
        let refs: Vec<_> = series.iter().collect();
        if refs.is_empty() {
            continue;
        }
        let chart = LineChart::from_series(
            &format!("{} — {}", indicator.code, indicator.name),
            &refs,
            &words,
        );
        charts.push(ReportChart {
            caption: chart.title.clone(),
            svg: chart.to_svg(),
        });
    }
    Ok(charts)
}

/// The official blocks of the province's ICT department: the province and
/// the department as the database names them ("Tỉnh Khánh Hòa", "Sở Thông tin
/// và Truyền thông", code "STTTT"), dated this year.
pub fn official_header(store: &Store) -> Result<OfficialHeader> {
    let agencies = store.agencies()?;
    let province = store
        .province_agency()?
        .map_or_else(|| "Tỉnh Khánh Hòa".to_owned(), |agency| agency.name);
    let department = agencies.iter().find(|agency| {
        agency.code.eq_ignore_ascii_case("STTTT")
            || crate::domain::text::match_key(&agency.name).starts_with(
                &crate::domain::text::match_key("Sở Thông tin và Truyền thông"),
            )
    });
    Ok(OfficialHeader::ict_department(
        &province,
        department.map(|agency| (agency.name.as_str(), agency.code.as_str())),
        Some(current_year()),
    ))
}

/// This year by the system clock (UTC: a day either side of New Year does not matter here).
fn current_year() -> u32 {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() / 86_400);
    // Howard Hinnant's civil-from-days, for the year alone.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let year = year_of_era + era * 400 + u64::from(month_index >= 10);
    u32::try_from(year).unwrap_or(2025)
}

/// The report's content and charts for an agency's year.
pub fn report_parts(
    store: &Store,
    year: u32,
    agency_code: Option<&str>,
    format: NumberFormat,
) -> Result<(ReportContent, Vec<ReportChart>)> {
    let summary = load_summary(store, year, agency_code)?;
    let charts = summary_charts(store, &summary, format)?;
    let database = store
        .path()
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let mut content = report_content(&summary, format, official_header(store)?, &database);
    // Figures of the synthetic demo set say so first: never the real ones.
    let demo = store.demo_batches(crate::app::sample::demo_marker())?;
    if summary.rows.iter().any(|row| {
        row.batch_id
            .is_some_and(|batch| demo.batch_ids.contains(&batch))
    }) {
        content.introduction.insert(
            0,
            match format {
                NumberFormat::Vi => "Dữ liệu mẫu (giả lập): các số liệu của báo cáo này thuộc bộ \
                                     số liệu mẫu do chiso tạo ra để minh họa, không phải số liệu \
                                     thật của các cơ quan, đơn vị."
                    .to_owned(),
                NumberFormat::En => "Demo data (synthetic): the figures of this report belong to \
                                     the sample set chiso makes up for illustration, not to any \
                                     agency's real figures."
                    .to_owned(),
            },
        );
    }
    Ok((content, charts))
}

/// The whole HTML report of an agency's year.
pub fn report_html(
    store: &Store,
    year: u32,
    agency_code: Option<&str>,
    format: NumberFormat,
) -> Result<String> {
    let (content, charts) = report_parts(store, year, agency_code, format)?;
    Ok(year_report(&content, &charts))
}

/// The same report as a Word draft (.docx).
pub fn report_docx(
    store: &Store,
    year: u32,
    agency_code: Option<&str>,
    format: NumberFormat,
) -> Result<Vec<u8>> {
    let (content, charts) = report_parts(store, year, agency_code, format)?;
    crate::export::docx::year_report(&content, &charts).with_context(|| {
        format!(
            "cannot make the Word report from {}",
            store.path().display()
        )
    })
}

/// What a report file's extension asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Word,
}

impl ReportFormat {
    /// `.docx` is Word; `.html`, `.htm`, `.xhtml` or none is HTML; anything
    /// else is refused, naming the file.
    pub fn of_path(path: &Path) -> Result<ReportFormat> {
        let extension = path
            .extension()
            .map(|extension| extension.to_string_lossy().to_lowercase());
        match extension.as_deref() {
            Some("docx") => Ok(ReportFormat::Word),
            None | Some("html" | "htm" | "xhtml") => Ok(ReportFormat::Html),
            Some(other) => Err(ReportError::Extension {
                extension: other.to_owned(),
                path: path.to_path_buf(),
            }
            .into()),
        }
    }
}

/// Writes the report of an agency's year to `path`, as HTML or Word by its extension.
pub fn write_report(
    store: &Store,
    year: u32,
    agency_code: Option<&str>,
    format: NumberFormat,
    path: &Path,
) -> Result<()> {
    let bytes = match ReportFormat::of_path(path)? {
        ReportFormat::Html => report_html(store, year, agency_code, format)?.into_bytes(),
        ReportFormat::Word => report_docx(store, year, agency_code, format)?,
    };
    write_atomically(path, &bytes)
}

/// Writes a file through a temporary one beside it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, bytes)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// `chiso report --db FILE --year 2021 [--agency CODE] --out report.html|report.docx`.
pub fn run(db: &Path, year: u32, agency: Option<&str>, out: &Path) -> Result<u8> {
    // A wrong extension is refused before the database is opened.
    ReportFormat::of_path(out)?;
    let store = crate::app::open::open_existing(db)?;
    write_report(&store, year, agency, NumberFormat::Vi, out)?;
    Ok(crate::app::EXIT_OK)
}
