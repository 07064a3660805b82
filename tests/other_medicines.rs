//! Tablets of other medicines are never answered "baclofen".
//!
//! Every tablet of another medicine in NLM's record is typed as a person
//! reads it (its sides separated by spaces), once alone and once with its
//! shape and colour, and the answers are checked: none may be a baclofen
//! `match`, and few may list a baclofen tablet at all. The named cases are
//! the ones found when pillid knew only baclofen.

use pillid::catalog::{catalog, Product};
use pillid::matcher::{identify, Identification, Query, Verdict, Warning};
use pillid::vocab::{Color, Shape};

/// The most rows, typed by imprint alone, that may list any baclofen
/// tablet (10%).
const MAX_LISTED_IMPRINT_ONLY: f64 = 0.10;
/// The most rows, typed with their shape and colour, that may list any
/// baclofen tablet (3%).
const MAX_LISTED_WITH_LOOKS: f64 = 0.03;

fn typed(p: &Product) -> String {
    p.imprint.replace(';', " ")
}

fn ask(text: &str, shape: Option<Shape>, color: Option<Color>) -> Identification<'static> {
    identify(&Query {
        imprint: text.to_owned(),
        shape,
        color,
        size_mm: None,
    })
}

/// The tablet's imprint with everything NLM records about its looks:
/// shape, colour and size.
fn ask_with_looks(p: &Product) -> Identification<'static> {
    identify(&Query {
        imprint: typed(p),
        shape: Some(p.shape),
        color: p.colors.first().copied(),
        size_mm: p.size_mm,
    })
}

fn lists_baclofen(id: &Identification<'_>) -> bool {
    id.candidates.iter().any(|c| c.product.is_target())
}

#[test]
fn no_tablet_of_another_medicine_is_answered_baclofen() {
    let others = &catalog().others;
    assert!(others.len() > 4000, "{} other tablets", others.len());
    let (mut listed_alone, mut listed_with_looks) = (0usize, 0usize);
    let mut confident_wrong = Vec::new();
    let mut examples = Vec::new();
    for p in others {
        let text = typed(p);
        let alone = ask(&text, None, None);
        let looks = ask_with_looks(p);
        for (id, how) in [(&alone, "alone"), (&looks, "with shape and colour")] {
            if id.verdict == Verdict::Match {
                confident_wrong.push(format!(
                    "{text:?} ({how}, {}): match on {}",
                    p.id, id.candidates[0].product.id
                ));
            }
        }
        if lists_baclofen(&alone) {
            listed_alone += 1;
            if examples.len() < 40 {
                let names: Vec<&str> = alone
                    .candidates
                    .iter()
                    .filter(|c| c.product.is_target())
                    .map(|c| c.product.imprint.as_str())
                    .collect();
                examples.push(format!("{text} -> {names:?}"));
            }
        }
        if lists_baclofen(&looks) {
            listed_with_looks += 1;
        }
    }
    let n = others.len() as f64;
    println!(
        "other medicines: {} rows; listing a baclofen tablet: {listed_alone} ({:.1}%) by imprint alone, \
         {listed_with_looks} ({:.1}%) with shape and colour; confident baclofen answers: {}",
        others.len(),
        100.0 * listed_alone as f64 / n,
        100.0 * listed_with_looks as f64 / n,
        confident_wrong.len()
    );
    println!("examples:\n{}", examples.join("\n"));
    assert!(
        confident_wrong.is_empty(),
        "tablets of other medicines answered as baclofen:\n{}",
        confident_wrong.join("\n")
    );
    assert!(
        (listed_alone as f64) < MAX_LISTED_IMPRINT_ONLY * n,
        "{listed_alone} of {n} rows list a baclofen tablet by imprint alone"
    );
    assert!(
        (listed_with_looks as f64) < MAX_LISTED_WITH_LOOKS * n,
        "{listed_with_looks} of {n} rows list a baclofen tablet with shape and colour"
    );
}

/// The imprints of other medicines that were answered "baclofen" when
/// pillid knew only baclofen, with their tablets' shape and colour.
const FORMERLY_CALLED_BACLOFEN: &[(&str, Shape, Color)] = &[
    ("d 24", Shape::Oval, Color::Blue),
    ("E6", Shape::Round, Color::White),
    ("114", Shape::Round, Color::Brown),
    ("L 235", Shape::Oval, Color::Orange),
    ("L 236", Shape::Oval, Color::Red),
    ("US 10", Shape::Round, Color::White),
    ("SZ 203", Shape::Round, Color::Brown),
];

#[test]
fn imprints_once_called_baclofen_are_no_longer_a_baclofen_match() {
    for &(text, shape, color) in FORMERLY_CALLED_BACLOFEN {
        for id in [ask(text, None, None), ask(text, Some(shape), Some(color))] {
            assert_ne!(
                id.verdict,
                Verdict::Match,
                "{text}: {:?}",
                id.candidates.first().map(|c| &c.product.id)
            );
            assert!(
                id.candidates.iter().any(|c| !c.product.is_target()),
                "{text}: the other medicine is listed"
            );
        }
    }
}

#[test]
fn the_same_imprint_on_another_medicine_is_named_on_the_baclofen_card() {
    let id = ask("E 6", None, None);
    assert_eq!(id.verdict, Verdict::Possible);
    let top = &id.candidates[0];
    assert_eq!(top.product.id, "eywa-e-6");
    assert!(
        top.warnings
            .iter()
            .any(|w| matches!(w, Warning::SameImprintOnOther(o) if o.imprint == "E6")),
        "{:?}",
        top.warnings
    );
}

#[test]
fn an_imprint_only_another_medicine_has_is_answered_not_baclofen() {
    let id = ask("TEVA 3109", None, None);
    assert_eq!(id.verdict, Verdict::OtherMedicine);
    let top = &id.candidates[0];
    assert!(!top.product.is_target());
    assert!(top
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::NotTarget(_))));
    let words = pillid::wording::answer_heading(&id);
    assert!(
        words.starts_with("Not baclofen. This imprint is recorded on "),
        "{words}"
    );
    assert!(words.contains("NLM record of 20"), "{words}");
}

#[test]
fn a_chosen_colour_that_contradicts_a_baclofen_tablet_forbids_a_match() {
    let id = ask("KP02 10", Some(Shape::Round), Some(Color::Blue));
    assert_ne!(id.verdict, Verdict::Match);
    let plain = ask("KP02 10", Some(Shape::Round), Some(Color::White));
    assert_eq!(plain.verdict, Verdict::Match);
}
