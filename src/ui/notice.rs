//! The reminder that is always on the page: pillid identifies tablets and
//! gives no medical advice.

use crate::report::DISCLAIMER;
use yew::prelude::*;

/// The permanent notice (`#disclaimer`), same words as the command-line
/// tool's.
#[function_component]
pub fn Disclaimer() -> Html {
    html! {
        <p id="disclaimer" class="disclaimer" role="note">{ DISCLAIMER }</p>
    }
}
