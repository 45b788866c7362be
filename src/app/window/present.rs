//! Presentation mode: full screen, large type, one slide at a time — the
//! year summary of the province (its headline and misses, then its table
//! split over as many slides as the screen needs), one time-series chart per
//! selected indicator (or per indicator with a target when none is
//! selected), and "Hết". The arrows, PageUp/PageDown, Space, Home and End
//! move, Esc leaves; the slides follow the selection.
//!
//! The table slides are laid out by measuring their text with the fonts in
//! use: codes and "Không đạt" are never wrapped, names wrap by words in the
//! width the other columns leave, the type shrinks until the names have
//! room, and rows are split into pages that fit the screen, so nothing is
//! ever scrolled.

use std::ops::Range;

use egui::{
    Align, Color32, FontId, Key, Layout, Modifiers, Rect, RichText, TextWrapMode, UiBuilder, Vec2,
    pos2, vec2,
};

use super::chart::{MISSED_COLOUR, PlotGroup, build_groups, line_plot_ui};
use super::demo::{badge_sized_ui, is_demo_batch};
use super::summary::{MET_COLOUR, headline_text};
use super::{Command, ViewContext};
use crate::app::session::{Read, SlideData};
use crate::app::strings::{ChartTexts, Lang};
use crate::domain::NumberFormat;
use crate::domain::summary::{
    Attainment, SummaryRow, YearSummary, change_text, format_figure, round_to, rule_label,
};
use crate::store::ObservationFilter;

#[derive(Clone, PartialEq)]
struct CacheKey {
    data_version: u64,
    filter: ObservationFilter,
    lang: Lang,
    format: NumberFormat,
    demo_files: Vec<String>,
}

/// One slide of the presentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slide {
    /// The year's headline and the targets missed.
    Overview,
    /// Rows `rows` of the summary table: page `page` (from 1) of `pages`.
    Table {
        rows: Range<usize>,
        page: usize,
        pages: usize,
    },
    /// The chart of one indicator (an index into the charts).
    Chart(usize),
    /// "Hết": the presentation is over.
    End,
}

/// The slides' state.
#[derive(Default)]
pub struct Presentation {
    /// The slide shown (0 is the summary's headline).
    pub index: usize,
    entered: bool,
    context: Option<egui::Context>,
    key: Option<CacheKey>,
    generation: u64,
    /// Why the newest query failed.
    failed: Option<String>,
    summary: Option<YearSummary>,
    charts: Vec<(String, Vec<PlotGroup>)>,
    loading: bool,
    /// The summary's rows split into pages that fit the screen (laid out
    /// every frame: the screen or the type may change).
    pages: Vec<Range<usize>>,
}

impl Drop for Presentation {
    fn drop(&mut self) {
        // Leaving by F11 drops the presentation: leave full screen too.
        if let Some(context) = &self.context {
            context.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
    }
}

/// The columns of a table slide.
const COLUMNS: usize = 7;
const CODE: usize = 0;
const NAME: usize = 1;

/// The texts of one table row, and how they are drawn.
struct RowTexts {
    observation_id: i64,
    /// Code, name, value, target, attainment, result, change.
    cells: [String; COLUMNS],
    result_colour: Option<Color32>,
    change_colour: Option<Color32>,
    /// The consistency rules the figure breaks, under its name.
    marks: Option<String>,
    /// A figure of the synthetic demo set (a badge under its name).
    demo: bool,
}

/// How a table slide is laid out at the current screen size.
struct TableLayout {
    /// The body's type size.
    size: f32,
    widths: [f32; COLUMNS],
    gap: f32,
    padding: f32,
    header_height: f32,
    row_heights: Vec<f32>,
}

/// Orange for consistency marks, as in the summary tab.
const MARK_COLOUR: Color32 = Color32::from_rgb(190, 110, 0);

impl Presentation {
    /// The slides, in order.
    pub fn slides(&self) -> Vec<Slide> {
        let mut slides = vec![Slide::Overview];
        let pages = self.pages.len();
        slides.extend(
            self.pages
                .iter()
                .enumerate()
                .map(|(index, rows)| Slide::Table {
                    rows: rows.clone(),
                    page: index + 1,
                    pages,
                }),
        );
        slides.extend((0..self.charts.len()).map(Slide::Chart));
        slides.push(Slide::End);
        slides
    }

    /// The number of slides.
    pub fn slide_count(&self) -> usize {
        2 + self.pages.len() + self.charts.len()
    }

    /// The slide shown.
    pub fn current(&self) -> Slide {
        self.slides().get(self.index).cloned().unwrap_or(Slide::End)
    }

    fn request(&mut self, context: &ViewContext<'_>) -> Option<Command> {
        let key = CacheKey {
            data_version: context.data_version,
            filter: context.filter.clone(),
            lang: context.lang,
            format: context.number_format,
            demo_files: context.demo.file_names.clone(),
        };
        if self.key.as_ref() == Some(&key) {
            return None;
        }
        self.key = Some(key);
        self.loading = true;
        self.generation += 1;
        self.failed = None;
        Some(Command::Read(Read::Slides {
            generation: self.generation,
            filter: context.filter.clone(),
        }))
    }

    /// The slides arrived.
    pub fn on_answer(&mut self, generation: u64, data: SlideData) {
        if generation != self.generation {
            return;
        }
        let Some(key) = &self.key else {
            return;
        };
        let (lang, format) = (key.lang, key.format);
        self.loading = false;
        self.summary = data.summary;
        self.charts = data
            .charts
            .into_iter()
            .map(|(title, series)| {
                let groups = build_groups(&series, lang, format, &key.demo_files);
                (title, groups)
            })
            .collect();
    }

    /// The query `generation` failed: the slide says why.
    pub fn on_failed(&mut self, generation: u64, text: &str) {
        if generation == self.generation {
            self.loading = false;
            self.failed = Some(text.to_owned());
        }
    }

    /// Shows the current slide; returns what it asks of the window
    /// ([`Command::LeavePresentation`] on Esc).
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
        let texts = context.lang.charts();
        let mut actions = Vec::new();
        if !self.entered {
            self.entered = true;
            self.context = Some(ui.ctx().clone());
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
        let (leave, next, previous, first, last) = ui.ctx().input_mut(|input| {
            (
                input.consume_key(Modifiers::NONE, Key::Escape),
                input.consume_key(Modifiers::NONE, Key::ArrowRight)
                    || input.consume_key(Modifiers::NONE, Key::PageDown)
                    || input.consume_key(Modifiers::NONE, Key::Space),
                input.consume_key(Modifiers::NONE, Key::ArrowLeft)
                    || input.consume_key(Modifiers::NONE, Key::PageUp),
                input.consume_key(Modifiers::NONE, Key::Home),
                input.consume_key(Modifiers::NONE, Key::End),
            )
        });
        if leave {
            if let Some(context) = self.context.take() {
                context.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            actions.push(Command::LeavePresentation);
            return actions;
        }
        if let Some(action) = self.request(context) {
            actions.push(action);
        }

        let screen = ui.available_rect_before_wrap();
        let size = body_size(screen.height());
        let footer_height = (size * 0.7 * 1.8).ceil();
        let slide_rect =
            Rect::from_min_max(screen.min, pos2(screen.max.x, screen.max.y - footer_height));
        let footer_rect = Rect::from_min_max(pos2(screen.min.x, slide_rect.max.y), screen.max);

        let rows: Vec<RowTexts> = self.summary.as_ref().map_or_else(Vec::new, |summary| {
            summary
                .rows
                .iter()
                .map(|row| {
                    let mut texts = row_texts(row, texts, context.number_format);
                    texts.demo = is_demo_batch(row.batch_id, context.demo);
                    texts
                })
                .collect()
        });
        let layout = (!rows.is_empty()).then(|| {
            let heading = heading_height(ui, size, slide_rect.width());
            let table_height = slide_rect.height() - heading - size * 0.6;
            let layout = table_layout(ui, texts, &rows, size, slide_rect.width());
            self.pages = paginate(&layout.row_heights, table_height - layout.header_height);
            layout
        });
        if layout.is_none() {
            self.pages.clear();
        }

        let count = self.slide_count();
        if next {
            self.index += 1;
        }
        if previous {
            self.index = self.index.saturating_sub(1);
        }
        if first {
            self.index = 0;
        }
        if last {
            self.index = count - 1;
        }
        self.index = self.index.min(count - 1);

        let slide = self.current();
        let mut sources: Vec<String> = Vec::new();
        ui.scope_builder(UiBuilder::new().max_rect(slide_rect), |ui| {
            ui.set_clip_rect(slide_rect.intersect(ui.clip_rect()));
            if let Some(failed) = &self.failed {
                ui.colored_label(ui.visuals().error_fg_color, failed);
            }
            match &slide {
                Slide::Overview => {
                    self.overview_ui(ui, context, size);
                    if let Some(summary) = &self.summary {
                        sources = distinct_files(summary.rows.iter());
                    }
                }
                Slide::Table {
                    rows: range,
                    page,
                    pages,
                } => {
                    if let (Some(summary), Some(layout)) = (&self.summary, &layout) {
                        heading_ui(ui, &summary_heading(summary, texts, *page, *pages), size);
                        ui.add_space(size * 0.6);
                        if let Some(observation_id) =
                            table_ui(ui, context.lang, layout, &rows, range.clone())
                        {
                            actions.push(Command::JumpTo { observation_id });
                        }
                        sources = distinct_files(summary.rows[range.clone()].iter());
                    }
                }
                Slide::Chart(index) => {
                    if let Some((title, groups)) = self.charts.get(*index) {
                        sources = chart_files(groups);
                        if let Some(observation_id) =
                            self.chart_ui(ui, title, groups, *index, context, size)
                        {
                            actions.push(Command::JumpTo { observation_id });
                        }
                    }
                }
                Slide::End => end_ui(ui, texts, size, slide_rect),
            }
        });
        footer_ui(
            ui,
            footer_rect,
            texts,
            &sources,
            self.index + 1,
            count,
            size * 0.7,
            self.loading,
        );
        ui.allocate_rect(screen, egui::Sense::hover());
        actions
    }

    /// The headline and the targets missed.
    fn overview_ui(&self, ui: &mut egui::Ui, context: &ViewContext<'_>, size: f32) {
        let texts = context.lang.charts();
        let Some(summary) = &self.summary else {
            ui.label(
                RichText::new(if self.loading {
                    texts.loading
                } else {
                    texts.no_targets
                })
                .size(size),
            );
            return;
        };
        heading_ui(
            ui,
            &format!(
                "{} — {} {}",
                texts.summary_title, summary.agency_name, summary.period
            ),
            size,
        );
        if summary
            .rows
            .iter()
            .any(|row| is_demo_batch(row.batch_id, context.demo))
        {
            badge_sized_ui(ui, context.lang.main(), Some(size * 0.8));
        }
        ui.add_space(size * 0.8);
        let missed = summary.missed();
        ui.label(
            RichText::new(headline_text(summary, context.lang))
                .size(size * 1.6)
                .strong()
                .color(if missed.is_empty() {
                    MET_COLOUR
                } else {
                    MISSED_COLOUR
                }),
        );
        ui.add_space(size * 0.8);
        if missed.is_empty() {
            ui.label(
                RichText::new(texts.none_missed)
                    .size(size)
                    .color(MET_COLOUR),
            );
            return;
        }
        ui.label(RichText::new(texts.missed_title).size(size).strong());
        let format = context.number_format;
        for row in missed {
            let line = format!(
                "× {} — {}: {} / {} {}",
                row.indicator_code,
                row.indicator_name,
                figure(row.value, row, row.qualifier.as_deref(), format),
                texts.col_target.to_lowercase(),
                figure(row.target, row, None, format)
            );
            ui.label(RichText::new(line).size(size).color(MISSED_COLOUR));
        }
    }

    fn chart_ui(
        &self,
        ui: &mut egui::Ui,
        title: &str,
        groups: &[PlotGroup],
        index: usize,
        context: &ViewContext<'_>,
        size: f32,
    ) -> Option<i64> {
        heading_ui(ui, title, size);
        if groups.is_empty() {
            ui.label(RichText::new(context.lang.charts().no_data).size(size));
            return None;
        }
        // Axis and legend type large enough for the room.
        for font in ui.style_mut().text_styles.values_mut() {
            font.size = font.size.max(size * 0.6);
        }
        let height = (ui.available_height() / groups.len() as f32 - size * 0.5).max(120.0);
        let mut clicked = None;
        for group in groups {
            let salt = format!("present-{index}-{}", group.rate);
            if let Some(observation_id) =
                line_plot_ui(ui, group, &salt, false, height, context.lang, true)
            {
                clicked = Some(observation_id);
            }
        }
        clicked
    }
}

/// The body's type size for a screen this high: 24 points on a 768-pixel
/// laptop, 34 on a 1080-pixel projector.
fn body_size(height: f32) -> f32 {
    (height / 31.0).clamp(14.0, 34.0).floor()
}

fn heading_size(size: f32) -> f32 {
    (size * 1.3).round()
}

/// The height of a one-line heading.
fn heading_height(ui: &egui::Ui, size: f32, width: f32) -> f32 {
    ui.painter()
        .layout(
            "Ẩy".to_owned(),
            FontId::proportional(heading_size(size)),
            Color32::WHITE,
            width,
        )
        .size()
        .y
        + ui.spacing().item_spacing.y
}

fn heading_ui(ui: &mut egui::Ui, text: &str, size: f32) {
    ui.add(
        egui::Label::new(RichText::new(text).size(heading_size(size)).strong())
            .wrap_mode(TextWrapMode::Truncate),
    );
}

/// "Tổng hợp năm — Khánh Hòa 2021 (1/2)".
fn summary_heading(summary: &YearSummary, texts: &ChartTexts, page: usize, pages: usize) -> String {
    let title = format!(
        "{} — {} {}",
        texts.summary_title, summary.agency_name, summary.period
    );
    if pages > 1 {
        format!("{title} ({page}/{pages})")
    } else {
        title
    }
}

fn figure(
    value: Option<f64>,
    row: &SummaryRow,
    qualifier: Option<&str>,
    format: NumberFormat,
) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |value| format_figure(value, row.kind, qualifier, format),
    )
}

fn row_texts(row: &SummaryRow, texts: &ChartTexts, format: NumberFormat) -> RowTexts {
    let (result, result_colour) = match row.attainment() {
        Attainment::Met => (texts.met, Some(MET_COLOUR)),
        Attainment::Missed => (texts.not_met, Some(MISSED_COLOUR)),
        Attainment::NoValue => (texts.no_value, Some(MISSED_COLOUR)),
        Attainment::NoTarget => ("", None),
    };
    let (change, change_colour) = match row.change() {
        Some(change) => (
            change_text(change, row.kind, format),
            match change.improved {
                Some(true) => Some(MET_COLOUR),
                Some(false) => Some(MISSED_COLOUR),
                None => None,
            },
        ),
        None => ("—".to_owned(), None),
    };
    let marks: Vec<&str> = row
        .marks
        .iter()
        .map(|rule| rule_label(*rule, format))
        .collect();
    RowTexts {
        observation_id: row.observation_id,
        cells: [
            row.indicator_code.clone(),
            row.indicator_name.clone(),
            figure(row.value, row, row.qualifier.as_deref(), format),
            figure(row.target, row, None, format),
            row.attainment_percent().map_or_else(
                || "—".to_owned(),
                |percent| format!("{} %", format.format(round_to(percent, 1))),
            ),
            result.to_owned(),
            change,
        ],
        result_colour,
        change_colour,
        marks: (!marks.is_empty()).then(|| format!("▲ {}", marks.join("; "))),
        demo: false,
    }
}

/// The summary's columns as a slide shows them (the Summary tab adds its
/// checks and sources).
pub(super) fn headers(texts: &ChartTexts) -> [&'static str; COLUMNS] {
    [
        texts.col_code,
        texts.col_indicator,
        texts.col_value,
        texts.col_target,
        texts.col_attainment,
        texts.col_result,
        texts.col_change,
    ]
}

fn text_width(ui: &egui::Ui, text: &str, size: f32) -> f32 {
    ui.painter()
        .layout_no_wrap(text.to_owned(), FontId::proportional(size), Color32::WHITE)
        .size()
        .x
}

fn wrapped_height(ui: &egui::Ui, text: &str, size: f32, width: f32) -> f32 {
    ui.painter()
        .layout(
            text.to_owned(),
            FontId::proportional(size),
            Color32::WHITE,
            width,
        )
        .size()
        .y
}

/// Measures the columns at the largest type (from `size` down) that leaves
/// the names at least nine type sizes of width.
fn table_layout(
    ui: &egui::Ui,
    texts: &ChartTexts,
    rows: &[RowTexts],
    size: f32,
    width: f32,
) -> TableLayout {
    let headers = headers(texts);
    let mut size = size;
    loop {
        let gap = (size * 0.7).round();
        let mut widths = [0.0_f32; COLUMNS];
        for (column, width) in widths.iter_mut().enumerate() {
            if column == NAME {
                continue;
            }
            // A header wraps by words; a cell never does.
            let header = headers[column]
                .split_whitespace()
                .map(|word| text_width(ui, word, size))
                .fold(0.0, f32::max);
            let cells = rows
                .iter()
                .map(|row| text_width(ui, &row.cells[column], size))
                .fold(0.0, f32::max);
            *width = header.max(cells).ceil() + 1.0;
        }
        let fixed: f32 = widths.iter().sum::<f32>() + gap * (COLUMNS - 1) as f32;
        widths[NAME] = (width - fixed).floor();
        if widths[NAME] >= size * 9.0 || size <= 12.0 {
            let padding = (size * 0.3).round();
            let header_height = headers
                .iter()
                .zip(widths)
                .map(|(title, width)| wrapped_height(ui, title, size, width))
                .fold(0.0, f32::max)
                + 2.0 * padding;
            let row_heights = rows
                .iter()
                .map(|row| {
                    let name = wrapped_height(ui, &row.cells[NAME], size, widths[NAME]);
                    let marks = row.marks.as_ref().map_or(0.0, |marks| {
                        wrapped_height(ui, marks, size * 0.75, widths[NAME])
                    });
                    let badge = if row.demo {
                        wrapped_height(ui, "Ẩy", size * 0.75, widths[NAME])
                            + ui.spacing().item_spacing.y
                    } else {
                        0.0
                    };
                    (name + marks + badge).ceil() + 2.0 * padding
                })
                .collect();
            return TableLayout {
                size,
                widths,
                gap,
                padding,
                header_height,
                row_heights,
            };
        }
        size = (size - 1.0).max(12.0);
    }
}

/// Splits rows of these heights into pages of at most `height`, as evenly
/// as the heights allow (15 rows that need two pages make 8 and 7, not 14
/// and 1). Every page holds at least one row.
fn paginate(row_heights: &[f32], height: f32) -> Vec<Range<usize>> {
    let greedy = |max_rows: usize| {
        let mut pages = Vec::new();
        let mut start = 0;
        let mut used = 0.0;
        for (index, row_height) in row_heights.iter().enumerate() {
            if index > start && (used + row_height > height || index - start >= max_rows) {
                pages.push(start..index);
                start = index;
                used = 0.0;
            }
            used += row_height;
        }
        if start < row_heights.len() {
            pages.push(start..row_heights.len());
        }
        pages
    };
    let pages = greedy(usize::MAX);
    if pages.len() < 2 {
        return pages;
    }
    let even = greedy(row_heights.len().div_ceil(pages.len()));
    if even.len() == pages.len() {
        even
    } else {
        pages
    }
}

/// Draws the rows of one table slide; returns the observation whose code was clicked.
fn table_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    layout: &TableLayout,
    rows: &[RowTexts],
    range: Range<usize>,
) -> Option<i64> {
    let texts = lang.charts();
    let size = layout.size;
    let mut lefts = [0.0_f32; COLUMNS];
    let mut x = ui.cursor().min.x;
    for (column, left) in lefts.iter_mut().enumerate() {
        *left = x;
        x += layout.widths[column] + layout.gap;
    }
    let right = x - layout.gap;
    let numeric = |column: usize| (2..=4).contains(&column);
    let cell = |column: usize, top: f32, height: f32| {
        Rect::from_min_size(
            pos2(lefts[column], top + layout.padding),
            vec2(layout.widths[column], height - 2.0 * layout.padding),
        )
    };
    let mut top = ui.cursor().min.y;
    // The header.
    let text_colour = ui.visuals().strong_text_color();
    let rule = ui.visuals().widgets.noninteractive.bg_stroke;
    for (column, title) in headers(texts).iter().enumerate() {
        let rect = cell(column, top, layout.header_height);
        let align = if numeric(column) {
            Align::Max
        } else {
            Align::Min
        };
        ui.scope_builder(
            UiBuilder::new()
                .max_rect(rect)
                .layout(Layout::top_down(align)),
            |ui| {
                ui.add(
                    egui::Label::new(RichText::new(*title).size(size).strong().color(text_colour))
                        .wrap_mode(TextWrapMode::Wrap),
                );
            },
        );
    }
    top += layout.header_height;
    ui.painter().hline(lefts[0]..=right, top, rule);
    let mut clicked = None;
    // Rows and their measured heights are of the whole summary: this page's
    // rows keep their own heights.
    for index in range {
        let (Some(row), Some(height)) = (rows.get(index), layout.row_heights.get(index).copied())
        else {
            break;
        };
        let row_rect = Rect::from_min_max(pos2(lefts[0], top), pos2(right, top + height));
        if index % 2 == 1 {
            ui.painter()
                .rect_filled(row_rect, 0.0, ui.visuals().faint_bg_color);
        }
        for column in 0..COLUMNS {
            let rect = cell(column, top, height);
            let align = if numeric(column) {
                Align::Max
            } else {
                Align::Min
            };
            ui.scope_builder(
                UiBuilder::new()
                    .max_rect(rect)
                    .layout(Layout::top_down(align)),
                |ui| {
                    let text = RichText::new(&row.cells[column]).size(size);
                    match column {
                        CODE => {
                            ui.style_mut().wrap_mode = Some(TextWrapMode::Extend);
                            if ui.link(text.strong()).clicked() {
                                clicked = Some(row.observation_id);
                            }
                        }
                        NAME => {
                            ui.add(egui::Label::new(text).wrap_mode(TextWrapMode::Wrap));
                            if let Some(marks) = &row.marks {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(marks).size(size * 0.75).color(MARK_COLOUR),
                                    )
                                    .wrap_mode(TextWrapMode::Wrap),
                                );
                            }
                            if row.demo {
                                badge_sized_ui(ui, lang.main(), Some(size * 0.75));
                            }
                        }
                        _ => {
                            let colour = match column {
                                5 => row.result_colour,
                                6 => row.change_colour,
                                _ => None,
                            };
                            let text = match colour {
                                Some(colour) => text.color(colour),
                                None => text,
                            };
                            ui.add(egui::Label::new(text).wrap_mode(TextWrapMode::Extend));
                        }
                    }
                },
            );
        }
        top += height;
    }
    ui.painter().hline(lefts[0]..=right, top, rule);
    clicked
}

/// "Hết", alone in the middle of the screen.
fn end_ui(ui: &mut egui::Ui, texts: &ChartTexts, size: f32, rect: Rect) {
    let middle = Rect::from_center_size(rect.center(), vec2(rect.width(), size * 8.0));
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(middle)
            .layout(Layout::top_down(Align::Center)),
        |ui| {
            ui.label(RichText::new(texts.the_end).size(size * 4.0).strong());
            ui.add_space(size);
            ui.label(RichText::new(texts.end_hint).size(size * 0.8).weak());
        },
    );
}

/// The footer: where the figures come from on the left, the keys and the
/// slide counter ("3 / 9") on the right.
#[allow(clippy::too_many_arguments)]
fn footer_ui(
    ui: &mut egui::Ui,
    rect: Rect,
    texts: &ChartTexts,
    sources: &[String],
    number: usize,
    count: usize,
    size: f32,
    loading: bool,
) {
    ui.painter().hline(
        rect.x_range(),
        rect.min.y + 1.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
    );
    let inner = rect.shrink2(Vec2::new(0.0, size * 0.3));
    let counter = format!("{number} / {count}");
    let counter_width = text_width(ui, &counter, size);
    let hint_width = text_width(ui, texts.present_hint, size * 0.8);
    let right_width = counter_width + hint_width + size * 2.0;
    let left = Rect::from_min_max(inner.min, pos2(inner.max.x - right_width, inner.max.y));
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(left)
            .layout(Layout::left_to_right(Align::Center)),
        |ui| {
            if !sources.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("{}: {}", texts.source, sources.join(", ")))
                            .size(size)
                            .weak(),
                    )
                    .wrap_mode(TextWrapMode::Truncate),
                );
            }
            if loading {
                ui.spinner();
            }
        },
    );
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(inner)
            .layout(Layout::right_to_left(Align::Center)),
        |ui| {
            ui.add(
                egui::Label::new(RichText::new(&counter).size(size).strong())
                    .wrap_mode(TextWrapMode::Extend),
            );
            ui.add_space(size);
            ui.add(
                egui::Label::new(RichText::new(texts.present_hint).size(size * 0.8).weak())
                    .wrap_mode(TextWrapMode::Extend),
            );
        },
    );
}

/// The distinct source files of these rows, in order of appearance.
fn distinct_files<'a>(rows: impl Iterator<Item = &'a SummaryRow>) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for name in rows.filter_map(|row| row.file_name.as_deref()) {
        if !files.iter().any(|file| file == name) {
            files.push(name.to_owned());
        }
    }
    files
}

/// The distinct source files of a chart's points.
fn chart_files(groups: &[PlotGroup]) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for point in groups
        .iter()
        .flat_map(|group| &group.series)
        .flat_map(|series| &series.points)
    {
        if let Some(name) = point.file_name.as_deref()
            && !files.iter().any(|file| file == name)
        {
            files.push(name.to_owned());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::paginate;

    #[test]
    fn rows_are_split_evenly_over_the_pages_they_need() {
        // 15 rows of 50 over pages of 700: 14 fit one page, so two pages, 8 and 7.
        assert_eq!(paginate(&[50.0; 15], 700.0), vec![0..8, 8..15]);
        assert_eq!(paginate(&[50.0; 10], 700.0), vec![0..10]);
        // A row taller than a page still gets a page of its own.
        assert_eq!(paginate(&[900.0, 50.0], 700.0), vec![0..1, 1..2]);
        assert!(paginate(&[], 700.0).is_empty());
    }
}
