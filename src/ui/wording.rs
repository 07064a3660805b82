//! The words the page shows, kept apart from the markup so that they are
//! tested natively and read the same wherever they appear.

use crate::catalog::{Confidence, Manufacturer, MarketingStatus, Product, Role};
use crate::matcher::{Candidate, Level, Verdict};
use crate::vocab::{Color, Shape};

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

/// Next to the input when what was typed is longer than the matcher
/// reads (see [`crate::imprint::MAX_INPUT_CHARS`]); the notes under the
/// verdict say exactly how much was used.
pub const INPUT_CAPPED: &str =
    "That is longer than any imprint, so only its beginning is used (see the note below the verdict).";

/// Under a "possible matches" banner: how to narrow the list down.
pub const NARROW_DOWN: &str =
    "Not sure which one? Check every character, and choose the shape and colour: they reorder the list.";

/// Under the cards: the drawing is a sketch from the database.
pub const DRAWING_CAPTION: &str = "Sketch from the database, not a photo.";

/// How many cards follow the banner.
pub fn listed(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => "1 tablet listed.".to_owned(),
        n => format!("{n} tablets listed, best first."),
    }
}

/// Drug and strength: `baclofen 10 mg`.
pub fn strength(product: &Product) -> String {
    format!("{} {} mg", product.drug, product.strength_mg)
}

/// For any strength but 10 mg, the sentence that says so plainly:
/// `This is baclofen 20 mg, not 10 mg`. `None` for a 10 mg tablet.
pub fn not_ten_mg(product: &Product) -> Option<String> {
    (!product.is_10_mg()).then(|| {
        format!(
            "This is {} {} mg, not 10 mg",
            product.drug, product.strength_mg
        )
    })
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

/// The lead the sources give for an unconfirmed maker, to show under it.
pub fn manufacturer_lead(maker: &Manufacturer) -> Option<String> {
    if maker.confirmed {
        return None;
    }
    maker.lead.as_ref().map(|lead| format!("Lead: {lead}"))
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

/// Whether the tablet has a score line, as the database says.
pub fn score_line(product: &Product) -> String {
    match product.score {
        None => "score line not recorded".to_owned(),
        Some(0 | 1) => "no score line".to_owned(),
        Some(2) => "score line (breaks in two)".to_owned(),
        Some(n) => format!("score lines (breaks in {n})"),
    }
}

/// When the user said whether the tablet is scored and the database
/// disagrees or does not know, the sentence that says so. The score line
/// never changes the ranking; it is only pointed out.
pub fn score_disagreement(product: &Product, said: Option<bool>) -> Option<String> {
    let said = said?;
    match (said, product.score) {
        (_, None) => {
            Some("The database does not record whether this tablet has a score line.".to_owned())
        }
        (true, Some(n)) if n < 2 => {
            Some("You said the tablet has a score line; this one has none on record.".to_owned())
        }
        (false, Some(n)) if n >= 2 => {
            Some("You said the tablet has no score line; this one has one on record.".to_owned())
        }
        _ => None,
    }
}

/// When the chosen shape disagrees with the product, a short note for the
/// card: `you chose capsule`.
pub fn chosen_shape_differs(c: &Candidate<'_>, chosen: Option<Shape>) -> Option<String> {
    match (c.shape_agrees, chosen) {
        (Some(false), Some(shape)) => {
            Some(format!("you chose {}", shape_label(shape).to_lowercase()))
        }
        _ => None,
    }
}

/// When the chosen colour disagrees with the product: `you chose yellow`.
pub fn chosen_color_differs(c: &Candidate<'_>, chosen: Option<Color>) -> Option<String> {
    match (c.color_agrees, chosen) {
        (Some(false), Some(color)) => {
            Some(format!("you chose {}", color_label(color).to_lowercase()))
        }
        _ => None,
    }
}

/// How sure pillid is about one candidate: `high`, `medium` or `low`.
pub const fn confidence(level: Level) -> &'static str {
    level.as_str()
}

/// The confidence badge: `High confidence`.
pub const fn confidence_badge(level: Level) -> &'static str {
    match level {
        Level::High => "High confidence",
        Level::Medium => "Medium confidence",
        Level::Low => "Low confidence",
    }
}

/// The warnings a card lists. The matcher's warnings, except the two the
/// card already shows in their own place: the strength sentence (see
/// [`not_ten_mg`]) and the unconfirmed manufacturer with its lead (see
/// [`manufacturer`] and [`manufacturer_lead`]).
pub fn card_warnings<'c>(c: &'c Candidate<'_>) -> Vec<&'c str> {
    let strength = not_ten_mg(c.product);
    c.warnings
        .iter()
        .map(String::as_str)
        .filter(|w| strength.as_deref() != Some(w.trim_end_matches('.')))
        .filter(|w| !w.starts_with(MANUFACTURER_WARNING))
        .collect()
}

/// How the matcher's warning about an unconfirmed maker begins.
const MANUFACTURER_WARNING: &str = "Manufacturer not confirmed by a label";

/// True for a warning about a look-alike tablet of another strength or
/// maker, which the card shows most prominently.
pub fn is_lookalike_warning(warning: &str) -> bool {
    warning.starts_with("Look-alike")
}

/// Whether the product is sold today.
pub const fn status(status: MarketingStatus) -> &'static str {
    match status {
        MarketingStatus::Marketed => "marketed",
        MarketingStatus::Discontinued => "discontinued: no longer marketed",
        MarketingStatus::Unknown => "not known",
    }
}

/// What a labeler does with the tablet, in words.
pub const fn role(role: Role) -> &'static str {
    match role {
        Role::Manufacturer => "manufacturer",
        Role::Distributor => "distributor",
        Role::Repackager => "repackager",
        Role::Unknown => "role not known",
    }
}

/// Marked next to a labeler whose link to this tablet is deduced, not read.
pub const LINK_NOT_CONFIRMED: &str = "link not confirmed";

/// True when a labeler's link to the tablet must be shown as unconfirmed.
pub fn link_unconfirmed(confidence: Confidence) -> bool {
    confidence == Confidence::Inferred
}

/// Where the appearance comes from, in words: `Appearance: from the label`.
pub fn appearance_source(confidence: Confidence) -> String {
    format!("Appearance: {}", confidence.describe())
}

/// The address a source may be linked to: only `https://` and `http://`
/// web pages. A path to a stored seed document, or anything else
/// (`javascript:`, `data:`), is shown as text.
pub fn web_link(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let plain = !rest.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    plain.then_some(url)
}

/// A shape for people: `Round`, `Heptagon (7 sides)`, `Double circle`.
pub fn shape_label(shape: Shape) -> String {
    sentence_case(shape.spl_name())
}

/// A colour for people: `White`.
pub fn color_label(color: Color) -> String {
    sentence_case(color.spl_name())
}

fn sentence_case(spl: &str) -> String {
    let lower = spl.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => lower,
    }
}

/// What the drawing shows, for people who cannot see it:
/// `Drawing of a white, round tablet: KP02 on one side, 10 on the other,
/// with a score line.`
pub fn drawing_label(product: &Product, front: &[String], back: &[String], scored: bool) -> String {
    let side = |lines: &[String]| {
        if lines.is_empty() {
            "plain".to_owned()
        } else {
            lines.join(" over ")
        }
    };
    let score = if scored { ", with a score line" } else { "" };
    format!(
        "Drawing of a {} tablet: {} on one side, {} on the other{score}.",
        appearance(product),
        side(front),
        side(back)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::matcher::{identify, Query};

    fn maker(name: Option<&str>, confirmed: bool) -> Manufacturer {
        Manufacturer {
            name: name.map(str::to_owned),
            confirmed,
            lead: Some("a press release".to_owned()),
            confidence: Confidence::SecondarySource,
        }
    }

    fn product(id: &str) -> &'static Product {
        catalog()
            .product(id)
            .unwrap_or_else(|| panic!("{id} is in the database"))
    }

    #[test]
    fn no_match_tells_not_to_assume() {
        assert_eq!(
            verdict_heading(Verdict::NoMatch),
            "No baclofen product matches this imprint: do not assume what it is; check the label or ask a pharmacist"
        );
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
        assert_eq!(
            manufacturer_lead(&maker(None, false)).as_deref(),
            Some("Lead: a press release")
        );
        assert_eq!(manufacturer_lead(&maker(Some("Acme"), true)), None);
    }

    #[test]
    fn ten_mg_is_plain_and_every_other_strength_says_it_is_not_ten() {
        assert_eq!(strength(product("zydus-1285")), "baclofen 10 mg");
        assert_eq!(not_ten_mg(product("zydus-1285")), None);
        assert_eq!(
            not_ten_mg(product("zydus-1286")).as_deref(),
            Some("This is baclofen 20 mg, not 10 mg")
        );
        assert_eq!(
            not_ten_mg(product("zydus-1609")).as_deref(),
            Some("This is baclofen 5 mg, not 10 mg")
        );
    }

    #[test]
    fn cards_do_not_repeat_what_they_show_elsewhere_but_keep_every_other_warning() {
        let answer = identify(&Query::text("1286"));
        let top = &answer.candidates[0];
        assert_eq!(top.product.id, "zydus-1286");
        // The matcher says it too, in the same words: if its wording
        // changes, this test says that the card would repeat it.
        assert!(top
            .warnings
            .iter()
            .any(|w| w == "This is baclofen 20 mg, not 10 mg."));
        assert!(top
            .warnings
            .iter()
            .any(|w| w.starts_with(MANUFACTURER_WARNING)));
        let shown = card_warnings(top);
        assert_eq!(shown.len(), top.warnings.len() - 2, "{shown:?}");
        assert!(shown.iter().any(|w| is_lookalike_warning(w)), "{shown:?}");
    }

    #[test]
    fn appearance_score_and_status_in_words() {
        let p = product("zydus-1285");
        assert_eq!(appearance(p), "white, round");
        assert_eq!(score_line(p), "score line (breaks in two)");
        assert_eq!(score_line(product("zydus-1609")), "score line not recorded");
        assert_eq!(
            status(MarketingStatus::Discontinued),
            "discontinued: no longer marketed"
        );
    }

    #[test]
    fn a_score_line_the_user_reports_is_compared_with_the_database() {
        let scored = product("zydus-1285");
        let unknown = product("zydus-1609");
        assert_eq!(score_disagreement(scored, None), None);
        assert_eq!(score_disagreement(scored, Some(true)), None);
        assert!(score_disagreement(scored, Some(false))
            .unwrap()
            .contains("has one on record"));
        assert!(score_disagreement(unknown, Some(true))
            .unwrap()
            .contains("does not record"));
    }

    #[test]
    fn a_shape_or_colour_the_tablet_does_not_have_is_pointed_out() {
        let answer = identify(&Query {
            imprint: "2265".into(),
            shape: Some(Shape::Capsule),
            color: Some(Color::Yellow),
        });
        let c = answer
            .candidates
            .iter()
            .find(|c| c.product.id == "imprint-2265-v")
            .expect("2265 V is listed");
        assert_eq!(
            chosen_shape_differs(c, answer.shape).as_deref(),
            Some("you chose capsule")
        );
        assert_eq!(
            chosen_color_differs(c, answer.color).as_deref(),
            Some("you chose yellow")
        );
        let plain = identify(&Query::text("2265"));
        assert_eq!(chosen_shape_differs(&plain.candidates[0], None), None);
    }

    #[test]
    fn only_web_pages_become_links() {
        let page = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=x";
        assert_eq!(web_link(page), Some(page));
        assert_eq!(web_link("seeds/003_fbc7754b9cd57f61.txt"), None);
        assert_eq!(web_link("javascript:window.__pwned=1"), None);
        assert_eq!(web_link("http://example.com/"), Some("http://example.com/"));
        assert_eq!(web_link("HTTPS://example.com/"), None);
        assert_eq!(web_link("https://"), None);
        assert_eq!(web_link("https://a b"), None);
        assert_eq!(web_link("data:text/html,<script>"), None);
    }

    #[test]
    fn every_database_link_is_a_web_page_or_a_stored_copy() {
        let sources = catalog().products.iter().flat_map(|p| {
            p.sources
                .iter()
                .chain(p.labelers.iter().flat_map(|l| l.sources.iter()))
        });
        for s in sources {
            assert!(
                web_link(&s.url).is_some() || s.url.starts_with("seeds/"),
                "{} would be shown without a link",
                s.url
            );
        }
    }

    #[test]
    fn vocabulary_labels_read_like_words() {
        assert_eq!(shape_label(Shape::Heptagon), "Heptagon (7 sides)");
        assert_eq!(shape_label(Shape::DoubleCircle), "Double circle");
        assert_eq!(color_label(Color::Turquoise), "Turquoise");
        assert_eq!(confidence_badge(Level::High), "High confidence");
        assert_eq!(listed(1), "1 tablet listed.");
        assert_eq!(listed(3), "3 tablets listed, best first.");
    }

    #[test]
    fn the_drawing_is_described_in_words() {
        let p = product("chartwell-lci-1330");
        let label = drawing_label(p, &["LCI".into(), "1330".into()], &[], true);
        assert_eq!(
            label,
            "Drawing of a white, round tablet: LCI over 1330 on one side, plain on the other, with a score line."
        );
    }
}
