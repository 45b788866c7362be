//! What the table and the charts show and in which order: the filter and
//! the sort, as the window keeps them in its settings and the store turns
//! them into SQL.

use serde::{Deserialize, Serialize};

use super::rollup::{Granularity, UnitsView};
use super::{Field, Level};

/// Which observations the table and charts show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ObservationFilter {
    /// Only these indicators (all when empty).
    pub indicator_ids: Vec<i64>,
    pub agency_id: Option<i64>,
    pub level: Option<Level>,
    /// Canonical periods, inclusive.
    pub period_from: Option<String>,
    pub period_to: Option<String>,
    /// Today's units (an agency's rows include those of the units merged
    /// whole into it) or the units as filed.
    pub units: UnitsView,
    /// The charts roll figures up to this kind of period (None: as stored).
    pub by: Option<Granularity>,
}

/// The column the table is sorted by: the key, a descriptive column, or one
/// of the figure fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "SortName", into = "SortName")]
pub enum SortColumn {
    /// Indicator, agency, period as stored (fast on any size: the key's index).
    #[default]
    Key,
    Indicator,
    Agency,
    Level,
    Period,
    Field(Field),
}

impl SortColumn {
    /// Every order the table offers.
    pub const ALL: [SortColumn; 11] = [
        SortColumn::Key,
        SortColumn::Indicator,
        SortColumn::Agency,
        SortColumn::Level,
        SortColumn::Period,
        SortColumn::Field(Field::Value),
        SortColumn::Field(Field::Numerator),
        SortColumn::Field(Field::Denominator),
        SortColumn::Field(Field::Target),
        SortColumn::Field(Field::Qualifier),
        SortColumn::Field(Field::Note),
    ];
}

/// How a sort is written in the settings: the names it had before the
/// figure fields were one variant, so saved settings still read.
#[derive(Clone, Copy, Serialize, Deserialize)]
enum SortName {
    Key,
    Indicator,
    Agency,
    Level,
    Period,
    Value,
    Numerator,
    Denominator,
    Target,
    Qualifier,
    Note,
}

impl From<SortName> for SortColumn {
    fn from(name: SortName) -> SortColumn {
        match name {
            SortName::Key => SortColumn::Key,
            SortName::Indicator => SortColumn::Indicator,
            SortName::Agency => SortColumn::Agency,
            SortName::Level => SortColumn::Level,
            SortName::Period => SortColumn::Period,
            SortName::Value => SortColumn::Field(Field::Value),
            SortName::Numerator => SortColumn::Field(Field::Numerator),
            SortName::Denominator => SortColumn::Field(Field::Denominator),
            SortName::Target => SortColumn::Field(Field::Target),
            SortName::Qualifier => SortColumn::Field(Field::Qualifier),
            SortName::Note => SortColumn::Field(Field::Note),
        }
    }
}

impl From<SortColumn> for SortName {
    fn from(sort: SortColumn) -> SortName {
        match sort {
            SortColumn::Key => SortName::Key,
            SortColumn::Indicator => SortName::Indicator,
            SortColumn::Agency => SortName::Agency,
            SortColumn::Level => SortName::Level,
            SortColumn::Period => SortName::Period,
            SortColumn::Field(Field::Value) => SortName::Value,
            SortColumn::Field(Field::Numerator) => SortName::Numerator,
            SortColumn::Field(Field::Denominator) => SortName::Denominator,
            SortColumn::Field(Field::Target) => SortName::Target,
            SortColumn::Field(Field::Qualifier) => SortName::Qualifier,
            SortColumn::Field(Field::Note) => SortName::Note,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sort_is_written_as_it_was_before_the_fields_were_one_variant() {
        // Settings saved by an earlier build name the field itself.
        let old: SortColumn = serde_json::from_str("\"Numerator\"").unwrap();
        assert_eq!(old, SortColumn::Field(Field::Numerator));
        for sort in SortColumn::ALL {
            let text = serde_json::to_string(&sort).unwrap();
            assert_eq!(serde_json::from_str::<SortColumn>(&text).unwrap(), sort);
        }
        assert_eq!(
            serde_json::to_string(&SortColumn::Field(Field::Value)).unwrap(),
            "\"Value\""
        );
    }
}
