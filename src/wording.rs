//! Every word pillid says about a tablet, in one place: the page, the
//! command line and the JSON report all take their sentences from here.
//!
//! The core (catalog, matcher) returns typed values: a [`Verdict`], a
//! [`Reason`], a [`Warning`], a [`Notice`]. This module turns them into
//! words with `Display`, so no code anywhere needs to recognise a message
//! by its text.

use crate::catalog::{
    Confidence, DosageForm, Manufacturer, MarketingStatus, Product, Role, TARGET,
};
use crate::imprint::WordMeaning;
use crate::matcher::{
    display_imprint, Candidate, Identification, Level, Notice, Reason, Verdict, Warning,
};
use crate::vocab::{Color, Shape};
use std::fmt;

/// The heading of the verdict banner.
///
/// The no-match wording is deliberately a sentence, not a word: the person
/// holding an unknown tablet must not read "no match" as "probably fine".
pub const fn verdict_heading(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Match => "Match",
        Verdict::Possible => "Possible matches",
        Verdict::NoMatch => NO_MATCH,
        Verdict::OtherMedicine => NOT_TARGET,
        Verdict::Ndc => NDC_FOUND,
    }
}

/// The heading when an NDC was typed and tablets are recorded under it.
pub const NDC_FOUND: &str =
    "Tablets recorded under this NDC: what the tablet from this bottle should look like";

/// The first words of the other-medicine verdict.
pub const NOT_TARGET: &str = "Not baclofen";

/// The whole verdict sentence for an answer: the heading, and for another
/// medicine what it is recorded as: `Not baclofen. This imprint is recorded
/// on phenazopyridine 100 mg (Amneal, NLM record of 2012). Do not assume
/// what it is: check the label or ask a pharmacist.`
pub fn answer_heading(id: &Identification<'_>) -> String {
    match (id.verdict, id.candidates.first()) {
        (Verdict::OtherMedicine, Some(top)) => format!(
            "{NOT_TARGET}. This imprint is recorded on {} ({}). Do not assume what it is: check the label or ask a pharmacist.",
            strength(top.product),
            record_of(top.product)
        ),
        (verdict, _) => verdict_heading(verdict).to_owned(),
    }
}

/// Who a record of another medicine names and when it was made:
/// `Amneal Pharmaceuticals, NLM record of 2012`.
pub fn record_of(p: &Product) -> String {
    let labeler = p
        .labelers
        .first()
        .map_or("labeler not recorded", |l| l.name.as_str());
    let year = p
        .sources
        .first()
        .and_then(|s| s.date.as_deref())
        .and_then(|d| d.get(..4));
    match year {
        Some(year) => format!("{labeler}, NLM record of {year}"),
        None => format!("{labeler}, NLM record"),
    }
}

/// The no-match heading (the target medicine is named in it).
pub const NO_MATCH: &str =
    "No baclofen product matches this imprint: do not assume what it is; check the label or ask a pharmacist";

/// The verdict as the first line of the command line's answer.
pub fn verdict_line(verdict: Verdict) -> String {
    match verdict {
        Verdict::Match => "Verdict: MATCH (one confident identification)".to_owned(),
        Verdict::Possible => "Verdict: POSSIBLE MATCHES (none confident)".to_owned(),
        Verdict::NoMatch => format!("Verdict: NO MATCH. {NO_MATCH}."),
        Verdict::OtherMedicine => "Verdict: NOT BACLOFEN (another medicine's imprint)".to_owned(),
        Verdict::Ndc => format!("Verdict: NDC. {NDC_FOUND}."),
    }
}

/// The class that colours the verdict banner (`verdict-match`, ...).
pub const fn verdict_class(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Match => "verdict-match",
        Verdict::Possible => "verdict-possible",
        Verdict::NoMatch => "verdict-no-match",
        Verdict::OtherMedicine => "verdict-other",
        Verdict::Ndc => "verdict-ndc",
    }
}

/// What the page says about the tablets of other medicines it knows.
pub const OTHER_MEDICINES_NOTE: &str = "Only baclofen is meant to be complete here. The other medicines pillid knows are the U.S. National Library of Medicine's photographed record of 2009–2016: a few thousand of the tens of thousands of tablets sold, so \"no match\" never means \"not a medicine\": do not assume what an unknown tablet is.";

/// The size box's label.
pub const SIZE_LABEL: &str = "Size, longest side (mm)";

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

/// Drug and strength: `baclofen 10 mg`; for a record that does not name
/// them, says so.
pub fn strength(product: &Product) -> String {
    let drug = match (&product.drug, &product.description) {
        (drug, _) if !drug.is_empty() => drug.clone(),
        (_, Some(pack)) => format!("a tablet of the pack “{pack}”"),
        (_, None) => "a medicine not named in the record".to_owned(),
    };
    if product.strength.is_known() {
        format!("{drug} {}", product.strength)
    } else {
        drug.to_owned()
    }
}

/// For a tablet of the target medicine at any strength but the usual one,
/// the sentence that says so plainly: `This is baclofen 20 mg, not 10 mg`.
/// `None` for the usual strength and for other medicines (whose cards say
/// "not baclofen" instead).
pub fn not_usual_strength(product: &Product) -> Option<String> {
    (product.is_target() && !product.is_usual_strength()).then(|| {
        format!(
            "This is {} {}, not {}",
            product.drug,
            product.strength,
            TARGET.usual_strength()
        )
    })
}

/// A dosage form in plain words: `tablet`, `orally disintegrating tablet`,
/// `tablet, film coated`.
pub fn dosage_form(form: &DosageForm) -> String {
    form.spl_name().to_lowercase()
}

/// A dosage form for a narrow table column: `tablet`, `ODT`, `capsule`.
pub fn dosage_form_short(form: &DosageForm) -> String {
    match form {
        DosageForm::OrallyDisintegratingTablet => "ODT".to_owned(),
        other => dosage_form(other),
    }
}

/// The manufacturer with its lead on one line, for listings:
/// `Acme (not confirmed; lead: a press release)`.
pub fn manufacturer_with_lead(maker: &Manufacturer) -> String {
    match (&maker.name, maker.confirmed, &maker.lead) {
        (Some(name), false, Some(lead)) => format!("{name} (not confirmed; lead: {lead})"),
        (None, _, Some(lead)) => format!("not confirmed; lead: {lead}"),
        _ => manufacturer(maker),
    }
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

/// The warnings a card lists: the matcher's warnings, except the two the
/// card already shows in their own place: the strength sentence (see
/// [`not_usual_strength`]), the unconfirmed manufacturer with its lead
/// (see [`manufacturer`] and [`manufacturer_lead`]) and, on a tablet of
/// another medicine, "not baclofen" (its title says it).
pub fn card_warnings<'c, 'a>(c: &'c Candidate<'a>) -> Vec<&'c Warning<'a>> {
    c.warnings
        .iter()
        .filter(|w| {
            !matches!(
                w,
                Warning::OtherStrength(_) | Warning::MakerUnconfirmed(_) | Warning::NotTarget(_)
            )
        })
        .collect()
}

/// Whether the product is sold today, in one word for a table column:
/// `marketed`, `discontinued`, `not known`.
pub const fn status_short(status: MarketingStatus) -> &'static str {
    match status {
        MarketingStatus::Marketed => "marketed",
        MarketingStatus::Discontinued => "discontinued",
        MarketingStatus::Unknown => "not known",
    }
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

/// Colours for people: `white and yellow`.
fn colors_in_words(colors: &[Color]) -> String {
    colors
        .iter()
        .map(|c| c.spl_name().to_lowercase())
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Characters spaced out so each can be read: `K P 0 2`.
fn spaced(s: &str) -> String {
    s.chars().map(String::from).collect::<Vec<_>>().join(" ")
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Exact(chars) => write!(f, "Matched exactly: {}.", spaced(chars)),
            Reason::Lookalike { typed, imprint } => {
                write!(f, "Typed {typed} read as {imprint} (look-alike characters).")
            }
            Reason::Substituted { typed, imprint } => {
                write!(f, "Typed {typed} where the imprint has {imprint}.")
            }
            Reason::NotTyped(c) => write!(f, "Imprint character {c} was not typed."),
            Reason::Straddles => f.write_str(
                "The typed text would start inside one side and run into the next, which is unlikely.",
            ),
            Reason::Transposed => {
                f.write_str("Two neighbouring characters were typed in swapped order.")
            }
            Reason::Extra(chars) => {
                write!(f, "Typed characters not on this imprint: {}.", spaced(chars))
            }
            Reason::PartlyTyped(chars) => write!(
                f,
                "Only part of the imprint was typed; not typed: {}.",
                spaced(chars)
            ),
            Reason::SideOrder(shown) => write!(
                f,
                "Sides typed in a different order than the label lists them ({shown})."
            ),
            Reason::ShapeAgrees(s) => write!(f, "Shape {s} agrees."),
            Reason::ShapeDiffers { chosen, actual } => write!(
                f,
                "Shape: you chose {}, but this tablet is {} (the imprint decides).",
                chosen.spl_name().to_lowercase(),
                actual.spl_name().to_lowercase()
            ),
            Reason::ColorAgrees(c) => write!(f, "Colour {c} agrees."),
            Reason::SizeAgrees { given, actual } => {
                write!(f, "Size: you measured {given} mm; this tablet is {actual} mm.")
            }
            Reason::SizeDiffers { given, actual } => write!(
                f,
                "Size: you measured {given} mm, but this tablet is {actual} mm."
            ),
            Reason::SizeNotRecorded(given) => write!(
                f,
                "Size: you measured {given} mm; this tablet's size is not recorded."
            ),
            Reason::RecordedUnderNdc { ndc, seller } => match seller {
                Some(seller) => write!(f, "Recorded under NDC {ndc} ({seller})."),
                None => write!(
                    f,
                    "Recorded under NDC {ndc} (a repackager; its name is not in the source)."
                ),
            },
            Reason::ColorDiffers { chosen, actual } => write!(
                f,
                "Colour: you chose {}, but this tablet is {} (the imprint decides).",
                chosen.spl_name().to_lowercase(),
                colors_in_words(actual)
            ),
        }
    }
}

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::OtherStrength(p) => write!(
                f,
                "{}.",
                not_usual_strength(p).unwrap_or_else(|| strength(p))
            ),
            Warning::LookAlike(other) => write!(
                f,
                "Look-alike: {} {} tablet imprinted {} differs only slightly; check every character.",
                strength(other),
                other
                    .colors
                    .first()
                    .map_or(String::new(), |c| c.spl_name().to_lowercase()),
                display_imprint(&other.imprint)
            ),
            Warning::MakerUnconfirmed(lead) => write!(
                f,
                "Manufacturer not confirmed by a label (lead: {}).",
                lead.unwrap_or("none")
            ),
            Warning::Discontinued => f.write_str("Discontinued: this product is no longer marketed."),
            Warning::SameImprintOnOther(other) => write!(
                f,
                "The same imprint is on another medicine: {} ({}, {}). Compare shape, colour and size.",
                strength(other),
                appearance(other),
                record_of(other)
            ),
            Warning::NotTarget(p) => write!(
                f,
                "{NOT_TARGET}: this is {} ({}).",
                strength(p),
                record_of(p)
            ),
            Warning::AppearanceFrom(Confidence::SecondarySource) => f.write_str(
                "Appearance known from a secondary source (pill-image listing), not read on a label.",
            ),
            Warning::AppearanceFrom(Confidence::Inferred) => {
                f.write_str("Appearance inferred, not read on a label.")
            }
            Warning::AppearanceFrom(Confidence::LabelText) => {
                f.write_str("Appearance read on the label.")
            }
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::TooLong {
                chars,
                imprint_chars,
            } => write!(
                f,
                "The input was too long: only the first {chars} characters (and {imprint_chars} imprint letters and digits) were used."
            ),
            Notice::ReadAs(word, WordMeaning::Color(c)) => {
                write!(f, "Read “{word}” as the colour {c}.")
            }
            Notice::ReadAs(word, WordMeaning::Shape(s)) => {
                write!(f, "Read “{word}” as the shape {s}.")
            }
            Notice::ReadAs(word, WordMeaning::Strength(mg)) => write!(
                f,
                "Read “{word}” as a strength ({mg} mg), not as imprint text: a tablet is identified by what is printed on it."
            ),
            Notice::ReadAs(word, WordMeaning::Filler) => {
                write!(f, "Read “{word}” as a word that is not part of an imprint.")
            }
            Notice::Ignored(chars) => {
                let list: Vec<String> = chars.iter().map(|c| format!("“{c}”")).collect();
                write!(
                    f,
                    "Ignored characters that are not letters or digits: {}",
                    list.join(" ")
                )
            }
            Notice::ShapeChosenOverTyped { typed, chosen } => write!(
                f,
                "The shape typed ({typed}) differs from the shape chosen ({chosen}); using {chosen}."
            ),
            Notice::ColorChosenOverTyped { typed, chosen } => write!(
                f,
                "The colour typed ({typed}) differs from the colour chosen ({chosen}); using {chosen}."
            ),
            Notice::NothingTyped => f.write_str("Type the letters and numbers printed on the tablet."),
            Notice::NdcNotRecorded(code) => write!(
                f,
                "Read as an NDC ({code}): no tablet pillid knows is recorded under it."
            ),
            Notice::AttributesOnly => f.write_str(
                "No imprint typed: listing tablets of this shape and colour. Shape and colour alone never identify a tablet.",
            ),
        }
    }
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
    fn each_verdict_has_its_own_heading_and_class() {
        let all = [Verdict::Match, Verdict::Possible, Verdict::NoMatch];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(verdict_heading(*a), verdict_heading(*b));
                assert_ne!(verdict_class(*a), verdict_class(*b));
            }
        }
        // The command line says the whole no-match sentence too.
        assert!(verdict_line(Verdict::NoMatch).contains(NO_MATCH));
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
    fn the_usual_strength_is_plain_and_every_other_says_it_is_not_the_usual() {
        assert_eq!(strength(product("zydus-1285")), "baclofen 10 mg");
        assert_eq!(not_usual_strength(product("zydus-1285")), None);
        assert_eq!(
            not_usual_strength(product("zydus-1286")).as_deref(),
            Some("This is baclofen 20 mg, not 10 mg")
        );
        assert_eq!(
            not_usual_strength(product("zydus-1609")).as_deref(),
            Some("This is baclofen 5 mg, not 10 mg")
        );
    }

    #[test]
    fn cards_leave_out_the_warnings_they_show_in_their_own_place_and_keep_the_rest() {
        let answer = identify(&Query::text("1286"));
        let top = &answer.candidates[0];
        assert_eq!(top.product.id, "zydus-1286");
        let kinds: Vec<&str> = top.warnings.iter().map(Warning::kind).collect();
        assert!(kinds.contains(&"other_strength"), "{kinds:?}");
        assert!(kinds.contains(&"maker_unconfirmed"), "{kinds:?}");
        let shown: Vec<&str> = card_warnings(top).iter().map(|w| w.kind()).collect();
        assert_eq!(shown.len(), kinds.len() - 2, "{shown:?}");
        assert!(shown.contains(&"look_alike"), "{shown:?}");
        assert!(!shown.contains(&"other_strength") && !shown.contains(&"maker_unconfirmed"));
    }

    #[test]
    fn the_strength_warning_names_the_tablets_own_medicine_and_strength() {
        let p = product("zydus-1286");
        assert_eq!(
            Warning::OtherStrength(p).to_string(),
            "This is baclofen 20 mg, not 10 mg."
        );
        let mut other = p.clone();
        other.scope = crate::catalog::Scope::Other;
        other.drug = "valsartan / hydrochlorothiazide".to_owned();
        other.strength = crate::catalog::Strength::parse("160 mg / 25 mg").unwrap();
        assert_eq!(not_usual_strength(&other), None);
        let look = Warning::LookAlike(&other).to_string();
        assert!(
            look.contains("valsartan / hydrochlorothiazide 160 mg / 25 mg")
                && !look.contains("baclofen"),
            "{look}"
        );
    }

    #[test]
    fn appearance_and_score_line_in_words() {
        let p = product("zydus-1285");
        assert_eq!(appearance(p), "white, round");
        assert_eq!(score_line(p), "score line (breaks in two)");
        assert_eq!(score_line(product("zydus-1609")), "score line not recorded");
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
            imprint: "22 65 V".into(),
            shape: Some(Shape::Capsule),
            color: Some(Color::Yellow),
            size_mm: None,
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
