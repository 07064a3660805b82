//! Helpers for the real-browser tests (`tests/browser*.rs`): a static file
//! server for `dist/` and a headless Chromium driven over WebDriver. Every
//! process and server they start is stopped when its guard is dropped, also
//! when a test fails half-way.

// Each browser test file uses only some of these helpers.
#![allow(dead_code)]

pub mod app;
pub mod browser;
pub mod server;

use std::future::Future;
use std::time::Duration;

/// Awaits `step`, turning an error or a hang into a panic that says which
/// step it was. Every wait in these tests goes through here, so a missing
/// or stuck browser fails the test instead of hanging it.
pub async fn within<T, E: std::fmt::Display>(
    what: &str,
    limit: Duration,
    step: impl Future<Output = Result<T, E>>,
) -> T {
    match tokio::time::timeout(limit, step).await {
        Ok(Ok(value)) => value,
        Ok(Err(e)) => panic!("{what}: {e}"),
        Err(_) => panic!("{what}: no answer within {limit:?}"),
    }
}
