//! The "copy link" button: a link to this search, for a colleague or a
//! note. When the browser will not write to the clipboard, the link is
//! shown in a field, selected, ready to copy by hand.

use super::browser;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`ShareLink`].
#[derive(Properties, PartialEq, Clone)]
pub struct ShareLinkProps {
    /// The search as a query string (`?imprint=...`), empty for none.
    pub search: AttrValue,
}

/// What happened to the last copy.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Copied {
    /// Nothing copied yet (or the search changed since).
    Not,
    /// On the clipboard.
    Done,
    /// The clipboard refused: show the link to copy by hand.
    ByHand(String),
}

/// The button (`#copy-link`) and its status line (`#copy-status`).
#[function_component]
pub fn ShareLink(props: &ShareLinkProps) -> Html {
    let copied = use_state_eq(|| Copied::Not);
    {
        // A new search makes the last message stale.
        let copied = copied.clone();
        use_effect_with(props.search.clone(), move |_| copied.set(Copied::Not));
    }
    let onclick = {
        let copied = copied.clone();
        let search = props.search.clone();
        Callback::from(move |_: MouseEvent| {
            let link = browser::link_to(&search);
            let copied = copied.clone();
            yew::platform::spawn_local(async move {
                copied.set(match browser::copy(&link).await {
                    Ok(()) => Copied::Done,
                    Err(_) => Copied::ByHand(link),
                });
            });
        })
    };
    let field = use_node_ref();
    {
        // Select the shown link so that one keystroke copies it.
        let field = field.clone();
        use_effect_with((*copied).clone(), move |_| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                let _ = input.focus();
                input.select();
            }
        });
    }
    html! {
        <div class="share">
            <button type="button" id="copy-link" class="copy-link" {onclick}>{ "Copy link to this search" }</button>
            <div id="copy-status" class="copy-status" role="status">
                { match &*copied {
                    Copied::Not => html! {},
                    Copied::Done => html! { <p>{ "Link copied." }</p> },
                    Copied::ByHand(link) => html! {
                        <>
                            <label for="copy-field">{ "Could not copy. Copy this link:" }</label>
                            <input id="copy-field" ref={field} type="text" readonly=true value={link.clone()} />
                        </>
                    },
                } }
            </div>
        </div>
    }
}
