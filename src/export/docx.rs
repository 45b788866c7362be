//! The year report as a Word draft (.docx) in the official form (Nghị định
//! 30/2020/NĐ-CP), for the analyst to finish in Word or LibreOffice: named
//! paragraph and table styles to restyle, real tables with the figures
//! right-aligned in the report's number format, the charts as PNG images,
//! A4 with the decree's margins, Times New Roman. No SQL, no egui.

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, LineSpacing, PageMargin, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts, Shading,
    SpecialIndentType, Style, StyleType, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::html::ReportChart;
use super::official::{
    CODE_SCALE, Column, MOTTO, NATIONAL_NAME, Outcome, ReportContent, page, sizes,
};
use super::svg::svg_to_png;

/// Why the Word file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("chart {number} could not be drawn: {source}")]
    Chart {
        number: usize,
        source: super::svg::PngError,
    },
    #[error("cannot pack the Word file: {0}")]
    Pack(String),
}

/// The font Word documents of the state are set in (LibreOffice shows it
/// with the metric-compatible Liberation Serif).
const FONT: &str = "Times New Roman";
/// The table's text size (pt), as in the HTML report.
const TABLE_SIZE: f64 = 11.0;
/// Charts are drawn at this resolution and placed this wide.
const CHART_DPI: f32 = 200.0;
const CHART_WIDTH_MM: f64 = 160.0;

/// The styles the document uses, by id; each has a name Word shows.
mod style {
    pub const BODY: &str = "BodyText";
    pub const HEADING: &str = "Heading1";
    pub const TITLE: &str = "Title";
    pub const SUBJECT: &str = "Subtitle";
    pub const HEADER: &str = "OfficialHeader";
    pub const TABLE: &str = "TableText";
    pub const TABLE_NUMBER: &str = "TableNumber";
    pub const TABLE_HEADING: &str = "TableHeading";
    pub const TABLE_CODE: &str = "TableCode";
    pub const TABLE_NOTE: &str = "TableNote";
    pub const FIGURE: &str = "Figure";
    pub const CAPTION: &str = "Caption";
    pub const RECIPIENTS: &str = "Recipients";
    pub const SIGNATURE: &str = "Signature";
    pub const FIGURES_TABLE: &str = "FiguresTable";
}

fn half_points(points: f64) -> usize {
    (points * 2.0).round() as usize
}

fn twips(millimetres: f64) -> usize {
    (millimetres * 1440.0 / 25.4).round() as usize
}

fn twips_i32(millimetres: f64) -> i32 {
    i32::try_from(twips(millimetres)).unwrap_or(i32::MAX)
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .east_asia(FONT)
        .cs(FONT)
}

/// Spacing before and after in points, single line.
fn spacing(before: f64, after: f64) -> LineSpacing {
    LineSpacing::new()
        .before((before * 20.0).round() as u32)
        .after((after * 20.0).round() as u32)
}

fn styles(docx: Docx) -> Docx {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .fonts(fonts())
            .size(half_points(sizes::BODY))
    };
    let body = paragraph(style::BODY, "Body Text")
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(twips_i32(12.7))),
            None,
            None,
        )
        .line_spacing(spacing(0.0, 6.0).line(276));
    let heading = paragraph(style::HEADING, "heading 1")
        .bold()
        .outline_lvl(0)
        .line_spacing(spacing(12.0, 6.0));
    let title = paragraph(style::TITLE, "Title")
        .bold()
        .size(half_points(sizes::TITLE))
        .align(AlignmentType::Center)
        .line_spacing(spacing(18.0, 0.0));
    let subject = paragraph(style::SUBJECT, "Subtitle")
        .bold()
        .size(half_points(sizes::TITLE))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 0.0));
    let header = paragraph(style::HEADER, "Official Header")
        .size(half_points(sizes::HEADER))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 0.0));
    let table = paragraph(style::TABLE, "Table Text")
        .size(half_points(TABLE_SIZE))
        .line_spacing(spacing(1.0, 1.0));
    let table_number = paragraph(style::TABLE_NUMBER, "Table Number")
        .based_on(style::TABLE)
        .size(half_points(TABLE_SIZE))
        .align(AlignmentType::Right)
        .line_spacing(spacing(1.0, 1.0));
    let table_heading = paragraph(style::TABLE_HEADING, "Table Heading")
        .based_on(style::TABLE)
        .size(half_points(TABLE_SIZE))
        .bold()
        .align(AlignmentType::Center)
        .line_spacing(spacing(1.0, 1.0));
    let table_code = paragraph(style::TABLE_CODE, "Table Code")
        .based_on(style::TABLE)
        .size(half_points(TABLE_SIZE * CODE_SCALE))
        .line_spacing(spacing(0.0, 1.0));
    let table_note = paragraph(style::TABLE_NOTE, "Table Note")
        .size(half_points(TABLE_SIZE))
        .italic()
        .line_spacing(spacing(3.0, 6.0));
    let figure = paragraph(style::FIGURE, "Figure")
        .align(AlignmentType::Center)
        .line_spacing(spacing(6.0, 0.0));
    let caption = paragraph(style::CAPTION, "caption")
        .size(24)
        .italic()
        .align(AlignmentType::Center)
        .line_spacing(spacing(3.0, 12.0));
    let recipients = paragraph(style::RECIPIENTS, "Recipients")
        .size(half_points(sizes::RECIPIENTS))
        .line_spacing(spacing(0.0, 0.0));
    let signature = paragraph(style::SIGNATURE, "Signature")
        .bold()
        .size(half_points(sizes::SIGNER))
        .align(AlignmentType::Center)
        .line_spacing(spacing(0.0, 0.0));
    let border = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    let figures_table = Style::new(style::FIGURES_TABLE, StyleType::Table)
        .name("Figures Table")
        .set_borders(
            TableBorders::new()
                .set(border(TableBorderPosition::Top))
                .set(border(TableBorderPosition::Left))
                .set(border(TableBorderPosition::Bottom))
                .set(border(TableBorderPosition::Right))
                .set(border(TableBorderPosition::InsideH))
                .set(border(TableBorderPosition::InsideV)),
        );
    docx.add_style(body)
        .add_style(heading)
        .add_style(title)
        .add_style(subject)
        .add_style(header)
        .add_style(table)
        .add_style(table_number)
        .add_style(table_heading)
        .add_style(table_code)
        .add_style(table_note)
        .add_style(figure)
        .add_style(caption)
        .add_style(recipients)
        .add_style(signature)
        .add_style(figures_table)
}

fn styled(id: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(id)
        .add_run(Run::new().add_text(text))
}

/// A short centred line under a block (the decree's rule under the issuing
/// body and the subject), `width_mm` long in a space `space_mm` wide.
fn rule(space_mm: f64, width_mm: f64) -> Paragraph {
    let side = twips_i32(((space_mm - width_mm) / 2.0).max(0.0));
    let mut paragraph = Paragraph::new()
        .style(style::HEADER)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(LineSpacing::new().line(120).before(0).after(0));
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .color("000000"),
        ),
    );
    paragraph
}

fn borderless(rows: Vec<TableRow>, widths_mm: &[f64]) -> Table {
    Table::without_borders(rows)
        .set_grid(widths_mm.iter().map(|width| twips(*width)).collect())
        .layout(TableLayoutType::Fixed)
        .width(twips(widths_mm.iter().sum()), WidthType::Dxa)
}

fn cell(width_mm: f64, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new().width(twips(width_mm), WidthType::Dxa),
        TableCell::add_paragraph,
    )
}

/// The issuing body left, the national name and motto right; the number
/// under the body, the place and date under the motto.
fn official_header(content: &ReportContent) -> Table {
    let header = &content.header;
    let (issuer_mm, nation_mm) = header.columns_mm(page::TEXT_WIDTH_MM);
    let top = TableRow::new(vec![
        cell(
            issuer_mm,
            vec![
                styled(style::HEADER, &header.parent_body),
                header.body_lines(issuer_mm).iter().enumerate().fold(
                    Paragraph::new().style(style::HEADER),
                    |paragraph, (index, line)| {
                        let mut run = Run::new();
                        if index > 0 {
                            run = run.add_break(BreakType::TextWrapping);
                        }
                        paragraph
                            .add_run(run.add_text(line).bold().size(half_points(sizes::HEADER)))
                    },
                ),
                rule(issuer_mm, issuer_mm * 0.4),
            ],
        ),
        cell(
            nation_mm,
            vec![
                Paragraph::new()
                    .style(style::HEADER)
                    .add_run(Run::new().add_text(NATIONAL_NAME).bold().size(24)),
                Paragraph::new().style(style::HEADER).add_run(
                    Run::new()
                        .add_text(MOTTO)
                        .bold()
                        .underline("single")
                        .size(half_points(sizes::MOTTO)),
                ),
            ],
        ),
    ]);
    let bottom = TableRow::new(vec![
        cell(
            issuer_mm,
            vec![
                Paragraph::new()
                    .style(style::HEADER)
                    .line_spacing(spacing(6.0, 0.0))
                    .add_run(
                        Run::new()
                            .add_text(header.number_line())
                            .size(half_points(sizes::NUMBER)),
                    ),
            ],
        ),
        cell(
            nation_mm,
            vec![
                Paragraph::new()
                    .style(style::HEADER)
                    .line_spacing(spacing(6.0, 0.0))
                    .add_run(
                        Run::new()
                            .add_text(header.place_date_line())
                            .italic()
                            .size(half_points(sizes::PLACE_DATE)),
                    ),
            ],
        ),
    ]);
    borderless(vec![top, bottom], &[issuer_mm, nation_mm])
}

fn heading(text: &str) -> Paragraph {
    styled(style::HEADING, text).keep_next(true)
}

fn figures_table(content: &ReportContent) -> Table {
    let table = &content.table;
    let widths = table.widths_mm(TABLE_SIZE, page::TEXT_WIDTH_MM);
    let header_row = TableRow::new(
        table
            .columns
            .iter()
            .zip(&widths)
            .map(|((_, header), width)| {
                cell(*width, vec![styled(style::TABLE_HEADING, header)])
                    .vertical_align(VAlignType::Center)
                    .shading(Shading::new().fill("E7E6E6"))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![header_row];
    for row in &table.rows {
        let cells = table
            .columns
            .iter()
            .zip(&row.cells)
            .zip(&widths)
            .map(|(((column, _), text), width)| {
                let id = if column.numeric() {
                    style::TABLE_NUMBER
                } else {
                    style::TABLE
                };
                let mut run = Run::new().add_text(text);
                if *column == Column::Result && row.outcome == Outcome::Missed {
                    run = run.bold();
                }
                let mut paragraphs = vec![Paragraph::new().style(id).add_run(run)];
                if *column == Column::Indicator {
                    paragraphs.push(
                        Paragraph::new().style(style::TABLE_CODE).add_run(
                            Run::new()
                                .add_text(&row.code)
                                .size(half_points(TABLE_SIZE * CODE_SCALE)),
                        ),
                    );
                }
                cell(*width, paragraphs)
            })
            .collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::new(rows)
        .style(style::FIGURES_TABLE)
        .set_grid(widths.iter().map(|width| twips(*width)).collect())
        .layout(TableLayoutType::Fixed)
        .width(twips(widths.iter().sum()), WidthType::Dxa)
}

fn chart_paragraphs(
    content: &ReportContent,
    number: usize,
    chart: &ReportChart,
) -> Result<[Paragraph; 2], DocxError> {
    let png =
        svg_to_png(&chart.svg, CHART_DPI).map_err(|source| DocxError::Chart { number, source })?;
    let (width_px, height_px) = png_size(&png).unwrap_or((1600, 900));
    let emu_per_mm = 36_000.0;
    let width_emu = CHART_WIDTH_MM * emu_per_mm;
    let height_emu = width_emu * f64::from(height_px) / f64::from(width_px.max(1));
    let picture = Pic::new_with_dimensions(png, width_px, height_px)
        .size(width_emu.round() as u32, height_emu.round() as u32);
    Ok([
        // The picture keeps to its caption, and neither is split.
        Paragraph::new()
            .style(style::FIGURE)
            .keep_next(true)
            .keep_lines(true)
            .add_run(Run::new().add_image(picture)),
        styled(
            style::CAPTION,
            &format!("{} {number}. {}", content.chart_word, chart.caption),
        ),
    ])
}

/// The pixel size in a PNG's IHDR.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let width = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    Some((width, height))
}

fn signature(content: &ReportContent) -> Table {
    let header = &content.header;
    let half = page::TEXT_WIDTH_MM / 2.0;
    let mut recipients = vec![
        Paragraph::new().style(style::RECIPIENTS).add_run(
            Run::new()
                .add_text(&content.recipients_heading)
                .bold()
                .italic()
                .size(half_points(sizes::RECIPIENTS_HEADING)),
        ),
    ];
    recipients.extend(
        header
            .recipient_lines()
            .iter()
            .map(|line| styled(style::RECIPIENTS, line)),
    );
    let mut signer = vec![
        styled(style::SIGNATURE, &header.signer_title),
        Paragraph::new().style(style::SIGNATURE).add_run(
            Run::new()
                .add_text(&content.signed_hint)
                .italic()
                .disable_bold()
                .size(24),
        ),
    ];
    signer.extend((0..4).map(|_| Paragraph::new().style(style::SIGNATURE)));
    signer.push(styled(style::SIGNATURE, &header.signer_name));
    borderless(
        vec![TableRow::new(vec![cell(half, recipients), cell(half, signer)]).cant_split()],
        &[half, half],
    )
}

/// The whole report as the bytes of a .docx file.
pub fn year_report(content: &ReportContent, charts: &[ReportChart]) -> Result<Vec<u8>, DocxError> {
    let mut docx = styles(Docx::new())
        .default_fonts(fonts())
        .default_size(half_points(sizes::BODY))
        .page_size(
            u32::try_from(twips(page::WIDTH_MM)).unwrap_or(11_906),
            u32::try_from(twips(page::HEIGHT_MM)).unwrap_or(16_838),
        )
        .page_margin(
            PageMargin::new()
                .top(twips_i32(page::TOP_MM))
                .bottom(twips_i32(page::BOTTOM_MM))
                .left(twips_i32(page::LEFT_MM))
                .right(twips_i32(page::RIGHT_MM))
                .header(720)
                .footer(720),
        )
        .add_table(official_header(content))
        .add_paragraph(styled(style::TITLE, &content.kind).keep_next(true))
        .add_paragraph(styled(style::SUBJECT, &content.subject).keep_next(true))
        .add_paragraph(rule(page::TEXT_WIDTH_MM, 40.0))
        .add_paragraph(heading(&content.overall_heading));
    for paragraph in &content.introduction {
        docx = docx.add_paragraph(styled(style::BODY, paragraph));
    }
    docx = docx
        .add_paragraph(
            Paragraph::new()
                .style(style::BODY)
                .add_run(Run::new().add_text(&content.headline).bold()),
        )
        .add_paragraph(heading(&content.missed_heading));
    if content.missed.is_empty() {
        docx = docx.add_paragraph(styled(style::BODY, &content.none_missed));
    }
    for item in &content.missed {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style(style::BODY)
                .add_run(Run::new().add_text("- "))
                .add_run(Run::new().add_text(&item.code).bold())
                .add_run(Run::new().add_text(format!(" — {}", item.text))),
        );
    }
    docx = docx
        .add_paragraph(heading(&content.table_heading))
        .add_table(figures_table(content));
    if let Some(note) = &content.table.source_note {
        docx = docx.add_paragraph(styled(style::TABLE_NOTE, note));
    }
    if !charts.is_empty() {
        docx = docx.add_paragraph(heading(&content.charts_heading));
        for (index, chart) in charts.iter().enumerate() {
            let [picture, caption] = chart_paragraphs(content, index + 1, chart)?;
            docx = docx.add_paragraph(picture).add_paragraph(caption);
        }
    }
    docx = docx
        .add_paragraph(styled(style::BODY, &content.closing).keep_next(true))
        .add_table(signature(content));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|error| DocxError::Pack(error.to_string()))?;
    Ok(bytes.into_inner())
}
