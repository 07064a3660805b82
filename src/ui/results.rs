//! The answer: a verdict banner, notes about the input, and one card per
//! candidate, best first. The banner sits in a live region, so screen
//! readers hear the verdict change as the user types.

use super::answer::Answer;
use super::card::ResultCard;
use super::compact::{CompactList, View, ViewSwitch};
use super::state::Note;
use crate::matcher::Verdict;
use crate::wording::{self, Tone};
use yew::prelude::*;

/// Classes that colour an element red. Red means stop, and only three
/// things may stop the user: a strength other than the usual one, a tablet
/// of another medicine, and a shape, colour or score line the user gave
/// that the tablet does not have. Everything else (look-alikes, where the
/// record comes from, an unconfirmed maker) is plain text.
pub const STOP_CLASSES: [&str; 3] = ["stop", "stop-edge", "verdict-stop"];

/// Properties of [`Results`].
#[derive(Properties, PartialEq, Clone)]
pub struct ResultsProps {
    /// The identification to show.
    pub answer: Answer,
    /// Whether the user said the tablet has a score line.
    pub scored: Option<bool>,
    /// Notes about the input: the link the page was opened with, hidden
    /// characters removed from what was typed.
    pub input_notes: Vec<Note>,
    /// Cards or the compact list.
    #[prop_or_default]
    pub view: View,
    /// Called when the person switches between cards and the list.
    #[prop_or_default]
    pub onview: Callback<View>,
    /// True to put the switch after the candidates rather than above
    /// them: on a phone the box, the verdict and the first card must share
    /// one screen, and the compact list is meant for a desk.
    #[prop_or_default]
    pub switch_after: bool,
}

/// The results region (`#results`).
#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let answer = &props.answer;
    let waiting = answer.is_waiting();
    let banner = wording::banner(answer);
    let listed = if waiting {
        String::new()
    } else {
        wording::listed_line(answer.verdict, answer.candidates.len())
    };
    let announce = if waiting {
        html! { <p class="prompt">{ wording::PROMPT }</p> }
    } else {
        html! {
            <>
            <div class={classes!("verdict", banner.tone.class(), (banner.tone == Tone::Stop).then_some("stop"))}>
                <h2 id="verdict">{ banner.heading.clone() }</h2>
                if let Some(detail) = &banner.detail {
                    <p id="verdict-detail" class="verdict-detail">{ detail.clone() }</p>
                }
            </div>
            <p id="listed" class="listed">{ listed }</p>
            </>
        }
    };
    // The matcher's "type something" note repeats the prompt.
    let notices: Vec<String> = if waiting {
        Vec::new()
    } else {
        answer.notices.iter().map(ToString::to_string).collect()
    };
    let listing = !waiting && !answer.candidates.is_empty();
    let switch = html! { <ViewSwitch view={props.view} onchange={props.onview.clone()} /> };
    html! {
        <section id="results" class="results" aria-labelledby="results-title">
            <h2 id="results-title" class="visually-hidden">{ "Results" }</h2>
            <div id="announce" aria-live="polite" aria-atomic="true">
                { announce }
            </div>
            if !waiting && answer.verdict == Verdict::NoMatch {
                <section class="tips" aria-labelledby="tips-title">
                    if let Some(closest) = wording::closest_line(answer) {
                        <p id="closest" class="closest">{ closest }</p>
                    }
                    <h3 id="tips-title">{ wording::READING_TIPS_TITLE }</h3>
                    <ul>
                        { for wording::READING_TIPS.iter().map(|t| html! { <li>{ *t }</li> }) }
                    </ul>
                </section>
            }
            if !props.input_notes.is_empty() || !notices.is_empty() {
                <ul id="notices" class="notices" aria-label="Notes about what was typed">
                    { for props.input_notes.iter().map(wording::input_note).chain(notices).map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
            if listing && !props.switch_after {
                { switch.clone() }
            }
            if listing && props.view == View::List {
                <CompactList answer={answer.clone()} scored={props.scored} />
            } else if listing {
                <ol class="cards">
                    { for answer.candidates.iter().enumerate().map(|(index, c)| html! {
                        <li key={c.product.id.clone()}>
                            <ResultCard answer={answer.clone()} {index} scored={props.scored} />
                        </li>
                    }) }
                </ol>
            }
            if listing && props.switch_after {
                { switch }
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use crate::matcher::{display_imprint, identify, Query};
    use crate::vocab::{Color, Shape};
    use std::rc::Rc;

    async fn render(query: Query) -> String {
        render_with(query, false).await
    }

    async fn render_with(query: Query, switch_after: bool) -> String {
        let props = ResultsProps {
            answer: Answer::new(Rc::new(identify(&query))),
            scored: None,
            input_notes: Vec::new(),
            view: View::Cards,
            onview: Callback::noop(),
            switch_after,
        };
        let render = yew::LocalServerRenderer::<Results>::with_props(props)
            .hydratable(false)
            .render();
        tokio::task::LocalSet::new().run_until(render).await
    }

    /// The classes of every element that carries one of [`STOP_CLASSES`].
    fn red(html: &str) -> Vec<String> {
        html.split("class=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|classes| {
                classes
                    .split_whitespace()
                    .any(|c| STOP_CLASSES.contains(&c))
            })
            .map(str::to_owned)
            .collect()
    }

    /// The page split into what comes before the cards, and each card.
    fn parts(html: &str) -> (&str, Vec<&str>) {
        let mut pieces = html.split("<article");
        let head = pieces.next().unwrap_or_default();
        (head, pieces.collect())
    }

    /// Z 4096 / 10 is marked as a former appearance; 4096 / TV, which
    /// the same query lists, is not.
    #[tokio::test]
    async fn a_former_appearance_is_said_on_its_card_only() {
        let html = render(Query::text("4096")).await;
        let (_, cards) = parts(&html);
        let former = |id: &str| {
            cards
                .iter()
                .find(|c| c.contains(&format!(r#"data-product="{id}""#)))
                .unwrap_or_else(|| panic!("no card for {id}"))
                .contains(wording::FORMER_IMPRINT)
        };
        assert!(former("imprint-4096-10"), "{html}");
        assert!(!former("teva-4096-tv"), "{html}");
    }

    /// Components render natively with Yew's server-side renderer (the
    /// `ssr` feature, enabled for native tests only).
    #[tokio::test]
    async fn renders_natively_on_the_server_side() {
        let html = render(Query::text("kp02 10")).await;
        assert!(html.contains(r#"<h2 id="verdict">"#), "{html}");
        assert!(html.contains(r#"<ol class="cards">"#), "{html}");
    }

    /// Lower in the list, a tablet of another strength or medicine keeps
    /// its red: it is not 10 mg, or not baclofen.
    #[tokio::test]
    async fn an_exact_ten_mg_match_shows_no_red_but_on_tablets_of_other_strengths() {
        for q in ["kp02 10", "1285", "N029", "LCI 1330"] {
            let html = render(Query::text(q)).await;
            let (head, cards) = parts(&html);
            assert!(head.contains("verdict-match"), "{q}: {head}");
            assert_eq!(red(head), Vec::<String>::new(), "{q}: the banner");
            assert_eq!(red(cards[0]), Vec::<String>::new(), "{q}: the top card");
            for card in &cards[1..] {
                let own = card.split('>').next().unwrap_or_default();
                if !own.contains("other-medicine") && !own.contains("not-ten") {
                    assert_eq!(red(card), Vec::<String>::new(), "{q}: {card}");
                }
            }
        }
    }

    #[tokio::test]
    async fn a_twenty_mg_match_is_red_in_the_banner_and_on_its_card() {
        let html = render(Query::text("1286")).await;
        let (head, cards) = parts(&html);
        assert!(
            head.contains(r#"<h2 id="verdict">Baclofen 20 mg — not 10 mg · 1286</h2>"#),
            "{head}"
        );
        assert!(
            red(head).iter().any(|c| c.contains("verdict-stop")),
            "{head}"
        );
        assert!(
            red(cards[0]).iter().any(|c| c.contains("strength")),
            "{}",
            cards[0]
        );
        // Its 10 mg twin is named in plain words, the digit that differs
        // marked.
        assert!(
            cards[0].contains(r#"<li class="lookalike">10 mg twin: <span class="twin-imprint">128<strong class="twin-differs">5</strong></span>, the last digit</li>"#),
            "{}",
            cards[0]
        );
    }

    #[tokio::test]
    async fn what_the_user_said_against_the_tablet_is_red_and_a_tie_is_not() {
        let said = render(Query {
            imprint: "1285".into(),
            shape: Some(Shape::Oval),
            color: Some(Color::Blue),
            size_mm: None,
        })
        .await;
        let (head, cards) = parts(&said);
        assert!(
            head.contains("You said blue oval; this tablet is white round"),
            "{head}"
        );
        assert!(!red(head).is_empty(), "{head}");
        assert!(
            red(cards[0]).iter().any(|c| c.contains("differs")),
            "{}",
            cards[0]
        );

        let tie = render(Query::text("V 226")).await;
        let (head, cards) = parts(&tie);
        assert!(head.contains("Could be 10 mg or 20 mg"), "{head}");
        assert_eq!(red(head), Vec::<String>::new(), "{head}");
        // The 10 mg card of a tie: its 20 mg look-alike is plain text.
        let ten = cards
            .iter()
            .find(|c| c.contains(r#"data-product="imprint-2265-v""#))
            .expect("2265 V is listed");
        assert_eq!(red(ten), Vec::<String>::new(), "{ten}");
    }

    /// "Read as" says in words which character was typed for which, under
    /// the imprint; no superscript, nothing struck through.
    #[tokio::test]
    async fn read_as_says_in_words_what_was_typed_instead() {
        for (query, typed, on_tablet, lookalike) in
            [("kpo2 10", 'O', "0", true), ("kp03 10", '3', "2", false)]
        {
            let html = render(Query::text(query)).await;
            let (_, cards) = parts(&html);
            let card = cards
                .iter()
                .find(|c| c.contains(r#"data-product="imprint-kp02-10""#))
                .expect("KP02 10 is listed");
            let words = wording::typed_instead(typed, on_tablet, lookalike);
            assert!(
                card.contains(&format!(
                    "{}</span>{}</li>",
                    words.on_tablet, words.sentence
                )),
                "{query}: {card}"
            );
            assert!(
                words
                    .sentence
                    .contains(&format!("you typed {typed}, the tablet has {on_tablet}")),
                "{words:?}"
            );
            assert!(!card.contains(r#"class="typed""#), "{query}: {card}");
        }
        let exact = render(Query::text("kp02 10")).await;
        let top = parts(&exact).1[0];
        assert!(!top.contains("typed-instead"), "{top}");
        let css = include_str!("../../assets/pillid.css");
        assert!(!css.contains("vertical-align: super"));
        assert!(!css.contains("line-through"));
    }

    /// The switch between cards and list: above the candidates on a desk,
    /// after them on a phone.
    #[tokio::test]
    async fn the_view_switch_is_above_the_cards_or_after_them() {
        let above = render_with(Query::text("LCI"), false).await;
        let below = render_with(Query::text("LCI"), true).await;
        for (html, switch_first) in [(above, true), (below, false)] {
            let switch = html.find(r#"class="view-switch""#).expect("a switch");
            let cards = html.find(r#"<ol class="cards">"#).expect("cards");
            assert_eq!(switch < cards, switch_first, "{html}");
            assert_eq!(html.matches(r#"class="view-switch""#).count(), 1);
        }
    }

    #[tokio::test]
    async fn no_match_says_what_pillid_knows_and_how_to_read_better() {
        let html = render(Query::text("M 367")).await;
        let (head, _) = parts(&html);
        assert!(head.contains(wording::NO_MATCH), "{head}");
        assert!(head.contains(&wording::no_match_detail()), "{head}");
        assert!(head.contains("Closest tablets pillid knows: "), "{head}");
        assert!(head.contains(wording::READING_TIPS_TITLE), "{head}");
        assert_eq!(red(head), Vec::<String>::new(), "{head}");
    }

    #[tokio::test]
    async fn another_medicine_is_red() {
        let html = render(Query::text("E 7")).await;
        let (head, _) = parts(&html);
        assert!(head.contains("Not baclofen"), "{head}");
        assert!(!red(head).is_empty(), "{head}");
    }

    /// Every card of every baclofen tablet, as the page shows it, is in
    /// words for users: no stored file, no SPL vocabulary code, no build
    /// notes.
    #[tokio::test]
    async fn no_card_shows_a_file_name_or_a_vocabulary_code() {
        let mut seen = 0;
        for p in catalog().products.iter().filter(|p| p.is_target()) {
            let html = render(Query::text(display_imprint(&p.imprint))).await;
            let card = parts(&html)
                .1
                .into_iter()
                .find(|c| c.contains(&format!(r#"data-product="{}""#, p.id)))
                .unwrap_or_else(|| panic!("{} is listed for its own imprint", p.id));
            for word in ["seeds/", "SPL ", ".tsv", "research table", "the seed"] {
                assert!(
                    !card.contains(word),
                    "{}: {word:?} on the card: {card}",
                    p.id
                );
            }
            seen += 1;
        }
        assert_eq!(seen, wording::target_tablets());
    }

    /// Red is only ever drawn by the stop classes: every rule of the
    /// stylesheet that uses the stop colours names one of them.
    #[test]
    fn only_the_stop_classes_are_red_in_the_stylesheet() {
        let css = include_str!("../../assets/pillid.css");
        let mut checked = 0;
        for rule in css.split('}') {
            let Some((selector, body)) = rule.split_once('{') else {
                continue;
            };
            let selector = selector.rsplit("*/").next().unwrap_or(selector).trim();
            if !body.contains("var(--nomatch") {
                continue;
            }
            checked += 1;
            assert!(
                STOP_CLASSES
                    .iter()
                    .any(|c| selector.contains(&format!(".{c}"))),
                "{selector} is red but is not a stop class"
            );
        }
        assert!(checked >= 3, "{checked}");
    }
}
