//! Units over time: the official lists with their validity, the 2025
//! conversion table's successions, and the unit a code means at a date.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;

use super::db::{Conn, OptionalRow};

use super::{Result, Store, StoreError, agency_from_row};
use crate::domain::rollup::{Figure, UnitSeries, end_date};
use crate::domain::units::{NamedUnit, REFORM_END, REFORM_START, ReformRow};
use crate::domain::{Agency, AgencyDefinition, Level, Period, text};

/// What loading the conversion table changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReformLoaded {
    /// Units made (old ones the database did not know, and the new ones).
    pub units_created: u64,
    /// Known units given their end (30/6/2025).
    pub units_ended: u64,
    pub successions_added: u64,
    /// Figures filed after 30/6/2025 under a code that a new unit took over,
    /// moved from the old unit to the new one.
    pub figures_moved: u64,
    /// Rows that place an old unit under another parent than an earlier row
    /// (the official table has one: Phường 4 of Tân An under Tiền Giang):
    /// the earlier row's parent is kept, the succession of the row still counts.
    pub conflicts: Vec<ReformConflict>,
}

/// One unit of the conversion table, with the line that first names it.
struct Listed<'a> {
    unit: &'a NamedUnit,
    parent: Option<&'a str>,
    line: u64,
}

/// Which unit of a conversion-table row a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ReformPart {
    #[serde(rename = "old province")]
    OldProvince,
    #[serde(rename = "old district")]
    OldDistrict,
    #[serde(rename = "old commune")]
    OldCommune,
    #[serde(rename = "new province")]
    NewProvince,
    #[serde(rename = "new unit")]
    NewUnit,
}

impl ReformPart {
    pub fn english(self) -> &'static str {
        match self {
            ReformPart::OldProvince => "old province",
            ReformPart::OldDistrict => "old district",
            ReformPart::OldCommune => "old commune",
            ReformPart::NewProvince => "new province",
            ReformPart::NewUnit => "new unit",
        }
    }
}

/// A row that names a unit under another parent than an earlier row did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReformConflict {
    pub line: u64,
    pub what: ReformPart,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub earlier_parent: Option<String>,
    pub earlier_line: u64,
}

/// Collects the units of one kind; a code listed under two parents keeps
/// the first row's and reports the later one.
fn collect<'a>(
    rows: &'a [ReformRow],
    what: ReformPart,
    conflicts: &mut Vec<ReformConflict>,
    pick: impl Fn(&'a ReformRow) -> Option<(&'a NamedUnit, Option<&'a str>)>,
) -> BTreeMap<&'a str, Listed<'a>> {
    let mut units: BTreeMap<&str, Listed<'_>> = BTreeMap::new();
    for row in rows {
        let Some((unit, parent)) = pick(row) else {
            continue;
        };
        match units.get(unit.code.as_str()) {
            Some(listed) if listed.parent != parent => conflicts.push(ReformConflict {
                line: row.line,
                what,
                code: unit.code.clone(),
                name: unit.name.clone(),
                parent: parent.map(str::to_owned),
                earlier_parent: listed.parent.map(str::to_owned),
                earlier_line: listed.line,
            }),
            Some(_) => {}
            None => {
                units.insert(
                    &unit.code,
                    Listed {
                        unit,
                        parent,
                        line: row.line,
                    },
                );
            }
        }
    }
    units
}

/// The unit of a code that existed before the reform (valid since ever or
/// from a date before it), of the level or of none.
fn old_unit(tx: &Conn, code: &str, level: Level) -> Result<Option<(i64, Option<String>)>> {
    tx.prepare_cached(
        "SELECT id, valid_to FROM agency WHERE code = ?1 AND (level = ?2 OR level IS NULL) \
             AND coalesce(valid_from, '') < ?3 ORDER BY coalesce(valid_from, '') DESC LIMIT 1",
    )?
    .query_row(params![code, level.as_str(), REFORM_START], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })
    .optional()
}

fn new_unit(tx: &Conn, code: &str, level: Level) -> Result<Option<(i64, Option<i64>)>> {
    tx
        .prepare_cached(
            "SELECT id, parent_id FROM agency WHERE code = ?1 AND (level = ?2 OR level IS NULL) AND valid_from = ?3",
        )?
        .query_row(params![code, level.as_str(), REFORM_START], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()
}

fn insert_unit(
    tx: &Conn,
    unit: &NamedUnit,
    level: Level,
    parent_id: Option<i64>,
    valid_from: Option<&str>,
    valid_to: Option<&str>,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO agency (code, name, level, parent_id, name_key, valid_from, valid_to) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    )?
    .query_row(
        params![
            unit.code,
            unit.name,
            level.as_str(),
            parent_id,
            text::match_key(&unit.name),
            valid_from,
            valid_to
        ],
        |row| row.get(0),
    )
}

impl Store {
    /// Loads the conversion table of the 1 July 2025 reform: old provinces,
    /// districts and communes end on 30/6/2025 (made when the database does
    /// not know them yet), the new provinces and communes start on 1/7/2025,
    /// and each new unit records the old ones it was formed from. Rows that
    /// contradict each other or the database refuse the whole table. Loading
    /// it again changes nothing.
    pub fn load_reform(&mut self, rows: &[ReformRow]) -> Result<ReformLoaded> {
        let mut conflicts = Vec::new();
        let old_provinces = collect(rows, ReformPart::OldProvince, &mut conflicts, |row| {
            Some((&row.old_province, None))
        });
        let old_districts = collect(rows, ReformPart::OldDistrict, &mut conflicts, |row| {
            row.old_district
                .as_ref()
                .map(|district| (district, Some(row.old_province.code.as_str())))
        });
        let old_communes = collect(rows, ReformPart::OldCommune, &mut conflicts, |row| {
            Some((
                &row.old_unit,
                Some(
                    row.old_district
                        .as_ref()
                        .map_or(row.old_province.code.as_str(), |district| {
                            district.code.as_str()
                        }),
                ),
            ))
        });
        let mut new_conflicts = Vec::new();
        let new_provinces = collect(rows, ReformPart::NewProvince, &mut new_conflicts, |row| {
            Some((&row.new_province, None))
        });
        let new_communes = collect(rows, ReformPart::NewUnit, &mut new_conflicts, |row| {
            Some((&row.new_unit, Some(row.new_province.code.as_str())))
        });
        // A new unit in two provinces cannot be placed: nothing is written.
        if let Some(conflict) = new_conflicts.first() {
            return Err(StoreError::Invalid(format!(
                "line {}: the {} {} \"{}\" is under province {} here, but under {} on line {}",
                conflict.line,
                conflict.what.english(),
                conflict.code,
                conflict.name,
                conflict.parent.as_deref().unwrap_or("none"),
                conflict.earlier_parent.as_deref().unwrap_or("none"),
                conflict.earlier_line
            )));
        }

        let tx = self.conn.transaction()?;
        let mut loaded = ReformLoaded::default();
        let mut old_ids: HashMap<(Level, &str), i64> = HashMap::new();
        let levels = [
            (Level::Province, &old_provinces, None),
            (Level::District, &old_districts, Some(Level::Province)),
            (Level::Commune, &old_communes, Some(Level::District)),
        ];
        for (level, units, parent_level) in levels {
            for (code, listed) in units {
                let parent_id = listed.parent.and_then(|parent| {
                    parent_level.and_then(|parent_level| {
                        old_ids
                            .get(&(parent_level, parent))
                            .or_else(|| old_ids.get(&(Level::Province, parent)))
                            .copied()
                    })
                });
                let id = if let Some((id, valid_to)) = old_unit(&tx, code, level)? {
                    if valid_to.is_none() {
                        tx.execute(
                            "UPDATE agency SET valid_to = ?2, level = ?3, \
                             parent_id = coalesce(parent_id, ?4) WHERE id = ?1",
                            params![id, REFORM_END, level.as_str(), parent_id],
                        )?;
                        loaded.units_ended += 1;
                    }
                    id
                } else {
                    loaded.units_created += 1;
                    insert_unit(&tx, listed.unit, level, parent_id, None, Some(REFORM_END))?
                };
                old_ids.insert((level, code), id);
            }
        }
        let mut new_ids: HashMap<(Level, &str), i64> = HashMap::new();
        for (level, units) in [
            (Level::Province, &new_provinces),
            (Level::Commune, &new_communes),
        ] {
            for (code, listed) in units {
                let parent_id = listed
                    .parent
                    .and_then(|parent| new_ids.get(&(Level::Province, parent)).copied());
                let id = if let Some((id, stored_parent)) = new_unit(&tx, code, level)? {
                    if stored_parent != parent_id {
                        let stored: Option<String> = match stored_parent {
                            Some(parent) => tx
                                .query_row(
                                    "SELECT code FROM agency WHERE id = ?1",
                                    params![parent],
                                    |row| row.get(0),
                                )
                                .optional()?,
                            None => None,
                        };
                        return Err(StoreError::Invalid(format!(
                            "line {}: the new unit {code} \"{}\" is under province {} here, \
                             but the database has it under {}",
                            listed.line,
                            listed.unit.name,
                            listed.parent.unwrap_or("none"),
                            stored.as_deref().unwrap_or("no province")
                        )));
                    }
                    id
                } else {
                    loaded.units_created += 1;
                    insert_unit(&tx, listed.unit, level, parent_id, Some(REFORM_START), None)?
                };
                new_ids.insert((level, code), id);
            }
        }
        // The district level is gone: every district ends, also those the
        // table does not name.
        loaded.units_ended += end_districts(&tx)?;
        // Successions: a commune whole or in part; a province whole when all
        // of it went into one new province.
        let mut successions: BTreeMap<(i64, i64), bool> = BTreeMap::new();
        let mut provinces_of_old: HashMap<&str, Vec<&str>> = HashMap::new();
        for row in rows {
            let targets = provinces_of_old
                .entry(row.old_province.code.as_str())
                .or_default();
            if !targets.contains(&row.new_province.code.as_str()) {
                targets.push(&row.new_province.code);
            }
        }
        for row in rows {
            let old = old_ids[&(Level::Commune, row.old_unit.code.as_str())];
            let new = new_ids[&(Level::Commune, row.new_unit.code.as_str())];
            let whole = successions.entry((old, new)).or_insert(true);
            *whole &= row.whole;
            let old_province = old_ids[&(Level::Province, row.old_province.code.as_str())];
            let new_province = new_ids[&(Level::Province, row.new_province.code.as_str())];
            let whole_province = provinces_of_old[row.old_province.code.as_str()].len() == 1;
            successions.insert((old_province, new_province), whole_province);
        }
        {
            let mut insert = tx.prepare(
                "INSERT INTO agency_succession (predecessor_id, successor_id, effective, whole) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (predecessor_id, successor_id) \
                 DO UPDATE SET whole = excluded.whole, effective = excluded.effective \
                 WHERE agency_succession.whole IS DISTINCT FROM excluded.whole \
                    OR agency_succession.effective IS DISTINCT FROM excluded.effective",
            )?;
            let mut known = tx.prepare_cached(
                "SELECT 1 FROM agency_succession WHERE predecessor_id = ?1 AND successor_id = ?2",
            )?;
            for ((old, new), whole) in &successions {
                let existed = known.exists(params![old, new])?;
                insert.execute(params![old, new, REFORM_START, i64::from(*whole)])?;
                if !existed {
                    loaded.successions_added += 1;
                }
            }
        }
        loaded.figures_moved = rehome_figures(&tx)?;
        loaded.conflicts = conflicts;
        tx.commit()?;
        Ok(loaded)
    }

    /// Loads an official list of units valid from `valid_from` (None: a list
    /// of the units before the reform, or of units that never changed),
    /// updating the ones of that time known by code. Returns (inserted, updated).
    pub fn upsert_units(
        &mut self,
        agencies: &[AgencyDefinition],
        valid_from: Option<&str>,
    ) -> Result<(u64, u64)> {
        let tx = self.conn.transaction()?;
        let from_key = valid_from.unwrap_or("");
        let mut ids: HashMap<String, i64> = HashMap::default();
        {
            let mut all =
                tx.prepare("SELECT code, id FROM agency WHERE coalesce(valid_from, '') = ?1")?;
            for row in all.query_map(params![from_key], |row| {
                Ok((row.get::<String>(0)?, row.get(1)?))
            })? {
                let (code, id) = row?;
                ids.insert(code, id);
            }
        }
        let (mut inserted, mut updated) = (0, 0);
        {
            let mut insert = tx.prepare(
                "INSERT INTO agency (code, name, level, parent_id, name_key, valid_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 RETURNING id",
            )?;
            let mut update = tx.prepare(
                "UPDATE agency SET name = ?2, level = ?3, parent_id = ?4, name_key = ?5 WHERE id = ?1 \
                 AND (name IS DISTINCT FROM ?2 OR level IS DISTINCT FROM ?3 OR parent_id IS DISTINCT FROM ?4)",
            )?;
            for agency in agencies {
                let parent_id = agency
                    .parent_code
                    .as_ref()
                    .and_then(|code| ids.get(code).copied());
                let level = agency.level.map(Level::as_str);
                let key = text::match_key(&agency.name);
                if let Some(&id) = ids.get(&agency.code) {
                    updated +=
                        update.execute(params![id, agency.name, level, parent_id, key])? as u64;
                } else {
                    let id: i64 = insert.query_row(
                        params![agency.code, agency.name, level, parent_id, key, valid_from],
                        |row| row.get(0),
                    )?;
                    ids.insert(agency.code.clone(), id);
                    inserted += 1;
                }
            }
        }
        if valid_from.is_some() {
            rehome_figures(&tx)?;
        } else if tx
            .prepare_cached("SELECT 1 FROM agency_succession WHERE effective = ?1 LIMIT 1")?
            .exists(params![REFORM_START])?
        {
            // A list of before the reform, loaded after it: its districts ended.
            end_districts(&tx)?;
        }
        tx.commit()?;
        Ok((inserted, updated))
    }

    /// The units a code has meant, oldest first.
    pub fn units_of_code(&self, code: &str) -> Result<Vec<Agency>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency \
             WHERE code = ?1 ORDER BY coalesce(valid_from, '')",
        )?;
        let rows = statement.query_map(params![code], agency_from_row)?;
        rows.collect::<Result<_>>()
    }

    /// The unit a code means for a period: the one valid at the period's end.
    pub fn unit_for_period(&self, code: &str, period: &Period) -> Result<Option<Agency>> {
        let at = end_date(period);
        Ok(self
            .units_of_code(code)?
            .into_iter()
            .find(|unit| valid_on(unit, &at)))
    }

    /// The units a unit was formed from, with whether each went in whole.
    pub fn predecessors(&self, agency_id: i64) -> Result<Vec<(Agency, bool)>> {
        self.succession_of(agency_id, "predecessor_id", "successor_id")
    }

    /// The units a unit went into, with whether it went in whole.
    pub fn successors(&self, agency_id: i64) -> Result<Vec<(Agency, bool)>> {
        self.succession_of(agency_id, "successor_id", "predecessor_id")
    }

    /// The units on the `other` side of a unit's successions, where it is on
    /// the `own` side ("predecessor_id" / "successor_id").
    fn succession_of(&self, agency_id: i64, other: &str, own: &str) -> Result<Vec<(Agency, bool)>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT a.id, a.code, a.name, a.level, a.parent_id, a.valid_from, a.valid_to, s.whole \
             FROM agency_succession s JOIN agency a ON a.id = s.{other} \
             WHERE s.{own} = ?1 ORDER BY a.code"
        ))?;
        let rows = statement.query_map(params![agency_id], |row| {
            Ok((agency_from_row(row)?, row.get::<i64>(7)? == 1))
        })?;
        rows.collect::<Result<_>>()
    }

    /// Today's unit of an agency: itself while it is valid, else the one
    /// unit it went into whole along every path; None when it was split in
    /// parts, went into several, or ended without a successor.
    pub fn current_unit(&self, agency: &Agency) -> Result<Option<Agency>> {
        let mut unit = agency.clone();
        for _ in 0..8 {
            if unit.valid_to.is_none() {
                return Ok(Some(unit));
            }
            let successors = self.successors(unit.id)?;
            match successors.as_slice() {
                [(next, true)] => unit = next.clone(),
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Every unit carried into `agency` on today's units (itself included),
    /// found back through whole successions: the units whose figures make
    /// its series before it existed.
    pub fn carried_into(&self, agency: &Agency) -> Result<Vec<Agency>> {
        let mut out = vec![agency.clone()];
        let mut index = 0;
        while index < out.len() {
            let unit = out[index].clone();
            for (predecessor, whole) in self.predecessors(unit.id)? {
                if whole
                    && !out.iter().any(|known| known.id == predecessor.id)
                    && self
                        .current_unit(&predecessor)?
                        .is_some_and(|current| current.id == agency.id)
                {
                    out.push(predecessor);
                }
            }
            index += 1;
        }
        Ok(out)
    }
}

impl Store {
    /// The stored figures of one indicator for one unit, in period order.
    pub fn figures_of(&self, indicator_id: i64, agency_id: i64) -> Result<Vec<Figure>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT period, value, numerator, denominator FROM observation \
             WHERE indicator_id = ?1 AND agency_id = ?2 ORDER BY period",
        )?;
        let rows = statement.query_map(params![indicator_id, agency_id], |row| {
            Ok((
                row.get::<String>(0)?,
                row.get::<Option<f64>>(1)?,
                row.get::<Option<f64>>(2)?,
                row.get::<Option<f64>>(3)?,
            ))
        })?;
        let mut figures = Vec::new();
        for row in rows {
            let (period, value, numerator, denominator) = row?;
            if let Some(period) = Period::parse(&period) {
                figures.push(Figure {
                    period,
                    value,
                    numerator,
                    denominator,
                });
            }
        }
        Ok(figures)
    }

    /// The figures a series of `agency` is made of: its own, on today's
    /// units (`current`) those of every unit carried into it, and those of
    /// its territorial parts (for the periods it filed nothing).
    pub fn unit_series(
        &self,
        indicator_id: i64,
        agency: &Agency,
        current: bool,
    ) -> Result<Vec<UnitSeries>> {
        let units = self.series_units(agency, current)?;
        self.unit_series_of(indicator_id, &units)
    }

    /// The units a series of `agency` is made of (see [`Self::unit_series`]),
    /// each with whether it is the agency itself and whether it is a part.
    pub fn series_units(
        &self,
        agency: &Agency,
        current: bool,
    ) -> Result<Vec<(Agency, bool, bool)>> {
        let mut units: Vec<(Agency, bool, bool)> = if current {
            self.carried_into(agency)?
        } else {
            vec![agency.clone()]
        }
        .into_iter()
        .map(|unit| {
            let own = unit.id == agency.id;
            (unit, own, false)
        })
        .collect();
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency \
             WHERE parent_id = ?1 AND level IN ('district', 'commune') ORDER BY code",
        )?;
        let parts = statement.query_map(params![agency.id], agency_from_row)?;
        for part in parts {
            units.push((part?, false, true));
        }
        Ok(units)
    }

    /// The stored figures of one indicator for the units of [`Self::series_units`].
    pub fn unit_series_of(
        &self,
        indicator_id: i64,
        units: &[(Agency, bool, bool)],
    ) -> Result<Vec<UnitSeries>> {
        units
            .iter()
            .map(|(unit, own, part)| {
                Ok(UnitSeries {
                    own: *own,
                    part: *part,
                    figures: self.figures_of(indicator_id, unit.id)?,
                    agency_code: unit.code.clone(),
                    valid_from: unit.valid_from.clone(),
                    valid_to: unit.valid_to.clone(),
                })
            })
            .collect()
    }

    /// The unit a code means today: the one still valid, else the latest.
    pub fn unit_today(&self, code: &str) -> Result<Option<Agency>> {
        let units = self.units_of_code(code)?;
        Ok(units
            .iter()
            .find(|unit| unit.valid_to.is_none())
            .or(units.last())
            .cloned())
    }
}

/// Ends every district still open before the reform: the level is gone
/// since 1 July 2025. Returns how many.
fn end_districts(tx: &Conn) -> Result<u64> {
    Ok(tx.execute(
        "UPDATE agency SET valid_to = ?1 WHERE level = 'district' AND valid_to IS NULL \
         AND coalesce(valid_from, '') < ?2",
        params![REFORM_END, REFORM_START],
    )? as u64)
}

/// Whether a unit is valid on an ISO date.
pub fn valid_on(unit: &Agency, date: &str) -> bool {
    unit.valid_from.as_deref().is_none_or(|from| from <= date)
        && unit.valid_to.as_deref().is_none_or(|to| to >= date)
}

/// Moves figures filed for a period that ends after an old unit's end to the
/// new unit of the same code valid then (a code reused by the reform: a
/// 2026 figure of "56" imported before the reform was loaded). A figure the
/// new unit already has for that key stays where it is. Returns how many moved.
fn rehome_figures(tx: &Conn) -> Result<u64> {
    let mut pairs = Vec::new();
    {
        let mut statement = tx.prepare(
            "SELECT old.id, new.id, old.valid_to FROM agency old JOIN agency new ON new.code = old.code \
             AND new.id <> old.id AND new.valid_from > old.valid_to WHERE old.valid_to IS NOT NULL",
        )?;
        let rows = statement.query_map(params![], |row| {
            Ok((
                row.get::<i64>(0)?,
                row.get::<i64>(1)?,
                row.get::<String>(2)?,
            ))
        })?;
        for row in rows {
            pairs.push(row?);
        }
    }
    let mut moved = 0;
    for (old, new, valid_to) in pairs {
        let mut late = Vec::new();
        {
            let mut statement = tx.prepare_cached(
                "SELECT id, period FROM observation WHERE indicator_id IN (SELECT id FROM indicator) \
                 AND agency_id = ?1 AND period >= ?2",
            )?;
            let rows = statement.query_map(params![old, &valid_to[..4]], |row| {
                Ok((row.get::<i64>(0)?, row.get::<String>(1)?))
            })?;
            for row in rows {
                let (id, period) = row?;
                if Period::parse(&period).is_some_and(|period| end_date(&period) > valid_to) {
                    late.push(id);
                }
            }
        }
        for id in late {
            moved += tx
                .prepare_cached(
                    "UPDATE observation SET agency_id = ?2 WHERE id = ?1 AND NOT EXISTS \
                     (SELECT 1 FROM observation other WHERE other.agency_id = ?2 \
                      AND other.indicator_id = observation.indicator_id AND other.period = observation.period)",
                )?
                .execute(params![id, new])? as u64;
        }
    }
    Ok(moved)
}
