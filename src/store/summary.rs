//! Reads for the charts, the year summary and the meeting exports: series of
//! indicators over periods, values by agency for one period, a year's targets
//! with last year's figures, and parts of a whole.

use std::collections::HashMap;

use rusqlite::params;

use super::db::OptionalRow;

use super::{Result, Store, agency_from_row};
use crate::domain::rollup::{UnitsView, point_of, series_points};
use crate::domain::summary::{
    AgencyValue, PartsOfWhole, PreviousBasis, Series, SeriesPoint, SummaryRow, YearSummary,
    period_kind_rank, previous_year_period,
};
use crate::domain::{Agency, Aggregation, Indicator, Level, Period};
use crate::store::ObservationFilter;

const POINT_SQL: &str = "SELECT o.id, o.period, o.value, o.target, o.qualifier, b.file_name \
     FROM observation o LEFT JOIN import_batch b ON b.id = o.batch_id \
     WHERE o.indicator_id = ?1 AND o.agency_id = ?2 AND o.period >= ?3 AND o.period <= ?4 ORDER BY o.period";

/// Points of one indicator and agency as series, one per kind of period
/// (years, quarters …), each in the order given.
fn split_by_kind(indicator: &Indicator, agency: &Agency, points: Vec<SeriesPoint>) -> Vec<Series> {
    let mut by_kind: Vec<(u8, Vec<SeriesPoint>)> = Vec::new();
    for point in points {
        let rank = period_kind_rank(&point.period);
        match by_kind.iter_mut().find(|(kind, _)| *kind == rank) {
            Some((_, points)) => points.push(point),
            None => by_kind.push((rank, vec![point])),
        }
    }
    by_kind.sort_by_key(|(rank, _)| *rank);
    by_kind
        .into_iter()
        .map(|(_, points)| Series {
            indicator_id: indicator.id,
            indicator_code: indicator.code.clone(),
            indicator_name: indicator.name.clone(),
            unit: indicator.unit.clone(),
            kind: indicator.kind,
            direction: indicator.direction,
            agency_id: agency.id,
            agency_name: agency.name.clone(),
            points,
        })
        .collect()
}

impl Store {
    fn indicator_by_id(&self, id: i64) -> Result<Option<Indicator>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, code, name, unit, kind, group_code, parent_id, higher_is_better, aggregation FROM indicator WHERE id = ?1",
        )?;
        statement
            .query_row(params![id], super::indicator_from_row)
            .optional()
    }

    fn agency_by_id(&self, id: i64) -> Result<Option<Agency>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id, code, name, level, parent_id, valid_from, valid_to FROM agency WHERE id = ?1")?;
        statement.query_row(params![id], agency_from_row).optional()
    }

    /// The agencies of a level that have figures for an indicator, by code.
    fn agencies_with_figures(&self, indicator_id: i64, level: Level) -> Result<Vec<Agency>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.code, a.name, a.level, a.parent_id, a.valid_from, a.valid_to FROM agency a WHERE a.level = ?1 \
             AND EXISTS (SELECT 1 FROM observation o WHERE o.indicator_id = ?2 AND o.agency_id = a.id) ORDER BY a.code",
        )?;
        let rows = statement.query_map(params![level.as_str(), indicator_id], agency_from_row)?;
        rows.collect::<Result<_>>()
    }

    /// The first province-level agency (the default of the summary and charts).
    pub fn province_agency(&self) -> Result<Option<Agency>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.id, a.code, a.name, a.level, a.parent_id, a.valid_from, a.valid_to FROM agency a WHERE a.level = 'province' \
             ORDER BY EXISTS (SELECT 1 FROM observation o \
                 WHERE o.indicator_id IN (SELECT id FROM indicator) AND o.agency_id = a.id) DESC, a.code LIMIT 1",
        )?;
        statement.query_row(params![], agency_from_row).optional()
    }

    /// One indicator for one agency over periods, split by kind of period
    /// (years, quarters …), each in time order. Uses the key's index.
    pub fn series_of(
        &self,
        indicator: &Indicator,
        agency: &Agency,
        period_from: Option<&str>,
        period_to: Option<&str>,
    ) -> Result<Vec<Series>> {
        let from = period_from.unwrap_or("");
        let to = format!("{}\u{10FFFF}", period_to.unwrap_or("9999"));
        let mut statement = self.conn.prepare_cached(POINT_SQL)?;
        let rows = statement.query_map(params![indicator.id, agency.id, from, to], |row| {
            let period: String = row.get(1)?;
            Ok((
                row.get::<i64>(0)?,
                period,
                row.get::<Option<f64>>(2)?,
                row.get::<Option<f64>>(3)?,
                row.get::<Option<String>>(4)?,
                row.get::<Option<String>>(5)?,
            ))
        })?;
        let mut points: Vec<SeriesPoint> = Vec::new();
        for row in rows {
            let (observation_id, period, value, target, qualifier, file_name) = row?;
            let Some(period) = Period::parse(&period) else {
                continue;
            };
            let point = SeriesPoint {
                observation_id,
                period,
                value,
                target,
                qualifier,
                file_name,
                filed: true,
                made_from: Vec::new(),
                over_units: false,
                agencies: Vec::new(),
                coverage: None,
            };
            points.push(point);
        }
        Ok(split_by_kind(indicator, agency, points))
    }

    /// One indicator for one agency as the filter asks: on today's units
    /// (the units merged whole into it carried over) and rolled up to the
    /// filter's kind of period; the stored series when neither applies.
    fn made_series(
        &self,
        indicator: &Indicator,
        agency: &Agency,
        filter: &ObservationFilter,
    ) -> Result<Vec<Series>> {
        let from = filter.period_from.as_deref();
        let to = filter.period_to.as_deref();
        let units = self.unit_series(indicator.id, agency, filter.units == UnitsView::Current)?;
        if filter.by.is_none() && units.len() == 1 {
            return self.series_of(indicator, agency, from, to);
        }
        let own: HashMap<Period, SeriesPoint> = self
            .series_of(indicator, agency, None, None)?
            .into_iter()
            .flat_map(|series| series.points)
            .map(|point| (point.period, point))
            .collect();
        let to_end = to.map(|to| format!("{to}\u{10FFFF}"));
        let mut points: Vec<SeriesPoint> = Vec::new();
        for entry in series_points(indicator.aggregation, filter.by, &units) {
            let text = entry.period.as_str();
            if from.is_some_and(|from| text < from)
                || to_end.as_deref().is_some_and(|to| text > to)
                || entry.value.is_none()
            {
                continue;
            }
            let stored = own.get(&entry.period);
            let point = SeriesPoint {
                // 0: made, not stored; nothing to open in the table.
                observation_id: stored
                    .filter(|_| entry.filed)
                    .map_or(0, |point| point.observation_id),
                period: entry.period,
                value: entry.value,
                target: stored.and_then(|point| point.target),
                qualifier: stored
                    .filter(|_| entry.filed)
                    .and_then(|point| point.qualifier.clone()),
                file_name: stored
                    .filter(|_| entry.filed)
                    .and_then(|point| point.file_name.clone()),
                filed: entry.filed,
                made_from: entry.from,
                over_units: entry.over_units,
                agencies: entry.agencies,
                coverage: entry.coverage,
            };
            points.push(point);
        }
        Ok(split_by_kind(indicator, agency, points))
    }

    /// The series the filter asks for: each selected indicator for the chosen
    /// agency, else for every agency of the chosen level, else for the province.
    pub fn series_for_filter(&self, filter: &ObservationFilter) -> Result<Vec<Series>> {
        let province = self.province_agency()?;
        let mut out = Vec::new();
        for &indicator_id in &filter.indicator_ids {
            let Some(indicator) = self.indicator_by_id(indicator_id)? else {
                continue;
            };
            let agencies = match (filter.agency_id, filter.level) {
                (Some(agency_id), _) => self.agency_by_id(agency_id)?.into_iter().collect(),
                (None, Some(level)) => self.agencies_with_figures(indicator_id, level)?,
                (None, None) => province.clone().into_iter().collect::<Vec<_>>(),
            };
            for agency in &agencies {
                out.extend(self.made_series(&indicator, agency, filter)?);
            }
        }
        Ok(out)
    }

    /// The values of one indicator by agency of a level for one period (the
    /// latest period that has figures at that level when none is given).
    /// Returns the period and the values, highest first.
    pub fn values_by_agency(
        &self,
        indicator_id: i64,
        level: Level,
        period: Option<&str>,
    ) -> Result<(Option<String>, Vec<AgencyValue>)> {
        let period = match period {
            Some(period) => Some(period.to_owned()),
            None => self
                .conn
                .prepare_cached(
                    "SELECT max(o.period) FROM observation o JOIN agency a ON a.id = o.agency_id \
                     WHERE o.indicator_id = ?1 AND a.level = ?2 AND o.value IS NOT NULL",
                )?
                .query_row(params![indicator_id, level.as_str()], |row| {
                    row.get::<Option<String>>(0)
                })?,
        };
        let Some(period) = period else {
            return Ok((None, Vec::new()));
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT o.id, a.id, a.code, a.name, o.value, o.target, o.qualifier, b.file_name \
             FROM observation o JOIN agency a ON a.id = o.agency_id LEFT JOIN import_batch b ON b.id = o.batch_id \
             WHERE o.indicator_id = ?1 AND a.level = ?2 AND o.period = ?3 \
             ORDER BY o.value IS NULL, o.value DESC, a.code",
        )?;
        let rows = statement.query_map(params![indicator_id, level.as_str(), period], |row| {
            Ok(AgencyValue {
                observation_id: row.get(0)?,
                agency_id: row.get(1)?,
                agency_code: row.get(2)?,
                agency_name: row.get(3)?,
                value: row.get(4)?,
                target: row.get(5)?,
                qualifier: row.get(6)?,
                file_name: row.get(7)?,
            })
        })?;
        let values = rows.collect::<Result<_>>()?;
        Ok((Some(period), values))
    }

    /// Wholes and their parts for one agency (the province by default): the
    /// wholes among `indicator_ids` or the parents of the parts among them;
    /// every whole that has parts when none is given.
    pub fn parts_of_wholes(
        &self,
        indicator_ids: &[i64],
        agency_id: Option<i64>,
    ) -> Result<Vec<PartsOfWhole>> {
        let indicators = self.indicators()?;
        let has_parts = |id: i64| {
            indicators
                .iter()
                .any(|indicator| indicator.parent_id == Some(id))
        };
        let mut wholes: Vec<i64> = Vec::new();
        if indicator_ids.is_empty() {
            wholes.extend(
                indicators
                    .iter()
                    .filter(|indicator| has_parts(indicator.id))
                    .map(|indicator| indicator.id),
            );
        } else {
            for id in indicator_ids {
                let whole = if has_parts(*id) {
                    Some(*id)
                } else {
                    indicators
                        .iter()
                        .find(|indicator| indicator.id == *id)
                        .and_then(|indicator| indicator.parent_id)
                };
                if let Some(whole) = whole
                    && !wholes.contains(&whole)
                {
                    wholes.push(whole);
                }
            }
        }
        let agency = match agency_id {
            Some(id) => self.agency_by_id(id)?,
            None => self.province_agency()?,
        };
        let Some(agency) = agency else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for whole_id in wholes {
            let Some(whole) = indicators.iter().find(|indicator| indicator.id == whole_id) else {
                continue;
            };
            let mut whole_series = self.series_of(whole, &agency, None, None)?;
            // Parts are compared by the most detailed kind of period the whole has.
            let Some(whole_series) = whole_series.pop() else {
                continue;
            };
            let rank = whole_series
                .points
                .first()
                .map(|point| period_kind_rank(&point.period));
            let mut parts = Vec::new();
            for part in indicators
                .iter()
                .filter(|indicator| indicator.parent_id == Some(whole_id))
            {
                if let Some(series) =
                    self.series_of(part, &agency, None, None)?
                        .into_iter()
                        .find(|series| {
                            series
                                .points
                                .first()
                                .map(|point| period_kind_rank(&point.period))
                                == rank
                        })
                {
                    parts.push(series);
                }
            }
            out.push(PartsOfWhole {
                whole: whole_series,
                parts,
            });
        }
        Ok(out)
    }

    /// The periods that have targets for an agency, in time order.
    pub fn target_periods(&self, agency_id: i64) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT period FROM observation \
             WHERE indicator_id IN (SELECT id FROM indicator) AND agency_id = ?1 AND target IS NOT NULL ORDER BY period",
        )?;
        let rows = statement.query_map(params![agency_id], |row| row.get(0))?;
        rows.collect::<Result<_>>()
    }

    /// The summary of one agency for one period on today's units: every
    /// indicator with a target, with last year's figure (filed, rolled up or
    /// carried from merged units), the source file and the consistency marks.
    pub fn year_summary(&self, agency_id: i64, period: &str) -> Result<YearSummary> {
        self.year_summary_on(agency_id, period, true)
    }

    /// [`Self::year_summary`] on today's units (`current`) or on the agency's
    /// own figures as filed.
    pub fn year_summary_on(
        &self,
        agency_id: i64,
        period: &str,
        current: bool,
    ) -> Result<YearSummary> {
        let agency = self
            .agency_by_id(agency_id)?
            .ok_or_else(|| super::StoreError::Invalid(format!("no agency with id {agency_id}")))?;
        let parsed = Period::parse(period)
            .ok_or_else(|| super::StoreError::Invalid(format!("\"{period}\" is not a period")))?;
        let previous_period = previous_year_period(&parsed)
            .map(|period| period.as_str().to_owned())
            .unwrap_or_default();
        let mut statement = self.conn.prepare_cached(
            "SELECT o.id, i.id, i.code, i.name, i.unit, i.kind, i.higher_is_better, o.value, o.target, o.qualifier, \
                    o.batch_id, b.file_name, \
                    (SELECT p.value FROM observation p WHERE p.indicator_id = o.indicator_id \
                        AND p.agency_id = o.agency_id AND p.period = ?3) \
             FROM observation o JOIN indicator i ON i.id = o.indicator_id \
             LEFT JOIN import_batch b ON b.id = o.batch_id \
             WHERE o.indicator_id IN (SELECT id FROM indicator) AND o.agency_id = ?1 AND o.period = ?2 \
               AND o.target IS NOT NULL ORDER BY i.code",
        )?;
        let rows = statement.query_map(
            params![agency_id, parsed.as_str(), previous_period],
            |row| {
                let kind: String = row.get(5)?;
                let higher: i64 = row.get(6)?;
                Ok(SummaryRow {
                    observation_id: row.get(0)?,
                    indicator_id: row.get(1)?,
                    indicator_code: row.get(2)?,
                    indicator_name: row.get(3)?,
                    unit: row.get(4)?,
                    kind: crate::domain::Kind::parse(&kind).unwrap_or_default(),
                    direction: if higher == 0 {
                        crate::domain::Direction::LowerIsBetter
                    } else {
                        crate::domain::Direction::HigherIsBetter
                    },
                    period: parsed.as_str().to_owned(),
                    value: row.get(7)?,
                    target: row.get(8)?,
                    qualifier: row.get(9)?,
                    previous: row.get(12)?,
                    previous_period: previous_period.clone(),
                    previous_basis: PreviousBasis::Filed,
                    batch_id: row.get(10)?,
                    file_name: row.get(11)?,
                    marks: Vec::new(),
                })
            },
        )?;
        let mut rows: Vec<SummaryRow> = rows.collect::<Result<_>>()?;
        if let Some(previous) = previous_year_period(&parsed) {
            let indicators = self.indicators()?;
            let units = self.series_units(&agency, current)?;
            for row in &mut rows {
                let rule = indicators
                    .iter()
                    .find(|indicator| indicator.id == row.indicator_id)
                    .map_or_else(
                        || Aggregation::default_for(row.kind),
                        |indicator| indicator.aggregation,
                    );
                let series = self.unit_series_of(row.indicator_id, &units)?;
                let point = point_of(rule, &previous, &series);
                row.previous = point.value;
                row.previous_basis = PreviousBasis::of_point(&point, rule);
            }
        }
        let ids: Vec<i64> = rows.iter().map(|row| row.observation_id).collect();
        let mut marks: HashMap<i64, Vec<crate::domain::check::Rule>> = HashMap::new();
        for finding in self.check_ids(&ids)? {
            marks
                .entry(finding.observation_id)
                .or_default()
                .push(finding.rule);
        }
        for row in &mut rows {
            if let Some(rules) = marks.remove(&row.observation_id) {
                row.marks = rules;
            }
        }
        Ok(YearSummary {
            year: parsed.year(),
            period: parsed.as_str().to_owned(),
            agency_code: agency.code,
            agency_name: agency.name,
            rows,
        })
    }

    /// The period a year's summary is for: the year itself when it has
    /// targets for the agency, else the latest period of that year with targets.
    pub fn summary_period(&self, agency_id: i64, year: u32) -> Result<Option<String>> {
        let periods = self.target_periods(agency_id)?;
        let of_year: Vec<&String> = periods
            .iter()
            .filter(|period| Period::parse(period).is_some_and(|parsed| parsed.year() == year))
            .collect();
        let annual = year.to_string();
        if of_year.iter().any(|period| **period == annual) {
            return Ok(Some(annual));
        }
        Ok(of_year.last().map(|period| (*period).clone()))
    }

    /// The years that have targets for an agency, and the default one: the
    /// latest year with annual targets, else the latest year.
    pub fn summary_years(&self, agency_id: i64) -> Result<(Vec<u32>, Option<u32>)> {
        let periods = self.target_periods(agency_id)?;
        let mut years: Vec<u32> = periods
            .iter()
            .filter_map(|period| Period::parse(period))
            .map(|period| period.year())
            .collect();
        years.sort_unstable();
        years.dedup();
        let annual = periods
            .iter()
            .filter_map(|period| Period::parse(period))
            .filter(|period| period_kind_rank(period) == 0)
            .map(|period| period.year())
            .max();
        let default = annual.or_else(|| years.last().copied());
        Ok((years, default))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times one series over five million observations:
    /// `cargo test --lib series_over_five_million -- --ignored --nocapture`.
    #[test]
    #[ignore = "builds a 5M-row database; a measurement, not a check"]
    fn series_over_five_million_observations() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("big.sqlite")).unwrap();
        let conn = store.connection();
        let started = std::time::Instant::now();
        conn.execute_batch(
            "BEGIN;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
             INSERT INTO indicator (id, code, name, kind, name_key) SELECT i, 'I' || i, 'Chỉ tiêu ' || i, 'count', 'i' || i FROM n;
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
             INSERT INTO agency (id, code, name, level, name_key) SELECT i, 'A' || i, 'Đơn vị ' || i,
                 CASE WHEN i = 1 THEN 'province' ELSE 'commune' END, 'a' || i FROM n;
             WITH RECURSIVE q(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM q WHERE k < 24)
             INSERT INTO observation (indicator_id, agency_id, period, value, target)
             SELECT i.id, a.id, (2019 + q.k / 4) || '-Q' || (q.k % 4 + 1), (i.id * a.id + q.k) % 1000, NULL
             FROM indicator i, agency a, q;
             COMMIT;",
        )
        .unwrap();
        let count = store.observation_count().unwrap();
        eprintln!("filled {count} observations in {:?}", started.elapsed());
        assert!(count >= 5_000_000);
        let indicator = store.indicator_by_id(117).unwrap().unwrap();
        let agency = store.agency_by_id(1).unwrap().unwrap();
        let mut best = std::time::Duration::MAX;
        for _ in 0..20 {
            let started = std::time::Instant::now();
            let series = store.series_of(&indicator, &agency, None, None).unwrap();
            best = best.min(started.elapsed());
            assert_eq!(series[0].points.len(), 25);
        }
        let filter = ObservationFilter {
            indicator_ids: vec![117],
            ..ObservationFilter::default()
        };
        let started = std::time::Instant::now();
        let series = store.series_for_filter(&filter).unwrap();
        let whole = started.elapsed();
        assert_eq!(series.len(), 1);
        eprintln!(
            "series of one indicator over {count} observations: best {best:?}, with the filter's lookups {whole:?}"
        );
    }
}
