//! One candidate product: the drawn tablet, what it is, how sure pillid is
//! and why, what to watch out for, who sells it and where the facts come
//! from.

use super::answer::Answer;
use super::drawing::pill_drawing;
use super::marks::{self, Kind};
use super::photo::pill_photo;
use crate::catalog::Product;
use crate::catalog::{dailymed_url, Labeler, MarketingStatus, Source};
use crate::matcher::{display_imprint, Candidate, Level, Warning};
use crate::wording;
use yew::prelude::*;

/// Up to this many labelers are listed open; more are folded away behind
/// their count, so a tablet sold by many repackagers does not push the next
/// candidate off the screen.
pub const OPEN_LABELERS: usize = 3;

/// Properties of [`ResultCard`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultCardProps {
    /// The identification the candidate belongs to.
    pub answer: Answer,
    /// Which candidate (0 = best).
    pub index: usize,
    /// Whether the user said the tablet has a score line.
    pub scored: Option<bool>,
}

/// A card (`.result-card`) for one candidate.
#[function_component]
pub fn ResultCard(props: &ResultCardProps) -> Html {
    let Some(c) = props.answer.candidates.get(props.index) else {
        return html! {};
    };
    let p = c.product;
    let level = wording::confidence(c.confidence);
    let title_id = format!("card-{}", p.id);
    let shown = marks::shown(&c.marks);
    let legend = marks::legend(&shown);
    let instead: Vec<(Kind, wording::TypedInstead)> = shown
        .iter()
        .filter_map(|s| {
            let typed = s.typed?;
            let words = wording::typed_instead(typed, &s.text, s.kind == Kind::Lookalike);
            Some((s.kind, words))
        })
        .collect();
    let warnings = wording::card_warnings(c);
    let shape_differs = wording::chosen_shape_differs(c, props.answer.shape);
    let color_differs = wording::chosen_color_differs(c, props.answer.color);
    let score_note = wording::score_disagreement(p, props.scored);
    let not_ten = !p.is_usual_strength() && p.is_target();
    html! {
        <article
            class={classes!(
                "result-card",
                format!("confidence-{level}"),
                not_ten.then_some("not-ten"),
                (!p.is_target()).then_some("other-medicine"),
                edge(c),
            )}
            aria-labelledby={title_id.clone()}
            data-product={p.id.clone()}
        >
            <p class="card-summary">{ wording::card_summary(p) }</p>
            <div class="card-head">
                { pill_drawing(p) }
                { pill_photo(p) }
                <div class="card-title">
                    <h3 id={title_id} class="imprint">{ display_imprint(&p.imprint) }</h3>
                    if !p.is_target() {
                        <p class="strength strength-other stop">
                            <strong>{ format!("{}: {}", wording::NOT_TARGET, wording::strength(p)) }</strong>
                        </p>
                        if let Some(dea) = &p.dea_schedule {
                            <p class="dea" title="DEA schedule of a controlled substance">{ format!("Controlled substance, schedule {dea}") }</p>
                        }
                        <p class="record">{ wording::record_of(p) }</p>
                    } else if let Some(not_ten) = wording::not_usual_strength(p) {
                        <p class="strength strength-other stop"><strong>{ not_ten }</strong></p>
                    } else {
                        <p class="strength strength-ten">
                            { format!("{} ", p.drug) }<strong>{ p.strength.to_string() }</strong>
                        </p>
                    }
                    <p class="form">{ wording::dosage_form(&p.dosage_form) }</p>
                    <dl class="certainty">
                        <dt>{ wording::TYPING_TITLE }</dt>
                        <dd class="typing-fit">{ wording::typing_fit(c) }</dd>
                        <dt>{ wording::RECORD_TITLE }</dt>
                        <dd class="record-quality">{ wording::record_quality(p) }</dd>
                    </dl>
                    <details class="certainty-help">
                        <summary>{ wording::CERTAINTY_HELP_TITLE }</summary>
                        { for wording::CERTAINTY_HELP.iter().map(|t| html! { <p>{ *t }</p> }) }
                    </details>
                </div>
            </div>

            <div class="reading">
                // A picture of the reading; the list below says it in words.
                <p class="reading-line" aria-hidden="true">
                    <span class="reading-title">{ "Read as " }</span>
                    <span class="marks">
                        { for shown.iter().map(|s| html! { <span class={s.kind.class()}>{ s.text.clone() }</span> }) }
                    </span>
                </p>
                // Each character typed otherwise, in words under the line
                // (no superscripts: they are too small on a phone).
                if !instead.is_empty() {
                    <ul class="typed-instead" aria-hidden="true">
                        { for instead.iter().map(|(kind, words)| html! {
                            <li><span class={classes!("key", kind.class())}>{ words.on_tablet.clone() }</span>{ words.sentence.clone() }</li>
                        }) }
                    </ul>
                }
                <ul class="legend" aria-hidden="true">
                    { for legend.iter().map(|k: &Kind| html! {
                        <li><span class={classes!("key", k.class())}>{ "A" }</span>{ k.legend().unwrap_or_default() }</li>
                    }) }
                </ul>
                if !c.why.is_empty() {
                    <ul class="why" aria-label="Why it is listed">
                        { for c.why.iter().map(|w| html! { <li>{ w.to_string() }</li> }) }
                    </ul>
                }
            </div>

            if !warnings.is_empty() || score_note.is_some() {
                <ul class="warnings" aria-label="Check before you rely on it">
                    { for warnings.iter().map(|w| match w {
                        Warning::LookAlike(other) => look_alike(p, other),
                        w => html! { <li>{ w.to_string() }</li> },
                    }) }
                    if let Some(note) = &score_note {
                        <li class="score-note stop">{ note }</li>
                    }
                </ul>
            }

            <dl class="facts">
                <dt>{ "Manufacturer" }</dt>
                <dd class="manufacturer">
                    <span class={classes!((!p.manufacturer.confirmed).then_some("unconfirmed"))}>
                        { wording::manufacturer(&p.manufacturer) }
                    </span>
                    if let Some(lead) = wording::manufacturer_lead(&p.manufacturer) {
                        if let Some(glimpse) = wording::lead_glimpse(&lead) {
                            <details class="lead">
                                <summary>{ glimpse }</summary>
                                <p>{ lead }</p>
                            </details>
                        } else {
                            <span class="lead">{ lead }</span>
                        }
                    }
                </dd>
                <dt>{ "Looks" }</dt>
                <dd class="looks">
                    { wording::appearance(p) }
                    if let Some(d) = shape_differs { { " " }<span class="differs stop">{ wording::contradicted(&d) }</span> }
                    if let Some(d) = color_differs { { " " }<span class="differs stop">{ wording::contradicted(&d) }</span> }
                    <br />
                    { wording::score_line(p) }
                    if let Some(mm) = p.size_mm { { format!(", {mm} mm") } }
                    if p.former_imprint {
                        <br />
                        <span class="former">{ wording::FORMER_IMPRINT }</span>
                    }
                </dd>
                <dt>{ "Status" }</dt>
                <dd class={classes!("status", (p.status == MarketingStatus::Discontinued).then_some("discontinued"))}>
                    { wording::status(p.status) }
                </dd>
            </dl>

            { labelers(&p.labelers) }

            <details class="sources">
                <summary>{ format!("Sources ({})", p.sources.len()) }</summary>
                <p>{ wording::appearance_source(p) }</p>
                if let Some(d) = &p.description {
                    <blockquote class="description">{ d }</blockquote>
                }
                { source_list(&p.sources) }
            </details>
        </article>
    }
}

/// The class of a candidate's edge: `stop-edge` (red) when it is not 10
/// mg, not baclofen, or not the shape or colour the user gave;
/// `go-edge` (green) for a 10 mg tablet identified with high confidence;
/// none otherwise. The compact list's rows use it too.
pub fn edge(c: &Candidate<'_>) -> Option<&'static str> {
    let p = c.product;
    let is_ten = p.is_usual_strength();
    let said_otherwise = c.shape_agrees == Some(false) || c.color_agrees == Some(false);
    let stop = (!is_ten && p.is_target()) || !p.is_target() || said_otherwise;
    if stop {
        Some("stop-edge")
    } else if is_ten && c.confidence == Level::High {
        Some("go-edge")
    } else {
        None
    }
}

/// A look-alike in neutral words, pointing at the character that differs:
/// "20 mg twin: 128**6**, the last digit".
fn look_alike(p: &Product, other: &Product) -> Html {
    let twin = wording::twin(p, other);
    html! {
        <li class="lookalike">
            { twin.label }
            <span class="twin-imprint">
                { twin.before }<strong class="twin-differs">{ twin.differs }</strong>{ twin.after }
            </span>
            { twin.hint }
        </li>
    }
}

/// Who sells the tablet under which NDC, folded when there are many.
fn labelers(labelers: &[Labeler]) -> Html {
    let n = labelers.len();
    if n == 0 {
        return html! {
            <p class="labelers-none">{ "Labelers and NDCs: none on record for this tablet." }</p>
        };
    }
    html! {
        <details class="labelers" open={n <= OPEN_LABELERS}>
            <summary>{ format!("Labelers and NDCs ({n})") }</summary>
            <ul>
                { for labelers.iter().map(|l| html! {
                    <li>
                        <span class="labeler-name">{ &l.name }</span>
                        { format!(", {}", wording::role(l.role)) }
                        { ", " }
                        if let Some(ndc) = &l.ndc {
                            <span class="ndc">{ format!("NDC {ndc}") }</span>
                        } else {
                            { "no NDC on record" }
                        }
                        if l.status != MarketingStatus::Unknown {
                            { format!(", {}", wording::status(l.status)) }
                        }
                        if wording::link_unconfirmed(l.confidence) {
                            { " " }<span class="unconfirmed-link">{ wording::LINK_NOT_CONFIRMED }</span>
                        }
                        if let Some(setid) = &l.setid {
                            { " " }<a href={dailymed_url(setid)} rel="noopener noreferrer" target="_blank">{ "label on DailyMed" }</a>
                        }
                        if !l.sources.is_empty() {
                            { source_list(&l.sources) }
                        }
                    </li>
                }) }
            </ul>
        </details>
    }
}

/// Sources: a link for each web page (a DailyMed set id links to its label
/// page), plain text for a stored copy.
fn source_list(sources: &[Source]) -> Html {
    html! {
        <ul class="source-list">
            { for sources.iter().map(|s| {
                let title = wording::source_title(s);
                html! {
                    <li>
                        if let Some(url) = wording::web_link(&s.url) {
                            <a href={url.to_owned()} rel="noopener noreferrer" target="_blank">{ title }</a>
                        } else {
                            { format!("{title} ({})", wording::NOT_ONLINE) }
                        }
                        if let Some(setid) = &s.setid {
                            { " · " }<a href={dailymed_url(setid)} rel="noopener noreferrer" target="_blank">{ "DailyMed label" }</a>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}
