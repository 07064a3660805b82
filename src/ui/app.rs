//! The page: owns the [`State`], derives the answer from it, keeps the
//! address bar in step with it, and lays out the components.

use super::answer::Answer;
use super::browser;
use super::compact::View;
use super::notice::Disclaimer;
use super::pickers::{ColorPicker, ScorePicker, ShapePicker};
use super::results::Results;
use super::search::ImprintInput;
use super::share::ShareLink;
use super::size::SizeInput;
use super::state::{Action, State};
use super::update::UpdateNotice;
use super::url;
use crate::matcher;
use crate::wording;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long the search must stay unchanged before it becomes a history
/// entry. Keystrokes come less than half a second apart; a pause this long
/// means the person stopped to read, so back goes to what they read, not to
/// every letter typed.
pub const HISTORY_DELAY_MS: u32 = 700;

/// From this window width (CSS pixels) the shape and colour pickers start
/// open: there is room for them beside the results (the stylesheet's
/// two-column layout starts at 64rem). Narrower, the results are under the
/// panel, so a choice tapped there closes it and brings the verdict into
/// view, and the switch to the compact list (meant for a desk) comes after
/// the candidates, not between the verdict and the first card. Read on
/// every render, so a resized window follows at its next change.
pub const WIDE_WINDOW_PX: f64 = 1024.0;

/// What the page knew when the app started: read from the browser by the
/// entry point (`src/bin/pillid-web.rs`), so that the app's first render
/// is the same anywhere, natively too (see [`super::static_page`]).
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The page's query string (`?imprint=...`), empty when there is none.
    pub search: AttrValue,
    /// Text typed into the page's static box before the app took over (see
    /// [`super::static_page::take_over`]). It replaces the link's imprint:
    /// it was typed after the page opened.
    pub typed: Option<AttrValue>,
    /// True when the window was at least [`WIDE_WINDOW_PX`] wide.
    pub wide: bool,
}

/// Where the device remembers cards or list (see [`View::word`]).
const VIEW_KEY: &str = "pillid-view";

/// The whole app.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let state = use_reducer(|| {
        let linked = url::from_search(&props.search);
        match &props.typed {
            Some(text) => (*Rc::new(linked).reduce(Action::SetImprint(text.to_string()))).clone(),
            None => linked,
        }
    });
    // Recomputed only when the query changes; the same Rc otherwise, which
    // is what makes `Answer`'s pointer equality correct.
    let identification = use_memo(state.query.clone(), matcher::identify);
    let answer = Answer::new(identification);

    use_address_bar(&state);
    // A link whose hidden characters were removed is rewritten at once, so
    // the address bar (and a copy of it) shows what is searched.
    {
        let state = state.clone();
        use_effect_with((), move |()| {
            if state.link_notes.iter().any(|n| n.changed_the_link()) {
                browser::replace_search(&url::to_search(&state));
            }
        });
    }

    let dispatcher = state.dispatcher();
    let on_imprint = use_callback(dispatcher.clone(), |text: String, d| {
        d.dispatch(Action::SetImprint(text))
    });
    let on_clear = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Clear));
    // The refine panel, and whether its last choice was tapped or clicked
    // (rather than made from the keyboard, which must keep its place).
    let refine = use_node_ref();
    let by_pointer = use_mut_ref(|| false);
    let chosen_then_close = (refine.clone(), by_pointer.clone());
    let on_shape = use_callback(
        (dispatcher.clone(), chosen_then_close.clone()),
        |shape, (d, (refine, by_pointer))| {
            d.dispatch(Action::SetShape(shape));
            close_on_narrow(refine, *by_pointer.borrow());
        },
    );
    let on_color = use_callback(
        (dispatcher.clone(), chosen_then_close.clone()),
        |color, (d, (refine, by_pointer))| {
            d.dispatch(Action::SetColor(color));
            close_on_narrow(refine, *by_pointer.borrow());
        },
    );
    let on_scored = use_callback(
        (dispatcher.clone(), chosen_then_close),
        |scored, (d, (refine, by_pointer))| {
            d.dispatch(Action::SetScored(scored));
            close_on_narrow(refine, *by_pointer.borrow());
        },
    );
    let onpointerdown = {
        let by_pointer = by_pointer.clone();
        Callback::from(move |_: PointerEvent| *by_pointer.borrow_mut() = true)
    };
    let onkeydown = Callback::from(move |_: KeyboardEvent| *by_pointer.borrow_mut() = false);
    let on_size = use_callback(dispatcher, |size, d| d.dispatch(Action::SetSize(size)));

    // Decided once: afterwards the person opens and closes it.
    let refine_open = use_state(|| {
        state.query.shape.is_some()
            || state.query.color.is_some()
            || state.scored.is_some()
            || state.query.size_mm.is_some()
            || props.wide
    });
    let search = url::to_search(&state);

    // Cards or the compact list: a habit of the person at this device, so
    // remembered here, not in the address.
    let view = use_state(|| View::from_word(browser::stored(VIEW_KEY).as_deref()));
    let on_view = {
        let view = view.clone();
        Callback::from(move |chosen: View| {
            browser::store(VIEW_KEY, chosen.word());
            view.set(chosen);
        })
    };

    html! {
        <div class="app">
            <UpdateNotice />
            <header class="masthead">
                <h1>{ "pillid" }</h1>
                <p class="tagline">
                    { "Identify a baclofen tablet from what is printed on it. Works offline: nothing you type leaves this device." }
                </p>
                <Disclaimer />
            </header>
            <main class="layout">
                <section class="ask" aria-label="Describe the tablet">
                    <ImprintInput
                        value={state.query.imprint.clone()}
                        capped={answer.parsed.truncated}
                        oninput={on_imprint}
                        onclear={on_clear}
                    />
                    <details class="refine" open={*refine_open} ref={refine} {onpointerdown} {onkeydown}>
                        <summary>
                            <span class="refine-title">{ "Shape, colour, size, score line" }</span>
                            <span class="refine-chosen">{ chosen(&state) }</span>
                        </summary>
                        <ShapePicker selected={state.query.shape} onchange={on_shape} />
                        <ColorPicker selected={state.query.color} onchange={on_color} />
                        <SizeInput value={state.query.size_mm} onchange={on_size} />
                        <ScorePicker selected={state.scored} onchange={on_scored} />
                    </details>
                </section>
                <Results answer={answer} scored={state.scored} input_notes={state.notes()} view={*view} onview={on_view}
                         switch_after={!browser::wider_than(WIDE_WINDOW_PX)} />
                // After the answer, so that on a phone the box, the verdict
                // and the first card fit one screen; on a wide screen the
                // stylesheet puts it back under the pickers.
                <ShareLink {search} />
            </main>
            <footer class="site-footer">
                <p id="data-as-of">{ wording::data_as_of(crate::catalog::catalog().as_of.as_deref()) }</p>
                <p id="other-medicines">{ wording::OTHER_MEDICINES_NOTE }</p>
            </footer>
        </div>
    }
}

/// After a choice tapped in the refine panel of a narrow window, where the
/// results are under the panel: closes the panel to its summary (which
/// says what is chosen) and brings the verdict into view, once the page
/// shows the new answer.
fn close_on_narrow(refine: &NodeRef, by_pointer: bool) {
    if !by_pointer || browser::wider_than(WIDE_WINDOW_PX) {
        return;
    }
    if let Some(panel) = refine.cast::<web_sys::Element>() {
        // Failing only leaves the panel open, as before.
        let _ = panel.remove_attribute("open");
    }
    // After the render that shows the new answer.
    Timeout::new(0, browser::show_verdict).forget();
}

/// What is chosen in the pickers, for the summary of the closed panel.
fn chosen(state: &State) -> String {
    wording::refine_summary(
        state.query.shape,
        state.query.color,
        state.query.size_mm,
        state.scored,
    )
}

/// Keeps the address bar showing the search: a new history entry once the
/// search has stayed the same for [`HISTORY_DELAY_MS`], and back and
/// forward restore the search of their entry.
#[hook]
fn use_address_bar(state: &UseReducerHandle<State>) {
    let pending = use_mut_ref(|| None::<Timeout>);
    {
        let pending = pending.clone();
        let wanted = url::to_search(state);
        use_effect_with(wanted, move |wanted| {
            let timer = (!url::same_search(wanted, &browser::search())).then(|| {
                let wanted = wanted.clone();
                Timeout::new(HISTORY_DELAY_MS, move || {
                    if !url::same_search(&wanted, &browser::search()) {
                        browser::push_search(&wanted);
                    }
                })
            });
            // Replacing the timer drops (cancels) the one before it.
            *pending.borrow_mut() = timer;
        });
    }
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    // A search still waiting to be written belongs to the
                    // entry being left.
                    pending.borrow_mut().take();
                    dispatcher.dispatch(Action::Restore(url::from_search(&browser::search())));
                })
            });
            move || drop(listener)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Color, Shape};

    #[test]
    fn the_closed_panel_says_what_is_chosen() {
        assert_eq!(chosen(&State::default()), "any shape, any colour");
        let mut state = State::default();
        state.query.shape = Some(Shape::Capsule);
        state.query.color = Some(Color::White);
        state.scored = Some(false);
        assert_eq!(chosen(&state), "capsule, white, not scored");
    }
}
