//! Presentation mode: full screen, large type, one slide at a time — the
//! year summary of the province, then one time-series chart per selected
//! indicator (or per indicator with a target when none is selected). Arrow
//! keys move, Esc leaves; the slides follow the selection.

use std::sync::{Arc, Mutex};

use egui::{Key, Modifiers, RichText};

use super::chart::{PlotGroup, build_groups, line_plot_ui};
use super::strings::Lang;
use super::summary::{MET_COLOUR, headline_text, missed_ui, summary_table_ui};
use super::{ViewAction, ViewContext};
use crate::domain::NumberFormat;
use crate::domain::summary::{Series, YearSummary};
use crate::store::ObservationFilter;

/// What the slides show, loaded on the database thread.
#[derive(Default)]
struct SlideData {
    summary: Option<YearSummary>,
    /// (title, series) per chart slide.
    charts: Vec<(String, Vec<Series>)>,
}

#[derive(Clone, PartialEq)]
struct CacheKey {
    data_version: u64,
    filter: ObservationFilter,
    lang: Lang,
    format: NumberFormat,
}

/// The slides' state.
#[derive(Default)]
pub struct Presentation {
    /// The slide shown (0 is the summary).
    pub index: usize,
    entered: bool,
    context: Option<egui::Context>,
    key: Option<CacheKey>,
    /// Filled by the database thread (the window routes no replies to this view).
    incoming: Arc<Mutex<Option<SlideData>>>,
    summary: Option<YearSummary>,
    charts: Vec<(String, Vec<PlotGroup>)>,
    loading: bool,
}

impl Drop for Presentation {
    fn drop(&mut self) {
        // Leaving by F11 drops the presentation: leave full screen too.
        if let Some(context) = &self.context {
            context.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
        }
    }
}

impl Presentation {
    /// The number of slides.
    pub fn slide_count(&self) -> usize {
        1 + self.charts.len()
    }

    fn request(&mut self, context: &ViewContext<'_>) -> Option<ViewAction> {
        let key = CacheKey {
            data_version: context.data_version,
            filter: context.filter.clone(),
            lang: context.lang,
            format: context.number_format,
        };
        if self.key.as_ref() == Some(&key) {
            return None;
        }
        self.key = Some(key);
        self.loading = true;
        let filter = context.filter.clone();
        let slot = Arc::clone(&self.incoming);
        let job: super::Job = Box::new(move |store| {
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
            if let Ok(mut incoming) = slot.lock() {
                *incoming = Some(data);
            }
            Ok(Box::new(()) as Box<dyn std::any::Any + Send>)
        });
        // Tagged "chart…": the chart view ignores this tag; the data arrives through `incoming`.
        Some(ViewAction::Query {
            tag: "chart-present",
            job,
        })
    }

    fn take_incoming(&mut self, lang: Lang, format: NumberFormat) {
        let data = self
            .incoming
            .lock()
            .ok()
            .and_then(|mut incoming| incoming.take());
        if let Some(data) = data {
            self.loading = false;
            self.summary = data.summary;
            self.charts = data
                .charts
                .into_iter()
                .map(|(title, series)| (title, build_groups(&series, lang, format)))
                .collect();
            self.index = self.index.min(self.slide_count() - 1);
        }
    }

    /// Shows the current slide; returns what it asks of the window
    /// ([`ViewAction::LeavePresentation`] on Esc).
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<ViewAction> {
        let texts = context.lang.charts();
        let mut actions = Vec::new();
        if !self.entered {
            self.entered = true;
            self.context = Some(ui.ctx().clone());
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
        }
        let (leave, next, previous) = ui.ctx().input_mut(|input| {
            (
                input.consume_key(Modifiers::NONE, Key::Escape),
                input.consume_key(Modifiers::NONE, Key::ArrowRight)
                    || input.consume_key(Modifiers::NONE, Key::PageDown)
                    || input.consume_key(Modifiers::NONE, Key::Space),
                input.consume_key(Modifiers::NONE, Key::ArrowLeft)
                    || input.consume_key(Modifiers::NONE, Key::PageUp),
            )
        });
        if leave {
            if let Some(context) = self.context.take() {
                context.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            }
            actions.push(ViewAction::LeavePresentation);
            return actions;
        }
        if let Some(action) = self.request(context) {
            actions.push(action);
        }
        self.take_incoming(context.lang, context.number_format);
        if next {
            self.index = (self.index + 1).min(self.slide_count() - 1);
        }
        if previous {
            self.index = self.index.saturating_sub(1);
        }
        // Large type for the room.
        for font in ui.style_mut().text_styles.values_mut() {
            font.size *= 1.6;
        }
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} {}/{}",
                    texts.slide,
                    self.index + 1,
                    self.slide_count()
                ))
                .weak(),
            );
            ui.separator();
            ui.label(RichText::new(texts.present_hint).weak());
            if self.loading {
                ui.spinner();
            }
        });
        ui.separator();
        if self.index == 0 {
            self.summary_slide_ui(ui, context, &mut actions);
        } else if let Some((title, groups)) = self.charts.get(self.index - 1) {
            ui.heading(RichText::new(title).size(34.0).strong());
            if groups.is_empty() {
                ui.label(texts.no_data);
            }
            let height = (ui.available_height() / groups.len().max(1) as f32 - 40.0).max(200.0);
            for group in groups {
                let salt = format!("present-{}-{}", self.index, group.rate);
                if let Some(observation_id) =
                    line_plot_ui(ui, group, &salt, false, height, context.lang)
                {
                    actions.push(ViewAction::JumpTo { observation_id });
                }
            }
        }
        actions
    }

    fn summary_slide_ui(
        &self,
        ui: &mut egui::Ui,
        context: &ViewContext<'_>,
        actions: &mut Vec<ViewAction>,
    ) {
        let texts = context.lang.charts();
        let Some(summary) = &self.summary else {
            ui.label(if self.loading {
                texts.loading
            } else {
                texts.no_targets
            });
            return;
        };
        ui.heading(
            RichText::new(format!(
                "{} — {} {}",
                texts.summary_title, summary.agency_name, summary.period
            ))
            .size(34.0),
        );
        let missed = !summary.missed().is_empty();
        ui.label(
            RichText::new(headline_text(summary, context.lang))
                .size(40.0)
                .strong()
                .color(if missed {
                    super::chart::MISSED_COLOUR
                } else {
                    MET_COLOUR
                }),
        );
        missed_ui(ui, summary, texts, context.number_format, 24.0);
        ui.add_space(12.0);
        if let Some(observation_id) = summary_table_ui(
            ui,
            summary,
            texts,
            context.lang,
            context.number_format,
            "present-summary",
            34.0,
        ) {
            actions.push(ViewAction::JumpTo { observation_id });
        }
    }
}
