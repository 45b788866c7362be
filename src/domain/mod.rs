//! Plain types and rules: indicators, agencies, periods, values, number and
//! period parsing, text normalisation and consistency checks. No I/O.

pub mod check;
pub mod edit;
pub mod filter;
pub mod number;
pub mod period;
pub mod reject;
pub mod rollup;
pub mod summary;
pub mod text;
pub mod units;

pub use number::{NumberEvidence, NumberFormat, ParsedNumber};
pub use period::Period;
pub use reject::{CellProblem, MissingPart, NamedColumn, ReformUnit, RejectCause, Rejection};
pub use rollup::Aggregation;

use serde::{Deserialize, Serialize};

/// The header of canonical CSV (DESIGN.md), which `export` writes and
/// `import` reads back without guessing.
pub const CANONICAL_HEADER: [&str; 14] = [
    "indicator_code",
    "indicator_name",
    "unit",
    "kind",
    "agency_code",
    "agency_name",
    "level",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "qualifier",
    "note",
];

/// What an indicator measures, which decides how its figures are read and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A percentage in 0–100.
    Rate,
    /// A whole number ≥ 0.
    #[default]
    Count,
    /// Any other quantity (money, scores).
    Amount,
}

impl Kind {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rate => "rate",
            Kind::Count => "count",
            Kind::Amount => "amount",
        }
    }

    /// Reads the schema's spelling (and a few Vietnamese ones).
    pub fn parse(text: &str) -> Option<Kind> {
        match text::fold(text).as_str() {
            "rate" | "ty le" | "ti le" | "%" => Some(Kind::Rate),
            "count" | "so luong" | "dem" => Some(Kind::Count),
            "amount" | "gia tri" => Some(Kind::Amount),
            _ => None,
        }
    }

    /// The kind a new indicator gets from its unit when nothing says otherwise.
    pub fn from_unit(unit: &str) -> Option<Kind> {
        let folded = text::fold(unit);
        if folded == "%" || folded == "phan tram" || folded == "ty le" {
            Some(Kind::Rate)
        } else if folded.contains("dong") || folded.contains("usd") || folded == "diem so" {
            Some(Kind::Amount)
        } else {
            None
        }
    }
}

/// The administrative level of an agency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Province,
    Department,
    District,
    Commune,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::Department,
        Level::District,
        Level::Commune,
    ];

    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Department => "department",
            Level::District => "district",
            Level::Commune => "commune",
        }
    }

    /// The Vietnamese name shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Province => "Tỉnh",
            Level::Department => "Sở, ngành",
            Level::District => "Huyện",
            Level::Commune => "Xã",
        }
    }

    /// Reads a level in the schema's spelling, in Vietnamese with or without
    /// marks ("Tỉnh"/"tinh", "Huyện"/"huyen", "Xã"/"xa", "Sở"), or from the
    /// unit-type words of the official list ("Thành phố", "Quận", "Phường", …).
    pub fn parse(raw: &str) -> Option<Level> {
        let folded = text::fold(raw);
        let folded = folded.trim().trim_start_matches("cap ").trim();
        let level = match folded {
            "province" | "tinh" | "thanh pho truc thuoc trung uong" | "tp" | "provincial" => {
                Level::Province
            }
            "department" | "so" | "nganh" | "so, nganh" | "so nganh" | "ban" | "so, ban, nganh" => {
                Level::Department
            }
            "district"
            | "huyen"
            | "quan"
            | "thi xa"
            | "thanh pho"
            | "thanh pho thuoc tinh"
            | "qh" => Level::District,
            "commune" | "xa" | "phuong" | "thi tran" | "px" | "ward" => Level::Commune,
            _ => return None,
        };
        Some(level)
    }
}

/// Whether a higher figure is better (the default) or worse (late dossiers):
/// decides whether a target is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

/// An indicator as the database knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub group_code: Option<String>,
    pub parent_id: Option<i64>,
    pub direction: Direction,
    /// How its figures combine over time and units.
    pub aggregation: Aggregation,
}

/// An agency (province, department, district or commune) as the database knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub level: Option<Level>,
    pub parent_id: Option<i64>,
    /// The first day the unit exists (ISO date; None: since ever).
    pub valid_from: Option<String>,
    /// The last day the unit exists (ISO date; None: still today).
    pub valid_to: Option<String>,
}

/// One figure with the parts that belong to it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub target: Option<f64>,
    pub qualifier: Option<String>,
    pub note: Option<String>,
}

/// A reference to an indicator as a file gives it: a code, a name, or both.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndicatorRef {
    pub code: Option<String>,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub kind: Option<Kind>,
}

/// A reference to an agency as a file gives it: a code, a name, or both.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgencyRef {
    pub code: Option<String>,
    pub name: Option<String>,
    pub level: Option<Level>,
}

/// How a record names its indicator or agency. The reader numbers a file's
/// references (one number per code, or per name where a line has no code)
/// and spells a reference out only on the first record that uses it; later
/// records carry the number alone, so the store resolves each one once and
/// a million records carry no copies of the same few names.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference<T> {
    pub number: u32,
    /// The reference in full, on the first record with this number.
    pub spelled: Option<Box<T>>,
}

/// One observation read from a file, before the store resolves its references.
#[derive(Clone, Debug, PartialEq)]
pub struct ObservationRecord {
    /// 1-based line of the file where the record starts.
    pub line: u64,
    /// 1-based column of the figure (for a wide table, the period's column).
    pub column: u32,
    pub indicator: Reference<IndicatorRef>,
    pub agency: Reference<AgencyRef>,
    pub period: Period,
    pub figures: Figures,
    /// The value was written as a fraction ("28/28"): derive it from the
    /// numerator and denominator once the indicator's kind is known.
    pub value_from_fraction: bool,
    /// Fields of the file's columns that this record does not give, so the
    /// stored ones stay as they are: a wide table's line gives a period's
    /// result, numerator and denominator only where their cells are filled
    /// ("Kế hoạch năm 2022" alone keeps the value and qualifier), and its
    /// target and note only where the period has a column for them.
    pub keeps: FieldSet,
}

impl Figures {
    /// Fills `value` from the numerator and denominator for a fraction such as
    /// "28/28": the numerator for a count, numerator × 100 / denominator for a rate.
    pub fn derive_value_from_fraction(&mut self, kind: Kind) {
        self.value = match (kind, self.numerator, self.denominator) {
            (Kind::Rate, Some(n), Some(d)) if d != 0.0 => Some(n * 100.0 / d),
            (Kind::Rate, _, _) => None,
            (_, n, _) => n,
        };
    }
}

/// Which field of an observation an edit touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Value,
    Numerator,
    Denominator,
    Target,
    Qualifier,
    Note,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Value,
        Field::Numerator,
        Field::Denominator,
        Field::Target,
        Field::Qualifier,
        Field::Note,
    ];

    /// The column name in the schema.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Value => "value",
            Field::Numerator => "numerator",
            Field::Denominator => "denominator",
            Field::Target => "target",
            Field::Qualifier => "qualifier",
            Field::Note => "note",
        }
    }

    /// Whether the field holds a number (the others hold text).
    pub fn is_numeric(self) -> bool {
        !matches!(self, Field::Qualifier | Field::Note)
    }
}

/// A set of [`Field`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldSet(u8);

impl FieldSet {
    pub const EMPTY: FieldSet = FieldSet(0);

    fn bit(field: Field) -> u8 {
        1 << (field as u8)
    }

    /// This set with `field` in it.
    #[must_use]
    pub fn with(self, field: Field) -> FieldSet {
        FieldSet(self.0 | Self::bit(field))
    }

    /// This set with `fields` in it when `when` holds.
    #[must_use]
    pub fn with_if(self, when: bool, fields: &[Field]) -> FieldSet {
        if !when {
            return self;
        }
        fields.iter().fold(self, |set, field| set.with(*field))
    }

    /// This set without `field`.
    #[must_use]
    pub fn without(self, field: Field) -> FieldSet {
        FieldSet(self.0 & !Self::bit(field))
    }

    pub fn contains(self, field: Field) -> bool {
        self.0 & Self::bit(field) != 0
    }
}

impl FromIterator<Field> for FieldSet {
    fn from_iter<I: IntoIterator<Item = Field>>(fields: I) -> FieldSet {
        fields.into_iter().fold(FieldSet::EMPTY, FieldSet::with)
    }
}

/// A field's content: a number, a text or nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum FieldValue {
    #[default]
    Null,
    Number(f64),
    Text(String),
}

impl FieldValue {
    /// The text stored in `edit_log` (numbers in canonical form, NULL as None).
    pub fn to_log_text(&self) -> Option<String> {
        match self {
            FieldValue::Null => None,
            FieldValue::Number(number) => Some(number::format_canonical(*number)),
            FieldValue::Text(text) => Some(text.clone()),
        }
    }

    pub fn from_number(number: Option<f64>) -> FieldValue {
        number.map_or(FieldValue::Null, FieldValue::Number)
    }

    pub fn from_text(text: Option<&str>) -> FieldValue {
        match text {
            Some(text) if !text.is_empty() => FieldValue::Text(text.to_owned()),
            _ => FieldValue::Null,
        }
    }
}

/// An agency as an official list defines it (code, name, level, parent).
#[derive(Clone, Debug, PartialEq)]
pub struct AgencyDefinition {
    pub code: String,
    pub name: String,
    pub level: Option<Level>,
    pub parent_code: Option<String>,
}

/// An indicator as the catalogue defines it.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorDefinition {
    pub code: String,
    pub name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub group_code: Option<String>,
    pub parent_code: Option<String>,
    pub direction: Direction,
    /// None: the default for its kind (DESIGN.md).
    pub aggregation: Option<Aggregation>,
}

/// One observation with the names of its indicator and agency: the shape
/// analysts read (the `observation_v` view, plus ids).
#[derive(Clone, Debug, PartialEq)]
pub struct ObservationView {
    pub id: i64,
    pub indicator_id: i64,
    pub indicator_code: String,
    pub indicator_name: String,
    pub unit: Option<String>,
    pub kind: Kind,
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub level: Option<Level>,
    pub period: String,
    pub figures: Figures,
    pub batch_id: Option<i64>,
    /// The last day of the agency when it ended (a unit of before the
    /// 2025 reform): the table tells old and today's Khánh Hòa apart.
    pub agency_valid_to: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::{Field, FieldSet};

    /// The fields a file provides, as the store keeps them: collected, one
    /// left out for a record that keeps it, the others untouched.
    #[test]
    fn a_field_set_holds_what_it_is_given_and_drops_what_it_is_told() {
        let provided: FieldSet = [Field::Value, Field::Target].into_iter().collect();
        assert!(provided.contains(Field::Value) && provided.contains(Field::Target));
        assert!(!provided.contains(Field::Note));
        let kept = provided.without(Field::Target);
        assert!(kept.contains(Field::Value) && !kept.contains(Field::Target));
        assert_eq!(kept.without(Field::Note), kept);
    }
}
