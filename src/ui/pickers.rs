//! The shape, colour and score-line pickers: radio groups (arrow keys move
//! between choices, as in any radio group), each choice a large tile with a
//! small drawing, and an "any" choice that takes the answer back.
//!
//! Quick to use: the common shapes and colours come first and the rest
//! fold behind a "more" button (a rare value once chosen stays shown), and
//! typing a letter in a group moves to the next choice that starts with it
//! and chooses it, as the arrow keys do.

use super::pill;
use super::url::{color_word, shape_word};
use crate::vocab::{Color, Shape};
use crate::wording;
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The shapes most tablets have, shown first; the other SPL shapes fold
/// behind "more". Every baclofen tablet pillid knows is round or oval, and
/// of NLM's 4,360 other tablets 2,023 are round, 1,474 oval and 738
/// capsule-shaped; the next shape has 30.
pub const COMMON_SHAPES: [Shape; 3] = [Shape::Round, Shape::Oval, Shape::Capsule];

/// The colours most tablets have, shown first; the rest fold behind
/// "more". Baclofen tablets are white (one is yellow); among NLM's other
/// tablets white (1,946), yellow (617), pink (432), blue (428) and orange
/// (424) lead, the next has 271.
pub const COMMON_COLORS: [Color; 5] = [
    Color::White,
    Color::Yellow,
    Color::Pink,
    Color::Blue,
    Color::Orange,
];

/// One choice in a radio group.
#[derive(Clone, PartialEq)]
pub struct Tile {
    /// The radio's id; its label points at it.
    pub id: String,
    /// What the tile says; typeahead matches its first letter.
    pub label: String,
    /// A small drawing before the words.
    pub icon: Html,
    /// Whether this is the current choice.
    pub checked: bool,
    /// False for a choice folded behind "more" until asked for.
    pub common: bool,
    /// Makes this the choice.
    pub choose: Callback<()>,
}

/// Properties of [`RadioGroup`].
#[derive(Properties, PartialEq, Clone)]
pub struct RadioGroupProps {
    /// The radios' shared name.
    pub name: &'static str,
    /// The group's legend.
    pub legend: &'static str,
    /// A class for the fieldset.
    pub class: &'static str,
    /// Every choice, in the order shown.
    pub tiles: Vec<Tile>,
    /// The words of the button that shows the folded choices (`None`:
    /// nothing is folded).
    #[prop_or_default]
    pub more: Option<&'static str>,
}

/// A fieldset of radio tiles with typeahead and, when some are not
/// common, a "more" button (`#NAME-more`).
#[function_component]
pub fn RadioGroup(props: &RadioGroupProps) -> Html {
    let expanded = use_state(|| false);
    // The radio to focus once the page shows it (typeahead onto a folded
    // choice: it is drawn on the next render, when it is the choice).
    let pending_focus: Rc<RefCell<Option<String>>> = use_mut_ref(|| None);
    {
        let pending_focus = pending_focus.clone();
        use_effect(move || {
            let id = pending_focus.borrow_mut().take();
            if let Some(id) = id {
                focus_radio(&id);
            }
        });
    }
    let onkeydown = {
        let tiles = props.tiles.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            // Only on a radio: a letter typed on the "more" button is not
            // a choice.
            let Some(from) = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|input| input.id())
            else {
                return;
            };
            let Some(i) = typeahead(&tiles, &e.key(), Some(&from)) else {
                return;
            };
            e.prevent_default();
            let tile = tiles[i].clone();
            let pending_focus = pending_focus.clone();
            // Chosen once this key press has reached every handler, so the
            // page knows the choice came from the keyboard (see
            // `super::app`), as arrow keys' choices do.
            Timeout::new(0, move || {
                tile.choose.emit(());
                if !focus_radio(&tile.id) {
                    *pending_focus.borrow_mut() = Some(tile.id);
                }
            })
            .forget();
        })
    };
    let folded = props.more.is_some() && props.tiles.iter().any(|t| !t.common);
    let show_all = *expanded || !folded;
    let hidden = props
        .tiles
        .iter()
        .filter(|t| !t.common && !t.checked)
        .count();
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let tiles_id = format!("{}-tiles", props.name);
    html! {
        <fieldset class={classes!("picker", props.class)} {onkeydown}>
            <legend>{ props.legend }</legend>
            <div class="tiles" id={tiles_id.clone()}>
                { for props.tiles.iter().filter(|t| show_all || t.common || t.checked).map(|t| {
                    let choose = t.choose.reform(|_: Event| ());
                    html! {
                        // Keyed: a tile that folds away must not pass
                        // its element (and the focus) to its neighbour.
                        <div class="tile" key={t.id.clone()}>
                            <input type="radio" id={t.id.clone()} name={props.name} checked={t.checked} onchange={choose} />
                            <label for={t.id.clone()}>
                                { t.icon.clone() }
                                <span class="tile-label">{ t.label.clone() }</span>
                            </label>
                        </div>
                    }
                }) }
            </div>
            if let (true, Some(more)) = (folded, props.more) {
                <button type="button" class="more" id={format!("{}-more", props.name)}
                        aria-expanded={(*expanded).to_string()} aria-controls={tiles_id}
                        onclick={toggle}>
                    { if *expanded { wording::FEWER_CHOICES.to_owned() } else { wording::more_choices(more, hidden) } }
                </button>
            }
        </fieldset>
    }
}

/// The tile typing `key` moves to: the next one after the radio `from`
/// (or from the start) whose label starts with that letter, round to the
/// beginning; `None` for a key that is not one letter or matches nothing.
pub fn typeahead(tiles: &[Tile], key: &str, from: Option<&str>) -> Option<usize> {
    let labels: Vec<&str> = tiles.iter().map(|t| t.label.as_str()).collect();
    let at = from.and_then(|id| tiles.iter().position(|t| t.id == id));
    next_starting_with(&labels, key, at)
}

/// The index of the next label after `at` (or from the first when `None`)
/// that starts with the single letter `key`, any case, wrapping round.
pub fn next_starting_with(labels: &[&str], key: &str, at: Option<usize>) -> Option<usize> {
    let mut chars = key.chars();
    let (Some(letter), None) = (chars.next(), chars.next()) else {
        return None;
    };
    if !letter.is_alphanumeric() {
        return None;
    }
    let n = labels.len();
    let start = at.map_or(0, |i| i + 1);
    (0..n).map(|k| (start + k) % n).find(|&i| {
        labels[i]
            .chars()
            .next()
            .is_some_and(|first| first.to_lowercase().eq(letter.to_lowercase()))
    })
}

/// Focuses the radio `id` when the page shows it; false when it does not.
fn focus_radio(id: &str) -> bool {
    let radio = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok());
    // Failing to focus only costs the user a key press.
    radio.is_some_and(|r| r.focus().is_ok())
}

/// A tile's callback that reports `value`.
fn choose<T: Clone + 'static>(onchange: &Callback<T>, value: T) -> Callback<()> {
    onchange.reform(move |()| value.clone())
}

fn any_tile(id: &str, label: &str, checked: bool, choose: Callback<()>) -> Tile {
    Tile {
        id: id.into(),
        label: label.into(),
        icon: html! { <span class="icon-any" aria-hidden="true">{ "?" }</span> },
        checked,
        common: true,
        choose,
    }
}

/// The shapes in the order the picker shows them: [`COMMON_SHAPES`], then
/// the rest in SPL order.
pub fn shapes_in_order() -> Vec<Shape> {
    COMMON_SHAPES
        .iter()
        .chain(Shape::ALL.iter().filter(|s| !COMMON_SHAPES.contains(s)))
        .copied()
        .collect()
}

/// The colours in the order the picker shows them: [`COMMON_COLORS`],
/// then the rest in SPL order.
pub fn colors_in_order() -> Vec<Color> {
    COMMON_COLORS
        .iter()
        .chain(Color::ALL.iter().filter(|c| !COMMON_COLORS.contains(c)))
        .copied()
        .collect()
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
    let any = any_tile(
        "shape-any",
        wording::ANY_CHOICE,
        props.selected.is_none(),
        choose(&props.onchange, None),
    );
    let tiles = std::iter::once(any)
        .chain(shapes_in_order().into_iter().map(|shape| {
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
                common: COMMON_SHAPES.contains(&shape),
                choose: choose(&props.onchange, Some(shape)),
            }
        }))
        .collect::<Vec<_>>();
    html! {
        <RadioGroup name="shape" legend={wording::SHAPE_LEGEND} class="shapes" {tiles} more={Some(wording::MORE_SHAPES)} />
    }
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
    let any = any_tile(
        "color-any",
        wording::ANY_CHOICE,
        props.selected.is_none(),
        choose(&props.onchange, None),
    );
    let tiles = std::iter::once(any)
        .chain(colors_in_order().into_iter().map(|color| Tile {
            id: format!("color-{}", color_word(color)),
            label: wording::color_label(color),
            icon: html! {
                <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                    <circle cx="10" cy="10" r="8.5" fill={color.swatch()} stroke="currentColor" stroke-width="1.5" />
                </svg>
            },
            checked: props.selected == Some(color),
            common: COMMON_COLORS.contains(&color),
            choose: choose(&props.onchange, Some(color)),
        }))
        .collect::<Vec<_>>();
    html! {
        <RadioGroup name="color" legend={wording::COLOR_LEGEND} class="colors" {tiles} more={Some(wording::MORE_COLORS)} />
    }
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
        any_tile(
            "scored-any",
            wording::SCORE_NOT_SURE,
            props.selected.is_none(),
            choose(&props.onchange, None),
        ),
        Tile {
            id: "scored-yes".into(),
            label: wording::SCORE_YES.into(),
            icon: icon(true),
            checked: props.selected == Some(true),
            common: true,
            choose: choose(&props.onchange, Some(true)),
        },
        Tile {
            id: "scored-no".into(),
            label: wording::SCORE_NO.into(),
            icon: icon(false),
            checked: props.selected == Some(false),
            common: true,
            choose: choose(&props.onchange, Some(false)),
        },
    ];
    html! {
        <RadioGroup name="scored" legend={wording::SCORE_LEGEND} class="scores" {tiles} />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_shapes_and_colours_come_first_and_none_is_lost() {
        let shapes = shapes_in_order();
        assert_eq!(shapes[..3], COMMON_SHAPES);
        assert_eq!(shapes.len(), Shape::ALL.len());
        assert!(Shape::ALL.iter().all(|s| shapes.contains(s)));
        let colors = colors_in_order();
        assert_eq!(colors[..5], COMMON_COLORS);
        assert_eq!(colors.len(), Color::ALL.len());
        assert!(Color::ALL.iter().all(|c| colors.contains(c)));
    }

    #[test]
    fn typeahead_moves_to_the_next_choice_with_that_letter_and_wraps() {
        let labels = ["Any", "Round", "Oval", "Capsule", "Bullet", "Rectangle"];
        assert_eq!(next_starting_with(&labels, "r", None), Some(1));
        assert_eq!(next_starting_with(&labels, "R", Some(1)), Some(5));
        assert_eq!(next_starting_with(&labels, "r", Some(5)), Some(1));
        assert_eq!(next_starting_with(&labels, "o", Some(0)), Some(2));
        assert_eq!(next_starting_with(&labels, "x", Some(0)), None);
        assert_eq!(next_starting_with(&labels, "ArrowDown", Some(0)), None);
        assert_eq!(next_starting_with(&labels, " ", Some(0)), None);
    }
}
