//! `pillid identify`: rank the database against a typed imprint.

use pillid::imprint::MAX_INPUT_CHARS;
use pillid::matcher::{self, display_imprint, Identification, Query};
use pillid::report::{Report, DISCLAIMER};
use pillid::text::{self, Style};
use pillid::vocab::{Color, Shape};
use pillid::wording;
use std::fmt::Write;
use std::process::ExitCode;

/// Arguments of `pillid identify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Tablet shape, an SPL shape word (ROUND, OVAL, CAPSULE, ...).
    #[arg(long, value_name = "SHAPE", value_parser = parse_shape)]
    shape: Option<Shape>,
    /// Tablet colour, an SPL colour word (WHITE, YELLOW, ...).
    #[arg(long, visible_alias = "colour", value_name = "COLOR", value_parser = parse_color)]
    color: Option<Color>,
    /// The tablet's longest side in whole millimetres, if measured: a
    /// difference of more than 1 mm counts against a tablet, like a wrong
    /// colour.
    #[arg(long, value_name = "MM", value_parser = clap::value_parser!(u32).range(1..=50))]
    size: Option<u32>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Look up the tablets recorded under a National Drug Code instead
    /// (`70710-1285`, `70710-1285-01`, `7071012850`): what the tablet from a
    /// stock bottle should look like. Repackagers' NDCs count too.
    #[arg(long, value_name = "NDC", value_parser = parse_ndc, conflicts_with = "imprint")]
    ndc: Option<String>,
    /// What is printed on the tablet, sides in any order (`KP02 10`).
    #[arg(required_unless_present = "ndc", value_name = "IMPRINT", num_args = 1..)]
    imprint: Vec<String>,
}

fn parse_ndc(text: &str) -> Result<String, String> {
    matcher::ndc_product_codes(text)
        .map(|_| text.trim().to_owned())
        .ok_or_else(|| {
            format!(
                "`{text}` is not an NDC: write it as labeler-product(-package) with dashes \
                 (70710-1285-01), or its 10 or 11 digits"
            )
        })
}

fn parse_shape(word: &str) -> Result<Shape, String> {
    Shape::from_word(word).ok_or_else(|| {
        format!(
            "unknown shape `{word}`; valid shapes: {}",
            Shape::valid_words()
        )
    })
}

fn parse_color(word: &str) -> Result<Color, String> {
    Color::from_word(word).ok_or_else(|| {
        format!(
            "unknown colour `{word}`; valid colours: {}",
            Color::valid_words()
        )
    })
}

pub fn run(args: Args) -> ExitCode {
    let query = Query {
        imprint: args.ndc.unwrap_or_else(|| args.imprint.join(" ")),
        shape: args.shape,
        color: args.color,
        size_mm: args.size,
    };
    let id = matcher::identify(&query);
    if args.json {
        match serde_json::to_string_pretty(&Report::new(&id)) {
            Ok(json) => crate::emit_json("identify", &(json + "\n")),
            Err(e) => {
                crate::complain("identify", &format!("could not write JSON: {e}"));
                ExitCode::FAILURE
            }
        }
    } else {
        crate::emit("identify", &table(&id))
    }
}

/// The query as typed, safe to echo on one line of a terminal: control
/// characters and invisible direction or width marks (an escape sequence
/// could rewrite the screen, U+202E reverses what follows), line breaks
/// included, are shown escaped (`\u{1b}`), and pasted text is cut where the
/// matcher stopped reading it.
fn shown_query(raw: &str) -> String {
    let read: String = raw.chars().take(MAX_INPUT_CHARS).collect();
    let mut shown = text::escape(&read, Style::OneLine).into_owned();
    if raw.chars().nth(MAX_INPUT_CHARS).is_some() {
        shown.push('…');
    }
    shown
}

/// The human-readable answer: verdict, then one block per candidate.
fn table(id: &Identification<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail. First the answer in the page's
    // banner words, then what it rests on.
    let banner = wording::banner(id);
    let _ = writeln!(out, "{}", banner.heading);
    if let Some(detail) = &banner.detail {
        let _ = writeln!(out, "{detail}");
    }
    let _ = writeln!(out, "Query: {}", shown_query(&id.query));
    for n in &id.notices {
        let _ = writeln!(out, "Note: {n}");
    }
    let _ = writeln!(out, "{}", wording::verdict_line(id.verdict));
    if id.verdict == pillid::matcher::Verdict::NoMatch && !id.parsed.text.is_empty() {
        if let Some(closest) = wording::closest_line(id) {
            let _ = writeln!(out, "{closest}");
        }
        let _ = writeln!(out, "{}:", wording::READING_TIPS_TITLE);
        for tip in wording::READING_TIPS {
            let _ = writeln!(out, "  - {tip}");
        }
    }
    if !id.candidates.is_empty() {
        let _ = writeln!(
            out,
            "\n{:>2}  {:>5}  {:<6}  {:<16} {:<8} {:<6} {:<8} {:<7} Manufacturer",
            "#", "Score", "Conf.", "Imprint", "Strength", "Form", "Shape", "Colour"
        );
    }
    for (i, c) in id.candidates.iter().enumerate() {
        let p = c.product;
        let maker = wording::manufacturer(&p.manufacturer);
        let form = wording::dosage_form_short(&p.dosage_form);
        let _ = writeln!(
            out,
            "{:>2}  {:>5.2}  {:<6}  {:<16} {:<8} {:<6} {:<8} {:<7} {}",
            i + 1,
            c.score,
            c.confidence.as_str(),
            display_imprint(&p.imprint),
            p.strength.to_string(),
            form,
            p.shape.spl_name(),
            p.colors.first().map_or("", |c| c.spl_name()),
            maker
        );
        if !p.labelers.is_empty() {
            let list: Vec<String> = p
                .labelers
                .iter()
                .map(|l| {
                    let ndc = l.ndc.as_deref().unwrap_or("no NDC");
                    if wording::link_unconfirmed(l.confidence) {
                        format!("{} ({ndc}, {})", l.name, wording::LINK_NOT_CONFIRMED)
                    } else {
                        format!("{} ({ndc})", l.name)
                    }
                })
                .collect();
            let _ = writeln!(out, "      sold by: {}", list.join("; "));
        }
        if p.former_imprint {
            let _ = writeln!(out, "      note: {}", wording::FORMER_IMPRINT);
        }
        for w in &c.why {
            let _ = writeln!(out, "      why: {w}");
        }
        for w in &c.warnings {
            let _ = writeln!(out, "      WARNING: {w}");
        }
    }
    let _ = writeln!(out, "\n{DISCLAIMER}");
    out
}
