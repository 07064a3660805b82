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
    let label = wording::drawing_label(
        p,
        &faces[0].lines,
        &faces[1].lines,
        faces.iter().any(|f| f.scored),
    );
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
                          stroke={EDGE} stroke-width="3" stroke-linecap="round" />
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
            <figcaption>{ wording::DRAWING_CAPTION }</figcaption>
        </figure>
    }
}
