//! The verdict, what is listed with it, and the confidence: when a best
//! candidate may be called a match, which tablets are shown, and how sure
//! pillid is about each candidate.

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

/// True when `other` explains the typed text about as well as `top`: it
/// needs no real edit, or its cost is within [`AMBIGUITY_MARGIN`] of the
/// best. This is how close another baclofen tablet must come to leave the
/// answer open (the 10 mg and 20 mg twins differ by one character).
pub(super) fn close_to(top: &Scored<'_>, other: &Scored<'_>) -> bool {
    other.alignment.unexplained == 0
        || other.alignment.edit_cost - top.alignment.edit_cost < AMBIGUITY_MARGIN
}

/// True when a tablet of another medicine explains the typed text as well
/// as `top` does, or within one look-alike reading of it, and covers as
/// much of its imprint: the same characters on two medicines (`E6`). Such a
/// tablet leaves a baclofen answer open. A tablet of another medicine that
/// needs more misreads, or explains only part of what was typed, does not:
/// among thousands of imprints some always do.
pub(super) fn rival(top: &Scored<'_>, other: &Scored<'_>) -> bool {
    other.alignment.unexplained == 0
        && other.alignment.edit_cost - top.alignment.edit_cost < RIVAL_MARGIN
        && other.coverage >= top.coverage - f64::EPSILON
}

/// The verdict over all scored products, best first.
///
/// - `match` only for a baclofen tablet that explains every typed
///   character, alone (no other baclofen tablet comes close, no tablet of
///   another medicine is a [`rival`]), and that no chosen shape or colour
///   contradicts.
/// - `other_medicine` when the best explanation is a tablet of another
///   medicine whose imprint was typed without a misread, and no baclofen
///   tablet comes close: it is not baclofen.
/// - `no_match` when nothing explains the typed characters (the closest
///   tablets of other medicines, each needing an edit, are still listed).
///   A tablet that explains them, even ranked lower (a look-alike reading
///   of a shorter imprint can score below a swapped pair), makes it
///   `possible`.
/// - `possible` otherwise.
pub(super) fn verdict(typed_len: usize, scored: &[Scored<'_>]) -> Verdict {
    let Some(top) = scored.first() else {
        return Verdict::NoMatch;
    };
    let eligible = eligible(typed_len, top);
    if !top.is_target {
        let target_close = scored[1..].iter().any(|s| s.is_target && close_to(top, s));
        return if target_close {
            Verdict::Possible
        } else if eligible && top.alignment.edit_cost == 0.0 && top.contradictions == 0 {
            Verdict::OtherMedicine
        } else if scored.iter().all(|s| s.alignment.unexplained > 0) {
            Verdict::NoMatch
        } else {
            Verdict::Possible
        };
    }
    let alone = scored[1..].iter().all(|other| {
        if other.is_target {
            !close_to(top, other)
        } else {
            !rival(top, other)
        }
    });
    if eligible && alone && top.contradictions == 0 {
        Verdict::Match
    } else {
        Verdict::Possible
    }
}

/// Keeps the scored tablets that are listed with `verdict`: not the hidden
/// ones, and, when a tablet of another medicine carries exactly and wholly
/// what was typed (a real imprint as it stands), no baclofen tablet that
/// would need typing mistakes to fit (edits, not look-alike readings). A
/// baclofen tablet whose whole imprint was typed with one character wrong
/// stays: one slip is too close to hide. When every tablet that fits is
/// one of those, they are shown after all (an answer is never `possible`
/// with nothing to compare), unless the verdict is `no_match`.
pub(super) fn keep_listed(scored: &mut Vec<Scored<'_>>, verdict: Verdict) {
    let exact_other = scored.iter().any(|s| {
        !s.is_target
            && s.alignment.unexplained == 0
            && s.alignment.edit_cost == 0.0
            && s.coverage >= 1.0 - f64::EPSILON
    });
    let one_slip =
        |s: &Scored<'_>| s.alignment.unexplained <= 1 && s.coverage >= 1.0 - f64::EPSILON;
    let unlisted = |s: &Scored<'_>| {
        s.hidden || (exact_other && s.is_target && s.alignment.unexplained > 0 && !one_slip(s))
    };
    if scored.iter().any(|s| !unlisted(s)) {
        scored.retain(|s| !unlisted(s));
    } else if verdict == Verdict::NoMatch {
        scored.clear();
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
