//! The matcher's specification: every row of the table in
//! `tests/common/spec_cases.rs` (what a pharmacist or caregiver types, and
//! what pillid must answer), then the score formula of the README pinned
//! with the matcher's named constants, then the reasons and warnings.
//!
//! A confidently wrong answer (a `match` on another tablet than the row
//! names, or on input that names none) is the worst thing pillid could
//! do, so it has a test of its own that lists those rows apart.

#[path = "common/spec_cases.rs"]
mod spec_cases;

use pillid::matcher::{
    display_imprint, identify, Identification, Query, Reason, Verdict, Warning,
    ATTRIBUTES_ONLY_SCORE, COLOR_MISMATCH_PENALTY, CONTRADICTED_MISREAD_PENALTY, COVERAGE_FLOOR,
    LOOKALIKE_COST, SHAPE_MISMATCH_PENALTY, TRANSPOSE_COST,
};
use pillid::vocab::{Color, Shape};
use spec_cases::{Case, Expect, CASES, ROUND, YELLOW};

/// The first candidate's SPL imprint.
fn first<'a>(id: &Identification<'a>) -> Option<&'a str> {
    id.candidates.first().map(|c| c.product.imprint.as_str())
}

/// One row and what came out, for a failure message.
fn described(case: &Case, id: &Identification<'_>) -> String {
    let got: Vec<String> = id
        .candidates
        .iter()
        .take(4)
        .map(|c| {
            format!(
                "{} ({:.2}, {} edits)",
                c.product.imprint, c.score, c.unexplained_edits
            )
        })
        .collect();
    format!(
        "{:?} {:?} {:?}: expected {:?}, got {:?} [{}]",
        case.text,
        case.shape,
        case.color,
        case.expect,
        id.verdict,
        got.join(", ")
    )
}

/// True when the answer meets the row's expectation.
fn meets(expect: Expect, id: &Identification<'_>) -> bool {
    let is_match = id.verdict == Verdict::Match;
    let listed = |imprint: &str| id.candidates.iter().any(|c| c.product.imprint == imprint);
    match expect {
        Expect::Match(imprint) => first(id) == Some(imprint) && is_match,
        Expect::Possible(imprint) => first(id) == Some(imprint) && !is_match,
        Expect::First(imprint) => first(id) == Some(imprint),
        Expect::Ambiguous(imprints) => {
            id.verdict == Verdict::Possible && imprints.iter().all(|i| listed(i))
        }
        Expect::NoMatch => id.verdict == Verdict::NoMatch,
        Expect::Listed(imprint) => id.verdict == Verdict::Possible && listed(imprint),
        Expect::OtherMedicine => id.verdict == Verdict::OtherMedicine,
        Expect::NotBaclofen => {
            !is_match && id.candidates.first().is_none_or(|c| !c.product.is_target())
        }
    }
}

/// True when the answer is a `match` on anything but the product the row
/// names first (and on anything at all when the row names none).
fn confidently_wrong(expect: Expect, id: &Identification<'_>) -> bool {
    id.verdict == Verdict::Match && expect.first() != first(id)
}

#[test]
fn no_query_gets_a_confident_wrong_match() {
    let wrong: Vec<String> = CASES
        .iter()
        .filter_map(|case| {
            let id = identify(&case.query());
            confidently_wrong(case.expect, &id).then(|| described(case, &id))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} queries answered with a confident match on the wrong tablet:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
}

#[test]
fn pharmacist_queries() {
    let mut failures = Vec::new();
    let (mut ranked, mut top1, mut confident_wrong) = (0, 0, 0);
    for case in CASES {
        let id = identify(&case.query());
        if let Some(imprint) = case.expect.first() {
            ranked += 1;
            top1 += usize::from(first(&id) == Some(imprint));
        }
        confident_wrong += usize::from(confidently_wrong(case.expect, &id));
        if !meets(case.expect, &id) {
            failures.push(described(case, &id));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries fail (top-1 accuracy {top1}/{ranked}, {confident_wrong} confidently wrong):\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// The score, as the README documents it: (1 − edits / typed length) ×
// (COVERAGE_FLOOR + (1 − COVERAGE_FLOOR) × share of the imprint typed), then
// × (1 − SHAPE_MISMATCH_PENALTY) for a shape that disagrees and
// × (1 − COLOR_MISMATCH_PENALTY) for a colour that disagrees.

/// The score of the candidate imprinted `imprint` (SPL form).
fn score(query: Query, imprint: &str) -> f64 {
    let id = identify(&query);
    id.candidates
        .iter()
        .find(|c| c.product.imprint == imprint)
        .unwrap_or_else(|| panic!("{imprint} is not listed for {:?}", query.imprint))
        .score
}

fn assert_score(query: Query, imprint: &str, want: f64) {
    let text = query.imprint.clone();
    let got = score(query, imprint);
    assert!(
        (got - want).abs() < 1e-9,
        "{text:?} → {imprint}: score {got}, the formula gives {want}"
    );
}

/// `KP02;10` is white and round.
const KP02_10: &str = "KP02;10";

#[test]
fn the_whole_imprint_typed_exactly_scores_one() {
    assert_score(Query::text("KP02 10"), KP02_10, 1.0);
    assert_score(Query::text("10 kp02"), KP02_10, 1.0);
}

#[test]
fn one_side_typed_earns_the_coverage_floor_plus_its_share_of_the_rest() {
    // 4 of the 6 letters and digits of KP02;10, all exact.
    let share = 4.0 / 6.0;
    assert_score(
        Query::text("KP02"),
        KP02_10,
        COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * share,
    );
}

#[test]
fn a_look_alike_or_a_swap_costs_its_weight_per_typed_character() {
    // O typed for 0: one look-alike reading in 6 typed characters.
    assert_score(Query::text("KPO2 10"), KP02_10, 1.0 - LOOKALIKE_COST / 6.0);
    // 1258 for 1285: one swapped pair in 4 typed characters.
    assert_score(Query::text("1258"), "1285", 1.0 - TRANSPOSE_COST / 4.0);
    // Both at once: the typed fit times the coverage.
    assert_score(
        Query::text("KPO2"),
        KP02_10,
        (1.0 - LOOKALIKE_COST / 4.0) * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * 4.0 / 6.0),
    );
}

#[test]
fn a_shape_or_colour_that_disagrees_multiplies_by_its_penalty() {
    let picked = |shape, color| Query {
        imprint: "KP02 10".into(),
        shape,
        color,
        size_mm: None,
    };
    let (oval, yellow) = (Some(Shape::Oval), Some(Color::Yellow));
    assert_score(picked(ROUND, Some(Color::White)), KP02_10, 1.0);
    assert_score(picked(oval, None), KP02_10, 1.0 - SHAPE_MISMATCH_PENALTY);
    assert_score(picked(None, yellow), KP02_10, 1.0 - COLOR_MISMATCH_PENALTY);
    assert_score(
        picked(oval, yellow),
        KP02_10,
        (1.0 - SHAPE_MISMATCH_PENALTY) * (1.0 - COLOR_MISMATCH_PENALTY),
    );
}

#[test]
fn a_contradicted_baclofen_tablet_stays_listed_only_when_typed_whole_and_exactly() {
    let oval = Some(Shape::Oval);
    let listed = |text: &str| {
        identify(&Query {
            shape: oval,
            ..Query::text(text)
        })
        .candidates
        .iter()
        .any(|c| c.product.imprint == KP02_10)
    };
    assert!(listed("KP02 10"));
    assert!(!listed("KP02"), "one side typed and the shape contradicts");
    assert!(!listed("KPO2 10"), "a misread and the shape contradicts");
}

#[test]
fn a_misread_with_a_contradicting_shape_multiplies_by_both_penalties() {
    // Naproxen IP;190;500 is oval: O typed for 0 (one look-alike in 8
    // characters) and round picked are evidence against it, not two doubts.
    assert_score(
        Query {
            shape: ROUND,
            ..Query::text("IP 19O 500")
        },
        "IP;190;500",
        (1.0 - LOOKALIKE_COST / 8.0)
            * (1.0 - SHAPE_MISMATCH_PENALTY)
            * (1.0 - CONTRADICTED_MISREAD_PENALTY),
    );
}

#[test]
fn other_strengths_carry_a_not_10_mg_warning() {
    for text in ["1286", "N030", "E 9", "LCI 1337", "16 09", "MX 24"] {
        let id = identify(&Query::text(text));
        let top = &id.candidates[0];
        assert!(!top.product.is_usual_strength(), "{text}");
        assert!(
            top.warnings.contains(&Warning::OtherStrength(top.product)),
            "{text}: {:?}",
            top.warnings
        );
    }
}

#[test]
fn look_alikes_of_another_strength_are_warned() {
    for (text, twin) in [
        ("1285", "1286"),
        ("N029", "N030"),
        ("E 6", "E / 9"),
        ("LCI 1330", "1337"),
        ("2265 V", "2266"),
    ] {
        let id = identify(&Query::text(text));
        let top = &id.candidates[0];
        assert!(
            top.warnings.iter().any(|w| matches!(
                w,
                Warning::LookAlike(other) if display_imprint(&other.imprint).contains(twin)
            )),
            "{text}: {:?}",
            top.warnings
        );
    }
}

#[test]
fn disagreeing_shape_is_explained_and_lowers_confidence() {
    let plain = identify(&Query::text("2265 V"));
    let wrong = identify(&Query {
        imprint: "2265 V".into(),
        shape: ROUND,
        color: None,
        size_mm: None,
    });
    assert_eq!(
        plain.candidates[0].product.id,
        wrong.candidates[0].product.id
    );
    assert!(wrong.candidates[0].score < plain.candidates[0].score);
    assert!(wrong.candidates[0].confidence < plain.candidates[0].confidence);
    assert!(wrong.candidates[0].why.contains(&Reason::ShapeDiffers {
        chosen: Shape::Round,
        actual: Shape::Oval
    }));
}

#[test]
fn lookalike_readings_are_explained() {
    let id = identify(&Query::text("KPO2 10"));
    assert!(
        id.candidates[0].why.contains(&Reason::Lookalike {
            typed: 'O',
            imprint: '0'
        }),
        "{:?}",
        id.candidates[0].why
    );
}

#[test]
fn shape_and_colour_alone_list_but_never_identify() {
    let id = identify(&Query {
        imprint: String::new(),
        shape: ROUND,
        color: YELLOW,
        size_mm: None,
    });
    assert_eq!(id.verdict, Verdict::Possible);
    assert!(!id.candidates.is_empty());
    for c in &id.candidates {
        assert!(
            c.product.shape == Shape::Round && c.product.colors.contains(&Color::Yellow),
            "{} is not round and yellow",
            c.product.id
        );
        assert_eq!(c.score, ATTRIBUTES_ONLY_SCORE, "{}", c.product.id);
    }
}
