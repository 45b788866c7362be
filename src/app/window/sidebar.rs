//! The left panel: indicators by group with a search that ignores marks and
//! case, and the filters for level, agency and period range.

use std::collections::BTreeMap;

use super::Catalog;
use super::table::{level_label, unit_name};
use crate::app::strings::MainTexts;
use crate::domain::rollup::{Granularity, UnitsView};
use crate::domain::text::folded_contains;
use crate::domain::{Indicator, Level, Period};
use crate::store::ObservationFilter;

/// The order groups are listed in (the report's order); others follow by name.
const GROUP_ORDER: [&str; 12] = [
    "infrastructure",
    "documents",
    "online_services",
    "tax",
    "reporting",
    "accounts",
    "certificates",
    "portals",
    "communication",
    "training",
    "research",
    "plan",
];

/// Group names as the catalogue spells them, in the interface's words.
pub fn group_label(code: &str, vietnamese: bool) -> String {
    let (vi, en) = match code {
        "infrastructure" => ("Hạ tầng kỹ thuật", "Infrastructure"),
        "documents" => ("Văn bản điện tử", "Documents"),
        "online_services" => ("Dịch vụ công trực tuyến", "Online services"),
        "tax" => ("Thuế điện tử", "Tax"),
        "reporting" => ("Báo cáo", "Reporting"),
        "accounts" => ("Tài khoản hệ thống", "Accounts"),
        "certificates" => ("Chứng thư số", "Certificates"),
        "portals" => ("Cổng thông tin", "Portals"),
        "communication" => ("Tuyên truyền", "Communication"),
        "training" => ("Đào tạo", "Training"),
        "research" => ("Khoa học công nghệ", "Research"),
        "plan" => ("Kế hoạch", "Plan"),
        other => (other, other),
    };
    if vietnamese {
        vi.to_owned()
    } else {
        en.to_owned()
    }
}

/// What the sidebar holds between frames.
#[derive(Default)]
pub struct Sidebar {
    pub search: String,
}

/// Shows the panel; returns true when the filter changed.
pub fn sidebar_ui(
    ui: &mut egui::Ui,
    state: &mut Sidebar,
    filter: &mut ObservationFilter,
    catalog: &Catalog,
    texts: &MainTexts,
    vietnamese: bool,
) -> bool {
    let (indicators, agencies, periods) =
        (&catalog.indicators, &catalog.agencies, &catalog.periods);
    let mut changed = false;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let label = ui.label(texts.search);
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text(texts.search_hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong(texts.indicators);
        if !filter.indicator_ids.is_empty() && ui.small_button(texts.clear_selection).clicked() {
            filter.indicator_ids.clear();
            changed = true;
        }
    });

    // Groups in the report's order; within a group each whole before its parts.
    let code_of = |id: Option<i64>| {
        id.and_then(|id| indicators.iter().find(|indicator| indicator.id == id))
            .map(|indicator| indicator.code.as_str())
    };
    let mut groups: BTreeMap<(usize, String), Vec<&Indicator>> = BTreeMap::new();
    for indicator in indicators {
        if !state.search.trim().is_empty()
            && !folded_contains(&indicator.name, &state.search)
            && !folded_contains(&indicator.code, &state.search)
        {
            continue;
        }
        let group = indicator.group_code.as_deref().map_or_else(
            || texts.group_other.to_owned(),
            |code| group_label(code, vietnamese),
        );
        let rank = indicator
            .group_code
            .as_deref()
            .and_then(|code| GROUP_ORDER.iter().position(|known| *known == code))
            .unwrap_or(GROUP_ORDER.len());
        groups.entry((rank, group)).or_default().push(indicator);
    }
    for members in groups.values_mut() {
        members.sort_by_key(|indicator| {
            let whole = code_of(indicator.parent_id)
                .unwrap_or(indicator.code.as_str())
                .to_owned();
            (whole, indicator.parent_id.is_some(), indicator.code.clone())
        });
    }
    let filter_height = 190.0;
    egui::ScrollArea::vertical()
        .id_salt("indicator-list")
        .max_height((ui.available_height() - filter_height).max(120.0))
        .show(ui, |ui| {
            let searching = !state.search.trim().is_empty();
            for ((_, group), members) in &groups {
                egui::CollapsingHeader::new(format!("{group} ({})", members.len()))
                    .id_salt(group)
                    .default_open(true)
                    .open(searching.then_some(true))
                    .show(ui, |ui| {
                        for indicator in members {
                            let mut selected = filter.indicator_ids.contains(&indicator.id);
                            // A part sits under its whole; the label stays the plain name
                            // (screen readers and tests find it by that).
                            let response = if indicator.parent_id.is_some() {
                                ui.indent(indicator.id, |ui| {
                                    ui.checkbox(&mut selected, &indicator.name)
                                })
                                .inner
                            } else {
                                ui.checkbox(&mut selected, &indicator.name)
                            }
                            .on_hover_text(format!(
                                "{} · {}{}",
                                indicator.code,
                                indicator.kind.as_str(),
                                indicator
                                    .unit
                                    .as_deref()
                                    .map(|unit| format!(" · {unit}"))
                                    .unwrap_or_default()
                            ));
                            if response.changed() {
                                if selected {
                                    filter.indicator_ids.push(indicator.id);
                                } else {
                                    filter.indicator_ids.retain(|id| *id != indicator.id);
                                }
                                changed = true;
                            }
                        }
                    });
            }
        });

    ui.separator();
    ui.strong(texts.filters);
    egui::Grid::new("filters")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label(texts.level);
            let current = filter
                .level
                .map_or(texts.any, |level| level_label(level, texts));
            egui::ComboBox::from_id_salt("level-filter")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(&mut filter.level, None, texts.any)
                        .changed();
                    for level in Level::ALL {
                        changed |= ui
                            .selectable_value(
                                &mut filter.level,
                                Some(level),
                                level_label(level, texts),
                            )
                            .changed();
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            let label = ui.label(texts.agency);
            let current = filter
                .agency_id
                .and_then(|id| agencies.iter().find(|agency| agency.id == id))
                .map_or(texts.any.to_owned(), |agency| agency_label(agency, texts));
            egui::ComboBox::from_id_salt("agency-filter")
                .selected_text(current)
                .width(170.0)
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(&mut filter.agency_id, None, texts.any)
                        .changed();
                    for agency in agencies {
                        if filter.level.is_some() && agency.level != filter.level {
                            continue;
                        }
                        changed |= ui
                            .selectable_value(
                                &mut filter.agency_id,
                                Some(agency.id),
                                agency_label(agency, texts),
                            )
                            .changed();
                    }
                })
                .response
                .labelled_by(label.id);
            ui.end_row();

            for (label, value, salt) in [
                (texts.period_from, &mut filter.period_from, "period-from"),
                (texts.period_to, &mut filter.period_to, "period-to"),
            ] {
                let label = ui.label(label);
                let shown = value.as_deref().map_or(texts.any.to_owned(), period_label);
                egui::ComboBox::from_id_salt(salt)
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        changed |= ui.selectable_value(value, None, texts.any).changed();
                        for period in periods {
                            changed |= ui
                                .selectable_value(value, Some(period.clone()), period_label(period))
                                .changed();
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }

            let label = ui.label(texts.units);
            ui.vertical(|ui| {
                for (view, text) in [
                    (UnitsView::Current, texts.units_current),
                    (UnitsView::AsFiled, texts.units_as_filed),
                ] {
                    changed |= ui
                        .radio_value(&mut filter.units, view, text)
                        .on_hover_text(texts.units_hint)
                        .changed();
                }
            })
            .response
            .labelled_by(label.id);
            ui.end_row();

            let label = ui.label(texts.by);
            let by_text = |by: Option<Granularity>| match by {
                None => texts.by_stored,
                Some(Granularity::Year) => texts.by_year,
                Some(Granularity::Half) => texts.by_half,
                Some(Granularity::Quarter) => texts.by_quarter,
                Some(Granularity::Month) => texts.by_month,
            };
            egui::ComboBox::from_id_salt("by-filter")
                .selected_text(by_text(filter.by))
                .show_ui(ui, |ui| {
                    for by in [
                        None,
                        Some(Granularity::Year),
                        Some(Granularity::Half),
                        Some(Granularity::Quarter),
                        Some(Granularity::Month),
                    ] {
                        changed |= ui
                            .selectable_value(&mut filter.by, by, by_text(by))
                            .changed();
                    }
                })
                .response
                .on_hover_text(texts.by_hint)
                .labelled_by(label.id);
            ui.end_row();
        });
    changed
}

fn agency_label(agency: &crate::domain::Agency, texts: &MainTexts) -> String {
    unit_name(&agency.name, agency.valid_to.as_deref(), texts)
}

fn period_label(period: &str) -> String {
    Period::parse(period).map_or_else(|| period.to_owned(), |period| period.label_vi())
}
