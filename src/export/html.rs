//! The year summary and its charts as one self-contained HTML file: inline
//! CSS and SVG, nothing fetched, A4 print styles. Well-formed XML as well,
//! so any XML tool can read it. No SQL, no egui.

use std::fmt::Write as _;

use super::svg::escape;
use crate::domain::NumberFormat;
use crate::domain::summary::{
    Attainment, YearSummary, change_text, format_figure, round_to, rule_label,
};

const STYLE: &str = "
@page { size: A4; margin: 15mm 12mm; }
body { font-family: 'Noto Sans', 'Segoe UI', Arial, sans-serif; color: #222; margin: 24px; font-size: 13px; }
h1 { font-size: 20px; margin: 0 0 4px 0; }
h2 { font-size: 16px; margin: 20px 0 8px 0; }
.meta { color: #555; margin: 0 0 12px 0; }
.headline { font-size: 18px; font-weight: bold; padding: 8px 12px; background: #eef5ee; border-left: 6px solid #2ca02c; }
.headline.warn { background: #fbeeee; border-left-color: #d62728; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
.met { color: #1e7b1e; font-weight: bold; }
.missed { color: #c01f1f; font-weight: bold; }
.mark { color: #a05a00; }
figure { margin: 16px 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { width: 100%; height: auto; max-width: 800px; }
figcaption { color: #555; font-size: 12px; }
footer { margin-top: 24px; color: #777; font-size: 11px; }
@media print {
  body { margin: 0; font-size: 10.5pt; }
  tr, figure { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  .headline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// A chart for the report: its caption and its SVG document.
pub struct ReportChart {
    pub caption: String,
    pub svg: String,
}

/// The report's words in one language.
struct Words {
    lang: &'static str,
    title: &'static str,
    missed: &'static str,
    none_missed: &'static str,
    table: &'static str,
    charts: &'static str,
    code: &'static str,
    indicator: &'static str,
    agency: &'static str,
    value: &'static str,
    target: &'static str,
    attainment: &'static str,
    result: &'static str,
    change: &'static str,
    checks: &'static str,
    source: &'static str,
    met: &'static str,
    not_met: &'static str,
    no_value: &'static str,
    period: &'static str,
    generated: &'static str,
}

const VI: Words = Words {
    lang: "vi",
    title: "Tổng hợp thực hiện chỉ tiêu kế hoạch",
    missed: "Chỉ tiêu chưa đạt",
    none_missed: "Tất cả chỉ tiêu đều đạt kế hoạch.",
    table: "Bảng tổng hợp",
    charts: "Biểu đồ",
    code: "Mã",
    indicator: "Chỉ tiêu",
    agency: "Đơn vị",
    value: "Thực hiện",
    target: "Kế hoạch",
    attainment: "Tỷ lệ đạt",
    result: "Đánh giá",
    change: "So với cùng kỳ năm trước",
    checks: "Kiểm tra",
    source: "Nguồn",
    met: "✓ Đạt",
    not_met: "✗ Không đạt",
    no_value: "✗ Chưa có số liệu",
    period: "Kỳ báo cáo",
    generated: "Lập bằng chiso từ cơ sở dữ liệu",
};

const EN: Words = Words {
    lang: "en",
    title: "Plan targets: year summary",
    missed: "Targets missed",
    none_missed: "Every target was met.",
    table: "Summary table",
    charts: "Charts",
    code: "Code",
    indicator: "Indicator",
    agency: "Agency",
    value: "Value",
    target: "Target",
    attainment: "Attainment",
    result: "Result",
    change: "Change on last year",
    checks: "Checks",
    source: "Source",
    met: "✓ Met",
    not_met: "✗ Not met",
    no_value: "✗ No figure",
    period: "Period",
    generated: "Made with chiso from the database",
};

/// Drops the XML prolog of a standalone SVG so it can sit inside HTML.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

/// The whole report. `database` names the source for the footer.
pub fn year_report(
    summary: &YearSummary,
    charts: &[ReportChart],
    format: NumberFormat,
    database: &str,
) -> String {
    let words = match format {
        NumberFormat::Vi => &VI,
        NumberFormat::En => &EN,
    };
    let headline = summary.headline();
    let headline_text = match format {
        NumberFormat::Vi => headline.text_vi(),
        NumberFormat::En => headline.text_en(),
    };
    let period_label = crate::domain::Period::parse(&summary.period).map_or_else(
        || summary.period.clone(),
        |period| match format {
            NumberFormat::Vi => period.label_vi(),
            NumberFormat::En => period.label_en(),
        },
    );
    let title = format!(
        "{} — {} — {}",
        words.title, summary.agency_name, period_label
    );
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        words.lang,
        escape(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: {} ({}) · {}: {}</p>",
        words.agency,
        escape(&summary.agency_name),
        escape(&summary.agency_code),
        words.period,
        escape(&period_label)
    );
    let missed = summary.missed();
    let class = if missed.is_empty() {
        "headline"
    } else {
        "headline warn"
    };
    let _ = writeln!(
        out,
        "<p class=\"{class}\" id=\"headline\">{}</p>",
        escape(&headline_text)
    );
    let _ = writeln!(out, "<h2>{}</h2>", words.missed);
    if missed.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", words.none_missed);
    } else {
        out.push_str("<ul class=\"missed-list\">\n");
        for row in &missed {
            let value = row.value.map_or_else(
                || words.no_value.trim_start_matches("✗ ").to_owned(),
                |value| format_figure(value, row.kind, row.qualifier.as_deref(), format),
            );
            let target = row
                .target
                .map(|target| format_figure(target, row.kind, None, format))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><b>{}</b> — {}: {} / {} {}</li>",
                escape(&row.indicator_code),
                escape(&row.indicator_name),
                escape(&value),
                words.target.to_lowercase(),
                escape(&target)
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<h2>{}</h2>", words.table);
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        words.code,
        words.indicator,
        words.value,
        words.target,
        words.attainment,
        words.result,
        words.change,
        words.checks,
        words.source
    );
    for row in &summary.rows {
        let value = row
            .value
            .map(|value| format_figure(value, row.kind, row.qualifier.as_deref(), format))
            .unwrap_or_else(|| "—".to_owned());
        let target = row
            .target
            .map(|target| format_figure(target, row.kind, None, format))
            .unwrap_or_default();
        let attainment = row
            .attainment_percent()
            .map(|percent| format!("{} %", format.format(round_to(percent, 1))))
            .unwrap_or_else(|| "—".to_owned());
        let (result_class, result) = match row.attainment() {
            Attainment::Met => ("met", words.met),
            Attainment::Missed => ("missed", words.not_met),
            Attainment::NoValue => ("missed", words.no_value),
            Attainment::NoTarget => ("", ""),
        };
        // The report's words follow its number format, as its other words do.
        let basis = row.previous_basis.text(format == NumberFormat::Vi);
        let change = match row.change() {
            Some(change) if basis.is_empty() => change_text(change, row.kind, format),
            Some(change) => format!("{} ({basis})", change_text(change, row.kind, format)),
            None if basis.is_empty() => "—".to_owned(),
            None => basis,
        };
        let marks: Vec<&str> = row
            .marks
            .iter()
            .map(|rule| rule_label(*rule, format))
            .collect();
        let _ = writeln!(
            out,
            "<tr data-code=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"{result_class}\">{result}</td><td class=\"num\">{}</td><td class=\"mark\">{}</td><td>{}</td></tr>",
            escape(&row.indicator_code),
            escape(&row.indicator_code),
            escape(&row.indicator_name),
            escape(&value),
            escape(&target),
            escape(&attainment),
            escape(&change),
            escape(&marks.join("; ")),
            escape(row.file_name.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody>\n</table>\n");
    if !charts.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", words.charts);
        for chart in charts {
            let _ = writeln!(
                out,
                "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>",
                inline_svg(&chart.svg).trim_end(),
                escape(&chart.caption)
            );
        }
    }
    let _ = writeln!(
        out,
        "<footer>{}: {}</footer>\n</body>\n</html>",
        words.generated,
        escape(database)
    );
    out
}
