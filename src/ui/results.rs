//! The answer: a verdict banner, notes about the input, and one card per
//! candidate, best first. The banner sits in a live region, so screen
//! readers hear the verdict change as the user types.

use super::answer::Answer;
use super::card::ResultCard;
use crate::matcher::Verdict;
use crate::wording::{self, Tone};
use yew::prelude::*;

/// Classes that colour an element red. Red means stop, and only three
/// things may stop the user: a strength other than the usual one, a tablet
/// of another medicine, and a shape, colour or score line the user gave
/// that the tablet does not have. Everything else (look-alikes, where the
/// record comes from, an unconfirmed maker) is plain text.
pub const STOP_CLASSES: [&str; 3] = ["stop", "stop-edge", "verdict-stop"];

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
    let banner = wording::banner(answer);
    let listed = if waiting {
        String::new()
    } else {
        wording::listed_line(answer.verdict, answer.candidates.len())
    };
    let announce = if waiting {
        html! { <p class="prompt">{ wording::PROMPT }</p> }
    } else {
        html! {
            <>
            <div class={classes!("verdict", banner.tone.class(), (banner.tone == Tone::Stop).then_some("stop"))}>
                <h2 id="verdict">{ banner.heading.clone() }</h2>
                if let Some(detail) = &banner.detail {
                    <p id="verdict-detail" class="verdict-detail">{ detail.clone() }</p>
                }
            </div>
            <p id="listed" class="listed">{ listed }</p>
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
            if !waiting && answer.verdict == Verdict::NoMatch {
                <section class="tips" aria-labelledby="tips-title">
                    if let Some(closest) = wording::closest_line(answer) {
                        <p id="closest" class="closest">{ closest }</p>
                    }
                    <h3 id="tips-title">{ wording::READING_TIPS_TITLE }</h3>
                    <ul>
                        { for wording::READING_TIPS.iter().map(|t| html! { <li>{ *t }</li> }) }
                    </ul>
                </section>
            }
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
