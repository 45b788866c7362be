//! chiso tested from the outside — through its library API, its window
//! (egui_kittest) and its binary — over the sample data and the shared corpus.
//!
//! One test binary with a module per area rather than one binary per file:
//! each binary links the whole GUI stack, so seven of them cost seven links
//! and gigabytes of disk for no gain in isolation.

mod chart_window;
mod charts;
mod check_report;
mod corpus;
mod demo;
mod detect_once;
mod drop_files;
mod findings;
mod foundation;
mod layers;

mod legacy_text;
mod local_time;
mod present;
mod reform;
mod rejections;
mod report;
mod shared_db;
mod smoke;
mod snapshots;
mod support;
mod table;
mod window;
mod wizard;
mod workbooks;
