//! Presentation mode: full screen, large type, one slide at a time — the
//! year summary of the province, then one time-series chart per selected
//! indicator (or per indicator with a target when none is selected). Arrow
//! keys move, Esc leaves; the slides follow the selection.

use egui::{Key, Modifiers, RichText};

use super::chart::{PlotGroup, build_groups, line_plot_ui};
use super::strings::Lang;
use super::summary::{MET_COLOUR, headline_text, missed_ui, summary_table_ui};
use super::{Command, ViewContext};
use crate::app::session::{Read, SlideData};
use crate::domain::NumberFormat;
use crate::domain::summary::YearSummary;
use crate::store::ObservationFilter;

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
    generation: u64,
    /// Why the newest query failed.
    failed: Option<String>,
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

    fn request(&mut self, context: &ViewContext<'_>) -> Option<Command> {
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
        self.generation += 1;
        self.failed = None;
        Some(Command::Read(Read::Slides {
            generation: self.generation,
            filter: context.filter.clone(),
        }))
    }

    /// The slides arrived.
    pub fn on_answer(&mut self, generation: u64, data: SlideData) {
        if generation != self.generation {
            return;
        }
        let Some(key) = &self.key else {
            return;
        };
        let (lang, format) = (key.lang, key.format);
        self.loading = false;
        self.summary = data.summary;
        self.charts = data
            .charts
            .into_iter()
            .map(|(title, series)| (title, build_groups(&series, lang, format)))
            .collect();
        self.index = self.index.min(self.slide_count() - 1);
    }

    /// The query `generation` failed: the slide says why.
    pub fn on_failed(&mut self, generation: u64, text: &str) {
        if generation == self.generation {
            self.loading = false;
            self.failed = Some(text.to_owned());
        }
    }

    /// Shows the current slide; returns what it asks of the window
    /// ([`Command::LeavePresentation`] on Esc).
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
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
            actions.push(Command::LeavePresentation);
            return actions;
        }
        if let Some(action) = self.request(context) {
            actions.push(action);
        }
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
        if let Some(failed) = &self.failed {
            ui.colored_label(ui.visuals().error_fg_color, failed);
        }
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
                    actions.push(Command::JumpTo { observation_id });
                }
            }
        }
        actions
    }

    fn summary_slide_ui(
        &self,
        ui: &mut egui::Ui,
        context: &ViewContext<'_>,
        actions: &mut Vec<Command>,
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
            actions.push(Command::JumpTo { observation_id });
        }
    }
}
