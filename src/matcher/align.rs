//! The alignment: a weighted Damerau–Levenshtein distance in integer
//! units, semi-global over the imprint, with the steps kept so that every
//! character can be explained.

use super::*;

/// One step of an alignment, in imprint order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Op {
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
pub(super) const UNITS_PER_EDIT: f64 = 20.0;

pub(super) const fn units(cost: f64) -> u32 {
    (cost * UNITS_PER_EDIT) as u32
}

pub(super) const EDIT_UNITS: u32 = units(EDIT_COST);
pub(super) const LOOKALIKE_UNITS: u32 = units(LOOKALIKE_COST);
pub(super) const TRANSPOSE_UNITS: u32 = units(TRANSPOSE_COST);
pub(super) const UNTYPED_UNITS: u32 = units(UNTYPED_COST);

/// What an alignment adds up to (the steps stay in [`Dp::ops`]).
#[derive(Clone, Debug)]
pub(super) struct Alignment {
    /// Imprint characters read (exactly, as look-alikes, or wrongly).
    pub(super) covered: usize,
    /// Every word of the imprint was either wholly typed or wholly not.
    pub(super) whole_words: bool,
    /// Everything, untyped characters included, in units.
    pub(super) total: u32,
    /// Look-alikes and real edits, in edits.
    pub(super) edit_cost: f64,
    pub(super) unexplained: usize,
    /// The typed text starts inside a word and runs on into the next one
    /// (`024` read across `10` and `Z 4096`).
    pub(super) straddles: bool,
    /// The sides were typed in another order than the label lists them.
    pub(super) side_order_differs: bool,
}

/// True when the typed part of an alignment starts in the middle of a word
/// and continues past that word's end.
pub(super) fn straddles_words(ops: &[Op], target: &Target) -> bool {
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
pub(super) fn whole_words(ops: &[Op], target: &Target) -> bool {
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
pub(super) struct Dp {
    pub(super) cost: Vec<u32>,
    pub(super) ops: Vec<Op>,
}

/// Cost of reading typed `a` where the imprint has `b`, in units.
#[inline]
pub(super) fn sub_units(a: u8, b: u8) -> u32 {
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
    pub(super) fn align(&mut self, q: &[u8], target: &Target) -> Alignment {
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
