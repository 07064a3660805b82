//! The page before the app: `index.html` carries the app's own first page,
//! so the heading, the tagline, the notice and the imprint box paint as
//! soon as the HTML and the stylesheet arrive, seconds before the
//! WebAssembly module on a slow phone link.
//!
//! # What is in `index.html`
//!
//! Between its `static-page:begin` and `static-page:end` markers,
//! `index.html` holds exactly what [`super::App`] renders for a plain
//! visit (no query, a window narrower than [`super::app::WIDE_WINDOW_PX`]),
//! as Yew's server-side renderer writes it, with two changes: every
//! control but the imprint box is `inert` (see [`INERT`]), and a line
//! saying the app is still starting follows it ([`starting_note`]). The native test
//! `tests/static_page.rs` renders the app the same way and fails when
//! `index.html` differs; `make static-page` rewrites the block.
//!
//! # When the module arrives
//!
//! The entry point waits until the browser has painted the page it has
//! ([`after_next_paint`]): the module's start (reading the database,
//! the first render) is a long piece of work, and the page the server
//! sent must be on the screen before it, not after. Then it calls
//! [`take_over`]: it reads what was typed into the static box, removes the
//! static page (`#boot`) and lets the app render its own. Yew renders in a
//! microtask right after that, so the browser never paints a page without
//! either; and since both pages are the same markup under the same
//! stylesheet, nothing moves. The app starts with what was typed (see
//! [`super::app::AppProps::typed`]), so no keystroke is lost. The other
//! controls are inert until then, so no click is lost either: nothing
//! before the app looks like it works and does not.
//!
//! # Why not prerender and hydrate
//!
//! Yew can also prerender at build time and hydrate the markup in place
//! (`Renderer::hydrate`). That would need a native build step inside
//! trunk's build, Yew's `hydration` feature in the module, and a first
//! render that matches the prerendered page node for node. The page's
//! first render depends on the address (`?imprint=...` shows an answer)
//! and on the window's width, which a build cannot know, and a mismatch
//! makes Yew give up on the page. Replacing the static page costs one
//! render of an empty page and needs none of that; the test keeps the two
//! pages identical.
//!
//! There is never more than one page in the document, so ids and labels
//! are never doubled for assistive technology.

use gloo_timers::callback::Timeout;
use web_sys::wasm_bindgen::closure::Closure;
use web_sys::wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// The id of the element in `index.html` that holds the static page.
pub const BOOT_ID: &str = "boot";

/// The controls that are `inert` in the static page, by the start of their
/// opening tag in the app's markup: every control the app does not pick up
/// when it takes over. The refine panel could be opened and a shape picked
/// before the module arrives, and that choice would be lost; the clear and
/// copy buttons would do nothing. The imprint box is not among them: what
/// is typed there is kept.
pub const INERT: [&str; 3] = [
    "<button type=\"button\" id=\"clear\"",
    "<details class=\"refine\"",
    "<button type=\"button\" id=\"copy-link\"",
];

/// The line `index.html` adds after the app's first page: hidden until
/// something is typed into the static box (see `assets/pillid.css`), then
/// it says that the answer is coming, so that typing before the module
/// arrives is never met by silence.
pub fn starting_note() -> String {
    format!(
        "<p class=\"boot-starting\" role=\"status\">{}</p>",
        crate::wording::STARTING
    )
}

/// Removes the static page and returns what was typed into its imprint
/// box, if anything. Does nothing (and returns `None`) when there is no
/// static page.
pub fn take_over() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let boot = document.get_element_by_id(BOOT_ID)?;
    let typed = boot
        .query_selector("#imprint")
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<HtmlInputElement>().ok())
        .map(|input| input.value())
        .filter(|text| !text.is_empty());
    boot.remove();
    typed
}

/// Calls `then` in the first task after the browser's next rendering of
/// the page: an animation frame callback runs just before the frame is
/// painted, and a timer set there fires after it. When the browser will
/// not give a frame, `then` runs at once. A page in a background tab gets
/// no frames: the app starts when the tab is shown, which is the first
/// moment anyone could use it.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        then();
        return;
    };
    // Either the frame callback gets `then`, or it is taken back to run now.
    let pending = std::rc::Rc::new(std::cell::Cell::new(Some(then)));
    let in_frame = std::rc::Rc::clone(&pending);
    let frame = Closure::once_into_js(move || {
        if let Some(then) = in_frame.take() {
            Timeout::new(0, then).forget();
        }
    });
    if window
        .request_animation_frame(frame.unchecked_ref())
        .is_err()
    {
        if let Some(then) = pending.take() {
            then();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starting_note_is_plain_text_in_a_status_line() {
        // Written into HTML as it is: markup characters would need escaping.
        assert!(!crate::wording::STARTING.contains(['<', '>', '&', '"']));
        assert!(starting_note().starts_with("<p class=\"boot-starting\" role=\"status\">"));
    }
}
