//! The imprint input. It reports every keystroke; matching is fast enough
//! to answer as the user types.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`ImprintInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct ImprintInputProps {
    /// The text the input shows.
    pub value: AttrValue,
    /// Called with the whole new text on every change.
    pub oninput: Callback<String>,
}

/// A labelled text input (`#imprint`) that takes the focus when the page
/// opens, so the user can type straight away.
#[function_component]
pub fn ImprintInput(props: &ImprintInputProps) -> Html {
    let input = use_node_ref();
    {
        // `autofocus` alone is not applied to an element inserted after
        // the page loaded in every browser; focusing once on mount is.
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(element) = input.cast::<HtmlInputElement>() {
                // Failing to focus only costs the user a click.
                let _ = element.focus();
            }
        });
    }
    let oninput = {
        let report = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let element: HtmlInputElement = e.target_unchecked_into();
            report.emit(element.value());
        })
    };
    // Enter must not submit (there is nothing to send anywhere).
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    html! {
        <form class="search" role="search" {onsubmit}>
            <label for="imprint">{ "What is printed on the tablet" }</label>
            <input
                id="imprint"
                ref={input}
                type="text"
                inputmode="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck="false"
                autofocus=true
                aria-describedby="imprint-hint"
                placeholder="e.g. KP02 10"
                value={props.value.clone()}
                {oninput}
            />
            <p id="imprint-hint" class="hint">
                { "Letters and numbers from both sides, in any order. Spaces and dashes do not matter." }
            </p>
        </form>
    }
}
