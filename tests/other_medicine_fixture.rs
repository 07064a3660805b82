//! A tablet of another medicine, loaded from a small table of two, is
//! matched, reported and shown as what it is, never called baclofen: through
//! the matcher, the JSON report and a native render of its card.

use pillid::catalog::{others, Catalog};
use pillid::matcher::{Matcher, Query, Verdict, Warning};
use pillid::report::Report;
use pillid::ui::answer::Answer;
use pillid::ui::card::{ResultCard, ResultCardProps};
use std::rc::Rc;

const FIXTURE: &str = include_str!("fixtures/two-other-medicines.tsv");

/// A catalog with no baclofen tablet and the two fixture tablets, for the
/// life of the test binary (the card's answer borrows it).
fn matcher() -> &'static Matcher<'static> {
    let tablets = others::parse_table(FIXTURE).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(tablets.len(), 2);
    let catalog: &'static Catalog = Box::leak(Box::new(Catalog::default().with_others(tablets)));
    Box::leak(Box::new(Matcher::new(catalog)))
}

#[test]
fn the_matcher_and_the_report_say_which_medicine_it_is() {
    let id = matcher().identify(&Query::text("teva 3109"));
    assert_eq!(id.verdict, Verdict::OtherMedicine);
    let top = &id.candidates[0];
    assert_eq!(top.product.drug, "amoxicillin");
    assert!(!top.product.is_target());
    assert!(top
        .warnings
        .iter()
        .all(|w| !matches!(w, Warning::OtherStrength(_))));
    let json = serde_json::to_value(Report::new(&id)).unwrap();
    assert_eq!(json["verdict"], "other_medicine");
    let first = &json["results"][0];
    assert_eq!(first["drug"], "amoxicillin");
    assert_eq!(first["is_target"], false);
    assert_eq!(first["strength"], "500 mg");
    let text = json.to_string();
    assert!(!text.contains("This is baclofen"), "{text}");
    assert!(
        first["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "not_target"),
        "{first}"
    );
}

#[tokio::test]
async fn its_card_says_not_baclofen_and_names_the_medicine() {
    let id = matcher().identify(&Query::text("114"));
    assert_eq!(
        id.candidates[0].product.drug,
        "phenazopyridine hydrochloride"
    );
    let props = ResultCardProps {
        answer: Answer::new(Rc::new(id)),
        index: 0,
        scored: None,
    };
    let render = yew::LocalServerRenderer::<ResultCard>::with_props(props)
        .hydratable(false)
        .render();
    let html = tokio::task::LocalSet::new().run_until(render).await;
    assert!(html.contains("other-medicine"), "{html}");
    assert!(
        html.contains("Not baclofen: phenazopyridine hydrochloride 100 mg"),
        "{html}"
    );
    assert!(!html.contains("This is baclofen"), "{html}");
    assert!(!html.contains("strength-ten"), "no 10 mg styling: {html}");
}
