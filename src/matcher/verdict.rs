//! The verdict and the confidence: when a best candidate may be called a
//! match, and how sure pillid is about each candidate.

use super::*;

/// True when this product, if it ranks first, may be a `match`: every typed
/// character explained, and enough of the imprint typed.
pub(super) fn eligible(typed_len: usize, top: &Scored<'_>) -> bool {
    top.alignment.unexplained == 0
        && (top.coverage >= 1.0 - f64::EPSILON
            || (top.alignment.whole_words
                && typed_len >= MIN_PARTIAL_CHARS
                && top.coverage >= MIN_PARTIAL_COVERAGE))
}

/// The verdict over all scored products, best first.
pub(super) fn verdict(typed_len: usize, scored: &[Scored<'_>]) -> Verdict {
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

pub(super) fn confidence(verdict: Verdict, rank: usize, c: &Candidate<'_>) -> Level {
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
