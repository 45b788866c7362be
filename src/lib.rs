//! chiso — a desktop statistics workbench for a Vietnamese province's ICT indicators.
//!
//! Layers (see `DESIGN.md` in the shared folder):
//! - [`domain`]: plain types and rules, no I/O;
//! - [`import`] / [`export`]: bytes ↔ domain rows, no SQL;
//! - [`store`]: domain rows ↔ SQLite, the only layer that writes SQL;
//! - [`app`]: the command line, the background worker and the window.

pub mod app;
pub mod domain;
pub mod export;
pub mod import;
pub mod store;
