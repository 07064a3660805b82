//! The app in a real browser: the release build in `dist/`, served over
//! HTTP, in headless Chromium driven through ChromeDriver.
//!
//! These tests are `#[ignore]`d so that a plain `cargo test` needs neither
//! a browser nor a build; `make test` builds `dist/` and runs them with
//! `cargo test --test browser -- --ignored`.
//!
//! They also take the screenshots: `target/screenshots/desktop.png`
//! (1280 px wide), `target/screenshots/phone.png` (360 px), and a copy of
//! the desktop one in `docs/screenshot.png`, which the README shows.

mod support;

use std::path::{Path, PathBuf};
use support::browser::{target_dir, Browser, COMMAND};
use support::server::{content_type, resolve, StaticServer};
use support::within;

/// A 10 mg tablet's full imprint, typed as a person would.
const TEN_MG_QUERY: &str = "kp02 10";

/// An imprint of a tablet that is not baclofen.
const NOT_BACLOFEN_QUERY: &str = "M 367";

/// The verdict banner's text when nothing matches.
const NO_MATCH: &str = "No baclofen product matches this imprint: do not assume what it is; \
                        check the label or ask a pharmacist";

/// The notice that is always on the page.
const DISCLAIMER: &str =
    "pillid identifies tablets; it gives no medical advice. Confirm with the label or a pharmacist.";

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (360, 780);

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: build the app first with `make dist` (`make test` does it)",
        dist.display()
    );
    dist
}

async fn open_app(browser: &Browser, server: &StaticServer) {
    let c = browser.client();
    within("opening the app", COMMAND, c.goto(&server.url())).await;
    // The label is rendered by the app itself, so seeing it means the wasm
    // loaded and started.
    browser
        .wait_for_text("label[for=imprint]", "the app to start", |t| !t.is_empty())
        .await;
}

async fn type_imprint(browser: &Browser, text: &str) {
    let c = browser.client();
    let input = within(
        "finding #imprint",
        COMMAND,
        c.find(fantoccini::Locator::Id("imprint")),
    )
    .await;
    within("clearing #imprint", COMMAND, input.clear()).await;
    within("typing into #imprint", COMMAND, input.send_keys(text)).await;
}

async fn page_overflows(browser: &Browser) -> bool {
    let value = within(
        "measuring the page",
        COMMAND,
        browser.client().execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        ),
    )
    .await;
    value.as_bool().unwrap_or(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn typing_an_imprint_shows_the_tablet_or_says_plainly_that_nothing_matches() {
    let server = StaticServer::start(&dist())
        .await
        .expect("cannot serve dist/");
    let browser = Browser::launch(DESKTOP.0, DESKTOP.1).await;
    open_app(&browser, &server).await;

    let c = browser.client();
    let focused = within("reading the focused element", COMMAND, c.active_element()).await;
    let focused_id = within("reading its id", COMMAND, focused.attr("id")).await;
    assert_eq!(
        focused_id.as_deref(),
        Some("imprint"),
        "the imprint input has the focus"
    );
    browser
        .wait_for_text("#disclaimer", "the no-advice notice", |t| t == DISCLAIMER)
        .await;

    type_imprint(&browser, TEN_MG_QUERY).await;
    let card = browser
        .wait_for_text(".result-card", "a card for KP02, 10 mg", |t| {
            t.contains("KP02") && t.contains("10 mg")
        })
        .await;
    assert!(card.contains("baclofen 10 mg"), "card: {card}");
    assert!(card.contains("Confidence"), "card: {card}");
    browser
        .wait_for_text("#verdict", "a verdict", |t| !t.is_empty())
        .await;
    browser
        .wait_for_text("#disclaimer", "the no-advice notice", |t| t == DISCLAIMER)
        .await;

    let shots = target_dir().join("screenshots");
    let desktop = shots.join("desktop.png");
    browser.screenshot(&desktop).await;
    let readme_shot = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshot.png");
    std::fs::create_dir_all(readme_shot.parent().unwrap()).expect("cannot create docs/");
    std::fs::copy(&desktop, &readme_shot).expect("cannot copy the screenshot to docs/");
    assert!(
        !page_overflows(&browser).await,
        "the page is wider than a {} px window",
        DESKTOP.0
    );

    browser.set_viewport(PHONE.0, PHONE.1).await;
    browser
        .wait_for_text(".result-card", "the card on a phone", |t| {
            t.contains("KP02")
        })
        .await;
    browser.screenshot(&shots.join("phone.png")).await;
    assert!(
        !page_overflows(&browser).await,
        "the page scrolls sideways on a {} px phone",
        PHONE.0
    );

    type_imprint(&browser, NOT_BACLOFEN_QUERY).await;
    browser
        .wait_for_text("#verdict", "the no-match banner", |t| t == NO_MATCH)
        .await;

    assert_eq!(
        server.missing(),
        Vec::<String>::new(),
        "requests for files not in dist/"
    );
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
