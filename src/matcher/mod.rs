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
//! well. Everything else is `possible` or `no_match`: a confident wrong
//! answer is the worst thing pillid could do.

use crate::catalog::{Catalog, Confidence, MarketingStatus, Product};
use crate::imprint::{self, ParsedQuery, WordMeaning};
use crate::lookalike::{self, CLASS_COUNT};
use crate::vocab::{Color, Shape};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;

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
}

impl Verdict {
    /// The JSON word: `match`, `possible` or `no_match`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Verdict::Match => "match",
            Verdict::Possible => "possible",
            Verdict::NoMatch => "no_match",
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
    /// Why it is listed, in words.
    pub why: Vec<String>,
    /// What to be careful about, in words.
    pub warnings: Vec<String>,
    /// Whether the chosen shape agrees (None when no shape was chosen).
    pub shape_agrees: Option<bool>,
    /// Whether the chosen colour agrees (None when no colour was chosen).
    pub color_agrees: Option<bool>,
    /// Alignment cost of the typed text (look-alikes and edits).
    pub edit_cost: f64,
    /// Number of real edits (everything but exact and look-alike readings).
    pub unexplained_edits: usize,
    /// Share of the imprint's letters and digits that were typed.
    pub coverage: f64,
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
    /// Match, possible or no match.
    pub verdict: Verdict,
    /// Candidates, best first.
    pub candidates: Vec<Candidate<'a>>,
    /// Notes about the input: words recognised, characters ignored, input
    /// cut short.
    pub notices: Vec<String>,
}

/// One ordering of one imprint reading of a product, ready to align.
#[derive(Debug)]
struct Target {
    /// Letters and digits in this ordering.
    chars: Vec<u8>,
    /// Byte offset in the SPL string of each character.
    origin: Vec<usize>,
    /// Each word as a range of character indices (start, end exclusive).
    words: Vec<(usize, usize)>,
    /// Index into `Product::imprints()`.
    variant: usize,
    /// True when the sides are not in the listed order.
    permuted: bool,
}

#[derive(Debug)]
struct Entry {
    targets: Vec<Target>,
    /// Letter-and-digit count per look-alike class, the least over readings.
    classes: [u8; CLASS_COUNT],
    /// Bit k set when `classes[k] > 0`: the quick first prefilter.
    class_mask: u64,
}

/// The matcher, prepared for one catalog.
#[derive(Debug)]
pub struct Matcher<'a> {
    catalog: &'a Catalog,
    entries: Vec<Entry>,
    by_id: HashMap<&'a str, usize>,
    /// False only in tests that check skipping never changes an answer.
    prune: bool,
    /// Entries grouped by imprint length, so that a search can visit the
    /// lengths that could score best first and stop early (see
    /// [`Matcher::score_all`]).
    buckets: Vec<Bucket>,
}

/// Products whose imprint readings have the same shortest and longest
/// letter-and-digit counts.
#[derive(Debug)]
struct Bucket {
    shortest: usize,
    longest: usize,
    entries: Vec<usize>,
}

/// The highest score any product with an imprint of `n` letters and digits
/// can reach for a typed text of `m` when `excess` typed characters have no
/// look-alike class in the imprint: each such character, and each typed
/// character beyond `n`, costs a full edit, and a longer imprint cannot be
/// more than `m / n` covered.
fn score_ceiling(m: usize, n: usize, excess: usize) -> f64 {
    let edits = excess.max(m.saturating_sub(n)) as f64;
    let fit = (1.0 - edits / m.max(1) as f64).max(0.0);
    fit * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * (m as f64 / n.max(1) as f64).min(1.0))
}

/// The highest [`score_ceiling`] over a bucket's lengths.
fn bucket_ceiling(m: usize, bucket: &Bucket, excess: usize) -> f64 {
    (bucket.shortest..=bucket.longest)
        .map(|n| score_ceiling(m, n, excess))
        .fold(0.0, f64::max)
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

impl<'a> Matcher<'a> {
    /// Prepares every product's imprint readings and side orderings.
    pub fn new(catalog: &'a Catalog) -> Matcher<'a> {
        let entries: Vec<Entry> = catalog.products.iter().map(entry_for).collect();
        let by_id = catalog
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut buckets: Vec<Bucket> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let lengths = entry.targets.iter().map(|t| t.chars.len());
            let (shortest, longest) = (
                lengths.clone().min().unwrap_or(0),
                lengths.max().unwrap_or(0),
            );
            match buckets
                .iter_mut()
                .find(|b| b.shortest == shortest && b.longest == longest)
            {
                Some(b) => b.entries.push(index),
                None => buckets.push(Bucket {
                    shortest,
                    longest,
                    entries: vec![index],
                }),
            }
        }
        Matcher {
            catalog,
            entries,
            by_id,
            prune: true,
            buckets,
        }
    }

    /// The catalog this matcher searches.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    /// Ranks every product against the query and gives the verdict.
    pub fn identify(&self, query: &Query) -> Identification<'a> {
        let parsed = imprint::parse_query(&query.imprint);
        let mut notices = Vec::new();
        let shape = pick(query.shape, parsed.shape, "shape", &mut notices);
        let color = pick(query.color, parsed.color, "colour", &mut notices);
        describe_input(&parsed, &mut notices);

        let typed = parsed.text.as_bytes();
        let (verdict, mut candidates) = if typed.is_empty() {
            if shape.is_none() && color.is_none() {
                notices.push("Type the letters and numbers printed on the tablet.".to_owned());
                (Verdict::NoMatch, Vec::new())
            } else {
                notices.push(
                    "No imprint typed: listing tablets of this shape and colour. Shape and colour alone never identify a tablet."
                        .to_owned(),
                );
                let found = self.by_attributes(shape, color);
                let verdict = if found.is_empty() {
                    Verdict::NoMatch
                } else {
                    Verdict::Possible
                };
                (verdict, found)
            }
        } else {
            self.by_imprint(&parsed, shape, color)
        };
        candidates.truncate(MAX_CANDIDATES);
        for (rank, c) in candidates.iter_mut().enumerate() {
            c.confidence = confidence(verdict, rank, c);
            c.warnings = self.warnings(c.product);
        }
        Identification {
            query: query.imprint.clone(),
            parsed,
            shape,
            color,
            verdict,
            candidates,
            notices,
        }
    }

    /// Ranks the products against a typed imprint and gives the verdict.
    fn by_imprint(
        &self,
        parsed: &ParsedQuery,
        shape: Option<Shape>,
        color: Option<Color>,
    ) -> (Verdict, Vec<Candidate<'a>>) {
        let typed = parsed.text.as_bytes();
        let readings = typed_readings(parsed);
        let mut scan = self.score_all(&readings, shape, color, self.prune);
        let order = |a: &Scored<'_>, b: &Scored<'_>| self.rank_order(a, b);
        // Skipped products all needed at least `least_skipped` edits. If
        // the best could be a match and one of them might have come
        // within the ambiguity margin of it, look at everything.
        if let Some(least) = scan.least_skipped {
            let top = scan.scored.iter().min_by(|a, b| order(a, b));
            if top.is_some_and(|t| {
                eligible(typed.len(), t) && t.alignment.edit_cost + AMBIGUITY_MARGIN > least
            }) {
                scan = self.score_all(&readings, shape, color, false);
            }
        }
        let mut scored = scan.scored;
        // Only the best few are ranked; the verdict still looks at all.
        if scored.len() > MAX_CANDIDATES {
            scored.select_nth_unstable_by(MAX_CANDIDATES - 1, order);
        }
        let shown = scored.len().min(MAX_CANDIDATES);
        scored[..shown].sort_by(order);
        let verdict = verdict(typed.len(), &scored);
        scored.truncate(MAX_CANDIDATES);
        let mut dp = Dp::default();
        let candidates = scored
            .into_iter()
            .map(|s| self.candidate(s, &readings, &mut dp, shape, color))
            .collect();
        (verdict, candidates)
    }

    fn by_attributes(&self, shape: Option<Shape>, color: Option<Color>) -> Vec<Candidate<'a>> {
        self.catalog
            .products
            .iter()
            .filter_map(|p| {
                let (shape_agrees, color_agrees) = agreement(p, shape, color);
                if shape_agrees == Some(false) || color_agrees == Some(false) {
                    return None;
                }
                let mut why = Vec::new();
                attribute_why(p, shape, color, &mut why);
                Some(Candidate {
                    product: p,
                    matched_imprint: &p.imprint,
                    marks: plain_marks(&p.imprint, MarkKind::Untyped),
                    score: ATTRIBUTES_ONLY_SCORE,
                    confidence: Level::Low,
                    why,
                    warnings: Vec::new(),
                    shape_agrees,
                    color_agrees,
                    edit_cost: 0.0,
                    unexplained_edits: 0,
                    coverage: 0.0,
                })
            })
            .collect()
    }

    /// Aligns the typed text against every product that the prefilter lets
    /// through and keeps those within [`allowed_edits`].
    fn score_all(
        &self,
        readings: &[Vec<u8>],
        shape: Option<Shape>,
        color: Option<Color>,
        prune: bool,
    ) -> Scan<'_> {
        let typed = readings[0].as_slice();
        let allowed = allowed_edits(typed.len());
        let mut typed_classes = [0u8; CLASS_COUNT];
        for &c in typed {
            let k = lookalike::class_of(c) as usize;
            typed_classes[k] = typed_classes[k].saturating_add(1);
        }
        let mut dp = Dp::default();
        let typed_mask = typed_classes
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .fold(0u64, |m, (k, _)| m | 1 << k);
        // Visit lengths by the best score they could reach. Once the shown
        // candidates are full, no unvisited length can beat the last of
        // them, and the verdict is already `possible` whatever follows (two
        // products explain every typed character, or the best one cannot be
        // a match), the rest cannot change the answer and are skipped.
        let m = typed.len();
        let mut order: Vec<(f64, &Bucket)> = self
            .buckets
            .iter()
            .map(|b| (bucket_ceiling(m, b, 0), b))
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.shortest.cmp(&b.1.shortest)));
        let mut shown = TopScores::default();
        let mut out: Vec<Scored<'_>> = Vec::new();
        let mut best: Option<usize> = None;
        let mut explained = 0;
        let mut least_skipped = None;
        for (ceiling, bucket) in order {
            // Below the shown candidates, a product can only matter to the
            // verdict: by explaining every typed character, or by coming
            // within the ambiguity margin of the best. One missing look-alike
            // class already costs a full edit, which is outside the margin
            // when the best needed at most one look-alike reading.
            if prune && shown.is_full() && ceiling < shown.lowest() {
                let settled = explained >= 2 || best.is_some_and(|i| !eligible(m, &out[i]));
                if settled {
                    break;
                }
            }
            for &index in &bucket.entries {
                let entry = &self.entries[index];
                // Prefilter: each typed character whose look-alike class is not
                // in the imprint costs at least one real edit. First by class
                // presence (one instruction), then by class counts.
                if f64::from((typed_mask & !entry.class_mask).count_ones()) > allowed {
                    continue;
                }
                let excess: u32 = typed_classes
                    .iter()
                    .zip(entry.classes.iter())
                    .map(|(&q, &t)| u32::from(q.saturating_sub(t)))
                    .sum();
                if f64::from(excess) > allowed {
                    continue;
                }
                // A product that needs an edit and cannot reach the shown
                // candidates can only matter if it comes within the
                // ambiguity margin of a match; note the fewest edits skipped
                // so the caller can tell.
                if prune
                    && excess > 0
                    && shown.is_full()
                    && bucket_ceiling(m, bucket, excess as usize) < shown.lowest()
                {
                    let edits = f64::from(excess) * EDIT_COST;
                    least_skipped = Some(least_skipped.map_or(edits, |l: f64| l.min(edits)));
                    continue;
                }
                // The best reading over every ordering of the typed sides and of
                // the imprint's sides. Ties go to the fewest real edits, then to
                // the order as typed and as listed, so the choice never depends
                // on which order the sides were typed in.
                let Some((alignment, target, reading)) = best_reading(&mut dp, readings, entry)
                else {
                    continue;
                };
                if alignment.unexplained as f64 > allowed {
                    continue;
                }
                let product = &self.catalog.products[index];
                let coverage = alignment.covered as f64 / target.chars.len().max(1) as f64;
                let typed_fit = (1.0 - alignment.edit_cost / typed.len() as f64).max(0.0);
                let (shape_agrees, color_agrees) = agreement(product, shape, color);
                let mut score = typed_fit * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * coverage);
                if shape_agrees == Some(false) {
                    score *= 1.0 - SHAPE_MISMATCH_PENALTY;
                }
                if color_agrees == Some(false) {
                    score *= 1.0 - COLOR_MISMATCH_PENALTY;
                }
                let score = score.clamp(0.0, 1.0);
                shown.offer(score);
                if alignment.unexplained == 0 {
                    explained += 1;
                }
                let scored = Scored {
                    index,
                    target,
                    reading,
                    alignment,
                    score,
                    coverage,
                };
                if best.is_none_or(|i| self.rank_order(&scored, &out[i]).is_lt()) {
                    best = Some(out.len());
                }
                out.push(scored);
            }
        }
        Scan {
            scored: out,
            least_skipped,
        }
    }

    /// The ranking: best score first; among equals, the fewest real edits,
    /// then sides in the order typed, then 10 mg (the strength pillid is
    /// built around, so the likeliest tablet in the hand), then the id for
    /// a stable order.
    fn rank_order(&self, a: &Scored<'_>, b: &Scored<'_>) -> std::cmp::Ordering {
        let (pa, pb) = (
            &self.catalog.products[a.index],
            &self.catalog.products[b.index],
        );
        b.score
            .total_cmp(&a.score)
            .then(a.alignment.unexplained.cmp(&b.alignment.unexplained))
            .then(a.alignment.edit_cost.total_cmp(&b.alignment.edit_cost))
            .then(
                a.alignment
                    .side_order_differs
                    .cmp(&b.alignment.side_order_differs),
            )
            .then(pb.is_10_mg().cmp(&pa.is_10_mg()))
            .then(pa.id.cmp(&pb.id))
    }

    /// Turns a scored product into a candidate with its explanation, aligning
    /// it once more to recover the steps.
    fn candidate(
        &self,
        s: Scored<'_>,
        readings: &[Vec<u8>],
        dp: &mut Dp,
        shape: Option<Shape>,
        color: Option<Color>,
    ) -> Candidate<'a> {
        let product = &self.catalog.products[s.index];
        let matched_imprint = product
            .imprints()
            .nth(s.target.variant)
            .unwrap_or(&product.imprint);
        let (shape_agrees, color_agrees) = agreement(product, shape, color);
        dp.align(&readings[s.reading], s.target);
        let marks = marks_for(matched_imprint, s.target, &dp.ops);
        let mut why = alignment_why(matched_imprint, &s.alignment, &dp.ops, &marks);
        attribute_why(product, shape, color, &mut why);
        Candidate {
            product,
            matched_imprint,
            marks,
            score: s.score,
            confidence: Level::Low,
            why,
            warnings: Vec::new(),
            shape_agrees,
            color_agrees,
            edit_cost: s.alignment.edit_cost,
            unexplained_edits: s.alignment.unexplained,
            coverage: s.coverage,
        }
    }

    fn warnings(&self, p: &Product) -> Vec<String> {
        let mut w = Vec::new();
        if p.strength_mg != 10 {
            w.push(format!("This is baclofen {} mg, not 10 mg.", p.strength_mg));
        }
        for id in &p.look_alikes {
            if let Some(other) = self
                .by_id
                .get(id.as_str())
                .map(|&i| &self.catalog.products[i])
            {
                w.push(format!(
                    "Look-alike: baclofen {} mg {} tablet imprinted {} differs only slightly; check every character.",
                    other.strength_mg,
                    other.colors.first().map_or("", |c| c.spl_name()).to_lowercase(),
                    display_imprint(&other.imprint)
                ));
            }
        }
        if !p.manufacturer.confirmed {
            let lead = p
                .manufacturer
                .lead
                .as_deref()
                .or(p.manufacturer.name.as_deref())
                .unwrap_or("none");
            w.push(format!(
                "Manufacturer not confirmed by a label (lead: {lead})."
            ));
        }
        match p.status {
            MarketingStatus::Discontinued => {
                w.push("Discontinued: this product is no longer marketed.".to_owned())
            }
            MarketingStatus::Marketed | MarketingStatus::Unknown => {}
        }
        match p.confidence {
            Confidence::LabelText => {}
            Confidence::SecondarySource => {
                w.push("Appearance known from a secondary source (pill-image listing), not read on a label.".to_owned())
            }
            Confidence::Inferred => w.push("Appearance inferred, not read on a label.".to_owned()),
        }
        w
    }
}

/// The best alignment of a product over every ordering of the typed sides
/// and of the imprint's sides: the lowest cost, then the fewest real edits,
/// then the sides in the order typed and listed, so the choice never
/// depends on which order the sides were typed in.
fn best_reading<'t>(
    dp: &mut Dp,
    readings: &[Vec<u8>],
    entry: &'t Entry,
) -> Option<(Alignment, &'t Target, usize)> {
    let mut best: Option<(Alignment, &Target, usize)> = None;
    for (reading, typed) in readings.iter().enumerate() {
        for target in &entry.targets {
            let mut a = dp.align(typed, target);
            a.side_order_differs = target.permuted != (reading > 0);
            let key = |a: &Alignment, t: &Target| {
                (a.total, a.unexplained, a.side_order_differs, t.permuted)
            };
            if best
                .as_ref()
                .is_none_or(|(b, bt, _)| key(&a, target) < key(b, bt))
            {
                best = Some((a, target, reading));
            }
        }
    }
    best
}

/// The typed text as typed, then, when it was typed as two or three sides
/// of two or more characters, every other order of those sides. A person
/// may read a round tablet's sides in any order; trying each keeps the
/// answer independent of it. Single characters typed apart (`N O 2 9`) are
/// one side spelled out, read in the order typed.
fn typed_readings(parsed: &ParsedQuery) -> Vec<Vec<u8>> {
    let mut readings = vec![parsed.text.as_bytes().to_vec()];
    let tokens = &parsed.tokens;
    let joined: usize = tokens.iter().map(String::len).sum();
    let sides = (2..=MAX_READ_SIDES).contains(&tokens.len()) && tokens.iter().all(|t| t.len() >= 2);
    if sides && joined == parsed.text.len() {
        for (order, _) in orderings(tokens.len()).into_iter().skip(1) {
            readings.push(order.iter().flat_map(|&i| tokens[i].bytes()).collect());
        }
    }
    readings
}

/// The best [`MAX_CANDIDATES`] scores seen so far, best first.
#[derive(Default)]
struct TopScores(Vec<f64>);

impl TopScores {
    fn offer(&mut self, score: f64) {
        let at = self.0.partition_point(|&s| s >= score);
        if at < MAX_CANDIDATES {
            self.0.insert(at, score);
            self.0.truncate(MAX_CANDIDATES);
        }
    }

    fn is_full(&self) -> bool {
        self.0.len() >= MAX_CANDIDATES
    }

    fn lowest(&self) -> f64 {
        self.0.last().copied().unwrap_or(0.0)
    }
}

/// True when this product, if it ranks first, may be a `match`: every typed
/// character explained, and enough of the imprint typed.
fn eligible(typed_len: usize, top: &Scored<'_>) -> bool {
    top.alignment.unexplained == 0
        && (top.coverage >= 1.0 - f64::EPSILON
            || (top.alignment.whole_words
                && typed_len >= MIN_PARTIAL_CHARS
                && top.coverage >= MIN_PARTIAL_COVERAGE))
}

/// The verdict over all scored products, best first.
fn verdict(typed_len: usize, scored: &[Scored<'_>]) -> Verdict {
    let Some(top) = scored.first() else {
        return Verdict::NoMatch;
    };
    let eligible = eligible(typed_len, top);
    let alone = scored[1..].iter().all(|other| {
        other.alignment.unexplained > 0
            && other.alignment.edit_cost - top.alignment.edit_cost >= AMBIGUITY_MARGIN
    });
    if eligible && alone {
        Verdict::Match
    } else {
        Verdict::Possible
    }
}

/// What [`Matcher::score_all`] found.
struct Scan<'t> {
    /// Every product within the allowed edits that was aligned.
    scored: Vec<Scored<'t>>,
    /// The fewest edits any skipped product needed, if any was skipped.
    least_skipped: Option<f64>,
}

/// A product's best alignment, before it becomes a [`Candidate`].
struct Scored<'t> {
    index: usize,
    /// The imprint ordering aligned.
    target: &'t Target,
    /// Index of the typed reading aligned (0 = as typed).
    reading: usize,
    alignment: Alignment,
    score: f64,
    coverage: f64,
}

/// An SPL imprint for people: sides joined by " / " (`KP02 / 10`).
pub fn display_imprint(spl: &str) -> String {
    imprint::parts(spl).collect::<Vec<_>>().join(" / ")
}

fn pick<T: Copy + PartialEq + std::fmt::Display>(
    picked: Option<T>,
    typed: Option<T>,
    what: &str,
    notices: &mut Vec<String>,
) -> Option<T> {
    match (picked, typed) {
        (Some(p), Some(t)) if p != t => {
            notices.push(format!(
                "The {what} typed ({t}) differs from the {what} chosen ({p}); using {p}."
            ));
            Some(p)
        }
        (p, t) => p.or(t),
    }
}

fn describe_input(parsed: &ParsedQuery, notices: &mut Vec<String>) {
    if parsed.truncated {
        notices.push(format!(
            "The input was too long: only the first {} characters (and {} imprint letters and digits) were used.",
            imprint::MAX_INPUT_CHARS,
            imprint::MAX_IMPRINT_CHARS
        ));
    }
    for (word, meaning) in &parsed.recognised {
        match meaning {
            WordMeaning::Color(c) => notices.push(format!("Read “{word}” as the colour {c}.")),
            WordMeaning::Shape(s) => notices.push(format!("Read “{word}” as the shape {s}.")),
            WordMeaning::Strength(mg) => notices.push(format!(
                "Read “{word}” as a strength ({mg} mg), not as imprint text: a tablet is identified by what is printed on it."
            )),
            WordMeaning::Filler => {}
        }
    }
    if !parsed.dropped.is_empty() {
        let mut shown: Vec<char> = parsed
            .dropped
            .iter()
            .copied()
            .filter(|c| !c.is_control())
            .collect();
        shown.sort_unstable();
        shown.dedup();
        shown.truncate(12);
        let list: String = shown.iter().map(|c| format!("“{c}” ")).collect();
        notices.push(format!(
            "Ignored characters that are not letters or digits: {}",
            list.trim_end()
        ));
    }
}

fn agreement(
    p: &Product,
    shape: Option<Shape>,
    color: Option<Color>,
) -> (Option<bool>, Option<bool>) {
    (
        shape.map(|s| s == p.shape),
        color.map(|c| p.colors.contains(&c)),
    )
}

fn attribute_why(p: &Product, shape: Option<Shape>, color: Option<Color>, why: &mut Vec<String>) {
    if let Some(s) = shape {
        if s == p.shape {
            why.push(format!("Shape {s} agrees."));
        } else {
            why.push(format!(
                "Shape: you chose {s}, but this tablet is {} (the imprint decides).",
                p.shape
            ));
        }
    }
    if let Some(c) = color {
        let colors: Vec<&str> = p.colors.iter().map(|c| c.spl_name()).collect();
        if p.colors.contains(&c) {
            why.push(format!("Colour {c} agrees."));
        } else {
            why.push(format!(
                "Colour: you chose {c}, but this tablet is {} (the imprint decides).",
                colors.join(" and ")
            ));
        }
    }
}

fn confidence(verdict: Verdict, rank: usize, c: &Candidate<'_>) -> Level {
    let disagrees = c.shape_agrees == Some(false) || c.color_agrees == Some(false);
    if verdict == Verdict::Match && rank == 0 {
        if c.coverage >= 1.0 - f64::EPSILON && !disagrees {
            Level::High
        } else {
            Level::Medium
        }
    } else if c.unexplained_edits == 0
        && c.coverage >= MIN_PARTIAL_COVERAGE
        && verdict != Verdict::NoMatch
    {
        Level::Medium
    } else {
        Level::Low
    }
}

fn entry_for(p: &Product) -> Entry {
    let mut targets = Vec::new();
    let mut classes = [u8::MAX; CLASS_COUNT];
    for (variant, spl) in p.imprints().enumerate() {
        let mut counts = [0u8; CLASS_COUNT];
        for c in spl.bytes().filter(u8::is_ascii_alphanumeric) {
            let k = lookalike::class_of(c) as usize;
            counts[k] = counts[k].saturating_add(1);
        }
        for (k, n) in counts.iter().enumerate() {
            classes[k] = classes[k].min(*n);
        }
        // Each part with its byte offset in the SPL string.
        let mut parts = Vec::new();
        let mut offset = 0;
        for part in imprint::parts(spl) {
            parts.push((offset, part));
            offset += part.len() + 1;
        }
        for (order, permuted) in orderings(parts.len()) {
            targets.push(target_for(&parts, &order, variant, permuted));
        }
    }
    let class_mask = classes
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .fold(0u64, |m, (k, _)| m | 1 << k);
    Entry {
        targets,
        classes,
        class_mask,
    }
}

/// Every ordering of `n` parts (listed order first), or, for many parts,
/// the listed order and its reverse.
fn orderings(n: usize) -> Vec<(Vec<usize>, bool)> {
    let identity: Vec<usize> = (0..n).collect();
    if n > MAX_PERMUTED_PARTS {
        let mut rev = identity.clone();
        rev.reverse();
        return vec![(identity, false), (rev, true)];
    }
    let mut out = Vec::new();
    permute(&mut identity.clone(), 0, &mut out);
    out.sort_by_key(|o| o != &identity);
    out.into_iter()
        .map(|o| {
            let permuted = o != identity;
            (o, permuted)
        })
        .collect()
}

fn permute(items: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
    if k == items.len() {
        out.push(items.clone());
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permute(items, k + 1, out);
        items.swap(k, i);
    }
}

fn target_for(parts: &[(usize, &str)], order: &[usize], variant: usize, permuted: bool) -> Target {
    let mut t = Target {
        chars: Vec::new(),
        origin: Vec::new(),
        words: Vec::new(),
        variant,
        permuted,
    };
    for &pi in order {
        let (offset, part) = parts[pi];
        let mut word_start = None;
        for (i, c) in part.bytes().enumerate() {
            if c.is_ascii_alphanumeric() {
                word_start.get_or_insert(t.chars.len());
                t.chars.push(c);
                t.origin.push(offset + i);
            } else if let Some(s) = word_start.take() {
                t.words.push((s, t.chars.len()));
            }
        }
        if let Some(s) = word_start {
            t.words.push((s, t.chars.len()));
        }
    }
    t
}

/// One step of an alignment, in imprint order.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Exact,
    Lookalike(u8),
    Sub(u8),
    /// The typed pair was swapped; holds the typed character at this place.
    Transposed(u8),
    /// A typed character with no imprint character.
    Extra(u8),
    /// An imprint character skipped inside the typed part.
    Missing,
    /// An imprint character outside the typed part.
    Untyped,
}

/// The alignment counts cost in twentieths of an edit so that it runs on
/// small integers; every cost above is a whole number of these units.
const UNITS_PER_EDIT: f64 = 20.0;

const fn units(cost: f64) -> u32 {
    (cost * UNITS_PER_EDIT) as u32
}

const EDIT_UNITS: u32 = units(EDIT_COST);
const LOOKALIKE_UNITS: u32 = units(LOOKALIKE_COST);
const TRANSPOSE_UNITS: u32 = units(TRANSPOSE_COST);
const UNTYPED_UNITS: u32 = units(UNTYPED_COST);

/// What an alignment adds up to (the steps stay in [`Dp::ops`]).
#[derive(Clone, Debug)]
struct Alignment {
    /// Imprint characters read (exactly, as look-alikes, or wrongly).
    covered: usize,
    /// Every word of the imprint was either wholly typed or wholly not.
    whole_words: bool,
    /// Everything, untyped characters included, in units.
    total: u32,
    /// Look-alikes and real edits, in edits.
    edit_cost: f64,
    unexplained: usize,
    /// The typed text starts inside a word and runs on into the next one
    /// (`024` read across `10` and `Z 4096`).
    straddles: bool,
    /// The sides were typed in another order than the label lists them.
    side_order_differs: bool,
}

/// True when the typed part of an alignment starts in the middle of a word
/// and continues past that word's end.
fn straddles_words(ops: &[Op], target: &Target) -> bool {
    let (mut first, mut last) = (None, 0);
    let positions = ops.iter().filter(|op| !matches!(op, Op::Extra(_)));
    for (k, op) in positions.enumerate() {
        if *op != Op::Untyped {
            first.get_or_insert(k);
            last = k;
        }
    }
    let Some(first) = first else { return false };
    target
        .words
        .iter()
        .any(|&(s, e)| s < first && first < e && last >= e)
}

/// True when every word of the imprint was either wholly typed or wholly
/// not typed (a whole side or word was read, not a fragment).
fn whole_words(ops: &[Op], target: &Target) -> bool {
    // The words partition the imprint's characters in order.
    let mut typed = ops
        .iter()
        .filter(|op| !matches!(op, Op::Extra(_)))
        .map(|op| *op != Op::Untyped);
    for &(s, e) in &target.words {
        let mut word = typed.by_ref().take(e - s);
        let Some(first) = word.next() else {
            return true;
        };
        if !word.fold(true, |same, t| same & (t == first)) {
            return false;
        }
    }
    true
}

/// Reusable buffers for the alignment, so matching allocates nothing per
/// product in the common case.
#[derive(Default)]
struct Dp {
    cost: Vec<u32>,
    ops: Vec<Op>,
}

/// Cost of reading typed `a` where the imprint has `b`, in units.
#[inline]
fn sub_units(a: u8, b: u8) -> u32 {
    if a == b {
        0
    } else if lookalike::is_lookalike(a, b) {
        LOOKALIKE_UNITS
    } else {
        EDIT_UNITS
    }
}

impl Dp {
    /// Semi-global weighted Damerau-Levenshtein alignment of the typed text
    /// `q` against one ordering of an imprint: imprint characters before and
    /// after the typed part cost [`UNTYPED_COST`] each. Leaves the steps in
    /// `self.ops` and returns the alignment without them.
    fn align(&mut self, q: &[u8], target: &Target) -> Alignment {
        let t = &target.chars;
        let (m, n) = (q.len(), t.len());
        let w = n + 1;
        self.cost.clear();
        self.cost.resize((m + 1) * w, 0);
        let c = &mut self.cost;
        for (j, cell) in c[..=n].iter_mut().enumerate() {
            *cell = j as u32 * UNTYPED_UNITS;
        }
        for i in 1..=m {
            c[i * w] = i as u32 * EDIT_UNITS;
            let qi = q[i - 1];
            for j in 1..=n {
                let mut best = c[(i - 1) * w + j - 1] + sub_units(qi, t[j - 1]);
                best = best.min(c[(i - 1) * w + j] + EDIT_UNITS);
                best = best.min(c[i * w + j - 1] + EDIT_UNITS);
                if i >= 2 && j >= 2 && qi == t[j - 2] && q[i - 2] == t[j - 1] && qi != q[i - 2] {
                    best = best.min(c[(i - 2) * w + j - 2] + TRANSPOSE_UNITS);
                }
                c[i * w + j] = best;
            }
        }
        // Best end: untyped imprint characters after the typed part are cheap.
        let (mut end, mut total) = (0, u32::MAX);
        for j in 0..=n {
            let v = c[m * w + j] + (n - j) as u32 * UNTYPED_UNITS;
            if v < total {
                total = v;
                end = j;
            }
        }
        // Walk back, preferring a direct reading, then a swap, then an
        // extra typed character, then a skipped imprint character.
        let ops = &mut self.ops;
        ops.clear();
        ops.extend(std::iter::repeat_n(Op::Untyped, n - end));
        let (mut i, mut j) = (m, end);
        while i > 0 || j > 0 {
            let here = c[i * w + j];
            if i == 0 {
                ops.push(Op::Untyped);
                j -= 1;
            } else if j == 0 {
                ops.push(Op::Extra(q[i - 1]));
                i -= 1;
            } else if here == c[(i - 1) * w + j - 1] + sub_units(q[i - 1], t[j - 1]) {
                let (a, b) = (q[i - 1], t[j - 1]);
                ops.push(if a == b {
                    Op::Exact
                } else if lookalike::is_lookalike(a, b) {
                    Op::Lookalike(a)
                } else {
                    Op::Sub(a)
                });
                i -= 1;
                j -= 1;
            } else if i >= 2
                && j >= 2
                && q[i - 1] == t[j - 2]
                && q[i - 2] == t[j - 1]
                && q[i - 1] != q[i - 2]
                && here == c[(i - 2) * w + j - 2] + TRANSPOSE_UNITS
            {
                ops.push(Op::Transposed(q[i - 1]));
                ops.push(Op::Transposed(q[i - 2]));
                i -= 2;
                j -= 2;
            } else if here == c[(i - 1) * w + j] + EDIT_UNITS {
                ops.push(Op::Extra(q[i - 1]));
                i -= 1;
            } else {
                ops.push(Op::Missing);
                j -= 1;
            }
        }
        ops.reverse();
        let (mut edit, mut unexplained, mut transposed) = (0u32, 0usize, 0usize);
        for op in ops.iter() {
            match op {
                Op::Exact | Op::Untyped => {}
                Op::Lookalike(_) => edit += LOOKALIKE_UNITS,
                Op::Sub(_) | Op::Extra(_) | Op::Missing => {
                    edit += EDIT_UNITS;
                    unexplained += 1;
                }
                Op::Transposed(_) => transposed += 1,
            }
        }
        edit += (transposed / 2) as u32 * TRANSPOSE_UNITS;
        unexplained += transposed / 2;
        let straddles = straddles_words(ops, target);
        let covered = ops
            .iter()
            .filter(|op| {
                matches!(
                    op,
                    Op::Exact | Op::Lookalike(_) | Op::Sub(_) | Op::Transposed(_)
                )
            })
            .count();
        let whole_words = whole_words(ops, target);
        if straddles {
            // Counted as one real edit: nobody reads the tail of one word and
            // then the next word, so this reading needs a mistake to be right.
            edit += EDIT_UNITS;
            total += EDIT_UNITS;
            unexplained += 1;
        }
        Alignment {
            covered,
            whole_words,
            total,
            edit_cost: f64::from(edit) / UNITS_PER_EDIT,
            unexplained,
            straddles,
            side_order_differs: false,
        }
    }
}

fn plain_marks(spl: &str, kind: MarkKind) -> Vec<Mark> {
    spl.chars()
        .map(|ch| Mark {
            ch,
            kind: if ch.is_ascii_alphanumeric() {
                kind
            } else {
                MarkKind::Separator
            },
        })
        .collect()
}

fn marks_for(spl: &str, target: &Target, ops: &[Op]) -> Vec<Mark> {
    let mut marks = plain_marks(spl, MarkKind::Untyped);
    let mut k = 0; // index into target chars
    for op in ops {
        let kind = match *op {
            Op::Extra(_) => continue,
            Op::Exact => MarkKind::Exact,
            Op::Lookalike(c) => MarkKind::Lookalike(c as char),
            Op::Sub(c) | Op::Transposed(c) => {
                if target.chars[k] == c {
                    MarkKind::Exact
                } else {
                    MarkKind::Substituted(c as char)
                }
            }
            Op::Missing => MarkKind::Missing,
            Op::Untyped => MarkKind::Untyped,
        };
        marks[target.origin[k]].kind = kind;
        k += 1;
    }
    marks
}

fn alignment_why(spl: &str, a: &Alignment, ops: &[Op], marks: &[Mark]) -> Vec<String> {
    let mut why = Vec::new();
    let collect = |f: &dyn Fn(MarkKind) -> bool| -> String {
        marks.iter().filter(|m| f(m.kind)).map(|m| m.ch).collect()
    };
    let exact = collect(&|k| k == MarkKind::Exact);
    if !exact.is_empty() {
        why.push(format!("Matched exactly: {}.", spaced(&exact)));
    }
    for m in marks {
        match m.kind {
            MarkKind::Lookalike(t) => why.push(format!(
                "Typed {t} read as {} (look-alike characters).",
                m.ch
            )),
            MarkKind::Substituted(t) => {
                why.push(format!("Typed {t} where the imprint has {}.", m.ch))
            }
            MarkKind::Missing => why.push(format!("Imprint character {} was not typed.", m.ch)),
            _ => {}
        }
    }
    if a.straddles {
        why.push(
            "The typed text would start inside one side and run into the next, which is unlikely."
                .to_owned(),
        );
    }
    let transposed = ops
        .iter()
        .filter(|op| matches!(op, Op::Transposed(_)))
        .count();
    if transposed > 0 {
        why.push("Two neighbouring characters were typed in swapped order.".to_owned());
    }
    let extra: String = ops
        .iter()
        .filter_map(|op| {
            if let Op::Extra(c) = op {
                Some(*c as char)
            } else {
                None
            }
        })
        .collect();
    if !extra.is_empty() {
        why.push(format!(
            "Typed characters not on this imprint: {}.",
            spaced(&extra)
        ));
    }
    let untyped = collect(&|k| k == MarkKind::Untyped);
    if !untyped.is_empty() {
        why.push(format!(
            "Only part of the imprint was typed; not typed: {}.",
            spaced(&untyped)
        ));
    }
    if a.side_order_differs {
        why.push(format!(
            "Sides typed in a different order than the label lists them ({}).",
            display_imprint(spl)
        ));
    }
    why
}

fn spaced(s: &str) -> String {
    s.chars().map(String::from).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(spl: &str) -> Target {
        let parts: Vec<(usize, &str)> = {
            let mut off = 0;
            imprint::parts(spl)
                .map(|p| {
                    let r = (off, p);
                    off += p.len() + 1;
                    r
                })
                .collect()
        };
        let order: Vec<usize> = (0..parts.len()).collect();
        target_for(&parts, &order, 0, false)
    }

    #[test]
    fn exact_alignment_costs_nothing() {
        let a = Dp::default().align(b"KP0210", &target("KP02;10"));
        assert_eq!(a.edit_cost, 0.0);
        assert_eq!(a.unexplained, 0);
    }

    #[test]
    fn lookalike_costs_lookalike_cost() {
        let a = Dp::default().align(b"KPO210", &target("KP02;10"));
        assert_eq!(a.edit_cost, LOOKALIKE_COST);
        assert_eq!(a.unexplained, 0);
    }

    #[test]
    fn partial_input_costs_untyped_characters() {
        let a = Dp::default().align(b"KP02", &target("KP02;10"));
        assert_eq!(a.edit_cost, 0.0);
        assert_eq!(a.total, 2 * UNTYPED_UNITS);
    }

    #[test]
    fn transposition_is_one_unexplained_edit() {
        let a = Dp::default().align(b"1258", &target("1285"));
        assert_eq!(a.unexplained, 1);
        assert_eq!(a.edit_cost, TRANSPOSE_COST);
    }

    #[test]
    fn words_and_sides_are_marked() {
        let t = target("BAC 10;U-S");
        assert_eq!(t.chars, b"BAC10US");
        assert_eq!(t.words, vec![(0, 3), (3, 5), (5, 6), (6, 7)]);
    }

    #[test]
    fn skipping_lengths_never_changes_the_answer() {
        let catalog = crate::synthetic::catalog(2500, 11);
        let fast = Matcher::new(&catalog);
        let slow = Matcher {
            prune: false,
            ..Matcher::new(&catalog)
        };
        let mut queries: Vec<String> = crate::synthetic::queries(&catalog, 100, 12)
            .into_iter()
            .map(|(q, _)| q)
            .collect();
        for q in queries.clone() {
            for end in 1..q.len() {
                if q.is_char_boundary(end) {
                    queries.push(q[..end].to_owned());
                }
            }
        }
        for q in queries {
            let (a, b) = (
                fast.identify(&Query::text(q.as_str())),
                slow.identify(&Query::text(q.as_str())),
            );
            let summary = |id: &Identification<'_>| {
                (
                    id.verdict,
                    id.candidates
                        .iter()
                        .map(|c| (c.product.id.clone(), c.score.to_bits()))
                        .collect::<Vec<_>>(),
                )
            };
            assert_eq!(summary(&a), summary(&b), "{q}");
        }
    }

    #[test]
    fn orderings_list_identity_first() {
        let o = orderings(3);
        assert_eq!(o.len(), 6);
        assert_eq!(o[0], (vec![0, 1, 2], false));
        assert!(o[1..].iter().all(|(_, p)| *p));
    }
}
