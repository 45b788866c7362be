//! Reads: the table's rows by filter and order, history, batches, the
//! consistency report and the canonical export order.

use std::fmt::Write as _;

use std::collections::HashMap;

use rusqlite::{params, types::Value};

use super::db::{OptionalRow, Row, params_of};
use serde::Serialize;

use super::import::field_from_sql;
use super::{Result, Store, StoreError};
use crate::domain::check::{self, Finding, RowFigures, Rule};
use crate::domain::rollup::UnitsView;
use crate::domain::{Field, Figures, Kind, Level, ObservationView, RejectCause, Rejection};

pub use crate::domain::filter::{ObservationFilter, SortColumn, SortOrder};

/// The SQL a sort orders by (ties broken by the key where it needs one).
fn sort_sql(sort: SortColumn) -> &'static str {
    match sort {
        SortColumn::Key => "o.indicator_id, o.agency_id, o.period",
        SortColumn::Indicator => "i.code, a.code, o.period",
        SortColumn::Agency => "a.name, i.code, o.period",
        SortColumn::Level => "a.level, a.code, i.code, o.period",
        SortColumn::Period => "o.period, i.code, a.code",
        SortColumn::Field(Field::Value) => "o.value",
        SortColumn::Field(Field::Numerator) => "o.numerator",
        SortColumn::Field(Field::Denominator) => "o.denominator",
        SortColumn::Field(Field::Target) => "o.target",
        SortColumn::Field(Field::Qualifier) => "o.qualifier",
        SortColumn::Field(Field::Note) => "o.note",
    }
}

/// One change in an observation's history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HistoryEntry {
    pub at: String,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub origin: String,
}

/// One import batch, as the Imports tab lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchRow {
    pub id: i64,
    pub file_name: String,
    pub imported_at: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub number_format: Option<String>,
    pub rows_read: i64,
    pub rows_inserted: i64,
    pub rows_updated: i64,
    pub rows_unchanged: i64,
    pub rows_rejected: i64,
}

/// A broken consistency rule, with the figure it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckFinding {
    pub observation_id: i64,
    pub indicator_code: String,
    pub agency_code: String,
    pub period: String,
    pub rule: Rule,
    #[serde(rename = "message")]
    pub finding: Finding,
}

const VIEW_COLUMNS: &str = "o.id, o.indicator_id, i.code, i.name, i.unit, i.kind, o.agency_id, a.code, a.name, \
     a.level, o.period, o.value, o.numerator, o.denominator, o.target, o.qualifier, o.note, o.batch_id, a.valid_to";
const VIEW_FROM: &str = "FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN agency a ON a.id = o.agency_id";

fn view_from_row(row: &Row<'_>) -> Result<ObservationView> {
    let kind: String = row.get(5)?;
    let level: Option<String> = row.get(9)?;
    Ok(ObservationView {
        id: row.get(0)?,
        indicator_id: row.get(1)?,
        indicator_code: row.get(2)?,
        indicator_name: row.get(3)?,
        unit: row.get(4)?,
        kind: Kind::parse(&kind).unwrap_or_default(),
        agency_id: row.get(6)?,
        agency_code: row.get(7)?,
        agency_name: row.get(8)?,
        level: level.as_deref().and_then(Level::parse),
        period: row.get(10)?,
        figures: Figures {
            value: row.get(11)?,
            numerator: row.get(12)?,
            denominator: row.get(13)?,
            target: row.get(14)?,
            qualifier: row.get(15)?,
            note: row.get(16)?,
        },
        batch_id: row.get(17)?,
        agency_valid_to: row.get(18)?,
    })
}

/// The query of [`Store::ordered_ids_limited`] and its parameters.
fn ids_sql(
    filter: &ObservationFilter,
    sort: SortColumn,
    order: SortOrder,
    limit: Option<usize>,
) -> (String, Vec<Value>) {
    let mut values = Vec::new();
    let where_sql = where_clause(filter, &mut values);
    let direction = match order {
        SortOrder::Ascending => "ASC",
        SortOrder::Descending => "DESC",
    };
    let order_sql: Vec<String> = sort_sql(sort)
        .split(", ")
        .chain(std::iter::once("o.id"))
        .map(|column| format!("{column} {direction}"))
        .collect();
    // Every other order names the indicator's or the agency's code (the
    // period's ties are broken by them).
    let needs_join = !matches!(sort, SortColumn::Key | SortColumn::Field(Field::Value))
        || filter.level.is_some();
    let from = if needs_join {
        VIEW_FROM
    } else {
        "FROM observation o"
    };
    let limit_sql = limit
        .map(|limit| format!(" LIMIT {limit}"))
        .unwrap_or_default();
    let sql = format!(
        "SELECT o.id {from} {where_sql} ORDER BY {}{limit_sql}",
        order_sql.join(", ")
    );
    (sql, values)
}

fn where_clause(filter: &ObservationFilter, values: &mut Vec<Value>) -> String {
    let mut clauses: Vec<String> = Vec::new();
    if !filter.indicator_ids.is_empty() {
        let mut list = String::new();
        for (index, id) in filter.indicator_ids.iter().enumerate() {
            if index > 0 {
                list.push(',');
            }
            let _ = write!(list, "{id}");
        }
        clauses.push(format!("o.indicator_id IN ({list})"));
    }
    if let Some(agency_id) = filter.agency_id {
        if filter.indicator_ids.is_empty() {
            // Every indicator: lets the key index find the agency's rows.
            clauses.push("o.indicator_id IN (SELECT id FROM indicator)".to_owned());
        }
        values.push(Value::Integer(agency_id));
        if filter.units == UnitsView::Current {
            // Its own rows and those of the units merged whole into it.
            clauses.push(format!(
                "o.agency_id IN (WITH RECURSIVE back(id) AS (SELECT ?{} UNION \
                 SELECT s.predecessor_id FROM agency_succession s JOIN back ON s.successor_id = back.id \
                 WHERE s.whole = 1) SELECT id FROM back)",
                values.len()
            ));
        } else {
            clauses.push(format!("o.agency_id = ?{}", values.len()));
        }
    }
    if let Some(level) = filter.level {
        values.push(Value::Text(level.as_str().to_owned()));
        clauses.push(format!("a.level = ?{}", values.len()));
    }
    if let Some(from) = &filter.period_from {
        values.push(Value::Text(from.clone()));
        clauses.push(format!("o.period >= ?{}", values.len()));
    }
    if let Some(to) = &filter.period_to {
        // "2021" must include "2021-Q4": compare against the end of the text range.
        values.push(Value::Text(format!("{to}\u{10FFFF}")));
        clauses.push(format!("o.period <= ?{}", values.len()));
    }
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

impl Store {
    /// The ids of the observations the filter selects, in the asked order: the
    /// table keeps these and fetches only the visible page.
    pub fn ordered_ids(
        &self,
        filter: &ObservationFilter,
        sort: SortColumn,
        order: SortOrder,
    ) -> Result<Vec<i64>> {
        self.ordered_ids_limited(filter, sort, order, None)
    }

    /// The first `limit` of [`Store::ordered_ids`] (all without a limit).
    pub fn ordered_ids_limited(
        &self,
        filter: &ObservationFilter,
        sort: SortColumn,
        order: SortOrder,
        limit: Option<usize>,
    ) -> Result<Vec<i64>> {
        let (sql, values) = ids_sql(filter, sort, order, limit);
        let mut statement = self.conn.prepare(&sql)?;
        let ids = statement.query_map(&params_of(&values), |row| row.get(0))?;
        ids.collect::<Result<_>>()
    }

    /// SQLite's plan for [`Store::ordered_ids`], one step per line.
    #[cfg(test)]
    pub(crate) fn plan_of_ids(
        &self,
        filter: &ObservationFilter,
        sort: SortColumn,
        order: SortOrder,
    ) -> String {
        let (sql, values) = ids_sql(filter, sort, order, None);
        let mut statement = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let steps = statement
            .query_map(&params_of(&values), |row| row.get::<String>(3))
            .unwrap();
        steps.map(Result::unwrap).collect::<Vec<_>>().join("\n")
    }

    /// The rows with these ids, in the same order (ids that are gone are left out).
    pub fn rows_by_ids(&self, ids: &[i64]) -> Result<Vec<ObservationView>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {VIEW_COLUMNS} {VIEW_FROM} WHERE o.id = ?1"
        ))?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let mut found = statement.query_map(params![id], view_from_row)?;
            if let Some(row) = found.next() {
                rows.push(row?);
            }
        }
        Ok(rows)
    }

    /// Every observation in canonical order (indicator code, agency code,
    /// period), streamed to `each`.
    pub fn for_each_canonical(
        &self,
        filter: &ObservationFilter,
        mut each: impl FnMut(&ObservationView) -> std::io::Result<()>,
    ) -> Result<u64> {
        let mut values = Vec::new();
        let where_sql = where_clause(filter, &mut values);
        let mut statement = self.conn.prepare(&format!(
            "SELECT {VIEW_COLUMNS} {VIEW_FROM} {where_sql} ORDER BY i.code, a.code, o.period"
        ))?;
        let mut rows = statement.query(&params_of(&values))?;
        let mut count = 0;
        while let Some(row) = rows.next()? {
            let view = view_from_row(&row)?;
            each(&view)
                .map_err(|error| super::StoreError::Invalid(format!("cannot write: {error}")))?;
            count += 1;
        }
        Ok(count)
    }

    /// The changes logged for one observation, oldest first.
    pub fn history(&self, observation_id: i64) -> Result<Vec<HistoryEntry>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT at, field, old_value, new_value, origin FROM edit_log WHERE observation_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map(params![observation_id], |row| {
            Ok(HistoryEntry {
                at: row.get(0)?,
                field: row.get(1)?,
                old: field_from_sql(row.get_ref(2)?).to_log_text(),
                new: field_from_sql(row.get_ref(3)?).to_log_text(),
                origin: row.get(4)?,
            })
        })?;
        rows.collect::<Result<_>>()
    }

    /// Every import batch, newest first.
    pub fn batches(&self) -> Result<Vec<BatchRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, file_name, imported_at, encoding, delimiter, number_format, rows_read, rows_inserted, \
             rows_updated, rows_unchanged, rows_rejected FROM import_batch ORDER BY id DESC",
        )?;
        let rows = statement.query_map(params![], |row| {
            Ok(BatchRow {
                id: row.get(0)?,
                file_name: row.get(1)?,
                imported_at: row.get(2)?,
                encoding: row.get(3)?,
                delimiter: row.get(4)?,
                number_format: row.get(5)?,
                rows_read: row.get(6)?,
                rows_inserted: row.get(7)?,
                rows_updated: row.get(8)?,
                rows_unchanged: row.get(9)?,
                rows_rejected: row.get(10)?,
            })
        })?;
        rows.collect::<Result<_>>()
    }

    /// The rejections of one batch, in line order.
    pub fn rejections(&self, batch_id: i64) -> Result<Vec<Rejection>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT line, \"column\", raw, message, cause FROM import_rejection WHERE batch_id = ?1 ORDER BY line, id",
        )?;
        let rows = statement.query_map(params![batch_id], |row| {
            let message: String = row.get(3)?;
            // Recorded before causes were kept (or by a later build): its words.
            let cause = row
                .get::<Option<String>>(4)?
                .as_deref()
                .and_then(RejectCause::from_json)
                .unwrap_or(RejectCause::Recorded { message });
            Ok(Rejection {
                line: row.get::<i64>(0)? as u64,
                column: row.get(1)?,
                raw: row.get::<Option<String>>(2)?.unwrap_or_default(),
                cause,
            })
        })?;
        rows.collect::<Result<_>>()
    }

    /// The consistency report over the whole database.
    pub fn check(&self) -> Result<Vec<CheckFinding>> {
        let mut findings = Vec::new();
        self.check_each(|finding| {
            findings.push(finding);
            Ok::<(), StoreError>(())
        })?;
        Ok(findings)
    }

    /// The consistency report over the whole database, handed to `emit` one
    /// finding at a time in the report's order (indicator code, agency code,
    /// period, rule). The observations are walked in that order, one
    /// indicator and agency code at a time: memory holds one series and the
    /// findings of it, not the database's. An error of `emit` stops the walk.
    pub fn check_each<E: From<StoreError>>(
        &self,
        mut emit: impl FnMut(CheckFinding) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut failed = None;
        self.walk_check(&mut |finding| match emit(finding) {
            Ok(()) => true,
            Err(error) => {
                failed = Some(error);
                false
            }
        })?;
        failed.map_or(Ok(()), Err)
    }

    /// [`Self::check_each`]'s walk; `emit` returns false to stop it.
    fn walk_check(&self, emit: &mut dyn FnMut(CheckFinding) -> bool) -> Result<()> {
        let context = self.check_context()?;
        let mut statement = self.conn.prepare(
            "SELECT o.id, o.agency_id, a.code, o.period, o.value, o.numerator, o.denominator \
             FROM observation o JOIN agency a ON a.id = o.agency_id \
             WHERE o.indicator_id = ?1 ORDER BY a.code, o.period, o.id",
        )?;
        for indicator in &context.indicators {
            let mut rows = statement.query(params![indicator.id])?;
            let mut agency_code = String::new();
            let mut group: Vec<CheckRow> = Vec::new();
            while let Some(row) = rows.next()? {
                let code: String = row.get(2)?;
                if code != agency_code {
                    for finding in self.check_group(&context, indicator, &agency_code, &group)? {
                        if !emit(finding) {
                            return Ok(());
                        }
                    }
                    group.clear();
                    agency_code = code;
                }
                group.push(CheckRow {
                    id: row.get(0)?,
                    agency_id: row.get(1)?,
                    period: row.get(3)?,
                    figures: RowFigures {
                        value: row.get(4)?,
                        numerator: row.get(5)?,
                        denominator: row.get(6)?,
                    },
                });
            }
            for finding in self.check_group(&context, indicator, &agency_code, &group)? {
                if !emit(finding) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// The consistency findings for some observations (the table's marks):
    /// each rule is checked with index lookups around these rows only, so a
    /// page costs the same in a database of any size.
    pub fn check_ids(&self, ids: &[i64]) -> Result<Vec<CheckFinding>> {
        let mut findings: Vec<(i64, Rule, Finding)> = Vec::new();
        let mut row_statement = self.conn.prepare_cached(
            "SELECT o.id, i.kind, o.value, o.numerator, o.denominator, o.indicator_id, o.agency_id, o.period, \
                    i.parent_id, (SELECT count(*) FROM indicator k WHERE k.parent_id = i.id) \
             FROM observation o JOIN indicator i ON i.id = o.indicator_id WHERE o.id = ?1",
        )?;
        let mut wholes: Vec<(i64, i64, String)> = Vec::new();
        let mut series: Vec<(i64, i64, String)> = Vec::new();
        for id in ids {
            let row = row_statement
                .query_row(params![id], |row| {
                    let kind: String = row.get(1)?;
                    Ok((
                        Kind::parse(&kind).unwrap_or_default(),
                        RowFigures {
                            value: row.get(2)?,
                            numerator: row.get(3)?,
                            denominator: row.get(4)?,
                        },
                        row.get::<i64>(5)?,
                        row.get::<i64>(6)?,
                        row.get::<String>(7)?,
                        row.get::<Option<i64>>(8)?,
                        row.get::<i64>(9)?,
                    ))
                })
                .optional()?;
            let Some((kind, figures, indicator_id, agency_id, period, parent_id, child_count)) =
                row
            else {
                continue;
            };
            for violation in check::check_row(*id, kind, figures) {
                findings.push((violation.observation_id, violation.rule, violation.finding));
            }
            let whole = if child_count > 0 {
                Some(indicator_id)
            } else {
                parent_id
            };
            if let Some(whole) = whole
                && !wholes.contains(&(whole, agency_id, period.clone()))
            {
                wholes.push((whole, agency_id, period.clone()));
            }
            let shape = period_shape(&period);
            if figures.value.is_some()
                && !series.contains(&(indicator_id, agency_id, shape.clone()))
            {
                series.push((indicator_id, agency_id, shape));
            }
        }
        drop(row_statement);
        let mut whole_statement = self.conn.prepare_cached(
            "SELECT id, value FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3",
        )?;
        let mut parts_statement = self.conn.prepare_cached(
            "SELECT ci.code, c.value, c.id, (SELECT count(*) FROM indicator k WHERE k.parent_id = ?1) \
             FROM indicator ci JOIN observation c ON c.indicator_id = ci.id AND c.agency_id = ?2 AND c.period = ?3 \
             WHERE ci.parent_id = ?1 AND c.value IS NOT NULL ORDER BY ci.code",
        )?;
        for (whole, agency_id, period) in &wholes {
            let Some((whole_id, Some(whole_value))) = whole_statement
                .query_row(params![whole, agency_id, period], |row| {
                    Ok((row.get::<i64>(0)?, row.get::<Option<f64>>(1)?))
                })
                .optional()?
            else {
                continue;
            };
            let mut parts = Vec::new();
            let mut part_ids = Vec::new();
            let mut expected = 0;
            let mut rows = parts_statement.query(params![whole, agency_id, period])?;
            while let Some(row) = rows.next()? {
                parts.push((row.get::<String>(0)?, row.get::<f64>(1)?));
                part_ids.push(row.get::<i64>(2)?);
                expected = row.get::<i64>(3)?;
            }
            if parts.len() as i64 == expected
                && let Some(message) = check::check_parts(whole_value, &parts)
            {
                findings.push((whole_id, Rule::PartsSum, message.clone()));
                for id in part_ids {
                    findings.push((id, Rule::PartsSum, message.clone()));
                }
            }
        }
        drop(whole_statement);
        drop(parts_statement);
        let mut series_statement = self.conn.prepare_cached(
            "SELECT id, value, period FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND value IS NOT NULL",
        )?;
        for (indicator_id, agency_id, shape) in &series {
            let mut points = Vec::new();
            let mut rows = series_statement.query(params![indicator_id, agency_id])?;
            while let Some(row) = rows.next()? {
                let period: String = row.get(2)?;
                if period_shape(&period) == *shape {
                    points.push((row.get::<i64>(0)?, row.get::<f64>(1)?));
                }
            }
            for (id, message) in check::outliers(&points) {
                findings.push((id, Rule::Outlier, message));
            }
        }
        drop(series_statement);
        findings.retain(|(id, _, _)| ids.contains(id));
        self.name_findings(findings)
    }

    /// What the walk of [`Self::check_each`] needs besides the series: the
    /// indicators in code order with their place in the hierarchy, the parts
    /// gone since the reform, and the units whose figures are not carried.
    fn check_context(&self) -> Result<CheckContext> {
        let aggregations: HashMap<i64, crate::domain::Aggregation> = self
            .indicators()?
            .into_iter()
            .map(|indicator| (indicator.id, indicator.aggregation))
            .collect();
        let mut statement = self.conn.prepare(
            "SELECT i.id, i.kind, i.parent_id, (SELECT count(*) FROM indicator k WHERE k.parent_id = i.id), i.code \
             FROM indicator i ORDER BY i.code",
        )?;
        let indicators = statement
            .query_map(params![], |row| {
                let id: i64 = row.get(0)?;
                let kind: String = row.get(1)?;
                Ok(CheckIndicator {
                    id,
                    kind: Kind::parse(&kind).unwrap_or_default(),
                    parent_id: row.get(2)?,
                    parts: row.get(3)?,
                    aggregation: aggregations.get(&id).copied(),
                    code: row.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>>>()?;
        let parts = indicators
            .iter()
            .map(|indicator| (indicator.id, indicator.parts))
            .collect();
        Ok(CheckContext {
            indicators,
            parts,
            gone: self.parts_gone_since_reform()?,
            not_carried: self.not_carried_units()?,
        })
    }

    /// The findings of one indicator's rows under one agency code (several
    /// units over time may share it), in the report's order: each rule as
    /// the whole-database report applied it, on this series only.
    fn check_group(
        &self,
        context: &CheckContext,
        indicator: &CheckIndicator,
        agency_code: &str,
        rows: &[CheckRow],
    ) -> Result<Vec<CheckFinding>> {
        use crate::domain::Period;
        use crate::domain::rollup::{Figure, filed_against_rolled_up};
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut findings: Vec<(i64, Rule, Finding)> = Vec::new();
        // Per-row rules.
        for row in rows {
            if row.figures.value.is_some() || row.figures.numerator.is_some() {
                for violation in check::check_row(row.id, indicator.kind, row.figures) {
                    findings.push((violation.observation_id, violation.rule, violation.finding));
                }
            }
        }
        // Parts add up to their whole, found from the whole's row and from
        // each part's (the report lists it on all of them).
        if indicator.parts > 0 || indicator.parent_id.is_some() {
            let mut whole_statement = self.conn.prepare_cached(
                "SELECT id, value FROM observation WHERE indicator_id = ?1 AND agency_id = ?2 AND period = ?3",
            )?;
            for row in rows {
                let Some(value) = row.figures.value else {
                    continue;
                };
                let mut found: Vec<(i64, Finding)> = Vec::new();
                if indicator.parts > 0
                    && let Some(finding) = self.parts_finding(
                        context,
                        indicator.id,
                        row.agency_id,
                        &row.period,
                        value,
                    )?
                {
                    found.push((row.id, finding));
                }
                if let Some(parent_id) = indicator.parent_id
                    && let Some((whole_id, Some(whole))) = whole_statement
                        .query_row(params![parent_id, row.agency_id, row.period], |row| {
                            Ok((row.get::<i64>(0)?, row.get::<Option<f64>>(1)?))
                        })
                        .optional()?
                    && let Some(finding) =
                        self.parts_finding(context, parent_id, row.agency_id, &row.period, whole)?
                {
                    found.push((whole_id, finding));
                }
                // In the order of the wholes' rows, as one pass over them found them.
                found.sort_by_key(|(whole_id, _)| *whole_id);
                for (_, finding) in found {
                    findings.push((row.id, Rule::PartsSum, finding));
                }
            }
        }
        // Values far off their own history (per unit and kind of period).
        // ((unit, kind of period), its (id, value) points).
        let mut series: Vec<(SeriesKey, Vec<(i64, f64)>)> = Vec::new();
        for row in rows {
            let Some(value) = row.figures.value else {
                continue;
            };
            let key = (row.agency_id, period_shape_key(&row.period));
            match series.iter_mut().find(|(series_key, _)| *series_key == key) {
                Some((_, points)) => points.push((row.id, value)),
                None => series.push((key, vec![(row.id, value)])),
            }
        }
        series.sort_by_key(|(key, _)| *key);
        for (_, points) in &series {
            for (id, finding) in check::outliers(points) {
                findings.push((id, Rule::Outlier, finding));
            }
        }
        // A filed figure beside sub-periods that roll up to another one.
        if let Some(rule) = indicator.aggregation {
            let mut units: Vec<i64> = rows.iter().map(|row| row.agency_id).collect();
            units.sort_unstable();
            units.dedup();
            for unit in units {
                let series: Vec<(i64, Figure)> = rows
                    .iter()
                    .filter(|row| row.agency_id == unit)
                    .filter_map(|row| {
                        Some((
                            row.id,
                            Figure {
                                period: Period::parse(&row.period)?,
                                value: row.figures.value,
                                numerator: row.figures.numerator,
                                denominator: row.figures.denominator,
                            },
                        ))
                    })
                    .collect();
                if series.len() < 2 {
                    continue;
                }
                let figures: Vec<Figure> = series.iter().map(|(_, figure)| *figure).collect();
                for (id, figure) in &series {
                    if let Some((filed, made)) =
                        filed_against_rolled_up(rule, &figure.period, &figures)
                    {
                        findings.push((
                            *id,
                            Rule::RollUp,
                            Finding::RollUp {
                                filed,
                                periods: made
                                    .from
                                    .iter()
                                    .map(|period| period.as_str().to_owned())
                                    .collect(),
                                made: made.value,
                                aggregation: rule.as_str(),
                            },
                        ));
                    }
                }
            }
        }
        // Figures of units that ended without being merged whole into one unit of today.
        for row in rows {
            if let Some(reason) = context.not_carried.get(&row.agency_id) {
                findings.push((row.id, Rule::NotCarried, reason.clone()));
            }
        }
        // One finding per figure and rule (the first found), then in the
        // report's order; rows of one code and period keep their id order.
        findings.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        findings.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        let mut named: Vec<CheckFinding> = findings
            .into_iter()
            .map(|(observation_id, rule, finding)| CheckFinding {
                observation_id,
                indicator_code: indicator.code.clone(),
                agency_code: agency_code.to_owned(),
                period: rows
                    .iter()
                    .find(|row| row.id == observation_id)
                    .map(|row| row.period.clone())
                    .unwrap_or_default(),
                rule,
                finding,
            })
            .collect();
        named.sort_by(|a, b| (&a.period, a.rule).cmp(&(&b.period, b.rule)));
        Ok(named)
    }

    /// Whether a whole's parts (every part filed, but those gone since the
    /// reform) add up to it.
    fn parts_finding(
        &self,
        context: &CheckContext,
        whole_indicator: i64,
        agency_id: i64,
        period: &str,
        whole: f64,
    ) -> Result<Option<Finding>> {
        let mut expected = context.parts.get(&whole_indicator).copied().unwrap_or(0);
        let after_reform = crate::domain::Period::parse(period).is_some_and(|period| {
            crate::domain::rollup::start_date(&period).as_str()
                >= crate::domain::units::REFORM_START
        });
        if after_reform {
            expected -= context.gone.get(&whole_indicator).copied().unwrap_or(0);
        }
        let mut statement = self.conn.prepare_cached(
            "SELECT ci.code, c.value FROM indicator ci \
             JOIN observation c ON c.indicator_id = ci.id AND c.agency_id = ?2 AND c.period = ?3 \
             WHERE ci.parent_id = ?1 AND c.value IS NOT NULL ORDER BY ci.code",
        )?;
        let parts = statement
            .query_map(params![whole_indicator, agency_id, period], |row| {
                Ok((row.get::<String>(0)?, row.get::<f64>(1)?))
            })?
            .collect::<Result<Vec<_>>>()?;
        if parts.len() as i64 != expected {
            return Ok(None);
        }
        Ok(check::check_parts(whole, &parts))
    }

    /// For each whole, how many of its parts nobody files for a period after
    /// 1 July 2025 while they were filed before (the district level's).
    fn parts_gone_since_reform(&self) -> Result<std::collections::HashMap<i64, i64>> {
        use crate::domain::Period;
        use crate::domain::rollup::end_date;
        use crate::domain::units::REFORM_END;
        let mut gone = std::collections::HashMap::new();
        let parts: Vec<(i64, i64)> = self
            .conn
            .prepare("SELECT id, parent_id FROM indicator WHERE parent_id IS NOT NULL")?
            .query_map(params![], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_>>()?;
        for (part, whole) in parts {
            let periods: Vec<String> = self
                .conn
                .prepare_cached("SELECT DISTINCT period FROM observation WHERE indicator_id = ?1")?
                .query_map(params![part], |row| row.get(0))?
                .collect::<Result<_>>()?;
            let ends: Vec<String> = periods
                .iter()
                .filter_map(|period| Period::parse(period))
                .map(|period| end_date(&period))
                .collect();
            let before = ends.iter().any(|end| end.as_str() <= REFORM_END);
            let after = ends.iter().any(|end| end.as_str() > REFORM_END);
            if before && !after {
                *gone.entry(whole).or_insert(0) += 1;
            }
        }
        Ok(gone)
    }

    /// Units that ended without being merged whole into one unit of today
    /// (split in parts, or a district of before the reform), with figures:
    /// those stay on their unit and are not on today's units.
    fn not_carried_units(&self) -> Result<HashMap<i64, Finding>> {
        let mut ended = Vec::new();
        {
            let mut statement = self.conn.prepare_cached(
                "SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency a \
                 WHERE valid_to IS NOT NULL AND EXISTS (SELECT 1 FROM observation o \
                     WHERE o.indicator_id IN (SELECT id FROM indicator) AND o.agency_id = a.id)",
            )?;
            let rows = statement.query_map(params![], super::agency_from_row)?;
            for row in rows {
                ended.push(row?);
            }
        }
        let mut not_carried = HashMap::new();
        for unit in ended {
            if self.current_unit(&unit)?.is_some() {
                continue;
            }
            let successors = self.successors(unit.id)?;
            not_carried.insert(
                unit.id,
                Finding::NotCarried {
                    code: unit.code.clone(),
                    name: unit.name.clone(),
                    ended: unit.valid_to.clone().unwrap_or_else(|| "?".to_owned()),
                    into: successors
                        .iter()
                        .map(|(successor, whole)| (successor.code.clone(), *whole))
                        .collect(),
                },
            );
        }
        Ok(not_carried)
    }

    /// Sorts findings, drops repeats and names their indicator, agency and period.
    fn name_findings(&self, mut findings: Vec<(i64, Rule, Finding)>) -> Result<Vec<CheckFinding>> {
        findings.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        findings.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        // Names for the report.
        let mut named = Vec::with_capacity(findings.len());
        let mut statement = self.conn.prepare_cached(
            "SELECT i.code, a.code, o.period FROM observation o JOIN indicator i ON i.id = o.indicator_id \
             JOIN agency a ON a.id = o.agency_id WHERE o.id = ?1",
        )?;
        for (observation_id, rule, message) in findings {
            let (indicator_code, agency_code, period) = statement
                .query_row(params![observation_id], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?;
            named.push(CheckFinding {
                observation_id,
                indicator_code,
                agency_code,
                period,
                rule,
                finding: message,
            });
        }
        named.sort_by(|a, b| {
            (&a.indicator_code, &a.agency_code, &a.period, a.rule).cmp(&(
                &b.indicator_code,
                &b.agency_code,
                &b.period,
                b.rule,
            ))
        });
        Ok(named)
    }
}

/// A unit and a kind of period ([`period_shape_key`]): one outlier series.
type SeriesKey = (i64, usize);

/// One observation as the consistency walk reads it.
struct CheckRow {
    id: i64,
    agency_id: i64,
    period: String,
    figures: RowFigures,
}

/// An indicator as the consistency walk needs it.
struct CheckIndicator {
    id: i64,
    kind: Kind,
    parent_id: Option<i64>,
    /// How many indicators are its parts.
    parts: i64,
    aggregation: Option<crate::domain::Aggregation>,
    code: String,
}

/// What the consistency walk knows besides the series it is on.
struct CheckContext {
    /// In code order: the report's.
    indicators: Vec<CheckIndicator>,
    /// Each indicator's number of parts.
    parts: HashMap<i64, i64>,
    /// Parts nobody files since the reform, by whole.
    gone: HashMap<i64, i64>,
    /// Units whose figures are not carried, with the finding.
    not_carried: HashMap<i64, Finding>,
}

/// The kind of a period for the outlier rule: years, halves, quarters,
/// months and days each their own series.
fn period_shape_key(period: &str) -> usize {
    let position = |mark: char| period.find(mark).map_or(0, |index| index + 1);
    period.len() + position('Q') * 10 + position('H') * 100
}

/// The kind of a canonical period ("2021", "2021-H1", "2021-Q4", "2021-12"), so
/// that a series compares like with like.
fn period_shape(period: &str) -> String {
    match period.get(5..6) {
        None => "year".to_owned(),
        Some("H") => "half".to_owned(),
        Some("Q") => "quarter".to_owned(),
        Some(_) => "month".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{CellProblem, NamedColumn, RejectCause, Rejection};
    use crate::store::{BatchInfo, SCHEMA_VERSION, Store, schema};
    use rusqlite::params;

    /// A rejection keeps its cause as data, so the Imports tab can word it
    /// in the user's language; one recorded before version 4 keeps its
    /// English message, which is what it shows.
    #[test]
    fn rejections_keep_their_cause_and_older_ones_their_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v3.sqlite");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for migration in &schema::MIGRATIONS[..3] {
                conn.execute_batch(migration).unwrap();
            }
            conn.execute_batch(
                "INSERT INTO import_batch (id, file_name, imported_at) VALUES (1, 'cu.csv', '2026-01-01');
                 INSERT INTO import_rejection (batch_id, line, \"column\", raw, message)
                     VALUES (1, 5, 4, 'abc', 'column 4 \"Giá trị\": not a number');
                 PRAGMA user_version = 3;",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let version: i64 = store
            .connection()
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let old = store.rejections(1).unwrap();
        assert_eq!(
            old[0].cause,
            RejectCause::Recorded {
                message: "column 4 \"Giá trị\": not a number".to_owned()
            }
        );
        a_new_rejection_keeps_its_cause(&mut store);
    }

    /// On either database, a rejection keeps its cause and, for other
    /// programs, its English words.
    fn a_new_rejection_keeps_its_cause(store: &mut Store) {
        let cause = RejectCause::Cell {
            column: NamedColumn {
                column: 4,
                header: "Giá trị".to_owned(),
            },
            problem: CellProblem::NotANumber,
        };
        let mut session = store
            .begin_import(&BatchInfo {
                file_name: "moi.csv".to_owned(),
                ..BatchInfo::default()
            })
            .unwrap();
        session
            .reject(&Rejection {
                line: 7,
                column: Some(4),
                raw: "abc".to_owned(),
                cause: cause.clone(),
            })
            .unwrap();
        let totals = session.finish(true).unwrap();
        let new = store.rejections(totals.batch_id).unwrap();
        assert_eq!(new[0].cause, cause);
        // Other programs read the English words beside it.
        let message: String = store
            .conn
            .query_row(
                "SELECT message FROM import_rejection WHERE batch_id = ?1",
                params![totals.batch_id],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(message, "column 4 \"Giá trị\": not a number");
    }

    #[test]
    fn rejections_keep_their_cause_on_each_database() {
        let dir = tempfile::tempdir().unwrap();
        for mut test in crate::store::backends::each_backend("rejection_cause", dir.path()) {
            a_new_rejection_keeps_its_cause(&mut test.store);
        }
    }
}
