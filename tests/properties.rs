//! Property tests: whatever anyone types, normalisation and matching never
//! panic, normalised text stays within its cap, answers are deterministic,
//! and the order of the sides, spacing and letter case do not change the
//! answer. (The score itself is pinned, formula and constants, in
//! `tests/matcher_spec.rs`.)
//!
//! Case counts are bounded so `make test` stays fast; raise
//! `PROPTEST_CASES` to search longer.

use pillid::imprint::{self, parse_query};
use pillid::matcher::{identify, Identification, Query};
use pillid::vocab::{Color, Shape};
use proptest::prelude::*;

/// The part of an answer that must not depend on how the sides were typed:
/// the verdict, the first candidate with its score, and which baclofen
/// tablets are listed. (Text of four or more parts is read in the order
/// typed, so a runner-up's partial score may differ; and among thousands of
/// other medicines' imprints, low-ranked ones that each need an edit tie.)
fn answer(id: &Identification<'_>) -> (String, Option<(String, u64)>, Vec<String>) {
    let mut listed: Vec<String> = id
        .candidates
        .iter()
        .filter(|c| c.product.is_target())
        .map(|c| c.product.id.clone())
        .collect();
    listed.sort();
    (
        id.verdict.as_str().to_owned(),
        id.candidates
            .first()
            .map(|c| (c.product.id.clone(), (c.score * 1e9).round() as u64)),
        listed,
    )
}

/// What must be equal between two answers.
fn summary(id: &Identification<'_>) -> (String, Vec<(String, u64)>) {
    (
        id.verdict.as_str().to_owned(),
        id.candidates
            .iter()
            .map(|c| (c.product.id.clone(), (c.score * 1e9).round() as u64))
            .collect(),
    )
}

/// Hostile text: any Unicode, right-to-left and combining marks, control
/// characters and NUL, emoji, and long repetitions, up to 10,000 characters.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<char>(), 0..10_000).prop_map(|v| v.into_iter().collect()),
        (
            proptest::sample::select(vec![
                "\u{0}", "\u{202E}", "\u{0301}", "💊", "ש", "ﷺ", "KP02", " ", ";", "\u{FEFF}",
                "Ｏ", "𝟘"
            ]),
            0..10_000usize
        )
            .prop_map(|(s, n)| s.repeat(n / s.chars().count().max(1))),
        "[ -~]{0,300}",
    ]
}

fn hostile_query() -> impl Strategy<Value = Query> {
    let shape = proptest::option::of(proptest::sample::select(Shape::ALL.to_vec()));
    let color = proptest::option::of(proptest::sample::select(Color::ALL.to_vec()));
    let size = proptest::option::of(0u32..60);
    (hostile_text(), shape, color, size).prop_map(|(imprint, shape, color, size_mm)| Query {
        imprint,
        shape,
        color,
        size_mm,
    })
}

/// Letters and digits that spell no colour, shape or filler word (no
/// vowels, no M or G), so spacing cannot turn them into a word.
fn plain_imprint() -> impl Strategy<Value = String> {
    "[BCDFHKLNPRSTVXZ0-9]{1,12}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_is_deterministic(q in hostile_query()) {
        let parsed = parse_query(&q.imprint);
        prop_assert!(parsed.text.len() <= imprint::MAX_IMPRINT_CHARS);
        prop_assert!(parsed.text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        let a = identify(&q);
        let b = identify(&q);
        prop_assert_eq!(summary(&a), summary(&b));
    }

    #[test]
    fn case_and_spacing_do_not_matter(text in plain_imprint(), pad in 1usize..4) {
        // One side typed plainly, in lower case, padded, or spelled out one
        // character at a time (`N O 2 9`).
        let base = summary(&identify(&Query::text(text.as_str())));
        let spelled: String = text.chars().map(|c| format!("{c}{}", " ".repeat(pad))).collect();
        for variant in [text.to_lowercase(), format!("{}{text}\t", " ".repeat(pad)), spelled] {
            prop_assert_eq!(&base, &summary(&identify(&Query::text(variant))));
        }
    }

    #[test]
    fn side_order_does_not_matter(index in 0usize..1000, misread in any::<bool>()) {
        // The sides of a real product, in the listed order and reversed,
        // optionally with every 0 read as O.
        // Sides of one character are read as one side spelled out (`N O 2
        // 9`), in the order typed, so only tablets whose sides all have two
        // or more characters are read as sides in any order.
        let catalog = pillid::catalog::catalog();
        let sided: Vec<_> = catalog
            .products
            .iter()
            .filter(|p| imprint::parts(&p.imprint).all(|s| imprint::normalize_imprint(s).len() >= 2))
            .collect();
        let product = sided[index % sided.len()];
        let mut sides: Vec<String> = imprint::parts(&product.imprint).map(str::to_owned).collect();
        if misread {
            sides = sides.iter().map(|s| s.replace('0', "O")).collect();
        }
        let listed = sides.join(" ");
        sides.reverse();
        let reversed = sides.join(" ");
        prop_assert_eq!(answer(&identify(&Query::text(listed))), answer(&identify(&Query::text(reversed))));
    }

    #[test]
    fn two_plain_sides_swap_freely(a in "[BCDFHKLNPRSTVXZ0-9]{2,8}", b in "[BCDFHKLNPRSTVXZ0-9]{2,8}", pad in 1usize..4) {
        // Any two sides, in either order, with any spacing between them.
        let ab = answer(&identify(&Query::text(format!("{a} {b}"))));
        prop_assert_eq!(&ab, &answer(&identify(&Query::text(format!("{b} {a}")))));
        prop_assert_eq!(&ab, &answer(&identify(&Query::text(format!("{a}{}{}", " ".repeat(pad), b.to_lowercase())))));
    }
}
