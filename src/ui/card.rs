//! One candidate product: what it is, how sure pillid is, and what to
//! watch out for.

use super::wording;
use crate::catalog::Product;
use crate::matcher::{display_imprint, Level};
use yew::prelude::*;

/// Properties of [`ResultCard`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultCardProps {
    /// The product.
    pub product: &'static Product,
    /// How sure pillid is that this is the tablet.
    pub confidence: Level,
    /// Why it is listed.
    pub why: Vec<String>,
    /// What to be careful about.
    pub warnings: Vec<String>,
}

/// A card (`.result-card`) for one candidate.
#[function_component]
pub fn ResultCard(props: &ResultCardProps) -> Html {
    let p = props.product;
    let level = wording::confidence(props.confidence);
    html! {
        <article class={classes!("result-card", format!("confidence-{level}"))}>
            <h2 class="imprint">{ display_imprint(&p.imprint) }</h2>
            <p class="strength">{ wording::strength(p) }</p>
            <dl class="facts">
                <dt>{ "Manufacturer" }</dt>
                <dd class="manufacturer">{ wording::manufacturer(&p.manufacturer) }</dd>
                <dt>{ "Looks" }</dt>
                <dd>{ wording::appearance(p) }</dd>
                <dt>{ "Confidence" }</dt>
                <dd class="confidence">{ level }</dd>
            </dl>
            if !props.warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for props.warnings.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
            if !props.why.is_empty() {
                <ul class="why" aria-label="Why it is listed">
                    { for props.why.iter().map(|w| html! { <li>{ w }</li> }) }
                </ul>
            }
        </article>
    }
}
