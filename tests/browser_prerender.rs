//! Text before the module: `index.html` carries a copy of the app's first
//! page (see `pillid::ui::static_page`), which the browser paints before
//! the WebAssembly module arrives; the app then takes over without moving
//! a thing or losing what was typed, and the module is fetched with the
//! page and compiled as it downloads.
//!
//! The module's late arrival is played by blocking `*.wasm` over DevTools
//! (`Network.setBlockedURLs`): the page's loader gives up and the page
//! stays as the server sent it for as long as the test likes. (The service
//! worker, a target of its own, still fetches the module for its cache;
//! the page does not get it.) Screenshots: `target/screenshots/
//! {phone,desktop}-static.png`, the page before the module.
//!
//! `#[ignore]`d like every browser test: `make test` runs them.

mod support;

use pillid::report::DISCLAIMER;
use serde_json::{json, Value};
use support::app::{
    app_started, assert_accessible, banner_for, dist, open, start, type_imprint, verdict, DESKTOP,
    PHONE, TEN_MG_QUERY,
};
use support::browser::{target_dir, Browser, COMMAND};
use support::server::StaticServer;
use support::within;

/// The static page's parts that the app must lay out exactly where the
/// static page had them, at every window size: the frame.
const FRAME: &[&str] = &[
    "h1",
    ".tagline",
    "#disclaimer",
    "label[for=imprint]",
    "#imprint",
    "#clear",
    "#imprint-hint",
    ".prompt",
];

/// The rest of the first page, below the box: in the same place too on a
/// window narrower than the app's `WIDE_WINDOW_PX`. On a wider one the app
/// opens the shape and colour panel, which pushes these down (beside the
/// answer column, which stays put).
const BELOW_THE_BOX: &[&str] = &[
    ".refine > summary",
    "#copy-link",
    "#data-as-of",
    "#other-medicines",
];

/// How far (CSS pixels) an edge may move when the app takes over: layout
/// is the same, so only sub-pixel rounding.
const SAME_PLACE_PX: f64 = 0.5;

/// Blocks (or with an empty list, unblocks) requests whose address
/// matches one of `patterns`.
async fn block(browser: &Browser, patterns: &[&str]) {
    browser.devtools("Network.enable", json!({})).await;
    browser
        .devtools("Network.setBlockedURLs", json!({ "urls": patterns }))
        .await;
}

/// Noted by a script DevTools installs before the page's own: why the
/// page's loader gave up (its module request refused). A module script's
/// failed top-level `await` is reported as an error event.
const NOTE_LOADER_FAILURE: &str = "
    window.addEventListener('error', e => { window.__loaderFailed = String(e.message); });
    window.addEventListener('unhandledrejection', e => { window.__loaderFailed = String(e.reason); });";

/// Opens `path` with the module blocked, and waits for the static page:
/// the page's loader gave up (the module's request refused), and the
/// static page is still there, with no app.
async fn open_without_module(browser: &Browser, server: &StaticServer, path: &str) {
    block(browser, &["*.wasm"]).await;
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": NOTE_LOADER_FAILURE }),
        )
        .await;
    let url = format!("{}{}", server.url(), path.trim_start_matches('/'));
    within("opening the page", COMMAND, browser.client().goto(&url)).await;
    browser
        .wait_until(
            "window.__loaderFailed !== undefined",
            "the page's loader to give up without its module",
            "document.body.innerHTML.slice(0, 300)",
        )
        .await;
    let state = browser
        .run(
            "return [/fetch/i.test(window.__loaderFailed), document.getElementById('boot') !== null,
                     document.querySelectorAll('.app').length];",
        )
        .await;
    assert_eq!(
        state,
        json!([true, true, 1]),
        "the module was refused, and the page is the static one alone ({})",
        browser.run("return window.__loaderFailed;").await
    );
}

/// The border box of the first element matching each selector, as
/// `[selector, left, top, width, height]`, scrolled to the top.
async fn boxes(browser: &Browser, selectors: &[&str]) -> Vec<Value> {
    let script = format!(
        "window.scrollTo(0, 0);
         return {}.map(s => {{
             const e = document.querySelector(s);
             if (!e) return [s, 'missing'];
             const r = e.getBoundingClientRect();
             return [s, r.left, r.top, r.width, r.height];
         }});",
        json!(selectors)
    );
    match browser.run(&script).await {
        Value::Array(boxes) => boxes,
        other => panic!("measuring the page returned {other}"),
    }
}

/// The elements whose box moved or changed size by more than
/// [`SAME_PLACE_PX`] between `before` and `after`.
fn moved(before: &[Value], after: &[Value]) -> Vec<(Value, Value)> {
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| {
            let edges = |v: &Value| -> Option<Vec<f64>> {
                v.as_array()?.iter().skip(1).map(Value::as_f64).collect()
            };
            match (edges(b), edges(a)) {
                (Some(b), Some(a)) if b.len() == 4 && a.len() == 4 => {
                    b.iter().zip(&a).any(|(x, y)| (x - y).abs() > SAME_PLACE_PX)
                }
                _ => true,
            }
        })
        .map(|(b, a)| (b.clone(), a.clone()))
        .collect()
}

/// Ids that more than one element carries, and labels for the imprint box.
async fn doubled_ids(browser: &Browser) -> Value {
    browser
        .run(
            "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
             return [ids.filter((id, i) => ids.indexOf(id) !== i),
                     document.querySelectorAll('label[for=imprint]').length];",
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn the_page_shows_before_the_module_and_the_app_takes_over_without_moving_it() {
    for (name, size, kept) in [
        ("phone", PHONE, [FRAME, BELOW_THE_BOX].concat()),
        ("desktop", DESKTOP, FRAME.to_vec()),
    ] {
        let (server, browser) = start(size).await;
        open_without_module(&browser, &server, "/").await;
        let text = browser
            .run(
                "return [document.querySelector('h1').innerText,
                         document.getElementById('disclaimer').innerText,
                         document.querySelector('label[for=imprint]').innerText];",
            )
            .await;
        assert_eq!(text[0], json!("pillid"), "{name}: {text}");
        assert_eq!(text[1], json!(DISCLAIMER), "{name}: {text}");
        let shot = target_dir()
            .join("screenshots")
            .join(format!("{name}-static.png"));
        browser.screenshot(&shot).await;
        assert_eq!(
            doubled_ids(&browser).await,
            json!([[], 1]),
            "{name}, static page"
        );
        assert_accessible(&browser, &format!("{name}, static page")).await;
        let before = boxes(&browser, &kept).await;

        block(&browser, &[]).await;
        open(&browser, &server, "/").await;
        let after = boxes(&browser, &kept).await;
        assert_eq!(
            moved(&before, &after),
            Vec::<(Value, Value)>::new(),
            "{name}: these moved when the app took over ([selector, left, top, width, height], before and after)"
        );
        assert_eq!(doubled_ids(&browser).await, json!([[], 1]), "{name}, app");
        browser.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn what_is_typed_before_the_module_arrives_is_kept_and_nothing_else_takes_input() {
    let (server, browser) = start(PHONE).await;
    open_without_module(&browser, &server, "/").await;

    // Only the box takes input: everything the app would not pick up is
    // inert, so it cannot be focused, opened or pressed.
    let live = browser
        .run(
            "return ['#clear', 'details.refine > summary', '#copy-link', '#imprint'].map(s => {
                 const e = document.querySelector(s);
                 e.focus();
                 return [s, document.activeElement === e];
             });",
        )
        .await;
    assert_eq!(
        live,
        json!([
            ["#clear", false],
            ["details.refine > summary", false],
            ["#copy-link", false],
            ["#imprint", true]
        ]),
        "which controls take the focus before the module arrives"
    );

    type_imprint(&browser, TEN_MG_QUERY).await;
    let answer = browser
        .run("return document.getElementById('verdict');")
        .await;
    assert_eq!(answer, Value::Null, "no answer without the module");
    // Instead, a line at the foot of the window says the answer is coming.
    let starting = browser
        .run(
            "const line = document.querySelector('#boot .boot-starting');
             const r = line.getBoundingClientRect();
             return [line.textContent, getComputedStyle(line).display !== 'none'
                 && r.top >= 0 && r.bottom <= innerHeight];",
        )
        .await;
    assert_eq!(
        starting,
        json!([pillid::wording::STARTING, true]),
        "after typing before the module, the starting line shows in the window"
    );

    // The module arrives: started as the page's own loader starts it, from
    // the files it names in its preload links.
    block(&browser, &[]).await;
    let started = within(
        "starting the module",
        COMMAND,
        browser.client().execute_async(
            "const done = arguments[arguments.length - 1];
             const glue = document.querySelector('link[rel=modulepreload]').href;
             const wasm = document.querySelector('link[rel=preload][type=\"application/wasm\"]').href;
             import(glue).then(m => m.default({ module_or_path: wasm }))
                 .then(() => done('started'), e => done(String(e)));",
            vec![],
        ),
    )
    .await;
    assert_eq!(started, json!("started"));
    app_started(&browser).await;
    let kept = browser
        .run("return [document.getElementById('imprint').value, document.activeElement.id];")
        .await;
    assert_eq!(
        kept,
        json!([TEN_MG_QUERY, "imprint"]),
        "the app's box holds what was typed, and has the focus"
    );
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    assert_eq!(doubled_ids(&browser).await, json!([[], 1]));
    // And the person types on.
    type_imprint(&browser, "1286").await;
    verdict(&browser, &banner_for("1286").heading).await;

    browser.close().await;
}

/// What `WebAssembly` was asked to do while the page loaded: recorded by a
/// script DevTools installs before the page's own.
const RECORD_WASM_CALLS: &str = "
    window.__wasmCalls = [];
    for (const name of ['instantiateStreaming', 'compileStreaming', 'instantiate', 'compile']) {
        const original = WebAssembly[name];
        WebAssembly[name] = function (source, ...rest) {
            const type = source instanceof Response ? source.headers.get('Content-Type') : typeof source;
            window.__wasmCalls.push([name, type]);
            return original.call(this, source, ...rest);
        };
    }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn the_module_is_fetched_with_the_page_once_and_compiled_as_it_downloads() {
    // trunk's output names the module and its glue for the browser to
    // fetch at once, beside the stylesheet, instead of after the loader.
    let index = std::fs::read_to_string(dist().join("index.html")).expect("dist/index.html");
    let links: Vec<&str> = index
        .split("<link ")
        .skip(1)
        .map(|l| l.split('>').next().unwrap_or_default())
        .collect();
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("rel=\"modulepreload\"") && l.contains(".js\"")),
        "no modulepreload of the glue: {links:?}"
    );
    assert!(
        links.iter().any(|l| l.starts_with("rel=\"preload\"")
            && l.contains("_bg.wasm\"")
            && l.contains("as=\"fetch\"")
            && l.contains("type=\"application/wasm\"")),
        "no preload of the module: {links:?}"
    );

    let (server, browser) = start(PHONE).await;
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORD_WASM_CALLS }),
        )
        .await;
    open(&browser, &server, "/").await;
    let calls = browser.run("return window.__wasmCalls;").await;
    assert_eq!(
        calls,
        json!([["instantiateStreaming", "application/wasm"]]),
        "the module is compiled from the response as it streams in, and only so"
    );
    // The service worker fetches the module again for its cache; the page
    // itself must fetch it once.
    let fetched = browser
        .run(
            "return performance.getEntriesByType('resource')
                 .filter(e => e.name.endsWith('.wasm')).map(e => e.name);",
        )
        .await;
    assert_eq!(
        fetched.as_array().map(Vec::len),
        Some(1),
        "the preloaded module is the one the loader compiles, not fetched twice: {fetched}"
    );
    // The loader is the one inline script, allowed by its hash.
    let inline = browser
        .run("return [...document.scripts].filter(s => !s.src).length;")
        .await;
    assert_eq!(inline, json!(1));
    // Typing works as ever.
    type_imprint(&browser, TEN_MG_QUERY).await;
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    browser.close().await;
}
