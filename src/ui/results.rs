//! The answer: a verdict banner, notes about the input, and one card per
//! candidate, best first. The banner sits in a live region, so screen
//! readers hear the verdict change as the user types.

use super::answer::Answer;
use super::card::ResultCard;
use crate::matcher::Verdict;
use crate::wording;
use yew::prelude::*;

/// Properties of [`Results`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultsProps {
    /// The identification to show.
    pub answer: Answer,
    /// Whether the user said the tablet has a score line.
    pub scored: Option<bool>,
    /// Problems with the link the page was opened with.
    pub link_notes: Vec<String>,
}

/// The results region (`#results`).
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let answer = &props.answer;
    let waiting = answer.is_waiting();
    let announce = if waiting {
        html! { <p class="prompt">{ wording::PROMPT }</p> }
    } else {
        html! {
            <>
                <h2 id="verdict" class={classes!("verdict", wording::verdict_class(answer.verdict))}>
                    { wording::answer_heading(answer) }
                </h2>
                <p id="listed" class="listed">
                    { wording::listed(answer.candidates.len()) }
                    if answer.verdict == Verdict::Possible {
                        { " " }{ wording::NARROW_DOWN }
                    }
                </p>
            </>
        }
    };
    // The matcher's "type something" note repeats the prompt.
    let notices: Vec<String> = if waiting {
        Vec::new()
    } else {
        answer.notices.iter().map(ToString::to_string).collect()
    };
    html! {
        <section id="results" class="results" aria-labelledby="results-title">
            <h2 id="results-title" class="visually-hidden">{ "Results" }</h2>
            <div id="announce" aria-live="polite" aria-atomic="true">
                { announce }
            </div>
            if !props.link_notes.is_empty() || !notices.is_empty() {
                <ul id="notices" class="notices" aria-label="Notes about what was typed">
                    { for props.link_notes.iter().chain(notices.iter()).map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
            if !waiting && !answer.candidates.is_empty() {
                <ol class="cards">
                    { for answer.candidates.iter().enumerate().map(|(index, c)| html! {
                        <li key={c.product.id.clone()}>
                            <ResultCard answer={answer.clone()} {index} scored={props.scored} />
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{identify, Query};
    use std::rc::Rc;

    /// Components render natively with Yew's server-side renderer (the
    /// `ssr` feature, enabled for native tests only).
    #[tokio::test]
    async fn renders_natively_on_the_server_side() {
        let props = ResultsProps {
            answer: Answer::new(Rc::new(identify(&Query::text("kp02 10")))),
            scored: None,
            link_notes: Vec::new(),
        };
        let render = yew::LocalServerRenderer::<Results>::with_props(props)
            .hydratable(false)
            .render();
        let html = tokio::task::LocalSet::new().run_until(render).await;
        assert!(html.contains(r#"<h2 id="verdict""#), "{html}");
        assert!(html.contains(r#"<ol class="cards">"#), "{html}");
    }
}
