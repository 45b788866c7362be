//! The year at a glance: attainment of targets, met or not met given which
//! way is better, change against the previous year, the headline
//! ("Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)"), and the plain series the charts
//! and exports draw. No I/O.

use serde::Serialize;

use super::check::{Rule, target_met};
use super::number::{format_en, format_vi};
use super::rollup::{Aggregation, Granularity, NotMade, SeriesEntry};
use super::{Direction, Kind, NumberFormat, Period};

/// How a figure stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Attainment {
    Met,
    Missed,
    /// There is a target but no figure (NULL): not met, and said so.
    NoValue,
    /// No target: not counted.
    NoTarget,
}

impl Attainment {
    /// Whether it counts among the targets (met or not).
    pub fn has_target(self) -> bool {
        !matches!(self, Attainment::NoTarget)
    }
}

/// Met / missed / no figure for a value against its target.
pub fn assess(value: Option<f64>, target: Option<f64>, direction: Direction) -> Attainment {
    match (value, target) {
        (_, None) => Attainment::NoTarget,
        (None, Some(_)) => Attainment::NoValue,
        (Some(value), Some(target)) => {
            if target_met(value, target, direction == Direction::HigherIsBetter) {
                Attainment::Met
            } else {
                Attainment::Missed
            }
        }
    }
}

/// Attainment in percent: value / target × 100, or target / value × 100 when
/// lower is better. None without both figures or when the divisor is 0.
pub fn attainment_percent(
    value: Option<f64>,
    target: Option<f64>,
    direction: Direction,
) -> Option<f64> {
    let (value, target) = (value?, target?);
    let (numerator, denominator) = match direction {
        Direction::HigherIsBetter => (value, target),
        Direction::LowerIsBetter => (target, value),
    };
    (denominator != 0.0).then(|| numerator / denominator * 100.0)
}

/// The change of a figure against the same period of the previous year.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct YearChange {
    /// value − previous (percentage points for a rate).
    pub difference: f64,
    /// The relative change in percent (None when the previous figure is 0).
    pub percent: Option<f64>,
    /// Whether the change is for the better (None when nothing changed).
    pub improved: Option<bool>,
}

/// The year-on-year change; None when either figure is missing.
pub fn year_change(
    value: Option<f64>,
    previous: Option<f64>,
    direction: Direction,
) -> Option<YearChange> {
    let (value, previous) = (value?, previous?);
    let difference = value - previous;
    let percent = (previous != 0.0).then(|| difference / previous.abs() * 100.0);
    let improved = if difference == 0.0 {
        None
    } else {
        Some((difference > 0.0) == (direction == Direction::HigherIsBetter))
    };
    Some(YearChange {
        difference,
        percent,
        improved,
    })
}

/// One indicator with a target in the year summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryRow {
    pub observation_id: i64,
    pub indicator_id: i64,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub direction: Direction,
    pub period: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub qualifier: Option<String>,
    /// The same indicator, agency and kind of period one year earlier:
    /// filed, rolled up from its sub-periods, or carried from the units
    /// merged into the agency (see `previous_basis`).
    pub previous: Option<f64>,
    pub previous_period: String,
    /// How the previous figure was made, or why it could not be.
    pub previous_basis: PreviousBasis,
    pub batch_id: Option<i64>,
    pub file_name: Option<String>,
    /// Consistency rules the figure breaks.
    pub marks: Vec<Rule>,
}

impl SummaryRow {
    pub fn attainment(&self) -> Attainment {
        assess(self.value, self.target, self.direction)
    }

    pub fn attainment_percent(&self) -> Option<f64> {
        attainment_percent(self.value, self.target, self.direction)
    }

    pub fn change(&self) -> Option<YearChange> {
        year_change(self.value, self.previous, self.direction)
    }
}

/// How the previous year's figure of a summary row was made.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum PreviousBasis {
    /// Stored as filed.
    #[default]
    Filed,
    /// Rolled up from these periods by the indicator's aggregation.
    RolledUp {
        rule: Aggregation,
        periods: Vec<Period>,
    },
    /// Carried from these units (merged into the agency), as "= 56 + 58".
    Carried {
        agencies: Vec<String>,
        complete: bool,
    },
    /// No comparison can be made, and why.
    NotMade { previous: Period, reason: NotMade },
}

impl PreviousBasis {
    /// What the comparison says besides the change, in Vietnamese or
    /// English: "cộng 4 quý", "số cuối kỳ Q4/2020", "= 56 + 58", or why
    /// there is none ("thiếu Q3/2020"). Empty for a filed figure.
    pub fn text(&self, vietnamese: bool) -> String {
        let label = |period: &Period| {
            if vietnamese {
                period.label_vi()
            } else {
                period.label_en()
            }
        };
        let list = |periods: &[Period]| periods.iter().map(label).collect::<Vec<_>>().join(", ");
        match self {
            PreviousBasis::Filed => String::new(),
            PreviousBasis::RolledUp { rule, periods } => {
                let unit = match periods.first().and_then(Granularity::of) {
                    Some(Granularity::Quarter) => ("quý", "quarters"),
                    Some(Granularity::Month) => ("tháng", "months"),
                    Some(Granularity::Half) => ("bán niên", "halves"),
                    _ => ("kỳ", "periods"),
                };
                match (rule, vietnamese) {
                    (Aggregation::Last, true) => format!("số cuối kỳ {}", list(periods)),
                    (Aggregation::Last, false) => format!("end of period, {}", list(periods)),
                    (Aggregation::Ratio, true) => {
                        format!("tính lại từ tử số, mẫu số {} {}", periods.len(), unit.0)
                    }
                    (Aggregation::Ratio, false) => format!(
                        "recomputed from the numerators and denominators of {} {}",
                        periods.len(),
                        unit.1
                    ),
                    (_, true) => format!("cộng {} {}", periods.len(), unit.0),
                    (_, false) => format!("sum of {} {}", periods.len(), unit.1),
                }
            }
            PreviousBasis::Carried { agencies, complete } => {
                let sum = format!("= {}", agencies.join(" + "));
                match (complete, vietnamese) {
                    (true, _) => sum,
                    (false, true) => format!("{sum}, chưa đủ đơn vị"),
                    (false, false) => format!("{sum}, not every unit filed"),
                }
            }
            PreviousBasis::NotMade { previous, reason } => {
                let year = label(previous);
                match (reason, vietnamese) {
                    (NotMade::Missing { periods }, true) => {
                        format!("không so sánh được với {year}: thiếu {}", list(periods))
                    }
                    (NotMade::Missing { periods }, false) => {
                        format!("no comparison with {year}: {} missing", list(periods))
                    }
                    // A rate is never averaged: without its fractions there is no year.
                    (NotMade::NoFraction { periods }, true) => format!(
                        "không so sánh được: {} kỳ của {year} thiếu tử số, mẫu số",
                        periods.len()
                    ),
                    (NotMade::NoFraction { periods }, false) => format!(
                        "no comparison: {} periods of {year} lack numerator and denominator",
                        periods.len()
                    ),
                    (NotMade::NotCombined, true) => {
                        format!("không so sánh được với {year}: chỉ tiêu không cộng gộp theo kỳ")
                    }
                    (NotMade::NotCombined, false) => {
                        format!("no comparison with {year}: this indicator is never combined")
                    }
                    (NotMade::Nothing, true) => format!("không có số liệu {year}"),
                    (NotMade::Nothing, false) => format!("no figure for {year}"),
                }
            }
        }
    }

    /// From the point a series made for the previous period.
    pub fn of_point(point: &SeriesEntry, rule: Aggregation) -> PreviousBasis {
        if let Some(reason) = &point.not_made {
            return PreviousBasis::NotMade {
                previous: point.period,
                reason: reason.clone(),
            };
        }
        if point.value.is_none() {
            return PreviousBasis::NotMade {
                previous: point.period,
                reason: NotMade::Missing {
                    periods: vec![point.period],
                },
            };
        }
        if point.over_units {
            return PreviousBasis::Carried {
                agencies: point.from.clone(),
                complete: point.complete,
            };
        }
        if point.filed {
            return PreviousBasis::Filed;
        }
        PreviousBasis::RolledUp {
            rule,
            periods: point
                .from
                .iter()
                .filter_map(|period| Period::parse(period))
                .collect(),
        }
    }
}

/// The targets of one agency for one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct YearSummary {
    pub year: u32,
    /// The period the targets are set for ("2021", or "2021-Q4").
    pub period: String,
    pub agency_code: String,
    pub agency_name: String,
    /// Indicators with a target, by code.
    pub rows: Vec<SummaryRow>,
}

/// "N of M targets met (x %)".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub met: usize,
    pub total: usize,
}

impl Headline {
    /// The share met in percent (None without targets).
    pub fn percent(self) -> Option<f64> {
        (self.total > 0).then(|| self.met as f64 / self.total as f64 * 100.0)
    }

    /// "Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)".
    pub fn text_vi(self) -> String {
        match self.percent() {
            Some(percent) => format!(
                "Đạt {}/{} chỉ tiêu kế hoạch ({} %)",
                self.met,
                self.total,
                format_vi(round_to(percent, 1))
            ),
            None => "Không có chỉ tiêu kế hoạch".to_owned(),
        }
    }

    /// "13 of 15 plan targets met (86.7 %)".
    pub fn text_en(self) -> String {
        match self.percent() {
            Some(percent) => format!(
                "{} of {} plan targets met ({} %)",
                self.met,
                self.total,
                format_en(round_to(percent, 1))
            ),
            None => "No plan targets".to_owned(),
        }
    }
}

impl YearSummary {
    pub fn headline(&self) -> Headline {
        let counted = self.rows.iter().filter(|row| row.attainment().has_target());
        Headline {
            met: counted
                .clone()
                .filter(|row| row.attainment() == Attainment::Met)
                .count(),
            total: counted.count(),
        }
    }

    /// The rows whose target was missed or that have no figure.
    pub fn missed(&self) -> Vec<&SummaryRow> {
        self.rows
            .iter()
            .filter(|row| matches!(row.attainment(), Attainment::Missed | Attainment::NoValue))
            .collect()
    }
}

/// Rounds to `decimals` places (for display).
pub fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// A figure as people read it: "3.467", "46,8 %", "trên 4.600".
pub fn format_figure(
    value: f64,
    kind: Kind,
    qualifier: Option<&str>,
    format: NumberFormat,
) -> String {
    let mut text = format.format(round_to(value, 2));
    if kind == Kind::Rate {
        text.push_str(" %");
    }
    match qualifier {
        Some(qualifier) if !qualifier.is_empty() => format!("{qualifier} {text}"),
        _ => text,
    }
}

/// The change as text: "+467 (+15,6 %)" for a count, "+3,2 điểm %" for a rate.
pub fn change_text(change: YearChange, kind: Kind, format: NumberFormat) -> String {
    let sign = if change.difference > 0.0 { "+" } else { "" };
    let difference = format.format(round_to(change.difference, 2));
    if kind == Kind::Rate {
        let points = match format {
            NumberFormat::Vi => "điểm %",
            NumberFormat::En => "pp",
        };
        return format!("{sign}{difference} {points}");
    }
    match change.percent {
        Some(percent) => {
            let percent_sign = if percent > 0.0 { "+" } else { "" };
            format!(
                "{sign}{difference} ({percent_sign}{} %)",
                format.format(round_to(percent, 1))
            )
        }
        None => format!("{sign}{difference}"),
    }
}

/// A consistency rule in words, for marks.
pub fn rule_label(rule: Rule, format: NumberFormat) -> &'static str {
    let vietnamese = format == NumberFormat::Vi;
    match (rule, vietnamese) {
        (Rule::PartsSum, true) => "tổng các phần lệch",
        (Rule::PartsSum, false) => "parts do not add up",
        (Rule::RateFraction, true) => "tỷ lệ ≠ tử/mẫu",
        (Rule::RateFraction, false) => "rate ≠ numerator/denominator",
        (Rule::RateRange, true) => "tỷ lệ ngoài 0–100",
        (Rule::RateRange, false) => "rate outside 0–100",
        (Rule::CountWhole, true) => "số đếm không nguyên",
        (Rule::CountWhole, false) => "count not whole",
        (Rule::NumeratorOverDenominator, true) => "tử số > mẫu số",
        (Rule::NumeratorOverDenominator, false) => "numerator > denominator",
        (Rule::Outlier, true) => "khác thường, cần xem lại",
        (Rule::Outlier, false) => "unusual, second look",
        (Rule::RollUp, true) => "lệch với số cộng từ các kỳ con",
        (Rule::RollUp, false) => "differs from its sub-periods' roll-up",
        (Rule::NotCarried, true) => "không quy đổi được sang đơn vị hiện nay",
        (Rule::NotCarried, false) => "not carried to today's units",
    }
}

/// One point of a series: a figure of one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub observation_id: i64,
    pub period: Period,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub qualifier: Option<String>,
    pub file_name: Option<String>,
    /// Stored as filed by the series' unit (false: rolled up or carried).
    pub filed: bool,
    /// The periods a point not filed was rolled up from ("2020-Q1" …), or
    /// the units it was carried from ("56", "58") when it was not rolled up.
    pub made_from: Vec<String>,
    /// Carried from the units merged into today's one.
    pub over_units: bool,
    /// Those units.
    pub agencies: Vec<String>,
    /// How many of the units valid then filed, of how many.
    pub coverage: Option<(usize, usize)>,
}

impl SeriesPoint {
    pub fn x(&self) -> f64 {
        self.period.time_position()
    }
}

/// One indicator for one agency over periods of one kind (years, quarters …).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub indicator_id: i64,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub direction: Direction,
    pub agency_id: i64,
    pub agency_name: String,
    /// In time order.
    pub points: Vec<SeriesPoint>,
}

impl Series {
    /// The points whose figure missed its target.
    pub fn missed(&self) -> impl Iterator<Item = &SeriesPoint> {
        self.points
            .iter()
            .filter(|point| assess(point.value, point.target, self.direction) == Attainment::Missed)
    }

    pub fn has_target(&self) -> bool {
        self.points.iter().any(|point| point.target.is_some())
    }
}

/// A rank for the kind of period, for grouping series (years, halves, quarters, months).
pub fn period_kind_rank(period: &Period) -> u8 {
    match period.kind() {
        super::period::PeriodKind::Year => 0,
        super::period::PeriodKind::Half(_) => 1,
        super::period::PeriodKind::Quarter(_) => 2,
        super::period::PeriodKind::Month(_) => 3,
        super::period::PeriodKind::Day { .. } => 4,
    }
}

/// The same kind of period one year earlier ("2021-Q4" → "2020-Q4").
pub fn previous_year_period(period: &Period) -> Option<Period> {
    let year = period.year().checked_sub(1)?;
    Some(match period.kind() {
        super::period::PeriodKind::Year => Period::year_of(year),
        super::period::PeriodKind::Half(half) => Period::half(year, half),
        super::period::PeriodKind::Quarter(quarter) => Period::quarter(year, quarter),
        super::period::PeriodKind::Month(month) => Period::month(year, month),
        super::period::PeriodKind::Day { month, day } => Period::day(year, month, day)?,
    })
}

/// One value of one agency (for bars by agency).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AgencyValue {
    pub observation_id: i64,
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub qualifier: Option<String>,
    pub file_name: Option<String>,
}

/// A whole and its parts over periods (for stacked bars).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartsOfWhole {
    pub whole: Series,
    /// One series per part, by code.
    pub parts: Vec<Series>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        code: &str,
        value: Option<f64>,
        target: Option<f64>,
        direction: Direction,
    ) -> SummaryRow {
        SummaryRow {
            observation_id: 1,
            indicator_id: 1,
            indicator_code: code.to_owned(),
            indicator_name: code.to_owned(),
            unit: Some("%".to_owned()),
            kind: Kind::Rate,
            direction,
            period: "2021".to_owned(),
            value,
            target,
            qualifier: None,
            previous: None,
            previous_period: "2020".to_owned(),
            previous_basis: PreviousBasis::Filed,
            batch_id: None,
            file_name: None,
            marks: Vec::new(),
        }
    }

    #[test]
    fn higher_is_better_attainment() {
        assert_eq!(
            assess(Some(46.8), Some(50.0), Direction::HigherIsBetter),
            Attainment::Missed
        );
        assert_eq!(
            assess(Some(50.0), Some(50.0), Direction::HigherIsBetter),
            Attainment::Met
        );
        let percent =
            attainment_percent(Some(46.8), Some(50.0), Direction::HigherIsBetter).unwrap();
        assert!((percent - 93.6).abs() < 1e-9);
    }

    #[test]
    fn higher_is_worse_attainment_is_reversed() {
        // Late dossiers: 4 % late against a ceiling of 5 % is met, 120 % attainment.
        assert_eq!(
            assess(Some(4.0), Some(5.0), Direction::LowerIsBetter),
            Attainment::Met
        );
        assert_eq!(
            assess(Some(6.0), Some(5.0), Direction::LowerIsBetter),
            Attainment::Missed
        );
        let percent = attainment_percent(Some(4.0), Some(5.0), Direction::LowerIsBetter).unwrap();
        assert!((percent - 125.0).abs() < 1e-9);
        assert_eq!(
            attainment_percent(Some(0.0), Some(5.0), Direction::LowerIsBetter),
            None
        );
        // A fall is an improvement.
        let change = year_change(Some(4.0), Some(6.0), Direction::LowerIsBetter).unwrap();
        assert_eq!(change.improved, Some(true));
        assert!((change.difference + 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_missing_target_is_not_counted() {
        assert_eq!(
            assess(Some(10.0), None, Direction::HigherIsBetter),
            Attainment::NoTarget
        );
        assert_eq!(
            attainment_percent(Some(10.0), None, Direction::HigherIsBetter),
            None
        );
        let summary = YearSummary {
            rows: vec![
                row("A", Some(10.0), None, Direction::HigherIsBetter),
                row("B", Some(60.0), Some(50.0), Direction::HigherIsBetter),
            ],
            ..YearSummary::default()
        };
        assert_eq!(summary.headline(), Headline { met: 1, total: 1 });
    }

    #[test]
    fn a_null_value_counts_as_not_met_and_has_no_change() {
        assert_eq!(
            assess(None, Some(50.0), Direction::HigherIsBetter),
            Attainment::NoValue
        );
        assert_eq!(
            attainment_percent(None, Some(50.0), Direction::HigherIsBetter),
            None
        );
        assert_eq!(
            year_change(None, Some(40.0), Direction::HigherIsBetter),
            None
        );
        assert_eq!(
            year_change(Some(40.0), None, Direction::HigherIsBetter),
            None
        );
        let summary = YearSummary {
            rows: vec![
                row("A", None, Some(50.0), Direction::HigherIsBetter),
                row("B", Some(60.0), Some(50.0), Direction::HigherIsBetter),
            ],
            ..YearSummary::default()
        };
        assert_eq!(summary.headline(), Headline { met: 1, total: 2 });
        let missed: Vec<&str> = summary
            .missed()
            .iter()
            .map(|row| row.indicator_code.as_str())
            .collect();
        assert_eq!(missed, ["A"]);
    }

    #[test]
    fn year_on_year_change() {
        let change = year_change(Some(3467.0), Some(3000.0), Direction::HigherIsBetter).unwrap();
        assert!((change.difference - 467.0).abs() < 1e-9);
        assert!((change.percent.unwrap() - 15.566_666).abs() < 1e-3);
        assert_eq!(change.improved, Some(true));
        assert_eq!(
            year_change(Some(5.0), Some(0.0), Direction::HigherIsBetter)
                .unwrap()
                .percent,
            None
        );
        assert_eq!(
            year_change(Some(5.0), Some(5.0), Direction::HigherIsBetter)
                .unwrap()
                .improved,
            None
        );
    }

    #[test]
    fn headline_in_vietnamese_and_english() {
        let headline = Headline { met: 13, total: 15 };
        assert_eq!(headline.text_vi(), "Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)");
        assert_eq!(headline.text_en(), "13 of 15 plan targets met (86.7 %)");
        assert_eq!(Headline { met: 0, total: 0 }.percent(), None);
    }

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(
            format_figure(3467.0, Kind::Count, None, NumberFormat::Vi),
            "3.467"
        );
        assert_eq!(
            format_figure(46.8, Kind::Rate, None, NumberFormat::Vi),
            "46,8 %"
        );
        assert_eq!(
            format_figure(4600.0, Kind::Count, Some("trên"), NumberFormat::Vi),
            "trên 4.600"
        );
        assert_eq!(
            format_figure(33.47, Kind::Rate, None, NumberFormat::En),
            "33.47 %"
        );
    }

    #[test]
    fn change_in_words() {
        let change = year_change(Some(3467.0), Some(3000.0), Direction::HigherIsBetter).unwrap();
        assert_eq!(
            change_text(change, Kind::Count, NumberFormat::Vi),
            "+467 (+15,6 %)"
        );
        let change = year_change(Some(46.8), Some(50.0), Direction::HigherIsBetter).unwrap();
        assert_eq!(
            change_text(change, Kind::Rate, NumberFormat::Vi),
            "-3,2 điểm %"
        );
    }

    #[test]
    fn previous_period_keeps_its_kind() {
        let previous = |text: &str| previous_year_period(&Period::parse(text).unwrap()).unwrap();
        assert_eq!(previous("2021").as_str(), "2020");
        assert_eq!(previous("2021-Q4").as_str(), "2020-Q4");
        assert_eq!(previous("2021-12").as_str(), "2020-12");
    }
}
