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
pub(super) fn straddles_words(ops: &[Op], words: &[(usize, usize)]) -> bool {
    let (mut first, mut last) = (None, 0);
    let positions = ops.iter().filter(|op| !matches!(op, Op::Extra(_)));
    for (k, op) in positions.enumerate() {
        if *op != Op::Untyped {
            first.get_or_insert(k);
            last = k;
        }
    }
    let Some(first) = first else { return false };
    words
        .iter()
        .any(|&(s, e)| s < first && first < e && last >= e)
}

/// True when every word of the imprint was either wholly typed or wholly
/// not typed (a whole side or word was read, not a fragment).
pub(super) fn whole_words(ops: &[Op], words: &[(usize, usize)]) -> bool {
    // The words partition the imprint's characters in order.
    let mut typed = ops
        .iter()
        .filter(|op| !matches!(op, Op::Extra(_)))
        .map(|op| *op != Op::Untyped);
    for &(s, e) in words {
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
        self.align_within(q, &target.chars, &target.words, u32::MAX)
            .expect("no alignment costs more than u32::MAX units")
    }

    /// [`Dp::align`] against an imprint ordering's letters and digits `t`
    /// and its `words` (ranges of indices into `t`), or `None` as soon as
    /// the alignment's `total` is sure to exceed `bound`: no cost is
    /// negative, so once two rows in a row (a swap reaches back two) cost
    /// more than `bound` everywhere, every later row does too. The search
    /// passes the best total found for the product so far, capped by what
    /// the allowed edits permit (see `search::best_reading`), which spares
    /// most of the work for the other orderings of a many-sided imprint.
    pub(super) fn align_within(
        &mut self,
        q: &[u8],
        t: &[u8],
        words: &[(usize, usize)],
        bound: u32,
    ) -> Option<Alignment> {
        let (m, n) = (q.len(), t.len());
        let w = n + 1;
        self.cost.clear();
        self.cost.resize((m + 1) * w, 0);
        let c = &mut self.cost;
        for (j, cell) in c[..=n].iter_mut().enumerate() {
            *cell = j as u32 * UNTYPED_UNITS;
        }
        // The least cost in the row above (row 0 starts at 0).
        let mut above_least = 0;
        for i in 1..=m {
            // Rows i - 2 and i - 1, done, and row i, being filled: slices,
            // so that the inner loop indexes without bounds checks.
            let (done, rest) = c.split_at_mut(i * w);
            let above = &done[(i - 1) * w..];
            let above2 = if i >= 2 { &done[(i - 2) * w..] } else { &[] };
            let row = &mut rest[..w];
            let qi = q[i - 1];
            let q_before = if i >= 2 { Some(q[i - 2]) } else { None };
            let mut left = i as u32 * EDIT_UNITS;
            row[0] = left;
            let mut least = left;
            for j in 1..=n {
                let tj = t[j - 1];
                let mut best = (above[j - 1] + sub_units(qi, tj))
                    .min(above[j] + EDIT_UNITS)
                    .min(left + EDIT_UNITS);
                if let Some(qb) = q_before {
                    if j >= 2 && qi == t[j - 2] && qb == tj && qi != qb {
                        best = best.min(above2[j - 2] + TRANSPOSE_UNITS);
                    }
                }
                row[j] = best;
                left = best;
                least = least.min(best);
            }
            if least.min(above_least) > bound {
                return None;
            }
            above_least = least;
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
        let straddles = straddles_words(ops, words);
        let covered = ops
            .iter()
            .filter(|op| {
                matches!(
                    op,
                    Op::Exact | Op::Lookalike(_) | Op::Sub(_) | Op::Transposed(_)
                )
            })
            .count();
        let whole_words = whole_words(ops, words);
        if straddles {
            // Counted as one real edit: nobody reads the tail of one word and
            // then the next word, so this reading needs a mistake to be right.
            edit += EDIT_UNITS;
            total += EDIT_UNITS;
            unexplained += 1;
        }
        Some(Alignment {
            covered,
            whole_words,
            total,
            edit_cost: f64::from(edit) / UNITS_PER_EDIT,
            unexplained,
            straddles,
            side_order_differs: false,
        })
    }
}
