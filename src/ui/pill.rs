//! The drawn tablet: an outline for each of the 19 SPL shapes, which side
//! each part of the imprint goes on, where the score line is, and how big
//! the text can be. Pure geometry, tested natively; [`super::drawing`] turns
//! it into SVG.
//!
//! Every outline lives in its own box, `width` x [`HEIGHT`] units, with the
//! origin at the top left. Elongated shapes (capsule, oval, ...) are wider
//! than tall, the rest fit a square.

use crate::catalog::Product;
use crate::imprint;
use crate::vocab::{Color, Shape};

/// Height of every outline's box. The widths are [`SQUARE`] or [`WIDE`].
pub const HEIGHT: f64 = 100.0;
/// Width of the box of a shape that is about as wide as tall.
pub const SQUARE: f64 = 100.0;
/// Width of the box of an elongated shape: tablets of these shapes are
/// typically one and a half to two times as long as wide.
pub const WIDE: f64 = 160.0;

/// Width of one character of the monospace font, in font sizes (most
/// monospace fonts are 0.6 em wide; a little more keeps text inside).
const CHAR_WIDTH_EM: f64 = 0.62;
/// Line height, in font sizes.
const LINE_EM: f64 = 1.15;
/// Largest text on a face, in box units: a two-character imprint on a
/// round tablet would otherwise fill it edge to edge.
const MAX_FONT: f64 = 30.0;
/// Smallest text worth drawing; below it the imprint is only a texture.
const MIN_FONT: f64 = 7.0;
/// Gap between the score line and the text on either side of it.
const SCORE_GAP: f64 = 3.0;

/// A rectangle in box units: left, top, right, bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Area {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Area {
    const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Area {
        Area { x0, y0, x1, y1 }
    }

    /// Width.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    fn center(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }
}

/// One shape's outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    /// SVG path data, closed.
    pub path: &'static str,
    /// Width of the box ([`SQUARE`] or [`WIDE`]); the height is [`HEIGHT`].
    pub width: f64,
    /// Where text can go without touching the edge.
    pub text_area: Area,
}

impl Outline {
    /// True for shapes longer than wide: their score line runs across the
    /// short way, so it is vertical.
    pub fn is_wide(&self) -> bool {
        self.width > HEIGHT
    }
}

/// The outline of a tablet of this shape.
///
/// The paths are written out rather than computed, so that the app needs
/// no trigonometry or float formatting (both cost download size); the
/// tests recompute the polygons and the gear from their geometry and check
/// that they are these.
pub fn outline(shape: Shape) -> Outline {
    let square = |path: &'static str, area: Area| Outline {
        path,
        width: SQUARE,
        text_area: area,
    };
    let wide = |path: &'static str, area: Area| Outline {
        path,
        width: WIDE,
        text_area: area,
    };
    match shape {
        Shape::Round => square(
            "M 2 50 A 48 48 0 1 0 98 50 A 48 48 0 1 0 2 50 Z",
            Area::new(18.0, 18.0, 82.0, 82.0),
        ),
        Shape::Oval => wide(
            "M 2 50 A 78 44 0 1 0 158 50 A 78 44 0 1 0 2 50 Z",
            Area::new(26.0, 22.0, 134.0, 78.0),
        ),
        Shape::Capsule => wide(
            "M 44 8 H 116 A 42 42 0 0 1 116 92 H 44 A 42 42 0 0 1 44 8 Z",
            Area::new(16.0, 18.0, 144.0, 82.0),
        ),
        Shape::Rectangle => wide(RECTANGLE, Area::new(12.0, 20.0, 148.0, 80.0)),
        Shape::Bullet => wide(
            "M 14 12 H 100 C 136 12 158 32 158 50 C 158 68 136 88 100 88 H 14 Q 4 88 4 78 V 22 Q 4 12 14 12 Z",
            Area::new(12.0, 20.0, 136.0, 80.0),
        ),
        Shape::DoubleCircle => wide(
            // Two circles of radius 46 whose centres are 54 apart meet at
            // x = 80, 37.2 above and below the middle.
            "M 80 12.8 A 46 46 0 1 0 80 87.2 A 46 46 0 1 0 80 12.8 Z",
            Area::new(14.0, 24.0, 146.0, 76.0),
        ),
        Shape::Square => square(SQUARE_PATH, Area::new(12.0, 12.0, 88.0, 88.0)),
        Shape::Diamond => square(DIAMOND, Area::new(27.0, 30.0, 73.0, 70.0)),
        Shape::Triangle => square(TRIANGLE, Area::new(28.0, 48.0, 72.0, 84.0)),
        Shape::Trapezoid => square(TRAPEZOID, Area::new(20.0, 22.0, 80.0, 80.0)),
        Shape::Pentagon => square(PENTAGON, Area::new(22.0, 24.0, 78.0, 80.0)),
        Shape::Hexagon => square(HEXAGON, Area::new(18.0, 20.0, 82.0, 80.0)),
        Shape::Heptagon => square(HEPTAGON, Area::new(18.0, 20.0, 82.0, 80.0)),
        Shape::Octagon => square(OCTAGON, Area::new(16.0, 16.0, 84.0, 84.0)),
        Shape::Gear => square(GEAR, Area::new(20.0, 20.0, 80.0, 80.0)),
        Shape::Clover => square(
            // Four arcs bulging outward between the corners of a square:
            // four lobes.
            "M 36 36 A 17 17 0 1 1 64 36 A 17 17 0 1 1 64 64 A 17 17 0 1 1 36 64 A 17 17 0 1 1 36 36 Z",
            Area::new(22.0, 22.0, 78.0, 78.0),
        ),
        Shape::SemiCircle => square(
            "M 2 74 A 48 48 0 0 1 98 74 Z",
            Area::new(20.0, 42.0, 80.0, 72.0),
        ),
        Shape::Tear => square(
            "M 50 2 C 60 20 84 42 84 64 A 34 34 0 1 1 16 64 C 16 42 40 20 50 2 Z",
            Area::new(24.0, 46.0, 76.0, 88.0),
        ),
        Shape::Freeform => square(
            "M 20 30 C 30 6 70 0 86 22 C 100 44 96 80 70 90 C 46 100 10 88 6 62 C 2 46 12 38 20 30 Z",
            Area::new(20.0, 24.0, 80.0, 80.0),
        ),
    }
}

// Polygons with rounded corners; see `tests::polygon_paths` for the
// geometry each one comes from.
const RECTANGLE: &str =
    "M 4 24 Q 4 14 14 14 L 146 14 Q 156 14 156 24 L 156 76 Q 156 86 146 86 L 14 86 Q 4 86 4 76 Z";
const SQUARE_PATH: &str =
    "M 6 16 Q 6 6 16 6 L 84 6 Q 94 6 94 16 L 94 84 Q 94 94 84 94 L 16 94 Q 6 94 6 84 Z";
const DIAMOND: &str = "M 45.8 6.2 Q 50 2 54.2 6.2 L 93.8 45.8 Q 98 50 93.8 54.2 L 54.2 93.8 Q 50 98 45.8 93.8 L 6.2 54.2 Q 2 50 6.2 45.8 Z";
const TRIANGLE: &str = "M 46.2 11 Q 50 4 53.8 11 L 93.2 83 Q 97 90 89 90 L 11 90 Q 3 90 6.8 83 Z";
const TRAPEZOID: &str = "M 22.2 19.7 Q 24 14 30 14 L 70 14 Q 76 14 77.8 19.7 L 96.2 80.3 Q 98 86 92 86 L 8 86 Q 2 86 3.8 80.3 Z";
const PENTAGON: &str = "M 46 4.9 Q 50 2 54 4.9 L 91.6 32.2 Q 95.7 35.2 94.1 39.9 L 79.8 84.1 Q 78.2 88.8 73.2 88.8 L 26.8 88.8 Q 21.8 88.8 20.2 84.1 L 5.9 39.9 Q 4.3 35.2 8.4 32.2 Z";
const HEXAGON: &str = "M 95.5 45.7 Q 98 50 95.5 54.3 L 76.5 87.2 Q 74 91.6 69 91.6 L 31 91.6 Q 26 91.6 23.5 87.2 L 4.5 54.3 Q 2 50 4.5 45.7 L 23.5 12.8 Q 26 8.4 31 8.4 L 69 8.4 Q 74 8.4 76.5 12.8 Z";
const HEPTAGON: &str = "M 45.5 4.2 Q 50 2 54.5 4.2 L 83 17.9 Q 87.5 20.1 88.6 24.9 L 95.7 55.8 Q 96.8 60.7 93.7 64.6 L 73.9 89.3 Q 70.8 93.2 65.8 93.2 L 34.2 93.2 Q 29.2 93.2 26.1 89.3 L 6.3 64.6 Q 3.2 60.7 4.3 55.8 L 11.4 24.9 Q 12.5 20.1 17 17.9 Z";
const OCTAGON: &str = "M 94.3 63.4 Q 94.3 68.4 90.8 71.9 L 71.9 90.8 Q 68.4 94.3 63.4 94.3 L 36.6 94.3 Q 31.6 94.3 28.1 90.8 L 9.2 71.9 Q 5.7 68.4 5.7 63.4 L 5.7 36.6 Q 5.7 31.6 9.2 28.1 L 28.1 9.2 Q 31.6 5.7 36.6 5.7 L 63.4 5.7 Q 68.4 5.7 71.9 9.2 L 90.8 28.1 Q 94.3 31.6 94.3 36.6 Z";
const GEAR: &str = "M 39.3 11.7 Q 40.7 11.1 41.1 9.7 L 42.8 3.9 Q 43.2 2.5 44.7 2.5 L 55.3 2.5 Q 56.8 2.5 57.2 3.9 L 58.9 9.7 Q 59.3 11.1 60.7 11.7 L 69.5 15.3 Q 70.9 15.9 72.2 15.2 L 77.5 12.3 Q 78.8 11.6 79.9 12.7 L 87.3 20.1 Q 88.4 21.2 87.7 22.5 L 84.8 27.8 Q 84.1 29.1 84.7 30.5 L 88.3 39.3 Q 88.9 40.7 90.3 41.1 L 96.1 42.8 Q 97.5 43.2 97.5 44.7 L 97.5 55.3 Q 97.5 56.8 96.1 57.2 L 90.3 58.9 Q 88.9 59.3 88.3 60.7 L 84.7 69.5 Q 84.1 70.9 84.8 72.2 L 87.7 77.5 Q 88.4 78.8 87.3 79.9 L 79.9 87.3 Q 78.8 88.4 77.5 87.7 L 72.2 84.8 Q 70.9 84.1 69.5 84.7 L 60.7 88.3 Q 59.3 88.9 58.9 90.3 L 57.2 96.1 Q 56.8 97.5 55.3 97.5 L 44.7 97.5 Q 43.2 97.5 42.8 96.1 L 41.1 90.3 Q 40.7 88.9 39.3 88.3 L 30.5 84.7 Q 29.1 84.1 27.8 84.8 L 22.5 87.7 Q 21.2 88.4 20.1 87.3 L 12.7 79.9 Q 11.6 78.8 12.3 77.5 L 15.2 72.2 Q 15.9 70.9 15.3 69.5 L 11.7 60.7 Q 11.1 59.3 9.7 58.9 L 3.9 57.2 Q 2.5 56.8 2.5 55.3 L 2.5 44.7 Q 2.5 43.2 3.9 42.8 L 9.7 41.1 Q 11.1 40.7 11.7 39.3 L 15.3 30.5 Q 15.9 29.1 15.2 27.8 L 12.3 22.5 Q 11.6 21.2 12.7 20.1 L 20.1 12.7 Q 21.2 11.6 22.5 12.3 L 27.8 15.2 Q 29.1 15.9 30.5 15.3 Z";

/// A number for SVG, to a tenth of a unit (plenty for a drawing 100 units
/// high), written with integer formatting only: `12.3`, `-4`, `50`.
pub fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// Rounds to a tenth of a unit.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The drawn face of a tablet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Face {
    /// Lines of imprint text, top to bottom (empty: a plain face).
    pub lines: Vec<String>,
    /// Whether this face carries the score line.
    pub scored: bool,
}

/// The two faces of a product's tablet, front first.
///
/// When the database says which text is on which face and where the score
/// line is ([`Product::faces`]), the drawing follows it exactly. Otherwise
/// the SPL form does not tell sides from lines (`;` separates both), so the
/// first part goes on the front, the rest on the back. A scored tablet
/// (a score of 2 or more) always has its score line drawn: when the
/// database does not say which face carries it, on a plain face if there
/// is one, else on the back, and [`score_face_known`] is false so that the
/// drawing says the face is not known. The card calls the drawing a sketch.
pub fn faces(product: &Product) -> [Face; 2] {
    let lines = |spl: &str| -> Vec<String> {
        imprint::parts(spl)
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut drawn = if let [front, back] = product.faces.as_slice() {
        [
            Face {
                lines: lines(&front.imprint),
                scored: front.score_line,
            },
            Face {
                lines: lines(&back.imprint),
                scored: back.score_line,
            },
        ]
    } else {
        let mut parts = lines(&product.imprint);
        let back = parts.split_off(parts.len().min(1));
        [
            Face {
                lines: parts,
                scored: false,
            },
            Face {
                lines: back,
                scored: false,
            },
        ]
    };
    if is_scored(product) && !drawn.iter().any(|f| f.scored) {
        let plain = drawn.iter().rposition(|f| f.lines.is_empty());
        drawn[plain.unwrap_or(1)].scored = true;
    }
    drawn
}

/// True when the database records a score line (a tablet that breaks in
/// two or more).
pub fn is_scored(product: &Product) -> bool {
    product.score.is_some_and(|n| n >= 2)
}

/// True when the database says which face carries the score line. False
/// for an unscored tablet too (nothing to place).
pub fn score_face_known(product: &Product) -> bool {
    product.faces.iter().any(|f| f.score_line)
}

/// One line of text placed on a face.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedLine {
    /// The text.
    pub text: String,
    /// Middle of the line, x.
    pub x: f64,
    /// Middle of the line, y.
    pub y: f64,
}

/// Text and score line laid out on a face.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Lines of text.
    pub lines: Vec<PlacedLine>,
    /// One font size for the whole face, so the lines look alike.
    pub font_size: f64,
    /// The score line, from (x1, y1) to (x2, y2).
    pub score: Option<(f64, f64, f64, f64)>,
}

/// Lays out a face's text inside the outline's text area. A scored face has
/// its score line through the middle (across the short way) with the text
/// split on either side of it.
pub fn layout(outline: &Outline, face: &Face) -> Layout {
    let area = outline.text_area;
    let (cx, cy) = area.center();
    // With a score line the text goes in two groups, one on each side. A
    // single line with a space splits at the space (`22 65` → `22 | 65`).
    let mut groups: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    match (face.scored, face.lines.as_slice()) {
        (false, lines) => groups[0] = lines.to_vec(),
        (true, [one]) if one.contains(' ') => {
            let words: Vec<&str> = one.split(' ').collect();
            let half = words.len().div_ceil(2);
            groups[0] = vec![words[..half].join(" ")];
            groups[1] = vec![words[half..].join(" ")];
        }
        (true, lines) => {
            let half = lines.len().div_ceil(2);
            groups[0] = lines[..half].to_vec();
            groups[1] = lines[half..].to_vec();
        }
    }
    let wide = outline.is_wide();
    // The region each group may fill.
    let regions: [Area; 2] = match (face.scored, wide) {
        (false, _) => [area, area],
        (true, false) => [
            Area::new(area.x0, area.y0, area.x1, cy - SCORE_GAP),
            Area::new(area.x0, cy + SCORE_GAP, area.x1, area.y1),
        ],
        (true, true) => [
            Area::new(area.x0, area.y0, cx - SCORE_GAP, area.y1),
            Area::new(cx + SCORE_GAP, area.y0, area.x1, area.y1),
        ],
    };
    let font_size = groups
        .iter()
        .zip(regions.iter())
        .filter(|(g, _)| !g.is_empty())
        .map(|(g, r)| fit(g, r))
        .fold(MAX_FONT, f64::min)
        .max(MIN_FONT);
    let mut lines = Vec::new();
    for (group, region) in groups.iter().zip(regions.iter()) {
        let (gx, gy) = region.center();
        let n = group.len() as f64;
        for (i, text) in group.iter().enumerate() {
            let offset = (i as f64 - (n - 1.0) / 2.0) * font_size * LINE_EM;
            lines.push(PlacedLine {
                text: text.clone(),
                x: round(gx),
                y: round(gy + offset),
            });
        }
    }
    let across = if wide {
        (cx, area.y0 - 8.0, cx, area.y1 + 8.0)
    } else {
        (area.x0 - 8.0, cy, area.x1 + 8.0, cy)
    };
    let score = face.scored.then_some(across);
    Layout {
        lines,
        font_size: round(font_size),
        score,
    }
}

/// The largest font size at which `lines` fit in `region`.
fn fit(lines: &[String], region: &Area) -> f64 {
    let longest = lines
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .max(1);
    let by_width = region.width() / (longest as f64 * CHAR_WIDTH_EM);
    let by_height = region.height() / (lines.len().max(1) as f64 * LINE_EM);
    by_width.min(by_height).min(MAX_FONT)
}

/// A colour to write on a tablet of this colour: dark ink on light
/// tablets, white on dark ones, whichever contrasts more with the swatch
/// (the tests check it, with the WCAG formulas, so the app needs none).
pub const fn ink(color: Color) -> &'static str {
    match color {
        Color::Black | Color::Red | Color::Purple | Color::Brown | Color::Blue => LIGHT_INK,
        Color::Gray
        | Color::White
        | Color::Pink
        | Color::Green
        | Color::Yellow
        | Color::Orange
        | Color::Turquoise => DARK_INK,
    }
}

/// Text colour on light tablets.
pub const DARK_INK: &str = "#1b1f24";
/// Text colour on dark tablets.
pub const LIGHT_INK: &str = "#ffffff";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;
    use std::f64::consts::PI;

    /// Relative luminance (WCAG) of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let hex = hex.trim_start_matches('#');
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }

    /// WCAG contrast ratio between two colours.
    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// The corners of a regular polygon with `n` corners on a circle of
    /// radius `r` around the middle of the square box, the first at
    /// `start` degrees (0 = right, -90 = top).
    fn regular(n: usize, r: f64, start: f64) -> Vec<(f64, f64)> {
        (0..n)
            .map(|i| {
                let a = (start + 360.0 * i as f64 / n as f64) * PI / 180.0;
                (50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect()
    }

    /// A gear with `teeth` flat teeth reaching radius `outer`, gaps at
    /// `inner`: up a flank, across the top, down the other flank.
    fn gear(teeth: usize, outer: f64, inner: f64) -> Vec<(f64, f64)> {
        let step = 360.0 / teeth as f64;
        let mut points = Vec::new();
        for i in 0..teeth {
            let mid = -90.0 + step * i as f64;
            for (offset, r) in [(-0.3, inner), (-0.18, outer), (0.18, outer), (0.3, inner)] {
                let a = (mid + offset * step) * PI / 180.0;
                points.push((50.0 + r * a.cos(), 50.0 + r * a.sin()));
            }
        }
        points
    }

    /// A closed path through `points` with each corner rounded off over
    /// `r` units of its two edges (less when an edge is short).
    fn rounded_polygon(points: &[(f64, f64)], r: f64) -> String {
        let n = points.len();
        let toward = |from: (f64, f64), to: (f64, f64), d: f64| {
            let (dx, dy) = (to.0 - from.0, to.1 - from.1);
            let len = (dx * dx + dy * dy).sqrt();
            let d = d.min(len / 2.0);
            (from.0 + dx / len * d, from.1 + dy / len * d)
        };
        let mut parts = Vec::new();
        for i in 0..n {
            let p = points[i];
            let a = toward(p, points[(i + n - 1) % n], r);
            let b = toward(p, points[(i + 1) % n], r);
            let verb = if i == 0 { "M" } else { "L" };
            parts.push(format!(
                "{verb} {} {} Q {} {} {} {}",
                num(a.0),
                num(a.1),
                num(p.0),
                num(p.1),
                num(b.0),
                num(b.1)
            ));
        }
        parts.push("Z".to_owned());
        parts.join(" ")
    }

    #[test]
    fn polygon_paths() {
        let corners = |v: &[(f64, f64)]| v.to_vec();
        let cases = [
            (
                RECTANGLE,
                rounded_polygon(
                    &corners(&[(4.0, 14.0), (156.0, 14.0), (156.0, 86.0), (4.0, 86.0)]),
                    10.0,
                ),
            ),
            (
                SQUARE_PATH,
                rounded_polygon(
                    &corners(&[(6.0, 6.0), (94.0, 6.0), (94.0, 94.0), (6.0, 94.0)]),
                    10.0,
                ),
            ),
            (
                DIAMOND,
                rounded_polygon(
                    &corners(&[(50.0, 2.0), (98.0, 50.0), (50.0, 98.0), (2.0, 50.0)]),
                    6.0,
                ),
            ),
            (
                TRIANGLE,
                rounded_polygon(&corners(&[(50.0, 4.0), (97.0, 90.0), (3.0, 90.0)]), 8.0),
            ),
            (
                TRAPEZOID,
                rounded_polygon(
                    &corners(&[(24.0, 14.0), (76.0, 14.0), (98.0, 86.0), (2.0, 86.0)]),
                    6.0,
                ),
            ),
            // Pointed top for odd corner counts, flat top for even ones.
            (PENTAGON, rounded_polygon(&regular(5, 48.0, -90.0), 5.0)),
            (HEXAGON, rounded_polygon(&regular(6, 48.0, 0.0), 5.0)),
            (HEPTAGON, rounded_polygon(&regular(7, 48.0, -90.0), 5.0)),
            (OCTAGON, rounded_polygon(&regular(8, 48.0, 22.5), 5.0)),
            (GEAR, rounded_polygon(&gear(8, 48.0, 40.0), 1.5)),
        ];
        for (written, computed) in cases {
            assert_eq!(written, computed);
        }
    }

    #[test]
    fn numbers_are_written_to_a_tenth() {
        assert_eq!(num(50.0), "50");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(12.36), "12.4");
        assert_eq!(num(-4.0), "-4");
        assert_eq!(num(-0.25), "-0.3");
        assert_eq!(num(0.04), "0");
    }

    /// Every number in a path, as (x, y) pairs (arc commands mix in radii
    /// and flags, which also lie inside the box).
    fn numbers(path: &str) -> Vec<f64> {
        path.split(|c: char| c.is_ascii_alphabetic() || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<f64>().expect("a number"))
            .collect()
    }

    #[test]
    fn every_spl_shape_has_its_own_closed_outline_inside_its_box() {
        let mut seen = Vec::new();
        for &shape in Shape::ALL {
            let o = outline(shape);
            assert!(o.path.starts_with('M') && o.path.ends_with('Z'), "{shape}");
            for v in numbers(o.path) {
                assert!((0.0..=o.width).contains(&v), "{shape}: {v} outside the box");
            }
            let a = o.text_area;
            assert!(
                a.x0 > 0.0 && a.y0 > 0.0 && a.x1 < o.width && a.y1 < HEIGHT,
                "{shape}"
            );
            assert!(
                a.width() > 30.0 && a.height() > 20.0,
                "{shape}: no room for text"
            );
            assert!(!seen.contains(&o.path), "{shape} looks like another shape");
            seen.push(o.path);
        }
        assert_eq!(seen.len(), 19);
    }

    #[test]
    fn long_shapes_are_wide_and_round_ones_square() {
        assert!(outline(Shape::Capsule).is_wide());
        assert!(outline(Shape::Oval).is_wide());
        assert!(!outline(Shape::Round).is_wide());
        assert!(!outline(Shape::Triangle).is_wide());
    }

    fn product(id: &str) -> &'static Product {
        catalog()
            .product(id)
            .unwrap_or_else(|| panic!("{id} is in the database"))
    }

    fn face(lines: &[&str], scored: bool) -> Face {
        Face {
            lines: lines.iter().map(|s| s.to_string()).collect(),
            scored,
        }
    }

    #[test]
    fn the_faces_the_database_gives_are_drawn_as_given() {
        // “1285” on one side and break line on the other side.
        assert_eq!(
            faces(product("zydus-1285")),
            [face(&["1285"], false), face(&[], true)]
        );
        // “LCI” over “1330” on one side and plain on the other side; NLM's
        // photo shows the bisect on the LCI / 1330 side.
        assert_eq!(
            faces(product("chartwell-lci-1330")),
            [face(&["LCI", "1330"], true), face(&[], false)]
        );
        // "10" on the unscored side and "SP" above and "351" below the score.
        assert_eq!(
            faces(product("kemstro-odt-10")),
            [face(&["10"], false), face(&["SP", "351"], true)]
        );
    }

    #[test]
    fn without_faces_in_the_database_the_first_part_is_the_front() {
        // “Imprinted With "Kp02" And "10"”: no side given.
        assert_eq!(
            faces(product("imprint-kp02-10")),
            [face(&["KP02"], false), face(&["10"], true)]
        );
        assert_eq!(
            faces(product("imprint-u-343")),
            [face(&["U 343"], false), face(&[], true)]
        );
        assert_eq!(
            faces(product("imprint-mx-24")),
            [face(&["MX 24"], false), face(&[], true)]
        );
        assert!(!score_face_known(product("imprint-kp02-10")));
    }

    /// LCI 1337: faces given, scored, but no source says on which face the
    /// score line is. It is drawn on the plain face, face not known.
    #[test]
    fn a_scored_tablet_always_has_a_score_line_drawn() {
        assert_eq!(
            faces(product("chartwell-lci-1337")),
            [face(&["LCI", "1337"], false), face(&[], true)]
        );
        assert!(!score_face_known(product("chartwell-lci-1337")));
        assert!(score_face_known(product("chartwell-lci-1330")));
        for p in &catalog().products {
            let drawn = faces(p).iter().filter(|f| f.scored).count();
            assert_eq!(
                drawn,
                usize::from(is_scored(p) || score_face_known(p)),
                "{}",
                p.id
            );
        }
    }

    #[test]
    fn every_product_shows_every_part_of_its_imprint_once() {
        for p in &catalog().products {
            let [a, b] = faces(p);
            let mut drawn: Vec<String> = a.lines.into_iter().chain(b.lines).collect();
            let mut parts: Vec<String> = imprint::parts(&p.imprint).map(str::to_owned).collect();
            drawn.sort();
            parts.sort();
            assert_eq!(drawn, parts, "{}", p.id);
        }
    }

    #[test]
    fn text_stays_inside_the_text_area() {
        for &shape in Shape::ALL {
            let o = outline(shape);
            for f in [
                face(&["KP02"], false),
                face(&["22 65"], true),
                face(&["LCI", "1330"], true),
                face(&["10", "SP", "351"], false),
                face(&["ABCDEFGHIJKL"], false),
            ] {
                let l = layout(&o, &f);
                assert!(l.font_size >= MIN_FONT && l.font_size <= MAX_FONT);
                let a = o.text_area;
                for line in &l.lines {
                    let half = line.text.chars().count() as f64 * CHAR_WIDTH_EM * l.font_size / 2.0;
                    if l.font_size > MIN_FONT {
                        assert!(
                            line.x - half >= a.x0 - 0.5 && line.x + half <= a.x1 + 0.5,
                            "{shape} {line:?}"
                        );
                        assert!(line.y >= a.y0 && line.y <= a.y1, "{shape} {line:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_score_line_splits_the_text_across_it() {
        let round = outline(Shape::Round);
        let l = layout(&round, &face(&["SP", "351"], true));
        let (_, y1, _, y2) = l.score.expect("a score line");
        assert_eq!(y1, y2, "horizontal on a round tablet");
        assert!(l.lines[0].y < y1 && l.lines[1].y > y1);

        let oval = outline(Shape::Oval);
        let l = layout(&oval, &face(&["22 65"], true));
        let (x1, _, x2, _) = l.score.expect("a score line");
        assert_eq!(x1, x2, "across the short way on an oval");
        assert_eq!(l.lines[0].text, "22");
        assert_eq!(l.lines[1].text, "65");
        assert!(l.lines[0].x < x1 && l.lines[1].x > x1);

        assert_eq!(layout(&round, &face(&["1285"], false)).score, None);
    }

    #[test]
    fn short_imprints_are_not_drawn_huge_and_long_ones_shrink() {
        let round = outline(Shape::Round);
        let short = layout(&round, &face(&["E"], false)).font_size;
        let long = layout(&round, &face(&["BAC 10"], false)).font_size;
        assert_eq!(short, MAX_FONT);
        assert!(long < short);
    }

    #[test]
    fn the_imprint_is_written_in_the_ink_that_contrasts_most() {
        for &c in Color::ALL {
            let chosen = contrast(c.swatch(), ink(c));
            let other = contrast(
                c.swatch(),
                if ink(c) == DARK_INK {
                    LIGHT_INK
                } else {
                    DARK_INK
                },
            );
            assert!(chosen >= other, "{c}: {chosen:.2} < {other:.2}");
            assert!(chosen >= 3.0, "{c}: contrast {chosen:.2}");
        }
    }
}
