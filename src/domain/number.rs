//! Numbers as Vietnamese and English sources write them.
//!
//! Vietnamese: "." groups thousands and "," marks decimals ("494.438", "46,8%").
//! English: the other way round ("3,467", "46.8"). A file's format is decided
//! from the evidence of all its numeric cells; "3.467" alone is ambiguous and
//! is never guessed.

use serde::{Deserialize, Serialize};

/// How a file writes its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum NumberFormat {
    /// "." groups thousands, "," marks decimals.
    #[default]
    Vi,
    /// "," groups thousands, "." marks decimals.
    En,
}

impl NumberFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberFormat::Vi => "vi",
            NumberFormat::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<NumberFormat> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vi" | "vn" => Some(NumberFormat::Vi),
            "en" | "us" => Some(NumberFormat::En),
            _ => None,
        }
    }

    /// (thousands separator, decimal mark)
    fn separators(self) -> (char, char) {
        match self {
            NumberFormat::Vi => ('.', ','),
            NumberFormat::En => (',', '.'),
        }
    }

    /// Formats a number the way this convention writes it, with grouping.
    pub fn format(self, value: f64) -> String {
        match self {
            NumberFormat::Vi => format_vi(value),
            NumberFormat::En => format_en(value),
        }
    }
}

/// What one cell says about the file's number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberEvidence {
    /// Not a number at all ("abc").
    NotANumber,
    /// Reads the same either way ("100", "28/28", "", "-").
    Neutral,
    /// Only the Vietnamese reading is valid ("46,8", "1.234.567").
    Vi,
    /// Only the English reading is valid ("46.8", "1,234,567").
    En,
    /// Both readings are valid and differ ("3.467", "1,865").
    Ambiguous,
}

/// A figure as read from one cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedNumber {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Words that belong to the figure, such as "trên" (over).
    pub qualifier: Option<String>,
    /// Written as "a/b": value follows from numerator and denominator.
    pub is_fraction: bool,
    /// Written with a "%" sign.
    pub percent: bool,
}

/// Words before a number that qualify it; stored in lower case.
const QUALIFIERS: [(&str, &str); 8] = [
    ("trên", "trên"),
    ("hơn", "hơn"),
    ("khoảng", "khoảng"),
    ("gần", "gần"),
    ("dưới", "dưới"),
    ("đạt", ""),
    ("over", "trên"),
    ("about", "khoảng"),
];

/// Texts that mean "no figure": stored as NULL, never as 0.
pub fn is_null_token(text: &str) -> bool {
    matches!(text, "" | "-" | "--" | "—" | "–" | "..." | "…")
        || ["x", "n/a", "na", "null"]
            .iter()
            .any(|token| text.eq_ignore_ascii_case(token))
}

/// Splits a qualifier word off the front ("Trên 572" → ("trên", "572")).
fn split_qualifier(text: &str) -> (Option<&'static str>, &str) {
    // Most cells start with a digit: no word to look for.
    if !text.starts_with(char::is_alphabetic) {
        return (None, text);
    }
    let lower = text.to_lowercase();
    for (word, stored) in QUALIFIERS {
        if let Some(rest) = lower.strip_prefix(word)
            && (rest.starts_with(char::is_whitespace) || rest.is_empty())
        {
            let rest_start = text.len() - rest.len();
            let qualifier = if stored.is_empty() {
                None
            } else {
                Some(stored)
            };
            return (qualifier, text[rest_start..].trim());
        }
    }
    (None, text)
}

/// Strips a trailing "%" (and the spaces around it).
fn split_percent(text: &str) -> (bool, &str) {
    match text.strip_suffix('%') {
        Some(rest) => (true, rest.trim_end()),
        None => (false, text),
    }
}

/// Reads a plain number (optional sign, digits, separators) in one format.
/// Every decimal number of up to this many significant digits survives the
/// trip through a 64-bit float (the database's REAL) unchanged. A longer one
/// is kept only when the float reads back as the same number (as the
/// 17-digit rates chiso itself derives and exports do).
const EXACT_DIGITS: usize = 15;

/// The significant digits of a number's text: leading zeros, and trailing
/// zeros after a decimal mark, are not counted.
fn significant_digits(text: &str, decimal: char) -> usize {
    let (integer, fraction) = text.split_once(decimal).unwrap_or((text, ""));
    let fraction = fraction.trim_end_matches('0');
    let digits = integer
        .chars()
        .chain(fraction.chars())
        .filter(char::is_ascii_digit)
        .skip_while(|digit| *digit == '0');
    digits.count()
}

/// A plain number, or None when it is not one in `format` or the database
/// could not store it exactly (see [`stored_exactly`]).
fn parse_plain(text: &str, format: NumberFormat) -> Option<f64> {
    let value = parse_plain_digits(text, format)?;
    stored_exactly(text, value, format).then_some(value)
}

/// Whether a float holds the number `text` wrote exactly: always for up to
/// 15 significant digits; beyond, when the float's shortest decimal form is
/// the same number (`1e400` and 20-digit integers are not).
fn stored_exactly(text: &str, value: f64, format: NumberFormat) -> bool {
    if !value.is_finite() {
        return false;
    }
    let (group, decimal) = format.separators();
    if significant_digits(text, decimal) <= EXACT_DIGITS {
        return true;
    }
    let written: String = text
        .trim()
        .trim_start_matches(['-', '+'])
        .chars()
        .filter(|ch| *ch != group && !ch.is_whitespace())
        .map(|ch| if ch == decimal { '.' } else { ch })
        .collect();
    normalized_decimal(&written) == normalized_decimal(&format!("{}", value.abs()))
}

/// "007.500" → "7.5": no leading zeros, no trailing zeros after the point.
fn normalized_decimal(text: &str) -> String {
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    let integer = integer.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    match (integer.is_empty(), fraction.is_empty()) {
        (true, true) => "0".to_owned(),
        (true, false) => format!("0.{fraction}"),
        (false, true) => integer.to_owned(),
        (false, false) => format!("{integer}.{fraction}"),
    }
}

fn parse_plain_digits(text: &str, format: NumberFormat) -> Option<f64> {
    let (group, decimal) = format.separators();
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() {
        return None;
    }
    // English scientific notation ("8.2466e6", as statistics exports write
    // big figures); in Vietnamese format "e" is no digit.
    if let Some(at) = digits.find(['e', 'E']) {
        if decimal != '.' {
            return None;
        }
        let (mantissa, exponent) = (&digits[..at], &digits[at + 1..]);
        let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole)
            || !all_digits(fraction)
            || !all_digits(exponent_digits)
            || exponent_digits.len() > 3
        {
            return None;
        }
        let value: f64 = digits.parse().ok()?;
        return Some(if negative { -value } else { value });
    }
    let (integer_part, fraction_part) = match digits.split_once(decimal) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (digits, None),
    };
    if let Some(fraction) = fraction_part
        && (fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    // Plain digits with an optional "." decimal part read as they are.
    if !integer_part.contains(group)
        && decimal == '.'
        && !integer_part.is_empty()
        && integer_part.bytes().all(|b| b.is_ascii_digit())
    {
        let value: f64 = digits.parse().ok()?;
        return Some(if negative { -value } else { value });
    }
    // The integer part: plain digits, or groups of three after a first group of 1–3.
    let mut canonical = String::with_capacity(digits.len());
    if integer_part.contains(group) {
        let mut groups = integer_part.split(group);
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        canonical.push_str(first);
        for rest in groups {
            if rest.len() != 3 || !rest.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            canonical.push_str(rest);
        }
    } else {
        if integer_part.is_empty() && fraction_part.is_none() {
            return None;
        }
        if !integer_part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        canonical.push_str(if integer_part.is_empty() {
            "0"
        } else {
            integer_part
        });
    }
    if let Some(fraction) = fraction_part {
        canonical.push('.');
        canonical.push_str(fraction);
    }
    let value: f64 = canonical.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// The number text of a cell with qualifier, percent sign and spaces removed.
fn core_text(raw: &str) -> (Option<&'static str>, bool, std::borrow::Cow<'_, str>) {
    let trimmed = raw.trim();
    let (qualifier, rest) = split_qualifier(trimmed);
    let (percent, rest) = split_percent(rest.trim());
    // Non-breaking and thin spaces sometimes group thousands; ordinary spaces never sit inside a figure.
    let core = if rest.contains(['\u{a0}', '\u{202f}']) {
        let kept: String = rest
            .chars()
            .filter(|ch| *ch != '\u{a0}' && *ch != '\u{202f}')
            .collect();
        std::borrow::Cow::Owned(kept.trim().to_owned())
    } else {
        std::borrow::Cow::Borrowed(rest.trim())
    };
    (qualifier, percent, core)
}

/// What the cell says about the file's number format.
pub fn evidence(raw: &str) -> NumberEvidence {
    let (_, _, core) = core_text(raw);
    if is_null_token(&core) {
        return NumberEvidence::Neutral;
    }
    let parts: Vec<&str> = match core.split_once('/') {
        Some((numerator, denominator)) => vec![numerator.trim(), denominator.trim()],
        None => vec![&*core],
    };
    let mut combined = NumberEvidence::Neutral;
    for part in parts {
        let vi = parse_plain(part, NumberFormat::Vi);
        let en = parse_plain(part, NumberFormat::En);
        let this = match (vi, en) {
            (None, None) => return NumberEvidence::NotANumber,
            (Some(a), Some(b)) if a == b => NumberEvidence::Neutral,
            (Some(_), Some(_)) => NumberEvidence::Ambiguous,
            (Some(_), None) => NumberEvidence::Vi,
            (None, Some(_)) => NumberEvidence::En,
        };
        combined = match (combined, this) {
            (NumberEvidence::Neutral, other) | (other, NumberEvidence::Neutral) => other,
            (a, b) if a == b => a,
            (NumberEvidence::Ambiguous, decisive) | (decisive, NumberEvidence::Ambiguous) => {
                decisive
            }
            _ => return NumberEvidence::NotANumber,
        };
    }
    combined
}

/// Why a cell is not a figure, with the text it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureError {
    /// A qualifier or a percent sign without a number ("Trên", "%").
    NoNumber { text: String },
    /// Not a number in the file's format.
    NotInFormat { text: String, format: NumberFormat },
    /// More digits than a REAL keeps: the value it would become (None: infinity).
    TooManyDigits {
        text: String,
        stored_as: Option<f64>,
    },
}

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FigureError::NoNumber { text } => write!(f, "\"{text}\" has no number"),
            FigureError::NotInFormat {
                text,
                format: NumberFormat::Vi,
            } => write!(
                f,
                "\"{text}\" is not a number in Vietnamese format (\".\" groups thousands, \",\" marks decimals)"
            ),
            FigureError::NotInFormat {
                text,
                format: NumberFormat::En,
            } => write!(
                f,
                "\"{text}\" is not a number in English format (\",\" groups thousands, \".\" marks decimals)"
            ),
            FigureError::TooManyDigits { text, stored_as } => write!(
                f,
                "\"{text}\" has more digits than the database stores exactly: it would become {}",
                stored_as.map_or_else(|| "infinity".to_owned(), |value| format!("{value}"))
            ),
        }
    }
}

/// Reads one cell as a figure in the given format.
///
/// "-", "x", "N/A" and "" are NULL; "Trên 572" is 572 with the qualifier
/// "trên"; "28/28" is a numerator and a denominator; "46,8%" (vi) is 46.8.
pub fn parse_figure(raw: &str, format: NumberFormat) -> Result<ParsedNumber, FigureError> {
    if let Some(value) = parse_simple(raw, format) {
        return Ok(ParsedNumber {
            value: Some(value),
            ..ParsedNumber::default()
        });
    }
    parse_figure_in_full(raw, format)
}

/// The cell almost every figure is: an optional "-", up to 15 digits and at
/// most one decimal mark of the format between digits, nothing else (no
/// space, grouping, sign of percent or word). Read without allocating; None
/// for anything else, which [`parse_figure_in_full`] reads. Both agree (a
/// test checks it).
fn parse_simple(raw: &str, format: NumberFormat) -> Option<f64> {
    let bytes = raw.as_bytes();
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    let (_, decimal) = format.separators();
    let decimal = u8::try_from(decimal).ok()?;
    // Fifteen characters hold at most fifteen digits: stored exactly.
    if digits.is_empty() || digits.len() > EXACT_DIGITS {
        return None;
    }
    let mut mark = None;
    for (index, byte) in digits.iter().enumerate() {
        if *byte == decimal && mark.is_none() {
            mark = Some(index);
        } else if !byte.is_ascii_digit() {
            return None;
        }
    }
    if let Some(index) = mark
        && (index == 0 || index + 1 == digits.len())
    {
        return None;
    }
    let mut text = [0u8; EXACT_DIGITS + 1];
    let text = text.get_mut(..bytes.len())?;
    text.copy_from_slice(bytes);
    if let Some(index) = mark {
        text[index + bytes.len() - digits.len()] = b'.';
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

fn parse_figure_in_full(raw: &str, format: NumberFormat) -> Result<ParsedNumber, FigureError> {
    let (qualifier, percent, core) = core_text(raw);
    let mut parsed = ParsedNumber {
        qualifier: qualifier.map(str::to_owned),
        percent,
        ..ParsedNumber::default()
    };
    if is_null_token(&core) {
        if qualifier.is_some() || percent {
            return Err(FigureError::NoNumber {
                text: raw.trim().to_owned(),
            });
        }
        return Ok(parsed);
    }
    // The number, or why not: not one in this format, or not storable exactly.
    let read = |text: &str, shown: &str| -> Result<f64, FigureError> {
        let value = parse_plain_digits(text, format).ok_or_else(|| FigureError::NotInFormat {
            text: shown.to_owned(),
            format,
        })?;
        if stored_exactly(text, value, format) {
            return Ok(value);
        }
        Err(FigureError::TooManyDigits {
            text: text.trim().to_owned(),
            stored_as: value.is_finite().then_some(value),
        })
    };
    if let Some((numerator, denominator)) = core.split_once('/') {
        let numerator = read(numerator, numerator.trim())?;
        let denominator = read(denominator, denominator.trim())?;
        parsed.numerator = Some(numerator);
        parsed.denominator = Some(denominator);
        parsed.is_fraction = true;
        return Ok(parsed);
    }
    parsed.value = Some(read(&core, raw.trim())?);
    Ok(parsed)
}

/// Reads a plain number typed by a user in the given format (no qualifier, no fraction).
pub fn parse_number(text: &str, format: NumberFormat) -> Option<f64> {
    let (percent, rest) = split_percent(text.trim());
    let _ = percent;
    parse_plain(rest, format)
}

/// The canonical form: "." decimal mark, no grouping, shortest exact digits.
pub fn format_canonical(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    format!("{value}")
}

fn group_digits(integer: &str, separator: char) -> String {
    let mut out = String::with_capacity(integer.len() + integer.len() / 3);
    for (index, ch) in integer.chars().enumerate() {
        if index > 0 && (integer.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

fn format_grouped(value: f64, group: char, decimal: char) -> String {
    let canonical = format_canonical(value);
    let (sign, unsigned) = match canonical.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", canonical.as_str()),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let mut out = String::from(sign);
    out.push_str(&group_digits(integer, group));
    if let Some(fraction) = fraction {
        out.push(decimal);
        out.push_str(fraction);
    }
    out
}

/// Vietnamese formatting: "3.467", "46,8", "494.438".
pub fn format_vi(value: f64) -> String {
    format_grouped(value, '.', ',')
}

/// English formatting: "3,467", "46.8".
pub fn format_en(value: f64) -> String {
    format_grouped(value, ',', '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cell the fast path reads, the full reading reads the same, to the bit.
    #[test]
    fn the_fast_path_reads_plain_cells_as_the_full_reading_does() {
        let alphabet = ['0', '1', '5', '9', '-', '.', ',', '%', ' '];
        let mut cells: Vec<String> = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            let longer: Vec<String> = cells
                .iter()
                .flat_map(|cell| alphabet.iter().map(move |ch| format!("{cell}{ch}")))
                .collect();
            cells.extend(longer);
            cells.dedup();
        }
        cells.extend(
            [
                "494438",
                "46,8",
                "46.8",
                "3467",
                "-12,25",
                "0,5",
                "123456789012345",
                "1234567890123456",
                "99999999999999,9",
                "0",
                "-0",
                "007",
                "589991.3",
                "9.20",
            ]
            .map(str::to_owned),
        );
        for cell in &cells {
            for format in [NumberFormat::Vi, NumberFormat::En] {
                let Some(fast) = parse_simple(cell, format) else {
                    continue;
                };
                checked += 1;
                let full = parse_figure_in_full(cell, format)
                    .unwrap_or_else(|error| panic!("{cell:?} ({format:?}): {error}"));
                assert_eq!(
                    full.value.map(f64::to_bits),
                    Some(fast.to_bits()),
                    "{cell:?} ({format:?})"
                );
                assert_eq!(
                    full,
                    ParsedNumber {
                        value: full.value,
                        ..ParsedNumber::default()
                    },
                    "{cell:?} ({format:?})"
                );
            }
        }
        assert!(checked > 1000, "only {checked} cells took the fast path");
        assert_eq!(
            parse_simple("494.438", NumberFormat::Vi),
            None,
            "grouped: the full reading"
        );
        assert_eq!(parse_simple("46,8%", NumberFormat::Vi), None);
        assert_eq!(parse_simple("46,8", NumberFormat::Vi), Some(46.8));
    }
    use NumberFormat::{En, Vi};

    fn value(raw: &str, format: NumberFormat) -> Option<f64> {
        parse_figure(raw, format).expect(raw).value
    }

    /// A figure the database would store rounded is refused, saying what it
    /// would become; long numbers that a float holds exactly (the rates chiso
    /// derives and exports, with 17 digits) still read.
    #[test]
    fn figures_a_float_would_round_are_refused() {
        let too_long = parse_figure("12345678901234567890", En)
            .unwrap_err()
            .to_string();
        assert!(
            too_long.contains("12345678901234567890") && too_long.contains("12345678901234567000"),
            "{too_long}"
        );
        let huge = format!("1{}", "9".repeat(400));
        assert!(
            parse_figure(&huge, Vi)
                .unwrap_err()
                .to_string()
                .contains("infinity")
        );
        assert!(parse_figure("1.234.567.890.123.456.789", Vi).is_err());
        assert!(parse_figure("0,12345678901234567891", Vi).is_err());
        assert!(parse_figure("3/12345678901234567890", En).is_err());
        assert_eq!(parse_number("12345678901234567890", En), None);
        // 15 significant digits, zeros around them, and floats' own output.
        assert_eq!(
            value("123.456.789.012.345", Vi),
            Some(123_456_789_012_345.0)
        );
        assert_eq!(value("0000012,500000000000000000", Vi), Some(12.5));
        let derived = 100.0 / 3.0;
        assert_eq!(value(&format_canonical(derived), En), Some(derived));
        assert_eq!(value(&format_canonical(0.1 + 0.2), En), Some(0.1 + 0.2));
        assert_eq!(value("100000000000000000000", En), Some(1e20));
    }

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(value("494.438", Vi), Some(494_438.0));
        assert_eq!(value("46,8%", Vi), Some(46.8));
        assert_eq!(value("3.467", Vi), Some(3467.0));
        assert_eq!(value("1.234.567,25", Vi), Some(1_234_567.25));
        assert_eq!(value("33,47", Vi), Some(33.47));
        assert_eq!(value("100%", Vi), Some(100.0));
        assert!(parse_figure("46.8", Vi).is_err());
    }

    #[test]
    fn english_numbers() {
        assert_eq!(value("3,467", En), Some(3467.0));
        assert_eq!(value("46.8", En), Some(46.8));
        assert_eq!(value("1,234,567.5", En), Some(1_234_567.5));
        assert!(parse_figure("46,8", En).is_err());
    }

    #[test]
    fn null_tokens_are_null_not_zero() {
        for raw in ["-", "x", "X", "N/A", "", "  "] {
            let parsed = parse_figure(raw, Vi).unwrap();
            assert_eq!(parsed.value, None, "{raw:?}");
            assert_eq!(parsed.numerator, None);
        }
        assert_eq!(value("0", Vi), Some(0.0));
    }

    #[test]
    fn qualifier_is_kept_apart_from_the_value() {
        let parsed = parse_figure("Trên 572", Vi).unwrap();
        assert_eq!(parsed.value, Some(572.0));
        assert_eq!(parsed.qualifier.as_deref(), Some("trên"));
        let parsed = parse_figure("trên 494.438", Vi).unwrap();
        assert_eq!(parsed.value, Some(494_438.0));
        let parsed = parse_figure("Hơn 1.880", Vi).unwrap();
        assert_eq!(parsed.value, Some(1880.0));
        assert_eq!(parsed.qualifier.as_deref(), Some("hơn"));
        assert!(parse_figure("Trên", Vi).is_err());
    }

    #[test]
    fn fractions_fill_numerator_and_denominator() {
        let parsed = parse_figure("28/28", Vi).unwrap();
        assert!(parsed.is_fraction);
        assert_eq!(
            (parsed.numerator, parsed.denominator),
            (Some(28.0), Some(28.0))
        );
        assert_eq!(parsed.value, None);
        let parsed = parse_figure("19/20", Vi).unwrap();
        assert_eq!(
            (parsed.numerator, parsed.denominator),
            (Some(19.0), Some(20.0))
        );
    }

    #[test]
    fn evidence_decides_only_when_it_can() {
        assert_eq!(evidence("3.467"), NumberEvidence::Ambiguous);
        assert_eq!(evidence("1,865"), NumberEvidence::Ambiguous);
        assert_eq!(evidence("46,8%"), NumberEvidence::Vi);
        assert_eq!(evidence("494.438,5"), NumberEvidence::Vi);
        assert_eq!(evidence("1.234.567"), NumberEvidence::Vi);
        assert_eq!(evidence("46.8"), NumberEvidence::En);
        assert_eq!(evidence("1,234,567"), NumberEvidence::En);
        assert_eq!(evidence("100"), NumberEvidence::Neutral);
        assert_eq!(evidence("28/28"), NumberEvidence::Neutral);
        assert_eq!(evidence("Trên 572"), NumberEvidence::Neutral);
        assert_eq!(evidence("-"), NumberEvidence::Neutral);
        assert_eq!(evidence("abc"), NumberEvidence::NotANumber);
        assert_eq!(evidence("0,5"), NumberEvidence::Vi);
        assert_eq!(evidence("1234.5"), NumberEvidence::En);
    }

    /// The statistics office writes big figures as "8.2466e6": read in an
    /// English file, never in a Vietnamese one (rejected row by row before).
    #[test]
    fn scientific_notation_is_english() {
        let en = |raw: &str| {
            parse_figure(raw, NumberFormat::En)
                .ok()
                .and_then(|n| n.value)
        };
        assert_eq!(en("8.2466e6"), Some(8_246_600.0));
        assert_eq!(en("1.5E-3"), Some(0.0015));
        assert_eq!(en("-2e3"), Some(-2000.0));
        assert_eq!(en("8.2466e"), None);
        assert_eq!(en("e6"), None);
        assert!(parse_figure("8.2466e6", NumberFormat::Vi).is_err());
        assert!(parse_figure("8,2466e6", NumberFormat::Vi).is_err());
        assert_eq!(evidence("8.2466e6"), NumberEvidence::En);
    }

    #[test]
    fn canonical_and_vietnamese_formatting() {
        assert_eq!(format_canonical(3467.0), "3467");
        assert_eq!(format_canonical(46.8), "46.8");
        assert_eq!(format_canonical(-0.0), "0");
        assert_eq!(format_canonical(33.47), "33.47");
        assert_eq!(format_vi(494_438.0), "494.438");
        assert_eq!(format_vi(46.8), "46,8");
        assert_eq!(format_vi(1_234_567.25), "1.234.567,25");
        assert_eq!(format_vi(-1234.0), "-1.234");
        assert_eq!(format_en(3467.0), "3,467");
    }

    #[test]
    fn canonical_round_trips() {
        for value in [0.1, 1.0 / 3.0, 51.73, 18.18, 1e15, 123_456_789.123] {
            assert_eq!(format_canonical(value).parse::<f64>().unwrap(), value);
        }
    }
}
