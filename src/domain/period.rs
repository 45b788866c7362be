//! Reporting periods in one canonical text form that sorts by time:
//! `2021`, `2021-H1`, `2021-Q4`, `2021-12`, and the day `2021-10-25`
//! (which sorts after its month's own figure and before the next month).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::text::fold;

/// A reporting period in canonical form.
///
/// Held inline (at most 15 bytes, zero-padded, so that the derived order is
/// the order of the texts): an import hands one to every row it reads, and
/// copying it costs no allocation.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    text: [u8; PERIOD_BYTES],
    len: u8,
}

/// Room for the longest canonical period of any `u32` year ("4294967295-Q4",
/// and a day of a four-digit year, "2021-10-25").
const PERIOD_BYTES: usize = 15;

/// The span a period covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Year,
    Half(u8),
    Quarter(u8),
    Month(u8),
    /// One day of a month.
    Day {
        month: u8,
        day: u8,
    },
}

const YEARS: std::ops::RangeInclusive<u32> = 1900..=2200;

impl Period {
    /// `text` is one of the canonical forms the constructors below write.
    fn canonical(text: std::fmt::Arguments<'_>) -> Period {
        use std::io::Write;
        let mut period = Period {
            text: [0; PERIOD_BYTES],
            len: 0,
        };
        let mut cursor = std::io::Cursor::new(&mut period.text[..]);
        // Never fails: the longest form fits (see PERIOD_BYTES).
        let _ = cursor.write_fmt(text);
        period.len = u8::try_from(cursor.position()).unwrap_or(0);
        period
    }

    pub fn year_of(year: u32) -> Period {
        Period::canonical(format_args!("{year}"))
    }

    pub fn half(year: u32, half: u8) -> Period {
        Period::canonical(format_args!("{year}-H{half}"))
    }

    pub fn quarter(year: u32, quarter: u8) -> Period {
        Period::canonical(format_args!("{year}-Q{quarter}"))
    }

    pub fn month(year: u32, month: u8) -> Period {
        Period::canonical(format_args!("{year}-{month:02}"))
    }

    /// A day ("2021-10-25"); None when the month has no such day or the
    /// year has not four digits.
    pub fn day(year: u32, month: u8, day: u8) -> Option<Period> {
        ((1000..=9999).contains(&year) && day >= 1 && day <= days_in_month(year, month)?)
            .then(|| Period::canonical(format_args!("{year}-{month:02}-{day:02}")))
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or_default()
    }

    /// The calendar year.
    pub fn year(&self) -> u32 {
        self.as_str()
            .get(..4)
            .and_then(|year| year.parse().ok())
            .unwrap_or(0)
    }

    pub fn kind(&self) -> PeriodKind {
        let rest = self.as_str().get(5..).unwrap_or("");
        if let Some(half) = rest.strip_prefix('H') {
            PeriodKind::Half(half.parse().unwrap_or(1))
        } else if let Some(quarter) = rest.strip_prefix('Q') {
            PeriodKind::Quarter(quarter.parse().unwrap_or(1))
        } else if let Ok(month) = rest.parse() {
            PeriodKind::Month(month)
        } else if let Some((month, day)) = rest.split_once('-')
            && let (Ok(month), Ok(day)) = (month.parse(), day.parse())
        {
            PeriodKind::Day { month, day }
        } else {
            PeriodKind::Year
        }
    }

    /// The Vietnamese label: "2021", "6T đầu/2021", "Q4/2021", "12/2021".
    pub fn label_vi(&self) -> String {
        let year = self.year();
        match self.kind() {
            PeriodKind::Year => format!("{year}"),
            PeriodKind::Half(1) => format!("6T đầu/{year}"),
            PeriodKind::Half(_) => format!("6T cuối/{year}"),
            PeriodKind::Quarter(quarter) => format!("Q{quarter}/{year}"),
            PeriodKind::Month(month) => format!("{month:02}/{year}"),
            PeriodKind::Day { month, day } => format!("Ngày {day:02}/{month:02}/{year}"),
        }
    }

    /// The English label: "2021", "H1 2021", "Q4 2021", "12/2021", "25 Oct 2021".
    pub fn label_en(&self) -> String {
        let year = self.year();
        match self.kind() {
            PeriodKind::Year => format!("{year}"),
            PeriodKind::Half(half) => format!("H{half} {year}"),
            PeriodKind::Quarter(quarter) => format!("Q{quarter} {year}"),
            PeriodKind::Month(month) => format!("{month:02}/{year}"),
            PeriodKind::Day { month, day } => {
                const MONTHS: [&str; 12] = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                let name = MONTHS
                    .get(usize::from(month.saturating_sub(1)))
                    .unwrap_or(&"?");
                format!("{day} {name} {year}")
            }
        }
    }

    /// A position on a time axis in years (2021.0 for 2021 and 2021-01,
    /// the middle of the span otherwise), for plots.
    pub fn time_position(&self) -> f64 {
        let year = f64::from(self.year());
        match self.kind() {
            PeriodKind::Year => year + 0.5,
            PeriodKind::Half(half) => year + f64::from(half - 1) * 0.5 + 0.25,
            PeriodKind::Quarter(quarter) => year + f64::from(quarter - 1) * 0.25 + 0.125,
            PeriodKind::Month(month) => year + (f64::from(month) - 0.5) / 12.0,
            PeriodKind::Day { month, day } => {
                let days_before: u32 = (1..month)
                    .filter_map(|earlier| days_in_month(self.year(), earlier))
                    .map(u32::from)
                    .sum();
                let in_year = if days_in_month(self.year(), 2) == Some(29) {
                    366.0
                } else {
                    365.0
                };
                year + (f64::from(days_before) + f64::from(day) - 0.5) / in_year
            }
        }
    }

    /// Reads a period in canonical form or in the forms Vietnamese reports use:
    /// "Năm 2021", "6 tháng đầu năm 2021", "Quý IV/2021", "Quý 4 năm 2021",
    /// "Tháng 12/2021", "12/2021", "T12/2021", "Q4/2021", "2021-Q4".
    pub fn parse(raw: &str) -> Option<Period> {
        let folded = fold(raw);
        let text = folded.trim();
        if text.is_empty() {
            return None;
        }
        // Canonical and ISO-like forms.
        if let Some(period) = parse_canonical(text) {
            return Some(period);
        }
        let words: Vec<&str> = text
            .split(|ch: char| {
                ch.is_whitespace() || ch == '/' || ch == '-' || ch == '.' || ch == ','
            })
            .filter(|word| !word.is_empty())
            .collect();
        let year_at = words.iter().rposition(|word| parse_year(word).is_some())?;
        let year = parse_year(words[year_at])?;
        // "2021 10 25", "2021/10/25": a date, never its year.
        if words[year_at + 1..]
            .iter()
            .any(|word| word.bytes().all(|byte| byte.is_ascii_digit()))
        {
            return None;
        }
        let before_year: Vec<&str> = words
            .iter()
            .take_while(|word| parse_year(word) != Some(year))
            .copied()
            .filter(|word| !matches!(*word, "nam" | "year" | "fy"))
            .collect();
        match before_year.as_slice() {
            [] => Some(Period::year_of(year)),
            ["6", "thang", "dau"] | ["6t" | "6thang", "dau"] | ["h1"] | ["6", "thang"] => {
                Some(Period::half(year, 1))
            }
            ["6", "thang", "cuoi"] | ["6t" | "6thang", "cuoi"] | ["h2"] => {
                Some(Period::half(year, 2))
            }
            ["quy" | "q", quarter] => parse_quarter(quarter).map(|q| Period::quarter(year, q)),
            [word] if word.starts_with('q') => {
                parse_quarter(&word[1..]).map(|q| Period::quarter(year, q))
            }
            ["thang" | "t" | "month", month] => parse_month(month).map(|m| Period::month(year, m)),
            [word] if word.starts_with('t') => {
                parse_month(&word[1..]).map(|m| Period::month(year, m))
            }
            [month] => parse_month(month).map(|m| Period::month(year, m)),
            // "Ngày 25/10/2021": a day.
            ["ngay", day, month] => Period::day(year, parse_month(month)?, day.parse().ok()?),
            _ => None,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("Period")
            .field(&self.as_str())
            .finish()
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a period: {text}")))
    }
}

fn parse_year(word: &str) -> Option<u32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|year| YEARS.contains(year))
}

fn parse_quarter(word: &str) -> Option<u8> {
    match word {
        "1" | "i" => Some(1),
        "2" | "ii" => Some(2),
        "3" | "iii" => Some(3),
        "4" | "iv" => Some(4),
        _ => None,
    }
}

fn parse_month(word: &str) -> Option<u8> {
    if word.is_empty() || word.len() > 2 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse().ok().filter(|month| (1..=12).contains(month))
}

fn parse_canonical(text: &str) -> Option<Period> {
    let year = parse_year(text.get(..4)?)?;
    let rest = &text[4..];
    if rest.is_empty() {
        return Some(Period::year_of(year));
    }
    let rest = rest.strip_prefix('-')?;
    if let Some(half) = rest.strip_prefix('h') {
        return match half {
            "1" => Some(Period::half(year, 1)),
            "2" => Some(Period::half(year, 2)),
            _ => None,
        };
    }
    if let Some(quarter) = rest.strip_prefix('q') {
        return parse_quarter(quarter).map(|q| Period::quarter(year, q));
    }
    if rest.len() == 2 {
        return parse_month(rest).map(|m| Period::month(year, m));
    }
    // ISO day, "2021-10-25" (with a time of midnight, as spreadsheets write it).
    let date = rest
        .strip_suffix("t00:00:00")
        .or_else(|| rest.strip_suffix(" 00:00:00"))
        .unwrap_or(rest);
    if let Some((month, day)) = date.split_once('-')
        && month.len() == 2
        && day.len() == 2
        && day.bytes().all(|byte| byte.is_ascii_digit())
    {
        return Period::day(year, parse_month(month)?, day.parse().ok()?);
    }
    None
}

/// The days of a month, with leap years; None for no month.
fn days_in_month(year: u32, month: u8) -> Option<u8> {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(raw: &str) -> Option<String> {
        Period::parse(raw).map(|period| period.as_str().to_owned())
    }

    /// Periods sort by time, as their texts do, and go through JSON (the
    /// saved settings) as those texts.
    #[test]
    fn periods_sort_by_time_and_serialize_as_text() {
        let mut periods = [
            Period::month(2021, 12),
            Period::year_of(2021),
            Period::quarter(2021, 4),
            Period::half(2021, 1),
            Period::year_of(2020),
            Period::month(2021, 1),
            Period::year_of(4_294_967_295),
        ];
        periods.sort();
        let texts: Vec<&str> = periods.iter().map(Period::as_str).collect();
        assert_eq!(
            texts,
            [
                "2020",
                "2021",
                "2021-01",
                "2021-12",
                "2021-H1",
                "2021-Q4",
                "4294967295"
            ]
        );
        let mut sorted_texts = texts.clone();
        sorted_texts.sort_unstable();
        assert_eq!(texts, sorted_texts);
        let json = serde_json::to_string(&Period::quarter(2021, 4)).unwrap();
        assert_eq!(json, "\"2021-Q4\"");
        assert_eq!(
            serde_json::from_str::<Period>(&json).unwrap(),
            Period::quarter(2021, 4)
        );
        assert!(serde_json::from_str::<Period>("\"Q5/2021\"").is_err());
        assert_eq!(
            format!("{:?}", Period::half(2021, 2)),
            "Period(\"2021-H2\")"
        );
    }

    #[test]
    fn vietnamese_forms() {
        assert_eq!(canonical("Năm 2021").as_deref(), Some("2021"));
        assert_eq!(canonical("2021").as_deref(), Some("2021"));
        assert_eq!(
            canonical("6 tháng đầu năm 2021").as_deref(),
            Some("2021-H1")
        );
        assert_eq!(
            canonical("6 tháng cuối năm 2021").as_deref(),
            Some("2021-H2")
        );
        assert_eq!(canonical("Quý IV/2021").as_deref(), Some("2021-Q4"));
        assert_eq!(canonical("Quý 4 năm 2021").as_deref(), Some("2021-Q4"));
        assert_eq!(canonical("quý i năm 2020").as_deref(), Some("2020-Q1"));
        assert_eq!(canonical("Tháng 12/2021").as_deref(), Some("2021-12"));
        assert_eq!(canonical("12/2021").as_deref(), Some("2021-12"));
        assert_eq!(canonical("T12/2021").as_deref(), Some("2021-12"));
        assert_eq!(canonical("T3/2021").as_deref(), Some("2021-03"));
        assert_eq!(canonical("Q4/2021").as_deref(), Some("2021-Q4"));
    }

    #[test]
    fn canonical_forms_round_trip() {
        for text in ["2021", "2021-H1", "2021-Q4", "2021-12", "2019-01"] {
            assert_eq!(canonical(text).as_deref(), Some(text));
        }
    }

    #[test]
    fn not_periods() {
        for text in [
            "",
            "abc",
            "13/2021",
            "Quý V/2021",
            "Tổng cộng",
            "Kết quả",
            "12345",
            "3.467",
        ] {
            assert_eq!(canonical(text), None, "{text}");
        }
    }

    #[test]
    fn canonical_text_sorts_by_time() {
        let mut periods: Vec<Period> = ["2021-Q4", "2020", "2021-03", "2021-H1", "2021"]
            .iter()
            .filter_map(|text| Period::parse(text))
            .collect();
        periods.sort();
        let sorted: Vec<&str> = periods.iter().map(Period::as_str).collect();
        assert_eq!(sorted, ["2020", "2021", "2021-03", "2021-H1", "2021-Q4"]);
    }

    /// A day is its own period, never its year (the statistics office's
    /// "2021-10-25" was stored as 2021, and the year's other days then
    /// rejected as repeats).
    #[test]
    fn days_are_days_not_years() {
        assert_eq!(canonical("2021-10-25").as_deref(), Some("2021-10-25"));
        assert_eq!(
            canonical("2021-10-25T00:00:00").as_deref(),
            Some("2021-10-25")
        );
        assert_eq!(canonical("Ngày 25/10/2021").as_deref(), Some("2021-10-25"));
        assert_eq!(canonical("2021-02-29"), None);
        assert_eq!(canonical("2021-10-32"), None);
        assert_eq!(canonical("2021 10 25"), None);
        assert_eq!(canonical("2021/10/25"), None);
        let day = Period::parse("2021-10-25").unwrap();
        assert_eq!(day.kind(), PeriodKind::Day { month: 10, day: 25 });
        assert_eq!(day.year(), 2021);
        assert_eq!(day.label_vi(), "Ngày 25/10/2021");
        assert_eq!(day.label_en(), "25 Oct 2021");
        let october = Period::month(2021, 10).time_position();
        assert!(day.time_position() > october && day.time_position() < 2021.0 + 10.0 / 12.0);
        let mut periods: Vec<Period> = ["2021-11", "2021-10-25", "2021-10", "2021-H1", "2021"]
            .iter()
            .filter_map(|text| Period::parse(text))
            .collect();
        periods.sort();
        let sorted: Vec<&str> = periods.iter().map(Period::as_str).collect();
        assert_eq!(
            sorted,
            ["2021", "2021-10", "2021-10-25", "2021-11", "2021-H1"]
        );
    }

    #[test]
    fn labels() {
        assert_eq!(Period::parse("2021-Q4").unwrap().label_vi(), "Q4/2021");
        assert_eq!(Period::parse("2021-12").unwrap().label_vi(), "12/2021");
    }
}
