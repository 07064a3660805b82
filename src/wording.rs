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
use crate::text::Stripped;
use crate::ui::state::{Field, Note};
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

/// The no-match heading: pillid does not know the imprint, which is not
/// the same as "not baclofen" ([`no_match_detail`] says why and what to do).
pub const NO_MATCH: &str = "pillid does not know this imprint";

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

/// What the page says about the tablets of other medicines it knows.
pub const OTHER_MEDICINES_NOTE: &str = "Only baclofen is meant to be complete here. The other medicines pillid knows are the U.S. National Library of Medicine's photographed record of 2009–2016: a few thousand of the tens of thousands of tablets sold, so \"no match\" never means \"not a medicine\": do not assume what an unknown tablet is.";

/// The size box's label.
pub const SIZE_LABEL: &str = "Size, longest side (mm)";

/// The footer's line saying how old the database is, from its `as_of`
/// date (`None` when the database gives none).
pub fn data_as_of(as_of: Option<&str>) -> String {
    match as_of {
        Some(date) => format!(
            "Data as of {date}: the date its sources were last read. Tablet photos: U.S. National Library of Medicine, dated on each."
        ),
        None => "The database does not say when its sources were read.".to_owned(),
    }
}

/// The notice that a newer build of pillid has been downloaded and is
/// ready to load, with the `as_of` date of the data it carries (`None`
/// when that build's database gives none). See [`crate::ui::update`].
pub fn update_ready(data_as_of: Option<&str>) -> String {
    match data_as_of {
        Some(date) => format!("A newer version of pillid is ready (data of {date})."),
        None => "A newer version of pillid is ready.".to_owned(),
    }
}

/// The button of the update notice: loads the newer build.
pub const UPDATE_LOAD: &str = "Load the new version";

/// The same button once pressed, while the newer build takes over.
pub const UPDATE_LOADING: &str = "Loading the new version…";
// The answer at a glance: the banner, the two kinds of certainty, the
// one-line summary of a card.

/// How the verdict banner looks. Green only when the tablet is identified
/// at the usual strength and nothing the user said disagrees; red only to
/// stop: another strength, another medicine, or a shape or colour the user
/// gave that the tablet does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing typed yet.
    Quiet,
    /// Identified, at the usual strength.
    Go,
    /// Not certain: compare, or ask.
    Caution,
    /// Stop: not the usual strength, not the target medicine, or what the
    /// user said disagrees.
    Stop,
}

impl Tone {
    /// The class that colours the banner (`verdict-match`, ...).
    pub const fn class(self) -> &'static str {
        match self {
            Tone::Quiet => "verdict-quiet",
            Tone::Go => "verdict-match",
            Tone::Caution => "verdict-possible",
            Tone::Stop => "verdict-stop",
        }
    }
}

/// The verdict banner: the answer in one line, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    /// The answer: `Baclofen 10 mg · KP02 / 10`.
    pub heading: String,
    /// What to do, when the heading alone does not say it.
    pub detail: Option<String>,
    /// How it looks.
    pub tone: Tone,
}

/// What the banner says under a shape or colour the tablet does not have.
pub const SAID_OTHERWISE: &str =
    "Look at the tablet again. If it really looks like that, it may be another tablet: do not give it until a pharmacist has seen it.";

/// Under a "could be 10 mg or 20 mg" banner.
pub const STRENGTHS_TIED: &str =
    "Each is listed below. Do not give it until you have read that character, or a pharmacist has seen it.";

/// The answer at a glance, for the banner and the command line's first
/// line:
///
/// - `Baclofen 10 mg · KP02 / 10` (green) for a match at the usual strength;
/// - `Baclofen 20 mg — not 10 mg · 1286` (red) at any other strength;
/// - `Could be 10 mg or 20 mg: check the last digit (1285 is 10 mg, 1286 is
///   20 mg)` when tablets of two strengths fit equally well;
/// - `You said blue oval; this tablet is white round (1285, baclofen 10 mg)`
///   (red) when a shape or colour given disagrees with the best tablet;
/// - the no-match and other-medicine sentences.
pub fn banner(id: &Identification<'_>) -> Banner {
    let quiet = id.parsed.text.is_empty() && id.shape.is_none() && id.color.is_none();
    if quiet {
        return Banner {
            heading: PROMPT.to_owned(),
            detail: None,
            tone: Tone::Quiet,
        };
    }
    let top = id.candidates.first();
    if matches!(id.verdict, Verdict::Match | Verdict::Possible) {
        if let Some(said) = top.and_then(|c| said_otherwise(id, c)) {
            return Banner {
                heading: said,
                detail: Some(SAID_OTHERWISE.to_owned()),
                tone: Tone::Stop,
            };
        }
    }
    match (id.verdict, top) {
        (Verdict::Match, Some(c)) if c.product.is_target() => identified(c.product),
        (Verdict::OtherMedicine, Some(_)) => Banner {
            heading: answer_heading(id),
            detail: None,
            tone: Tone::Stop,
        },
        (Verdict::NoMatch, _) => Banner {
            heading: NO_MATCH.to_owned(),
            detail: Some(no_match_detail()),
            tone: Tone::Caution,
        },
        (Verdict::Ndc, _) => Banner {
            heading: NDC_FOUND.to_owned(),
            detail: None,
            tone: Tone::Caution,
        },
        _ => match strengths_tied(id) {
            Some(heading) => Banner {
                heading,
                detail: Some(STRENGTHS_TIED.to_owned()),
                tone: Tone::Caution,
            },
            None => Banner {
                heading: verdict_heading(Verdict::Possible).to_owned(),
                detail: None,
                tone: Tone::Caution,
            },
        },
    }
}

/// The banner of a match: green at the usual strength, red at any other.
fn identified(p: &Product) -> Banner {
    let imprint = display_imprint(&p.imprint);
    let drug = sentence_case(&p.drug);
    if p.is_usual_strength() {
        Banner {
            heading: format!("{drug} {} · {imprint}", p.strength),
            detail: None,
            tone: Tone::Go,
        }
    } else {
        Banner {
            heading: format!(
                "{drug} {} — not {} · {imprint}",
                p.strength,
                TARGET.usual_strength()
            ),
            detail: Some(format!(
                "This tablet is {} {}, not {}: check the prescribed strength with the label or a pharmacist.",
                p.drug,
                p.strength,
                TARGET.usual_strength()
            )),
            tone: Tone::Stop,
        }
    }
}

/// When a shape or colour the user gave is not the candidate's, the
/// sentence that says so: `You said blue oval; this tablet is white round
/// (1285, baclofen 10 mg)`. Everything the user gave is repeated, the part
/// that agrees too, so the two descriptions can be compared word by word.
pub fn said_otherwise(id: &Identification<'_>, c: &Candidate<'_>) -> Option<String> {
    if c.shape_agrees != Some(false) && c.color_agrees != Some(false) {
        return None;
    }
    let p = c.product;
    let mut said = Vec::new();
    let mut is = Vec::new();
    if let Some(color) = id.color {
        said.push(color.spl_name().to_lowercase());
        is.push(colors_in_words(&p.colors));
    }
    if let Some(shape) = id.shape {
        said.push(shape.spl_name().to_lowercase());
        is.push(p.shape.spl_name().to_lowercase());
    }
    Some(format!(
        "You said {}; this tablet is {} ({}, {})",
        said.join(" "),
        is.join(" "),
        display_imprint(&p.imprint),
        strength(p)
    ))
}

/// How many tablets of the target medicine the database knows.
pub fn target_tablets() -> usize {
    crate::catalog::catalog()
        .products
        .iter()
        .filter(|p| p.is_target())
        .count()
}

/// Under the no-match heading: what pillid knows, and what to do.
pub fn no_match_detail() -> String {
    format!(
        "It knows {} {} tablets and some makers' tablets are missing, so this could still be {}, or another medicine. Do not give it until a pharmacist has seen it.",
        target_tablets(),
        TARGET.drug,
        TARGET.drug
    )
}

/// The summary of the closed refine panel: what is chosen, `any shape,
/// any colour` when nothing is.
pub fn refine_summary(
    shape: Option<Shape>,
    color: Option<Color>,
    size_mm: Option<u32>,
    scored: Option<bool>,
) -> String {
    let shape = shape.map_or("any shape".to_owned(), |s| shape_label(s).to_lowercase());
    let color = color.map_or("any colour".to_owned(), |c| color_label(c).to_lowercase());
    let size = size_mm.map_or(String::new(), |mm| format!(", {mm} mm"));
    let score = match scored {
        None => "",
        Some(true) => ", scored",
        Some(false) => ", not scored",
    };
    format!("{shape}, {color}{size}{score}")
}

/// On a tablet whose appearance a source marks as a former one.
pub const FORMER_IMPRINT: &str = "A former appearance: a source says this tablet is no longer made like this, and the same NDC may now carry another imprint.";

/// Under the page `index.html` shows before the module arrives, once
/// something is typed into its box: the answer is not there yet, and why.
pub const STARTING: &str = "pillid is still starting: the answer appears in a moment.";

/// A word from a link is quoted in a note up to this many characters; a
/// hostile link could carry megabytes.
const MAX_QUOTED_CHARS: usize = 40;

/// A note about the user's input, shown beside the answer: "The link's
/// shape “blurple” is not one pillid knows, so it was ignored."
pub fn input_note(note: &Note) -> String {
    match note {
        Note::LinkHidden(field, stripped) => {
            let so = match field {
                Field::Imprint => "so the box shows exactly what is searched",
                _ => "before it was read",
            };
            hidden_removed(&format!("The link's {}", field_name(*field)), stripped, so)
        }
        Note::TypedHidden(stripped) => hidden_removed(
            "What was typed or pasted",
            stripped,
            "so the box shows exactly what is searched",
        ),
        Note::LinkUnknown(field, word) => {
            let mut quoted: String = word.chars().take(MAX_QUOTED_CHARS).collect();
            if word.chars().nth(MAX_QUOTED_CHARS).is_some() {
                quoted.push('…');
            }
            format!(
                "The link's {} “{quoted}” is not one pillid knows, so it was ignored.",
                field_name(*field)
            )
        }
    }
}

/// A part of the search, as a note names it.
const fn field_name(field: Field) -> &'static str {
    match field {
        Field::Imprint => "imprint",
        Field::Shape => "shape",
        Field::Colour => "colour",
        Field::ScoreLine => "score line",
        Field::Size => "size",
    }
}

/// "… was changed: a hidden character, U+202E (…), was removed, so …."
fn hidden_removed(subject: &str, stripped: &Stripped, so: &str) -> String {
    let Stripped { count, first } = stripped;
    if *count == 1 {
        format!("{subject} was changed: a hidden character, {first}, was removed, {so}.")
    } else {
        format!(
            "{subject} was changed: {count} hidden characters, the first {first}, were removed, {so}."
        )
    }
}

/// Under a no-match answer: how to read a tablet better.
pub const READING_TIPS: [&str; 4] = [
    "pillid already allows for 0 (zero) and O, 1 and I, 5 and S, 8 and B. It does not swap 6 and 8, or 6 and 9: if you are unsure of one, try the other.",
    "Try one side only: a side you cannot read well is better left out.",
    "For a logo, type only the letters and numbers next to it.",
    "Hold the tablet under a bright light and tilt it: pressed-in characters show best from the side.",
];

/// The heading of the reading tips.
pub const READING_TIPS_TITLE: &str = "Reading tips";

/// When tablets of the target medicine at two or more strengths fit what
/// was typed equally well (the best candidates share one confidence):
/// `Could be 10 mg or 20 mg: check the last digit (1285 is 10 mg, 1286 is
/// 20 mg)`. `None` otherwise.
pub fn strengths_tied(id: &Identification<'_>) -> Option<String> {
    let best = id.candidates.first()?.confidence;
    let tied: Vec<&Candidate<'_>> = id
        .candidates
        .iter()
        .take_while(|c| c.confidence == best)
        .collect();
    let mut twins: Vec<&Product> = Vec::new();
    for c in tied.iter().filter(|c| c.product.is_target()) {
        if !twins.iter().any(|t| t.strength == c.product.strength) {
            twins.push(c.product);
        }
    }
    if twins.len() < 2 {
        return None;
    }
    twins.sort_by(|a, b| a.strength.cmp(&b.strength));
    let names: Vec<String> = twins.iter().map(|p| p.strength.to_string()).collect();
    let strengths = one_or_another(&names);
    let others = tied.iter().any(|c| !c.product.is_target());
    let or_other = if others { ", or another medicine" } else { "" };
    let hint = where_they_differ(&twins[0].imprint, &twins[1].imprint);
    let which: Vec<String> = twins
        .iter()
        .map(|p| format!("{} is {}", display_imprint(&p.imprint), p.strength))
        .collect();
    Some(format!(
        "Could be {strengths}{or_other}: check {hint} ({})",
        which.join(", ")
    ))
}

/// `10 mg or 20 mg`; `5 mg, 10 mg or 20 mg`.
fn one_or_another(words: &[String]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Where two imprints differ, as `(before, differing, after)` of the
/// second one, shown as people read it (`1286` against `1285`: `128`, `6`,
/// ``). Only letters and digits are compared, so `22 65 / V` and `2266 / V`
/// differ in one digit.
pub fn difference(a: &str, b: &str) -> (String, String, String) {
    let alnum = |s: &str| -> Vec<(usize, char)> {
        s.char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .collect()
    };
    let shown = display_imprint(b);
    let a = alnum(&display_imprint(a));
    let b = alnum(&shown);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x.1 == y.1).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x.1 == y.1)
        .count();
    let start = b.get(prefix).map_or(shown.len(), |(i, _)| *i);
    let end = match b.len() - suffix {
        0 => 0,
        n => b[n - 1].0 + b[n - 1].1.len_utf8(),
    };
    let end = end.max(start);
    (
        shown[..start].to_owned(),
        shown[start..end].to_owned(),
        shown[end..].to_owned(),
    )
}

/// Which character to look at to tell two imprints apart: `the last
/// digit`, `the last two characters`, `the 4th character`, `every
/// character`.
pub fn where_they_differ(a: &str, b: &str) -> String {
    let (before, differs, after) = difference(a, b);
    let n = differs.chars().filter(|c| c.is_alphanumeric()).count();
    let kind = if differs
        .chars()
        .all(|c| c.is_ascii_digit() || !c.is_alphanumeric())
    {
        ("digit", "digits")
    } else {
        ("character", "characters")
    };
    let at_end = !after.chars().any(char::is_alphanumeric);
    match (n, at_end) {
        (1, true) => format!("the last {}", kind.0),
        (2, true) => format!("the last two {}", kind.1),
        (3, true) => format!("the last three {}", kind.1),
        (1, false) => {
            let position = before.chars().filter(|c| c.is_alphanumeric()).count() + 1;
            format!("the {} {}", ordinal(position), kind.0)
        }
        _ => "every character".to_owned(),
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A look-alike of a candidate, in neutral words that point at the
/// character that differs: the label (`20 mg twin: `), the look-alike's
/// imprint in three parts (before, differing, after: `128`, `6`, ``), and
/// where to look (`the last digit`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Twin {
    /// `20 mg twin: ` or `Look-alike, bumetanide 0.5 mg: `.
    pub label: String,
    /// The look-alike's imprint before the part that differs.
    pub before: String,
    /// The part that differs.
    pub differs: String,
    /// The rest of the imprint.
    pub after: String,
    /// Where to look: `, the last digit`.
    pub hint: String,
}

/// The look-alike `other` of the tablet `p`, in words.
pub fn twin(p: &Product, other: &Product) -> Twin {
    let label = if other.is_target() && p.is_target() && other.strength != p.strength {
        format!("{} twin: ", other.strength)
    } else {
        format!("Look-alike, {}: ", strength(other))
    };
    let (before, differs, after) = difference(&p.imprint, &other.imprint);
    Twin {
        label,
        before,
        differs,
        after,
        hint: format!(", {}", where_they_differ(&p.imprint, &other.imprint)),
    }
}

/// How well what was typed fits a candidate's imprint, in plain words:
/// `typed exactly`, `one character read as a look-alike (you typed O, the
/// tablet has 0)`, `partly typed`, `one character differs`.
pub fn typing_fit(c: &Candidate<'_>) -> String {
    use crate::matcher::MarkKind;
    let typed = c
        .marks
        .iter()
        .any(|m| !matches!(m.kind, MarkKind::Untyped | MarkKind::Separator));
    if !typed {
        return "no imprint typed (found by shape and colour)".to_owned();
    }
    let lookalikes: Vec<(char, char)> = c
        .marks
        .iter()
        .filter_map(|m| match m.kind {
            MarkKind::Lookalike(t) => Some((t, m.ch)),
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    match lookalikes.as_slice() {
        [] => {}
        [(typed, has)] => parts.push(format!(
            "one character read as a look-alike (you typed {typed}, the tablet has {has})"
        )),
        more => parts.push(format!("{} characters read as look-alikes", more.len())),
    }
    match c.unexplained_edits {
        0 => {}
        1 => parts.push("one character differs".to_owned()),
        n => parts.push(format!("{n} characters differ")),
    }
    if c.coverage < 1.0 - f64::EPSILON {
        parts.push("partly typed".to_owned());
    }
    if parts.is_empty() {
        "typed exactly".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Where pillid's description of the tablet comes from, in plain words:
/// `from the official label`, `from NLM's photo record`, `from pill-photo
/// sites only`.
pub fn record_quality(p: &Product) -> &'static str {
    if !p.is_target() {
        return "from NLM's photo record";
    }
    match p.confidence {
        Confidence::LabelText => "from the official label",
        _ if !p.photos.is_empty() => "from NLM's photo record",
        Confidence::SecondarySource => "from pill-photo sites only",
        Confidence::Inferred => "pieced together from several sources; no label seen",
    }
}

/// The label of the line that says how well the typing fits.
pub const TYPING_TITLE: &str = "Your typing:";

/// The label of the line that says where the record comes from.
pub const RECORD_TITLE: &str = "Our record:";

/// The question that opens the explanation of the two lines.
pub const CERTAINTY_HELP_TITLE: &str = "What does this mean?";

/// The explanation of the two lines.
pub const CERTAINTY_HELP: [&str; 3] = [
    "“Your typing” says how closely what you typed fits this tablet: typed exactly, a character read as its look-alike (O for 0, 8 for B), a character that differs, or only part of the imprint typed.",
    "“Our record” says where pillid's description of the tablet comes from: the official label (the best source), the U.S. National Library of Medicine's photo record, or pill-photo websites only (useful, but not checked against a label).",
    "Even when both are good, compare the shape, the colour and both sides with the tablet you hold.",
];

/// The one line at the top of a card, for the counter:
/// `1285 · baclofen 10 mg · Zydus (not confirmed) · NDC 70710-1285`.
pub fn card_summary(p: &Product) -> String {
    let what = if p.is_target() {
        strength(p)
    } else {
        format!("{}: {}", NOT_TARGET.to_lowercase(), strength(p))
    };
    [
        display_imprint(&p.imprint),
        what,
        maker_short(p),
        ndc_short(p),
    ]
    .join(" · ")
}

/// The maker in a word or two: `Zydus (not confirmed)`, `maker not
/// confirmed`; for another medicine, the labeler NLM names.
pub fn maker_short(p: &Product) -> String {
    if !p.is_target() {
        return p
            .labelers
            .first()
            .map_or("labeler not recorded".to_owned(), |l| {
                format!("labeler {}", l.name)
            });
    }
    match (&p.manufacturer.name, p.manufacturer.confirmed) {
        (Some(name), confirmed) => {
            let short = name.split_whitespace().next().unwrap_or(name);
            if confirmed {
                short.to_owned()
            } else {
                format!("{short} (not confirmed)")
            }
        }
        (None, _) => "maker not confirmed".to_owned(),
    }
}

/// The first NDC, with how many more: `NDC 70710-1285`, `NDC 0527-1330 +1
/// more`, `no NDC on record`.
fn ndc_short(p: &Product) -> String {
    match ndcs(p).as_slice() {
        [] => NO_NDC.to_owned(),
        [one] => format!("NDC {one}"),
        [first, rest @ ..] => format!("NDC {first} +{} more", rest.len()),
    }
}

/// The maker in the compact list, a word or two: `Zydus (not
/// confirmed)`, `not confirmed`; for another medicine, the first word of
/// the labeler NLM names: `Lannett (labeler)`.
pub fn list_maker(p: &Product) -> String {
    if p.is_target() {
        return match (&p.manufacturer.name, p.manufacturer.confirmed) {
            (None, _) => manufacturer(&p.manufacturer),
            _ => maker_short(p),
        };
    }
    p.labelers
        .first()
        .and_then(|l| l.name.split_whitespace().next())
        .map_or("labeler not recorded".to_owned(), |name| {
            format!("{name} (labeler)")
        })
}

/// Colour and shape in the fewest words, for the compact list: `white
/// round`, `white and yellow capsule`.
pub fn looks_short(product: &Product) -> String {
    format!(
        "{} {}",
        colors_in_words(&product.colors),
        product.shape.spl_name().to_lowercase()
    )
}

/// Every NDC recorded for the tablet, in the order of its labelers.
pub fn ndcs(p: &Product) -> Vec<&str> {
    p.labelers.iter().filter_map(|l| l.ndc.as_deref()).collect()
}

/// In the compact list, for a tablet without any NDC.
pub const NO_NDC: &str = "no NDC on record";

/// The medicine and strength in the compact list: `baclofen 10 mg`;
/// `baclofen 20 mg — not 10 mg`; `not baclofen: atorvastatin 10 mg`.
pub fn list_medicine(p: &Product) -> String {
    if !p.is_target() {
        format!("{}: {}", NOT_TARGET.to_lowercase(), strength(p))
    } else if p.is_usual_strength() {
        strength(p)
    } else {
        format!("{} — not {}", strength(p), TARGET.usual_strength())
    }
}

/// The compact list's column headings.
pub const LIST_COLUMNS: [&str; 5] = ["Imprint", "Medicine", "Looks", "Maker", "NDC"];

/// The compact list's caption (for screen readers).
pub const LIST_CAPTION: &str = "Tablets listed, best first";

/// The question of the switch between cards and the compact list.
pub const VIEW_LEGEND: &str = "Show as";

/// The shape picker's question.
pub const SHAPE_LEGEND: &str = "Shape";

/// The colour picker's question.
pub const COLOR_LEGEND: &str = "Colour";

/// The score-line picker's question.
pub const SCORE_LEGEND: &str = "Score line";

/// The shape and colour pickers' choice that takes the answer back.
pub const ANY_CHOICE: &str = "Any";

/// The score-line picker's choice that takes the answer back.
pub const SCORE_NOT_SURE: &str = "Not sure";

/// The score-line picker's choice of a scored tablet.
pub const SCORE_YES: &str = "Score line";

/// The score-line picker's choice of a tablet without a score line.
pub const SCORE_NO: &str = "No score line";

/// The switch's choice of full cards.
pub const VIEW_CARDS: &str = "Cards";

/// The switch's choice of the compact list.
pub const VIEW_LIST: &str = "Compact list";

/// What the user said that the tablet contradicts, as the card and the
/// compact list mark it: `≠ you chose oval`.
pub fn contradicted(what: &str) -> String {
    format!("≠ {what}")
}

/// In the compact list, a score line said otherwise than the record:
/// `you said scored`; `None` when they agree or either is not known.
pub fn score_differs_short(product: &Product, said: Option<bool>) -> Option<&'static str> {
    match (said?, product.score?) {
        (true, n) if n < 2 => Some("you said scored"),
        (false, n) if n >= 2 => Some("you said not scored"),
        _ => None,
    }
}

/// A lead longer than this many characters is folded to its first words.
pub const LEAD_FOLD_CHARS: usize = 90;

/// For a long lead (as [`manufacturer_lead`] words it), its first words
/// for the folded line: `Lead: A November 2018 press release
/// (business-standard.com) says…`; `None` for a short one, shown whole.
pub fn lead_glimpse(lead: &str) -> Option<String> {
    if lead.chars().count() <= LEAD_FOLD_CHARS {
        return None;
    }
    let mut glimpse = String::new();
    for word in lead.split_whitespace() {
        if glimpse.chars().count() + word.chars().count() > 60 {
            break;
        }
        if !glimpse.is_empty() {
            glimpse.push(' ');
        }
        glimpse.push_str(word);
    }
    Some(format!("{glimpse}…"))
}

/// A source's title for people: the file a copy is kept in and vocabulary
/// codes left out (`NLM RxImage record, NDC 00527-1330-10`).
pub fn source_title(s: &crate::catalog::Source) -> String {
    let title = s.title.clone().unwrap_or_else(|| {
        if web_link(&s.url).is_some() {
            s.url.clone()
        } else {
            "a stored copy".to_owned()
        }
    });
    let mut shown = String::new();
    let mut rest = title.as_str();
    while let Some(start) = rest.find("(copy: ") {
        shown.push_str(rest[..start].trim_end());
        rest = rest[start..]
            .find(')')
            .map_or("", |end| &rest[start + end + 1..]);
    }
    shown.push_str(rest);
    shown.replace("SPL ", "label ")
}

/// After a source that is not on the web: a copy pillid's authors keep.
pub const NOT_ONLINE: &str = "a copy kept by pillid's authors; not online";

/// The line under the banner: how many tablets follow, and for uncertain
/// answers what to do. One tablet reads in the singular: `1 tablet listed.
/// Not sure? ...`.
pub fn listed_line(verdict: Verdict, count: usize) -> String {
    match (verdict, count) {
        (_, 0) => String::new(),
        (Verdict::Possible, 1) => format!("{} {NOT_SURE_ONE}", listed(1)),
        (Verdict::Possible, n) => format!("{} {NARROW_DOWN}", listed(n)),
        (Verdict::NoMatch, 1) => {
            "Below: the closest tablet pillid knows. It is not what you typed.".to_owned()
        }
        (Verdict::NoMatch, n) => format!(
            "Below: the {n} closest tablets pillid knows, closest first. None is what you typed."
        ),
        (_, n) => listed(n),
    }
}

/// How many of the closest tablets a no-match answer names in one line.
pub const CLOSEST_NAMED: usize = 3;

/// Under a no-match banner, the closest tablets in one line: `Closest
/// tablets pillid knows: E / 6 (baclofen 10 mg), E / 9 (baclofen 20 mg)`.
/// `None` when nothing came close.
pub fn closest_line(id: &Identification<'_>) -> Option<String> {
    let named: Vec<String> = id
        .candidates
        .iter()
        .take(CLOSEST_NAMED)
        .map(|c| {
            format!(
                "{} ({})",
                display_imprint(&c.product.imprint),
                strength(c.product)
            )
        })
        .collect();
    (!named.is_empty()).then(|| format!("Closest tablets pillid knows: {}.", named.join(", ")))
}

/// Under a "possible" banner with a single tablet.
pub const NOT_SURE_ONE: &str =
    "Not sure? Check every character, and choose the shape and colour: a tablet that has neither is less likely to be this one.";

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

/// The warnings a card lists: the matcher's warnings, except those the
/// card already shows in their own place: the strength sentence (see
/// [`not_usual_strength`]), the unconfirmed manufacturer with its lead
/// (see [`manufacturer`] and [`manufacturer_lead`]), where the appearance
/// comes from (the "Our record" line, [`record_quality`]) and, on a tablet
/// of another medicine, "not baclofen" (its title says it).
pub fn card_warnings<'c, 'a>(c: &'c Candidate<'a>) -> Vec<&'c Warning<'a>> {
    c.warnings
        .iter()
        .filter(|w| {
            !matches!(
                w,
                Warning::OtherStrength(_)
                    | Warning::MakerUnconfirmed(_)
                    | Warning::NotTarget(_)
                    | Warning::AppearanceSecondhand
                    | Warning::AppearanceInferred
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

/// Where the appearance comes from, in words: `Appearance: from the
/// official label`.
pub fn appearance_source(p: &Product) -> String {
    format!("Appearance: {}", record_quality(p))
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

/// The button that shows the shapes folded away (uncommon ones).
pub const MORE_SHAPES: &str = "More shapes";

/// The button that shows the colours folded away (uncommon ones).
pub const MORE_COLORS: &str = "More colours";

/// The same button once the folded choices are shown.
pub const FEWER_CHOICES: &str = "Show fewer";

/// The "more" button with how many choices it shows: `More shapes (16)`.
pub fn more_choices(more: &str, hidden: usize) -> String {
    format!("{more} ({hidden})")
}

/// A character of the imprint that was typed as another one, in words for
/// the "Read as" line of a card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypedInstead {
    /// The tablet's character, shown marked before the sentence.
    pub on_tablet: String,
    /// `: you typed 2, the tablet has 0`.
    pub sentence: String,
}

/// Says in words what was typed for one of the imprint's characters:
/// `you typed 2, the tablet has 0`, and for a look-alike `you typed O,
/// the tablet has 0 (they look alike)`.
pub fn typed_instead(typed: char, on_tablet: &str, lookalike: bool) -> TypedInstead {
    let alike = if lookalike { " (they look alike)" } else { "" };
    TypedInstead {
        on_tablet: on_tablet.to_owned(),
        sentence: format!(": you typed {typed}, the tablet has {on_tablet}{alike}"),
    }
}

/// Where a sketch has its score line when no source says which face
/// carries it: the line is drawn (the tablet is scored), dashed, and these
/// words stand under the drawing.
pub const SCORE_FACE_NOT_KNOWN: &str = "Score line: face not known.";

/// What the drawing shows, for people who cannot see it:
/// `Drawing of a white, round tablet: KP02 on one side, 10 on the other,
/// with a score line.` When the score line is drawn but no source says on
/// which face it is, the label says so: `..., with a score line (face not
/// known).`
pub fn drawing_label(
    product: &Product,
    front: &[String],
    back: &[String],
    scored: bool,
    face_known: bool,
) -> String {
    let side = |lines: &[String]| {
        if lines.is_empty() {
            "plain".to_owned()
        } else {
            lines.join(" over ")
        }
    };
    let score = match (scored, face_known) {
        (false, _) => "",
        (true, true) => ", with a score line",
        (true, false) => ", with a score line (face not known)",
    };
    format!(
        "Drawing of a {} tablet: {} on one side, {} on the other{score}.",
        appearance(product),
        side(front),
        side(back)
    )
}

/// The text alternative of a tablet's photo: what is printed on each face
/// (`faces`: its lines, and whether the score line is said to be on it),
/// `Photo of both faces of the tablet on a millimetre ruler: TV with a
/// score line on one face, 4097 on the other.` A scored tablet whose score
/// line no source places (`score_face_unknown`) is said to be scored
/// without naming a face; a logo is mentioned.
pub fn photo_alt(faces: [(&[String], bool); 2], score_face_unknown: bool, logo: bool) -> String {
    let side = |(lines, scored): (&[String], bool)| {
        let text = if lines.is_empty() {
            "plain".to_owned()
        } else {
            lines.join(" over ")
        };
        if scored {
            format!("{text} with a score line")
        } else {
            text
        }
    };
    let score = if score_face_unknown {
        " It has a score line; which face is not known."
    } else {
        ""
    };
    let logo = if logo {
        " The imprint includes a logo."
    } else {
        ""
    };
    format!(
        "Photo of both faces of the tablet on a millimetre ruler: {} on one face, {} on the other.{score}{logo}",
        side(faces[0]),
        side(faces[1])
    )
}

/// A photo's caption: who took it and when (`year`), and that a tablet may
/// look different now.
pub fn photo_caption(credit: &str, year: &str) -> String {
    format!(
        "Photo: {credit}, photographed {year}. Tablets can change appearance; this is how it looked then."
    )
}

/// The button that opens a photo large.
pub const PHOTO_OPEN: &str = "Show larger";

/// The button that shows it small again.
pub const PHOTO_CLOSE: &str = "Show smaller";

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
                "Shape: you chose {}, but this tablet is {}.",
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
                "Colour: you chose {}, but this tablet is {}.",
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
            Warning::AppearanceSecondhand => f.write_str(
                "Appearance known from a secondary source (pill-image listing), not read on a label.",
            ),
            Warning::AppearanceInferred => f.write_str("Appearance inferred, not read on a label."),
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

    #[test]
    fn the_footer_and_the_update_notice_say_the_data_date() {
        let as_of = catalog().as_of.as_deref();
        assert!(as_of.is_some());
        assert!(data_as_of(as_of).starts_with(&format!("Data as of {}:", as_of.unwrap())));
        assert!(data_as_of(None).contains("does not say"));
        assert_eq!(
            update_ready(Some("2027-01-31")),
            "A newer version of pillid is ready (data of 2027-01-31)."
        );
        assert_eq!(update_ready(None), "A newer version of pillid is ready.");
    }

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

    fn answer(
        imprint: &str,
        shape: Option<Shape>,
        color: Option<Color>,
    ) -> Identification<'static> {
        identify(&Query {
            imprint: imprint.into(),
            shape,
            color,
            size_mm: None,
        })
    }

    #[test]
    fn the_banner_is_green_only_for_the_usual_strength_and_says_the_strength_otherwise() {
        let ten = banner(&answer("kp02 10", None, None));
        assert_eq!(ten.heading, "Baclofen 10 mg · KP02 / 10");
        assert_eq!(ten.tone, Tone::Go);
        let twenty = banner(&answer("1286", None, None));
        assert_eq!(twenty.heading, "Baclofen 20 mg — not 10 mg · 1286");
        assert_eq!(twenty.tone, Tone::Stop);
        assert!(twenty
            .detail
            .unwrap()
            .contains("check the prescribed strength with the label or a pharmacist"));
        let quiet = banner(&answer("", None, None));
        assert_eq!((quiet.heading.as_str(), quiet.tone), (PROMPT, Tone::Quiet));
    }

    #[test]
    fn the_banner_says_when_the_ten_and_twenty_mg_twins_tie_and_which_character_decides() {
        let tied = banner(&answer("128", None, None));
        assert!(
            tied.heading.starts_with("Could be 10 mg or 20 mg")
                && tied
                    .heading
                    .contains("check the last digit (1285 is 10 mg, 1286 is 20 mg)"),
            "{tied:?}"
        );
        assert_eq!(tied.tone, Tone::Caution);
        let v = banner(&answer("V 226", None, None));
        assert!(
            v.heading
                .contains("check the 4th digit (22 65 / V is 10 mg, 2266 / V is 20 mg)"),
            "{v:?}"
        );
    }

    #[test]
    fn a_shape_or_colour_that_contradicts_the_top_tablet_is_said_in_red_in_the_banner() {
        let id = answer("1285", Some(Shape::Oval), Some(Color::Blue));
        assert_eq!(id.candidates[0].product.id, "zydus-1285");
        let said = banner(&id);
        assert_eq!(
            said.heading,
            "You said blue oval; this tablet is white round (1285, baclofen 10 mg)"
        );
        assert_eq!(said.tone, Tone::Stop);
        // Agreeing, it is a plain match again.
        let agrees = banner(&answer("1285", Some(Shape::Round), Some(Color::White)));
        assert_eq!(agrees.tone, Tone::Go, "{agrees:?}");
    }

    #[test]
    fn the_imprint_decides_is_said_nowhere() {
        let id = answer("1285", Some(Shape::Oval), Some(Color::Blue));
        for c in &id.candidates {
            for w in &c.why {
                assert!(!w.to_string().contains("imprint decides"), "{w}");
            }
        }
        let differs = Reason::ShapeDiffers {
            chosen: Shape::Oval,
            actual: Shape::Round,
        };
        assert_eq!(
            differs.to_string(),
            "Shape: you chose oval, but this tablet is round."
        );
    }

    #[test]
    fn no_match_is_honest_about_what_pillid_knows() {
        let known = catalog().products.iter().filter(|p| p.is_target()).count();
        assert!(known > 20, "{known}");
        let b = banner(&answer("M 367", None, None));
        assert_eq!(b.heading, NO_MATCH);
        assert_eq!(b.tone, Tone::Caution);
        let detail = b.detail.unwrap();
        assert!(
            detail.starts_with(&format!(
                "It knows {known} baclofen tablets and some makers' tablets are missing, so this could still be baclofen, or another medicine."
            )),
            "{detail}"
        );
        assert!(detail.ends_with("Do not give it until a pharmacist has seen it."));
        assert!(!detail.contains("check the label"), "{detail}");
        let closest = closest_line(&answer("M 367", None, None)).unwrap();
        assert!(
            closest.starts_with("Closest tablets pillid knows: "),
            "{closest}"
        );
    }

    #[test]
    fn the_reading_tip_says_truly_which_misreadings_pillid_allows_for() {
        use crate::lookalike::is_lookalike;
        let tip = READING_TIPS[0];
        let (allowed, not_swapped) = tip.split_once("It does not swap").unwrap();
        for (a, b) in [(b'0', b'O'), (b'1', b'I'), (b'5', b'S'), (b'8', b'B')] {
            let pair = format!("{} and {}", a as char, b as char);
            let pair_zero = format!("{} (zero) and {}", a as char, b as char);
            assert!(
                allowed.contains(&pair) || allowed.contains(&pair_zero),
                "{pair}"
            );
            assert!(is_lookalike(a, b), "the tip says pillid allows for {pair}");
        }
        for (a, b) in [(b'6', b'8'), (b'6', b'9')] {
            let pair = format!("{} and {}", a as char, b as char);
            assert!(not_swapped.contains(&pair), "{pair}");
            assert!(
                !is_lookalike(a, b),
                "the tip says pillid does not swap {pair}"
            );
        }
    }

    #[test]
    fn a_look_alike_points_at_the_character_that_differs() {
        let t = twin(product("zydus-1285"), product("zydus-1286"));
        assert_eq!(
            (
                t.label.as_str(),
                t.before.as_str(),
                t.differs.as_str(),
                t.after.as_str(),
                t.hint.as_str()
            ),
            ("20 mg twin: ", "128", "6", "", ", the last digit")
        );
        assert_eq!(where_they_differ("N029", "N030"), "the last two digits");
        assert_eq!(where_they_differ("22 65;V", "2266;V"), "the 4th digit");
        assert_eq!(where_they_differ("E;6", "E;9"), "the last digit");
        assert_eq!(where_they_differ("ABCD", "WXYZ"), "every character");
        assert_eq!(where_they_differ("1285", "7285"), "the 1st digit");
        assert_eq!(
            difference("LCI;1330", "LCI;1337"),
            ("LCI / 133".to_owned(), "7".to_owned(), String::new())
        );
    }

    #[test]
    fn two_kinds_of_certainty_in_plain_words() {
        let fit = |q: &str| typing_fit(&answer(q, None, None).candidates[0]);
        assert_eq!(fit("kp02 10"), "typed exactly");
        assert_eq!(
            fit("NO29"),
            "one character read as a look-alike (you typed O, the tablet has 0)"
        );
        assert_eq!(fit("KP02"), "partly typed");
        assert_eq!(
            record_quality(product("zydus-1285")),
            "from the official label"
        );
        assert_eq!(
            record_quality(product("imprint-kp02-10")),
            "from pill-photo sites only"
        );
        assert_eq!(
            record_quality(product("teva-4097-z")),
            "from NLM's photo record"
        );
    }

    #[test]
    fn a_card_says_what_the_counter_needs_on_one_line() {
        assert_eq!(
            card_summary(product("zydus-1285")),
            "1285 · baclofen 10 mg · Zydus (not confirmed) · NDC 70710-1285"
        );
        assert_eq!(
            card_summary(product("imprint-kp02-10")),
            "KP02 / 10 · baclofen 10 mg · maker not confirmed · no NDC on record"
        );
        let lead = manufacturer_lead(&product("zydus-1285").manufacturer).unwrap();
        let glimpse = lead_glimpse(&lead).unwrap();
        assert!(glimpse.starts_with("Lead: A November 2018") && glimpse.ends_with('…'));
        assert!(glimpse.chars().count() < 70, "{glimpse}");
        assert_eq!(lead_glimpse("Lead: short"), None);
    }

    #[test]
    fn one_tablet_reads_in_the_singular() {
        let one = listed_line(Verdict::Possible, 1);
        assert!(one.starts_with("1 tablet listed. Not sure?"), "{one}");
        assert!(!one.contains("which one"), "{one}");
        assert!(listed_line(Verdict::Possible, 2)
            .starts_with("2 tablets listed, best first. Not sure which one?"));
        assert_eq!(listed_line(Verdict::Match, 1), "1 tablet listed.");
        assert_eq!(listed_line(Verdict::Possible, 0), "");
    }

    #[test]
    fn source_titles_name_no_file_and_no_vocabulary_code() {
        let source = |url: &str, title: &str| crate::catalog::Source {
            url: url.to_owned(),
            title: Some(title.to_owned()),
            setid: None,
            version: None,
            effective: None,
            date: None,
        };
        assert_eq!(
            source_title(&source(
                "https://example.org/x",
                "NLM RxImage record, NDC 00527-1330-10 (copy: data/nlm-rximage/rximage.tsv)"
            )),
            "NLM RxImage record, NDC 00527-1330-10"
        );
        assert_eq!(
            source_title(&source(
                "https://example.org/x",
                "set id presumed the SPL set id"
            )),
            "set id presumed the label set id"
        );
    }

    #[test]
    fn each_verdict_has_its_own_heading() {
        let all = [
            Verdict::Match,
            Verdict::Possible,
            Verdict::NoMatch,
            Verdict::OtherMedicine,
            Verdict::Ndc,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(verdict_heading(*a), verdict_heading(*b));
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
    fn the_photo_is_described_in_words() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (tv, n4097, plain) = (lines(&["TV"]), lines(&["4097"]), lines(&[]));
        assert_eq!(
            photo_alt([(&tv, true), (&n4097, false)], false, false),
            "Photo of both faces of the tablet on a millimetre ruler: TV with a score line on one face, 4097 on the other."
        );
        let lci = lines(&["LCI", "1337"]);
        assert_eq!(
            photo_alt([(&lci, false), (&plain, false)], true, true),
            "Photo of both faces of the tablet on a millimetre ruler: LCI over 1337 on one face, plain on the other. It has a score line; which face is not known. The imprint includes a logo."
        );
        assert_eq!(
            photo_caption("U.S. National Library of Medicine", "2012"),
            "Photo: U.S. National Library of Medicine, photographed 2012. Tablets can change appearance; this is how it looked then."
        );
    }

    #[test]
    fn the_drawing_is_described_in_words() {
        let p = product("chartwell-lci-1330");
        let label = drawing_label(p, &["LCI".into(), "1330".into()], &[], true, true);
        assert_eq!(
            label,
            "Drawing of a white, round tablet: LCI over 1330 on one side, plain on the other, with a score line."
        );
        let label = drawing_label(p, &["LCI".into(), "1330".into()], &[], true, false);
        assert!(
            label.ends_with("with a score line (face not known)."),
            "{label}"
        );
    }
}
