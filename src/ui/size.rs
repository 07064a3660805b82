//! The size box: the tablet's longest side in whole millimetres, measured
//! with calipers or read off a ruler. Like shape and colour it is evidence
//! (more than a millimetre off counts against a tablet), never a filter.

use super::url::{parse_size, SIZE_RANGE_MM};
use crate::wording;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Properties of [`SizeInput`].
#[derive(Properties, PartialEq, Clone)]
pub struct SizeInputProps {
    /// The size given, in mm.
    pub value: Option<u32>,
    /// Called with the size read from the box (`None` when empty or not a
    /// size).
    pub onchange: Callback<Option<u32>>,
}

/// A labelled number input (`#size`).
#[function_component]
pub fn SizeInput(props: &SizeInputProps) -> Html {
    let oninput = {
        let report = props.onchange.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            report.emit(parse_size(&input.value()));
        })
    };
    let value = props.value.map(|mm| mm.to_string()).unwrap_or_default();
    html! {
        <div class="size-box">
            <label for="size">{ wording::SIZE_LABEL }</label>
            <input
                id="size"
                type="number"
                inputmode="numeric"
                min={SIZE_RANGE_MM.start().to_string()}
                max={SIZE_RANGE_MM.end().to_string()}
                step="1"
                {value}
                {oninput}
            />
            <span class="size-unit" aria-hidden="true">{ "mm" }</span>
        </div>
    }
}
