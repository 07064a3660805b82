//! The browser app: a Yew front end over [`crate::matcher`].
//!
//! One reducer holds what the user asked ([`state`]); the answer is derived
//! from it on every change and never stored. Components only render what
//! they are given and turn events into [`state::Action`]s:
//!
//! - [`app`]: the page, owner of the state;
//! - [`search`]: the imprint input;
//! - [`results`]: the verdict banner, notices and candidate list;
//! - [`card`]: one candidate;
//! - [`notice`]: the permanent reminder that pillid gives no medical advice;
//! - [`wording`]: the words the page shows, as pure functions tested natively.
//!
//! The module compiles natively too (Yew renders nothing without its `csr`
//! feature, which only the wasm32 build enables), so clippy and the unit
//! tests cover it on the host.

pub mod answer;
pub mod app;
pub mod card;
pub mod notice;
pub mod results;
pub mod search;
pub mod state;
pub mod wording;

pub use app::App;
