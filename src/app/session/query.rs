//! The reads a view asks for, as data, and what they answer. Each read is
//! run on the database thread by [`Read::run`]; its answer comes back as an
//! [`Event`](super::Event) that carries the read's generation, so a view
//! takes only the answer to its newest question.

use anyhow::Result;

use super::event::Event;
use crate::domain::rollup::UnitsView;
use crate::domain::summary::{AgencyValue, PartsOfWhole, Series, YearSummary};
use crate::domain::{Kind, Level};
use crate::store::{ChangeMarks, ObservationFilter, SortColumn, SortOrder, Store};

/// What the chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ChartMode {
    #[default]
    TimeSeries,
    ByAgency,
    Parts,
}

/// The figures of one chart tab state.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartQuery {
    pub mode: ChartMode,
    pub filter: ObservationFilter,
    /// The level compared in "By agency".
    pub level: Level,
}

/// A value by agency with its chart's title, period and kind.
pub type TitledValue = (String, Option<String>, AgencyValue, Kind);
/// A chart by agency: title, kind, period.
pub type AgencyChartHead = (String, Kind, Option<String>);

/// What a [`ChartQuery`] answers.
pub enum ChartData {
    Series(Vec<Series>),
    Agencies(Vec<TitledValue>, Vec<AgencyChartHead>),
    Parts(Vec<PartsOfWhole>),
}

/// The year summary of one agency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryQuery {
    pub agency_id: i64,
    /// None: the latest year with yearly targets.
    pub year: Option<u32>,
    pub units: UnitsView,
}

/// What a [`SummaryQuery`] answers.
pub struct SummaryData {
    pub years: Vec<u32>,
    /// The year shown (the one asked, or the default when it has none).
    pub year: Option<u32>,
    pub summary: Option<YearSummary>,
}

/// What the slides of the presentation show, loaded in one read.
#[derive(Default)]
pub struct SlideData {
    pub summary: Option<YearSummary>,
    /// (title, series) per chart slide.
    pub charts: Vec<(String, Vec<Series>)>,
}

/// A read for a view; none of them writes.
pub enum Read {
    /// Indicators, agencies and periods.
    Catalog,
    /// The ids of the filtered rows in order (`generation` matches the answer to the read).
    Ids {
        generation: u64,
        filter: ObservationFilter,
        sort: SortColumn,
        order: SortOrder,
    },
    /// The rows with these ids and their consistency findings.
    Rows {
        ids: Vec<i64>,
    },
    /// The audit log of one observation.
    History {
        observation_id: i64,
    },
    /// The import batches.
    Batches,
    /// The rejections of one batch.
    Rejections {
        batch_id: i64,
    },
    Chart {
        generation: u64,
        query: ChartQuery,
    },
    Summary {
        generation: u64,
        query: SummaryQuery,
    },
    /// The presentation's slides for this filter.
    Slides {
        generation: u64,
        filter: ObservationFilter,
    },
    /// What others changed after `since` (the window asks every few seconds).
    ChangesSince {
        since: ChangeMarks,
    },
    /// The batches of the shipped demo file.
    DemoBatches,
}

/// What a request was about, so that a failure clears exactly its own
/// spinner and says what failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Open,
    Catalog,
    Table,
    History,
    Batches,
    Rejections,
    Chart {
        generation: u64,
    },
    Summary {
        generation: u64,
    },
    Slides {
        generation: u64,
    },
    /// The look for figures others changed.
    Changes,
    Edit,
    Undo,
    Redo,
    Import,
    Export(super::tasks::ExportKind),
    FileDialog,
}

impl Read {
    /// What a failure of this read is about.
    pub fn subject(&self) -> Subject {
        match self {
            Read::Catalog => Subject::Catalog,
            Read::Ids { .. } | Read::Rows { .. } => Subject::Table,
            Read::History { .. } => Subject::History,
            Read::Batches | Read::DemoBatches => Subject::Batches,
            Read::Rejections { .. } => Subject::Rejections,
            Read::Chart { generation, .. } => Subject::Chart {
                generation: *generation,
            },
            Read::Summary { generation, .. } => Subject::Summary {
                generation: *generation,
            },
            Read::Slides { generation, .. } => Subject::Slides {
                generation: *generation,
            },
            Read::ChangesSince { .. } => Subject::Changes,
        }
    }

    /// Runs the read.
    pub fn run(self, store: &Store) -> Result<Event> {
        Ok(match self {
            Read::ChangesSince { since } => Event::ChangedElsewhere(store.changes_since(since)?),
            Read::Catalog => Event::Catalog {
                indicators: store.indicators()?,
                agencies: store.agencies_in_use()?,
                periods: store.periods()?,
            },
            Read::Ids {
                generation,
                filter,
                sort,
                order,
            } => Event::Ids {
                generation,
                ids: store.ordered_ids(&filter, sort, order)?,
            },
            Read::Rows { ids } => {
                let rows = store.rows_by_ids(&ids)?;
                let findings = store.check_ids(&ids)?;
                let missing = ids
                    .iter()
                    .filter(|id| !rows.iter().any(|row| row.id == **id))
                    .copied()
                    .collect();
                Event::Rows {
                    rows,
                    findings,
                    missing,
                }
            }
            Read::History { observation_id } => Event::History {
                observation_id,
                entries: store.history(observation_id)?,
            },
            Read::Batches => Event::Batches(store.batches()?),
            Read::Rejections { batch_id } => Event::Rejections {
                batch_id,
                rejections: store.rejections(batch_id)?,
            },
            Read::Chart { generation, query } => Event::Chart {
                generation,
                data: chart_data(store, &query)?,
            },
            Read::Summary { generation, query } => Event::Summary {
                generation,
                data: summary_data(store, &query)?,
            },
            Read::Slides { generation, filter } => Event::Slides {
                generation,
                data: slide_data(store, &filter)?,
            },
            Read::DemoBatches => {
                Event::DemoBatches(store.demo_batches(crate::app::sample::demo_marker())?)
            }
        })
    }
}

fn chart_data(store: &Store, query: &ChartQuery) -> Result<ChartData> {
    let filter = &query.filter;
    Ok(match query.mode {
        ChartMode::TimeSeries => ChartData::Series(store.series_for_filter(filter)?),
        ChartMode::ByAgency => {
            let indicators = store.indicators()?;
            let mut rows = Vec::new();
            let mut titles = Vec::new();
            for id in &filter.indicator_ids {
                let Some(indicator) = indicators.iter().find(|indicator| indicator.id == *id)
                else {
                    continue;
                };
                let (period, values) =
                    store.values_by_agency(*id, query.level, filter.period_to.as_deref())?;
                let title = format!("{} — {}", indicator.code, indicator.name);
                for value in values {
                    rows.push((title.clone(), period.clone(), value, indicator.kind));
                }
                titles.push((title, indicator.kind, period));
            }
            ChartData::Agencies(rows, titles)
        }
        ChartMode::Parts => {
            ChartData::Parts(store.parts_of_wholes(&filter.indicator_ids, filter.agency_id)?)
        }
    })
}

/// The years of an agency and the summary of the one asked (or the default).
pub fn summary_data(store: &Store, query: &SummaryQuery) -> Result<SummaryData> {
    let (years, default) = store.summary_years(query.agency_id)?;
    let year = query.year.filter(|year| years.contains(year)).or(default);
    let summary = match year {
        Some(year) => match store.summary_period(query.agency_id, year)? {
            Some(period) => Some(store.year_summary_on(
                query.agency_id,
                &period,
                query.units == UnitsView::Current,
            )?),
            None => None,
        },
        None => None,
    };
    Ok(SummaryData {
        years,
        year,
        summary,
    })
}

fn slide_data(store: &Store, filter: &ObservationFilter) -> Result<SlideData> {
    let mut data = SlideData::default();
    if let Some(province) = store.province_agency()? {
        let (_, year) = store.summary_years(province.id)?;
        if let Some(year) = year
            && let Some(period) = store.summary_period(province.id, year)?
        {
            data.summary = Some(store.year_summary(province.id, &period)?);
        }
    }
    let ids: Vec<i64> = if filter.indicator_ids.is_empty() {
        data.summary
            .as_ref()
            .map(|summary| summary.rows.iter().map(|row| row.indicator_id).collect())
            .unwrap_or_default()
    } else {
        filter.indicator_ids.clone()
    };
    for id in ids {
        let one = ObservationFilter {
            indicator_ids: vec![id],
            ..filter.clone()
        };
        let series = store.series_for_filter(&one)?;
        if let Some(first) = series.first() {
            data.charts.push((
                format!("{} — {}", first.indicator_code, first.indicator_name),
                series,
            ));
        }
    }
    Ok(data)
}
