//! pillid identifies a baclofen tablet from what is printed on it, its
//! shape and its colour, entirely on the device.
//!
//! The core is pure and target-independent: [`imprint`] normalises what was
//! typed, [`lookalike`] knows which characters people misread, [`matcher`]
//! ranks the [`catalog`] and gives a verdict, [`report`] turns an answer into
//! the JSON the command-line tool prints. [`ui`] is the Yew browser app, which
//! only renders state and sends actions.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod catalog;
pub mod imprint;
pub mod lookalike;
pub mod matcher;
pub mod report;
pub mod spl;
pub mod synthetic;
pub mod text;
pub mod ui;
pub mod vocab;
pub mod wording;
