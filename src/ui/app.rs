//! The page: owns the [`State`], derives the answer from it, lays out the
//! components.

use super::answer::Answer;
use super::notice::Disclaimer;
use super::results::Results;
use super::search::ImprintInput;
use super::state::{Action, State};
use crate::matcher;
use yew::prelude::*;

/// The whole app.
#[function_component]
pub fn App() -> Html {
    let state = use_reducer(State::default);
    // Recomputed only when the query changes; the same Rc otherwise, which
    // is what makes `Answer`'s pointer equality correct.
    let identification = use_memo(state.query.clone(), matcher::identify);
    let on_imprint = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::SetImprint(text)))
    };
    html! {
        <div class="app">
            <header class="masthead">
                <h1>{ "pillid" }</h1>
                <p class="tagline">
                    { "Identify a baclofen tablet from what is printed on it. Works offline: nothing you type leaves this device." }
                </p>
            </header>
            <main>
                <ImprintInput value={state.query.imprint.clone()} oninput={on_imprint} />
                <Disclaimer />
                <Results answer={Answer::new(identification)} />
            </main>
        </div>
    }
}
