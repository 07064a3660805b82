//! A newer build reaches a visitor who has the old one kept offline.
//!
//! Build A is the real `dist/`. Build B is the deployment after it: a
//! copy of `dist/` whose database is dated a year later, made the way a
//! rebuild would make it (see [`Deployed::next_after`]): the date inside
//! the module changes, and with it every stamp the build derives from its
//! files: the module's integrity hash in the page, the build's version
//! (in the page and in `sw.js`) and the data date `sw.js` announces.
//! Nothing else differs, so what the page shows of B can only come from
//! B's files. Offline afterwards, B is what the visitor keeps.
//!
//! `#[ignore]`d like every browser test: `make test` builds `dist/` and
//! runs them. Screenshots: `target/screenshots/update-notice.png` and
//! `update-notice-phone.png` (360 px wide).

mod support;

use pillid::wording;
use serde_json::json;
use std::fs;
use std::path::Path;
use std::process::Command;
use support::app::{
    assert_accessible, banner_for, dist, js, open, page_overflows, small_targets, start, verdict,
    wait_for_service_worker, DESKTOP, PHONE, TEN_MG_QUERY,
};
use support::browser::{target_dir, Browser, COMMAND};
use support::within;

/// A build made from A: its directory (removed when dropped), its version
/// and the date of its data.
struct Deployed {
    dir: tempfile::TempDir,
    version: String,
    data_as_of: String,
}

impl Deployed {
    /// Build B from build A (`dist/`, whose version is `a_version` and
    /// data date `a_date`): the same files, with the database dated one
    /// year later. A date later than A's keeps the database valid (no
    /// source may be dated after `as_of`), and it is the same length, so
    /// the module changes in those ten bytes only.
    fn next_after(a: &Path, a_version: &str, a_date: &str) -> Deployed {
        let year: u32 = a_date[..4].parse().expect("as_of starts with a year");
        let data_as_of = format!("{}{}", year + 1, &a_date[4..]);
        // Another 16-digit hex version: A's with every digit flipped.
        let version: String = a_version
            .chars()
            .map(|c| {
                let digit = c.to_digit(16).expect("a version is hex digits");
                char::from_digit(15 - digit, 16).unwrap_or('0')
            })
            .collect();
        assert_ne!(version, a_version);

        let dir = tempfile::Builder::new()
            .prefix("pillid-build-b-")
            .tempdir_in(target_dir())
            .expect("cannot make a directory for build B");
        copy_dir(a, dir.path());

        // The module: the database it embeds, with B's date.
        let wasm_name = fs::read_dir(dir.path())
            .expect("build B")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .find(|name| name.ends_with("_bg.wasm"))
            .expect("dist/ has a *_bg.wasm module");
        let wasm_path = dir.path().join(&wasm_name);
        let wasm = fs::read(&wasm_path).expect("the module");
        let wasm = replace_once(
            &wasm,
            format!("\"as_of\": \"{a_date}\"").as_bytes(),
            format!("\"as_of\": \"{data_as_of}\"").as_bytes(),
            "the module's database date",
        );
        fs::write(&wasm_path, &wasm).expect("writing B's module");

        // The page: the module's new integrity hash, and B's version.
        let page_path = dir.path().join("index.html");
        let page = fs::read_to_string(&page_path).expect("index.html");
        let preload = format!("href=\"/{wasm_name}\" crossorigin=\"anonymous\" integrity=\"");
        let start = page
            .find(&preload)
            .expect("the page preloads the module with its hash")
            + preload.len();
        let end = start + page[start..].find('"').expect("the hash's closing quote");
        let page = format!(
            "{}{}{}",
            &page[..start],
            sha384_integrity(&wasm_path),
            &page[end..]
        );
        let page = replace_text(
            &page,
            &format!("<meta name=\"pillid-build\" content=\"{a_version}\">"),
            &format!("<meta name=\"pillid-build\" content=\"{version}\">"),
            "the page's build",
        );
        fs::write(&page_path, page).expect("writing B's page");

        // The service worker: B's version (so the browser sees a new
        // worker) and B's data date.
        let worker_path = dir.path().join("sw.js");
        let worker = fs::read_to_string(&worker_path).expect("sw.js");
        let worker = replace_text(
            &worker,
            &format!("const VERSION = \"{a_version}\";"),
            &format!("const VERSION = \"{version}\";"),
            "sw.js's version",
        );
        let worker = replace_text(
            &worker,
            &format!("const DATA_AS_OF = \"{a_date}\";"),
            &format!("const DATA_AS_OF = \"{data_as_of}\";"),
            "sw.js's data date",
        );
        fs::write(&worker_path, worker).expect("writing B's sw.js");

        Deployed {
            dir,
            version,
            data_as_of,
        }
    }
}

/// Copies the files under `from` into `to` (trunk's hidden staging
/// directory, if any, is no part of a build).
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("cannot make a directory for build B");
    for entry in fs::read_dir(from).expect("cannot read dist/") {
        let entry = entry.expect("cannot read dist/");
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("cannot copy a file of dist/");
        }
    }
}

/// `haystack` with its one `needle` replaced; fails unless there is
/// exactly one.
fn replace_once(haystack: &[u8], needle: &[u8], with: &[u8], what: &str) -> Vec<u8> {
    let found: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{what}: {needle:?} found {} times",
        found.len()
    );
    let at = found[0];
    [&haystack[..at], with, &haystack[at + needle.len()..]].concat()
}

fn replace_text(text: &str, needle: &str, with: &str, what: &str) -> String {
    let replaced = replace_once(text.as_bytes(), needle.as_bytes(), with.as_bytes(), what);
    String::from_utf8(replaced).expect("text stays text")
}

/// The Subresource Integrity value of a file, as trunk writes it
/// (`sha384-` and the base64 digest), computed by Node, which the build
/// needs anyway.
fn sha384_integrity(path: &Path) -> String {
    let out = Command::new("node")
        .arg("-e")
        .arg(
            "const { createHash } = require('node:crypto');
             const data = require('node:fs').readFileSync(process.argv[1]);
             process.stdout.write('sha384-' + createHash('sha384').update(data).digest('base64'));",
        )
        .arg(path)
        .output()
        .expect("cannot run node (the build needs it: `make install`)");
    assert!(
        out.status.success(),
        "node: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("base64 is text")
}

/// The build the open page is, from its `<meta name="pillid-build">`.
async fn page_build(browser: &Browser) -> serde_json::Value {
    browser
        .run("return document.querySelector('meta[name=pillid-build]')?.content ?? null;")
        .await
}

async fn footer(browser: &Browser) -> String {
    browser
        .wait_for_text("#data-as-of", "the footer's data date", |t| !t.is_empty())
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs dist/ and Chromium: run by `make test`"]
async fn a_newer_build_is_announced_with_its_data_date_and_loads_whole_when_asked() {
    let a = dist();
    let a_date = pillid::catalog::catalog()
        .as_of
        .clone()
        .expect("the database gives its as_of date");
    let (server, browser) = start(DESKTOP).await;

    // Build A: the first visit; its service worker keeps it and takes the
    // page. Nothing newer waits, so nothing is offered.
    open(&browser, &server, "/").await;
    wait_for_service_worker(&browser).await;
    let a_version = page_build(&browser).await;
    let a_version = a_version.as_str().expect("the page names its build");
    assert_eq!(footer(&browser).await, wording::data_as_of(Some(&a_date)));
    let b = Deployed::next_after(&a, a_version, &a_date);
    assert_ne!(b.data_as_of, a_date);

    // Build B is deployed; the visitor comes back.
    server.serve_from(b.dir.path());
    open(
        &browser,
        &server,
        &format!("/?imprint={}", TEN_MG_QUERY.replace(' ', "+")),
    )
    .await;
    let offered = wording::update_ready(Some(&b.data_as_of));
    browser
        .wait_for_text("#update p", "the notice of build B", |t| t == offered)
        .await;
    // Until asked, the page is A's, whole: A's page, A's module (its
    // database's date in the footer), answering as before.
    assert_eq!(page_build(&browser).await, json!(a_version));
    assert_eq!(footer(&browser).await, wording::data_as_of(Some(&a_date)));
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    let button = browser
        .wait_for_text("#update-load", "the notice's button", |t| !t.is_empty())
        .await;
    assert_eq!(button, wording::UPDATE_LOAD);
    browser
        .screenshot(&target_dir().join("screenshots/update-notice.png"))
        .await;
    assert_accessible(&browser, "the update notice").await;
    // On a phone the notice wraps: no sideways scrolling, a button big
    // enough for a finger.
    browser.set_viewport(PHONE.0, PHONE.1).await;
    browser.run("window.scrollTo(0, 0); return 0;").await;
    browser
        .screenshot(&target_dir().join("screenshots/update-notice-phone.png"))
        .await;
    assert!(
        !page_overflows(&browser).await,
        "the notice scrolls sideways on a phone"
    );
    assert_eq!(
        small_targets(&browser).await,
        Vec::<serde_json::Value>::new()
    );
    browser.set_viewport(DESKTOP.0, DESKTOP.1).await;

    // Loading it: the page reloads as B's, page and module.
    browser.click("#update-load").await;
    browser
        .wait_until(
            &format!(
                "document.querySelector('meta[name=pillid-build]')?.content === {}",
                js(&b.version)
            ),
            "build B's page",
            "document.querySelector('meta[name=pillid-build]')?.content",
        )
        .await;
    browser
        .wait_for_text("label[for=imprint]", "build B's app to start", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(
        footer(&browser).await,
        wording::data_as_of(Some(&b.data_as_of)),
        "build B's module"
    );
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;
    // B is in charge, nothing else waits, and only B's files are kept.
    let workers = browser
        .run(
            "return navigator.serviceWorker.getRegistration().then(r => [
                 navigator.serviceWorker.controller === r.active,
                 r.waiting === null && r.installing === null]);",
        )
        .await;
    assert_eq!(
        workers,
        json!([true, true]),
        "[B controls the page, nothing waits]"
    );
    let kept = browser.run("return caches.keys();").await;
    assert_eq!(kept, json!([format!("pillid-{}", b.version)]));
    assert_eq!(
        browser
            .run("return document.getElementById('update').textContent;")
            .await,
        json!(""),
        "no notice on B's own page"
    );
    assert_eq!(
        server.missing(),
        Vec::<String>::new(),
        "every file was found"
    );

    // Offline, B is what the visitor keeps.
    browser.devtools("Network.enable", json!({})).await;
    browser
        .devtools(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    server.stop();
    within("reloading offline", COMMAND, browser.client().refresh()).await;
    browser
        .wait_for_text("label[for=imprint]", "build B to start offline", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(page_build(&browser).await, json!(b.version));
    assert_eq!(
        footer(&browser).await,
        wording::data_as_of(Some(&b.data_as_of))
    );
    verdict(&browser, &banner_for(TEN_MG_QUERY).heading).await;

    browser.close().await;
}
