//! The shape, colour and score-line pickers: radio groups (arrow keys move
//! between choices, as in any radio group), each choice a large tile with a
//! small drawing, and an "any" choice that takes the answer back.

use super::pill;
use super::url::{color_word, shape_word};
use crate::vocab::{Color, Shape};
use crate::wording;
use yew::prelude::*;

/// One choice in a radio group.
struct Tile {
    /// The radio's id; its label points at it.
    id: String,
    /// What the tile says.
    label: String,
    /// A small drawing before the words.
    icon: Html,
    checked: bool,
    /// What choosing the tile does.
    onchange: Callback<Event>,
}

fn radio_group(
    name: &'static str,
    legend: &'static str,
    class: &'static str,
    tiles: Vec<Tile>,
) -> Html {
    html! {
        <fieldset class={classes!("picker", class)}>
            <legend>{ legend }</legend>
            <div class="tiles">
                { for tiles.into_iter().map(|t| html! {
                    <div class="tile">
                        <input type="radio" id={t.id.clone()} {name} checked={t.checked} onchange={t.onchange} />
                        <label for={t.id}>
                            { t.icon }
                            <span class="tile-label">{ t.label }</span>
                        </label>
                    </div>
                }) }
            </div>
        </fieldset>
    }
}

/// A callback that reports `value` when its radio is chosen.
fn choose<T: Clone + 'static>(onchange: &Callback<T>, value: T) -> Callback<Event> {
    onchange.reform(move |_: Event| value.clone())
}

/// Properties of [`ShapePicker`].
#[derive(Properties, PartialEq, Clone)]
pub struct ShapePickerProps {
    /// The shape chosen, if any.
    pub selected: Option<Shape>,
    /// Called with the new choice (`None` for any shape).
    pub onchange: Callback<Option<Shape>>,
}

/// The 19 SPL shapes, each with its outline (`#shape-round`, ...).
#[function_component]
pub fn ShapePicker(props: &ShapePickerProps) -> Html {
    let any = Tile {
        id: "shape-any".into(),
        label: "Any".into(),
        icon: html! { <span class="icon-any" aria-hidden="true">{ "?" }</span> },
        checked: props.selected.is_none(),
        onchange: choose(&props.onchange, None),
    };
    let tiles = std::iter::once(any)
        .chain(Shape::ALL.iter().map(|&shape| {
            let outline = pill::outline(shape);
            Tile {
                id: format!("shape-{}", shape_word(shape)),
                label: wording::shape_label(shape),
                icon: html! {
                    <svg class="shape-icon" viewBox={format!("-4 -4 {} {}", pill::num(outline.width + 8.0), pill::num(pill::HEIGHT + 8.0))}
                         aria-hidden="true" focusable="false">
                        <path d={outline.path} fill="none" stroke="currentColor" stroke-width="8" stroke-linejoin="round" />
                    </svg>
                },
                checked: props.selected == Some(shape),
                onchange: choose(&props.onchange, Some(shape)),
            }
        }))
        .collect();
    radio_group("shape", "Shape", "shapes", tiles)
}

/// Properties of [`ColorPicker`].
#[derive(Properties, PartialEq, Clone)]
pub struct ColorPickerProps {
    /// The colour chosen, if any.
    pub selected: Option<Color>,
    /// Called with the new choice (`None` for any colour).
    pub onchange: Callback<Option<Color>>,
}

/// The 12 SPL colours, each with a swatch (`#color-white`, ...).
#[function_component]
pub fn ColorPicker(props: &ColorPickerProps) -> Html {
    let any = Tile {
        id: "color-any".into(),
        label: "Any".into(),
        icon: html! { <span class="icon-any" aria-hidden="true">{ "?" }</span> },
        checked: props.selected.is_none(),
        onchange: choose(&props.onchange, None),
    };
    let tiles = std::iter::once(any)
        .chain(Color::ALL.iter().map(|&color| Tile {
            id: format!("color-{}", color_word(color)),
            label: wording::color_label(color),
            icon: html! {
                <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <circle cx="10" cy="10" r="8.5" fill={color.swatch()} stroke="currentColor" stroke-width="1.5" />
                </svg>
            },
            checked: props.selected == Some(color),
            onchange: choose(&props.onchange, Some(color)),
        }))
        .collect();
    radio_group("color", "Colour", "colors", tiles)
}

/// Properties of [`ScorePicker`].
#[derive(Properties, PartialEq, Clone)]
pub struct ScorePickerProps {
    /// Whether the tablet was said to have a score line.
    pub selected: Option<bool>,
    /// Called with the new choice (`None` for not said).
    pub onchange: Callback<Option<bool>>,
}

/// Whether the tablet has a score line (`#scored-any`, `#scored-yes`,
/// `#scored-no`). It only adds a note to cards that disagree; the ranking
/// does not use it.
#[function_component]
pub fn ScorePicker(props: &ScorePickerProps) -> Html {
    let round = pill::outline(Shape::Round);
    let icon = |scored: bool| {
        html! {
            <svg class="shape-icon" viewBox="-4 -4 108 108" aria-hidden="true" focusable="false">
                <path d={round.path} fill="none" stroke="currentColor" stroke-width="8" />
                if scored {
                    <line x1="8" y1="50" x2="92" y2="50" stroke="currentColor" stroke-width="8" />
                }
            </svg>
        }
    };
    let tiles = vec![
        Tile {
            id: "scored-any".into(),
            label: "Not sure".into(),
            icon: html! { <span class="icon-any" aria-hidden="true">{ "?" }</span> },
            checked: props.selected.is_none(),
            onchange: choose(&props.onchange, None),
        },
        Tile {
            id: "scored-yes".into(),
            label: "Score line".into(),
            icon: icon(true),
            checked: props.selected == Some(true),
            onchange: choose(&props.onchange, Some(true)),
        },
        Tile {
            id: "scored-no".into(),
            label: "No score line".into(),
            icon: icon(false),
            checked: props.selected == Some(false),
            onchange: choose(&props.onchange, Some(false)),
        },
    ];
    radio_group("scored", "Score line", "scores", tiles)
}
