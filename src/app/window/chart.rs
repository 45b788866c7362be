//! The chart tab: time series of the selected indicators (rates and counts
//! on separate plots, targets dashed, missed periods ringed in red), bars by
//! agency for one period, and stacked bars for the parts of a whole. Points
//! are cached when the data, the filter or the mode change; `plot_ui(&self)`
//! only draws them.

use std::path::PathBuf;

use egui::Color32;
use egui_plot::{
    Bar, BarChart, GridInput, GridMark, Line, LineStyle, MarkerShape, Plot, PlotPoint, Points,
    VLine,
};

use super::files::{self, ExportPath};
use super::{Command, ViewContext};
use crate::app::report::chart_words;
pub use crate::app::session::ChartMode;
use crate::app::session::{ChartData, ChartQuery, DialogPurpose, Export, FileDialog, Read};
use crate::app::strings::{ChartTexts, Lang};
use crate::domain::summary::{AgencyValue, PartsOfWhole, Series, format_figure};
use crate::domain::{Kind, Level, NumberFormat, Period};
use crate::export::svg::{self, LineChart, series_name};
use crate::store::ObservationFilter;

const PALETTE: [Color32; 8] = [
    Color32::from_rgb(31, 119, 180),
    Color32::from_rgb(44, 160, 44),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(255, 127, 14),
    Color32::from_rgb(23, 190, 207),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(227, 119, 194),
    Color32::from_rgb(127, 127, 127),
];
/// Red for a missed target.
pub const MISSED_COLOUR: Color32 = Color32::from_rgb(214, 39, 40);

/// One drawn line with what hovering and clicking its points tell.
#[derive(Clone, Debug, Default)]
pub struct PlotLine {
    pub name: String,
    pub colour: Color32,
    pub points: Vec<[f64; 2]>,
    pub hover: Vec<String>,
    pub ids: Vec<i64>,
    pub target: Vec<[f64; 2]>,
    pub missed: Vec<[f64; 2]>,
    /// Points made from several units' figures (ringed on the plot).
    pub combined: Vec<[f64; 2]>,
    /// Such points that lack some of the units valid then.
    pub incomplete: Vec<[f64; 2]>,
}

/// Lines that share one axis: all rates (0–100 %) or all counts.
#[derive(Clone, Debug, Default)]
pub struct PlotGroup {
    pub title: String,
    pub rate: bool,
    pub lines: Vec<PlotLine>,
    /// Period positions and their labels ("Q4/2021").
    pub ticks: Vec<(f64, String)>,
    /// The series, for the SVG and PNG exports.
    pub series: Vec<Series>,
    /// How the axis writes numbers ("4.000" or "4,000").
    pub format: NumberFormat,
}

/// A number on a value axis as the window writes numbers elsewhere and as
/// the exports do: "4.000", "50 %" (or "4,000" in the English convention).
pub fn axis_number(value: f64, rate: bool, format: NumberFormat) -> String {
    // The plot's marks sit at round steps; their last bits are noise.
    let value = crate::domain::summary::round_to(value, 6);
    let value = if value == 0.0 { 0.0 } else { value };
    if rate {
        format!("{} %", format.format(value))
    } else {
        format.format(value)
    }
}

fn period_label(period: &Period, lang: Lang) -> String {
    match lang {
        Lang::Vi => period.label_vi(),
        Lang::En => period.label_en(),
    }
}

/// How a point that was not filed was made: "= 56 + 58" (units merged into
/// today's), or "cộng Q1/2020 … Q4/2020" (rolled up).
fn made_text(
    texts: &ChartTexts,
    point: &crate::domain::summary::SeriesPoint,
    lang: Lang,
) -> String {
    let mut lines = Vec::new();
    let periods: Vec<String> = point
        .made_from
        .iter()
        .filter_map(|text| Period::parse(text))
        .filter(|period| *period != point.period)
        .map(|period| period_label(&period, lang))
        .collect();
    match periods.as_slice() {
        [] => {}
        [only] => lines.push(format!("{}: {only}", texts.rolled_up)),
        [first, .., last] => lines.push(format!(
            "{}: {first} … {last} ({})",
            texts.rolled_up,
            periods.len()
        )),
    }
    if point.over_units {
        let coverage = point
            .coverage
            .filter(|(filed, expected)| filed < expected)
            .map(|(filed, expected)| {
                format!(" ({} {filed}/{expected} {})", texts.only, texts.units_filed)
            })
            .unwrap_or_default();
        lines.push(format!(
            "{} = {}{coverage}",
            texts.carried,
            point.agencies.join(" + ")
        ));
    }
    lines.join("\n")
}

/// "Nguồn: khanh-hoa-2021.csv", and under it "Dữ liệu mẫu (giả lập)" when
/// the file is the synthetic demo set.
fn file_text(lang: Lang, file: Option<&str>, demo_files: &[String]) -> String {
    let source = format!("{}: {}", lang.charts().source, file.unwrap_or("—"));
    if super::demo::is_demo_file(file, demo_files) {
        format!("{source}\n{}", lang.main().demo_badge)
    } else {
        source
    }
}

/// Splits series into a rate plot and a count plot (never mixed on one axis).
pub fn build_groups(
    series: &[Series],
    lang: Lang,
    format: NumberFormat,
    demo_files: &[String],
) -> Vec<PlotGroup> {
    let texts = lang.charts();
    let words = chart_words(format);
    let mut groups = Vec::new();
    for rate in [true, false] {
        let members: Vec<&Series> = series
            .iter()
            .filter(|series| (series.kind == Kind::Rate) == rate)
            .collect();
        if members.is_empty() {
            continue;
        }
        let mut group = PlotGroup {
            title: if rate {
                texts.rates.to_owned()
            } else {
                texts.counts.to_owned()
            },
            rate,
            format,
            ..PlotGroup::default()
        };
        for (index, series) in members.iter().enumerate() {
            let mut line = PlotLine {
                name: series_name(series, &words),
                colour: PALETTE[index % PALETTE.len()],
                ..PlotLine::default()
            };
            for point in &series.points {
                let x = point.x();
                let label = period_label(&point.period, lang);
                if !group.ticks.iter().any(|(tick, _)| (tick - x).abs() < 1e-9) {
                    group.ticks.push((x, label.clone()));
                }
                if let Some(target) = point.target {
                    line.target.push([x, target]);
                }
                let Some(value) = point.value else {
                    continue;
                };
                line.points.push([x, value]);
                line.ids.push(point.observation_id);
                if point.over_units {
                    if point
                        .coverage
                        .is_some_and(|(filed, expected)| filed < expected)
                    {
                        line.incomplete.push([x, value]);
                    } else {
                        line.combined.push([x, value]);
                    }
                }
                let mut hover = format!(
                    "{} — {}\n{}: {}",
                    series.indicator_code,
                    series.agency_name,
                    label,
                    format_figure(value, series.kind, point.qualifier.as_deref(), format)
                );
                if let Some(target) = point.target {
                    hover.push_str(&format!(
                        "\n{}: {}",
                        texts.target,
                        format_figure(target, series.kind, None, format)
                    ));
                }
                if !point.filed {
                    hover.push('\n');
                    hover.push_str(&made_text(texts, point, lang));
                }
                hover.push('\n');
                hover.push_str(&file_text(lang, point.file_name.as_deref(), demo_files));
                line.hover.push(hover);
            }
            for point in series.missed() {
                if let Some(value) = point.value {
                    line.missed.push([point.x(), value]);
                }
            }
            group.lines.push(line);
        }
        group.ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
        group.series = members.into_iter().cloned().collect();
        groups.push(group);
    }
    groups
}

/// Grid marks at the periods, thinned so that their labels fit.
/// A time axis marked and labelled at the periods ("Q4/2021", "12/2021").
fn period_axis<'a>(plot: Plot<'a>, ticks: &'a [(f64, String)], title: &str) -> Plot<'a> {
    plot.x_axis_label(title)
        .x_grid_spacer(move |input| period_marks(ticks, &input))
        .x_axis_formatter(move |mark, _range| {
            ticks
                .iter()
                .find(|(x, _)| (x - mark.value).abs() < 1e-6)
                .map(|(_, label)| label.clone())
                .unwrap_or_default()
        })
}

fn period_marks(ticks: &[(f64, String)], input: &GridInput) -> Vec<GridMark> {
    let visible: Vec<f64> = ticks
        .iter()
        .map(|(x, _)| *x)
        .filter(|x| *x >= input.bounds.0 && *x <= input.bounds.1)
        .collect();
    let spacing = visible
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .fold(f64::INFINITY, f64::min);
    let spacing = if spacing.is_finite() && spacing > 0.0 {
        spacing
    } else {
        1.0
    };
    // About 70 points per label.
    let wanted = input.base_step_size * 70.0 / 8.0;
    let mut every = 1;
    while spacing * every as f64 * 0.999 < wanted && every < visible.len().max(1) {
        every *= 2;
    }
    visible
        .iter()
        .step_by(every)
        .map(|x| GridMark {
            value: *x,
            step_size: spacing * every as f64,
        })
        .collect()
}

/// How a legend entry draws its series: the same marks as the plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    /// A line through a dot (a series).
    LineDot,
    /// A dashed line through a diamond (a target).
    Diamond,
    /// A red ring (a missed target).
    Ring,
    /// An open square (a point carried from several units).
    Square,
    /// A dashed vertical line (1 July 2025).
    VerticalDashed,
    /// A filled square (a bar).
    Bar,
}

/// One entry of a chart's legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub name: String,
    pub colour: Color32,
    pub marker: Marker,
}

/// The legend of a group of lines, in the order they are drawn; an entry
/// that several lines share (the missed ring) once.
pub fn line_legend(group: &PlotGroup, lang: Lang) -> Vec<LegendEntry> {
    let texts = lang.charts();
    let mut entries: Vec<LegendEntry> = Vec::new();
    let mut push = |entry: LegendEntry| {
        if !entries.contains(&entry) {
            entries.push(entry);
        }
    };
    let targets = group
        .lines
        .iter()
        .filter(|line| !line.target.is_empty())
        .count();
    for line in &group.lines {
        push(LegendEntry {
            name: line.name.clone(),
            colour: line.colour,
            marker: Marker::LineDot,
        });
        if !line.target.is_empty() {
            push(LegendEntry {
                // With targets on several lines, each says whose it is.
                name: if targets > 1 {
                    format!("{} — {}", texts.target, line.name)
                } else {
                    texts.target.to_owned()
                },
                colour: target_colour(line.colour),
                marker: Marker::Diamond,
            });
        }
    }
    let any = |has: &dyn Fn(&PlotLine) -> bool| group.lines.iter().any(has);
    if any(&|line| !line.missed.is_empty()) {
        push(LegendEntry {
            name: texts.missed.to_owned(),
            colour: MISSED_COLOUR,
            marker: Marker::Ring,
        });
    }
    if any(&|line| !line.combined.is_empty()) {
        push(LegendEntry {
            name: texts.carried.to_owned(),
            colour: REFORM_COLOUR,
            marker: Marker::Square,
        });
    }
    if any(&|line| !line.incomplete.is_empty()) {
        push(LegendEntry {
            name: texts.incomplete.to_owned(),
            colour: INCOMPLETE_COLOUR,
            marker: Marker::Square,
        });
    }
    if crosses_reform(&group.ticks) {
        push(LegendEntry {
            name: texts.reform_line.to_owned(),
            colour: REFORM_COLOUR,
            marker: Marker::VerticalDashed,
        });
    }
    entries
}

fn target_colour(colour: Color32) -> Color32 {
    colour.gamma_multiply(0.8)
}

fn crosses_reform(ticks: &[(f64, String)]) -> bool {
    ticks.first().is_some_and(|(x, _)| *x < REFORM_X)
        && ticks.last().is_some_and(|(x, _)| *x > REFORM_X)
}

/// The legend above a plot, wrapped over as many lines as it needs: it never
/// covers the lines or the bars.
pub fn legend_ui(ui: &mut egui::Ui, entries: &[LegendEntry]) {
    ui.horizontal_wrapped(|ui| {
        for entry in entries {
            // A marker and its name stay on one line.
            let name_width = ui
                .painter()
                .layout_no_wrap(
                    entry.name.clone(),
                    egui::TextStyle::Body.resolve(ui.style()),
                    Color32::WHITE,
                )
                .size()
                .x;
            let entry_width = 24.0 + ui.spacing().item_spacing.x + name_width;
            if entry_width > ui.available_size_before_wrap().x
                && ui.cursor().left() > ui.max_rect().left()
            {
                ui.end_row();
            }
            let (rect, _) = ui.allocate_exact_size(egui::vec2(24.0, 14.0), egui::Sense::hover());
            paint_marker(ui.painter(), rect, entry.colour, entry.marker);
            // An entry moves to the next line whole, never split.
            ui.add(egui::Label::new(&entry.name).wrap_mode(egui::TextWrapMode::Extend));
            ui.add_space(10.0);
        }
    });
}

fn paint_marker(painter: &egui::Painter, rect: egui::Rect, colour: Color32, marker: Marker) {
    use egui::{Shape, Stroke, pos2};
    let centre = rect.center();
    let line = |dashed: bool| {
        let points = [pos2(rect.left(), centre.y), pos2(rect.right(), centre.y)];
        if dashed {
            painter.extend(Shape::dashed_line(
                &points,
                Stroke::new(1.5, colour),
                4.0,
                3.0,
            ));
        } else {
            painter.line_segment(points, Stroke::new(2.0, colour));
        }
    };
    match marker {
        Marker::LineDot => {
            line(false);
            painter.circle_filled(centre, 3.5, colour);
        }
        Marker::Diamond => {
            line(true);
            let r = 6.0;
            painter.add(Shape::convex_polygon(
                vec![
                    pos2(centre.x, centre.y - r),
                    pos2(centre.x + r, centre.y),
                    pos2(centre.x, centre.y + r),
                    pos2(centre.x - r, centre.y),
                ],
                colour,
                Stroke::NONE,
            ));
        }
        Marker::Ring => {
            painter.circle_stroke(centre, 5.5, Stroke::new(1.5, colour));
        }
        Marker::Square => {
            painter.rect_stroke(
                egui::Rect::from_center_size(centre, egui::vec2(10.0, 10.0)),
                0.0,
                Stroke::new(1.5, colour),
                egui::StrokeKind::Middle,
            );
        }
        Marker::VerticalDashed => {
            painter.extend(Shape::dashed_line(
                &[pos2(centre.x, rect.top()), pos2(centre.x, rect.bottom())],
                Stroke::new(1.5, colour),
                3.0,
                2.0,
            ));
        }
        Marker::Bar => {
            painter.rect_filled(
                egui::Rect::from_center_size(centre, egui::vec2(12.0, 12.0)),
                1.0,
                colour,
            );
        }
    }
}

/// Draws one group of lines; returns the observation clicked, if any. On a
/// slide (`presenting`) the plot draws no crosshair and no pointer coordinates:
/// the pointer is the presenter's, not the audience's.
pub fn line_plot_ui(
    ui: &mut egui::Ui,
    group: &PlotGroup,
    id_salt: &str,
    reset: bool,
    height: f32,
    lang: Lang,
    presenting: bool,
) -> Option<i64> {
    let texts = lang.charts();
    // The legend above the plot, with the plot's own marks.
    let top = ui.cursor().top();
    legend_ui(ui, &line_legend(group, lang));
    let height = (height - (ui.cursor().top() - top)).max(80.0);
    let plot = Plot::new(id_salt)
        .height(height)
        .y_axis_label(group.title.clone())
        .show_crosshair(!presenting)
        .show_x(!presenting)
        .show_y(!presenting);
    let mut plot =
        period_axis(plot, &group.ticks, texts.period).label_formatter(|position| match position {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name, index, ..
            } => group
                .lines
                .iter()
                .find(|line| line.name == *plot_name)
                .and_then(|line| line.hover.get(*index).cloned()),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        });
    if group.rate {
        plot = plot
            // A little room above 100 % so a line at 100 % is not lost on the frame.
            .default_y_bounds(0.0, 104.0)
            .y_axis_formatter(|mark, _| {
                if mark.value > 100.0 {
                    String::new()
                } else {
                    axis_number(mark.value, true, group.format)
                }
            });
    } else {
        plot = plot
            .include_y(0.0)
            .y_axis_formatter(|mark, _| axis_number(mark.value, false, group.format));
    }
    if reset {
        plot = plot.reset();
    }
    let reform_x = REFORM_X;
    let crosses_reform = crosses_reform(&group.ticks);
    let response = plot.show(ui, |plot_ui| {
        if crosses_reform {
            // Every series that crosses 1 July 2025 says so.
            plot_ui.vline(
                VLine::new(texts.reform_line, reform_x)
                    .color(REFORM_COLOUR)
                    .style(LineStyle::dashed_dense())
                    .width(1.5),
            );
        }
        for line in &group.lines {
            if !line.incomplete.is_empty() {
                plot_ui.points(
                    Points::new(texts.incomplete, line.incomplete.clone())
                        .color(INCOMPLETE_COLOUR)
                        .shape(MarkerShape::Square)
                        .filled(false)
                        .radius(6.0)
                        .allow_hover(false),
                );
            }
            if !line.combined.is_empty() {
                plot_ui.points(
                    Points::new(texts.carried, line.combined.clone())
                        .color(REFORM_COLOUR)
                        .shape(MarkerShape::Square)
                        .filled(false)
                        .radius(6.0)
                        .allow_hover(false),
                );
            }
            plot_ui.line(
                Line::new(line.name.clone(), line.points.clone())
                    .color(line.colour)
                    .width(2.0),
            );
            plot_ui.points(
                Points::new(line.name.clone(), line.points.clone())
                    .color(line.colour)
                    .radius(3.0)
                    .filled(true),
            );
            if !line.target.is_empty() {
                plot_ui.line(
                    Line::new(texts.target, line.target.clone())
                        .color(target_colour(line.colour))
                        .style(LineStyle::dashed_loose())
                        .width(1.5)
                        .allow_hover(false),
                );
                plot_ui.points(
                    Points::new(texts.target, line.target.clone())
                        .color(target_colour(line.colour))
                        .shape(MarkerShape::Diamond)
                        .radius(8.0)
                        .allow_hover(false),
                );
            }
            if !line.missed.is_empty() {
                plot_ui.points(
                    Points::new(texts.missed, line.missed.clone())
                        .color(MISSED_COLOUR)
                        .shape(MarkerShape::Circle)
                        .filled(false)
                        .radius(7.0)
                        .allow_hover(false),
                );
            }
        }
    });
    if !response.response.clicked() {
        return None;
    }
    let pointer = response.response.interact_pointer_pos()?;
    let mut best: Option<(f32, i64)> = None;
    for line in &group.lines {
        for (point, id) in line.points.iter().zip(&line.ids) {
            let screen = response
                .transform
                .position_from_point(&PlotPoint::new(point[0], point[1]));
            let distance = screen.distance(pointer);
            if distance < 12.0 && best.is_none_or(|(nearest, _)| distance < nearest) {
                best = Some((distance, *id));
            }
        }
    }
    best.map(|(_, id)| id)
}

/// 1 July 2025 on the time axis (years, as `Period::time_position`).
pub const REFORM_X: f64 = 2025.5;
const REFORM_COLOUR: Color32 = Color32::from_rgb(120, 90, 170);
const INCOMPLETE_COLOUR: Color32 = Color32::from_rgb(210, 140, 0);

/// The bars of one indicator by agency for one period.
#[derive(Clone, Debug, Default)]
pub struct AgencyBars {
    pub title: String,
    pub rate: bool,
    pub values: Vec<AgencyValue>,
    pub hover: Vec<String>,
    pub format: NumberFormat,
}

impl AgencyBars {
    /// Whether any agency has a figure (an indicator the chosen level does
    /// not report has none).
    pub fn has_figures(&self) -> bool {
        self.values.iter().any(|value| value.value.is_some())
    }
}

/// One stacked bar: (x, value, hover text, observation id).
pub type StackedBar = (f64, f64, String, i64);

/// A whole and its parts, ready to stack.
#[derive(Clone, Debug, Default)]
pub struct StackedParts {
    pub title: String,
    pub ticks: Vec<(f64, String)>,
    pub width: f64,
    /// (part name, bars as (x, value, hover, observation id)).
    pub parts: Vec<(String, Vec<StackedBar>)>,
    pub whole: PlotLine,
    pub format: NumberFormat,
}

#[derive(Clone, PartialEq)]
struct CacheKey {
    data_version: u64,
    filter: ObservationFilter,
    mode: ChartMode,
    level: Level,
    agency_period: Option<String>,
    lang: Lang,
    format: NumberFormat,
    /// The demo set's files (their points say so).
    demo_files: Vec<String>,
}

/// The tab's state.
#[derive(Default)]
pub struct ChartView {
    pub mode: ChartMode,
    /// The level compared in "By agency" (districts by default).
    pub level: Option<Level>,
    /// The period the bars by agency compare (None: the latest, up to the
    /// panel's "Đến kỳ").
    pub agency_period: Option<String>,
    key: Option<CacheKey>,
    generation: u64,
    pending: bool,
    /// Cached for drawing.
    pub groups: Vec<PlotGroup>,
    pub agency_bars: Vec<AgencyBars>,
    pub stacks: Vec<StackedParts>,
    /// The wholes and parts the stacks were drawn from (for the export).
    wholes: Vec<PartsOfWhole>,
    reset: bool,
    export_path: ExportPath,
    /// Why the newest query failed.
    failed: Option<String>,
}

impl ChartView {
    /// The answer to one of this view's queries arrived.
    pub fn on_answer(&mut self, generation: u64, reply: ChartData) {
        if generation != self.generation {
            return;
        }
        self.pending = false;
        self.failed = None;
        let Some(key) = self.key.clone() else {
            return;
        };
        match reply {
            ChartData::Series(series) => {
                self.groups = build_groups(&series, key.lang, key.format, &key.demo_files);
            }
            ChartData::Agencies(rows, titles) => {
                self.agency_bars = titles
                    .into_iter()
                    .map(|(title, kind, period)| {
                        let period_text = period
                            .as_deref()
                            .and_then(Period::parse)
                            .map(|period| period_label(&period, key.lang))
                            .unwrap_or_default();
                        let values: Vec<AgencyValue> = rows
                            .iter()
                            .filter(|(row_title, _, _, _)| *row_title == title)
                            .map(|(_, _, value, _)| value.clone())
                            .collect();
                        let hover = values
                            .iter()
                            .map(|value| {
                                let figure = value.value.map_or_else(
                                    || "—".to_owned(),
                                    |number| {
                                        format_figure(
                                            number,
                                            kind,
                                            value.qualifier.as_deref(),
                                            key.format,
                                        )
                                    },
                                );
                                format!(
                                    "{}\n{period_text}: {figure}\n{}",
                                    value.agency_name,
                                    file_text(
                                        key.lang,
                                        value.file_name.as_deref(),
                                        &key.demo_files
                                    )
                                )
                            })
                            .collect();
                        AgencyBars {
                            title: format!("{title} — {period_text}"),
                            rate: kind == Kind::Rate,
                            values,
                            hover,
                            format: key.format,
                        }
                    })
                    .collect();
            }
            ChartData::Parts(wholes) => {
                // The same period filters as the other two charts.
                let range = svg::PeriodRange::new(
                    key.filter.period_from.as_deref(),
                    key.filter.period_to.as_deref(),
                );
                let wholes: Vec<PartsOfWhole> =
                    wholes.iter().map(|whole| range.parts(whole)).collect();
                self.stacks = wholes
                    .iter()
                    .map(|whole| stack_parts(whole, key.lang, key.format, &key.demo_files))
                    .collect();
                self.wholes = wholes;
            }
        }
    }

    fn request(&mut self, context: &ViewContext<'_>) -> Option<Command> {
        let key = CacheKey {
            data_version: context.data_version,
            filter: context.filter.clone(),
            mode: self.mode,
            level: self
                .level
                .or(context.filter.level)
                .unwrap_or(Level::District),
            agency_period: (self.mode == ChartMode::ByAgency)
                .then(|| self.agency_period.clone())
                .flatten(),
            lang: context.lang,
            format: context.number_format,
            demo_files: context.demo.file_names.clone(),
        };
        if self.key.as_ref() == Some(&key) {
            return None;
        }
        self.generation += 1;
        self.pending = true;
        self.failed = None;
        let mut filter = key.filter.clone();
        if let Some(period) = &key.agency_period {
            // The bars of that period: the latest figure up to it is its own.
            filter.period_to = Some(period.clone());
        }
        let query = ChartQuery {
            mode: key.mode,
            filter,
            level: key.level,
        };
        self.key = Some(key);
        Some(Command::Read(Read::Chart {
            generation: self.generation,
            query,
        }))
    }

    /// Whether the tab waits for its figures (its spinner turns).
    pub fn is_loading(&self) -> bool {
        self.pending
    }

    /// The query `generation` failed: its spinner stops and the tab says why.
    pub fn on_failed(&mut self, generation: u64, text: &str) {
        if generation == self.generation {
            self.pending = false;
            self.failed = Some(text.to_owned());
        }
    }

    /// The save dialog answered.
    pub fn picked(&mut self, path: PathBuf) {
        self.export_path.picked(&path);
    }

    /// What the first chart shown is about, for the default file name.
    fn subject(&self) -> String {
        match self.mode {
            ChartMode::TimeSeries => self
                .groups
                .iter()
                .flat_map(|group| &group.series)
                .map(|series| series.indicator_code.as_str())
                .fold(Vec::<&str>::new(), |mut codes, code| {
                    if !codes.contains(&code) {
                        codes.push(code);
                    }
                    codes
                })
                .join(" "),
            ChartMode::ByAgency => self
                .agency_bars
                .iter()
                .find(|bars| bars.has_figures())
                .map(|bars| bars.title.clone())
                .unwrap_or_default(),
            ChartMode::Parts => self
                .stacks
                .first()
                .map(|stack| stack.title.clone())
                .unwrap_or_default(),
        }
    }

    /// Shows the tab; returns what the view asks of the window.
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
        let texts = context.lang.charts();
        let mut actions: Vec<Command> = Vec::new();
        ui.horizontal(|ui| {
            ui.label(texts.mode);
            ui.selectable_value(&mut self.mode, ChartMode::TimeSeries, texts.mode_time);
            ui.selectable_value(&mut self.mode, ChartMode::ByAgency, texts.mode_agency);
            ui.selectable_value(&mut self.mode, ChartMode::Parts, texts.mode_parts);
            if self.mode == ChartMode::ByAgency {
                ui.separator();
                ui.label(texts.level);
                let main = context.lang.main();
                let current = self
                    .level
                    .or(context.filter.level)
                    .unwrap_or(Level::District);
                egui::ComboBox::from_id_salt("chart-level")
                    .selected_text(level_text(current, main))
                    .show_ui(ui, |ui| {
                        for level in Level::ALL {
                            ui.selectable_value(
                                &mut self.level,
                                Some(level),
                                level_text(level, main),
                            );
                        }
                    });
                ui.separator();
                self.agency_period_ui(ui, context);
            }
            ui.separator();
            if ui.button(texts.reset_view).clicked() {
                self.reset = true;
            }
            if self.pending {
                ui.spinner();
            }
        });
        let needs_selection =
            context.filter.indicator_ids.is_empty() && self.mode != ChartMode::Parts;
        if needs_selection {
            ui.add_space(24.0);
            ui.label(egui::RichText::new(texts.select_indicators).size(16.0));
            return actions;
        }
        if let Some(action) = self.request(context) {
            actions.push(action);
        }
        actions.extend(self.export_ui(ui, context));
        if let Some(failed) = &self.failed {
            ui.colored_label(ui.visuals().error_fg_color, failed);
        }
        ui.label(egui::RichText::new(texts.click_hint).weak());
        let reset = std::mem::take(&mut self.reset);
        if let Some(observation_id) = self.plot_ui(ui, context.lang, reset) {
            actions.push(Command::JumpTo { observation_id });
        }
        actions
    }

    /// The period the bars compare: the latest, or one of the periods present.
    fn agency_period_ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) {
        let texts = context.lang.charts();
        let label = |period: &str| {
            Period::parse(period).map_or_else(
                || period.to_owned(),
                |period| period_label(&period, context.lang),
            )
        };
        let shown = self
            .agency_period
            .as_deref()
            .map_or_else(|| texts.bars_period_latest.to_owned(), label);
        let caption = ui.label(texts.bars_period);
        egui::ComboBox::from_id_salt("chart-agency-period")
            .selected_text(shown)
            .height(400.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.agency_period, None, texts.bars_period_latest);
                // Newest first: the meeting's year is near the top.
                for period in context.catalog.periods.iter().rev() {
                    ui.selectable_value(
                        &mut self.agency_period,
                        Some(period.clone()),
                        label(period),
                    );
                }
            })
            .response
            .labelled_by(caption.id);
    }

    /// Draws the cached points; returns a clicked observation.
    pub fn plot_ui(&self, ui: &mut egui::Ui, lang: Lang, reset: bool) -> Option<i64> {
        let texts = lang.charts();
        let mut clicked = None;
        match self.mode {
            ChartMode::TimeSeries => {
                if self.groups.is_empty() {
                    ui.label(if self.pending {
                        texts.loading
                    } else {
                        texts.no_data
                    });
                    return None;
                }
                let height = (ui.available_height() / self.groups.len() as f32 - 28.0).max(160.0);
                for (index, group) in self.groups.iter().enumerate() {
                    ui.strong(&group.title);
                    let salt = if group.rate {
                        "chart-rates"
                    } else {
                        "chart-counts"
                    };
                    if let Some(id) = line_plot_ui(ui, group, salt, reset, height, lang, false) {
                        clicked = Some(id);
                    }
                    let _ = index;
                }
            }
            ChartMode::ByAgency => {
                if self.agency_bars.is_empty() {
                    ui.label(if self.pending {
                        texts.loading
                    } else {
                        texts.no_data
                    });
                    return None;
                }
                let height =
                    (ui.available_height() / self.agency_bars.len() as f32 - 28.0).max(160.0);
                for (index, bars) in self.agency_bars.iter().enumerate() {
                    ui.strong(bars.title.trim_end_matches([' ', '—']));
                    // An indicator the chosen level does not report: say so, not an empty plot.
                    if !bars.has_figures() {
                        ui.weak(texts.no_data);
                        continue;
                    }
                    if let Some(id) = agency_bars_ui(ui, bars, index, reset, height) {
                        clicked = Some(id);
                    }
                }
            }
            ChartMode::Parts => {
                if self.stacks.is_empty() {
                    ui.label(if self.pending {
                        texts.loading
                    } else {
                        texts.no_data
                    });
                    return None;
                }
                let height = (ui.available_height() / self.stacks.len() as f32 - 28.0).max(160.0);
                for (index, stack) in self.stacks.iter().enumerate() {
                    ui.strong(&stack.title);
                    if let Some(id) = stacked_ui(ui, stack, index, reset, height, lang) {
                        clicked = Some(id);
                    }
                }
            }
        }
        clicked
    }

    fn export_ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
        let texts = context.lang.charts();
        let mut actions = Vec::new();
        ui.horizontal(|ui| {
            let default = files::chart_path(files::documents_dir(), &self.subject());
            self.export_path.follow(&default);
            self.export_path.field_ui(ui, texts.file);
            if ui.button(texts.choose).clicked() {
                let name = default
                    .file_name()
                    .map_or_else(|| "bieu-do.svg".into(), |name| name.to_string_lossy());
                actions.push(save_dialog(
                    DialogPurpose::ChartFile,
                    &name,
                    &["svg", "png"],
                ));
            }
            let has_chart = match self.mode {
                ChartMode::TimeSeries => !self.groups.is_empty(),
                ChartMode::ByAgency => self.agency_bars.iter().any(AgencyBars::has_figures),
                ChartMode::Parts => !self.wholes.is_empty(),
            };
            let export_button = |ui: &mut egui::Ui, label: &str| {
                ui.add_enabled(has_chart, egui::Button::new(label))
                    .on_disabled_hover_text(texts.nothing_to_export)
                    .clicked()
            };
            let svg = export_button(ui, texts.export_svg);
            let png = export_button(ui, texts.export_png);
            if svg || png {
                if self.export_path.text.trim().is_empty() {
                    actions.push(Command::Notice {
                        text: texts.no_path.to_owned(),
                        error: true,
                    });
                    return;
                }
                let extension = if png { "png" } else { "svg" };
                let base = PathBuf::from(self.export_path.text.trim()).with_extension(extension);
                let words = chart_words(context.number_format);
                let svgs: Vec<String> = match self.mode {
                    ChartMode::Parts => self
                        .stacks
                        .iter()
                        .zip(&self.wholes)
                        .map(|(stack, whole)| {
                            svg::StackedChart::from_parts(&stack.title, whole, &words).to_svg()
                        })
                        .collect(),
                    ChartMode::ByAgency => self
                        .agency_bars
                        .iter()
                        .filter(|bars| bars.has_figures())
                        .map(|bars| {
                            svg::BarChart::by_agency(&bars.title, bars.rate, &bars.values, &words)
                                .to_svg()
                        })
                        .collect(),
                    _ => self
                        .groups
                        .iter()
                        .map(|group| {
                            let refs: Vec<&Series> = group.series.iter().collect();
                            let title = group
                                .series
                                .iter()
                                .map(|series| series.indicator_name.as_str())
                                .fold(Vec::<&str>::new(), |mut names, name| {
                                    if !names.contains(&name) {
                                        names.push(name);
                                    }
                                    names
                                })
                                .join(" · ");
                            LineChart::from_series(&title, &refs, &words).to_svg()
                        })
                        .collect(),
                };
                let count = svgs.len();
                let charts: Vec<(PathBuf, String)> = svgs
                    .into_iter()
                    .enumerate()
                    .map(|(index, svg)| {
                        let path = if count == 1 {
                            base.clone()
                        } else {
                            numbered(&base, index + 1)
                        };
                        (path, svg)
                    })
                    .collect();
                actions.push(Command::Export(Export::Charts { png, charts }));
            }
        });
        actions
    }
}

fn numbered(path: &std::path::Path, number: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let extension = path.extension().map_or_else(String::new, |extension| {
        extension.to_string_lossy().into_owned()
    });
    path.with_file_name(format!("{stem}-{number}.{extension}"))
}

/// A save dialog for a view's export; the answer comes back as `Event::Picked`.
pub fn save_dialog(
    purpose: DialogPurpose,
    file_name: &str,
    extensions: &[&'static str],
) -> Command {
    Command::PickFile(FileDialog {
        purpose,
        save: true,
        filters: vec![("chiso", extensions.to_vec())],
        file_name: Some(file_name.to_owned()),
    })
}

fn level_text(level: Level, main: &crate::app::strings::MainTexts) -> &'static str {
    match level {
        Level::Province => main.level_province,
        Level::Department => main.level_department,
        Level::District => main.level_district,
        Level::Commune => main.level_commune,
    }
}

fn agency_bars_ui(
    ui: &mut egui::Ui,
    bars: &AgencyBars,
    index: usize,
    reset: bool,
    height: f32,
) -> Option<i64> {
    let count = bars.values.len();
    let chart_bars: Vec<Bar> = bars
        .values
        .iter()
        .enumerate()
        .map(|(position, value)| {
            let y = (count - 1 - position) as f64;
            let met = match (value.value, value.target) {
                (Some(number), Some(target)) => Some(number >= target),
                _ => None,
            };
            Bar::new(y, value.value.unwrap_or(0.0))
                .name(bars.hover.get(position).cloned().unwrap_or_default())
                .fill(match met {
                    Some(false) => MISSED_COLOUR,
                    _ => PALETTE[0],
                })
                .width(0.7)
        })
        .collect();
    let names: Vec<String> = bars
        .values
        .iter()
        .map(|value| value.agency_name.clone())
        .collect();
    let mut plot = Plot::new(("chart-agency", index))
        .height(height)
        .y_grid_spacer(move |input| {
            (0..count)
                .filter(|y| {
                    (*y as f64) >= input.bounds.0 - 0.5 && (*y as f64) <= input.bounds.1 + 0.5
                })
                .map(|y| GridMark {
                    value: y as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            let position = mark.value.round();
            if (mark.value - position).abs() > 1e-6 || position < 0.0 {
                return String::new();
            }
            names
                .get(count.saturating_sub(1 + position as usize))
                .cloned()
                .unwrap_or_default()
        })
        .y_axis_min_width(150.0)
        .include_x(0.0)
        .show_crosshair(false);
    let (rate, format) = (bars.rate, bars.format);
    plot = plot.x_axis_formatter(move |mark, _| axis_number(mark.value, rate, format));
    if rate {
        plot = plot.include_x(100.0);
    }
    if reset {
        plot = plot.reset();
    }
    let response = plot.show(ui, |plot_ui| {
        // The plot's own hover label is drawn beside the bar and cut at the
        // plot's edge: the bar's text comes as a tooltip instead (below).
        plot_ui.bar_chart(
            BarChart::new(bars.title.clone(), chart_bars)
                .horizontal()
                .allow_hover(false),
        );
        plot_ui.pointer_coordinate()
    });
    let pointer = response.inner?;
    let position = pointer.y.round();
    if (pointer.y - position).abs() > 0.4 || position < 0.0 {
        return None;
    }
    let index = count.checked_sub(1 + position as usize)?;
    if let Some(text) = bars.hover.get(index) {
        // egui keeps a tooltip on the screen, whatever the bar's length.
        response.response.clone().on_hover_text_at_pointer(text);
    }
    if !response.response.clicked() {
        return None;
    }
    bars.values.get(index).map(|value| value.observation_id)
}

fn stack_parts(
    whole: &PartsOfWhole,
    lang: Lang,
    format: NumberFormat,
    demo_files: &[String],
) -> StackedParts {
    let texts = lang.charts();
    let mut ticks: Vec<(f64, String)> = whole
        .whole
        .points
        .iter()
        .map(|point| (point.x(), period_label(&point.period, lang)))
        .collect();
    ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let spacing = ticks
        .windows(2)
        .map(|pair| pair[1].0 - pair[0].0)
        .fold(1.0_f64, f64::min);
    let parts = whole
        .parts
        .iter()
        .map(|part| {
            let bars = part
                .points
                .iter()
                .filter_map(|point| {
                    let value = point.value?;
                    let hover = format!(
                        "{} — {}\n{}: {}\n{}",
                        part.indicator_code,
                        part.indicator_name,
                        period_label(&point.period, lang),
                        format_figure(value, part.kind, point.qualifier.as_deref(), format),
                        file_text(lang, point.file_name.as_deref(), demo_files)
                    );
                    Some((point.x(), value, hover, point.observation_id))
                })
                .collect();
            (
                format!("{} — {}", part.indicator_code, part.indicator_name),
                bars,
            )
        })
        .collect();
    let mut line = PlotLine {
        name: format!("{} ({})", whole.whole.indicator_code, texts.whole),
        colour: Color32::from_gray(40),
        ..PlotLine::default()
    };
    for point in &whole.whole.points {
        if let Some(value) = point.value {
            line.points.push([point.x(), value]);
            line.ids.push(point.observation_id);
            line.hover.push(format!(
                "{} — {}\n{}: {}\n{}",
                whole.whole.indicator_code,
                whole.whole.agency_name,
                period_label(&point.period, lang),
                format_figure(value, whole.whole.kind, point.qualifier.as_deref(), format),
                file_text(lang, point.file_name.as_deref(), demo_files)
            ));
        }
    }
    StackedParts {
        title: format!(
            "{} — {} ({})",
            whole.whole.indicator_code, whole.whole.indicator_name, whole.whole.agency_name
        ),
        ticks,
        width: spacing * 0.7,
        parts,
        whole: line,
        format,
    }
}

fn stacked_ui(
    ui: &mut egui::Ui,
    stack: &StackedParts,
    index: usize,
    reset: bool,
    height: f32,
    lang: Lang,
) -> Option<i64> {
    let texts = lang.charts();
    // The total's line in the theme's text colour: a fixed dark grey vanished
    // on the dark theme.
    let whole_colour = ui.visuals().strong_text_color();
    // The legend above the bars, never over the last ones.
    let mut entries: Vec<LegendEntry> = stack
        .parts
        .iter()
        .enumerate()
        .map(|(part_index, (name, _))| LegendEntry {
            name: name.clone(),
            colour: PALETTE[part_index % PALETTE.len()],
            marker: Marker::Bar,
        })
        .collect();
    entries.push(LegendEntry {
        name: stack.whole.name.clone(),
        colour: whole_colour,
        marker: Marker::LineDot,
    });
    let top = ui.cursor().top();
    legend_ui(ui, &entries);
    let height = (height - (ui.cursor().top() - top)).max(80.0);
    let format = stack.format;
    let plot = Plot::new(("chart-parts", index))
        .height(height)
        .include_y(0.0)
        .y_axis_formatter(move |mark, _| axis_number(mark.value, false, format));
    let mut plot =
        period_axis(plot, &stack.ticks, texts.period).label_formatter(|position| match position {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name, index, ..
            } if *plot_name == stack.whole.name => stack.whole.hover.get(*index).cloned(),
            _ => None,
        });
    if reset {
        plot = plot.reset();
    }
    let response = plot.show(ui, |plot_ui| {
        let mut charts: Vec<BarChart> = Vec::new();
        for (part_index, (name, bars)) in stack.parts.iter().enumerate() {
            let colour = PALETTE[part_index % PALETTE.len()];
            let chart_bars = bars
                .iter()
                .map(|(x, value, hover, _)| {
                    Bar::new(*x, *value)
                        .name(hover)
                        .width(stack.width)
                        .fill(colour)
                })
                .collect();
            let mut chart = BarChart::new(name.clone(), chart_bars)
                .color(colour)
                .allow_hover(false);
            let below: Vec<&BarChart> = charts.iter().collect();
            if !below.is_empty() {
                chart = chart.stack_on(&below);
            }
            charts.push(chart);
        }
        for chart in charts {
            plot_ui.bar_chart(chart);
        }
        plot_ui.line(
            Line::new(stack.whole.name.clone(), stack.whole.points.clone())
                .color(whole_colour)
                .width(1.5),
        );
        plot_ui.points(
            Points::new(stack.whole.name.clone(), stack.whole.points.clone())
                .color(whole_colour)
                .radius(3.5)
                .filled(true),
        );
        plot_ui.pointer_coordinate()
    });
    let pointer = response.inner?;
    // The part under the pointer says what it is, in a tooltip that stays on
    // the screen (the plot's own label is cut at its edge).
    if let Some(hover) = stacked_bar_at(stack, pointer).map(|(hover, _)| hover) {
        response.response.clone().on_hover_text_at_pointer(hover);
    }
    if !response.response.clicked() {
        return None;
    }
    // A click on a bar opens that part's figure; near the total's point, the total.
    for (x, value, id) in stack
        .whole
        .points
        .iter()
        .zip(&stack.whole.ids)
        .map(|(point, id)| (point[0], point[1], id))
    {
        let screen = response
            .transform
            .position_from_point(&PlotPoint::new(x, value));
        if let Some(click) = response.response.interact_pointer_pos()
            && screen.distance(click) < 10.0
        {
            return Some(*id);
        }
    }
    stacked_bar_at(stack, pointer).map(|(_, id)| id)
}

/// The part of a stacked bar at a point of the plot: its hover text and observation.
fn stacked_bar_at(stack: &StackedParts, pointer: PlotPoint) -> Option<(&str, i64)> {
    let mut base = 0.0;
    let mut found = None;
    for (_, bars) in &stack.parts {
        if let Some((_, value, hover, id)) = bars
            .iter()
            .find(|(x, _, _, _)| (pointer.x - x).abs() <= stack.width / 2.0)
        {
            if pointer.y >= base && pointer.y <= base + value {
                found = Some((hover.as_str(), *id));
            }
            base += value;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::axis_number;
    use crate::domain::NumberFormat;

    #[test]
    fn value_axes_write_numbers_as_the_exports_do() {
        assert_eq!(axis_number(4000.0, false, NumberFormat::Vi), "4.000");
        assert_eq!(axis_number(4000.0, false, NumberFormat::En), "4,000");
        assert_eq!(axis_number(2500.5, false, NumberFormat::Vi), "2.500,5");
        assert_eq!(axis_number(50.0, true, NumberFormat::Vi), "50 %");
        assert_eq!(axis_number(12.5, true, NumberFormat::Vi), "12,5 %");
        // A mark at a round step computed with a little noise.
        assert_eq!(axis_number(0.1 + 0.2, false, NumberFormat::Vi), "0,3");
        assert_eq!(axis_number(-0.0, false, NumberFormat::Vi), "0");
    }
    #[test]
    fn the_legend_draws_targets_as_diamonds_and_misses_as_rings() {
        use super::{Marker, PlotGroup, PlotLine, line_legend};
        use crate::app::strings::Lang;
        let line = PlotLine {
            name: "CTS_TONG · Tỉnh Khánh Hòa · quý".to_owned(),
            colour: egui::Color32::from_rgb(44, 160, 44),
            points: vec![[2021.0, 3000.0], [2022.0, 3500.0]],
            target: vec![[2021.0, 3100.0], [2022.0, 3300.0]],
            missed: vec![[2021.0, 3000.0]],
            ..PlotLine::default()
        };
        let group = PlotGroup {
            lines: vec![line],
            ticks: vec![(2021.0, "2021".to_owned()), (2022.0, "2022".to_owned())],
            ..PlotGroup::default()
        };
        let legend = line_legend(&group, Lang::Vi);
        let markers: Vec<(&str, Marker)> = legend
            .iter()
            .map(|entry| (entry.name.as_str(), entry.marker))
            .collect();
        assert_eq!(
            markers,
            [
                ("CTS_TONG · Tỉnh Khánh Hòa · quý", Marker::LineDot),
                ("Kế hoạch", Marker::Diamond),
                ("Không đạt kế hoạch", Marker::Ring),
            ]
        );
        // The target's diamond has the target's colour, not a grey of its own.
        assert_eq!(
            legend[1].colour,
            super::target_colour(group.lines[0].colour)
        );
    }
}
