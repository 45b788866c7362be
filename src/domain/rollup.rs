//! How figures add up: over time (a year from its quarters or months, a half
//! from its quarters, a quarter from its months) and over units (a province
//! from its parts, today's unit from the units merged into it), by the
//! indicator's aggregation. A filed figure always wins over a rolled-up one.
//! No I/O.

use serde::{Deserialize, Serialize};

use super::period::PeriodKind;
use super::{Kind, Period};

/// How an indicator's figures combine (DHIS2's aggregation type).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// A flow over the period (SMS sent, dossiers received): added up.
    Sum,
    /// A stock at the period's end (accounts, certificates in use): the last
    /// sub-period over time, added up over units.
    Last,
    /// A rate: Σ numerator / Σ denominator × 100, never averaged.
    Ratio,
    /// Never combined.
    None,
}

impl Aggregation {
    pub fn as_str(self) -> &'static str {
        match self {
            Aggregation::Sum => "sum",
            Aggregation::Last => "last",
            Aggregation::Ratio => "ratio",
            Aggregation::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<Aggregation> {
        match text.trim().to_ascii_lowercase().as_str() {
            "sum" => Some(Aggregation::Sum),
            "last" => Some(Aggregation::Last),
            "ratio" => Some(Aggregation::Ratio),
            "none" => Some(Aggregation::None),
            _ => None,
        }
    }

    /// DESIGN.md: a missing aggregation means `sum` for a count and `ratio`
    /// for a rate; an amount is summed too.
    pub fn default_for(kind: Kind) -> Aggregation {
        match kind {
            Kind::Rate => Aggregation::Ratio,
            Kind::Count | Kind::Amount => Aggregation::Sum,
        }
    }
}

/// Which units figures are shown on: today's (a unit merged whole carries
/// its figures into its successor) or the units they were filed for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitsView {
    #[default]
    Current,
    AsFiled,
}

/// The kinds of period a series can be shown by (`--by`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Year,
    Half,
    Quarter,
    Month,
}

impl Granularity {
    pub fn parse(text: &str) -> Option<Granularity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "year" => Some(Granularity::Year),
            "half" => Some(Granularity::Half),
            "quarter" => Some(Granularity::Quarter),
            "month" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// The granularity of a period (None for a day).
    pub fn of(period: &Period) -> Option<Granularity> {
        match period.kind() {
            PeriodKind::Year => Some(Granularity::Year),
            PeriodKind::Half(_) => Some(Granularity::Half),
            PeriodKind::Quarter(_) => Some(Granularity::Quarter),
            PeriodKind::Month(_) => Some(Granularity::Month),
            PeriodKind::Day { .. } => None,
        }
    }

    /// How many of these make a year.
    fn per_year(self) -> u8 {
        match self {
            Granularity::Year => 1,
            Granularity::Half => 2,
            Granularity::Quarter => 4,
            Granularity::Month => 12,
        }
    }
}

/// The period of granularity `by` that contains `period` (itself when it is
/// of that granularity); None when `period` is longer (a year has no quarter).
pub fn containing(period: &Period, by: Granularity) -> Option<Period> {
    let year = period.year();
    let month = match period.kind() {
        PeriodKind::Year => return (by == Granularity::Year).then_some(*period),
        PeriodKind::Half(_) => {
            return match by {
                Granularity::Year => Some(Period::year_of(year)),
                Granularity::Half => Some(*period),
                _ => None,
            };
        }
        PeriodKind::Quarter(quarter) => {
            return match by {
                Granularity::Year => Some(Period::year_of(year)),
                Granularity::Half => Some(Period::half(year, quarter.div_ceil(2))),
                Granularity::Quarter => Some(*period),
                Granularity::Month => None,
            };
        }
        PeriodKind::Month(month) | PeriodKind::Day { month, .. } => month,
    };
    Some(match by {
        Granularity::Year => Period::year_of(year),
        Granularity::Half => Period::half(year, month.div_ceil(6)),
        Granularity::Quarter => Period::quarter(year, month.div_ceil(3)),
        Granularity::Month => Period::month(year, month),
    })
}

/// The periods of granularity `of` that make up `period`, in time order
/// (empty when `of` is not finer).
pub fn sub_periods(period: &Period, of: Granularity) -> Vec<Period> {
    let year = period.year();
    let (first_month, months) = match period.kind() {
        PeriodKind::Year => (1u8, 12u8),
        PeriodKind::Half(half) => ((half - 1) * 6 + 1, 6),
        PeriodKind::Quarter(quarter) => ((quarter - 1) * 3 + 1, 3),
        PeriodKind::Month(_) | PeriodKind::Day { .. } => return Vec::new(),
    };
    let step = 12 / of.per_year();
    if step >= months {
        return Vec::new();
    }
    (0..months / step)
        .map(|index| {
            let month = first_month + index * step;
            match of {
                Granularity::Year => Period::year_of(year),
                Granularity::Half => Period::half(year, month.div_ceil(6)),
                Granularity::Quarter => Period::quarter(year, month.div_ceil(3)),
                Granularity::Month => Period::month(year, month),
            }
        })
        .collect()
}

/// The last day of a period as an ISO date ("2021-12-31"): the day a unit
/// must be valid on for a figure of this period to be its.
pub fn end_date(period: &Period) -> String {
    let year = period.year();
    let month = match period.kind() {
        PeriodKind::Year => 12,
        PeriodKind::Half(half) => half * 6,
        PeriodKind::Quarter(quarter) => quarter * 3,
        PeriodKind::Month(month) => month,
        PeriodKind::Day { .. } => return period.as_str().to_owned(),
    };
    format!("{year:04}-{month:02}-{:02}", days_in_month(year, month))
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first day of a period as an ISO date.
pub fn start_date(period: &Period) -> String {
    let month = match period.kind() {
        PeriodKind::Year => 1,
        PeriodKind::Half(half) => (half - 1) * 6 + 1,
        PeriodKind::Quarter(quarter) => (quarter - 1) * 3 + 1,
        PeriodKind::Month(month) => month,
        PeriodKind::Day { .. } => return period.as_str().to_owned(),
    };
    format!("{:04}-{month:02}-01", period.year())
}

/// One stored figure of a series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub period: Period,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// Why a figure could not be made.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotMade {
    /// Sub-periods without a figure ("thiếu Q3/2020").
    Missing { periods: Vec<Period> },
    /// A rate whose parts give no numerator and denominator: rates are never averaged.
    NoFraction { periods: Vec<Period> },
    /// The indicator's figures are never combined.
    NotCombined,
    /// Nothing at all was filed for the period or inside it.
    Nothing,
}

/// A figure, filed or made from others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Made {
    pub period: Period,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// True when stored as filed.
    pub filed: bool,
    /// The filed periods it was made from (itself when filed).
    pub from: Vec<Period>,
    /// The aggregation that made it.
    pub rule: Aggregation,
    /// The units whose figures were added up (carried into today's unit);
    /// empty for a unit's own figures.
    pub agencies: Vec<String>,
    /// Every unit valid then filed.
    pub complete: bool,
    /// Of the units carried, how many filed and how many were valid then
    /// (the fewest filed of its sub-periods): "1/2 đơn vị".
    pub coverage: Option<(usize, usize)>,
}

impl Made {
    fn filed(figure: &Figure, rule: Aggregation) -> Made {
        Made {
            period: figure.period,
            value: figure.value,
            numerator: figure.numerator,
            denominator: figure.denominator,
            filed: true,
            from: vec![figure.period],
            rule,
            agencies: Vec::new(),
            complete: true,
            coverage: None,
        }
    }
}

/// The finer granularities a period may be made of, the usual one first.
fn ways_to_split(period: &Period) -> Vec<Vec<Period>> {
    let finer: &[Granularity] = match period.kind() {
        PeriodKind::Year => &[Granularity::Quarter, Granularity::Half, Granularity::Month],
        PeriodKind::Half(_) => &[Granularity::Quarter, Granularity::Month],
        PeriodKind::Quarter(_) => &[Granularity::Month],
        // A month rolls up from its days (`2021-10-25`).
        PeriodKind::Month(month) => {
            let year = period.year();
            return vec![
                (1..=days_in_month(year, month))
                    .filter_map(|day| Period::day(year, month, day))
                    .collect(),
            ];
        }
        PeriodKind::Day { .. } => &[],
    };
    finer
        .iter()
        .map(|granularity| sub_periods(period, *granularity))
        .collect()
}

/// The figure of `period` from one series' stored figures (any periods, any
/// order): the filed one when there is one, else rolled up from its
/// sub-periods by `rule` (each sub-period itself filed or rolled up).
pub fn over_time(rule: Aggregation, period: &Period, figures: &[Figure]) -> Result<Made, NotMade> {
    roll_up_with(rule, period, &|period| {
        figures
            .iter()
            .find(|figure| figure.period == *period)
            .map(|figure| Made::filed(figure, rule))
    })
}

/// [`over_time`] with the figure of a period given by `given` (a unit's
/// filed figure, or one carried from other units), rolled up where it gives none.
fn roll_up_with(
    rule: Aggregation,
    period: &Period,
    given: &dyn Fn(&Period) -> Option<Made>,
) -> Result<Made, NotMade> {
    if let Some(made) = given(period) {
        return Ok(made);
    }
    if rule == Aggregation::None {
        return Err(NotMade::NotCombined);
    }
    let mut best: Option<NotMade> = None;
    for parts in ways_to_split(period) {
        let made: Vec<Result<Made, NotMade>> = parts
            .iter()
            .map(|part| roll_up_with(rule, part, given))
            .collect();
        if made
            .iter()
            .all(|made| matches!(made, Err(NotMade::Nothing)))
        {
            continue;
        }
        match combine(rule, period, &parts, &made) {
            Ok(made) => return Ok(made),
            Err(reason) => {
                // The first way that has any figure says why.
                if best.is_none() {
                    best = Some(reason);
                }
            }
        }
    }
    Err(best.unwrap_or(NotMade::Nothing))
}

fn combine(
    rule: Aggregation,
    period: &Period,
    parts: &[Period],
    made: &[Result<Made, NotMade>],
) -> Result<Made, NotMade> {
    let present: Vec<&Made> = made.iter().filter_map(|made| made.as_ref().ok()).collect();
    let missing: Vec<Period> = parts
        .iter()
        .zip(made)
        .filter(|(_, made)| made.is_err())
        .map(|(part, _)| *part)
        .collect();
    let from: Vec<Period> = present
        .iter()
        .flat_map(|made| made.from.iter().copied())
        .collect();
    let mut agencies: Vec<String> = Vec::new();
    for made in &present {
        for agency in &made.agencies {
            if !agencies.contains(agency) {
                agencies.push(agency.clone());
            }
        }
    }
    let complete = present.iter().all(|made| made.complete);
    let coverage = present
        .iter()
        .filter_map(|made| made.coverage)
        .min_by(|a, b| (a.0 * b.1).cmp(&(b.0 * a.1)));
    match rule {
        Aggregation::None => Err(NotMade::NotCombined),
        Aggregation::Last => {
            // A stock at the period's end: the last sub-period must be there.
            match made.last() {
                Some(Ok(last)) => Ok(Made {
                    period: *period,
                    filed: false,
                    rule,
                    // A stock's end is its last sub-period, from its own units.
                    from: last.from.clone(),
                    ..last.clone()
                }),
                _ => Err(NotMade::Missing {
                    periods: parts.last().copied().into_iter().collect(),
                }),
            }
        }
        Aggregation::Sum => {
            if !missing.is_empty() {
                return Err(NotMade::Missing { periods: missing });
            }
            let values: Option<Vec<f64>> = present.iter().map(|made| made.value).collect();
            let Some(values) = values else {
                let empty = present
                    .iter()
                    .filter(|made| made.value.is_none())
                    .map(|made| made.period)
                    .collect();
                return Err(NotMade::Missing { periods: empty });
            };
            Ok(Made {
                period: *period,
                value: Some(values.iter().sum()),
                numerator: sum_all(present.iter().map(|made| made.numerator)),
                denominator: sum_all(present.iter().map(|made| made.denominator)),
                filed: false,
                from,
                rule,
                agencies,
                complete,
                coverage,
            })
        }
        Aggregation::Ratio => {
            if !missing.is_empty() {
                return Err(NotMade::Missing { periods: missing });
            }
            ratio_of(
                present
                    .iter()
                    .map(|made| (made.period, made.numerator, made.denominator)),
            )
            .map(|(value, numerator, denominator)| Made {
                period: *period,
                value,
                numerator: Some(numerator),
                denominator: Some(denominator),
                filed: false,
                from,
                rule,
                agencies,
                complete,
                coverage,
            })
        }
    }
}

fn sum_all(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.sum()
}

/// Σ numerator / Σ denominator × 100 (None when Σ denominator is 0), or the
/// periods whose fraction is missing.
fn ratio_of(
    parts: impl Iterator<Item = (Period, Option<f64>, Option<f64>)>,
) -> Result<(Option<f64>, f64, f64), NotMade> {
    let (mut numerator, mut denominator) = (0.0, 0.0);
    let mut lacking = Vec::new();
    for (period, part_numerator, part_denominator) in parts {
        match (part_numerator, part_denominator) {
            (Some(n), Some(d)) => {
                numerator += n;
                denominator += d;
            }
            _ => lacking.push(period),
        }
    }
    if !lacking.is_empty() {
        return Err(NotMade::NoFraction { periods: lacking });
    }
    let value = (denominator != 0.0).then(|| numerator / denominator * 100.0);
    Ok((value, numerator, denominator))
}

/// One unit's figure for a period, or none (the unit did not file).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitFigure {
    pub agency_code: String,
    pub figure: Option<Figure>,
}

/// A figure made from the figures of several units (parts of a province,
/// or the units merged into today's unit).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Combined {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The units whose figures it adds ("56", "58").
    pub from: Vec<String>,
    /// How many units were expected.
    pub expected: usize,
}

impl Combined {
    /// Whether every expected unit filed.
    pub fn complete(&self) -> bool {
        self.from.len() == self.expected
    }
}

/// Combines units' figures of one period: summed for `sum` and `last` (a
/// stock of two units is their sum), Σ numerator / Σ denominator for
/// `ratio`; `none` combines only a single unit. Units that did not file are
/// counted as missing (the coverage says so); an empty combination is None.
pub fn over_units(rule: Aggregation, units: &[UnitFigure]) -> Option<Combined> {
    let filed: Vec<(&str, &Figure)> = units
        .iter()
        .filter_map(|unit| Some((unit.agency_code.as_str(), unit.figure.as_ref()?)))
        .collect();
    if filed.is_empty() {
        return None;
    }
    let from: Vec<String> = filed.iter().map(|(code, _)| (*code).to_owned()).collect();
    let expected = units.len();
    match rule {
        Aggregation::None => (filed.len() == 1 && expected == 1).then(|| Combined {
            value: filed[0].1.value,
            numerator: filed[0].1.numerator,
            denominator: filed[0].1.denominator,
            from,
            expected,
        }),
        Aggregation::Sum | Aggregation::Last => Some(Combined {
            value: sum_all(filed.iter().map(|(_, figure)| figure.value)),
            numerator: sum_all(filed.iter().map(|(_, figure)| figure.numerator)),
            denominator: sum_all(filed.iter().map(|(_, figure)| figure.denominator)),
            from,
            expected,
        }),
        Aggregation::Ratio => {
            if filed.len() == 1 {
                let figure = filed[0].1;
                return Some(Combined {
                    value: figure.value,
                    numerator: figure.numerator,
                    denominator: figure.denominator,
                    from,
                    expected,
                });
            }
            let (value, numerator, denominator) = ratio_of(
                filed
                    .iter()
                    .map(|(_, figure)| (figure.period, figure.numerator, figure.denominator)),
            )
            .ok()?;
            Some(Combined {
                value,
                numerator: Some(numerator),
                denominator: Some(denominator),
                from,
                expected,
            })
        }
    }
}

/// Where a filed figure and the one its sub-periods roll up to differ (for
/// `check`): the filed value and the rolled-up one.
pub fn filed_against_rolled_up(
    rule: Aggregation,
    period: &Period,
    figures: &[Figure],
) -> Option<(f64, Made)> {
    let filed = figures.iter().find(|figure| figure.period == *period)?;
    let filed_value = filed.value?;
    let others: Vec<Figure> = figures
        .iter()
        .filter(|figure| figure.period != *period)
        .copied()
        .collect();
    let made = over_time(rule, period, &others).ok()?;
    let rolled = made.value?;
    let tolerance = 0.05_f64.max(filed_value.abs() * 1e-9);
    ((rolled - filed_value).abs() > tolerance).then_some((filed_value, made))
}

/// One unit's stored figures of one indicator, with the days it was valid.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitSeries {
    pub agency_code: String,
    /// The series' own unit (false: a unit carried into it, or a part).
    pub own: bool,
    /// A territorial part of the series' unit (a district or commune of a
    /// province): the parts add up to the unit where it filed nothing.
    pub part: bool,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub figures: Vec<Figure>,
}

impl UnitSeries {
    fn valid_on(&self, date: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|from| from <= date)
            && self.valid_to.as_deref().is_none_or(|to| to >= date)
    }
}

/// One point of a series (`chiso series`, the charts on today's units).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesEntry {
    pub period: Period,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Stored as filed, by the series' own unit.
    pub filed: bool,
    /// The periods it was rolled up from, or the units it was carried from.
    pub from: Vec<String>,
    /// Every unit valid then filed (a combination of units may lack some).
    pub complete: bool,
    /// Why no figure could be made.
    pub not_made: Option<NotMade>,
    /// Made from the figures of other units, carried into the series' unit.
    pub over_units: bool,
    /// Those units ("56", "58").
    pub agencies: Vec<String>,
    /// How many of the units valid then filed, of how many.
    pub coverage: Option<(usize, usize)>,
}

/// The points of a series: each period of granularity `by` (the stored
/// periods as they are when None) that any of the units has a figure in or
/// under, in time order. A period is the series' own unit's where it was
/// valid at the period's end; before that it is made from the units
/// carried into it that were valid then, each rolled up over time first.
pub fn series_points(
    rule: Aggregation,
    by: Option<Granularity>,
    units: &[UnitSeries],
) -> Vec<SeriesEntry> {
    let mut periods: Vec<Period> = units
        .iter()
        .flat_map(|unit| unit.figures.iter())
        .filter_map(|figure| match by {
            Some(by) => containing(&figure.period, by),
            None => Some(figure.period),
        })
        .collect();
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .map(|period| point_of(rule, &period, units))
        .collect()
}

/// The figure of one period of a series (see [`series_points`]): the
/// series' own unit's where it was valid at the period's end (filed, or
/// rolled up from sub-periods, each of them on the units of its own time:
/// a year 2025 of today's unit is its two quarters after 1 July and the
/// two before carried from the units merged into it); before that, the
/// units carried into it that were valid then, each rolled up first, added up.
pub fn point_of(rule: Aggregation, period: &Period, units: &[UnitSeries]) -> SeriesEntry {
    let given = |period: &Period| given_at(rule, period, units);
    match roll_up_with(rule, period, &given) {
        Ok(made) => {
            let rolled = made.from.iter().any(|from| from != period);
            SeriesEntry {
                period: *period,
                value: made.value,
                numerator: made.numerator,
                denominator: made.denominator,
                filed: made.filed && made.agencies.is_empty(),
                from: if rolled {
                    made.from.iter().map(ToString::to_string).collect()
                } else {
                    made.agencies.clone()
                },
                complete: made.complete,
                not_made: None,
                over_units: !made.agencies.is_empty(),
                agencies: made.agencies,
                coverage: made.coverage,
            }
        }
        Err(not_made) => SeriesEntry {
            period: *period,
            value: None,
            numerator: None,
            denominator: None,
            filed: false,
            from: Vec::new(),
            complete: false,
            not_made: Some(not_made),
            over_units: false,
            agencies: Vec::new(),
            coverage: None,
        },
    }
}

/// The figure a series has for exactly `period` without rolling up its own
/// sub-periods: its own unit's filed one while it was valid; before it
/// existed, the carried units' (each rolled up over its own figures) added up.
fn given_at(rule: Aggregation, period: &Period, units: &[UnitSeries]) -> Option<Made> {
    let at = end_date(period);
    let valid: Vec<&UnitSeries> = units.iter().filter(|unit| unit.valid_on(&at)).collect();
    if let Some(own) = valid.iter().find(|unit| unit.own) {
        if let Some(figure) = own.figures.iter().find(|figure| figure.period == *period) {
            return Some(Made::filed(figure, rule));
        }
        // Where the unit filed nothing for the period or inside it, its
        // parts add up to it, with the coverage said ("22/27 xã"); its own
        // quarters come before its parts' year.
        let (start, end) = (start_date(period), end_date(period));
        let own_inside = own
            .figures
            .iter()
            .any(|figure| start_date(&figure.period) >= start && end_date(&figure.period) <= end);
        let parts: Vec<&UnitSeries> = valid.iter().copied().filter(|unit| unit.part).collect();
        if own_inside || parts.is_empty() || rule == Aggregation::None {
            return None;
        }
        return combined_of(rule, period, &parts);
    }
    let valid: Vec<&UnitSeries> = valid.into_iter().filter(|unit| !unit.part).collect();
    if valid.is_empty() {
        return None;
    }
    combined_of(rule, period, &valid)
}

/// The units' figures of one period, each rolled up over its own figures
/// first, added up by the rule.
fn combined_of(rule: Aggregation, period: &Period, units: &[&UnitSeries]) -> Option<Made> {
    let parts: Vec<UnitFigure> = units
        .iter()
        .map(|unit| UnitFigure {
            agency_code: unit.agency_code.clone(),
            figure: over_time(rule, period, &unit.figures)
                .ok()
                .map(|made| Figure {
                    period: *period,
                    value: made.value,
                    numerator: made.numerator,
                    denominator: made.denominator,
                }),
        })
        .collect();
    let combined = over_units(rule, &parts)?;
    Some(Made {
        period: *period,
        value: combined.value,
        numerator: combined.numerator,
        denominator: combined.denominator,
        filed: false,
        from: vec![*period],
        rule,
        complete: combined.complete(),
        coverage: Some((combined.from.len(), combined.expected)),
        agencies: combined.from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Period {
        Period::parse(text).unwrap()
    }

    fn figure(text: &str, value: f64) -> Figure {
        Figure {
            period: period(text),
            value: Some(value),
            numerator: None,
            denominator: None,
        }
    }

    fn fraction(text: &str, numerator: f64, denominator: f64) -> Figure {
        Figure {
            period: period(text),
            value: Some(numerator / denominator * 100.0),
            numerator: Some(numerator),
            denominator: Some(denominator),
        }
    }

    fn quarters(year: u32, values: [f64; 4]) -> Vec<Figure> {
        values
            .iter()
            .enumerate()
            .map(|(index, value)| figure(&format!("{year}-Q{}", index + 1), *value))
            .collect()
    }

    #[test]
    fn a_year_of_a_flow_is_the_sum_of_its_quarters() {
        let made = over_time(
            Aggregation::Sum,
            &period("2020"),
            &quarters(2020, [1.0, 2.0, 3.0, 4.0]),
        )
        .unwrap();
        assert_eq!(made.value, Some(10.0));
        assert!(!made.filed);
        let from: Vec<&str> = made.from.iter().map(Period::as_str).collect();
        assert_eq!(from, ["2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"]);
    }

    #[test]
    fn a_missing_quarter_is_named_and_nothing_is_made() {
        let mut figures = quarters(2020, [1.0, 2.0, 3.0, 4.0]);
        figures.remove(2);
        let reason = over_time(Aggregation::Sum, &period("2020"), &figures).unwrap_err();
        assert_eq!(
            reason,
            NotMade::Missing {
                periods: vec![period("2020-Q3")]
            }
        );
        // The ratio rule needs every quarter too.
        let reason = over_time(Aggregation::Ratio, &period("2020"), &figures).unwrap_err();
        assert!(matches!(reason, NotMade::Missing { .. }));
    }

    #[test]
    fn a_stock_is_its_last_quarter_and_needs_only_that() {
        let mut figures = quarters(2020, [100.0, 120.0, 130.0, 150.0]);
        figures.remove(1);
        let made = over_time(Aggregation::Last, &period("2020"), &figures).unwrap();
        assert_eq!(made.value, Some(150.0));
        let from: Vec<&str> = made.from.iter().map(Period::as_str).collect();
        assert_eq!(from, ["2020-Q4"]);
        figures.pop();
        let reason = over_time(Aggregation::Last, &period("2020"), &figures).unwrap_err();
        assert_eq!(
            reason,
            NotMade::Missing {
                periods: vec![period("2020-Q4")]
            }
        );
    }

    #[test]
    fn a_rate_is_recomputed_from_its_fractions_never_averaged() {
        let figures = vec![
            fraction("2020-Q1", 10.0, 100.0),
            fraction("2020-Q2", 90.0, 100.0),
            fraction("2020-Q3", 0.0, 0.0),
            fraction("2020-Q4", 100.0, 800.0),
        ];
        let made = over_time(Aggregation::Ratio, &period("2020"), &figures).unwrap();
        // 200 / 1000, where the mean of the rates would be 10 %, 90 %, –, 12.5 %.
        assert_eq!(made.value, Some(20.0));
        assert_eq!(
            (made.numerator, made.denominator),
            (Some(200.0), Some(1000.0))
        );
    }

    #[test]
    fn a_rate_without_numerators_is_not_rolled_up() {
        let figures = quarters(2020, [40.0, 50.0, 60.0, 70.0]);
        let reason = over_time(Aggregation::Ratio, &period("2020"), &figures).unwrap_err();
        assert_eq!(
            reason,
            NotMade::NoFraction {
                periods: figures.iter().map(|figure| figure.period).collect()
            }
        );
    }

    #[test]
    fn a_filed_figure_wins_and_a_different_roll_up_is_reported() {
        let mut figures = quarters(2020, [1.0, 2.0, 3.0, 4.0]);
        figures.push(figure("2020", 12.0));
        let made = over_time(Aggregation::Sum, &period("2020"), &figures).unwrap();
        assert!(made.filed);
        assert_eq!(made.value, Some(12.0));
        let (filed, rolled) =
            filed_against_rolled_up(Aggregation::Sum, &period("2020"), &figures).unwrap();
        assert_eq!(filed, 12.0);
        assert_eq!(rolled.value, Some(10.0));
        figures.pop();
        figures.push(figure("2020", 10.0));
        assert!(filed_against_rolled_up(Aggregation::Sum, &period("2020"), &figures).is_none());
    }

    #[test]
    fn quarters_roll_up_from_months_and_years_from_halves() {
        let months: Vec<Figure> = (1..=3)
            .map(|month| figure(&format!("2021-{month:02}"), f64::from(month)))
            .collect();
        let made = over_time(Aggregation::Sum, &period("2021-Q1"), &months).unwrap();
        assert_eq!(made.value, Some(6.0));
        let halves = vec![figure("2021-H1", 5.0), figure("2021-H2", 7.0)];
        let made = over_time(Aggregation::Sum, &period("2021"), &halves).unwrap();
        assert_eq!(made.value, Some(12.0));
        // A year from two filed quarters and two quarters made of months.
        let mut mixed = vec![figure("2021-Q1", 1.0), figure("2021-Q2", 1.0)];
        for month in 7..=12 {
            mixed.push(figure(&format!("2021-{month:02}"), 1.0));
        }
        let made = over_time(Aggregation::Sum, &period("2021"), &mixed).unwrap();
        assert_eq!(made.value, Some(8.0));
        assert_eq!(made.from.len(), 8);
    }

    #[test]
    fn none_is_never_combined() {
        let figures = quarters(2020, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(
            over_time(Aggregation::None, &period("2020"), &figures).unwrap_err(),
            NotMade::NotCombined
        );
        assert_eq!(
            over_time(Aggregation::Sum, &period("2019"), &figures).unwrap_err(),
            NotMade::Nothing
        );
    }

    #[test]
    fn units_add_up_with_their_coverage() {
        let units = vec![
            UnitFigure {
                agency_code: "56".into(),
                figure: Some(figure("2024", 300.0)),
            },
            UnitFigure {
                agency_code: "58".into(),
                figure: Some(figure("2024", 200.0)),
            },
        ];
        let combined = over_units(Aggregation::Last, &units).unwrap();
        assert_eq!(combined.value, Some(500.0));
        assert!(combined.complete());
        let partial = vec![
            units[0].clone(),
            UnitFigure {
                agency_code: "58".into(),
                figure: None,
            },
        ];
        let combined = over_units(Aggregation::Sum, &partial).unwrap();
        assert_eq!((combined.from.len(), combined.expected), (1, 2));
        assert!(!combined.complete());
        let rates = vec![
            UnitFigure {
                agency_code: "56".into(),
                figure: Some(fraction("2024", 30.0, 100.0)),
            },
            UnitFigure {
                agency_code: "58".into(),
                figure: Some(fraction("2024", 70.0, 100.0)),
            },
        ];
        assert_eq!(
            over_units(Aggregation::Ratio, &rates).unwrap().value,
            Some(50.0)
        );
        assert!(over_units(Aggregation::None, &rates).is_none());
    }

    #[test]
    fn a_series_on_todays_units_carries_the_merged_ones() {
        let unit =
            |code: &str, own: bool, from: Option<&str>, to: Option<&str>, figures| UnitSeries {
                agency_code: code.into(),
                own,
                part: false,
                valid_from: from.map(Into::into),
                valid_to: to.map(Into::into),
                figures,
            };
        let units = vec![
            unit(
                "56",
                true,
                Some("2025-07-01"),
                None,
                vec![figure("2026", 900.0)],
            ),
            unit(
                "56",
                false,
                None,
                Some("2025-06-30"),
                quarters(2024, [1.0, 2.0, 3.0, 500.0]),
            ),
            unit(
                "58",
                false,
                None,
                Some("2025-06-30"),
                vec![figure("2024", 300.0)],
            ),
        ];
        let points = series_points(Aggregation::Last, Some(Granularity::Year), &units);
        let texts: Vec<(String, Option<f64>, bool, Vec<String>)> = points
            .iter()
            .map(|point| {
                (
                    point.period.to_string(),
                    point.value,
                    point.filed,
                    point.from.clone(),
                )
            })
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "2024".into(),
                    Some(800.0),
                    false,
                    vec!["56".into(), "58".into()]
                ),
                ("2026".into(), Some(900.0), true, vec![]),
            ]
        );
        assert!(points[0].complete);
        // By quarter, 2024's quarters have only old 56's figure: not complete.
        let points = series_points(Aggregation::Last, Some(Granularity::Quarter), &units);
        assert_eq!(points[0].period.to_string(), "2024-Q1");
        assert!(!points[0].complete);
        assert_eq!(points[0].from, ["56"]);
    }

    #[test]
    fn a_year_across_the_reform_takes_each_quarter_from_the_units_of_its_time() {
        let unit =
            |code: &str, own: bool, from: Option<&str>, to: Option<&str>, figures| UnitSeries {
                agency_code: code.into(),
                own,
                part: false,
                valid_from: from.map(Into::into),
                valid_to: to.map(Into::into),
                figures,
            };
        let units = vec![
            unit(
                "56",
                true,
                Some("2025-07-01"),
                None,
                vec![figure("2025-Q3", 30.0), figure("2025-Q4", 40.0)],
            ),
            unit(
                "56",
                false,
                None,
                Some("2025-06-30"),
                vec![figure("2025-Q1", 10.0), figure("2025-Q2", 20.0)],
            ),
            unit(
                "58",
                false,
                None,
                Some("2025-06-30"),
                vec![figure("2025-Q1", 1.0), figure("2025-Q2", 2.0)],
            ),
        ];
        let year = point_of(Aggregation::Sum, &period("2025"), &units);
        assert_eq!(year.value, Some(103.0));
        assert!(!year.filed && year.over_units && year.complete);
        assert_eq!(year.agencies, ["56", "58"]);
        assert_eq!(year.from, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
        // A stock at the end of 2025 is today's unit's own fourth quarter.
        let stock = point_of(Aggregation::Last, &period("2025"), &units);
        assert_eq!(stock.value, Some(40.0));
        assert!(!stock.over_units);
        // Without 58's second quarter the sum is made but not complete.
        let mut partial = units.clone();
        partial[2].figures.pop();
        let year = point_of(Aggregation::Sum, &period("2025"), &partial);
        assert_eq!(year.value, Some(101.0));
        assert!(!year.complete);
    }

    #[test]
    fn a_unit_that_filed_nothing_is_its_parts_with_their_coverage() {
        let part = |code: &str, figures| UnitSeries {
            agency_code: code.into(),
            own: false,
            part: true,
            valid_from: None,
            valid_to: None,
            figures,
        };
        let province = UnitSeries {
            agency_code: "56".into(),
            own: true,
            part: false,
            valid_from: None,
            valid_to: None,
            figures: vec![figure("2021", 100.0)],
        };
        let units = vec![
            province,
            part("568", vec![figure("2021", 60.0), figure("2022", 70.0)]),
            part("569", vec![figure("2021", 30.0)]),
            part("570", vec![figure("2022", 5.0)]),
        ];
        // The province's own figure wins where it filed one.
        let filed = point_of(Aggregation::Sum, &period("2021"), &units);
        assert_eq!((filed.value, filed.filed), (Some(100.0), true));
        // 2022: two of its three parts filed.
        let parts = point_of(Aggregation::Sum, &period("2022"), &units);
        assert_eq!(parts.value, Some(75.0));
        assert_eq!(parts.agencies, ["568", "570"]);
        assert_eq!(parts.coverage, Some((2, 3)));
        assert!(!parts.complete);
        // The unit's own quarters come before its parts' year.
        let mut units = units;
        units[0]
            .figures
            .extend(quarters(2023, [1.0, 1.0, 1.0, 1.0]));
        units[1].figures.push(figure("2023", 50.0));
        let own = point_of(Aggregation::Sum, &period("2023"), &units);
        assert_eq!((own.value, own.over_units), (Some(4.0), false));
    }

    #[test]
    fn days_roll_up_into_their_month_never_into_a_year_directly() {
        let days: Vec<Figure> = (1..=31)
            .map(|day| Figure {
                period: Period::day(2021, 10, day).unwrap(),
                value: Some(1.0),
                numerator: None,
                denominator: None,
            })
            .collect();
        let month = over_time(Aggregation::Sum, &period("2021-10"), &days).unwrap();
        assert_eq!((month.value, month.from.len()), (Some(31.0), 31));
        let quarter = over_time(Aggregation::Sum, &period("2021-Q4"), &days).unwrap_err();
        assert_eq!(
            quarter,
            NotMade::Missing {
                periods: vec![period("2021-11"), period("2021-12")]
            }
        );
        let day = Period::day(2021, 10, 25).unwrap();
        assert_eq!(
            containing(&day, Granularity::Month),
            Some(period("2021-10"))
        );
        assert_eq!(containing(&day, Granularity::Year), Some(period("2021")));
        assert_eq!(end_date(&day), "2021-10-25");
        let last = over_time(Aggregation::Last, &period("2021-10"), &days[..30]).unwrap_err();
        assert_eq!(
            last,
            NotMade::Missing {
                periods: vec![Period::day(2021, 10, 31).unwrap()]
            }
        );
    }

    #[test]
    fn periods_contain_and_split() {
        assert_eq!(
            containing(&period("2021-11"), Granularity::Quarter),
            Some(period("2021-Q4"))
        );
        assert_eq!(
            containing(&period("2021-Q3"), Granularity::Half),
            Some(period("2021-H2"))
        );
        assert_eq!(containing(&period("2021"), Granularity::Quarter), None);
        let halves: Vec<String> = sub_periods(&period("2021"), Granularity::Half)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(halves, ["2021-H1", "2021-H2"]);
        assert_eq!(sub_periods(&period("2021-H2"), Granularity::Month).len(), 6);
        assert_eq!(end_date(&period("2024-02")), "2024-02-29");
        assert_eq!(end_date(&period("2025-H1")), "2025-06-30");
        assert_eq!(start_date(&period("2025-Q3")), "2025-07-01");
    }
}
