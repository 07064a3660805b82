//! The matcher's specification: what a pharmacist or caregiver types, and
//! what pillid must answer.
//!
//! Each row is a query (text plus optional picked shape and colour) and the
//! expectation: the product that must rank first (by its SPL imprint) and
//! whether the verdict must be `match`, may be `match`, or must not be. The
//! test prints top-1 accuracy and the number of confidently wrong answers.

use pillid::matcher::{display_imprint, identify, Query, Reason, Verdict, Warning};
use pillid::vocab::{Color, Shape};

/// What a query must produce.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// This imprint ranks first and the verdict is `match`.
    Match(&'static str),
    /// This imprint ranks first; the verdict must not be `match` (typos,
    /// partial or ambiguous input).
    Possible(&'static str),
    /// This imprint ranks first; `match` or `possible` are both acceptable
    /// (one whole side typed, or a shape or colour that disagrees).
    First(&'static str),
    /// Ambiguous input: `possible`, and every listed imprint is among the
    /// candidates.
    Ambiguous(&'static [&'static str]),
    /// Nothing in the database: `no_match`.
    NoMatch,
}
use Expect::*;

const ROUND: Option<Shape> = Some(Shape::Round);
const OVAL: Option<Shape> = Some(Shape::Oval);
const CAPSULE: Option<Shape> = Some(Shape::Capsule);
const WHITE: Option<Color> = Some(Color::White);
const YELLOW: Option<Color> = Some(Color::Yellow);

#[rustfmt::skip]
const CASES: &[(&str, Option<Shape>, Option<Color>, Expect)] = &[
    // Format variants: case, spaces, separators, side order.
    ("KP02 10", None, None, Match("KP02;10")),
    ("kp02 10", None, None, Match("KP02;10")),
    ("10 kp02", None, None, Match("KP02;10")),
    ("KP0210", None, None, Match("KP02;10")),
    ("kp02/10", None, None, Match("KP02;10")),
    ("KP02;10", None, None, Match("KP02;10")),
    ("N029", None, None, Match("N029")),
    ("n 0 2 9", None, None, Match("N029")),
    ("U 343", None, None, Match("U 343")),
    ("u343", None, None, Match("U 343")),
    ("lci 1330", None, None, Match("LCI;1330")),
    ("1330 LCI", None, None, Match("LCI;1330")),
    ("LCI-1330", None, None, Match("LCI;1330")),
    ("1285", None, None, Match("1285")),
    ("E 6", None, None, Match("E;6")),
    ("6 e", None, None, Match("E;6")),
    ("024", None, None, Match("024")),
    ("I 114", None, None, Match("I 114")),
    ("BAC 10 U-S", None, None, Match("BAC 10;U-S")),
    ("U-S BAC 10", None, None, Match("BAC 10;U-S")),
    ("bac10us", None, None, Match("BAC 10;U-S")),
    ("22 65 V", None, None, Match("22 65;V")),
    ("2265 V", None, None, Match("22 65;V")),
    ("V 2265", None, None, Match("22 65;V")),
    ("Z 4096 10", None, None, Match("Z 4096;10")),
    ("TV 4096 10", None, None, Ambiguous(&["Z 4096;10", "4096;TV"])),
    ("10 SP 351", None, None, Match("10;SP;351")),
    ("ＫＰ０２ １０", None, None, Match("KP02;10")),
    ("КР02 10", None, None, Match("KP02;10")),
    // The other strengths are found as themselves, never as their 10 mg twin.
    ("1286", None, None, Match("1286")),
    ("N030", None, None, Match("N030")),
    ("E 9", None, None, Match("E;9")),
    ("LCI 1337", None, None, Match("LCI;1337")),
    ("LCI 1333", None, None, Match("LCI;1333")),
    ("16 09", None, None, Match("16;09")),
    ("2266 V", None, None, Match("2266;V")),
    ("MX 24", None, None, Match("MX 24")),
    ("SP 352 20", None, None, Match("20;SP;352")),
    // Every misread pair: the look-alike reading still identifies the tablet.
    ("N O 2 9", None, None, Match("N029")),
    ("KPO2 10", None, None, Match("KP02;10")),
    ("KPD2 10", None, None, Match("KP02;10")),
    ("KPQ2 10", None, None, Match("KP02;10")),
    ("KP0Z 10", None, None, Match("KP02;10")),
    ("KP02 I0", None, None, Match("KP02;10")),
    ("KP02 l0", None, None, Match("KP02;10")),
    ("LC1 1330", None, None, Match("LCI;1330")),
    ("lcl 1330", None, None, Match("LCI;1330")),
    ("12B5", None, None, Match("1285")),
    ("1Z85", None, None, Match("1285")),
    ("12 8S", None, None, Match("1285")),
    ("E G", None, None, Match("E;6")),
    ("1 114", None, None, Match("I 114")),
    ("8AC 10 US", None, None, Match("BAC 10;U-S")),
    ("V 343", None, None, Match("U 343")),
    ("2 4096 10", None, None, Match("Z 4096;10")),
    ("NO3O", None, None, Match("N030")),
    // Typos: the right tablet first, but never a confident match.
    ("KP20 10", None, None, Possible("KP02;10")),
    ("KP2 10", None, None, Possible("KP02;10")),
    ("1258", None, None, Possible("1285")),
    ("N0299", None, None, Possible("N029")),
    ("U 334", None, None, Possible("U 343")),
    ("LCI 1303", None, None, Possible("LCI;1330")),
    // Partial input: one side, or a prefix.
    ("KP02", None, None, First("KP02;10")),
    ("1330", None, None, First("LCI;1330")),
    ("tv 4096", None, None, Match("4096;TV")),
    ("4096", None, None, First("Z 4096;10")),
    ("351", None, None, First("10;SP;351")),
    ("BAC 10", None, None, First("BAC 10;U-S")),
    // Ambiguous input: possible, never match.
    ("KP", None, None, Ambiguous(&["KP02;10"])),
    ("N0", None, None, Ambiguous(&["N029", "N030"])),
    ("U 3", None, None, Ambiguous(&["U 343"])),
    ("LCI 13", None, None, Ambiguous(&["LCI;1330", "LCI;1337", "LCI;1333"])),
    ("LCI 133", None, None, Ambiguous(&["LCI;1330", "LCI;1337", "LCI;1333"])),
    ("128", None, None, Ambiguous(&["1285", "1286"])),
    ("1287", None, None, Ambiguous(&["1285", "1286"])),
    ("E 8", None, None, NoMatch),
    ("N031", None, None, Ambiguous(&["N030"])),
    ("10", None, None, Ambiguous(&["KP02;10"])),
    ("E", None, None, Ambiguous(&["E;6", "E;9"])),
    ("V", None, None, Ambiguous(&["22 65;V", "2266;V"])),
    ("KP03 10", None, None, Ambiguous(&["KP02;10"])),
    // Shape and colour are evidence, not filters.
    ("2265 V", ROUND, None, First("22 65;V")),
    ("N029", None, YELLOW, First("N029")),
    ("1285 yellow", None, None, First("1285")),
    ("MX 24", None, WHITE, First("MX 24")),
    ("2266 V", OVAL, None, First("2266;V")),
    ("white round N029", None, None, Match("N029")),
    ("U 343 oval", None, None, First("U 343")),
    ("capsule 2266 v", None, None, First("2266;V")),
    ("off-white oval 2265 v", None, None, Match("22 65;V")),
    ("N029", ROUND, WHITE, Match("N029")),
    ("2266 V", CAPSULE, WHITE, First("2266;V")),
    // Imprints of other drugs: never a match.
    ("M 367", None, None, NoMatch),
    ("IP 190", None, None, NoMatch),
    ("WATSON 853", None, None, NoMatch),
    ("AN 627", None, None, NoMatch),
    ("G 3722", None, None, NoMatch),
    ("TEVA 3109", None, None, NoMatch),
    ("54 411", None, None, NoMatch),
    ("L484", None, None, NoMatch),
    // Garbage.
    ("", None, None, NoMatch),
    ("!!!", None, None, NoMatch),
    ("💊", None, None, NoMatch),
    ("<script>alert(1)</script>", None, None, NoMatch),
    ("asdfgh", None, None, NoMatch),
    // Every baclofen tablet NLM RxImage recorded (issue 11): the right
    // tablet, and so the right strength, first; a TV tablet has no strength
    // printed on it, and its 10 and 20 mg differ by one digit.
    ("4097 tv", None, None, Match("4097;TV")),
    ("tv 4097", None, None, Match("4097;TV")),
    ("4096 tv", None, None, Match("4096;TV")),
    ("TV", None, None, Ambiguous(&["4096;TV", "4097;TV"])),
    ("4097", None, None, Ambiguous(&["4097;TV", "4097;20"])),
    ("4097 20", None, None, Match("4097;20")),
    ("z 4097 20", None, None, First("4097;20")),
    ("bac 10 832", None, None, Match("BAC;10;832")),
    ("832 bc20", None, None, Match("832;BC20")),
    ("bc20", None, None, First("832;BC20")),
    ("g bn 10", None, None, Match("G;BN;10")),
    ("22 66 v", None, None, Match("2266;V")),
];

#[test]
fn pharmacist_queries() {
    let mut failures = Vec::new();
    let (mut ranked, mut top1, mut confident_wrong) = (0, 0, 0);
    for &(text, shape, color, expect) in CASES {
        let id = identify(&Query {
            imprint: text.to_owned(),
            shape,
            color,
        });
        let first = id.candidates.first().map(|c| c.product.imprint.as_str());
        let listed = |imp: &str| id.candidates.iter().any(|c| c.product.imprint == imp);
        let is_match = id.verdict == Verdict::Match;
        let (ok, wanted_first) = match expect {
            Match(imp) => (first == Some(imp) && is_match, Some(imp)),
            Possible(imp) => (first == Some(imp) && !is_match, Some(imp)),
            First(imp) => (first == Some(imp), Some(imp)),
            Ambiguous(imps) => (
                id.verdict == Verdict::Possible && imps.iter().all(|i| listed(i)),
                None,
            ),
            NoMatch => (id.verdict == Verdict::NoMatch, None),
        };
        if let Some(imp) = wanted_first {
            ranked += 1;
            if first == Some(imp) {
                top1 += 1;
            }
            if is_match && first != Some(imp) {
                confident_wrong += 1;
            }
        } else if is_match {
            confident_wrong += 1;
        }
        if !ok {
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
            failures.push(format!(
                "{text:?} {shape:?} {color:?}: expected {expect:?}, got {:?} [{}]",
                id.verdict,
                got.join(", ")
            ));
        }
    }
    println!(
        "matcher spec: {} queries; top-1 accuracy {top1}/{ranked} ({:.1}%); confident-wrong answers: {confident_wrong}",
        CASES.len(),
        100.0 * top1 as f64 / ranked.max(1) as f64
    );
    assert!(CASES.len() >= 60);
    assert!(
        failures.is_empty(),
        "{} failing queries:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(confident_wrong, 0);
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
    });
    assert_eq!(id.verdict, Verdict::Possible);
    assert!(id
        .candidates
        .iter()
        .all(|c| c.product.shape == Shape::Round && c.product.colors.contains(&Color::Yellow)));
    assert!(!id.candidates.is_empty());
}

#[test]
fn scores_are_within_zero_and_one() {
    for &(text, shape, color, _) in CASES {
        for c in identify(&Query {
            imprint: text.to_owned(),
            shape,
            color,
        })
        .candidates
        {
            assert!((0.0..=1.0).contains(&c.score), "{text}: {}", c.score);
        }
    }
}
