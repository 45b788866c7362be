//! The year report as one self-contained HTML file in the official form
//! (Nghị định 30/2020/NĐ-CP): fonts embedded as base64 `@font-face`, inline
//! CSS and SVG, nothing fetched, A4 with the decree's margins. Well-formed
//! XML as well, so any XML tool can read it. No SQL, no egui.

use std::fmt::Write as _;

use base64::Engine as _;

use super::fonts;
use super::official::{
    CODE_SCALE, Column, MOTTO, NATIONAL_NAME, Outcome, ReportContent, page, sizes,
};
use super::svg::escape;

/// A chart for the report: its caption and its SVG document.
pub struct ReportChart {
    pub caption: String,
    pub svg: String,
}

/// The table's text size (pt).
const TABLE_SIZE: f64 = 11.0;

fn style() -> String {
    let face = |family: &str, weight: &str, style: &str, data: &[u8]| {
        format!(
            "@font-face {{ font-family: '{family}'; font-weight: {weight}; font-style: {style}; \
             src: url(data:font/ttf;base64,{}) format('truetype'); }}\n",
            base64::engine::general_purpose::STANDARD.encode(data)
        )
    };
    let serif = fonts::SERIF_FAMILY;
    let mut css = String::with_capacity(3 * 1024 * 1024);
    css.push_str(&face(serif, "normal", "normal", fonts::SERIF_REGULAR));
    css.push_str(&face(serif, "bold", "normal", fonts::SERIF_BOLD));
    css.push_str(&face(serif, "normal", "italic", fonts::SERIF_ITALIC));
    css.push_str(&face(serif, "bold", "italic", fonts::SERIF_BOLD_ITALIC));
    css.push_str(&face(
        "Noto Sans",
        "normal",
        "normal",
        fonts::NOTO_SANS_REGULAR,
    ));
    css.push_str(&face("Noto Sans", "bold", "normal", fonts::NOTO_SANS_BOLD));
    let _ = write!(
        css,
        "
@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm; }}
html {{ background: #e8e8e8; }}
body {{ font-family: '{serif}', 'Times New Roman', Times, serif; font-size: {body}pt; line-height: 1.3;
  color: #000; background: #fff; width: {text}mm; margin: 12px auto; padding: {top}mm {right}mm {bottom}mm {left}mm; }}
p {{ margin: 0; }}
table.official {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.official td {{ border: none; padding: 0; text-align: center; vertical-align: top; }}
.parent-body {{ font-size: {header}pt; }}
.issuing-body {{ font-size: {header}pt; font-weight: bold; }}
.national-name {{ font-size: 12pt; font-weight: bold; white-space: nowrap; }}
.motto {{ font-size: {motto}pt; font-weight: bold; }}
.motto span {{ border-bottom: 1px solid #000; padding-bottom: 1px; }}
.rule {{ width: 40%; margin: 4pt auto 0 auto; border-top: 1px solid #000; height: 0; }}
.number {{ font-size: {number}pt; padding-top: 6pt; }}
.place-date {{ font-size: {place}pt; font-style: italic; padding-top: 6pt; }}
h1.kind {{ font-size: {title}pt; font-weight: bold; text-align: center; margin: 18pt 0 0 0; }}
.subject {{ font-size: {title}pt; font-weight: bold; text-align: center; }}
h2 {{ font-size: {body}pt; font-weight: bold; margin: 12pt 0 6pt 0; break-after: avoid; page-break-after: avoid; }}
.text {{ text-align: justify; text-indent: 1.27cm; margin: 0 0 6pt 0; }}
.headline {{ font-weight: bold; }}
ul.missed-list {{ margin: 0 0 6pt 0; padding-left: 1.27cm; }}
table.figures {{ width: 100%; border-collapse: collapse; table-layout: fixed; font-size: {table}pt; line-height: 1.2; }}
table.figures th, table.figures td {{ border: 1px solid #000; padding: 2pt 5pt; vertical-align: top; }}
table.figures th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
table.figures td.num {{ text-align: right; white-space: nowrap; }}
table.figures td.result {{ white-space: nowrap; }}
table.figures span.code {{ font-size: {code}pt; white-space: nowrap; }}
table.figures td.missed {{ font-weight: bold; }}
.source-note {{ font-size: {table}pt; font-style: italic; margin: 3pt 0 6pt 0; }}
.keep {{ break-inside: avoid; page-break-inside: avoid; }}
figure {{ margin: 6pt 0 12pt 0; break-inside: avoid; page-break-inside: avoid; text-align: center; }}
figure svg {{ width: 100%; height: auto; max-width: {text}mm; }}
figcaption {{ font-size: 12pt; font-style: italic; }}
table.closing {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 12pt; break-inside: avoid; page-break-inside: avoid; }}
table.closing td {{ border: none; padding: 0; vertical-align: top; }}
td.recipients {{ width: 50%; text-align: left; }}
td.signer {{ width: 50%; text-align: center; }}
.recipients-heading {{ font-size: {recipients_heading}pt; font-weight: bold; font-style: italic; }}
.recipient {{ font-size: {recipients}pt; }}
.signer-title {{ font-size: {signer}pt; font-weight: bold; }}
.signed-hint {{ font-size: 12pt; font-style: italic; }}
.signer-name {{ font-size: {signer}pt; font-weight: bold; padding-top: 60pt; }}
@media print {{
  html {{ background: none; }}
  body {{ width: auto; margin: 0; padding: 0; }}
  tr {{ break-inside: avoid; page-break-inside: avoid; }}
  thead {{ display: table-header-group; }}
}}
",
        top = page::TOP_MM,
        right = page::RIGHT_MM,
        bottom = page::BOTTOM_MM,
        left = page::LEFT_MM,
        text = page::TEXT_WIDTH_MM,
        body = sizes::BODY,
        header = sizes::HEADER,
        motto = sizes::MOTTO,
        number = sizes::NUMBER,
        place = sizes::PLACE_DATE,
        title = sizes::TITLE,
        table = TABLE_SIZE,
        code = TABLE_SIZE * CODE_SCALE,
        recipients_heading = sizes::RECIPIENTS_HEADING,
        recipients = sizes::RECIPIENTS,
        signer = sizes::SIGNER,
    );
    css
}

/// Drops the XML prolog of a standalone SVG so it can sit inside HTML.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

/// The whole report.
pub fn year_report(content: &ReportContent, charts: &[ReportChart]) -> String {
    let header = &content.header;
    let title = format!("{} — {}", content.kind, content.subject);
    let mut out = String::with_capacity(4 * 1024 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        content.lang,
        escape(&title),
        style()
    );
    // The issuing body left, the national name and motto right; the number
    // under the body, the place and date under the motto.
    let (issuer_mm, nation_mm) = header.columns_mm(page::TEXT_WIDTH_MM);
    let _ = writeln!(
        out,
        "<table class=\"official\" id=\"official-header\">\
         <colgroup><col style=\"width: {:.1}%\"/><col style=\"width: {:.1}%\"/></colgroup><tr>\
         <td class=\"issuer\"><p class=\"parent-body\">{}</p><p class=\"issuing-body\">{}</p><div class=\"rule\"></div></td>\
         <td class=\"nation\"><p class=\"national-name\">{NATIONAL_NAME}</p><p class=\"motto\"><span>{MOTTO}</span></p></td>\
         </tr><tr>\
         <td class=\"issuer\"><p class=\"number\">{}</p></td>\
         <td class=\"nation\"><p class=\"place-date\">{}</p></td>\
         </tr></table>",
        issuer_mm / page::TEXT_WIDTH_MM * 100.0,
        nation_mm / page::TEXT_WIDTH_MM * 100.0,
        escape(&header.parent_body),
        header
            .body_lines(issuer_mm)
            .iter()
            .map(|line| escape(line))
            .collect::<Vec<_>>()
            .join("<br/>"),
        escape(&header.number_line()),
        escape(&header.place_date_line()),
    );
    let _ = writeln!(
        out,
        "<h1 class=\"kind\">{}</h1>\n<p class=\"subject\">{}</p>\n<div class=\"rule\"></div>",
        escape(&content.kind),
        escape(&content.subject)
    );
    let _ = writeln!(out, "<h2>{}</h2>", escape(&content.overall_heading));
    for paragraph in &content.introduction {
        let _ = writeln!(out, "<p class=\"text\">{}</p>", escape(paragraph));
    }
    let _ = writeln!(
        out,
        "<p class=\"text headline\" id=\"headline\">{}</p>",
        escape(&content.headline)
    );
    let _ = writeln!(
        out,
        "<div class=\"keep\"><h2>{}</h2>",
        escape(&content.missed_heading)
    );
    if content.missed.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"text\">{}</p></div>",
            escape(&content.none_missed)
        );
    } else {
        out.push_str("<ul class=\"missed-list\">\n");
        for item in &content.missed {
            let _ = writeln!(
                out,
                "<li><b>{}</b> — {}</li>",
                escape(&item.code),
                escape(&item.text)
            );
        }
        out.push_str("</ul></div>\n");
    }
    figures_table(&mut out, content);
    if !charts.is_empty() {
        out.push_str("<section class=\"charts\">\n");
        for (index, chart) in charts.iter().enumerate() {
            // The heading travels with the first chart: never alone at a page's foot.
            let heading = if index == 0 {
                format!("<h2>{}</h2>\n", escape(&content.charts_heading))
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<div class=\"keep\">{heading}<figure>\n{}\n<figcaption>{} {}. {}</figcaption>\n</figure></div>",
                inline_svg(&chart.svg).trim_end(),
                escape(&content.chart_word),
                index + 1,
                escape(&chart.caption)
            );
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(out, "<p class=\"text\">{}</p>", escape(&content.closing));
    signature(&mut out, content);
    out.push_str("</body>\n</html>\n");
    out
}

fn figures_table(out: &mut String, content: &ReportContent) {
    let table = &content.table;
    let widths = table.widths_mm(TABLE_SIZE, page::TEXT_WIDTH_MM);
    let total: f64 = widths.iter().sum();
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<table class=\"figures\">\n<colgroup>",
        escape(&content.table_heading)
    );
    for width in &widths {
        let _ = write!(
            out,
            "<col style=\"width: {:.1}%\"/>",
            width / total.max(f64::EPSILON) * 100.0
        );
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for (_, header) in &table.columns {
        let _ = write!(out, "<th>{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        let _ = write!(out, "<tr data-code=\"{}\">", escape(&row.code));
        for ((column, _), cell) in table.columns.iter().zip(&row.cells) {
            let class = match column {
                Column::Result if row.outcome == Outcome::Missed => "result missed",
                Column::Result => "result",
                column if column.numeric() => "num",
                _ => "",
            };
            if *column == Column::Indicator {
                let _ = write!(
                    out,
                    "<td>{}<br/><span class=\"code\">{}</span></td>",
                    escape(cell),
                    escape(&row.code)
                );
            } else {
                let _ = write!(out, "<td class=\"{class}\">{}</td>", escape(cell));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if let Some(note) = &table.source_note {
        let _ = writeln!(out, "<p class=\"source-note\">{}</p>", escape(note));
    }
}

fn signature(out: &mut String, content: &ReportContent) {
    let header = &content.header;
    let _ = write!(
        out,
        "<table class=\"closing\" id=\"signature\"><tr><td class=\"recipients\"><p class=\"recipients-heading\">{}</p>",
        escape(&content.recipients_heading)
    );
    for line in header.recipient_lines() {
        let _ = write!(out, "<p class=\"recipient\">{}</p>", escape(&line));
    }
    let _ = writeln!(
        out,
        "</td><td class=\"signer\"><p class=\"signer-title\">{}</p><p class=\"signed-hint\">{}</p><p class=\"signer-name\">{}</p></td></tr></table>",
        escape(&header.signer_title),
        escape(&content.signed_hint),
        escape(&header.signer_name)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::official::OfficialHeader;

    #[test]
    fn the_fonts_are_embedded_and_the_page_has_the_decrees_margins() {
        let css = style();
        assert_eq!(css.matches("@font-face").count(), 6);
        assert!(css.contains("margin: 20mm 15mm 20mm 30mm"), "A4 margins");
        assert!(css.contains("break-after: avoid"));
        assert!(css.contains("break-inside: avoid"));
        let header = OfficialHeader::ict_department("Tỉnh Khánh Hòa", None, Some(2022));
        assert!(crate::export::official::words(crate::domain::NumberFormat::Vi).kind == "BÁO CÁO");
        assert!(header.parent_body.contains("KHÁNH HÒA"));
    }
}
