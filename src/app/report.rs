//! The meeting report: the year summary and its charts as one HTML file
//! (`chiso report`, and the Summary tab's export), and the chart files.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::domain::NumberFormat;
use crate::domain::summary::YearSummary;
use crate::export::html::{ReportChart, year_report};
use crate::export::svg::{BarChart, ChartWords, LineChart};
use crate::store::Store;

/// The words of the charts in the language of the number format.
pub fn chart_words(format: NumberFormat) -> ChartWords {
    match format {
        NumberFormat::Vi => ChartWords::vietnamese(),
        NumberFormat::En => ChartWords::english(),
    }
}

/// The summary of an agency (by code; the province when None) for a year.
pub fn load_summary(store: &Store, year: u32, agency_code: Option<&str>) -> Result<YearSummary> {
    let agency = match agency_code {
        Some(code) => store
            .agencies()?
            .into_iter()
            .find(|agency| agency.code == code)
            .with_context(|| {
                format!(
                    "no agency with code \"{code}\" in {}",
                    store.path().display()
                )
            })?,
        None => store
            .province_agency()?
            .with_context(|| format!("no province-level agency in {}", store.path().display()))?,
    };
    let Some(period) = store.summary_period(agency.id, year)? else {
        bail!(
            "{} ({}) has no targets for {year} in {}",
            agency.name,
            agency.code,
            store.path().display()
        );
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

/// The whole HTML report of an agency's year.
pub fn report_html(
    store: &Store,
    year: u32,
    agency_code: Option<&str>,
    format: NumberFormat,
) -> Result<String> {
    let summary = load_summary(store, year, agency_code)?;
    let charts = summary_charts(store, &summary, format)?;
    let database = store
        .path()
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    Ok(year_report(&summary, &charts, format, &database))
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

/// `chiso report --db FILE --year 2021 [--agency CODE] --out report.html`.
pub fn run(db: &Path, year: u32, agency: Option<&str>, out: &Path) -> Result<u8> {
    let store = crate::app::open::open_existing(db)?;
    let html = report_html(&store, year, agency, NumberFormat::Vi)?;
    write_atomically(out, html.as_bytes())?;
    writeln!(std::io::stdout(), "{}: report written", out.display())?;
    Ok(crate::app::EXIT_OK)
}
