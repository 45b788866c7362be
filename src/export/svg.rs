//! Charts as SVG for print and meetings: title, axis labels, legend and
//! source line, Vietnamese text kept as UTF-8 text in "Noto Sans"; PNG by
//! rasterising the same SVG with resvg and the shipped font. No SQL, no egui.

use std::fmt::Write as _;

use crate::domain::summary::{
    AgencyValue, Attainment, PartsOfWhole, Series, YearSummary, assess, format_figure,
    period_kind_rank,
};
use crate::domain::{Kind, NumberFormat, Period};

use super::fonts::text_width;
/// The font the charts are drawn in (shipped in `assets/fonts/`).
pub use super::fonts::{NOTO_SANS_BOLD, NOTO_SANS_REGULAR};

/// The chart's size in CSS pixels (1/96 inch): 800 × 450 is 21 × 12 cm.
pub const WIDTH: f64 = 800.0;
pub const HEIGHT: f64 = 450.0;

const PALETTE: [&str; 8] = [
    "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f",
];
const MISSED: &str = "#d62728";

/// One point of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPoint {
    pub x: f64,
    pub y: f64,
    /// The period's label ("Q4/2021").
    pub label: String,
    pub missed_target: bool,
}

/// One line with its target line.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartLine {
    pub name: String,
    pub points: Vec<ChartPoint>,
    pub target: Vec<(f64, f64)>,
}

/// A time-series chart.
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// A rate: the axis runs 0–100 %.
    pub rate_axis: bool,
    pub lines: Vec<ChartLine>,
    /// "Nguồn: khanh-hoa-2021.csv"
    pub source: String,
    pub target_label: String,
    pub missed_label: String,
    pub number_format: NumberFormat,
    /// The finest kind of period among the lines (0 years, 1 halves, 2
    /// quarters, 3 months …): quarterly series get quarter ticks.
    pub finest_period_rank: u8,
}

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartBar {
    pub label: String,
    pub value: f64,
    /// Red for a missed target, green for a met one, blue otherwise.
    pub met: Option<bool>,
}

/// A horizontal bar chart (attainment, values by agency).
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub value_label: String,
    pub bars: Vec<ChartBar>,
    /// A reference line (100 % attainment) with its label.
    pub reference: Option<(f64, String)>,
    pub percent: bool,
    pub source: String,
    pub legend: Vec<(String, Option<bool>)>,
    pub number_format: NumberFormat,
}

/// The parts of a whole over time: a column per period with the parts
/// stacked in it, and the whole as a line over the columns (where the parts
/// do not add up to it, the gap shows).
#[derive(Clone, Debug, PartialEq)]
pub struct StackedChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// The periods' labels ("Q4/2021"), in time order.
    pub periods: Vec<String>,
    /// Each part's name and its figure in each period.
    pub parts: Vec<(String, Vec<Option<f64>>)>,
    /// The whole's name and its figure in each period.
    pub whole: (String, Vec<Option<f64>>),
    pub source: String,
    pub number_format: NumberFormat,
}

/// Labels the chart builders need, in the report's language.
#[derive(Clone, Debug)]
pub struct ChartWords {
    pub period: String,
    pub target: String,
    pub missed: String,
    pub met: String,
    pub source: String,
    pub attainment: String,
    pub attainment_title: String,
    pub value: String,
    pub vietnamese: bool,
}

impl ChartWords {
    pub fn vietnamese() -> ChartWords {
        ChartWords {
            period: "Kỳ báo cáo".to_owned(),
            target: "Kế hoạch".to_owned(),
            missed: "Không đạt kế hoạch".to_owned(),
            met: "Đạt kế hoạch".to_owned(),
            source: "Nguồn".to_owned(),
            attainment: "Tỷ lệ đạt kế hoạch (%)".to_owned(),
            attainment_title: "Mức đạt kế hoạch".to_owned(),
            value: "Giá trị".to_owned(),
            vietnamese: true,
        }
    }

    pub fn english() -> ChartWords {
        ChartWords {
            period: "Period".to_owned(),
            target: "Target".to_owned(),
            missed: "Target missed".to_owned(),
            met: "Target met".to_owned(),
            source: "Source".to_owned(),
            attainment: "Attainment (%)".to_owned(),
            attainment_title: "Attainment of plan targets".to_owned(),
            value: "Value".to_owned(),
            vietnamese: false,
        }
    }

    fn period_label(&self, period: &Period) -> String {
        if self.vietnamese {
            period.label_vi()
        } else {
            period.label_en()
        }
    }

    fn number_format(&self) -> NumberFormat {
        if self.vietnamese {
            NumberFormat::Vi
        } else {
            NumberFormat::En
        }
    }
}

/// The source files of some series, as one line ("Nguồn: a.csv, b.csv").
fn source_line(words: &ChartWords, files: impl Iterator<Item = String>) -> String {
    let mut names: Vec<String> = Vec::new();
    for file in files {
        if !names.contains(&file) {
            names.push(file);
        }
    }
    if names.is_empty() {
        names.push("chiso".to_owned());
    }
    format!("{}: {}", words.source, names.join(", "))
}

impl LineChart {
    /// A chart of series of one kind (all rates or all counts).
    pub fn from_series(title: &str, series: &[&Series], words: &ChartWords) -> LineChart {
        let rate_axis = series.iter().all(|series| series.kind == Kind::Rate);
        let unit = series
            .first()
            .and_then(|series| series.unit.clone())
            .unwrap_or_default();
        let lines = series
            .iter()
            .map(|series| ChartLine {
                name: series_name(series, words),
                points: series
                    .points
                    .iter()
                    .filter_map(|point| {
                        Some(ChartPoint {
                            x: point.x(),
                            y: point.value?,
                            label: words.period_label(&point.period),
                            missed_target: assess(point.value, point.target, series.direction)
                                == Attainment::Missed,
                        })
                    })
                    .collect(),
                target: series
                    .points
                    .iter()
                    .filter_map(|point| Some((point.x(), point.target?)))
                    .collect(),
            })
            .collect();
        LineChart {
            title: title.to_owned(),
            x_label: words.period.clone(),
            y_label: if rate_axis { "%".to_owned() } else { unit },
            rate_axis,
            lines,
            source: source_line(
                words,
                series.iter().flat_map(|series| {
                    series
                        .points
                        .iter()
                        .filter_map(|point| point.file_name.clone())
                }),
            ),
            target_label: words.target.clone(),
            missed_label: words.missed.clone(),
            number_format: words.number_format(),
            finest_period_rank: series
                .iter()
                .flat_map(|series| series.points.iter())
                .map(|point| period_kind_rank(&point.period))
                .max()
                .unwrap_or(0),
        }
    }

    /// [`LineChart::from_series`] of the points within `range` only.
    pub fn from_series_within(
        title: &str,
        series: &[&Series],
        words: &ChartWords,
        range: &PeriodRange,
    ) -> LineChart {
        let kept: Vec<Series> = series.iter().map(|one| range.series(one)).collect();
        let refs: Vec<&Series> = kept.iter().collect();
        LineChart::from_series(title, &refs, words)
    }
}

/// The period filters of a chart ("Từ kỳ", "Đến kỳ"), canonical and
/// inclusive, read as the table reads them: "2021" as the end includes
/// "2021-Q4".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodRange {
    pub fn new(from: Option<&str>, to: Option<&str>) -> PeriodRange {
        PeriodRange {
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
        }
    }

    /// Whether a period lies within the range (canonical periods sort by time).
    pub fn keeps(&self, period: &Period) -> bool {
        let text = period.as_str();
        self.from.as_deref().is_none_or(|from| text >= from)
            && self
                .to
                .as_deref()
                .is_none_or(|to| text <= format!("{to}\u{10FFFF}").as_str())
    }

    /// The series with only its points within the range.
    pub fn series(&self, series: &Series) -> Series {
        let mut kept = series.clone();
        kept.points.retain(|point| self.keeps(&point.period));
        kept
    }

    /// The whole and its parts with only their points within the range, so
    /// the parts chart follows the same filters as the other two.
    pub fn parts(&self, parts: &PartsOfWhole) -> PartsOfWhole {
        PartsOfWhole {
            whole: self.series(&parts.whole),
            parts: parts.parts.iter().map(|part| self.series(part)).collect(),
        }
    }
}

/// "Tỉnh Khánh Hòa · quý" — the agency and kind of period of a series.
pub fn series_name(series: &Series, words: &ChartWords) -> String {
    let kind = series
        .points
        .first()
        .map_or(0, |point| period_kind_rank(&point.period));
    let kind = match (kind, words.vietnamese) {
        (0, true) => "năm",
        (1, true) => "6 tháng",
        (2, true) => "quý",
        (_, true) => "tháng",
        (0, false) => "yearly",
        (1, false) => "half-yearly",
        (2, false) => "quarterly",
        (_, false) => "monthly",
    };
    format!(
        "{} · {} · {kind}",
        series.indicator_code, series.agency_name
    )
}

impl StackedChart {
    /// The chart of one whole (CTS_TONG) and its parts (CTS_COQUAN, CTS_CANHAN).
    pub fn from_parts(title: &str, parts: &PartsOfWhole, words: &ChartWords) -> StackedChart {
        let every_series = || std::iter::once(&parts.whole).chain(parts.parts.iter());
        let mut periods: Vec<&Period> = every_series()
            .flat_map(|series| series.points.iter().map(|point| &point.period))
            .collect();
        periods.sort_by(|a, b| {
            a.time_position()
                .total_cmp(&b.time_position())
                .then(a.cmp(b))
        });
        periods.dedup();
        let values = |series: &Series| -> Vec<Option<f64>> {
            periods
                .iter()
                .map(|period| {
                    series
                        .points
                        .iter()
                        .find(|point| point.period == **period)
                        .and_then(|point| point.value)
                })
                .collect()
        };
        StackedChart {
            title: title.to_owned(),
            x_label: words.period.clone(),
            y_label: parts.whole.unit.clone().unwrap_or_default(),
            periods: periods
                .iter()
                .map(|period| words.period_label(period))
                .collect(),
            parts: parts
                .parts
                .iter()
                .map(|part| {
                    (
                        format!("{} — {}", part.indicator_code, part.indicator_name),
                        values(part),
                    )
                })
                .collect(),
            whole: (
                format!(
                    "{} — {}",
                    parts.whole.indicator_code, parts.whole.indicator_name
                ),
                values(&parts.whole),
            ),
            source: source_line(
                words,
                every_series().flat_map(|series| {
                    series
                        .points
                        .iter()
                        .filter_map(|point| point.file_name.clone())
                }),
            ),
            number_format: words.number_format(),
        }
    }

    /// [`StackedChart::from_parts`] of the periods within `range` only.
    pub fn from_parts_within(
        title: &str,
        parts: &PartsOfWhole,
        words: &ChartWords,
        range: &PeriodRange,
    ) -> StackedChart {
        StackedChart::from_parts(title, &range.parts(parts), words)
    }

    /// The chart as a standalone SVG document (UTF-8); the legend lists the
    /// parts, then the whole.
    pub fn to_svg(&self) -> String {
        let legend_rows = self.parts.len() + 1;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let shift = open_svg(&mut out, WIDTH, HEIGHT, &self.title);
        let (left, right, top) = (78.0, WIDTH - 24.0, 52.0 + shift);
        // The legend sits under the axis, never over the columns.
        let bottom = HEIGHT - 70.0 - 18.0 * legend_rows as f64;
        let count = self.periods.len().max(1);
        let stacked = |index: usize| -> f64 {
            self.parts
                .iter()
                .filter_map(|(_, values)| values.get(index).copied().flatten())
                .map(|value| value.max(0.0))
                .sum()
        };
        let max = (0..count)
            .map(|index| {
                stacked(index).max(self.whole.1.get(index).copied().flatten().unwrap_or(0.0))
            })
            .fold(0.0_f64, f64::max);
        let (y_top, y_step) = nice_ticks(max);
        let slot = (right - left) / count as f64;
        let column = (slot * 0.6).min(48.0);
        let sx = |index: usize| left + slot * (index as f64 + 0.5);
        let sy = |y: f64| bottom - y / y_top * (bottom - top);
        y_grid(
            &mut out,
            (left, right),
            sy,
            (y_top, y_step),
            self.number_format,
            "",
        );
        for index in 0..self.periods.len() {
            let mut base = 0.0;
            for (part, (_, values)) in self.parts.iter().enumerate() {
                let Some(value) = values.get(index).copied().flatten() else {
                    continue;
                };
                let value = value.max(0.0);
                let (y0, y1) = (sy(base), sy(base + value));
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{y1:.1}\" width=\"{column:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                    sx(index) - column / 2.0,
                    y0 - y1,
                    PALETTE[part % PALETTE.len()]
                );
                base += value;
            }
        }
        axes(&mut out, left, right, top, bottom);
        // The whole: a line through its figures, a dot on each.
        let whole: Vec<(f64, f64)> = self
            .whole
            .1
            .iter()
            .enumerate()
            .filter_map(|(index, value)| Some((sx(index), sy((*value)?))))
            .collect();
        if whole.len() > 1 {
            let points: Vec<String> = whole
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#222\" stroke-width=\"2\"/>",
                points.join(" ")
            );
        }
        for (x, y) in &whole {
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#222\"/>"
            );
        }
        let every = self.periods.len().div_ceil(14).max(1);
        for (index, label) in self.periods.iter().enumerate().step_by(every) {
            text(
                &mut out,
                sx(index),
                bottom + 16.0,
                11.0,
                "middle",
                "#444",
                label,
            );
        }
        text(
            &mut out,
            f64::midpoint(left, right),
            bottom + 34.0,
            12.0,
            "middle",
            "#222",
            &self.x_label,
        );
        if !self.y_label.is_empty() {
            y_axis_label(&mut out, top, bottom, &self.y_label);
        }
        let mut y = bottom + 52.0;
        for (part, (name, _)) in self.parts.iter().enumerate() {
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{:.1}\" width=\"14\" height=\"10\" fill=\"{}\"/>",
                y - 9.0,
                PALETTE[part % PALETTE.len()]
            );
            fitted_text(&mut out, left + 20.0, y, right - left - 20.0, "#222", name);
            y += 18.0;
        }
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#222\" stroke-width=\"2\"/>",
            y - 4.0,
            left + 14.0,
            y - 4.0
        );
        fitted_text(
            &mut out,
            left + 20.0,
            y,
            right - left - 20.0,
            "#222",
            &self.whole.0,
        );
        close_svg(&mut out, HEIGHT, &self.source);
        out
    }
}

impl BarChart {
    /// One indicator's figures by agency for one period, largest first
    /// (which district leads).
    pub fn by_agency(
        title: &str,
        rate: bool,
        values: &[AgencyValue],
        words: &ChartWords,
    ) -> BarChart {
        let mut bars: Vec<ChartBar> = values
            .iter()
            .filter_map(|value| {
                Some(ChartBar {
                    label: value.agency_name.clone(),
                    value: value.value?,
                    met: None,
                })
            })
            .collect();
        bars.sort_by(|a, b| b.value.total_cmp(&a.value));
        BarChart {
            title: title.to_owned(),
            value_label: if rate {
                format!("{} (%)", words.value)
            } else {
                words.value.clone()
            },
            bars,
            reference: None,
            percent: rate,
            source: source_line(
                words,
                values.iter().filter_map(|value| value.file_name.clone()),
            ),
            legend: Vec::new(),
            number_format: words.number_format(),
        }
    }

    /// Attainment in percent of every indicator with a target and a figure.
    pub fn attainment(summary: &YearSummary, words: &ChartWords) -> BarChart {
        let bars = summary
            .rows
            .iter()
            .filter_map(|row| {
                Some(ChartBar {
                    label: row.indicator_code.clone(),
                    value: row.attainment_percent()?,
                    met: Some(row.attainment() == Attainment::Met),
                })
            })
            .collect();
        BarChart {
            title: format!(
                "{} — {} {}",
                words.attainment_title, summary.agency_name, summary.period
            ),
            value_label: words.attainment.clone(),
            bars,
            reference: Some((100.0, "100 %".to_owned())),
            percent: true,
            source: source_line(
                words,
                summary.rows.iter().filter_map(|row| row.file_name.clone()),
            ),
            legend: vec![
                (words.met.clone(), Some(true)),
                (words.missed.clone(), Some(false)),
            ],
            number_format: words.number_format(),
        }
    }
}

/// Escapes text for XML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Round steps for an axis from 0 to at least `max`.
fn nice_ticks(max: f64) -> (f64, f64) {
    let max = if max <= 0.0 { 1.0 } else { max };
    let raw = max / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|factor| factor * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    ((max / step).ceil() * step, step)
}

/// How far from the edges a chart's title stays (px).
const TITLE_MARGIN: f64 = 16.0;
/// The title's largest and smallest sizes (px).
const TITLE_SIZE: f64 = 18.0;
const TITLE_SIZE_SMALLEST: f64 = 11.0;

/// A chart title set to fit a width: its lines and its size in px.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleLayout {
    pub lines: Vec<String>,
    pub size: f64,
}

/// Sets a title to fit `width` (px) in bold Noto Sans: one line at 18 px when
/// it fits, else two lines split between words as evenly as possible, shrunk
/// until both fit (down to 11 px), and only then broken inside words, on as
/// many lines as it takes. Nothing is ever cut.
pub fn fit_title(title: &str, width: f64) -> TitleLayout {
    let fits = |text: &str, size: f64| text_width(text, size, true) <= width;
    if fits(title, TITLE_SIZE) {
        return TitleLayout {
            lines: vec![title.to_owned()],
            size: TITLE_SIZE,
        };
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    // The widths scale with the size, so the most even split is the same at any size.
    let split = (1..words.len())
        .map(|at| (words[..at].join(" "), words[at..].join(" ")))
        .min_by(|a, b| {
            let longer = |(first, second): &(String, String)| {
                text_width(first, TITLE_SIZE, true).max(text_width(second, TITLE_SIZE, true))
            };
            longer(a).total_cmp(&longer(b))
        });
    if let Some((first, second)) = split {
        let mut size = TITLE_SIZE;
        while size >= TITLE_SIZE_SMALLEST {
            if fits(&first, size) && fits(&second, size) {
                return TitleLayout {
                    lines: vec![first, second],
                    size,
                };
            }
            size -= 1.0;
        }
    }
    // A word wider than the chart at the smallest size: break it where it must.
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate, TITLE_SIZE_SMALLEST) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for ch in word.chars() {
            line.push(ch);
            if !fits(&line, TITLE_SIZE_SMALLEST) && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(ch);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    TitleLayout {
        lines,
        size: TITLE_SIZE_SMALLEST,
    }
}

fn title_line_height(layout: &TitleLayout) -> f64 {
    (layout.size * 1.25).round()
}

/// How much further down than one line a title set in a chart `width` wide reaches (px).
fn title_shift(title: &str, width: f64) -> f64 {
    let layout = fit_title(title, width - 2.0 * TITLE_MARGIN);
    layout.lines.len().saturating_sub(1) as f64 * title_line_height(&layout)
}

/// Opens the document with its title fitted to the width; returns how much
/// further down than one line the title reaches (px), for the plot to start
/// below it.
fn open_svg(out: &mut String, width: f64, height: f64, title: &str) -> f64 {
    let layout = fit_title(title, width - 2.0 * TITLE_MARGIN);
    let line_height = title_line_height(&layout);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"Noto Sans, sans-serif\" role=\"img\">\
         <title>{}</title><rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\
         <text id=\"chart-title\" x=\"{}\" y=\"28\" font-size=\"{}\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222\">",
        escape(title),
        width / 2.0,
        layout.size
    );
    if let [line] = layout.lines.as_slice() {
        out.push_str(&escape(line));
    } else {
        for (index, line) in layout.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                width / 2.0,
                if index == 0 { 0.0 } else { line_height },
                escape(line)
            );
        }
    }
    out.push_str("</text>");
    layout.lines.len().saturating_sub(1) as f64 * line_height
}

fn text(out: &mut String, x: f64, y: f64, size: f64, anchor: &str, fill: &str, content: &str) {
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
        escape(content)
    );
}

/// A legend or label line of 11 px starting at `x`, shrunk (down to 8 px)
/// to stay within `width`.
fn fitted_text(out: &mut String, x: f64, y: f64, width: f64, fill: &str, content: &str) {
    text(
        out,
        x,
        y,
        fitted_size(content, width, 11.0),
        "start",
        fill,
        content,
    );
}

/// The size (px, at most `size`, at least 8) at which `content` fits `width`.
fn fitted_size(content: &str, width: f64, size: f64) -> f64 {
    let natural = text_width(content, size, false);
    if natural <= width || natural <= 0.0 {
        size
    } else {
        (size * width / natural * 10.0).floor().max(80.0) / 10.0
    }
}

/// The horizontal grid lines of a y axis from 0 to `y_top`, each labelled
/// in the chart's number format (with `suffix`, " %" for rates).
fn y_grid(
    out: &mut String,
    (left, right): (f64, f64),
    sy: impl Fn(f64) -> f64,
    (y_top, y_step): (f64, f64),
    format: NumberFormat,
    suffix: &str,
) {
    let mut tick = 0.0;
    while tick <= y_top + 1e-9 {
        let y = sy(tick);
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#e3e3e3\"/>"
        );
        let label = format!("{}{suffix}", format.format(tick));
        text(out, left - 6.0, y + 4.0, 11.0, "end", "#444", &label);
        tick += y_step;
    }
}

/// The x axis along the bottom and the y axis along the left of the plot.
fn axes(out: &mut String, left: f64, right: f64, top: f64, bottom: f64) {
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#444\"/>\
         <line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#444\"/>"
    );
}

/// The y axis's name, turned to read upwards beside the plot.
fn y_axis_label(out: &mut String, top: f64, bottom: f64, label: &str) {
    let _ = write!(
        out,
        "<text x=\"18\" y=\"{0:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 18 {0:.1})\">{1}</text>",
        f64::midpoint(top, bottom),
        escape(label)
    );
}

/// The source line at the foot of a chart `height` tall, and the end of the document.
fn close_svg(out: &mut String, height: f64, source: &str) {
    text(out, 12.0, height - 10.0, 10.0, "start", "#555", source);
    out.push_str("</svg>\n");
}

/// The x ticks of a time axis from `x_min` to `x_max` (years, as
/// `Period::time_position`): every quarter when the series are quarterly or
/// finer and at most 12 quarters are shown, else whole years, every 1, 2, 5
/// or 10 years so that at most 12 are labelled. Each tick sits at the middle
/// of its quarter or year, where that period's point is.
pub fn time_ticks(x_min: f64, x_max: f64, finest_rank: u8, vietnamese: bool) -> Vec<(f64, String)> {
    if !(x_min.is_finite() && x_max.is_finite()) || x_max < x_min {
        return Vec::new();
    }
    let label = |period: Period| {
        if vietnamese {
            period.label_vi()
        } else {
            period.label_en()
        }
    };
    let first_year = x_min.floor() as i64;
    let last_year = x_max.floor() as i64;
    if finest_rank >= 2 {
        let quarters: Vec<(f64, u32, u8)> = (first_year..=last_year)
            .flat_map(|year| (1..=4u8).map(move |quarter| (year, quarter)))
            .filter_map(|(year, quarter)| {
                let x = year as f64 + f64::from(quarter - 1) * 0.25 + 0.125;
                let year = u32::try_from(year).ok()?;
                (x >= x_min - 0.126 && x <= x_max + 0.126).then_some((x, year, quarter))
            })
            .collect();
        if quarters.len() <= 12 {
            return quarters
                .into_iter()
                .map(|(x, year, quarter)| (x, label(Period::quarter(year, quarter))))
                .collect();
        }
    }
    let years = (last_year - first_year + 1).max(1);
    let step = [1, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|step| years.div_euclid(*step) < 12)
        .unwrap_or(100);
    (first_year..=last_year)
        .filter(|year| year.rem_euclid(step) == 0 || step == 1)
        .filter_map(|year| {
            let x = year as f64 + 0.5;
            let year = u32::try_from(year).ok()?;
            (x >= x_min - 0.51 && x <= x_max + 0.51).then(|| (x, label(Period::year_of(year))))
        })
        .collect()
}

/// A target marker: a diamond, as the window draws targets.
fn diamond(out: &mut String, x: f64, y: f64, radius: f64, colour: &str) {
    let _ = write!(
        out,
        "<path d=\"M{x:.1} {:.1} L{:.1} {y:.1} L{x:.1} {:.1} L{:.1} {y:.1} Z\" fill=\"#ffffff\" fill-opacity=\"0.6\" stroke=\"{colour}\" stroke-width=\"1.8\"/>",
        y - radius,
        x + radius,
        y + radius,
        x - radius
    );
}

impl LineChart {
    /// The chart as a standalone SVG document (UTF-8).
    pub fn to_svg(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let shift = open_svg(&mut out, WIDTH, HEIGHT, &self.title);
        let (left, right, top, bottom) = (78.0, WIDTH - 24.0, 52.0 + shift, HEIGHT - 120.0);
        let all_points = self.lines.iter().flat_map(|line| line.points.iter());
        let xs: Vec<f64> = all_points
            .clone()
            .map(|point| point.x)
            .chain(
                self.lines
                    .iter()
                    .flat_map(|line| line.target.iter().map(|(x, _)| *x)),
            )
            .collect();
        let y_max = all_points
            .map(|point| point.y)
            .chain(
                self.lines
                    .iter()
                    .flat_map(|line| line.target.iter().map(|(_, y)| *y)),
            )
            .fold(0.0_f64, f64::max);
        let (y_top, y_step) = if self.rate_axis {
            (100.0, 20.0)
        } else {
            nice_ticks(y_max)
        };
        let data_min = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let data_max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (x_min, x_max) = if xs.is_empty() {
            (0.0, 1.0)
        } else if data_max - data_min < 1e-9 {
            (data_min - 0.5, data_max + 0.5)
        } else {
            let pad = ((data_max - data_min) * 0.04).max(0.1);
            (data_min - pad, data_max + pad)
        };
        let sx = |x: f64| left + (x - x_min) / (x_max - x_min) * (right - left);
        let sy = |y: f64| bottom - y / y_top * (bottom - top);
        y_grid(
            &mut out,
            (left, right),
            sy,
            (y_top, y_step),
            self.number_format,
            if self.rate_axis { " %" } else { "" },
        );
        axes(&mut out, left, right, top, bottom);
        // X ticks: whole quarters or years, evenly spaced.
        let ticks = if xs.is_empty() {
            Vec::new()
        } else {
            time_ticks(
                data_min,
                data_max,
                self.finest_period_rank,
                self.number_format == NumberFormat::Vi,
            )
        };
        for (x, label) in &ticks {
            let x = sx(*x);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{bottom}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#444\"/>",
                bottom + 4.0
            );
            text(&mut out, x, bottom + 18.0, 11.0, "middle", "#444", label);
        }
        text(
            &mut out,
            f64::midpoint(left, right),
            bottom + 38.0,
            12.0,
            "middle",
            "#222",
            &self.x_label,
        );
        y_axis_label(&mut out, top, bottom, &self.y_label);
        // Lines, targets and missed points.
        for (index, line) in self.lines.iter().enumerate() {
            let colour = PALETTE[index % PALETTE.len()];
            if line.target.len() > 1 {
                let path: Vec<String> = line
                    .target
                    .iter()
                    .map(|(x, y)| format!("{:.1},{:.1}", sx(*x), sy(*y)))
                    .collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" opacity=\"0.8\"/>",
                    path.join(" ")
                );
            }
            if line.points.len() > 1 {
                let path: Vec<String> = line
                    .points
                    .iter()
                    .map(|point| format!("{:.1},{:.1}", sx(point.x), sy(point.y)))
                    .collect();
                let _ = write!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.2\"/>",
                    path.join(" ")
                );
            }
            for (x, y) in &line.target {
                diamond(&mut out, sx(*x), sy(*y), 6.0, colour);
            }
            for point in &line.points {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"/>",
                    sx(point.x),
                    sy(point.y)
                );
                if point.missed_target {
                    let _ = write!(
                        out,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"7\" fill=\"none\" stroke=\"{MISSED}\" stroke-width=\"2\"/>",
                        sx(point.x),
                        sy(point.y)
                    );
                }
            }
        }
        // Legend below the axis label; each marker as the series draws it.
        let mut x = left;
        let mut y = bottom + 60.0;
        let mut entry = |out: &mut String, swatch: &dyn Fn(&mut String, f64, f64), label: &str| {
            let size = fitted_size(label, right - left - 26.0, 11.0);
            let width = 26.0 + text_width(label, size, false);
            if x + width > right && x > left {
                x = left;
                y += 18.0;
            }
            swatch(out, x, y);
            text(out, x + 26.0, y + 4.0, size, "start", "#222", label);
            x += width + 16.0;
        };
        for (index, line) in self.lines.iter().enumerate() {
            let colour = PALETTE[index % PALETTE.len()];
            entry(
                &mut out,
                &|out: &mut String, x: f64, y: f64| {
                    let _ = write!(
                        out,
                        "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2.2\"/>\
                         <circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{colour}\"/>",
                        x + 20.0,
                        x + 10.0
                    );
                },
                &line.name,
            );
        }
        let with_targets: Vec<usize> = (0..self.lines.len())
            .filter(|index| !self.lines[*index].target.is_empty())
            .collect();
        if !with_targets.is_empty() {
            // One series: its colour; several: grey, each line's own diamonds show whose.
            let colour = match with_targets.as_slice() {
                [only] => PALETTE[only % PALETTE.len()],
                _ => "#666666",
            };
            entry(
                &mut out,
                &|out: &mut String, x: f64, y: f64| {
                    let _ = write!(
                        out,
                        "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
                        x + 20.0
                    );
                    diamond(out, x + 10.0, y, 5.0, colour);
                },
                &self.target_label,
            );
        }
        if self
            .lines
            .iter()
            .any(|line| line.points.iter().any(|point| point.missed_target))
        {
            entry(
                &mut out,
                &|out: &mut String, x: f64, y: f64| {
                    let _ = write!(
                        out,
                        "<circle cx=\"{:.1}\" cy=\"{y:.1}\" r=\"6\" fill=\"none\" stroke=\"{MISSED}\" stroke-width=\"2\"/>",
                        x + 10.0
                    );
                },
                &self.missed_label,
            );
        }
        close_svg(&mut out, HEIGHT, &self.source);
        out
    }
}

impl BarChart {
    /// The chart as a standalone SVG document (UTF-8); its height grows with
    /// the bars. The names' column is as wide as the longest name needs (up
    /// to 40 % of the width, names shrunk past that), and a value label that
    /// would pass the right edge goes inside its bar.
    pub fn to_svg(&self) -> String {
        let bar_height = 18.0;
        let mut out = String::new();
        let widest_name = self
            .bars
            .iter()
            .map(|bar| text_width(&bar.label, 11.0, false))
            .fold(0.0_f64, f64::max);
        let left = (widest_name + 16.0).clamp(90.0, WIDTH * 0.4);
        let right = WIDTH - 70.0;
        let shift = title_shift(&self.title, WIDTH);
        let top = 56.0 + shift;
        let bottom = top + self.bars.len().max(1) as f64 * (bar_height + 6.0);
        let height = bottom + 84.0;
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        open_svg(&mut out, WIDTH, height, &self.title);
        let max = self
            .bars
            .iter()
            .map(|bar| bar.value)
            .chain(self.reference.iter().map(|(value, _)| *value))
            .fold(0.0_f64, f64::max);
        let (x_top, x_step) = nice_ticks(max);
        let sx = |value: f64| left + value.max(0.0) / x_top * (right - left);
        let mut tick = 0.0;
        while tick <= x_top + 1e-9 {
            let x = sx(tick);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#e3e3e3\"/>"
            );
            let mut label = self.number_format.format(tick);
            if self.percent {
                label.push_str(" %");
            }
            text(&mut out, x, bottom + 16.0, 11.0, "middle", "#444", &label);
            tick += x_step;
        }
        for (index, bar) in self.bars.iter().enumerate() {
            let y = top + index as f64 * (bar_height + 6.0);
            let fill = match bar.met {
                Some(true) => "#2ca02c",
                Some(false) => MISSED,
                None => PALETTE[0],
            };
            let end = sx(bar.value);
            let _ = write!(
                out,
                "<rect x=\"{left}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar_height}\" fill=\"{fill}\"/>",
                end - left
            );
            let name_size = fitted_size(&bar.label, left - 12.0, 11.0);
            text(
                &mut out,
                left - 6.0,
                y + 13.0,
                name_size,
                "end",
                "#222",
                &bar.label,
            );
            let mut value = self
                .number_format
                .format(crate::domain::summary::round_to(bar.value, 1));
            if self.percent {
                value.push_str(" %");
            }
            let value_width = text_width(&value, 11.0, false);
            if end + 4.0 + value_width <= WIDTH - 8.0 || end - left < value_width + 8.0 {
                text(&mut out, end + 4.0, y + 13.0, 11.0, "start", "#222", &value);
            } else {
                text(
                    &mut out,
                    end - 4.0,
                    y + 13.0,
                    11.0,
                    "end",
                    "#ffffff",
                    &value,
                );
            }
        }
        if let Some((value, label)) = &self.reference {
            let x = sx(*value);
            let _ = write!(
                out,
                "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#222\" stroke-dasharray=\"6 4\"/>",
                top - 6.0
            );
            text(&mut out, x, top - 10.0, 10.0, "middle", "#222", label);
        }
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"#444\"/>"
        );
        text(
            &mut out,
            f64::midpoint(left, right),
            bottom + 34.0,
            12.0,
            "middle",
            "#222",
            &self.value_label,
        );
        let mut x = left;
        for (label, met) in &self.legend {
            let fill = match met {
                Some(true) => "#2ca02c",
                Some(false) => MISSED,
                None => PALETTE[0],
            };
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"14\" height=\"10\" fill=\"{fill}\"/>",
                bottom + 46.0
            );
            text(
                &mut out,
                x + 20.0,
                bottom + 55.0,
                11.0,
                "start",
                "#222",
                label,
            );
            x += 36.0 + text_width(label, 11.0, false);
        }
        close_svg(&mut out, height, &self.source);
        out
    }
}

/// Why a PNG could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the chart's SVG could not be read: {0}")]
    Parse(String),
    #[error("the image would be empty or too large")]
    Size,
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// Reads a chart's SVG as resvg lays it out, with the shipped Noto Sans and
/// no system font (the same text on every machine).
pub fn parse_chart(svg: &str) -> Result<resvg::usvg::Tree, PngError> {
    let mut options = resvg::usvg::Options {
        font_family: "Noto Sans".to_owned(),
        ..resvg::usvg::Options::default()
    };
    options
        .fontdb_mut()
        .load_font_data(NOTO_SANS_REGULAR.to_vec());
    options.fontdb_mut().load_font_data(NOTO_SANS_BOLD.to_vec());
    options.fontdb_mut().set_sans_serif_family("Noto Sans");
    resvg::usvg::Tree::from_str(svg, &options).map_err(|error| PngError::Parse(error.to_string()))
}

/// Rasterises an SVG at `dpi` (300 for print) with the shipped Noto Sans.
pub fn svg_to_png(svg: &str, dpi: f32) -> Result<Vec<u8>, PngError> {
    let tree = parse_chart(svg)?;
    let scale = dpi / 96.0;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or(PngError::Size)?;
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(size.width(), size.height()).ok_or(PngError::Size)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|error| PngError::Encode(error.to_string()))?;
    Ok(with_resolution(png, dpi))
}

/// Records the print resolution in the PNG (a `pHYs` chunk after `IHDR`), so
/// a word processor places the image at its real size.
fn with_resolution(png: Vec<u8>, dpi: f32) -> Vec<u8> {
    // Signature (8 bytes), then IHDR: length, type, 13 bytes of data, CRC.
    const AFTER_IHDR: usize = 8 + 4 + 4 + 13 + 4;
    if png.len() < AFTER_IHDR || png.get(12..16) != Some(b"IHDR".as_slice()) {
        return png;
    }
    let pixels_per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    let mut body = Vec::with_capacity(13);
    body.extend_from_slice(b"pHYs");
    body.extend_from_slice(&pixels_per_metre.to_be_bytes());
    body.extend_from_slice(&pixels_per_metre.to_be_bytes());
    body.push(1); // unit: metre
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_IHDR]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_IHDR..]);
    out
}

/// Formats a figure of a series point for labels ("trên 4.600", "46,8 %").
pub fn point_text(value: f64, kind: Kind, qualifier: Option<&str>, format: NumberFormat) -> String {
    format_figure(value, kind, qualifier, format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_by_agency_lead_with_the_largest_and_keep_vietnamese_names() {
        let value = |id: i64, name: &str, figure: Option<f64>| AgencyValue {
            observation_id: id,
            agency_id: id,
            agency_code: format!("{id}"),
            agency_name: name.to_owned(),
            value: figure,
            target: None,
            qualifier: None,
            file_name: Some("demo.csv".to_owned()),
        };
        let values = [
            value(1, "Huyện Khánh Vĩnh", Some(41.5)),
            value(2, "Thành phố Nha Trang", Some(78.25)),
            value(3, "Huyện Trường Sa", None),
        ];
        let chart = BarChart::by_agency(
            "Tỷ lệ hồ sơ trực tuyến — Q4/2024",
            true,
            &values,
            &ChartWords::vietnamese(),
        );
        let labels: Vec<&str> = chart.bars.iter().map(|bar| bar.label.as_str()).collect();
        assert_eq!(labels, ["Thành phố Nha Trang", "Huyện Khánh Vĩnh"]);
        let svg = chart.to_svg();
        let document = roxmltree::Document::parse(&svg).expect("valid XML");
        let text: String = document
            .descendants()
            .filter_map(|node| node.text())
            .collect();
        assert!(text.contains("Thành phố Nha Trang"), "{text}");
        assert!(text.contains("Tỷ lệ hồ sơ trực tuyến — Q4/2024"), "{text}");
        assert!(text.contains("78,3 %"), "{text}");
    }

    #[test]
    fn png_says_300_dpi() {
        let chart = BarChart::by_agency("Đ", false, &[], &ChartWords::vietnamese());
        let png = svg_to_png(&chart.to_svg(), 300.0).expect("renders");
        let at = png
            .windows(4)
            .position(|window| window == b"pHYs")
            .expect("a pHYs chunk");
        let x = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
        assert_eq!(x, 11_811, "300 dpi in pixels per metre");
        assert_eq!(png[at + 12], 1);
        // Still a PNG the decoder accepts.
        assert!(resvg::tiny_skia::Pixmap::decode_png(&png).is_ok());
    }

    /// The horizontal extent of the title as resvg draws it.
    fn title_extent(svg: &str) -> (f64, f64) {
        fn find(group: &resvg::usvg::Group) -> Option<(f64, f64)> {
            for node in group.children() {
                match node {
                    resvg::usvg::Node::Text(text) if text.id() == "chart-title" => {
                        let bounds = text.abs_bounding_box();
                        return Some((f64::from(bounds.left()), f64::from(bounds.right())));
                    }
                    resvg::usvg::Node::Group(inner) => {
                        if let Some(found) = find(inner) {
                            return Some(found);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        let tree = parse_chart(svg).expect("parses");
        find(tree.root()).expect("a title")
    }

    #[test]
    fn a_long_title_wraps_to_two_lines_within_the_chart() {
        let title = "DVC_HSTT_TTHC — Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ của các thủ tục hành chính có cung cấp dịch vụ công trực tuyến";
        let layout = fit_title(title, WIDTH - 2.0 * TITLE_MARGIN);
        assert_eq!(layout.lines.len(), 2, "{layout:?}");
        assert_eq!(layout.lines.join(" "), title, "nothing dropped");
        let chart = BarChart::by_agency(title, true, &[], &ChartWords::vietnamese());
        let (left, right) = title_extent(&chart.to_svg());
        assert!(left >= 0.0 && right <= WIDTH, "{left}..{right}");
        // A short title stays on one line at full size.
        let short = fit_title("Mức đạt kế hoạch", WIDTH);
        assert_eq!((short.lines.len(), short.size), (1, TITLE_SIZE));
        // One endless word is broken, not cut.
        let word = "X".repeat(200);
        let broken = fit_title(&word, 400.0);
        assert_eq!(broken.lines.concat(), word);
        assert!(broken.lines.len() > 2);
    }

    #[test]
    fn ticks_are_whole_quarters_or_years() {
        let quarters = time_ticks(2021.125, 2022.875, 2, true);
        let labels: Vec<&str> = quarters.iter().map(|(_, label)| label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Q1/2021", "Q2/2021", "Q3/2021", "Q4/2021", "Q1/2022", "Q2/2022", "Q3/2022",
                "Q4/2022"
            ]
        );
        // Seven years of quarters: yearly ticks, evenly spaced.
        let years = time_ticks(2019.125, 2025.875, 2, true);
        let labels: Vec<&str> = years.iter().map(|(_, label)| label.as_str()).collect();
        assert_eq!(
            labels,
            ["2019", "2020", "2021", "2022", "2023", "2024", "2025"]
        );
        let gaps: Vec<f64> = years.windows(2).map(|pair| pair[1].0 - pair[0].0).collect();
        assert!(gaps.iter().all(|gap| (gap - 1.0).abs() < 1e-9), "{gaps:?}");
        // Thirty years: every fifth.
        let long = time_ticks(1995.5, 2024.5, 0, false);
        assert!(long.len() <= 12, "{long:?}");
        assert!(
            long.iter()
                .all(|(_, label)| label.parse::<u32>().unwrap() % 5 == 0)
        );
    }

    #[test]
    fn a_period_range_reads_the_end_as_the_table_does() {
        let range = PeriodRange::new(Some("2020"), Some("2021"));
        let keeps = |text: &str| range.keeps(&Period::parse(text).unwrap());
        assert!(keeps("2020") && keeps("2021-Q4") && keeps("2021-12"));
        assert!(!keeps("2019-Q4") && !keeps("2022") && !keeps("2022-Q1"));
        assert!(PeriodRange::default().keeps(&Period::year_of(1990)));
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(nice_ticks(3467.0), (4000.0, 1000.0));
        assert_eq!(nice_ticks(46.8), (50.0, 10.0));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
