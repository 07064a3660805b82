//! The few browser services the app uses: the address bar, history, the
//! clipboard, the window width and whether the page is framed. Thin wrappers that never panic: when a
//! service is missing, the app carries on without it.
//!
//! Natively there is no window: each of these then answers as a browser
//! that offers nothing would (no search, nothing stored, not wide), so
//! that the app renders natively, with Yew's server-side renderer, exactly
//! as its first render in a browser (see [`super::static_page`]).
//! Everything else worth testing natively lives in [`super::url`].

use web_sys::wasm_bindgen::JsValue;

/// The page's window; natively none (calling into the browser off wasm32
/// would panic).
fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
    } else {
        None
    }
}

/// The page's query string, `?` included (empty when there is none).
pub fn search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The address of this page with `search` as its query string: what the
/// "copy link" button copies.
pub fn link_to(search: &str) -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return search.to_owned();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    format!("{origin}{path}{search}")
}

/// Adds a history entry whose address has `search` as its query string,
/// without reloading. Back and forward then move between searches.
pub fn push_search(search: &str) {
    set_search(search, History::Push);
}

/// Rewrites the current history entry's address to have `search` as its
/// query string, without reloading or adding an entry.
pub fn replace_search(search: &str) {
    set_search(search, History::Replace);
}

/// Whether a new address gets its own history entry.
enum History {
    Push,
    Replace,
}

fn set_search(search: &str, how: History) {
    let Some(window) = window() else {
        return;
    };
    let path = window
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_owned());
    let address = format!("{path}{search}");
    if let Ok(history) = window.history() {
        // Failing only loses one history entry, or leaves the old address.
        let _ = match how {
            History::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&address)),
            History::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&address)),
        };
    }
}

/// True when the page is shown inside a frame (`window.top !== window`):
/// then the app does not start (see [`super::framed`]), so that another
/// site cannot lay its own content over a live pillid. When the browser
/// will not say, the page counts as framed.
pub fn framed() -> bool {
    let Some(window) = window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => top != window,
        Ok(None) => false,
        Err(_) => true,
    }
}

/// True when the window is at least `min_px` CSS pixels wide.
pub fn wider_than(min_px: f64) -> bool {
    window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w >= min_px)
}

/// A value this page stored on the device (`localStorage`), if any and
/// if the browser allows storage.
pub fn stored(key: &str) -> Option<String> {
    window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
}

/// Stores a value on the device; silently nothing where the browser
/// refuses storage (private windows): the page then simply forgets.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// Scrolls the page as little as needed to show the verdict banner (or the
/// results, while there is no verdict yet).
pub fn show_verdict() {
    let Some(document) = window().and_then(|w| w.document()) else {
        return;
    };
    let target = document
        .get_element_by_id("verdict")
        .and_then(|h| h.parent_element())
        .or_else(|| document.get_element_by_id("results"));
    if let Some(element) = target {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Why a link could not be copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyError {
    /// The browser offers no clipboard here.
    Unavailable,
    /// The browser refused (no permission, page not focused).
    Refused,
}

/// Writes `text` to the clipboard.
pub async fn copy(text: &str) -> Result<(), CopyError> {
    let window = window().ok_or(CopyError::Unavailable)?;
    let navigator = window.navigator();
    // `navigator.clipboard` is missing on insecure pages and in some
    // embedded browsers; calling through a missing object would throw.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        return Err(CopyError::Unavailable);
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| CopyError::Refused)
}
