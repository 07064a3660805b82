//! The compact list: every candidate on a line or two (imprint, medicine
//! and strength, looks, maker, NDCs), so that a person sorting tablets at a
//! desk sees several at once; and the switch between it and the full
//! cards, remembered on the device.
//!
//! Red follows the cards' rule ([`super::results::STOP_CLASSES`]): only a
//! strength other than 10 mg, another medicine, and a shape, colour or
//! score line the user gave that the tablet does not have.

use super::answer::Answer;
use super::card::edge;
use crate::matcher::display_imprint;
use crate::wording;
use yew::prelude::*;

/// How the candidates are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// One full card each (the default).
    #[default]
    Cards,
    /// One row each ([`CompactList`]).
    List,
}

impl View {
    /// The word the device remembers (`cards`, `list`).
    pub const fn word(self) -> &'static str {
        match self {
            View::Cards => "cards",
            View::List => "list",
        }
    }

    /// The view a remembered word names; cards for anything else.
    pub fn from_word(word: Option<&str>) -> View {
        match word {
            Some("list") => View::List,
            _ => View::Cards,
        }
    }
}

/// Properties of [`ViewSwitch`].
#[derive(Properties, PartialEq, Clone)]
pub struct ViewSwitchProps {
    /// The view shown.
    pub view: View,
    /// Called with the view chosen.
    pub onchange: Callback<View>,
}

/// Two radios, `#view-cards` and `#view-list`: a keyboard moves between
/// them with the arrow keys, as in any radio group.
#[function_component]
pub fn ViewSwitch(props: &ViewSwitchProps) -> Html {
    let radio = |view: View, label: &'static str| {
        let id = format!("view-{}", view.word());
        let onchange = props.onchange.reform(move |_: Event| view);
        html! {
            <>
                <input type="radio" name="view" id={id.clone()} checked={props.view == view} {onchange} />
                <label for={id}>{ label }</label>
            </>
        }
    };
    html! {
        <fieldset class="view-switch">
            <legend>{ wording::VIEW_LEGEND }</legend>
            { radio(View::Cards, wording::VIEW_CARDS) }
            { radio(View::List, wording::VIEW_LIST) }
        </fieldset>
    }
}

/// Properties of [`CompactList`].
#[derive(Properties, PartialEq, Clone)]
pub struct CompactListProps {
    /// The identification to list.
    pub answer: Answer,
    /// Whether the user said the tablet has a score line.
    pub scored: Option<bool>,
}

/// A table (`table.compact`), one row per candidate, best first.
#[function_component]
pub fn CompactList(props: &CompactListProps) -> Html {
    let answer = &props.answer;
    html! {
        <table class="compact">
            <caption class="visually-hidden">{ wording::LIST_CAPTION }</caption>
            <thead>
                <tr>{ for wording::LIST_COLUMNS.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr>
            </thead>
            <tbody>
                { for answer.candidates.iter().map(|c| {
                    let p = c.product;
                    let stop_medicine = !p.is_target() || !p.is_usual_strength();
                    let differs: Vec<String> = [
                        wording::chosen_shape_differs(c, answer.shape),
                        wording::chosen_color_differs(c, answer.color),
                        wording::score_differs_short(p, props.scored).map(str::to_owned),
                    ]
                    .into_iter()
                    .flatten()
                    .collect();
                    let ndcs = wording::ndcs(p);
                    html! {
                        <tr key={p.id.clone()} class={classes!("compact-row", edge(c))} data-product={p.id.clone()}>
                            <th scope="row" class="compact-imprint">{ display_imprint(&p.imprint) }</th>
                            <td class={classes!("compact-medicine", stop_medicine.then_some("stop"))}>
                                { wording::list_medicine(p) }
                            </td>
                            <td class="compact-looks">
                                <span class="compact-nowrap">{ wording::looks_short(p) }</span>
                                { for differs.iter().map(|d| html! { <>{ " " }<span class="differs stop">{ wording::contradicted(d) }</span></> }) }
                            </td>
                            <td class="compact-maker">{ wording::list_maker(p) }</td>
                            <td class="compact-ndcs">
                                if ndcs.is_empty() {
                                    <span class="no-ndc">{ wording::NO_NDC }</span>
                                } else {
                                    { for ndcs.iter().enumerate().map(|(i, ndc)| html! {
                                        <>
                                            if i > 0 { { ", " } }
                                            <span class="ndc">{ *ndc }</span>
                                        </>
                                    }) }
                                }
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{identify, Candidate, Query};
    use crate::ui::results::STOP_CLASSES;
    use crate::vocab::{Color, Shape};
    use std::rc::Rc;

    async fn render(query: Query, scored: Option<bool>) -> String {
        let props = CompactListProps {
            answer: Answer::new(Rc::new(identify(&query))),
            scored,
        };
        let render = yew::LocalServerRenderer::<CompactList>::with_props(props)
            .hydratable(false)
            .render();
        tokio::task::LocalSet::new().run_until(render).await
    }

    /// Each row, by product id.
    fn rows(html: &str) -> Vec<(String, String)> {
        html.split("<tr")
            .filter_map(|row| {
                let id = row.split("data-product=\"").nth(1)?.split('"').next()?;
                Some((id.to_owned(), row.to_owned()))
            })
            .collect()
    }

    fn red(row: &str) -> bool {
        row.split("class=\"").skip(1).any(|rest| {
            rest.split('"')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .any(|c| STOP_CLASSES.contains(&c))
        })
    }

    #[tokio::test]
    async fn every_candidate_has_a_row_with_its_ndcs_and_red_only_to_stop() {
        let query = Query::text("LCI");
        let answer = identify(&query);
        let html = render(query, None).await;
        let rows = rows(&html);
        assert_eq!(rows.len(), answer.candidates.len());
        assert!(rows.len() >= 6, "{}", rows.len());
        for (c, (id, row)) in answer.candidates.iter().zip(&rows) {
            let p = c.product;
            assert_eq!(&p.id, id, "best first");
            for ndc in wording::ndcs(p) {
                assert!(
                    row.contains(&format!(r#"<span class="ndc">{ndc}</span>"#)),
                    "{row}"
                );
            }
            assert!(row.contains(&wording::list_maker(p)), "{row}");
            assert!(row.contains(&wording::list_medicine(p)), "{row}");
            let stop = !p.is_target() || !p.is_usual_strength();
            assert_eq!(red(row), stop, "{id}: {row}");
        }
        // Both kinds of row are there, so the check above could fail
        // either way: LCI 1330 (10 mg, plain) and a 20 mg twin (red).
        let stop = |c: &Candidate<'_>| !c.product.is_target() || !c.product.is_usual_strength();
        assert!(answer
            .candidates
            .iter()
            .any(|c| c.product.id == "chartwell-lci-1330"));
        assert!(answer.candidates.iter().any(stop));
    }

    #[tokio::test]
    async fn what_the_user_said_against_the_tablet_is_red_in_its_row() {
        let said = Query {
            imprint: "1285".into(),
            shape: Some(Shape::Oval),
            color: Some(Color::White),
            size_mm: None,
        };
        let answer = identify(&said);
        let c = answer
            .candidates
            .iter()
            .find(|c| c.product.id == "zydus-1285")
            .expect("1285 is listed");
        let html = render(said.clone(), Some(false)).await;
        let listed = rows(&html);
        let (_, row) = listed
            .iter()
            .find(|(id, _)| id == "zydus-1285")
            .expect("1285 is listed");
        let shape = wording::chosen_shape_differs(c, said.shape).expect("1285 is round");
        let scored = wording::score_differs_short(c.product, Some(false)).expect("1285 is scored");
        for differs in [shape, scored.to_owned()] {
            assert!(row.contains(&wording::contradicted(&differs)), "{row}");
        }
        assert!(row.contains("stop-edge"), "{row}");
        // White is what 1285 is: nothing said against it.
        assert_eq!(wording::chosen_color_differs(c, said.color), None);
        assert_eq!(row.matches(r#"class="differs stop""#).count(), 2, "{row}");
        // The same tablet with nothing said: plain, its edge green.
        let html = render(Query::text("1285"), None).await;
        let (_, row) = rows(&html).into_iter().next().expect("a row");
        assert!(!red(&row), "{row}");
        assert!(row.contains("go-edge"), "{row}");
    }

    #[test]
    fn the_remembered_view_is_read_back_and_anything_else_is_cards() {
        for view in [View::Cards, View::List] {
            assert_eq!(View::from_word(Some(view.word())), view);
        }
        assert_eq!(View::from_word(Some("grid")), View::Cards);
        assert_eq!(View::from_word(None), View::Cards);
    }
}
