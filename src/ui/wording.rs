//! The words the page shows, kept apart from the markup so that they are
//! tested natively and read the same wherever they appear.

use crate::catalog::{Manufacturer, Product};
use crate::matcher::{Level, Verdict};

/// The heading of the verdict banner.
///
/// The no-match wording is deliberately a sentence, not a word: the person
/// holding an unknown tablet must not read "no match" as "probably fine".
pub const fn verdict_heading(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Match => "Match",
        Verdict::Possible => "Possible matches",
        Verdict::NoMatch => {
            "No baclofen product matches this imprint: do not assume what it is; check the label or ask a pharmacist"
        }
    }
}

/// The class that colours the verdict banner (`verdict-match`, ...).
pub const fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Match => "verdict-match",
        Verdict::Possible => "verdict-possible",
        Verdict::NoMatch => "verdict-no-match",
    }
}

/// What the page shows before anything has been typed.
pub const PROMPT: &str =
    "Type the letters and numbers printed on the tablet, both sides in any order.";

/// Drug and strength: `baclofen 10 mg`.
pub fn strength(product: &Product) -> String {
    format!("{} {} mg", product.drug, product.strength_mg)
}

/// Who makes the tablet, never more sure than the sources: the name when a
/// label gives it, the name marked "(not confirmed)" when only a secondary
/// source does, and "not confirmed" when nobody names one.
pub fn manufacturer(maker: &Manufacturer) -> String {
    match (&maker.name, maker.confirmed) {
        (Some(name), true) => name.clone(),
        (Some(name), false) => format!("{name} (not confirmed)"),
        (None, _) => "not confirmed".to_owned(),
    }
}

/// Colour and shape in plain words: `white, round`.
pub fn appearance(product: &Product) -> String {
    let mut words: Vec<String> = product
        .colors
        .iter()
        .map(|c| c.spl_name().to_lowercase())
        .collect();
    words.push(product.shape.spl_name().to_lowercase());
    words.join(", ")
}

/// How sure pillid is about one candidate: `high`, `medium` or `low`.
pub const fn confidence(level: Level) -> &'static str {
    level.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Confidence;

    fn maker(name: Option<&str>, confirmed: bool) -> Manufacturer {
        Manufacturer {
            name: name.map(str::to_owned),
            confirmed,
            lead: None,
            confidence: Confidence::SecondarySource,
        }
    }

    #[test]
    fn no_match_tells_not_to_assume() {
        let text = verdict_heading(Verdict::NoMatch);
        assert!(text.starts_with("No baclofen product matches this imprint"));
        assert!(text.contains("do not assume what it is"));
        assert!(text.contains("ask a pharmacist"));
    }

    #[test]
    fn each_verdict_has_its_own_heading_and_class() {
        let all = [Verdict::Match, Verdict::Possible, Verdict::NoMatch];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(verdict_heading(*a), verdict_heading(*b));
                assert_ne!(verdict_class(*a), verdict_class(*b));
            }
        }
        assert_eq!(verdict_heading(Verdict::Match), "Match");
        assert_eq!(verdict_heading(Verdict::Possible), "Possible matches");
    }

    #[test]
    fn a_manufacturer_is_never_shown_surer_than_its_source() {
        assert_eq!(manufacturer(&maker(Some("Acme"), true)), "Acme");
        assert_eq!(
            manufacturer(&maker(Some("Acme"), false)),
            "Acme (not confirmed)"
        );
        assert_eq!(manufacturer(&maker(None, false)), "not confirmed");
        assert_eq!(manufacturer(&maker(None, true)), "not confirmed");
    }

    #[test]
    fn strength_and_appearance_of_a_database_product() {
        let catalog = crate::catalog::catalog();
        let product = catalog
            .products
            .iter()
            .find(|p| p.strength_mg == 10)
            .expect("the database has a 10 mg tablet");
        assert_eq!(strength(product), "baclofen 10 mg");
        let looks = appearance(product);
        assert!(looks.ends_with(&product.shape.spl_name().to_lowercase()));
        assert_eq!(looks, looks.to_lowercase());
    }
}
