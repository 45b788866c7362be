//! Domain rows → bytes: canonical CSV, rejection lists, and the meeting
//! exports (charts, report, workbook). No SQL.

pub mod canonical;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod official;
pub mod svg;
pub mod xlsx;

pub use canonical::{CANONICAL_HEADER, CanonicalWriter, write_rejections};
