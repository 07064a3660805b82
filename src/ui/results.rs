//! The answer: a verdict banner, notes about the input, and one card per
//! candidate, best first. Screen readers hear it change (`aria-live`).

use super::answer::Answer;
use super::card::ResultCard;
use super::wording;
use yew::prelude::*;

/// Properties of [`Results`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultsProps {
    /// The identification to show.
    pub answer: Answer,
}

/// The results region (`#results`).
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let answer = &props.answer;
    let body = if answer.is_waiting() {
        html! { <p class="prompt">{ wording::PROMPT }</p> }
    } else {
        html! {
            <>
                <p id="verdict" class={classes!("verdict", wording::verdict_class(answer.verdict))}>
                    { wording::verdict_heading(answer.verdict) }
                </p>
                if !answer.notices.is_empty() {
                    <ul class="notices">
                        { for answer.notices.iter().map(|n| html! { <li>{ n }</li> }) }
                    </ul>
                }
                if !answer.candidates.is_empty() {
                    <ol class="cards">
                        { for answer.candidates.iter().map(|c| html! {
                            <li key={c.product.id.clone()}>
                                <ResultCard
                                    product={c.product}
                                    confidence={c.confidence}
                                    why={c.why.clone()}
                                    warnings={c.warnings.clone()}
                                />
                            </li>
                        }) }
                    </ol>
                }
            </>
        }
    };
    html! {
        <section id="results" class="results" aria-live="polite" aria-label="Results">
            { body }
        </section>
    }
}
