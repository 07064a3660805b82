//! What the page shows instead of the app when it is inside a frame.
//!
//! Another site could frame pillid and lay its own content over it: hide
//! the "20 mg, not 10 mg" warning, say. A host that sends the headers in
//! `assets/_headers` (`frame-ancestors 'none'`, `X-Frame-Options: DENY`)
//! makes the browser refuse the frame outright; a meta tag cannot, so the
//! app also checks for itself when it starts ([`super::browser::framed`])
//! and then shows only this: no input, no answer.

use yew::prelude::*;

/// The refusal, shown in the frame.
pub const FRAMED: &str = "pillid cannot be shown inside another site.";

/// Properties of [`Framed`].
#[derive(Properties, PartialEq, Clone)]
pub struct FramedProps {
    /// The page's own address, to open in a window of its own.
    pub href: AttrValue,
}

/// The whole page when it is framed (`#framed`): the refusal and a link
/// that opens pillid in a tab of its own.
#[function_component]
pub fn Framed(props: &FramedProps) -> Html {
    html! {
        <div class="app">
            <header class="masthead">
                <h1>{ "pillid" }</h1>
            </header>
            <main>
                <p id="framed" role="alert">
                    { FRAMED }
                    { " " }
                    <a href={props.href.clone()} target="_blank" rel="noopener noreferrer">
                        { "Open pillid in a tab of its own." }
                    </a>
                </p>
            </main>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_framed_page_refuses_and_has_no_app() {
        let render = yew::LocalServerRenderer::<Framed>::with_props(FramedProps {
            href: "https://example.org/?imprint=1286".into(),
        })
        .hydratable(false)
        .render();
        let html = tokio::task::LocalSet::new().run_until(render).await;
        assert!(html.contains(FRAMED), "{html}");
        assert!(
            html.contains("href=\"https://example.org/?imprint=1286\""),
            "{html}"
        );
        assert!(!html.contains("<input"), "no input: {html}");
    }
}
