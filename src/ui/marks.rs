//! The imprint of a candidate with each character marked by how it was
//! matched: typed exactly, typed as its look-alike, typed as a different
//! character, skipped, or not typed at all. Pure; [`super::card`] shows it.

use crate::matcher::{Mark, MarkKind};

/// How a shown character relates to what was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Typed exactly.
    Exact,
    /// Typed as a look-alike character (`O` for `0`).
    Lookalike,
    /// A different character was typed.
    Different,
    /// Skipped in the middle of what was typed.
    Missing,
    /// Outside the typed part.
    Untyped,
    /// Between sides or words; not a character of the imprint.
    Separator,
}

impl Kind {
    /// The CSS class of a character of this kind.
    pub const fn class(self) -> &'static str {
        match self {
            Kind::Exact => "m-exact",
            Kind::Lookalike => "m-lookalike",
            Kind::Different => "m-different",
            Kind::Missing => "m-missing",
            Kind::Untyped => "m-untyped",
            Kind::Separator => "m-sep",
        }
    }

    /// The legend entry for this kind (none for separators).
    pub const fn legend(self) -> Option<&'static str> {
        match self {
            Kind::Exact => Some("typed exactly"),
            Kind::Lookalike => Some("look-alike typed"),
            Kind::Different => Some("different character typed"),
            Kind::Missing => Some("skipped"),
            Kind::Untyped => Some("not typed"),
            Kind::Separator => None,
        }
    }
}

/// One shown character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// What to show: the imprint character, or ` / ` between sides.
    pub text: String,
    /// How it was matched.
    pub kind: Kind,
    /// The character typed instead, for look-alikes and different ones.
    pub typed: Option<char>,
}

/// The marks of a candidate as characters to show, sides separated by
/// ` / ` as everywhere else on the page.
pub fn shown(marks: &[Mark]) -> Vec<Shown> {
    marks
        .iter()
        .map(|m| {
            let (kind, typed) = match m.kind {
                MarkKind::Exact => (Kind::Exact, None),
                MarkKind::Lookalike(t) => (Kind::Lookalike, Some(t)),
                MarkKind::Substituted(t) => (Kind::Different, Some(t)),
                MarkKind::Missing => (Kind::Missing, None),
                MarkKind::Untyped => (Kind::Untyped, None),
                MarkKind::Separator => (Kind::Separator, None),
            };
            let text = match (kind, m.ch) {
                (Kind::Separator, ';') => " / ".to_owned(),
                (_, c) => c.to_string(),
            };
            Shown { text, kind, typed }
        })
        .collect()
}

/// The kinds that occur, in legend order, for a legend under the imprint.
pub fn legend(shown: &[Shown]) -> Vec<Kind> {
    [
        Kind::Exact,
        Kind::Lookalike,
        Kind::Different,
        Kind::Missing,
        Kind::Untyped,
    ]
    .into_iter()
    .filter(|k| shown.iter().any(|s| s.kind == *k))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{identify, Query};

    fn top(query: &str) -> Vec<Shown> {
        let answer = identify(&Query::text(query));
        shown(&answer.candidates[0].marks)
    }

    fn text(shown: &[Shown]) -> String {
        shown.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn a_full_exact_imprint_is_all_exact_with_sides_apart() {
        let s = top("kp02 10");
        assert_eq!(text(&s), "KP02 / 10");
        assert_eq!(legend(&s), [Kind::Exact]);
    }

    #[test]
    fn a_look_alike_reading_shows_what_was_typed() {
        let s = top("kpo2 10");
        let zero = s
            .iter()
            .find(|s| s.kind == Kind::Lookalike)
            .expect("a look-alike");
        assert_eq!(zero.text, "0");
        assert_eq!(zero.typed, Some('O'));
        assert_eq!(legend(&s), [Kind::Exact, Kind::Lookalike]);
    }

    #[test]
    fn one_side_typed_leaves_the_other_untyped() {
        let s = top("KP02");
        assert!(s.iter().any(|s| s.kind == Kind::Untyped));
        assert_eq!(text(&s), "KP02 / 10");
    }
}
