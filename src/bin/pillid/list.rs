//! `pillid list`: print the database, all of it or one strength, as a table
//! for people or as JSON in the database's own format.
//!
//! The table shows, per tablet, what the matcher matches on (imprint, shape,
//! colour) and what a pharmacist checks against the bottle (strength, form,
//! manufacturer, status, labelers and NDCs). Attributions that no label
//! confirms are marked as such, and NDCs whose tablet appearance no source
//! gives are listed in their own section instead of under a tablet.

use pillid::catalog::{catalog, Catalog, Labeler, Product, Strength};
use pillid::matcher::display_imprint;
use pillid::report::DISCLAIMER;
use pillid::wording;
use std::collections::BTreeSet;
use std::process::ExitCode;

/// Arguments of `pillid list`.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
A strength with no tablets in the database is not an error: the table or \
JSON is empty, a note naming the strengths that do exist goes to stderr, \
and the exit code is 0.

With --strength, the JSON leaves out look-alike links to tablets of other \
strengths, so that it is itself a valid database; the table still names \
them.")]
pub struct Args {
    /// Only products (and unplaced NDCs) of this strength, in mg.
    // Negative numbers reach the parser (and its "invalid digit" message
    // about --strength) instead of being taken for an unknown flag.
    #[arg(long, value_name = "MG", allow_negative_numbers = true)]
    strength: Option<u32>,
    /// Print the (filtered) database as JSON, in the same format as
    /// data/baclofen.json.
    #[arg(long)]
    json: bool,
    /// List the tablets of other medicines instead (NLM's RxImage record,
    /// 2009–2016; not complete), so that their imprints are never taken
    /// for baclofen.
    #[arg(long, conflicts_with = "strength")]
    other: bool,
}

pub fn run(args: Args) -> ExitCode {
    let full = catalog();
    if args.other {
        let text = if args.json {
            match serde_json::to_string_pretty(&full.others) {
                Ok(json) => json + "\n",
                Err(e) => {
                    crate::complain("list", &format!("could not write JSON: {e}"));
                    return ExitCode::FAILURE;
                }
            }
        } else {
            other_table(&full.others)
        };
        return crate::emit("list", &text);
    }
    let shown = filter(full, args.strength);
    if let Some(mg) = args.strength {
        if shown.products.is_empty() && shown.unplaced.is_empty() {
            crate::complain(
                "list",
                &format!(
                    "the database has no baclofen {mg} mg entries; strengths present: {}.",
                    strengths(full)
                ),
            );
        }
    }
    if args.json {
        crate::emit_json("list", &shown.to_json())
    } else {
        crate::emit("list", &table(full, args.strength))
    }
}

/// The catalog restricted to one strength (products and unplaced NDCs).
/// Look-alike links to products left out are dropped, so the result is a
/// valid database on its own.
fn filter(full: &Catalog, strength: Option<u32>) -> Catalog {
    let wanted = strength.map(Strength::mg);
    let keep = |s: Option<&Strength>| wanted.is_none() || s == wanted.as_ref();
    let mut products: Vec<Product> = full
        .products
        .iter()
        .filter(|p| keep(Some(&p.strength)))
        .cloned()
        .collect();
    let kept: BTreeSet<String> = products.iter().map(|p| p.id.clone()).collect();
    for p in &mut products {
        p.look_alikes.retain(|id| kept.contains(id));
    }
    Catalog {
        about: full.about.clone(),
        as_of: full.as_of.clone(),
        products,
        unplaced: full
            .unplaced
            .iter()
            .filter(|l| keep(l.strength.as_ref()))
            .cloned()
            .collect(),
        others: Vec::new(),
    }
}

/// The tablets of other medicines, one line each.
fn other_table(others: &[Product]) -> String {
    let mut out = format!(
        "Other medicines: {} tablets from the U.S. National Library of Medicine's RxImage \
         record (photographed 2009–2016). Not complete: a tablet missing here may still be \
         any medicine.\n\n{:<22} {:<8} {:<8} {:<12} {:<5} Medicine (labeler, record)\n",
        others.len(),
        "Imprint",
        "Shape",
        "Colour",
        "NDC",
        "DEA"
    );
    for p in others {
        let ndc = p
            .labelers
            .first()
            .and_then(|l| l.ndc.as_deref())
            .unwrap_or("-");
        out.push_str(&format!(
            "{:<22} {:<8} {:<8} {:<12} {:<5} {} ({})\n",
            display_imprint(&p.imprint),
            p.shape.spl_name(),
            p.colors.first().map_or("", |c| c.spl_name()),
            ndc,
            p.dea_schedule.as_deref().unwrap_or("-"),
            wording::strength(p),
            wording::record_of(p)
        ));
    }
    out.push('\n');
    out.push_str(DISCLAIMER);
    out.push('\n');
    out
}

/// The strengths in the database, e.g. "5 mg, 10 mg, 20 mg".
fn strengths(full: &Catalog) -> String {
    let all: BTreeSet<&Strength> = full
        .products
        .iter()
        .map(|p| &p.strength)
        .chain(full.unplaced.iter().filter_map(|l| l.strength.as_ref()))
        .collect();
    let list: Vec<String> = all.iter().map(ToString::to_string).collect();
    list.join(", ")
}

/// The whole human-readable listing of `full`, or of one strength.
fn table(full: &Catalog, strength: Option<u32>) -> String {
    let c = &filter(full, strength);
    let mut out = String::new();
    if let Some(as_of) = &c.as_of {
        out.push_str(&format!(
            "Data as of {as_of} (when its sources were last read).\n"
        ));
    }
    if let Some(mg) = strength {
        out.push_str(&format!("Only baclofen {mg} mg.\n"));
    }
    let ten = c.products.iter().filter(|p| p.is_usual_strength()).count();
    let of_ten = if strength.is_none() {
        format!(" ({ten} of 10 mg)")
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Baclofen tablets: {} tablet appearances{of_ten}; {} labels or NDCs with no known appearance.\n",
        c.products.len(),
        c.unplaced.len()
    ));
    if !c.products.is_empty() {
        out.push('\n');
        out.push_str(&format!(
            "{:<18} {:<8} {:<6} {:<8} {:<7} {:<5} {:<12} Id\n",
            "Imprint", "Strength", "Form", "Shape", "Colour", "Score", "Status"
        ));
        let mut products: Vec<&Product> = c.products.iter().collect();
        // Grouped by strength, 10 mg first (the strength pillid is built
        // around), then in file order.
        products.sort_by_key(|p| (!p.is_usual_strength(), p.strength.clone()));
        for p in products {
            product_rows(p, full, &mut out);
        }
    }
    if !c.unplaced.is_empty() {
        out.push_str(
            "\nNDCs and labels with no known tablet appearance (not attached to any tablet):\n",
        );
        out.push_str(&format!(
            "{:<38} {:<11} {:<8} {:<12} {:<12} Confidence\n",
            "Labeler", "NDC", "Strength", "Role", "Status"
        ));
        for l in &c.unplaced {
            out.push_str(&format!(
                "{:<38} {:<11} {:<8} {:<12} {:<12} {}\n",
                l.name,
                l.ndc.as_deref().unwrap_or("(no NDC)"),
                l.strength
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), ToString::to_string),
                wording::role(l.role),
                wording::status_short(l.status),
                l.confidence.describe()
            ));
        }
    }
    out.push('\n');
    out.push_str(DISCLAIMER);
    out.push('\n');
    out
}

/// One product: its table row, then indented detail lines. Look-alikes are
/// looked up in the whole database, whatever strength is shown.
fn product_rows(p: &Product, full: &Catalog, out: &mut String) {
    let form = wording::dosage_form_short(&p.dosage_form);
    let colors: Vec<&str> = p.colors.iter().map(|c| c.spl_name()).collect();
    out.push_str(&format!(
        "{:<18} {:<8} {:<6} {:<8} {:<7} {:<5} {:<12} {}\n",
        display_imprint(&p.imprint),
        p.strength.to_string(),
        form,
        p.shape.spl_name(),
        colors.join("/"),
        p.score.map_or_else(|| "-".to_owned(), |s| s.to_string()),
        wording::status_short(p.status),
        p.id
    ));
    if !p.imprint_variants.is_empty() {
        let variants: Vec<String> = p
            .imprint_variants
            .iter()
            .map(|v| display_imprint(v))
            .collect();
        out.push_str(&format!("    also read as: {}\n", variants.join("; ")));
    }
    if let Some(whole) = full.product(&p.id) {
        let twins: Vec<String> = whole
            .look_alikes
            .iter()
            .filter_map(|id| full.product(id))
            .map(|o| format!("{} ({})", display_imprint(&o.imprint), o.strength))
            .collect();
        if !twins.is_empty() {
            out.push_str(&format!("    looks like: {}\n", twins.join("; ")));
        }
    }
    out.push_str(&format!(
        "    manufacturer: {}\n",
        wording::manufacturer_with_lead(&p.manufacturer)
    ));
    if p.labelers.is_empty() {
        out.push_str("    labelers: none known\n");
    }
    for (i, l) in p.labelers.iter().enumerate() {
        let head = if i == 0 { "labelers:" } else { "" };
        out.push_str(&format!("    {head:<10}{}\n", labeler(l)));
    }
    let places: Vec<&str> = p.sources.iter().map(|s| place(&s.url)).collect();
    out.push_str(&format!(
        "    appearance: {}; sources: {}\n",
        p.confidence.describe(),
        places.join(", ")
    ));
}

/// Where a source is, short: the web host, or the seed file path.
fn place(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split('/').next().unwrap_or(rest);
            host.strip_prefix("www.").unwrap_or(host)
        }
        None => url,
    }
}

/// A labeler on one line: name, NDC, role, status, and whether the link to
/// this tablet is inferred.
fn labeler(l: &Labeler) -> String {
    let mut s = format!(
        "{} NDC {} ({}, status {}",
        l.name,
        l.ndc.as_deref().unwrap_or("not known"),
        wording::role(l.role),
        wording::status_short(l.status)
    );
    if let Some(src) = &l.source_ndc {
        s.push_str(&format!(", repackages NDC {src}"));
    }
    if wording::link_unconfirmed(l.confidence) {
        s.push_str(&format!("; {}", wording::LINK_NOT_CONFIRMED));
    }
    s.push(')');
    s
}
