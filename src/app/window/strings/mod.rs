//! Every text the window shows, in Vietnamese (the default) and English.
//! One file per view; [`Lang`] picks the set.

mod charts;
mod main;
mod messages;
mod shared_db;
mod theme;
mod wizard;

pub use charts::ChartTexts;
pub use main::MainTexts;
pub use messages::{
    exported, failure, failure_text, finding, import_error, refusal, reject_cause, store_error,
    task_name,
};
pub use shared_db::{
    changed_elsewhere, conflict, conflict_choices, copy_of, offline_copy_file_name,
    offline_copy_menu, read_only,
};
pub use theme::theme_texts;
pub use wizard::{WizardTexts, number_evidence, skip_reason};

use serde::{Deserialize, Serialize};

/// The language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The window's own texts: menus, panels, table, status.
    pub fn main(self) -> &'static MainTexts {
        match self {
            Lang::Vi => &main::VI,
            Lang::En => &main::EN,
        }
    }

    /// The import wizard's and the Imports tab's texts.
    pub fn wizard(self) -> &'static WizardTexts {
        match self {
            Lang::Vi => &wizard::VI,
            Lang::En => &wizard::EN,
        }
    }

    /// The texts of the charts, the year summary and presentation mode.
    pub fn charts(self) -> &'static ChartTexts {
        match self {
            Lang::Vi => &charts::VI,
            Lang::En => &charts::EN,
        }
    }
}
