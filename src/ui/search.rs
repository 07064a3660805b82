//! The imprint input with its hint and a clear button. It reports every
//! keystroke; matching is fast enough to answer as the user types.
//! Hidden characters typed or pasted (a bidirectional-text override, a
//! zero-width space; see [`crate::text`]) are taken out of the box at once,
//! so that it always shows exactly what is searched.

use crate::text::strip_hidden;
use crate::wording;
use gloo_events::EventListener;
use web_sys::wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`ImprintInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct ImprintInputProps {
    /// The text the input shows.
    pub value: AttrValue,
    /// True when the text was too long and only its beginning is used.
    pub capped: bool,
    /// Called with the whole new text on every change.
    pub oninput: Callback<String>,
    /// Called when the clear button is pressed.
    pub onclear: Callback<()>,
}

/// The placeholder: real imprints in the forms people type them.
pub const PLACEHOLDER: &str = "e.g. KP02 10, N029, U 343";

/// A labelled text input (`#imprint`) that takes the focus when the page
/// opens, so the user can type straight away.
#[function_component]
pub fn ImprintInput(props: &ImprintInputProps) -> Html {
    let input = use_node_ref();
    {
        // `autofocus` alone is not applied to an element inserted after
        // the page loaded in every browser; focusing once on mount is.
        let input = input.clone();
        use_effect_with((), move |_| focus(&input));
    }
    let oninput = {
        let report = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let element: HtmlInputElement = e.target_unchecked_into();
            let text = element.value();
            if let (clean, Some(_)) = strip_hidden(&text) {
                // The state removes them too (and says so); the box must
                // not keep showing them when the cleaned text equals what
                // it held before, which Yew would not write again.
                element.set_value(&clean);
            }
            report.emit(text);
        })
    };
    let onclick = {
        let clear = props.onclear.clone();
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            clear.emit(());
            // Back to typing, as after the page opened.
            focus(&input);
        })
    };
    // Esc clears, as the clear button does.
    let onkeydown = {
        let clear = props.onclear.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                clear.emit(());
            }
        })
    };
    {
        // `/` anywhere but in a text field brings the focus back to the box.
        let input = input.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .and_then(|w| w.document())
                .map(|document| {
                    EventListener::new(&document, "keydown", move |event| {
                        let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        if slash_focuses(key) {
                            key.prevent_default();
                            focus(&input);
                        }
                    })
                });
            move || drop(listener)
        });
    }
    // Enter must not submit (there is nothing to send anywhere). The
    // answer is already showing, so on a touch screen Enter (the on-screen
    // keyboard's "done" key, see `enterkeyhint`) closes the keyboard, which
    // otherwise covers half of a phone's screen; with a real keyboard the
    // focus stays in the box.
    let onsubmit = {
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if touch_screen() {
                if let Some(element) = input.cast::<HtmlInputElement>() {
                    // Failing to blur only leaves the keyboard open.
                    let _ = element.blur();
                }
            }
        })
    };
    let described = if props.capped {
        "imprint-hint input-cap"
    } else {
        "imprint-hint"
    };
    html! {
        <form class="search" role="search" {onsubmit}>
            <label for="imprint">{ "What is printed on the tablet" }</label>
            <div class="search-row">
                <input
                    id="imprint"
                    ref={input}
                    type="text"
                    // The full keyboard: letters, and digits on its top row
                    // or one key away ("numeric" would hide the letters
                    // that most imprints have). No alphanumeric mode exists.
                    inputmode="text"
                    // The Enter key reads "done": results appear as one
                    // types, there is nothing to send.
                    enterkeyhint="done"
                    autocomplete="off"
                    autocapitalize="off"
                    autocorrect="off"
                    spellcheck="false"
                    autofocus=true
                    aria-describedby={described}
                    placeholder={PLACEHOLDER}
                    value={props.value.clone()}
                    {oninput}
                    {onkeydown}
                />
                <button type="button" id="clear" class="clear" {onclick}>{ "Clear" }</button>
            </div>
            <p id="imprint-hint" class="hint">
                { "Type both sides in any order; spaces, dashes and case do not matter. For a logo, type only the letters and numbers next to it." }
            </p>
            if props.capped {
                <p id="input-cap" class="input-cap" role="alert">
                    { wording::INPUT_CAPPED }
                </p>
            }
        </form>
    }
}

/// True when a key press is a plain `/` typed outside any text field.
fn slash_focuses(key: &KeyboardEvent) -> bool {
    if key.key() != "/" || key.ctrl_key() || key.meta_key() || key.alt_key() {
        return false;
    }
    let editing = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.has_attribute("contenteditable")
        });
    !editing
}

/// True on a device with a touch screen, where Enter comes from an
/// on-screen keyboard.
fn touch_screen() -> bool {
    web_sys::window().is_some_and(|w| w.navigator().max_touch_points() > 0)
}

fn focus(input: &NodeRef) {
    if let Some(element) = input.cast::<HtmlInputElement>() {
        // Failing to focus only costs the user a click.
        let _ = element.focus();
    }
}
