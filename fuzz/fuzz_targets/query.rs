//! Fuzz target `query`: whatever anyone types, with or without a shape and
//! colour picked, `pillid::matcher::identify` never panics and its answer
//! keeps the matcher's promises.
//!
//! Input layout: the bytes are the typed text (lossy UTF-8, so invalid
//! bytes become U+FFFD as in a browser). When the first byte is
//! [`PICKER_MARK`], the next three bytes choose a shape and a colour (an
//! index into `Shape::ALL` / `Color::ALL`; out of range means "not picked")
//! and a size in mm (0 means "not measured"), and the rest is the text. 0xFE never occurs in UTF-8, so every typed seed
//! stays plain text.

#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use pillid::imprint::MAX_IMPRINT_CHARS;
use pillid::matcher::{identify, Identification, Level, Query, Verdict, MAX_CANDIDATES};
use pillid::report::Report;
use pillid::vocab::{Color, Shape};

/// First byte that says "the next three bytes are picker choices".
const PICKER_MARK: u8 = 0xFE;

fuzz_target!(|data: &[u8]| {
    let query = query_from(data);
    let first = identify(&query);
    check(&query, &first);
    let second = identify(&query);
    assert_eq!(
        summary(&first),
        summary(&second),
        "identify must be deterministic for {query:?}"
    );
});

/// The query the bytes describe (see the module docs).
fn query_from(data: &[u8]) -> Query {
    let (shape, color, size_mm, text) = match data {
        [PICKER_MARK, s, c, z, rest @ ..] => (
            Shape::ALL.get(usize::from(*s)).copied(),
            Color::ALL.get(usize::from(*c)).copied(),
            (*z > 0).then_some(u32::from(*z)),
            rest,
        ),
        _ => (None, None, None, data),
    };
    Query {
        imprint: String::from_utf8_lossy(text).into_owned(),
        shape,
        color,
        size_mm,
    }
}

/// Everything two runs of the same query must agree on.
fn summary<'a>(id: &Identification<'a>) -> impl PartialEq + std::fmt::Debug + 'a {
    (
        id.verdict,
        id.parsed.clone(),
        id.shape,
        id.color,
        id.notices.clone(),
        id.candidates
            .iter()
            .map(|c| {
                (
                    c.product.id.clone(),
                    c.matched_imprint.to_owned(),
                    c.score.to_bits(),
                    c.confidence,
                    c.marks.clone(),
                    c.why.clone(),
                    c.warnings.clone(),
                )
            })
            .collect::<Vec<_>>(),
    )
}

/// The matcher's documented promises about one answer.
fn check(query: &Query, id: &Identification<'_>) {
    let text = &id.parsed.text;
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "parsed text {text:?} must be upper-case ASCII letters and digits ({query:?})"
    );
    assert!(
        text.len() <= MAX_IMPRINT_CHARS,
        "parsed text is {} characters, over MAX_IMPRINT_CHARS ({query:?})",
        text.len()
    );
    assert!(
        id.candidates.len() <= MAX_CANDIDATES,
        "{} candidates, over MAX_CANDIDATES ({query:?})",
        id.candidates.len()
    );
    // "When nothing matches it says so plainly": any other verdict has
    // something to show, and a no-match lists only the closest tablets,
    // none of which explains what was typed.
    if id.verdict == Verdict::NoMatch {
        assert!(
            id.candidates.iter().all(|c| c.unexplained_edits > 0),
            "a no-match lists a tablet that explains the text ({query:?})"
        );
    } else {
        assert!(
            !id.candidates.is_empty(),
            "verdict {:?} with no candidate ({query:?})",
            id.verdict
        );
    }
    if query.shape.is_some() {
        assert_eq!(id.shape, query.shape, "a picked shape wins ({query:?})");
    }
    if query.color.is_some() {
        assert_eq!(id.color, query.color, "a picked colour wins ({query:?})");
    }
    let mut previous = f64::INFINITY;
    for (rank, c) in id.candidates.iter().enumerate() {
        assert!(
            c.score <= previous,
            "candidates must come best first ({query:?})"
        );
        previous = c.score;
        assert!(
            (0.0..=1.0).contains(&c.coverage),
            "coverage {} of {} outside [0, 1] ({query:?})",
            c.coverage,
            c.product.id
        );
        assert!(
            c.edit_cost.is_finite() && c.edit_cost >= 0.0,
            "edit cost {} of {} ({query:?})",
            c.edit_cost,
            c.product.id
        );
        assert_eq!(
            c.marks.len(),
            c.matched_imprint.chars().count(),
            "one mark per imprint character of {} ({query:?})",
            c.product.id
        );
        assert!(
            c.product.imprints().any(|i| i == c.matched_imprint),
            "matched imprint {:?} is not a reading of {} ({query:?})",
            c.matched_imprint,
            c.product.id
        );
        if c.confidence == Level::High {
            assert!(
                id.verdict == Verdict::Match && rank == 0,
                "high confidence only for the one match ({query:?})"
            );
        }
    }
    let json = serde_json::to_string(&Report::new(id))
        .unwrap_or_else(|e| panic!("the JSON report must serialise ({query:?}): {e}"));
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok_and(|v| v.is_object()),
        "the JSON report must be one object ({query:?})"
    );
}
