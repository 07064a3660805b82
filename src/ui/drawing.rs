//! A product's tablet drawn in SVG: both faces side by side, in the
//! tablet's shape and colour, with the imprint and the score line where
//! [`super::pill`] puts them.

use super::pill::{self, num, Face, HEIGHT};
use crate::catalog::Product;
use crate::vocab::Color;
use crate::wording;
use yew::prelude::*;

/// Space around and between the two faces, in drawing units.
const PAD: f64 = 4.0;
const GAP: f64 = 14.0;
/// Outline and score line colour: mid grey, visible on light and dark pages
/// and on white and black tablets.
const EDGE: &str = "#6b7580";
/// Dash and gap lengths of a score line whose face is not known.
const SCORE_FACE_UNKNOWN_DASHES: &str = "7 5";
/// Monospace, like the imprint font on the rest of the page.
const FONT: &str = "ui-monospace, DejaVu Sans Mono, Menlo, Consolas, monospace";

/// The drawing of `p` (`svg.pill-drawing`), with a text alternative that
/// says the same in words. A plain function, not a component: it is part
/// of its card and redrawn with it (each component costs download size).
pub fn pill_drawing(p: &Product) -> Html {
    let outline = pill::outline(p.shape);
    let faces = pill::faces(p);
    let w = outline.width;
    let color = p.colors.first().copied().unwrap_or(Color::White);
    let second = p.colors.get(1).copied();
    let ink = pill::ink(color);
    let face_known = pill::score_face_known(p);
    let label = wording::drawing_label(
        p,
        &faces[0].lines,
        &faces[1].lines,
        faces.iter().any(|f| f.scored),
        face_known,
    );
    // A score line on a face no source names is dashed: drawn, because the
    // tablet is scored, but not claimed for that face.
    let dashes = (!face_known).then_some(SCORE_FACE_UNKNOWN_DASHES);
    let view_box = format!(
        "0 0 {} {}",
        num(2.0 * w + GAP + 2.0 * PAD),
        num(HEIGHT + 2.0 * PAD)
    );
    let half = num(w / 2.0);
    let face = |i: usize, face: &Face| {
        let x = PAD + i as f64 * (w + GAP);
        let layout = pill::layout(&outline, face);
        html! {
            <g class="face" transform={format!("translate({} {})", num(x), num(PAD))}>
                <path d={outline.path} fill={color.swatch()} />
                if let Some(second) = second {
                    // The right half in the second colour: the same outline
                    // seen through a window onto that half.
                    <svg x={half.clone()} width={half.clone()} height={num(HEIGHT)}
                         viewBox={format!("{half} 0 {half} {}", num(HEIGHT))}>
                        <path d={outline.path} fill={second.swatch()} />
                    </svg>
                }
                <path d={outline.path} fill="none" stroke={EDGE} stroke-width="2.5" />
                if let Some((x1, y1, x2, y2)) = layout.score {
                    <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)}
                          stroke={EDGE} stroke-width="3" stroke-linecap="round"
                          stroke-dasharray={dashes} class="score-line" />
                }
                { for layout.lines.iter().map(|line| html! {
                    <text x={num(line.x)} y={num(line.y)} font-size={num(layout.font_size)}
                          font-family={FONT} font-weight="700" text-anchor="middle" dominant-baseline="central"
                          fill={ink}>
                        { line.text.clone() }
                    </text>
                }) }
            </g>
        }
    };
    html! {
        <figure class="pill">
            <svg class="pill-drawing" viewBox={view_box} role="img" aria-label={label}>
                { face(0, &faces[0]) }
                { face(1, &faces[1]) }
            </svg>
            <figcaption>
                { wording::DRAWING_CAPTION }
                if faces.iter().any(|f| f.scored) && !face_known {
                    { " " }<span class="score-face-unknown">{ wording::SCORE_FACE_NOT_KNOWN }</span>
                }
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    #[derive(Properties, PartialEq)]
    struct DrawnProps {
        id: String,
    }

    #[function_component]
    fn Drawn(props: &DrawnProps) -> Html {
        let p = catalog().product(&props.id).expect("in the database");
        pill_drawing(p)
    }

    /// The drawing of product `id` as the page renders it.
    async fn render(id: &str) -> String {
        let render = yew::LocalServerRenderer::<Drawn>::with_props(DrawnProps { id: id.into() })
            .hydratable(false)
            .render();
        tokio::task::LocalSet::new().run_until(render).await
    }

    fn aria_label(html: &str) -> &str {
        html.split("aria-label=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
    }

    /// The walkthrough's two tablets (LCI 1330, 22 65 / V), the scored
    /// tablets whose face no source names (LCI 1337, KP02 10), and every
    /// other scored baclofen tablet: each sketch has its score line; where
    /// the face is not known, it says so in words and in its name.
    #[tokio::test]
    async fn every_scored_tablet_is_sketched_with_its_score_line() {
        for (id, face_known) in [
            ("chartwell-lci-1330", true),
            ("imprint-2265-v", true),
            ("chartwell-lci-1337", false),
            ("imprint-kp02-10", false),
        ] {
            let html = render(id).await;
            assert_eq!(
                html.matches(r#"class="score-line""#).count(),
                1,
                "{id}: {html}"
            );
            assert_eq!(
                html.contains(wording::SCORE_FACE_NOT_KNOWN),
                !face_known,
                "{id}: {html}"
            );
            // Named as scored, with the face known or not.
            let p = catalog().product(id).expect("in the database");
            let [front, back] = pill::faces(p);
            assert_eq!(
                aria_label(&html),
                wording::drawing_label(p, &front.lines, &back.lines, true, face_known),
                "{id}: {html}"
            );
            assert_eq!(
                html.contains("stroke-dasharray"),
                !face_known,
                "{id}: {html}"
            );
        }
        let mut scored = 0;
        for p in catalog().products.iter().filter(|p| p.is_target()) {
            let html = render(&p.id).await;
            let lines = html.matches(r#"class="score-line""#).count();
            assert_eq!(lines, usize::from(pill::is_scored(p)), "{}: {html}", p.id);
            scored += lines;
        }
        assert!(scored > 10, "{scored}");
        // An unscored tablet has none, and says nothing about faces.
        let plain = render("chartwell-lci-1333").await;
        assert!(
            !plain.contains("score-line") && !plain.contains(wording::SCORE_FACE_NOT_KNOWN),
            "{plain}"
        );
    }
}
