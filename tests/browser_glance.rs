//! The answer at a glance, in a real browser (issue 15, the parts not in
//! `tests/browser.rs`): the compact list that shows every candidate's NDC
//! on one desktop screen, the quick pickers (common choices first, "more",
//! typeahead) and, on a phone, the panel that closes after a tapped choice
//! and shows the verdict.
//!
//! `#[ignore]`d like every browser test; `make test` runs them against
//! `dist/`. Screenshots: `target/screenshots/desktop-list.png`,
//! `phone-list.png`, `phone-after-choice.png`.

mod support;

use pillid::matcher::{identify, Query};
use pillid::ui::pickers::{colors_in_order, next_starting_with, shapes_in_order, COMMON_SHAPES};
use pillid::ui::url::shape_word;
use pillid::vocab::{Color, Shape};
use pillid::wording;
use serde_json::{json, Value};
use support::app::{
    assert_accessible, banner_for, banner_with, js, open, page_overflows, span_of, start,
    type_imprint, verdict, SMALL_PHONE,
};
use support::browser::{target_dir, Browser, COMMAND};
use support::within;

/// The desktop of the walkthrough's pharmacy technician.
const COUNTER: (u32, u32) = (1366, 768);

/// A prefix many tablets share: Lannett's LCI tablets of several
/// strengths and another medicine's NVR / LCI, so the list is full.
const MANY_QUERY: &str = "LCI";

/// Fewest candidates the list test accepts: the issue asks for six on one
/// screen.
const AT_LEAST: usize = 6;

/// A round 10 mg tablet, a match until another shape is chosen.
const ROUND_QUERY: &str = "1285";

/// Presses `keys` on the element that has the focus.
async fn press(browser: &Browser, keys: &str) {
    let focused = within(
        "the focused element",
        COMMAND,
        browser.client().active_element(),
    )
    .await;
    within("pressing keys", COMMAND, focused.send_keys(keys)).await;
}

/// The ids of the shape or colour radios the page shows, in order.
async fn radios(browser: &Browser, name: &str) -> Vec<String> {
    let ids = browser
        .run(&format!(
            "return [...document.querySelectorAll('input[name={name}]')].map(i => i.id);"
        ))
        .await;
    serde_json::from_value(ids).unwrap_or_default()
}

/// The rectangles of every row's NDC cell and the window's size, after the
/// page is scrolled to the top.
async fn ndc_cells(browser: &Browser) -> (Vec<Value>, f64, f64) {
    let found = browser
        .run(
            "window.scrollTo(0, 0);
             const cells = [...document.querySelectorAll('table.compact .compact-ndcs')].map(c => {
                 const r = c.getBoundingClientRect();
                 return { product: c.closest('tr').dataset.product, text: c.textContent,
                          top: r.top, bottom: r.bottom, left: r.left, right: r.right };
             });
             return [cells, window.innerWidth, window.innerHeight];",
        )
        .await;
    (
        found[0].as_array().cloned().unwrap_or_default(),
        found[1].as_f64().unwrap_or(0.0),
        found[2].as_f64().unwrap_or(0.0),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn at_a_desk_the_compact_list_shows_every_candidate_s_ndc_on_one_screen() {
    let answer = identify(&Query::text(MANY_QUERY));
    let ids: Vec<&str> = answer
        .candidates
        .iter()
        .map(|c| c.product.id.as_str())
        .collect();
    assert!(ids.len() >= AT_LEAST, "{MANY_QUERY}: only {}", ids.len());

    let (server, browser) = start(COUNTER).await;
    open(&browser, &server, "/").await;
    type_imprint(&browser, MANY_QUERY).await;
    verdict(&browser, &banner_for(MANY_QUERY).heading).await;
    // Cards first; the switch from the keyboard: focus "Cards", then the
    // arrow key moves to "Compact list", as in any radio group.
    browser
        .wait_until(
            "document.getElementById('view-cards')?.checked && document.querySelectorAll('.result-card').length > 0",
            "the cards, the default view",
            "document.querySelectorAll('.result-card').length",
        )
        .await;
    browser
        .run("document.getElementById('view-cards').focus(); return 0;")
        .await;
    press(&browser, "\u{E014}").await;
    browser
        .wait_until(
            &format!(
                "document.querySelectorAll('table.compact tbody tr').length === {} && !document.querySelector('.result-card')",
                ids.len()
            ),
            "the compact list instead of the cards",
            "document.querySelectorAll('table.compact tbody tr').length",
        )
        .await;

    let (cells, width, height) = ndc_cells(&browser).await;
    browser
        .screenshot(&target_dir().join("screenshots/desktop-list.png"))
        .await;

    let shown: Vec<&str> = cells.iter().filter_map(|c| c["product"].as_str()).collect();
    assert_eq!(shown, ids, "one row per candidate, best first");
    for (cell, c) in cells.iter().zip(&answer.candidates) {
        let ndcs = wording::ndcs(c.product);
        let text = cell["text"].as_str().unwrap_or_default();
        if ndcs.is_empty() {
            assert_eq!(text, wording::NO_NDC, "{cell}");
        }
        for ndc in ndcs {
            assert!(text.contains(ndc), "{cell}");
        }
        let inside = |key: &str, low: f64, high: f64| {
            cell[key]
                .as_f64()
                .is_some_and(|v| (low..=high).contains(&v))
        };
        assert!(
            inside("top", 0.0, height)
                && inside("bottom", 0.0, height)
                && inside("left", 0.0, width)
                && inside("right", 0.0, width),
            "the NDC of {} is outside the {width}x{height} window: {cell}",
            c.product.id
        );
    }
    let last = cells
        .iter()
        .filter_map(|c| c["bottom"].as_f64())
        .fold(0.0, f64::max);
    println!(
        "compact list, {MANY_QUERY:?} at {}x{}: {} rows, the last NDC ends at {last:.0} px",
        COUNTER.0,
        COUNTER.1,
        cells.len()
    );
    assert!(!page_overflows(&browser).await, "wider than the window");

    // Remembered on the device: a new visit opens the list.
    open(
        &browser,
        &server,
        &format!("/?imprint={}", MANY_QUERY.replace(' ', "+")),
    )
    .await;
    browser
        .wait_until(
            "document.getElementById('view-list')?.checked && document.querySelector('table.compact')",
            "the list again after reloading",
            "[document.getElementById('view-list')?.checked, !!document.querySelector('table.compact')]",
        )
        .await;

    // Accessible in the list view, light and dark.
    for scheme in ["light", "dark"] {
        browser
            .devtools(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            )
            .await;
        assert_accessible(&browser, &format!("the compact list, {scheme}")).await;
    }

    // On a phone the rows become short paragraphs: nothing sideways.
    browser.set_viewport(SMALL_PHONE.0, SMALL_PHONE.1).await;
    assert!(
        !page_overflows(&browser).await,
        "the list scrolls sideways on a phone"
    );
    browser
        .run("document.querySelector('table.compact').scrollIntoView(); return 0;")
        .await;
    browser
        .screenshot(&target_dir().join("screenshots/phone-list.png"))
        .await;

    // Back to the cards by pointer, remembered too.
    browser.set_viewport(COUNTER.0, COUNTER.1).await;
    browser.click("label[for=view-cards]").await;
    browser
        .wait_until(
            "document.querySelector('.result-card') && !document.querySelector('table.compact') && localStorage.getItem('pillid-view') === 'cards'",
            "the cards again",
            "localStorage.getItem('pillid-view')",
        )
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn the_pickers_show_the_common_choices_first_and_type_ahead() {
    let (server, browser) = start(COUNTER).await;
    open(&browser, &server, "/").await;
    // Wide: the panel starts open. Folded: "any" and the common shapes.
    let common: Vec<String> = std::iter::once("shape-any".to_owned())
        .chain(
            COMMON_SHAPES
                .iter()
                .map(|s| format!("shape-{}", shape_word(*s))),
        )
        .collect();
    assert_eq!(radios(&browser, "shape").await, common);
    let colours = radios(&browser, "color").await;
    assert_eq!(
        colours,
        [
            "color-any",
            "color-white",
            "color-yellow",
            "color-pink",
            "color-blue",
            "color-orange"
        ]
    );

    // "More" shows the rest, and says whether it is open.
    let more = browser
        .run("const b = document.getElementById('shape-more'); return [b.textContent, b.getAttribute('aria-expanded')];")
        .await;
    let folded = Shape::ALL.len() - COMMON_SHAPES.len();
    assert_eq!(
        more,
        json!([wording::more_choices(wording::MORE_SHAPES, folded), "false"])
    );
    browser.click("#shape-more").await;
    browser
        .wait_until(
            &format!(
                "document.querySelectorAll('input[name=shape]').length === {} && document.getElementById('shape-more').getAttribute('aria-expanded') === 'true'",
                Shape::ALL.len() + 1
            ),
            "every shape after \"more\"",
            "document.querySelectorAll('input[name=shape]').length",
        )
        .await;
    browser.click("#shape-more").await;
    browser
        .wait_until(
            &format!(
                "document.querySelectorAll('input[name=shape]').length === {}",
                common.len()
            ),
            "the common shapes again after \"fewer\"",
            "document.querySelectorAll('input[name=shape]').length",
        )
        .await;

    // Typeahead: a letter moves to the next shape starting with it and
    // chooses it, folded or not; the choice stays shown when folded.
    let labels: Vec<String> = std::iter::once(wording::ANY_CHOICE.to_owned())
        .chain(shapes_in_order().into_iter().map(wording::shape_label))
        .collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let order: Vec<Option<Shape>> = std::iter::once(None)
        .chain(shapes_in_order().into_iter().map(Some))
        .collect();
    let h = next_starting_with(&label_refs, "h", Some(0)).expect("a shape starts with H");
    let rare = order[h].expect("not \"any\"");
    assert!(!COMMON_SHAPES.contains(&rare), "{rare:?}");
    browser
        .run("document.getElementById('shape-any').focus(); return 0;")
        .await;
    press(&browser, "h").await;
    let rare_id = format!("shape-{}", shape_word(rare));
    browser
        .wait_until(
            &format!(
                "document.getElementById({id})?.checked && document.activeElement.id === {id}",
                id = js(&rare_id)
            ),
            "H to choose and focus the first shape starting with H",
            "document.activeElement.id",
        )
        .await;
    let mut shown = common.clone();
    shown.push(rare_id.clone());
    assert_eq!(
        radios(&browser, "shape").await,
        shown,
        "the chosen rare shape stays shown, folded"
    );
    browser
        .wait_for_text(".refine-chosen", "the summary to name it", |t| {
            t.starts_with(&wording::shape_label(rare).to_lowercase())
        })
        .await;
    // Again: the next one with that letter, wrapping round.
    let again = next_starting_with(&label_refs, "H", Some(h)).expect("a shape");
    press(&browser, "H").await;
    let again_id = order[again].map_or("shape-any".to_owned(), |s| {
        format!("shape-{}", shape_word(s))
    });
    browser
        .wait_until(
            &format!(
                "document.getElementById({id})?.checked && document.activeElement.id === {id}",
                id = js(&again_id)
            ),
            "H again to move to the next shape starting with H",
            "document.activeElement.id",
        )
        .await;
    // "r" from "any" is round, the first common shape.
    assert_eq!(next_starting_with(&label_refs, "r", Some(0)), Some(1));
    browser
        .run("document.getElementById('shape-any').focus(); return 0;")
        .await;
    press(&browser, "r").await;
    browser
        .wait_until(
            "document.getElementById('shape-round').checked && document.activeElement.id === 'shape-round'",
            "R to choose round",
            "[document.activeElement.id, document.querySelector('input[name=shape]:checked')?.id, [...document.querySelectorAll('input[name=shape]')].map(i => i.id)]",
        )
        .await;

    // Colours likewise: B from "any" is blue, a common colour.
    let colour_labels: Vec<String> = std::iter::once(wording::ANY_CHOICE.to_owned())
        .chain(colors_in_order().into_iter().map(wording::color_label))
        .collect();
    let colour_refs: Vec<&str> = colour_labels.iter().map(String::as_str).collect();
    let b = next_starting_with(&colour_refs, "b", Some(0)).expect("a colour starts with B");
    assert_eq!(colors_in_order()[b - 1], Color::Blue);
    browser
        .run("document.getElementById('color-any').focus(); return 0;")
        .await;
    press(&browser, "b").await;
    browser
        .wait_until(
            "document.getElementById('color-blue').checked && document.activeElement.id === 'color-blue'",
            "B to choose blue",
            "document.activeElement.id",
        )
        .await;
    // On a wide window the panel stays open whatever was chosen.
    assert_eq!(
        browser
            .run("return document.querySelector('details.refine').open;")
            .await,
        json!(true)
    );

    // Every choice shown, light and dark, is accessible.
    browser.click("#shape-more").await;
    browser.click("#color-more").await;
    for scheme in ["light", "dark"] {
        browser
            .devtools(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            )
            .await;
        assert_accessible(&browser, &format!("every shape and colour shown, {scheme}")).await;
    }
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn on_a_phone_a_tapped_choice_closes_the_panel_and_shows_the_verdict() {
    let (server, browser) = start(SMALL_PHONE).await;
    open(&browser, &server, "/").await;
    type_imprint(&browser, ROUND_QUERY).await;
    verdict(&browser, &banner_for(ROUND_QUERY).heading).await;
    browser.click("details.refine > summary").await;
    browser
        .wait_until(
            "document.querySelector('details.refine').open",
            "the panel to open",
            "document.querySelector('details.refine').open",
        )
        .await;
    // The keyboard keeps its place: an arrow key's choice leaves the panel
    // open.
    browser
        .run("document.getElementById('shape-any').focus(); return 0;")
        .await;
    press(&browser, "\u{E014}").await;
    browser
        .wait_until(
            "document.getElementById('shape-round').checked",
            "the arrow key to choose round",
            "document.activeElement.id",
        )
        .await;
    assert_eq!(
        browser
            .run("return [document.querySelector('details.refine').open, document.activeElement.id];")
            .await,
        json!([true, "shape-round"])
    );

    // A tap: the panel closes to its summary, which names the choice, and
    // the verdict (the oval contradicts the tablet) is on the screen.
    browser
        .run("document.querySelector('label[for=shape-oval]').scrollIntoView(); return 0;")
        .await;
    browser.click("label[for=shape-oval]").await;
    let want = banner_with(ROUND_QUERY, Some(Shape::Oval), None);
    verdict(&browser, &want.heading).await;
    browser
        .wait_until(
            "!document.querySelector('details.refine').open",
            "the panel to close after the tap",
            "document.querySelector('details.refine').open",
        )
        .await;
    browser
        .wait_for_text(".refine-chosen", "the summary of the choice", |t| {
            t.starts_with("oval")
        })
        .await;
    // The scroll runs after the new answer is drawn.
    browser
        .wait_until(
            &format!(
                "(r => r.top >= 0 && r.bottom <= {}) (document.getElementById('verdict').getBoundingClientRect())",
                SMALL_PHONE.1
            ),
            "the verdict in view",
            "document.getElementById('verdict').getBoundingClientRect().top",
        )
        .await;
    let (top, bottom) = span_of(&browser, "#verdict").await;
    println!("after the tap, the verdict spans {top:.0}..{bottom:.0} px");
    assert!(!page_overflows(&browser).await, "the page scrolls sideways");
    browser
        .screenshot(&target_dir().join("screenshots/phone-after-choice.png"))
        .await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn on_a_phone_at_large_text_read_as_says_what_was_typed_in_words() {
    let (server, browser) = start(SMALL_PHONE).await;
    open(&browser, &server, "/").await;
    // Text at twice the usual size, as a phone's largest font setting.
    browser
        .run("document.documentElement.style.fontSize = '200%'; return 0;")
        .await;
    type_imprint(&browser, "kpo2 10").await;
    let words = wording::typed_instead('O', "0", true);
    let want = format!("{}{}", words.on_tablet, words.sentence);
    let found = browser
        .wait_for_text(
            ".result-card[data-product=imprint-kp02-10] .typed-instead li",
            "the words under the imprint",
            |t| !t.is_empty(),
        )
        .await;
    assert_eq!(found, want);
    let look = browser
        .run(
            "const li = document.querySelector('.result-card[data-product=imprint-kp02-10] .typed-instead li');
             li.scrollIntoView();
             const r = li.getBoundingClientRect();
             return [parseFloat(getComputedStyle(li).fontSize), r.left >= 0 && r.right <= window.innerWidth,
                     document.querySelectorAll('.result-card .typed, .result-card sup').length];",
        )
        .await;
    println!("the words under the imprint at large text: {look}");
    assert!(
        look[0].as_f64().is_some_and(|px| px >= 2.0 * 16.0 * 0.9),
        "{look}"
    );
    assert_eq!(look[1], json!(true), "the words run off the phone: {look}");
    assert_eq!(look[2], json!(0), "a superscript is left: {look}");
    assert!(!page_overflows(&browser).await, "the page scrolls sideways");
    browser
        .screenshot(&target_dir().join("screenshots/phone-read-as-large.png"))
        .await;
    browser.close().await;
}
