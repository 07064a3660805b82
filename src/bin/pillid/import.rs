//! `pillid import`: read DailyMed SPL XML labels and merge their oral
//! baclofen tablets into a database file.
//!
//! All or nothing: every file is read and checked first, then merged, then
//! the result validated; only when all of that succeeded is the database
//! written, to a temporary file in the same directory that is then renamed
//! over the target. A failure anywhere (an unreadable or malformed file, an
//! invalid database, a conflicting NDC) writes nothing and leaves the
//! `--out` file exactly as it was.
//!
//! Exit codes: 0 success, 1 failure (nothing written), 2 bad usage (clap).
use pillid::catalog::Catalog;
use pillid::spl::{self, ImportedLabel, MergeOutcome, MAX_SPL_BYTES};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What a database file created by `pillid import` says about itself.
const NEW_DATABASE_ABOUT: &str =
    "Baclofen tablets imported from DailyMed SPL labels by `pillid import`.";

/// Arguments of `pillid import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SPL XML files to read. If any of them cannot be read, nothing is
    /// written.
    #[arg(required = true, value_name = "FILE.xml")]
    files: Vec<PathBuf>,
    /// Database file to create or merge into (written atomically).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    match import(&args) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("pillid import: {e}");
            }
            eprintln!(
                "pillid import: nothing written; {} is unchanged",
                args.out.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Does the whole import; returns the report to print, or every error.
fn import(args: &Args) -> Result<String, Vec<String>> {
    let mut catalog = load_target(&args.out).map_err(|e| vec![e])?;
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        match read_label(path) {
            Ok(label) => labels.push((path, label)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut report = String::new();
    let mut counts = [0usize; 3]; // new products, labelers added, labelers updated
    for (path, label) in labels {
        let outcomes = merge_label(&mut catalog, &label)
            .map_err(|e| vec![format!("{}: {e}", path.display())])?;
        describe_label(&mut report, path, &label, &outcomes, &mut counts);
    }
    let problems = catalog.problems();
    if !problems.is_empty() {
        return Err(problems
            .into_iter()
            .map(|p| format!("the merged database would be invalid: {p}"))
            .collect());
    }
    write_atomically(&args.out, &catalog.to_json()).map_err(|e| vec![e])?;
    report.push_str(&format!(
        "wrote {}: {} products (new products: {}, labelers added: {}, labelers updated: {})\n",
        args.out.display(),
        catalog.products.len(),
        counts[0],
        counts[1],
        counts[2],
    ));
    Ok(report)
}

/// The database to merge into: the `--out` file if it exists, else a new,
/// empty one (whose directory must exist).
fn load_target(out: &Path) -> Result<Catalog, String> {
    match fs::read_to_string(out) {
        Ok(text) => Catalog::from_json(&text).map_err(|problems| {
            format!(
                "{} is not a valid pillid database, so nothing was merged into it:\n  {}",
                out.display(),
                problems.join("\n  ")
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let dir = parent_dir(out);
            if dir.is_dir() {
                Ok(Catalog {
                    about: Some(NEW_DATABASE_ABOUT.to_owned()),
                    as_of: None,
                    products: Vec::new(),
                    unplaced: Vec::new(),
                })
            } else {
                Err(format!(
                    "cannot create {}: directory {} does not exist",
                    out.display(),
                    dir.display()
                ))
            }
        }
        Err(e) => Err(format!("cannot read {}: {e}", out.display())),
    }
}

/// The directory a path is in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Reads at most [`MAX_SPL_BYTES`] + 1 bytes of a file and imports it.
fn read_label(path: &Path) -> Result<ImportedLabel, String> {
    let name = path.display();
    let file = fs::File::open(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(format!("{name}: is a directory, not an SPL file"));
        }
        if meta.len() > MAX_SPL_BYTES as u64 {
            return Err(format!(
                "{name}: the file is {} bytes, more than the {} MB limit for one SPL label \
                 (MAX_SPL_BYTES); DailyMed labels are far smaller, so this is not a single label",
                meta.len(),
                MAX_SPL_BYTES / (1024 * 1024)
            ));
        }
    }
    // Read one byte past the limit so that a file that grows, or a device
    // that never ends, is still caught by the parser's size check.
    let mut bytes = Vec::new();
    file.take(MAX_SPL_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    spl::import_spl(&bytes).map_err(|e| format!("{name}: {e}"))
}

/// Merges every product of one label; the first conflict stops the import.
fn merge_label(catalog: &mut Catalog, label: &ImportedLabel) -> Result<Vec<MergeOutcome>, String> {
    label
        .products
        .iter()
        .map(|p| spl::merge(catalog, p.clone()))
        .collect()
}

/// Appends one file's summary: what was kept (and where it went), what was
/// skipped and why, and warnings.
fn describe_label(
    report: &mut String,
    path: &Path,
    label: &ImportedLabel,
    outcomes: &[MergeOutcome],
    counts: &mut [usize; 3],
) {
    report.push_str(&format!(
        "{}: {}, set id {}{}{}: kept {} product{}, skipped {}\n",
        path.display(),
        label.labeler,
        label.set_id,
        label
            .version
            .as_deref()
            .map(|v| format!(", version {v}"))
            .unwrap_or_default(),
        label
            .effective
            .as_deref()
            .map(|d| format!(", effective {d}"))
            .unwrap_or_default(),
        label.products.len(),
        if label.products.len() == 1 { "" } else { "s" },
        label.skipped.len(),
    ));
    for (p, outcome) in label.products.iter().zip(outcomes) {
        let l = &p.labelers[0];
        let colors: Vec<&str> = p.colors.iter().map(|c| c.spl_name()).collect();
        report.push_str(&format!(
            "  kept: {} {} {} `{}` {} {}, NDC {}{}, {} → {}\n",
            p.drug,
            p.strength,
            p.dosage_form.spl_name(),
            p.imprint,
            colors.join("/"),
            p.shape,
            l.ndc.as_deref().unwrap_or("(none)"),
            l.source_ndc
                .as_deref()
                .map(|s| format!(" (repackages {s})"))
                .unwrap_or_default(),
            format!("{:?}", l.role).to_lowercase(),
            outcome.action,
        ));
        for note in &outcome.notes {
            report.push_str(&format!("    note: {note}\n"));
        }
        match outcome.action {
            spl::MergeAction::NewProduct(_) => counts[0] += 1,
            spl::MergeAction::AddedLabeler(_) => counts[1] += 1,
            spl::MergeAction::UpdatedLabeler(_) => counts[2] += 1,
            spl::MergeAction::KeptNewer(_) => {}
        }
    }
    for why in &label.skipped {
        report.push_str(&format!("  skipped: {why}\n"));
    }
    for warning in &label.warnings {
        report.push_str(&format!("  warning: {warning}\n"));
    }
}

/// Writes `text` to a new temporary file beside `out`, flushes it to disk
/// and renames it over `out`, so `out` is either the old file or the whole
/// new one, never half-written.
fn write_atomically(out: &Path, text: &str) -> Result<(), String> {
    let dir = parent_dir(out);
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| format!("{} is not a file name", out.display()))?;
    let temp = dir.join(format!(
        ".{file_name}.pillid-import-{}.tmp",
        std::process::id()
    ));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temp, out)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temp);
        format!("cannot write {}: {e}", out.display())
    })
}
