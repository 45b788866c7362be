//! Every text the window shows, in Vietnamese (the default) and English.
//! One file per view; [`Lang`] picks the set.

mod main;

pub use main::MainTexts;

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
}
