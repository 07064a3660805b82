//! The app in a real browser: the release build in `dist/`, served over
//! HTTP, in headless Chromium driven through ChromeDriver.
//!
//! These tests are `#[ignore]`d so that a plain `cargo test` needs neither
//! a browser nor a build; `make test` builds `dist/` and runs them with
//! `cargo test --test browser -- --ignored`. Each test opens one browser.
//!
//! They also take the screenshots: `target/screenshots/{desktop,phone}-
//! {empty,match,possible,no-match}.png` (1280 and 360 px wide) and a dark
//! one. They write nothing else: `make screenshots` copies the two that the
//! README shows into `docs/`.

mod support;

use pillid::report::DISCLAIMER;
use pillid::ui::framed::FRAMED;
use pillid::vocab::{Color, Shape};
use pillid::wording::NO_MATCH;
use serde_json::json;
use std::path::Path;
use std::time::Duration;
use support::app::{
    app_started, assert_accessible, axe, banner_for, banner_with, card_text, dist, first_card,
    imprint_box, js, open, page_overflows, shoot, span_of, start, type_imprint, verdict,
    wait_for_service_worker, DESKTOP, NOT_BACLOFEN_QUERY, SMALL_PHONE, TEN_MG_QUERY,
    TWENTY_MG_QUERY, TWO_STRENGTHS_QUERY,
};
use support::browser::{target_dir, Browser, COMMAND};
use support::server::{content_type, host_headers, resolve, Extras, StaticServer};
use support::within;

/// A round tablet's whole imprint (1285): a match, until a shape it does
/// not have is chosen.
const SHAPE_DECIDES_QUERY: &str = "1285";

/// A 20 mg tablet with no strength printed on it, photographed by NLM.
const PHOTOGRAPHED_QUERY: &str = "4097 tv";

/// A yellow tablet's whole imprint (MX 24): a match, until a colour it does
/// not have is chosen.
const COLOUR_DECIDES_QUERY: &str = "MX 24";

/// Markup and script an attacker might type or put in a link. Each would set
/// `window.__pwned` if it ever ran.
const HOSTILE: &[&str] = &[
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "javascript:window.__pwned=1",
    "\"'><svg onload=window.__pwned=1>",
    "';window.__pwned=1;//",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn typing_an_imprint_shows_the_tablet_or_says_plainly_that_nothing_matches() {
    let (server, browser) = start(DESKTOP).await;
    open(&browser, &server, "/").await;

    let c = browser.client();
    let focused = within("reading the focused element", COMMAND, c.active_element()).await;
    let focused_id = within("reading its id", COMMAND, focused.attr("id")).await;
    assert_eq!(
        focused_id.as_deref(),
        Some("imprint"),
        "the input has the focus"
    );
    browser
        .wait_for_text("#disclaimer", "the no-advice notice", |t| t == DISCLAIMER)
        .await;
    let placeholder = browser
        .run("return document.getElementById('imprint').placeholder;")
        .await;
    assert!(
        placeholder.as_str().is_some_and(|p| p.contains("KP02 10")),
        "examples in the placeholder: {placeholder}"
    );
    shoot(&browser, "empty").await;

    // A full 10 mg imprint: one card, the maker's status, the drawing.
    type_imprint(&browser, TEN_MG_QUERY).await;
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    let card = card_text(&browser, "imprint-kp02-10").await;
    for want in [
        "KP02 / 10",
        "baclofen 10 mg",
        "typed exactly",
        "Manufacturer",
        "not confirmed",
        "Lead: no source names the maker",
        "white, round",
    ] {
        assert!(card.contains(want), "the card lacks {want:?}: {card}");
    }
    assert!(!card.contains("not 10 mg"), "{card}");
    let drawing = browser
        .run(
            "const svg = document.querySelector('.result-card svg.pill-drawing');
             return [svg.getAttribute('aria-label'), [...svg.querySelectorAll('text')].map(t => t.textContent)];",
        )
        .await;
    let kp02_10 = pillid::catalog::catalog()
        .product("imprint-kp02-10")
        .expect("KP02 10 is in the database");
    let faces = |text: &str| vec![text.to_owned()];
    assert_eq!(
        drawing,
        json!([
            pillid::wording::drawing_label(kp02_10, &faces("KP02"), &faces("10"), true, false),
            ["KP02", "10"]
        ])
    );
    shoot(&browser, "match").await;

    // Digits two tablets share: possible matches, with the hint.
    type_imprint(&browser, TWO_STRENGTHS_QUERY).await;
    verdict(&browser, &banner_for(TWO_STRENGTHS_QUERY).heading).await;
    first_card(&browser, "imprint-2265-v").await;
    card_text(&browser, "imprint-2266-v").await;
    let listed = browser
        .wait_for_text("#listed", "how many are listed", |t| {
            t.contains("best first")
        })
        .await;
    assert!(listed.contains("choose the shape and colour"), "{listed}");
    shoot(&browser, "possible").await;

    // Not baclofen: the plain no-match sentence, and no baclofen card (the
    // closest tablets of other medicines may be listed, marked as such).
    type_imprint(&browser, NOT_BACLOFEN_QUERY).await;
    verdict(&browser, NO_MATCH).await;
    let cards = browser
        .run("return document.querySelectorAll('.result-card:not(.other-medicine)').length;")
        .await;
    assert_eq!(cards, json!(0));
    shoot(&browser, "no-match").await;

    // 20 mg: said plainly, with the 10 mg look-alike.
    type_imprint(&browser, TWENTY_MG_QUERY).await;
    verdict(&browser, &banner_for(TWENTY_MG_QUERY).heading).await;
    let card = card_text(&browser, "zydus-1286").await;
    assert!(card.contains("This is baclofen 20 mg, not 10 mg"), "{card}");
    let lookalike = browser
        .wait_for_text(
            ".result-card[data-product=zydus-1286] .warnings li.lookalike",
            "the look-alike warning",
            |t| t.contains("1285"),
        )
        .await;
    assert!(lookalike.starts_with("10 mg twin: 128"), "{lookalike}");

    // A letter O typed for a zero: read as a look-alike, and marked so.
    type_imprint(&browser, "kpo2 10").await;
    first_card(&browser, "imprint-kp02-10").await;
    let marked = browser
        .run(
            "const card = document.querySelector('.result-card');
             return [[...card.querySelectorAll('.marks .m-lookalike')].map(m => m.textContent),
                     [...card.querySelectorAll('.typed-instead li')].map(m => m.textContent)];",
        )
        .await;
    // In words under the line, never as a superscript.
    let words = pillid::wording::typed_instead('O', "0", true);
    assert_eq!(
        marked,
        json!([["0"], [format!("{}{}", words.on_tablet, words.sentence)]]),
        "the imprint's 0, typed as O"
    );

    // NLM's photo beside the drawing: both faces and the ruler, credited
    // and dated, described in words, opening large on a click.
    type_imprint(&browser, PHOTOGRAPHED_QUERY).await;
    first_card(&browser, "teva-4097-tv").await;
    let card = card_text(&browser, "teva-4097-tv").await;
    assert!(card.contains("This is baclofen 20 mg, not 10 mg"), "{card}");
    let photo = ".result-card[data-product=teva-4097-tv] figure.photo";
    browser
        .wait_until(
            &format!("document.querySelector('{photo} img')?.naturalWidth === 300"),
            "the photo to load",
            &format!("document.querySelector('{photo} img')?.outerHTML"),
        )
        .await;
    let shown = browser
        .run(&format!(
            "const img = document.querySelector('{photo} img');
             const url = new URL(img.src);
             return [url.origin === location.origin, url.pathname, img.alt,
                     img.naturalHeight, Math.round(100 * img.width / img.height),
                     document.querySelector('{photo} figcaption').textContent];"
        ))
        .await;
    assert_eq!(
        shown,
        json!([
            true,
            "/photos/00172-4097-60_NLMIMAGE10_7B26BDE5.webp",
            "Photo of both faces of the tablet on a millimetre ruler: TV with a score line on one face, 4097 on the other.",
            225,
            133,
            "Photo: U.S. National Library of Medicine, photographed 2012. \
             Tablets can change appearance; this is how it looked then."
        ]),
        "the whole photo (300 × 225, not cropped), its words and its credit"
    );
    let small = browser
        .run(&format!(
            "return document.querySelector('{photo} img').width;"
        ))
        .await;
    browser.click(&format!("{photo} summary")).await;
    browser
        .wait_until(
            &format!(
                "document.querySelector('{photo} details').open
                 && document.querySelector('{photo} img').width > 1.5 * {small}"
            ),
            "the photo to open large",
            &format!("document.querySelector('{photo} img').width"),
        )
        .await;
    shoot(&browser, "photo").await;
    browser.click(&format!("{photo} summary")).await;
    browser
        .wait_until(
            &format!("!document.querySelector('{photo} details').open"),
            "the photo to close",
            "0",
        )
        .await;
    let footer = browser
        .wait_for_text("#data-as-of", "the data's date", |t| !t.is_empty())
        .await;
    assert!(footer.starts_with("Data as of 20"), "{footer}");

    // Far too long: capped, and the page says so next to the input.
    let long = "1285 ".repeat(80);
    type_imprint(&browser, &long).await;
    let cap = browser
        .wait_for_text("#input-cap", "the input-cap notice", |t| !t.is_empty())
        .await;
    assert!(cap.contains("only its beginning is used"), "{cap}");
    browser
        .wait_for_text("#notices", "the cap in the notes", |t| {
            t.contains("too long")
        })
        .await;

    // Clear: back to the start, typing again.
    browser.click("#clear").await;
    browser
        .wait_for_text(".prompt", "the prompt", |t| t.contains("Type the letters"))
        .await;
    let state = browser
        .run("return [document.getElementById('imprint').value, document.activeElement.id];")
        .await;
    assert_eq!(state, json!(["", "imprint"]));

    assert_eq!(
        server.missing(),
        Vec::<String>::new(),
        "requests for files not in dist/"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn shape_and_colour_reorder_the_candidates_and_work_from_the_keyboard() {
    let (server, browser) = start(DESKTOP).await;
    open(&browser, &server, "/").await;

    // A shape the tablet does not have: said on its card, and no longer a
    // match; the shape it has makes it one again.
    type_imprint(&browser, SHAPE_DECIDES_QUERY).await;
    verdict(&browser, &banner_for(SHAPE_DECIDES_QUERY).heading).await;
    first_card(&browser, "zydus-1285").await;
    browser.click("label[for=shape-oval]").await;
    verdict(
        &browser,
        &banner_with(SHAPE_DECIDES_QUERY, Some(Shape::Oval), None).heading,
    )
    .await;
    let round = card_text(&browser, "zydus-1285").await;
    assert!(round.contains("≠ you chose oval"), "{round}");
    browser.click("label[for=shape-round]").await;
    verdict(&browser, &banner_for(SHAPE_DECIDES_QUERY).heading).await;
    first_card(&browser, "zydus-1285").await;
    browser.click("label[for=shape-any]").await;

    // A colour likewise.
    type_imprint(&browser, COLOUR_DECIDES_QUERY).await;
    first_card(&browser, "imprint-mx-24").await;
    browser.click("label[for=color-white]").await;
    verdict(
        &browser,
        &banner_with(COLOUR_DECIDES_QUERY, None, Some(Color::White)).heading,
    )
    .await;
    let yellow = card_text(&browser, "imprint-mx-24").await;
    assert!(yellow.contains("≠ you chose white"), "{yellow}");
    browser.click("label[for=color-yellow]").await;
    verdict(&browser, &banner_for(COLOUR_DECIDES_QUERY).heading).await;

    // A score line said to be absent: pointed out, never used to rank.
    browser.click("label[for=scored-no]").await;
    first_card(&browser, "imprint-mx-24").await;
    browser
        .wait_for_text(
            ".result-card[data-product=imprint-mx-24] .score-note",
            "the score-line note",
            |t| t.contains("has one on record"),
        )
        .await;
    browser
        .wait_for_text(".refine-chosen", "the summary of choices", |t| {
            t == "any shape, yellow, not scored"
        })
        .await;

    // Keyboard: the pickers are radio groups; arrows move the choice (to
    // the first common shape after "any"), and the focus is visible.
    browser
        .run("document.getElementById('shape-any').focus(); return 0;")
        .await;
    let focused = within(
        "the focused radio",
        COMMAND,
        browser.client().active_element(),
    )
    .await;
    within(
        "pressing the right arrow",
        COMMAND,
        focused.send_keys("\u{E014}"),
    )
    .await;
    browser
        .wait_until(
            "document.getElementById('shape-round').checked && document.activeElement.id === 'shape-round'",
            "the arrow key to choose the next shape",
            "document.activeElement.id",
        )
        .await;
    let outline = browser
        .run("return getComputedStyle(document.querySelector('label[for=shape-round]')).outlineStyle;")
        .await;
    assert_eq!(
        outline,
        json!("solid"),
        "the focused choice shows its focus"
    );
    browser
        .wait_for_text(".refine-chosen", "the new shape", |t| {
            t.starts_with("round")
        })
        .await;

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn a_link_restores_its_search_and_back_and_forward_move_between_searches() {
    let (server, browser) = start(DESKTOP).await;

    // The three links of the "done when".
    open(&browser, &server, "/?imprint=kp02+10").await;
    verdict(&browser, &banner_for("kp02 10").heading).await;
    let card = card_text(&browser, "imprint-kp02-10").await;
    assert!(
        card.contains("Manufacturer") && card.contains("not confirmed"),
        "{card}"
    );
    let value = browser
        .run("return document.getElementById('imprint').value;")
        .await;
    assert_eq!(value, json!("kp02 10"));

    open(&browser, &server, "/?imprint=1286").await;
    let card = card_text(&browser, "zydus-1286").await;
    assert!(card.contains("baclofen 20 mg, not 10 mg"), "{card}");

    open(&browser, &server, "/?imprint=M%20367").await;
    verdict(&browser, NO_MATCH).await;

    // Shape, colour and score line come back too, with the panel open.
    open(
        &browser,
        &server,
        "/?imprint=2266&shape=oval&color=white&scored=yes",
    )
    .await;
    first_card(&browser, "imprint-2266-v").await;
    let restored = browser
        .run(
            "return [document.querySelector('details.refine').open,
                     document.getElementById('shape-oval').checked,
                     document.getElementById('color-white').checked,
                     document.getElementById('scored-yes').checked];",
        )
        .await;
    assert_eq!(restored, json!([true, true, true, true]));

    // Typing writes the address once the typing stops: one history entry
    // per search, not per keystroke.
    open(&browser, &server, "/").await;
    type_imprint(&browser, "1285").await;
    let search_is = |s: &str| format!("location.search === {}", js(s));
    browser
        .wait_until(
            &search_is("?imprint=1285"),
            "the address to follow",
            "location.search",
        )
        .await;
    let before = browser.run("return history.length;").await;
    type_imprint(&browser, "N029").await;
    browser
        .wait_until(
            &search_is("?imprint=N029"),
            "the address to follow",
            "location.search",
        )
        .await;
    let after = browser.run("return history.length;").await;
    assert_eq!(
        after.as_u64(),
        before.as_u64().map(|n| n + 1),
        "typing four characters adds one history entry"
    );

    within("going back", COMMAND, browser.client().back()).await;
    first_card(&browser, "zydus-1285").await;
    browser
        .wait_until(
            "document.getElementById('imprint').value === '1285'",
            "back to restore the text",
            "document.getElementById('imprint').value",
        )
        .await;
    within("going forward", COMMAND, browser.client().forward()).await;
    first_card(&browser, "northstar-n029").await;

    // Copy link: with the clipboard allowed, the link must be on it.
    let link = format!("{}?imprint=N029", server.url());
    browser
        .devtools(
            "Browser.grantPermissions",
            json!({
                "origin": server.url().trim_end_matches('/'),
                "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
            }),
        )
        .await;
    browser.click("#copy-link").await;
    let status = browser
        .wait_for_text("#copy-status", "the copy result", |t| !t.is_empty())
        .await;
    assert_eq!(
        status, "Link copied.",
        "the browser allows the clipboard, yet the copy failed"
    );
    let copied = within(
        "reading the clipboard",
        COMMAND,
        browser.client().execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.clipboard.readText().then(done, e => done('refused: ' + e));",
            vec![],
        ),
    )
    .await;
    assert_eq!(copied, json!(link), "what the clipboard holds");
    // Without a clipboard, the link is shown, selected, to copy by hand.
    browser
        .run("Object.defineProperty(navigator, 'clipboard', { value: undefined }); return 0;")
        .await;
    browser.click("#copy-link").await;
    browser
        .wait_until(
            &format!(
                "document.getElementById('copy-field')?.value === {0}
                 && document.activeElement.id === 'copy-field'",
                js(&link)
            ),
            "the link shown to copy by hand",
            "document.getElementById('copy-status').textContent",
        )
        .await;

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn markup_typed_or_linked_shows_as_text_and_never_runs() {
    let (server, browser) = start(DESKTOP).await;
    open(&browser, &server, "/").await;
    let scripts = browser.run("return document.scripts.length;").await;
    // The only images: NLM's tablet photos on the cards, from this origin.
    let no_harm = "window.__pwned === undefined
        && [...document.querySelectorAll('img')].every(i => i.closest('.result-card figure.photo')
               && new URL(i.src).origin === location.origin
               && new URL(i.src).pathname.startsWith('/photos/'))
        && document.querySelectorAll('iframe, object, embed').length === 0
        && document.querySelectorAll('a[href^=\"javascript:\" i]').length === 0";

    for text in HOSTILE {
        type_imprint(&browser, text).await;
        browser
            .wait_for_text("#announce", "an answer", |t| !t.is_empty())
            .await;
        // Let anything that was going to run, run.
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            browser.run(&format!("return {no_harm};")).await,
            json!(true),
            "{text}"
        );
        assert_eq!(
            browser.run("return document.scripts.length;").await,
            scripts,
            "{text}"
        );
    }

    for text in HOSTILE {
        let q: String = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("imprint", text)
            .append_pair("shape", text)
            .append_pair("color", text)
            .append_pair("scored", text)
            .finish();
        open(&browser, &server, &format!("/?{q}")).await;
        let notes = browser
            .wait_for_text("#notices", "the notes about the link", |t| {
                t.contains("ignored")
            })
            .await;
        assert!(
            notes.contains(&format!(
                "The link's shape “{text}” is not one pillid knows"
            )),
            "the link's words are quoted as text: {notes}"
        );
        let value = browser
            .run("return document.getElementById('imprint').value;")
            .await;
        assert_eq!(value, json!(text));
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            browser.run(&format!("return {no_harm};")).await,
            json!(true),
            "{text}"
        );
    }

    // The Content Security Policy itself: a script slipped into the page,
    // and a request to another address, are both refused.
    browser
        .run(
            "window.__violations = [];
             document.addEventListener('securitypolicyviolation',
                 e => window.__violations.push(e.effectiveDirective));
             const s = document.createElement('script');
             s.textContent = 'window.__pwned = 1';
             document.body.appendChild(s);
             fetch('http://127.0.0.2:9/leak?imprint=1285').catch(() => {});
             return 0;",
        )
        .await;
    browser
        .wait_until(
            "window.__violations.includes('script-src-elem') && window.__violations.includes('connect-src')",
            "the policy to refuse the script and the request",
            "window.__violations",
        )
        .await;
    assert_eq!(
        browser.run("return window.__pwned === undefined;").await,
        json!(true)
    );

    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn axe_core_finds_no_serious_accessibility_problem_light_or_dark() {
    let (server, browser) = start(DESKTOP).await;
    for scheme in ["light", "dark"] {
        browser
            .devtools(
                "Emulation.setEmulatedMedia",
                json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
            )
            .await;
        open(&browser, &server, "/").await;
        assert_accessible(&browser, &format!("empty page, {scheme}")).await;
        for query in [TEN_MG_QUERY, TWO_STRENGTHS_QUERY, NOT_BACLOFEN_QUERY] {
            type_imprint(&browser, query).await;
            verdict(&browser, &banner_for(query).heading).await;
            // Open every fold, so that what is inside is checked too.
            browser
                .run("document.querySelectorAll('details').forEach(d => d.open = true); return 0;")
                .await;
            assert_accessible(&browser, &format!("{query:?}, {scheme}")).await;
        }
        if scheme == "dark" {
            type_imprint(&browser, TWENTY_MG_QUERY).await;
            verdict(&browser, &banner_for(TWENTY_MG_QUERY).heading).await;
            let shot = target_dir().join("screenshots/desktop-dark.png");
            browser.screenshot(&shot).await;
        }
    }

    // The check can fail: a button without a name is a critical problem.
    browser
        .run(
            "const b = document.createElement('button');
             b.id = 'nameless';
             document.querySelector('main').appendChild(b);
             return 0;",
        )
        .await;
    let found = axe(&browser).await;
    assert!(
        found
            .iter()
            .any(|v| v["id"] == "button-name" && v["impact"] == "critical"),
        "axe-core did not see a nameless button: {found:?}"
    );
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn after_loading_the_page_asks_nothing_of_the_network_and_works_offline() {
    let (server, browser) = start(DESKTOP).await;
    open(&browser, &server, "/").await;
    // The service worker installs, keeps every file, and takes the page.
    wait_for_service_worker(&browser).await;
    // Let the first load finish completely.
    let mut seen = server.requests().len();
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = server.requests().len();
        if now == seen {
            break;
        }
        seen = now;
    }
    let requests = server.requests();
    let resources = browser
        .run("return performance.getEntriesByType('resource').length;")
        .await;

    // Use the app: queries, pickers, history, clear.
    for query in [
        TEN_MG_QUERY,
        TWO_STRENGTHS_QUERY,
        PHOTOGRAPHED_QUERY,
        NOT_BACLOFEN_QUERY,
        TWENTY_MG_QUERY,
    ] {
        type_imprint(&browser, query).await;
        browser
            .wait_for_text("#verdict", "a verdict", |t| !t.is_empty())
            .await;
    }
    browser.click("label[for=shape-round]").await;
    browser.click("label[for=color-white]").await;
    browser.click("label[for=scored-yes]").await;
    browser
        .run("document.querySelectorAll('details').forEach(d => d.open = true); return 0;")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    within("going back", COMMAND, browser.client().back()).await;
    browser.click("#clear").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // The one request a page may make after load is the browser's check
    // for a newer build (src/ui/update.rs): the worker script itself, with
    // nothing of the search in it.
    let after_load: Vec<String> = server.requests()[requests.len()..]
        .iter()
        .filter(|r| r.as_str() != "GET /sw.js")
        .cloned()
        .collect();
    assert_eq!(
        after_load,
        Vec::<String>::new(),
        "the server was asked for something after load"
    );
    // The cards' photos are resources too: all the page may have fetched
    // since load, each answered by the service worker from its cache (the
    // server, above, was asked nothing).
    let fetched = browser
        .run(&format!(
            "return performance.getEntriesByType('resource').slice({resources})
                .map(e => new URL(e.name))
                .filter(u => !(u.origin === location.origin && u.pathname.startsWith('/photos/')))
                .map(u => u.href);"
        ))
        .await;
    assert_eq!(fetched, json!([]), "the page fetched something after load");
    let photos_seen = browser
        .run(&format!(
            "return performance.getEntriesByType('resource').slice({resources}).length;"
        ))
        .await;
    assert!(
        photos_seen.as_u64().is_some_and(|n| n > 0),
        "a query with a photographed tablet showed its photo"
    );

    // Offline: the browser's network is cut and the server is gone. The
    // service worker serves the app, which still answers.
    browser.devtools("Network.enable", json!({})).await;
    browser
        .devtools(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    let base = server.url();
    server.stop();
    // A file the service worker does not keep must now fail to load.
    let network = within(
        "trying the network",
        COMMAND,
        browser.client().execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('not-kept.txt').then(() => done('reachable'), () => done('unreachable'));",
            vec![],
        ),
    )
    .await;
    assert_eq!(network, json!("unreachable"), "the network is cut");
    within("reloading offline", COMMAND, browser.client().refresh()).await;
    app_started(&browser).await;
    type_imprint(&browser, TEN_MG_QUERY).await;
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    card_text(&browser, "imprint-kp02-10").await;
    within(
        "opening a link offline",
        COMMAND,
        browser.client().goto(&format!("{base}?imprint=1286")),
    )
    .await;
    let card = card_text(&browser, "zydus-1286").await;
    assert!(card.contains("not 10 mg"), "{card}");
    // The photos were kept too.
    type_imprint(&browser, PHOTOGRAPHED_QUERY).await;
    browser
        .wait_until(
            "document.querySelector('.result-card[data-product=teva-4097-tv] figure.photo img')?.naturalWidth === 300",
            "the photo to show offline",
            "document.querySelector('.result-card figure.photo img')?.outerHTML",
        )
        .await;

    browser.close().await;
}

#[test]
fn static_server_names_the_types_browsers_need() {
    assert_eq!(content_type(Path::new("app_bg.wasm")), "application/wasm");
    assert_eq!(
        content_type(Path::new("app.js")),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        content_type(Path::new("index.html")),
        "text/html; charset=utf-8"
    );
    assert_eq!(
        content_type(Path::new("app.css")),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        content_type(Path::new("manifest.webmanifest")),
        "application/manifest+json"
    );
}

#[test]
fn static_server_stays_inside_its_root() {
    let root = Path::new("/srv/dist");
    assert_eq!(resolve(root, "/"), Some(root.join("index.html")));
    assert_eq!(resolve(root, "/app.js?v=1"), Some(root.join("app.js")));
    assert_eq!(resolve(root, "/../secret"), None);
    assert_eq!(resolve(root, "/a/../../secret"), None);
    assert_eq!(resolve(root, "//etc/passwd"), None);
    assert_eq!(resolve(root, "no-slash"), None);
}

/// The service worker keeps to its own: once it controls the app, another
/// page on the same origin (here `/other/page.html`, and an address nothing
/// answers) still comes from the server, not from pillid's cache. Before,
/// every navigation on the origin was answered with pillid's page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn the_service_worker_leaves_other_pages_of_the_origin_alone() {
    const OTHER: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>another project</title></head><body><p id=\"other\">Another project's page</p></body></html>";
    let extras = Extras {
        pages: vec![("/other/page.html".to_owned(), OTHER.to_owned())],
        ..Extras::default()
    };
    let server = StaticServer::start_with(&dist(), extras)
        .await
        .expect("cannot serve dist/");
    let browser = Browser::launch(DESKTOP.0, DESKTOP.1).await;
    open(&browser, &server, "/").await;
    wait_for_service_worker(&browser).await;
    let scope = browser
        .run("return navigator.serviceWorker.getRegistration().then(r => r.scope);")
        .await;
    assert_eq!(scope, json!(server.url()), "scoped to the app's directory");

    for (path, title) in [
        ("other/page.html", "another project"),
        ("other/page.html?imprint=1286", "another project"),
    ] {
        let before = server.requests().len();
        within(
            "opening another page",
            COMMAND,
            browser.client().goto(&format!("{}{path}", server.url())),
        )
        .await;
        browser
            .wait_until(
                &format!("document.title === {}", js(title)),
                &format!("/{path} to show its own page"),
                "document.title + ' | ' + document.body.innerText.slice(0, 80)",
            )
            .await;
        assert!(
            server.requests()[before..].contains(&format!("GET /{path}")),
            "/{path} was asked of the server: {:?}",
            &server.requests()[before..]
        );
    }
    // An address nothing answers is the server's 404, not pillid.
    within(
        "opening a missing page",
        COMMAND,
        browser
            .client()
            .goto(&format!("{}nothing/here.html", server.url())),
    )
    .await;
    browser
        .wait_until(
            "document.body.innerText.trim() === 'not found'",
            "the server's 404 for /nothing/here.html",
            "document.title + ' | ' + document.body.innerText.slice(0, 80)",
        )
        .await;
    // The app itself still opens, from the service worker's cache.
    let before = server.requests().len();
    open(&browser, &server, "/?imprint=1286").await;
    card_text(&browser, "zydus-1286").await;
    assert!(
        !server.requests()[before..]
            .iter()
            .any(|r| r.starts_with("GET /?") || r == "GET /"),
        "the app's page came from the cache: {:?}",
        &server.requests()[before..]
    );

    browser.close().await;
}

/// No framing. A page on another origin (a second server, another port)
/// frames the app: the app does not start inside the frame, and says why.
/// Served with the headers of `dist/_headers`, the browser refuses the frame
/// outright: the framed document never even loads its scripts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn another_site_cannot_show_the_app_in_a_frame() {
    let framer = |app: &StaticServer| {
        Extras {
        pages: vec![(
            "/frame.html".to_owned(),
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>framer</title></head>\
                 <body><iframe id=\"victim\" width=\"900\" height=\"700\" src=\"{}?imprint=1286\"></iframe>\
                 <div id=\"overlay\">Any site</div></body></html>",
                app.url()
            ),
        )],
        ..Extras::default()
    }
    };
    let browser = Browser::launch(DESKTOP.0, DESKTOP.1).await;

    // 1. A host that sends no headers: the page refuses for itself.
    let app = StaticServer::start(&dist())
        .await
        .expect("cannot serve dist/");
    let other = StaticServer::start_with(&dist(), framer(&app))
        .await
        .expect("cannot serve the framing page");
    assert_ne!(app.url(), other.url(), "two origins");
    within(
        "opening the framing page",
        COMMAND,
        browser.client().goto(&format!("{}frame.html", other.url())),
    )
    .await;
    within(
        "entering the frame",
        COMMAND,
        browser.client().enter_frame(0),
    )
    .await;
    let refusal = browser
        .wait_for_text("#framed", "the refusal inside the frame", |t| {
            t.contains(FRAMED)
        })
        .await;
    assert!(
        refusal.contains("Open pillid in a tab of its own"),
        "{refusal}"
    );
    let inside = browser
        .run(
            "return [document.getElementById('imprint'), document.querySelector('.result-card'),
                     document.getElementById('verdict')].every(e => e === null)
                 && !document.body.innerText.includes('20 mg');",
        )
        .await;
    assert_eq!(
        inside,
        json!(true),
        "no input, no verdict, no card in the frame"
    );
    assert!(
        app.requests().iter().any(|r| r.ends_with(".wasm")),
        "the app's code did load in the frame, and refused: {:?}",
        app.requests()
    );
    within(
        "leaving the frame",
        COMMAND,
        browser.client().enter_parent_frame(),
    )
    .await;
    drop((app, other));

    // 2. A host that sends `dist/_headers`: the browser refuses the frame.
    let file = std::fs::read_to_string(dist().join("_headers")).expect("dist/_headers");
    let headers = host_headers(&file);
    assert!(
        headers.contains("Content-Security-Policy: frame-ancestors 'none'\r\n")
            && headers.contains("X-Frame-Options: DENY\r\n"),
        "{headers:?}"
    );
    let app = StaticServer::start_with(
        &dist(),
        Extras {
            headers,
            ..Extras::default()
        },
    )
    .await
    .expect("cannot serve dist/");
    let other = StaticServer::start_with(&dist(), framer(&app))
        .await
        .expect("cannot serve the framing page");
    within(
        "opening the framing page",
        COMMAND,
        browser.client().goto(&format!("{}frame.html", other.url())),
    )
    .await;
    // The frame's document is fetched (the headers come with it) ...
    let mut waited = Duration::ZERO;
    while !app
        .requests()
        .iter()
        .any(|r| r.starts_with("GET /?imprint=1286"))
    {
        assert!(waited < COMMAND, "the frame never asked for the app");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
    // ... and never shown: none of its scripts or styles is asked for.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        app.requests(),
        ["GET /?imprint=1286"],
        "the browser refused the frame before it loaded anything"
    );

    browser.close().await;
}

/// Bidirectional-text and invisible characters from a link or typed into
/// the box are removed before they are shown or searched, and a note says
/// so. The red team's link: U+202E made the box show `KP02 10` while
/// `01 20PK` was searched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn hidden_characters_from_a_link_or_typed_are_removed_and_said() {
    let (server, browser) = start(DESKTOP).await;
    open(&browser, &server, "/?imprint=%E2%80%AE01%2020PK").await;
    let notes = browser
        .wait_for_text("#notices", "the note about the link", |t| {
            t.contains("was changed")
        })
        .await;
    assert!(
        notes.contains("The link's imprint was changed: a hidden character, U+202E (a bidirectional-text control), was removed"),
        "{notes}"
    );
    let value = browser
        .run("return document.getElementById('imprint').value;")
        .await;
    assert_eq!(value, json!("01 20PK"), "the box shows what is searched");
    // The address bar is rewritten too: copying it does not carry the
    // override on.
    browser
        .wait_until(
            "location.search === '?imprint=01+20PK'",
            "the address to show the cleaned search",
            "location.search",
        )
        .await;
    // Pasted into the box: an override and a zero-width space before 1286.
    browser
        .run(
            "const box = document.getElementById('imprint');
             box.value = '\\u202e12\\u200b86';
             box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
             return 0;",
        )
        .await;
    browser
        .wait_until(
            "document.getElementById('imprint').value === '1286'",
            "the box to show the cleaned text",
            "JSON.stringify(document.getElementById('imprint').value)",
        )
        .await;
    let card = card_text(&browser, "zydus-1286").await;
    assert!(card.contains("not 10 mg"), "{card}");
    let notes = browser
        .wait_for_text("#notices", "the note about what was typed", |t| {
            t.contains("What was typed or pasted was changed")
        })
        .await;
    assert!(notes.contains("2 hidden characters"), "{notes}");

    browser.close().await;
}

#[test]
fn the_hosts_headers_are_read_as_a_host_reads_them() {
    let file = "# a comment\n/*\n  X-Frame-Options: DENY\n  A: b\n/photos/*\n  C: d\n";
    assert_eq!(host_headers(file), "X-Frame-Options: DENY\r\nA: b\r\n");
    let ours =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/_headers"))
            .expect("assets/_headers");
    let headers = host_headers(&ours);
    assert!(
        headers.contains("Content-Security-Policy: frame-ancestors 'none'\r\n"),
        "{headers}"
    );
    assert!(headers.contains("X-Frame-Options: DENY\r\n"), "{headers}");
}

/// The README promises about the network only what the page keeps, and
/// names the very headers `assets/_headers` gives a host.
#[test]
fn the_readme_says_what_the_page_promises_and_what_a_host_must_add() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let file = std::fs::read_to_string(root.join("assets/_headers")).expect("assets/_headers");
    let headers = host_headers(&file);
    assert!(!headers.is_empty());
    for header in headers.lines() {
        assert!(
            readme.contains(&format!("\n{header}\n")),
            "README.md does not show the header {header:?} a host must add"
        );
    }
    // What a Content Security Policy cannot promise, the README must not.
    assert!(
        !readme.contains("forbids it from talking to any other address"),
        "README.md overstates what the Content Security Policy covers"
    );
    for limit in [
        "What a Content Security Policy does not cover",
        "the browser's own features",
        "## Hosting",
    ] {
        assert!(readme.contains(limit), "README.md does not say {limit:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn on_a_phone_a_twenty_mg_tablet_says_its_strength_in_the_banner_above_the_fold() {
    let (server, browser) = start(SMALL_PHONE).await;
    open(&browser, &server, "/").await;
    type_imprint(&browser, TWENTY_MG_QUERY).await;
    let want = banner_for(TWENTY_MG_QUERY);
    assert_eq!(want.heading, "Baclofen 20 mg — not 10 mg · 1286");
    verdict(&browser, &want.heading).await;

    // As the page is after typing: scrolled to the top, the panel folded
    // (a phone opens it folded).
    let folded = browser
        .run("window.scrollTo(0, 0); return document.querySelector('details.refine').open;")
        .await;
    assert_eq!(
        folded,
        json!(false),
        "the shape and colour panel starts folded"
    );
    let (top, bottom) = span_of(&browser, "#verdict").await;
    assert!(
        top >= 0.0 && bottom <= f64::from(SMALL_PHONE.1),
        "the banner spans {top}..{bottom} px on a {} px tall phone",
        SMALL_PHONE.1
    );
    // In the stop colours, never the green of a match.
    let look = browser
        .run(
            "const v = document.getElementById('verdict').closest('.verdict');
             return [v.className, document.querySelectorAll('.verdict-match').length];",
        )
        .await;
    assert!(
        look[0].as_str().is_some_and(|c| c.contains("verdict-stop")),
        "{look}"
    );
    assert_eq!(look[1], json!(0), "{look}");
    assert!(!page_overflows(&browser).await, "the page scrolls sideways");
    browser
        .screenshot(&target_dir().join("screenshots/phone-20mg-banner.png"))
        .await;

    // The card at a glance, and the look-alike in neutral words.
    let summary = browser
        .wait_for_text(".result-card .card-summary", "the card's summary", |t| {
            !t.is_empty()
        })
        .await;
    assert!(
        summary.starts_with("1286 · baclofen 20 mg · Zydus (not confirmed) · NDC 70710-1286"),
        "{summary}"
    );
    let twin = browser
        .run(
            "const t = document.querySelector('.result-card .lookalike');
             return [t.textContent, getComputedStyle(t).color, getComputedStyle(document.querySelector('.result-card .strength')).color];",
        )
        .await;
    assert_eq!(twin[0], json!("10 mg twin: 1285, the last digit"), "{twin}");
    assert_ne!(
        twin[1], twin[2],
        "the look-alike is not in the stop colour: {twin}"
    );

    // Esc clears the box; `/` brings the focus back to it.
    let input = imprint_box(&browser).await;
    within("pressing Esc", COMMAND, input.send_keys("\u{E00C}")).await;
    browser
        .wait_until(
            "document.getElementById('imprint').value === '' && !document.getElementById('verdict')",
            "Esc to clear the box and the answer",
            "document.getElementById('imprint').value",
        )
        .await;
    browser
        .run(
            "document.getElementById('imprint').blur();
             document.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true }));
             return 0;",
        )
        .await;
    browser
        .wait_until(
            "document.activeElement.id === 'imprint'",
            "/ to focus the box",
            "document.activeElement.id",
        )
        .await;
    let attrs = browser
        .run(
            "const i = document.getElementById('imprint');
             return [i.getAttribute('autocorrect'), i.getAttribute('autocapitalize'), i.getAttribute('spellcheck')];",
        )
        .await;
    assert_eq!(attrs, json!(["off", "off", "false"]));
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn an_unknown_imprint_says_what_pillid_knows_and_shows_the_closest_tablets() {
    use pillid::matcher::{identify, Query, Verdict};
    // A misread like `E 8` (6 read as 8) where the matcher calls it no
    // match; the first of these it does.
    let query = ["E 8", "E6 10", NOT_BACLOFEN_QUERY]
        .into_iter()
        .find(|q| {
            let id = identify(&Query::text(*q));
            id.verdict == Verdict::NoMatch && !id.candidates.is_empty()
        })
        .expect("one of the queries is a no-match with its closest tablets");
    let want = banner_for(query);
    assert_eq!(want.heading, pillid::wording::NO_MATCH);

    let (server, browser) = start(SMALL_PHONE).await;
    open(&browser, &server, "/").await;
    type_imprint(&browser, query).await;
    verdict(&browser, &want.heading).await;
    let detail = browser
        .wait_for_text("#verdict-detail", "what pillid knows", |t| !t.is_empty())
        .await;
    assert_eq!(Some(detail), want.detail);
    let known = pillid::wording::target_tablets();
    assert!(
        want.detail
            .as_deref()
            .is_some_and(|d| d.contains(&format!("It knows {known} baclofen tablets"))),
        "{want:?}"
    );
    let closest = browser
        .wait_for_text("#closest", "the closest tablets", |t| !t.is_empty())
        .await;
    assert!(
        closest.starts_with("Closest tablets pillid knows: "),
        "{closest}"
    );
    let tips = browser
        .wait_for_text(".tips ul", "the reading tips", |t| !t.is_empty())
        .await;
    assert!(
        tips.contains("6 and 8") && tips.contains("one side"),
        "{tips}"
    );
    let cards = browser
        .run("return document.querySelectorAll('.result-card').length;")
        .await;
    assert!(cards.as_u64().is_some_and(|n| n > 0), "{cards}");
    browser.run("window.scrollTo(0, 0); return 0;").await;
    assert!(!page_overflows(&browser).await, "the page scrolls sideways");
    browser
        .screenshot(&target_dir().join("screenshots/phone-no-match-closest.png"))
        .await;
    browser.close().await;
}
