//! `pillid identify`: rank the database against a typed imprint.

use pillid::matcher::{self, display_imprint, Query, Verdict};
use pillid::report::{Report, DISCLAIMER};
use pillid::vocab::{Color, Shape};
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
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// What is printed on the tablet, sides in any order (`KP02 10`).
    #[arg(required = true, value_name = "IMPRINT", num_args = 1.., allow_hyphen_values = true)]
    imprint: Vec<String>,
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
        imprint: args.imprint.join(" "),
        shape: args.shape,
        color: args.color,
    };
    let id = matcher::identify(&query);
    if args.json {
        let report = Report::new(&id);
        match serde_json::to_string_pretty(&report) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("pillid identify: could not write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
        return ExitCode::SUCCESS;
    }
    println!("Query: {}", id.query);
    for n in &id.notices {
        println!("Note: {n}");
    }
    println!(
        "{}",
        match id.verdict {
            Verdict::Match => "Verdict: MATCH (one confident identification)",
            Verdict::Possible => "Verdict: POSSIBLE MATCHES (none confident)",
            Verdict::NoMatch =>
                "Verdict: NO MATCH. No baclofen product in the database matches this imprint: do not assume what it is; check the label or ask a pharmacist.",
        }
    );
    if !id.candidates.is_empty() {
        println!();
        println!(
            "{:>2}  {:>5}  {:<6}  {:<16} {:>5}  {:<8} {:<7} {:<8} Manufacturer",
            "#", "Score", "Conf.", "Imprint", "mg", "Form", "Shape", "Colour"
        );
        for (i, c) in id.candidates.iter().enumerate() {
            let p = c.product;
            let maker = match (&p.manufacturer.name, p.manufacturer.confirmed) {
                (Some(n), true) => n.clone(),
                (Some(n), false) => format!("{n} (not confirmed)"),
                (None, _) => "not confirmed".to_owned(),
            };
            let form = match p.dosage_form {
                pillid::catalog::DosageForm::Tablet => "tablet",
                pillid::catalog::DosageForm::OrallyDisintegratingTablet => "ODT",
            };
            println!(
                "{:>2}  {:>5.2}  {:<6}  {:<16} {:>5}  {:<8} {:<7} {:<8} {}",
                i + 1,
                c.score,
                c.confidence.as_str(),
                display_imprint(&p.imprint),
                p.strength_mg,
                form,
                p.shape.spl_name(),
                p.colors.first().map_or("", |c| c.spl_name()),
                maker
            );
            if !p.labelers.is_empty() {
                let list: Vec<String> = p
                    .labelers
                    .iter()
                    .map(|l| format!("{} {}", l.name, l.ndc.as_deref().unwrap_or("(no NDC)")))
                    .collect();
                println!("      Sold by: {}", list.join("; "));
            }
            for w in &c.why {
                println!("      why: {w}");
            }
            for w in &c.warnings {
                println!("      WARNING: {w}");
            }
        }
    }
    println!();
    println!("{DISCLAIMER}");
    ExitCode::SUCCESS
}
