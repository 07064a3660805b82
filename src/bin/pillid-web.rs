//! The browser app's entry point, built by trunk for wasm32 (see
//! `index.html`). Everything else lives in [`pillid::ui`].

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    // The page the server sent is painted first, then gives way to the app
    // (see `pillid::ui::static_page`).
    pillid::ui::static_page::after_next_paint(start);
}

/// Replaces the static page with the app, keeping what was typed into it.
#[cfg(target_arch = "wasm32")]
fn start() {
    use pillid::ui::app::{AppProps, WIDE_WINDOW_PX};
    use pillid::ui::{browser, framed::FramedProps, static_page, App, Framed};
    let typed = static_page::take_over();
    // Inside another site's frame the app does not start: that site could
    // cover parts of it (see `pillid::ui::framed`).
    if browser::framed() {
        let href = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        yew::Renderer::<Framed>::with_props(FramedProps { href: href.into() }).render();
    } else {
        yew::Renderer::<App>::with_props(AppProps {
            search: browser::search().into(),
            typed: typed.map(Into::into),
            wide: browser::wider_than(WIDE_WINDOW_PX),
        })
        .render();
    }
}

/// Natively there is no page to render: say how to get one.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "pillid-web is the browser app. Run `make serve` and open http://127.0.0.1:8080, \
         or use the command-line tool: `cargo run -- identify KP02 10`."
    );
    std::process::ExitCode::from(2)
}
