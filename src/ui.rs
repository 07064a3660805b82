//! The browser app: a Yew front end over [`crate::matcher`].
//!
//! One reducer holds what the user asked ([`state`]); the answer is derived
//! from it on every change and never stored. Components only render what
//! they are given and turn events into [`state::Action`]s:
//!
//! - [`app`]: the page, owner of the state, keeper of the address bar;
//! - [`search`]: the imprint input and the clear button;
//! - [`pickers`]: shape, colour and score-line radio groups;
//! - [`share`]: the "copy link" button;
//! - [`results`]: the verdict banner, notices and candidate list;
//! - [`card`]: one candidate, with [`drawing`], its drawn tablet, and
//!   [`photo`], NLM's photograph of it when there is one;
//! - [`compact`]: the compact list (a row per candidate) and the switch
//!   between it and the cards;
//! - [`notice`]: the permanent reminder that pillid gives no medical advice;
//! - [`framed`]: all the page shows when another site frames it;
//! - [`static_page`]: the copy of the first page in `index.html`, shown
//!   until the module arrives, and how the app takes over from it;
//! - [`update`]: the notice that a newer build is ready, and loading it
//!   whole.
//!
//! The rest is pure and tested natively: [`url`] (the search in the
//! address), [`pill`] (outlines, faces and text layout of the drawing),
//! [`marks`] (how each imprint character was matched); the words come from
//! [`crate::wording`]. [`browser`] wraps the few browser services used.
//!
//! The module compiles natively too (Yew renders nothing without its `csr`
//! feature, which only the wasm32 build enables), so clippy and the unit
//! tests cover it on the host.

pub mod answer;
pub mod app;
pub mod browser;
pub mod card;
pub mod compact;
pub mod drawing;
pub mod framed;
pub mod marks;
pub mod notice;
pub mod photo;
pub mod pickers;
pub mod pill;
pub mod results;
pub mod search;
pub mod share;
pub mod size;
pub mod state;
pub mod static_page;
pub mod update;
pub mod url;

pub use app::App;
pub use framed::Framed;
