//! What every browser test does with the app: serve `dist/`, open it,
//! type an imprint, wait for the verdict or a card, take screenshots, run
//! axe-core, and ask the matcher what the banner should say.

use super::browser::{target_dir, Browser, COMMAND};
use super::server::StaticServer;
use super::within;
use pillid::vocab::{Color, Shape};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const DESKTOP: (u32, u32) = (1280, 900);
pub const PHONE: (u32, u32) = (360, 780);

/// Touch targets: WCAG 2.5.5 asks for 44 CSS pixels.
pub const MIN_TARGET_PX: f64 = 44.0;

pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file() && dist.join("sw.js").is_file(),
        "{} has no index.html or sw.js: build the app first with `make dist` (`make test` does it)",
        dist.display()
    );
    dist
}

/// A server for `dist/` and a browser of the given size.
pub async fn start(size: (u32, u32)) -> (StaticServer, Browser) {
    let server = StaticServer::start(&dist())
        .await
        .expect("cannot serve dist/");
    let browser = Browser::launch(size.0, size.1).await;
    (server, browser)
}

/// Opens `path` (`/`, `/?imprint=...`) and waits for the app to start.
pub async fn open(browser: &Browser, server: &StaticServer, path: &str) {
    let url = format!("{}{}", server.url(), path.trim_start_matches('/'));
    within("opening the app", COMMAND, browser.client().goto(&url)).await;
    app_started(browser).await;
}

/// Waits until the app has taken over from the static copy of its first
/// page that `index.html` carries (`#boot`, see
/// `pillid::ui::static_page`): the module loaded and rendered the page.
pub async fn app_started(browser: &Browser) {
    browser
        .wait_until(
            "document.getElementById('boot') === null && document.querySelector('label[for=imprint]') !== null",
            "the app to start",
            "document.body.innerText.slice(0, 200)",
        )
        .await;
}

/// A 10 mg tablet's full imprint, typed as a person would.
pub const TEN_MG_QUERY: &str = "kp02 10";

/// The imprint of baclofen 20 mg, one digit away from a 10 mg tablet.
pub const TWENTY_MG_QUERY: &str = "1286";

/// An imprint of a tablet that is not baclofen.
pub const NOT_BACLOFEN_QUERY: &str = "M 367";

/// The V side and three digits shared by a 10 mg oval tablet (2265 V) and
/// a 20 mg one of the same shape and marks (2266 V): possible matches, tied.
pub const TWO_STRENGTHS_QUERY: &str = "V 226";

/// Waits until a service worker controls the page (it has kept the
/// build's files).
pub async fn wait_for_service_worker(browser: &Browser) {
    browser
        .wait_until(
            "navigator.serviceWorker.controller !== null",
            "the service worker to control the page",
            "String(navigator.serviceWorker.controller)",
        )
        .await;
}

/// The imprint box, as WebDriver sees it (to type or press keys in).
pub async fn imprint_box(browser: &Browser) -> fantoccini::elements::Element {
    within(
        "finding #imprint",
        COMMAND,
        browser.client().find(fantoccini::Locator::Id("imprint")),
    )
    .await
}

pub async fn type_imprint(browser: &Browser, text: &str) {
    let input = imprint_box(browser).await;
    within("clearing #imprint", COMMAND, input.clear()).await;
    within("typing into #imprint", COMMAND, input.send_keys(text)).await;
    browser
        .wait_until(
            &format!("document.getElementById('imprint').value === {}", js(text)),
            "the input to hold what was typed",
            "document.getElementById('imprint').value",
        )
        .await;
}

/// A JavaScript string literal for `text`.
pub fn js(text: &str) -> String {
    Value::from(text).to_string()
}

pub async fn verdict(browser: &Browser, want: &str) {
    browser
        .wait_for_text("#verdict", &format!("the verdict {want:?}"), |t| t == want)
        .await;
}

/// Waits until the first card is the product `id`.
pub async fn first_card(browser: &Browser, id: &str) {
    browser
        .wait_until(
            &format!(
                "document.querySelector('.result-card')?.dataset.product === {}",
                js(id)
            ),
            &format!("{id} to be the first card"),
            "[...document.querySelectorAll('.result-card')].map(c => c.dataset.product)",
        )
        .await;
}

/// The text of the card for product `id`.
pub async fn card_text(browser: &Browser, id: &str) -> String {
    browser
        .wait_for_text(
            &format!(".result-card[data-product={id}]"),
            &format!("the card of {id}"),
            |t| !t.is_empty(),
        )
        .await
}

pub async fn page_overflows(browser: &Browser) -> bool {
    let value = browser
        .run("return document.documentElement.scrollWidth > window.innerWidth;")
        .await;
    value.as_bool().unwrap_or(true)
}

/// Controls smaller than a fingertip on the current page, as descriptions.
pub async fn small_targets(browser: &Browser) -> Vec<Value> {
    let script = format!(
        "return [...document.querySelectorAll('button, #imprint, .tile label, summary')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.id || e.htmlFor || e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
            .filter(([, h]) => h < {MIN_TARGET_PX});"
    );
    match browser.run(&script).await {
        Value::Array(small) => small,
        other => panic!("the small-target check returned {other}, not a list"),
    }
}

/// Screenshots of the page as it is, 1280 and 360 px wide, named
/// `desktop-NAME.png` and `phone-NAME.png`; also checks that the phone
/// layout neither scrolls sideways nor has small touch targets.
pub async fn shoot(browser: &Browser, name: &str) {
    let shots = target_dir().join("screenshots");
    let desktop = shots.join(format!("desktop-{name}.png"));
    let phone = shots.join(format!("phone-{name}.png"));
    browser.screenshot(&desktop).await;
    assert!(
        !page_overflows(browser).await,
        "{name}: the page is wider than a {} px window",
        DESKTOP.0
    );
    browser.set_viewport(PHONE.0, PHONE.1).await;
    // As a phone opens the page: the shape and colour panel folded.
    browser
        .run(
            "const panel = document.querySelector('details.refine');
             window.__panelOpen = panel.open;
             panel.open = false;
             window.scrollTo(0, 0);
             return 0;",
        )
        .await;
    if name != "empty" {
        // Scrolled to the input, as after typing: the answer below it.
        browser
            .run("document.querySelector('.search').scrollIntoView(); return 0;")
            .await;
    }
    browser.screenshot(&phone).await;
    assert!(
        !page_overflows(browser).await,
        "{name}: the page scrolls sideways on a {} px phone",
        PHONE.0
    );
    assert_eq!(
        small_targets(browser).await,
        Vec::<Value>::new(),
        "{name}: controls under {MIN_TARGET_PX} px tall on a phone"
    );
    browser.set_viewport(DESKTOP.0, DESKTOP.1).await;
    browser
        .run("document.querySelector('details.refine').open = window.__panelOpen; return 0;")
        .await;
}

/// Violations axe-core finds on the page as it is, as
/// `[{id, impact, help, nodes}]`.
pub async fn axe(browser: &Browser) -> Vec<Value> {
    let source_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&source_path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (`make test` installs the npm tools in tools/)",
            source_path.display()
        )
    });
    let present = browser.run("return typeof window.axe;").await;
    if present != json!("object") {
        browser
            .run(&format!("{source}\nreturn typeof window.axe;"))
            .await;
    }
    let result = within(
        "running axe-core",
        Duration::from_secs(60),
        browser.client().execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
                .then(r => done(r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
                .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }]));",
            vec![],
        ),
    )
    .await;
    match result {
        Value::Array(violations) => violations,
        other => panic!("axe-core returned {other}, not a list of violations"),
    }
}

pub async fn assert_accessible(browser: &Browser, page: &str) {
    let violations = axe(browser).await;
    let (serious, other): (Vec<Value>, Vec<Value>) = violations
        .into_iter()
        .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
    println!(
        "axe-core, {page}: {} serious or critical, {} other: {other:?}",
        serious.len(),
        other.len()
    );
    assert_eq!(
        serious,
        Vec::<Value>::new(),
        "{page}: serious or critical axe-core violations"
    );
}

/// A phone as the walkthrough measured it: 360 × 640 CSS pixels.
pub const SMALL_PHONE: (u32, u32) = (360, 640);

/// What the banner says for a typed query, in the page's own words.
pub fn banner_with(
    imprint: &str,
    shape: Option<Shape>,
    color: Option<Color>,
) -> pillid::wording::Banner {
    pillid::wording::banner(&pillid::matcher::identify(&pillid::matcher::Query {
        imprint: imprint.to_owned(),
        shape,
        color,
        size_mm: None,
    }))
}

/// What the banner says for a typed query with nothing chosen.
pub fn banner_for(imprint: &str) -> pillid::wording::Banner {
    pillid::wording::banner(&pillid::matcher::identify(&pillid::matcher::Query::text(
        imprint,
    )))
}

/// The top and bottom of an element, in CSS pixels from the top of the
/// window.
pub async fn span_of(browser: &Browser, css: &str) -> (f64, f64) {
    let rect = browser
        .run(&format!(
            "const r = document.querySelector({}).getBoundingClientRect(); return [r.top, r.bottom];",
            js(css)
        ))
        .await;
    (
        rect[0].as_f64().unwrap_or(f64::NAN),
        rect[1].as_f64().unwrap_or(f64::NAN),
    )
}
