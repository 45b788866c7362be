//! The summary tab — the year at a glance: for a year and an agency (the
//! province by default), every indicator with a target: value, target,
//! attainment, met or not, change on last year and consistency marks, under
//! the headline "Đạt 13/15 chỉ tiêu kế hoạch (86,7 %)" and the list of the
//! targets missed. Marks use √ × ▲: the shipped Noto Sans has them (not ✓ ✗ ⚠). Exports the report (HTML) and workbooks (.xlsx).

use std::path::PathBuf;

use egui::{Color32, RichText};
use egui_extras::{Column, TableBuilder};

use super::chart::{MISSED_COLOUR, save_dialog};
use super::demo::{badge_sized_ui, badge_ui, is_demo_batch};
use super::files::{self, ExportPath};
use super::{Command, ViewContext};
use crate::app::session::{DialogPurpose, Export, Read, SummaryData, SummaryQuery};
use crate::app::strings::{ChartTexts, Lang};
use crate::domain::rollup::UnitsView;
use crate::domain::summary::{
    Attainment, SummaryRow, YearSummary, change_text, format_figure, round_to, rule_label,
};
use crate::domain::{Level, NumberFormat, Period};

/// Green for a met target.
pub const MET_COLOUR: Color32 = Color32::from_rgb(30, 140, 50);

#[derive(Clone, PartialEq)]
struct CacheKey {
    data_version: u64,
    agency_id: i64,
    year: Option<u32>,
    units: UnitsView,
}

/// The tab's state.
#[derive(Default)]
pub struct SummaryView {
    /// The agency shown (the province by default).
    pub agency_id: Option<i64>,
    /// The year shown (the latest with yearly targets by default).
    pub year: Option<u32>,
    pub years: Vec<u32>,
    pub summary: Option<YearSummary>,
    key: Option<CacheKey>,
    generation: u64,
    pending: bool,
    pub export_path: ExportPath,
    /// Why the newest query failed.
    failed: Option<String>,
}

/// The headline in the interface's language.
pub fn headline_text(summary: &YearSummary, lang: Lang) -> String {
    match lang {
        Lang::Vi => summary.headline().text_vi(),
        Lang::En => summary.headline().text_en(),
    }
}

/// The figure of a row as people write it, or "—".
fn figure(
    value: Option<f64>,
    kind: crate::domain::Kind,
    qualifier: Option<&str>,
    format: NumberFormat,
) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |value| format_figure(value, kind, qualifier, format),
    )
}

/// The missed targets, one line each.
pub fn missed_ui(
    ui: &mut egui::Ui,
    summary: &YearSummary,
    texts: &ChartTexts,
    format: NumberFormat,
    size: f32,
) {
    let missed = summary.missed();
    if missed.is_empty() {
        ui.label(
            RichText::new(texts.none_missed)
                .size(size)
                .color(MET_COLOUR),
        );
        return;
    }
    ui.label(RichText::new(texts.missed_title).size(size).strong());
    for row in missed {
        let line = format!(
            "× {} — {}: {} / {} {}",
            row.indicator_code,
            row.indicator_name,
            figure(row.value, row.kind, row.qualifier.as_deref(), format),
            texts.col_target.to_lowercase(),
            figure(row.target, row.kind, None, format)
        );
        // A long name wraps within the tab rather than running off it.
        ui.add(egui::Label::new(RichText::new(line).size(size).color(MISSED_COLOUR)).wrap());
    }
}

/// The table of a summary; returns the observation whose code was clicked.
/// A figure of the demo set says so next to its source.
pub fn summary_table_ui(
    ui: &mut egui::Ui,
    summary: &YearSummary,
    context: &ViewContext<'_>,
    id_salt: &str,
    row_height: f32,
) -> Option<i64> {
    let (lang, format) = (context.lang, context.number_format);
    let texts = lang.charts();
    let mut clicked = None;
    // Nine columns are wider than a small window: the table scrolls
    // sideways there, its cells on one line each (the name cut short, whole
    // on hover), rather than running off the tab.
    ui.push_id(id_salt, |ui| {
        egui::ScrollArea::horizontal().show(ui, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            TableBuilder::new(ui)
                .striped(true)
                .column(Column::auto().at_least(120.0))
                // The name takes what the figures leave, at least enough
                // to start it.
                .column(Column::remainder().at_least(180.0).clip(true))
                .columns(Column::auto().at_least(80.0), 4)
                // The comparison with last year can be a long reason: it is
                // cut short, whole on hover, and its column can be widened.
                .column(
                    Column::initial(250.0)
                        .at_least(110.0)
                        .clip(true)
                        .resizable(true),
                )
                .column(Column::auto().at_least(90.0))
                .column(Column::auto().at_least(120.0))
                .header(row_height, |mut header| {
                    for title in super::present::headers(texts)
                        .into_iter()
                        .chain([texts.col_checks, texts.col_source])
                    {
                        header.col(|ui| {
                            ui.strong(title);
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, summary.rows.len(), |mut table_row| {
                        let Some(row) = summary.rows.get(table_row.index()) else {
                            return;
                        };
                        table_row.col(|ui| {
                            if ui.link(&row.indicator_code).clicked() {
                                clicked = Some(row.observation_id);
                            }
                        });
                        table_row.col(|ui| {
                            ui.add(egui::Label::new(&row.indicator_name).truncate())
                                .on_hover_text(&row.indicator_name);
                        });
                        table_row.col(|ui| {
                            ui.label(figure(
                                row.value,
                                row.kind,
                                row.qualifier.as_deref(),
                                format,
                            ));
                        });
                        table_row.col(|ui| {
                            ui.label(figure(row.target, row.kind, None, format));
                        });
                        table_row.col(|ui| {
                            ui.label(row.attainment_percent().map_or_else(
                                || "—".to_owned(),
                                |percent| format!("{} %", format.format(round_to(percent, 1))),
                            ));
                        });
                        table_row.col(|ui| match row.attainment() {
                            Attainment::Met => {
                                ui.colored_label(MET_COLOUR, texts.met);
                            }
                            Attainment::Missed => {
                                ui.colored_label(MISSED_COLOUR, texts.not_met);
                            }
                            Attainment::NoValue => {
                                ui.colored_label(MISSED_COLOUR, texts.no_value);
                            }
                            Attainment::NoTarget => {}
                        });
                        table_row.col(|ui| {
                            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                            let basis = row.previous_basis.text(lang == Lang::Vi);
                            match row.change() {
                                Some(change) => {
                                    let colour = match change.improved {
                                        Some(true) => MET_COLOUR,
                                        Some(false) => MISSED_COLOUR,
                                        None => ui.visuals().text_color(),
                                    };
                                    let text = change_text(change, row.kind, format);
                                    let text = if basis.is_empty() {
                                        text
                                    } else {
                                        format!("{text} ({basis})")
                                    };
                                    ui.colored_label(colour, text)
                                }
                                // Why there is no comparison, instead of "—".
                                None => ui.weak(if basis.is_empty() {
                                    "—".to_owned()
                                } else {
                                    basis
                                }),
                            }
                            .on_hover_text(previous_hover(row, lang, format));
                        });
                        table_row.col(|ui| {
                            if !row.marks.is_empty() {
                                let marks: Vec<&str> = row
                                    .marks
                                    .iter()
                                    .map(|rule| rule_label(*rule, format))
                                    .collect();
                                ui.colored_label(
                                    Color32::from_rgb(190, 110, 0),
                                    format!("▲ {}", marks.join("; ")),
                                );
                            }
                        });
                        table_row.col(|ui| {
                            if is_demo_batch(row.batch_id, context.demo) {
                                badge_ui(ui, lang.main());
                            }
                            ui.label(row.file_name.as_deref().unwrap_or("—"));
                        });
                    });
                });
        });
    });
    clicked
}

/// The previous figure and where it came from, for the change's tooltip.
fn previous_hover(row: &SummaryRow, lang: Lang, format: NumberFormat) -> String {
    let value = row.previous.map_or_else(
        || "—".to_owned(),
        |value| figure(Some(value), row.kind, None, format),
    );
    let period = Period::parse(&row.previous_period).map_or_else(
        || row.previous_period.clone(),
        |period| match lang {
            Lang::Vi => period.label_vi(),
            Lang::En => period.label_en(),
        },
    );
    let basis = row.previous_basis.text(lang == Lang::Vi);
    if basis.is_empty() {
        format!("{period}: {value}")
    } else {
        format!("{period}: {value} ({basis})")
    }
}

impl SummaryView {
    /// The answer to one of this view's queries arrived.
    pub fn on_answer(&mut self, generation: u64, reply: SummaryData) {
        if generation != self.generation {
            return;
        }
        self.pending = false;
        self.failed = None;
        self.years = reply.years;
        if self.year != reply.year {
            self.year = reply.year;
            // The key now names the year shown, so it is not asked again.
            if let Some(key) = &mut self.key {
                key.year = reply.year;
            }
        }
        self.summary = reply.summary;
    }

    /// The query `generation` failed: its spinner stops and the tab says why.
    pub fn on_failed(&mut self, generation: u64, text: &str) {
        if generation == self.generation {
            self.pending = false;
            self.failed = Some(text.to_owned());
        }
    }

    /// The save dialog answered.
    pub fn picked(&mut self, path: PathBuf) {
        self.export_path.picked(&path);
    }

    fn request(&mut self, context: &ViewContext<'_>) -> Option<Command> {
        if self.agency_id.is_none() {
            self.agency_id = context
                .catalog
                .agencies
                .iter()
                // Today's province before the units it was formed from.
                .filter(|agency| agency.level == Some(Level::Province))
                .min_by_key(|agency| agency.valid_to.is_some())
                .map(|agency| agency.id);
        }
        let agency_id = self.agency_id?;
        let key = CacheKey {
            data_version: context.data_version,
            agency_id,
            year: self.year,
            units: context.filter.units,
        };
        if self.key.as_ref() == Some(&key) {
            return None;
        }
        self.key = Some(key);
        self.generation += 1;
        self.pending = true;
        Some(Command::Read(Read::Summary {
            generation: self.generation,
            query: SummaryQuery {
                agency_id,
                year: self.year,
                units: context.filter.units,
            },
        }))
    }

    /// Shows the tab; returns what the view asks of the window.
    pub fn ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
        let texts = context.lang.charts();
        let format = context.number_format;
        let mut actions: Vec<Command> = Vec::new();
        if let Some(action) = self.request(context) {
            actions.push(action);
        }
        ui.horizontal(|ui| {
            let year_label = ui.label(texts.year);
            let year_text = self
                .year
                .map_or_else(|| "—".to_owned(), |year| year.to_string());
            egui::ComboBox::from_id_salt("summary-year")
                .selected_text(year_text)
                .show_ui(ui, |ui| {
                    for year in self.years.clone() {
                        ui.selectable_value(&mut self.year, Some(year), year.to_string());
                    }
                })
                .response
                .labelled_by(year_label.id);
            let agency_label = ui.label(texts.agency);
            let agency_text = self
                .agency_id
                .and_then(|id| {
                    context
                        .catalog
                        .agencies
                        .iter()
                        .find(|agency| agency.id == id)
                })
                .map_or_else(
                    || "—".to_owned(),
                    |agency| format!("{} ({})", agency.name, agency.code),
                );
            egui::ComboBox::from_id_salt("summary-agency")
                .selected_text(agency_text)
                .width(260.0)
                .show_ui(ui, |ui| {
                    for agency in &context.catalog.agencies {
                        ui.selectable_value(
                            &mut self.agency_id,
                            Some(agency.id),
                            format!("{} ({})", agency.name, agency.code),
                        );
                    }
                })
                .response
                .labelled_by(agency_label.id);
            if self.pending {
                ui.spinner();
            }
        });
        actions.extend(self.export_ui(ui, context));
        ui.separator();
        if let Some(failed) = &self.failed {
            ui.colored_label(ui.visuals().error_fg_color, failed);
        }
        let Some(summary) = &self.summary else {
            ui.label(if self.pending {
                texts.loading
            } else {
                texts.no_targets
            });
            return actions;
        };
        if summary.rows.is_empty() {
            ui.label(texts.no_targets);
            return actions;
        }
        let headline = headline_text(summary, context.lang);
        let missed = !summary.missed().is_empty();
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(headline)
                    .size(22.0)
                    .strong()
                    .color(if missed { MISSED_COLOUR } else { MET_COLOUR }),
            );
            // Made-up figures say so beside the result, before anyone reads
            // it as the year's.
            if summary
                .rows
                .iter()
                .any(|row| is_demo_batch(row.batch_id, context.demo))
            {
                badge_sized_ui(ui, context.lang.main(), Some(16.0));
            }
        });
        ui.label(format!("{} · {}", summary.agency_name, summary.period));
        ui.add_space(4.0);
        missed_ui(ui, summary, texts, format, 14.0);
        ui.add_space(8.0);
        if let Some(observation_id) = summary_table_ui(ui, summary, context, "summary-table", 24.0)
        {
            actions.push(Command::JumpTo { observation_id });
        }
        actions
    }

    fn export_ui(&mut self, ui: &mut egui::Ui, context: &ViewContext<'_>) -> Vec<Command> {
        let texts = context.lang.charts();
        let format = context.number_format;
        let mut actions = Vec::new();
        // The buttons go on to a second line in a narrow window.
        ui.horizontal_wrapped(|ui| {
            let agency_name = self
                .summary
                .as_ref()
                .map_or("", |summary| summary.agency_name.as_str());
            let default = files::report_path(files::documents_dir(), self.year, agency_name);
            self.export_path.follow(&default);
            self.export_path.field_ui(ui, texts.file);
            if ui.button(texts.choose).clicked() {
                let name = default
                    .file_name()
                    .map_or_else(|| "bao-cao.html".into(), |name| name.to_string_lossy());
                actions.push(save_dialog(
                    DialogPurpose::ReportFile,
                    &name,
                    &["html", "docx", "xlsx"],
                ));
            }
            let html = ui.button(texts.export_html).clicked();
            let word = ui.button(texts.export_docx).clicked();
            let workbook = ui.button(texts.export_xlsx).clicked();
            let table = ui.button(texts.export_table_xlsx).clicked();
            if !(html || word || workbook || table) {
                return;
            }
            if self.export_path.text.trim().is_empty() {
                actions.push(Command::Notice {
                    text: texts.no_path.to_owned(),
                    error: true,
                });
                return;
            }
            let base = PathBuf::from(self.export_path.text.trim());
            if let (Some(summary), Some(year)) = (&self.summary, self.year) {
                for (wanted, extension) in [(html, "html"), (word, "docx")] {
                    if wanted {
                        actions.push(Command::Export(Export::Report {
                            path: base.with_extension(extension),
                            year,
                            agency_code: summary.agency_code.clone(),
                            format,
                        }));
                    }
                }
            }
            if workbook && let Some(summary) = self.summary.clone() {
                actions.push(Command::Export(Export::SummaryWorkbook {
                    path: base.with_extension("xlsx"),
                    summary: Box::new(summary),
                    format,
                }));
            }
            if table {
                actions.push(Command::Export(Export::TableWorkbook {
                    path: base.with_extension("xlsx"),
                    filter: context.filter.clone(),
                }));
            }
        });
        actions
    }
}
