//! Consistency rules: parts add up to their whole, a rate equals
//! numerator / denominator × 100 and lies in 0–100, a count is a whole number
//! ≥ 0, and a value far off its own history is flagged for a second look.

use serde::Serialize;

use super::Kind;
use super::number::format_canonical;

/// How far a rate may differ from numerator / denominator × 100 (rounding in reports).
pub const RATE_TOLERANCE: f64 = 0.051;
/// How far parts may differ from their whole.
pub const PARTS_TOLERANCE: f64 = 1e-6;

/// A consistency rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    PartsSum,
    RateFraction,
    RateRange,
    CountWhole,
    NumeratorOverDenominator,
    Outlier,
    /// A filed figure differs from the one its sub-periods roll up to.
    RollUp,
    /// A figure of a unit split in parts, or ended without a successor: it
    /// stays historical and is not on today's units.
    NotCarried,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::PartsSum => "parts_sum",
            Rule::RateFraction => "rate_fraction",
            Rule::RateRange => "rate_range",
            Rule::CountWhole => "count_whole",
            Rule::NumeratorOverDenominator => "numerator_over_denominator",
            Rule::Outlier => "outlier",
            Rule::RollUp => "roll_up",
            Rule::NotCarried => "not_carried",
        }
    }

    /// Whether breaking the rule is an error (the others ask for a second look).
    pub fn is_error(self) -> bool {
        !matches!(self, Rule::Outlier | Rule::RollUp | Rule::NotCarried)
    }
}

/// What a broken rule found, with its figures: the window says it in the
/// user's language and number format; `Display` is the English of the
/// command line (and of `check --json`'s `message`).
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    NumeratorOverDenominator {
        numerator: f64,
        denominator: f64,
    },
    RateFraction {
        value: f64,
        numerator: f64,
        denominator: f64,
        expected: f64,
    },
    RateRange {
        value: f64,
    },
    /// `part` is None for the value, else "numerator" or "denominator".
    CountWhole {
        part: Option<&'static str>,
        value: f64,
    },
    /// The parts (code, value) add up to `sum`, not to the whole.
    PartsSum {
        sum: f64,
        parts: Vec<(String, f64)>,
        whole: f64,
    },
    Outlier {
        value: f64,
        median: f64,
    },
    /// A filed figure that its sub-periods roll up differently.
    RollUp {
        filed: f64,
        periods: Vec<String>,
        made: Option<f64>,
        aggregation: &'static str,
    },
    /// A unit ended with no successor (`into` empty), or went into these
    /// (code, taken whole) without its figures divided.
    NotCarried {
        code: String,
        name: String,
        ended: String,
        into: Vec<(String, bool)>,
    },
}

impl Finding {
    /// The English sentence with numbers written by `number`.
    pub fn english(&self, number: &dyn Fn(f64) -> String) -> String {
        let number = |value: &f64| number(*value);
        let mut out = String::new();
        let _ = self.write_english(&mut out, &number);
        out
    }

    fn write_english(
        &self,
        out: &mut dyn std::fmt::Write,
        number: &dyn Fn(&f64) -> String,
    ) -> std::fmt::Result {
        match self {
            Finding::NumeratorOverDenominator {
                numerator,
                denominator,
            } => write!(
                out,
                "numerator {} is greater than denominator {}",
                number(numerator),
                number(denominator)
            ),
            Finding::RateFraction {
                value,
                numerator,
                denominator,
                expected,
            } => write!(
                out,
                "rate {} differs from {} / {} × 100 = {}",
                number(value),
                number(numerator),
                number(denominator),
                number(expected)
            ),
            Finding::RateRange { value } => write!(out, "rate {} is outside 0–100", number(value)),
            Finding::CountWhole { part, value } => write!(
                out,
                "{} {} is not a whole number ≥ 0",
                part.unwrap_or("count"),
                number(value)
            ),
            Finding::PartsSum { sum, parts, whole } => {
                let terms: Vec<String> = parts
                    .iter()
                    .map(|(code, value)| format!("{code} {}", number(value)))
                    .collect();
                write!(
                    out,
                    "parts add up to {} ({}), not {}",
                    number(sum),
                    terms.join(" + "),
                    number(whole)
                )
            }
            Finding::Outlier { value, median } => write!(
                out,
                "{} is far off this series' usual level (median {})",
                number(value),
                number(median)
            ),
            Finding::RollUp {
                filed,
                periods,
                made,
                aggregation,
            } => write!(
                out,
                "filed {} but its {} sub-periods ({}) make {} by {aggregation}",
                super::number::format_en(*filed),
                periods.len(),
                periods.join(", "),
                made.map_or_else(|| "—".to_owned(), super::number::format_en)
            ),
            Finding::NotCarried {
                code,
                name,
                ended,
                into,
            } if into.is_empty() => {
                write!(
                    out,
                    "unit {code} \"{name}\" ended on {ended} with no successor"
                )
            }
            Finding::NotCarried {
                code,
                name,
                ended,
                into,
            } => {
                let into: Vec<String> = into
                    .iter()
                    .map(|(successor, whole)| {
                        format!("{successor}{}", if *whole { "" } else { " (part)" })
                    })
                    .collect();
                write!(
                    out,
                    "unit {code} \"{name}\" went into {} on {ended}: its figures are not divided",
                    into.join(", ")
                )
            }
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write_english(out, &|value: &f64| format_canonical(*value))
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// One broken rule on one observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Violation {
    pub observation_id: i64,
    pub rule: Rule,
    #[serde(rename = "message")]
    pub finding: Finding,
}

/// The figures of one observation that the per-row rules look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct RowFigures {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
}

/// The rules that need only the observation itself.
pub fn check_row(observation_id: i64, kind: Kind, figures: RowFigures) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut push = |rule: Rule, finding: Finding| {
        found.push(Violation {
            observation_id,
            rule,
            finding,
        });
    };
    if let (Some(numerator), Some(denominator)) = (figures.numerator, figures.denominator) {
        if numerator > denominator && kind == Kind::Rate {
            push(
                Rule::NumeratorOverDenominator,
                Finding::NumeratorOverDenominator {
                    numerator,
                    denominator,
                },
            );
        }
        if kind == Kind::Rate
            && denominator != 0.0
            && let Some(value) = figures.value
        {
            let expected = numerator * 100.0 / denominator;
            if (value - expected).abs() > RATE_TOLERANCE {
                push(
                    Rule::RateFraction,
                    Finding::RateFraction {
                        value,
                        numerator,
                        denominator,
                        expected: (expected * 100.0).round() / 100.0,
                    },
                );
            }
        }
    }
    if let Some(value) = figures.value {
        match kind {
            Kind::Rate if !(0.0..=100.0).contains(&value) => {
                push(Rule::RateRange, Finding::RateRange { value });
            }
            Kind::Count if value < 0.0 || value.fract() != 0.0 => {
                push(Rule::CountWhole, Finding::CountWhole { part: None, value });
            }
            _ => {}
        }
    }
    if kind == Kind::Count {
        for (name, part) in [
            ("numerator", figures.numerator),
            ("denominator", figures.denominator),
        ] {
            if let Some(part) = part
                && (part < 0.0 || part.fract() != 0.0)
            {
                push(
                    Rule::CountWhole,
                    Finding::CountWhole {
                        part: Some(name),
                        value: part,
                    },
                );
            }
        }
    }
    found
}

/// Whether the parts add up to the whole; the message when they do not.
pub fn check_parts(whole: f64, parts: &[(String, f64)]) -> Option<Finding> {
    let sum: f64 = parts.iter().map(|(_, value)| value).sum();
    if (sum - whole).abs() <= PARTS_TOLERANCE * whole.abs().max(1.0) {
        return None;
    }
    Some(Finding::PartsSum {
        sum,
        parts: parts.to_vec(),
        whole,
    })
}

/// The values of one series (indicator × agency, one kind of period) that lie
/// far off the rest: more than 5 robust deviations from the median and more
/// than half the median away. Needs at least 5 points.
pub fn outliers(series: &[(i64, f64)]) -> Vec<(i64, Finding)> {
    if series.len() < 5 {
        return Vec::new();
    }
    let mut values: Vec<f64> = series.iter().map(|(_, value)| *value).collect();
    values.sort_by(f64::total_cmp);
    let median = median_of_sorted(&values);
    let mut deviations: Vec<f64> = values.iter().map(|value| (value - median).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    let spread = (1.4826 * median_of_sorted(&deviations)).max(median.abs() * 0.05);
    if spread == 0.0 {
        return Vec::new();
    }
    series
        .iter()
        .filter(|(_, value)| {
            let distance = (value - median).abs();
            distance / spread > 5.0 && distance > median.abs() * 0.5
        })
        .map(|(id, value)| {
            (
                *id,
                Finding::Outlier {
                    value: *value,
                    median: (median * 100.0).round() / 100.0,
                },
            )
        })
        .collect()
}

fn median_of_sorted(values: &[f64]) -> f64 {
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        f64::midpoint(values[middle - 1], values[middle])
    } else {
        values[middle]
    }
}

/// Whether a figure meets its target, given which way is better.
pub fn target_met(value: f64, target: f64, higher_is_better: bool) -> bool {
    if higher_is_better {
        value >= target
    } else {
        value <= target
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(
        kind: Kind,
        value: Option<f64>,
        numerator: Option<f64>,
        denominator: Option<f64>,
    ) -> Vec<Rule> {
        check_row(
            1,
            kind,
            RowFigures {
                value,
                numerator,
                denominator,
            },
        )
        .into_iter()
        .map(|violation| violation.rule)
        .collect()
    }

    #[test]
    fn rates_follow_their_fraction_and_stay_in_range() {
        assert!(rules(Kind::Rate, Some(95.0), Some(19.0), Some(20.0)).is_empty());
        assert_eq!(
            rules(Kind::Rate, Some(90.0), Some(19.0), Some(20.0)),
            [Rule::RateFraction]
        );
        assert_eq!(
            rules(Kind::Rate, Some(104.0), None, None),
            [Rule::RateRange]
        );
        assert_eq!(rules(Kind::Rate, Some(-1.0), None, None), [Rule::RateRange]);
        assert!(rules(Kind::Rate, Some(33.33), Some(1.0), Some(3.0)).is_empty());
        assert!(rules(Kind::Rate, Some(100.0), Some(28.0), Some(28.0)).is_empty());
        assert!(
            rules(Kind::Rate, Some(120.0), Some(24.0), Some(20.0))
                .contains(&Rule::NumeratorOverDenominator)
        );
    }

    #[test]
    fn counts_are_whole_and_not_negative() {
        assert!(rules(Kind::Count, Some(3467.0), None, None).is_empty());
        assert_eq!(
            rules(Kind::Count, Some(3.467), None, None),
            [Rule::CountWhole]
        );
        assert_eq!(
            rules(Kind::Count, Some(-2.0), None, None),
            [Rule::CountWhole]
        );
        assert!(rules(Kind::Count, None, None, None).is_empty());
        assert!(rules(Kind::Amount, Some(3.467), None, None).is_empty());
    }

    #[test]
    fn parts_must_add_up() {
        let parts = vec![
            ("CTS_COQUAN".to_owned(), 762.0),
            ("CTS_CANHAN".to_owned(), 2705.0),
        ];
        assert_eq!(check_parts(3467.0, &parts), None);
        let message = check_parts(3470.0, &parts).unwrap().to_string();
        assert!(message.contains("3467"), "{message}");
        assert!(message.contains("3470"), "{message}");
    }

    #[test]
    fn a_jump_in_history_is_flagged() {
        let series = [
            (1, 100.0),
            (2, 104.0),
            (3, 98.0),
            (4, 101.0),
            (5, 1000.0),
            (6, 99.0),
        ];
        let flagged: Vec<i64> = outliers(&series).into_iter().map(|(id, _)| id).collect();
        assert_eq!(flagged, [5]);
        let steady = [(1, 100.0), (2, 104.0), (3, 98.0), (4, 101.0), (5, 110.0)];
        assert!(outliers(&steady).is_empty());
        assert!(outliers(&series[..3]).is_empty());
    }

    #[test]
    fn lower_is_better_reverses_the_target() {
        assert!(target_met(95.0, 90.0, true));
        assert!(!target_met(85.0, 90.0, true));
        assert!(target_met(3.0, 5.0, false));
        assert!(!target_met(7.0, 5.0, false));
    }
}
