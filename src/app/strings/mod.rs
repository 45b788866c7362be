//! Every text chiso shows, in Vietnamese and English: the window's (one
//! file per view; Vietnamese is its default) and the command line's
//! (`cli.rs`; English unless `--lang vi` or a `vi` locale). [`Lang`] picks
//! the set.

mod charts;
pub mod cli;
mod main;
mod messages;
mod shared_db;
mod theme;
mod wizard;

pub use charts::ChartTexts;
pub use main::MainTexts;
pub use messages::{
    error_text, exported, failure, failure_text, finding, import_error, io_error, refusal,
    reject_cause, store_error, task_name,
};
use shared_db::field_name;
pub use shared_db::{
    changed_elsewhere, conflict, conflict_choices, copy_of, offline_copy_file_name,
    offline_copy_menu, read_only,
};
pub use theme::theme_texts;
pub use wizard::{WizardTexts, number_evidence, skip_reason};

use serde::{Deserialize, Serialize};

/// Where the reader is, so that advice names what they can do there: the
/// window's controls, or the command line's options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    Window,
    CommandLine,
}

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
