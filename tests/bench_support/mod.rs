//! Helpers for the browser benchmark (`tests/bench_browser.rs`, run by
//! `make bench`): a static server that logs what the page downloads, the
//! queries taken from the matcher's specification table, and the report.

pub mod report;
pub mod server;
pub mod spec;
