//! `index.html` carries the app's first page, so that it paints before the
//! WebAssembly module arrives (see `pillid::ui::static_page`). These tests
//! render the app with Yew's server-side renderer, as the browser's first
//! render would draw it for a plain visit, and fail when the copy between
//! `index.html`'s `static-page:begin` and `static-page:end` markers
//! differs from it by a single character: the page would otherwise jump,
//! or show words the app no longer says, when the module takes over.
//!
//! `make static-page` (`PILLID_WRITE_STATIC_PAGE=1 cargo test --test
//! static_page`) writes the block instead of checking it.

use pillid::ui::app::AppProps;
use pillid::ui::static_page::{starting_note, BOOT_ID, INERT};
use pillid::ui::App;
use std::path::PathBuf;

const BEGIN: &str = "<!-- static-page:begin";
const END: &str = "<!-- static-page:end";

/// Set to 1 to write the block into `index.html` instead of checking it.
const WRITE: &str = "PILLID_WRITE_STATIC_PAGE";

fn index_html() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("index.html")
}

/// The app's first render for a plain visit (no query, a narrow window,
/// nothing typed), as Yew writes it, without hydration markers.
async fn first_page() -> String {
    let render = yew::LocalServerRenderer::<App>::with_props(AppProps::default())
        .hydratable(false)
        .render();
    tokio::task::LocalSet::new().run_until(render).await
}

/// `app` with every control of [`INERT`] made `inert`. Each must be found
/// exactly once: a control that moved or was renamed must be looked at.
fn with_inert_controls(app: &str) -> Result<String, String> {
    let mut page = app.to_owned();
    for tag in INERT {
        let found = page.matches(tag).count();
        if found != 1 {
            return Err(format!("the app's first page has {found} `{tag}`, not one"));
        }
        page = page.replacen(tag, &format!("{tag} inert"), 1);
    }
    Ok(page)
}

/// The byte range of the lines between the marker lines, and that text.
fn block(index: &str) -> Result<(usize, usize), String> {
    let begin = index
        .find(BEGIN)
        .ok_or(format!("index.html has no `{BEGIN} -->` line"))?;
    let start = index[begin..]
        .find('\n')
        .map(|n| begin + n + 1)
        .ok_or("index.html ends after its begin marker")?;
    let end = index[start..]
        .find(END)
        .map(|n| start + n)
        .ok_or(format!("index.html has no `{END} -->` after `{BEGIN}`"))?;
    // Back to the start of the end marker's line.
    let end = index[..end].rfind('\n').map_or(end, |n| n + 1).max(start);
    Ok((start, end))
}

/// Where two texts first differ, with a little of each around it.
fn first_difference(expected: &str, found: &str) -> String {
    let (expected, found): (Vec<char>, Vec<char>) =
        (expected.chars().collect(), found.chars().collect());
    let at = expected
        .iter()
        .zip(&found)
        .position(|(e, f)| e != f)
        .unwrap_or(expected.len().min(found.len()));
    let around = |text: &[char]| -> String {
        text[at.saturating_sub(80).min(text.len())..(at + 80).min(text.len())]
            .iter()
            .collect()
    };
    format!(
        "at character {at}:\n  the app renders: …{}…\n  index.html has:  …{}…",
        around(&expected),
        around(&found)
    )
}

#[tokio::test]
async fn index_html_holds_the_apps_first_page() {
    let app = with_inert_controls(&first_page().await).unwrap_or_else(|e| panic!("{e}"));
    let expected = format!("{app}\n{}", starting_note());
    let path = index_html();
    let index = std::fs::read_to_string(&path).expect("cannot read index.html");
    let (start, end) = block(&index).unwrap_or_else(|e| panic!("{e}"));
    if std::env::var(WRITE).as_deref() == Ok("1") {
        let updated = format!("{}{expected}\n{}", &index[..start], &index[end..]);
        std::fs::write(&path, updated).expect("cannot write index.html");
        return;
    }
    let found = index[start..end].trim();
    assert!(
        found == expected,
        "index.html's static page is not the app's first page; run `make static-page` to write it, \
         and look at the difference first ({})",
        first_difference(&expected, found)
    );
    // The static page sits in the element the entry point removes.
    let opening = format!("<div id=\"{BOOT_ID}\">");
    let boot = index.find(&opening).expect("index.html has no #boot");
    assert!(
        boot < start && index[boot..start].matches("<div").count() == 1,
        "the static page must be inside {opening}, and nothing else of it before the block"
    );
}

#[tokio::test]
async fn before_the_app_only_the_imprint_box_takes_input() {
    let page = with_inert_controls(&first_page().await).unwrap_or_else(|e| panic!("{e}"));
    // Every opening tag of a control, and whether it or its refine panel
    // is inert.
    let mut inside_inert_details = false;
    let mut live = Vec::new();
    for piece in page.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        let name = tag.split([' ', '/']).next().unwrap_or_default();
        match name {
            "details" => inside_inert_details = tag.contains(" inert"),
            "/details" => inside_inert_details = false,
            "input" | "button" | "select" | "textarea" | "summary" | "a"
                if !inside_inert_details && !tag.contains(" inert") =>
            {
                live.push(tag.to_owned());
            }
            _ => {}
        }
    }
    assert_eq!(live.len(), 1, "live controls in the static page: {live:?}");
    assert!(
        live[0].starts_with("input ") && live[0].contains("id=\"imprint\""),
        "{live:?}"
    );
}

#[test]
fn a_control_that_is_missing_or_doubled_is_said() {
    let one = format!("<form>{}></button></form>", INERT[0]);
    assert!(with_inert_controls(&one).unwrap_err().contains(INERT[1]));
    let all: String = INERT.iter().map(|tag| format!("{tag}>")).collect();
    assert!(with_inert_controls(&all).is_ok());
    let doubled = format!("{all}{}>", INERT[2]);
    assert!(with_inert_controls(&doubled).unwrap_err().contains("has 2"));
}

#[test]
fn the_block_is_found_between_the_marker_lines() {
    let index = "<body>\n  <!-- static-page:begin x -->\n<div>old</div>\n  <!-- static-page:end -->\n</body>\n";
    let (start, end) = block(index).unwrap();
    assert_eq!(&index[start..end], "<div>old</div>\n");
    assert!(block("<body></body>")
        .unwrap_err()
        .contains("no `<!-- static-page:begin"));
    assert!(block("<!-- static-page:begin -->\n<div>")
        .unwrap_err()
        .contains("no `<!-- static-page:end"));
}
