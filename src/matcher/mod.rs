//! Matching a typed imprint against the database: a weighted edit distance
//! that forgives misread characters, shape and colour as evidence, and one
//! calibrated verdict.
//!
//! For every product the typed letters and digits are aligned against each
//! ordering of the product's sides (so `10 KP02` finds `KP02;10`). The
//! alignment is semi-global: the typed text may cover only part of the
//! imprint (one side, a prefix), at a small cost per untyped character.
//! Inside the alignment, a look-alike reading (`O` for `0`, see
//! [`crate::lookalike`]) is cheap, and any other substitution, extra
//! character, missing character or swapped pair is a full edit.
//!
//! The verdict is `match` only when every typed character is explained by
//! the product's imprint (exactly or as a known look-alike), enough of the
//! imprint was typed, and no other product explains the input about as
//! well. A tablet of another medicine that carries what was typed, with no
//! baclofen tablet close, is `other_medicine`; an NDC typed gives `ndc`;
//! everything else is `possible` or `no_match`: a confident wrong answer is
//! the worst thing pillid could do.

use crate::catalog::{Catalog, Confidence, MarketingStatus, Product};
use crate::imprint::{self, ParsedQuery, WordMeaning};
use crate::lookalike::{self, CLASS_COUNT};
use crate::vocab::{Color, Shape};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

mod align;
mod explain;
mod index;
mod ndc;
mod search;
#[cfg(test)]
mod tests;
mod verdict;

use align::*;
use explain::*;
pub use explain::{display_imprint, Notice, Reason, Warning};
pub use index::Matcher;
use index::*;
pub use ndc::ndc_product_codes;
use search::*;
use verdict::*;

/// Cost of reading a character as its look-alike (`O` typed for `0`).
/// Small, because it is the expected mistake on a debossed tablet, but not
/// zero, so that an exact reading always outranks a look-alike reading.
pub const LOOKALIKE_COST: f64 = 0.25;

/// Cost of a real edit: a wrong character, an extra typed character or an
/// imprint character skipped in the middle. One unit, as in Levenshtein.
pub const EDIT_COST: f64 = 1.0;

/// Cost of two neighbouring characters typed in swapped order. A little
/// cheaper than a substitution because both characters were read right.
pub const TRANSPOSE_COST: f64 = 0.75;

/// Cost of each imprint character before or after the typed part (an unseen
/// side, a prefix typed). Tiny: one unseen side must never outweigh a
/// single edit, but among equal readings the more completely typed imprint
/// wins.
pub const UNTYPED_COST: f64 = 0.05;

/// Share of the score that typing part of an imprint still earns. A full
/// imprint typed exactly scores 1; one side of two scores about 0.8.
pub const COVERAGE_FLOOR: f64 = 0.6;

/// Score multiplier lost when the chosen shape disagrees with the product.
/// Shape is evidence, not a filter: people call an oval tablet round, so a
/// disagreement moves a product down among near-equals but never hides it.
pub const SHAPE_MISMATCH_PENALTY: f64 = 0.15;

/// Score multiplier lost when the chosen colour disagrees with the product.
/// Same reasoning as for shape: off-white is judged yellow under warm light.
pub const COLOR_MISMATCH_PENALTY: f64 = 0.15;

/// How much better than a tablet of another medicine a baclofen tablet must
/// explain the typed text to be called a match: one look-alike reading. The
/// same characters on both (`E6`), or the same number of misreads, leave
/// the answer open.
pub const RIVAL_MARGIN: f64 = LOOKALIKE_COST;

/// How far a measured size may be from the recorded one and still agree:
/// sizes are recorded in whole millimetres, and a ruler or calipers read by
/// hand are off by about one.
pub const SIZE_TOLERANCE_MM: u32 = 1;

/// Score penalty for a size more than [`SIZE_TOLERANCE_MM`] from the
/// tablet's: as much as a wrong colour, since a measured size is as good a
/// clue (and as fallible).
pub const SIZE_MISMATCH_PENALTY: f64 = 0.15;

/// Extra weight against a tablet when a chosen shape or colour contradicts
/// it and the typed text also needed a misread or an edit to reach it: each
/// doubt alone is common (a look-alike character, an off-white tablet
/// called yellow), both together point to another tablet.
pub const CONTRADICTED_MISREAD_PENALTY: f64 = 0.2;

/// Score given to products found by shape and colour alone (no imprint
/// typed). Low, because shape and colour alone never identify a tablet.
pub const ATTRIBUTES_ONLY_SCORE: f64 = 0.3;

/// The runner-up must be at least this much more costly than the best
/// product for a `match`. Below one edit apart, a smudged character could
/// make either one right (1285 vs 1286 when the last digit is unreadable).
pub const AMBIGUITY_MARGIN: f64 = 0.75;

/// A partial imprint (one side, a word) identifies a tablet only when it has
/// at least this many letters and digits: `U 3` or `KP` fit too many.
pub const MIN_PARTIAL_CHARS: usize = 3;

/// ... and covers at least this share of the imprint's letters and digits.
pub const MIN_PARTIAL_COVERAGE: f64 = 0.5;

/// Typed text in up to this many space-separated sides is also tried in
/// every other side order (6 orders for 3 sides). More sides are single
/// characters typed apart (`N O 2 9`), whose order is the reading order.
const MAX_READ_SIDES: usize = 3;

/// At most this many candidates are returned.
pub const MAX_CANDIDATES: usize = 10;

/// Products whose imprint is split into more parts than this are matched in
/// their listed order and its reverse only, not every ordering.
const MAX_PERMUTED_PARTS: usize = 4;

/// How many real edits a typed imprint of `len` characters may need and
/// still list a product: none for one or two characters, then one per three
/// typed characters (a third of a short code wrong is already a guess).
pub fn allowed_edits(len: usize) -> f64 {
    (len / 3) as f64
}

/// What the user is asking about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The text typed, as typed.
    pub imprint: String,
    /// Shape chosen in a picker (overrides a shape word in the text).
    pub shape: Option<Shape>,
    /// Colour chosen in a picker (overrides a colour word in the text).
    pub color: Option<Color>,
    /// The tablet's longest side in whole millimetres, when measured
    /// (calipers, or the ruler in a photo).
    pub size_mm: Option<u32>,
}

/// What the person said the tablet looks like, besides its imprint: the
/// evidence that weighs for or against each candidate, never a filter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Looks {
    /// The shape chosen or typed.
    pub shape: Option<Shape>,
    /// The colour chosen or typed.
    pub color: Option<Color>,
    /// The size measured, in mm.
    pub size_mm: Option<u32>,
}

impl Looks {
    /// True when nothing was said about the tablet's looks.
    pub fn is_empty(&self) -> bool {
        *self == Looks::default()
    }
}

impl Query {
    /// A query for typed text only.
    pub fn text(imprint: impl Into<String>) -> Query {
        Query {
            imprint: imprint.into(),
            ..Query::default()
        }
    }
}

/// The answer for the whole query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// One confident identification.
    Match,
    /// Candidates, none confident.
    Possible,
    /// Nothing in the database matches.
    NoMatch,
    /// The imprint is recorded on a tablet of another medicine, and no
    /// baclofen tablet comes close: not baclofen.
    OtherMedicine,
    /// An NDC was typed: the tablets recorded under it.
    Ndc,
}

impl Verdict {
    /// The JSON word: `match`, `possible`, `no_match`, `other_medicine` or
    /// `ndc`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Possible => "possible",
            Verdict::NoMatch => "no_match",
            Verdict::OtherMedicine => "other_medicine",
            Verdict::Ndc => "ndc",
        }
    }
}

/// How sure pillid is about one candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Not enough to go on.
    Low,
    /// Consistent with what was typed, but not proven.
    Medium,
    /// The identification: every typed character explained, nothing else
    /// close, shape and colour agree.
    High,
}

impl Level {
    /// `high`, `medium` or `low`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
        }
    }
}

/// How one character of a candidate's imprint relates to what was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "typed", rename_all = "snake_case")]
pub enum MarkKind {
    /// Typed exactly.
    Exact,
    /// Typed as its look-alike (the typed character is given).
    Lookalike(char),
    /// A different character was typed (given).
    Substituted(char),
    /// Skipped in the middle of the typed text.
    Missing,
    /// Outside the typed part (an unseen side).
    Untyped,
    /// A side, line or word separator of the SPL form, not a character.
    Separator,
}

/// One character of a candidate's imprint with how it was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// The character in the imprint's SPL form.
    pub ch: char,
    /// How it was matched.
    #[serde(flatten)]
    pub kind: MarkKind,
}

/// One product that could be the tablet.
#[derive(Clone, Debug)]
pub struct Candidate<'a> {
    /// The product.
    pub product: &'a Product,
    /// The imprint reading that matched (the product's imprint or one of its
    /// variants), in SPL form.
    pub matched_imprint: &'a str,
    /// One mark per character of `matched_imprint`.
    pub marks: Vec<Mark>,
    /// Score in [0, 1]; 1 is the whole imprint typed exactly with agreeing
    /// shape and colour.
    pub score: f64,
    /// How sure.
    pub confidence: Level,
    /// Why it is listed (words: [`crate::wording`]).
    pub why: Vec<Reason>,
    /// What to be careful about (words: [`crate::wording`]).
    pub warnings: Vec<Warning<'a>>,
    /// Whether the chosen shape agrees (None when no shape was chosen).
    pub shape_agrees: Option<bool>,
    /// Whether the chosen colour agrees (None when no colour was chosen).
    pub color_agrees: Option<bool>,
    /// Whether the measured size agrees within [`SIZE_TOLERANCE_MM`] (None
    /// when no size was given or the tablet's size is not recorded).
    pub size_agrees: Option<bool>,
    /// Alignment cost of the typed text (look-alikes and edits).
    pub edit_cost: f64,
    /// Number of real edits (everything but exact and look-alike readings).
    pub unexplained_edits: usize,
    /// Share of the imprint's letters and digits that were typed.
    pub coverage: f64,
}

impl<'a> Candidate<'a> {
    /// A candidate for `product` read as `matched_imprint` (one of its
    /// imprints) with `marks` and `score`, and whether what `looks` says
    /// agrees with it; no reason, warning, cost or coverage yet, and a low
    /// confidence: the callers add what their way of finding it knows, and
    /// `identify` sets the confidence and the warnings.
    pub(super) fn new(
        product: &'a Product,
        matched_imprint: &'a str,
        marks: Vec<Mark>,
        score: f64,
        looks: Looks,
    ) -> Candidate<'a> {
        let agrees = agreement(product, looks);
        Candidate {
            product,
            matched_imprint,
            marks,
            score,
            confidence: Level::Low,
            why: Vec::new(),
            warnings: Vec::new(),
            shape_agrees: agrees.shape,
            color_agrees: agrees.color,
            size_agrees: agrees.size,
            edit_cost: 0.0,
            unexplained_edits: 0,
            coverage: 0.0,
        }
    }
}

/// The answer to one query.
#[derive(Clone, Debug)]
pub struct Identification<'a> {
    /// The query as typed.
    pub query: String,
    /// The query after normalisation.
    pub parsed: ParsedQuery,
    /// The shape used (picker, or a shape word in the text).
    pub shape: Option<Shape>,
    /// The colour used (picker, or a colour word in the text).
    pub color: Option<Color>,
    /// The size used, in mm, if any.
    pub size_mm: Option<u32>,
    /// Match, possible, no match, another medicine, or the tablets of an
    /// NDC.
    pub verdict: Verdict,
    /// Candidates, best first.
    pub candidates: Vec<Candidate<'a>>,
    /// Notes about the input: words recognised, characters ignored, input
    /// cut short.
    pub notices: Vec<Notice>,
}

static EMBEDDED_MATCHER: LazyLock<Matcher<'static>> =
    LazyLock::new(|| Matcher::new(crate::catalog::catalog()));

/// Identifies a query against the embedded database.
pub fn identify(query: &Query) -> Identification<'static> {
    EMBEDDED_MATCHER.identify(query)
}

/// The matcher for the embedded database.
pub fn embedded() -> &'static Matcher<'static> {
    &EMBEDDED_MATCHER
}
