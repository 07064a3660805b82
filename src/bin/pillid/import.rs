//! `pillid import`: read DailyMed SPL XML labels and merge their oral
//! tablets of one drug (`--drug`, baclofen unless told) into a database
//! file.
//!
//! All or nothing: every file is read and checked first, then merged, then
//! the result validated; only when all of that succeeded is the database
//! written, to a temporary file in the same directory that is then renamed
//! over the target. A failure anywhere (an unreadable or malformed file, an
//! invalid database, a conflicting NDC) writes nothing and leaves the
//! `--out` file exactly as it was.
//!
//! One writer at a time: reading the database, merging and writing it
//! happen under an exclusive lock on a lock file beside it (`.NAME.lock`).
//! A second import of the same database waits for the first (at most
//! `--lock-timeout` seconds, then it refuses and writes nothing), and reads
//! the database only once it holds the lock, so it merges into what the
//! first one wrote. The lock is released when the process ends, however it
//! ends; the lock file stays (removing it could let two runs lock two
//! different files).
//!
//! The `--out` file: a symbolic link is written through to its target (the
//! link stays a link); the file keeps its permissions; a read-only file, a
//! directory, a named pipe, a device or a socket is refused, and so is a
//! database larger than [`MAX_DATABASE_BYTES`]. The temporary file has a
//! random name and is created exclusively (never through an existing
//! name); it is removed on every error path, and pillid never deletes a file
//! it did not create. Labels are read from regular files only.
//!
//! Exit codes: 0 success, 1 failure (nothing written), 2 bad usage (clap).
use pillid::catalog::merge::{MergeAction, MergeOutcome, Merger};
use pillid::catalog::Catalog;
use pillid::spl::{self, ImportedLabel, MAX_SPL_BYTES};
use std::ffi::OsString;
use std::fs::{self, File, Metadata, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Largest database file read, in bytes (64 MiB). The embedded database is
/// under 100 KB; every oral solid of DailyMed (about 45,000 products, under
/// a kilobyte each in this format) would be about 40 MB. A larger `--out` is
/// not a pillid database, and reading it (or `/dev/zero`) would only use up
/// memory.
pub const MAX_DATABASE_BYTES: u64 = 64 * 1024 * 1024;

/// How long a second import waits for the lock by default, in seconds: an
/// import takes well under a second, so a longer wait means the other run is
/// stuck (or waiting on a slow disk) and a person should look.
const DEFAULT_LOCK_TIMEOUT_SECS: u64 = 30;

/// How often a waiting import tries the lock again.
const LOCK_POLL: Duration = Duration::from_millis(20);

/// The temporary file's name: `.pillid-import-XXXXXXXX.tmp`, random and
/// short, so that it never makes a long `--out` name too long.
const TEMP_PREFIX: &str = ".pillid-import-";
const TEMP_SUFFIX: &str = ".tmp";

/// Longest file name most file systems accept, in bytes.
const MAX_FILE_NAME_BYTES: usize = 255;

/// What a database file created by `pillid import` says about itself.
fn new_database_about(drug: &str) -> String {
    format!("Tablets of {drug} imported from DailyMed SPL labels by `pillid import`.")
}

/// Arguments of `pillid import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SPL XML files to read. If any of them cannot be read, nothing is
    /// written.
    #[arg(required = true, value_name = "FILE.xml")]
    files: Vec<PathBuf>,
    /// Database file to create or merge into (written atomically; a
    /// symbolic link is written through to its target).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The drug whose tablets are kept: products whose only active
    /// ingredient is this drug (its words, as whole words of the
    /// ingredient's name).
    #[arg(long, value_name = "NAME", default_value = "baclofen", value_parser = spl::drug_name)]
    drug: String,
    /// How long to wait, in seconds, while another `pillid import` is
    /// writing the same database, before giving up (writing nothing).
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_LOCK_TIMEOUT_SECS)]
    lock_timeout: u64,
}

pub fn run(args: Args) -> ExitCode {
    match import(&args) {
        Ok(report) => {
            let code = crate::emit("import", &report);
            if code != ExitCode::SUCCESS {
                crate::complain(
                    "import",
                    "(the database was written; only this report was lost)",
                );
            }
            code
        }
        Err(errors) => {
            for e in errors {
                crate::complain("import", &e);
            }
            let state = if fs::symlink_metadata(&args.out).is_ok() {
                "is unchanged"
            } else {
                "was not created"
            };
            crate::complain(
                "import",
                &format!("nothing written; {} {state}", args.out.display()),
            );
            ExitCode::FAILURE
        }
    }
}

/// Does the whole import; returns the report to print, or every error.
fn import(args: &Args) -> Result<String, Vec<String>> {
    let out = OutFile::resolve(&args.out).map_err(|e| vec![e])?;
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        match read_label(path, &args.drug) {
            Ok(label) => labels.push((path, label)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    // From here to the rename, no other import may touch the database.
    let _lock =
        DbLock::acquire(&out, Duration::from_secs(args.lock_timeout)).map_err(|e| vec![e])?;
    let (mut catalog, existing) = out.load(&args.drug).map_err(|e| vec![e])?;
    let mut report = String::new();
    let mut counts = [0usize; 3]; // new products, labelers added, labelers updated
    let mut merger = Merger::new(&mut catalog);
    for (path, label) in labels {
        let outcomes = label
            .products
            .iter()
            .map(|p| merger.merge(p.clone()))
            .collect::<Result<Vec<MergeOutcome>, String>>()
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
    out.write(&catalog.to_json(), existing.as_ref())
        .map_err(|e| vec![e])?;
    report.push_str(&format!(
        "wrote {}{}: {} products (new products: {}, labelers added: {}, labelers updated: {})\n",
        out.given.display(),
        out.link_note(),
        catalog.products.len(),
        counts[0],
        counts[1],
        counts[2],
    ));
    if let Some(note) = existing.as_ref().and_then(hard_link_note) {
        report.push_str(&note);
    }
    if let Some(note) = out.leftovers_note() {
        report.push_str(&note);
    }
    Ok(report)
}

/// The directory a path is in (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// What a file that is not a regular file is, in words, or `None` for a
/// regular file.
fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// True when two metadata describe the same file (on Unix: same device and
/// inode), so that what was opened is what was checked.
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.file_type() == b.file_type()
    }
}

/// A file's permission bits for messages, e.g. ` (mode 0444)`.
fn mode_words(meta: &Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        format!(" (mode {:04o})", meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        String::new()
    }
}

/// A note when the replaced file had other hard links: the new database
/// replaces this name only.
fn hard_link_note(meta: &Metadata) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.nlink() > 1).then(|| {
            format!(
                "note: the old file had {} hard links; the other names still show the old \
                 database\n",
                meta.nlink()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// The `--out` database: the name given, and the file it really is.
struct OutFile {
    /// As given on the command line, for messages.
    given: PathBuf,
    /// The file written: `given`, or the target of the symbolic link it is.
    target: PathBuf,
    /// The directory of `target`, where the temporary and lock files go.
    dir: PathBuf,
}

impl OutFile {
    /// Finds where the database really is and checks what can be checked
    /// before taking the lock: its directory exists, and an existing file is
    /// a regular file.
    fn resolve(given: &Path) -> Result<OutFile, String> {
        let name = given.display();
        let target = match fs::symlink_metadata(given) {
            Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(given).map_err(|e| {
                format!(
                    "{name} is a symbolic link whose target cannot be reached ({e}); pillid \
                     writes through a link only to an existing database"
                )
            })?,
            Ok(_) => given.to_path_buf(),
            Err(e) if e.kind() == ErrorKind::NotFound => given.to_path_buf(),
            Err(e) => return Err(format!("cannot read {name}: {e}")),
        };
        if target.file_name().is_none() {
            return Err(format!("{name} is not a file name"));
        }
        let dir = parent_dir(&target).to_path_buf();
        match fs::metadata(&target) {
            Ok(meta) => {
                if let Some(kind) = not_regular(&meta) {
                    return Err(format!(
                        "{name} is {kind}, not a database file; pillid reads and replaces \
                         regular files only"
                    ));
                }
            }
            Err(_) if !dir.is_dir() => {
                return Err(format!(
                    "cannot create {name}: directory {} does not exist",
                    dir.display()
                ))
            }
            Err(_) => {}
        }
        Ok(OutFile {
            given: given.to_path_buf(),
            target,
            dir,
        })
    }

    /// ` (→ target)` when `--out` is a symbolic link.
    fn link_note(&self) -> String {
        if self.target == self.given {
            String::new()
        } else {
            format!(" (→ {})", self.target.display())
        }
    }

    /// The lock file: `.NAME.lock` beside the database, or, when that name
    /// would be too long, `.pillid-HASH.lock` from the database's name.
    fn lock_path(&self) -> PathBuf {
        let name = self.target.file_name().unwrap_or_default();
        let bytes = name.as_encoded_bytes();
        let mut lock = OsString::from(".");
        if bytes.len() + ".".len() + ".lock".len() <= MAX_FILE_NAME_BYTES {
            lock.push(name);
        } else {
            // FNV-1a: the same long name always gives the same lock file.
            let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            lock.push(format!("pillid-{hash:016x}"));
        }
        lock.push(".lock");
        self.dir.join(lock)
    }

    /// Reads the database (under the lock): the existing file, checked to be
    /// a writable regular file of at most [`MAX_DATABASE_BYTES`], with its
    /// metadata; or a new, empty database when there is none.
    fn load(&self, drug: &str) -> Result<(Catalog, Option<Metadata>), String> {
        let name = self.given.display();
        let meta = match fs::metadata(&self.target) {
            Ok(meta) => meta,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let catalog = Catalog {
                    about: Some(new_database_about(drug)),
                    ..Catalog::default()
                };
                return Ok((catalog, None));
            }
            Err(e) => return Err(format!("cannot read {name}: {e}")),
        };
        // Checked before opening: opening a named pipe could wait forever.
        if let Some(kind) = not_regular(&meta) {
            return Err(format!(
                "{name} is {kind}, not a database file; pillid reads and replaces regular files \
                 only"
            ));
        }
        let read_only = format!(
            "{name} is read-only{}: pillid does not replace a file it may not write; make it \
             writable first or choose another --out",
            mode_words(&meta)
        );
        if meta.permissions().readonly() {
            return Err(read_only);
        }
        match OpenOptions::new().write(true).open(&self.target) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::PermissionDenied => return Err(read_only),
            Err(e) => return Err(format!("cannot write {name}: {e}")),
        }
        let too_big = |len: u64| {
            format!(
                "{name} is {len} bytes or more, larger than the {} MiB a pillid database may be \
                 (MAX_DATABASE_BYTES); it is not a pillid database, so nothing was merged into it",
                MAX_DATABASE_BYTES / (1024 * 1024)
            )
        };
        if meta.len() > MAX_DATABASE_BYTES {
            return Err(too_big(meta.len()));
        }
        let file = File::open(&self.target).map_err(|e| format!("cannot read {name}: {e}"))?;
        let opened = file
            .metadata()
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if !opened.is_file() || !same_file(&meta, &opened) {
            return Err(format!(
                "{name} was replaced while pillid was opening it; try again"
            ));
        }
        let mut bytes = Vec::new();
        file.take(MAX_DATABASE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if bytes.len() as u64 > MAX_DATABASE_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        let invalid = |problems: Vec<String>| {
            format!(
                "{name} is not a valid pillid database, so nothing was merged into it:\n  {}",
                problems.join("\n  ")
            )
        };
        let text = String::from_utf8(bytes)
            .map_err(|e| invalid(vec![format!("it is not UTF-8 text ({e})")]))?;
        let catalog = Catalog::from_json(&text).map_err(invalid)?;
        Ok((catalog, Some(opened)))
    }

    /// Writes `text` to a new temporary file beside the database (random
    /// name, created exclusively, with the old file's permissions), flushes
    /// it to disk and renames it over the database, so the database is
    /// either the old file or the whole new one, never half-written. On any
    /// error the temporary file is removed; nothing else is.
    fn write(&self, text: &str, existing: Option<&Metadata>) -> Result<(), String> {
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .rand_bytes(8);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A new database gets what a newly created file gets (0666 less
            // the umask); an existing one, its own mode (set exactly below).
            let mode = existing.map_or(0o666, |m| m.permissions().mode() & 0o7777);
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        let mut temp = builder.tempfile_in(&self.dir).map_err(|e| {
            format!(
                "cannot create a temporary file in {}: {e}",
                self.dir.display()
            )
        })?;
        let written = (|| {
            temp.write_all(text.as_bytes())?;
            if let Some(meta) = existing {
                temp.as_file().set_permissions(meta.permissions())?;
            }
            temp.as_file().sync_all()
        })();
        if let Err(e) = written {
            // Dropping `temp` removes the file it created.
            return Err(format!(
                "cannot write the temporary file {}: {e}",
                temp.path().display()
            ));
        }
        temp.persist(&self.target).map_err(|e| {
            format!(
                "cannot replace {} with the new database: {}",
                self.given.display(),
                e.error
            )
        })?;
        // The rename is only durable once the directory is on disk too.
        if let Ok(dir) = File::open(&self.dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// A note naming temporary files that interrupted imports (killed, or
    /// the machine stopped) left in the database's directory. pillid does
    /// not delete them: it cannot know they are not another run's.
    fn leftovers_note(&self) -> Option<String> {
        let mut names: Vec<String> = fs::read_dir(&self.dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
            .collect();
        if names.is_empty() {
            return None;
        }
        names.sort();
        let shown = names.len().min(3);
        let more = if names.len() > shown { ", …" } else { "" };
        Some(format!(
            "note: {} holds {} temporary file{} of interrupted imports ({}{more}); remove them \
             when no import is running\n",
            self.dir.display(),
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            names[..shown].join(", ")
        ))
    }
}

/// The exclusive lock on a database's lock file, held until dropped (or the
/// process ends, however it ends: the system releases it).
struct DbLock {
    _file: File,
}

impl DbLock {
    /// Takes the lock, waiting at most `timeout` for another import to
    /// release it.
    fn acquire(out: &OutFile, timeout: Duration) -> Result<DbLock, String> {
        let path = out.lock_path();
        let shown = path.display();
        if let Ok(meta) = fs::symlink_metadata(&path) {
            if !meta.file_type().is_file() {
                return Err(format!(
                    "{shown}, the lock file of {}, is not a regular file; remove it and try again",
                    out.given.display()
                ));
            }
        }
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        // A lock file someone else created may be read-only to us; a shared
        // reading handle locks just as well.
        let file = match opened {
            Err(e) if e.kind() == ErrorKind::PermissionDenied => File::open(&path),
            other => other,
        }
        .map_err(|e| format!("cannot open the lock file {shown}: {e}"))?;
        let deadline = Instant::now() + timeout;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(DbLock { _file: file }),
                Err(TryLockError::WouldBlock) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(format!(
                            "another pillid import is writing {} (it holds the lock file \
                             {shown}); gave up after waiting {} s. Run this import again when \
                             it has finished, or wait longer with --lock-timeout SECONDS",
                            out.given.display(),
                            timeout.as_secs()
                        ));
                    }
                    std::thread::sleep(LOCK_POLL.min(deadline - now));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(format!("cannot lock {shown}: {e}"));
                }
            }
        }
    }
}

/// Reads at most [`MAX_SPL_BYTES`] + 1 bytes of a regular file and imports
/// its tablets of `drug`.
fn read_label(path: &Path, drug: &str) -> Result<ImportedLabel, String> {
    let name = path.display();
    let meta = fs::metadata(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    // Checked before opening: opening a named pipe could wait forever, and
    // a device may never end.
    match not_regular(&meta) {
        None => {}
        Some("a directory") => return Err(format!("{name}: is a directory, not an SPL file")),
        Some(kind) => {
            return Err(format!(
                "{name}: is {kind}, not an SPL file; pillid reads labels from regular files only"
            ))
        }
    }
    let too_big = |len: u64| {
        format!(
            "{name}: the file is {len} bytes, more than the {} MB limit for one SPL label \
             (MAX_SPL_BYTES); DailyMed labels are far smaller, so this is not a single label",
            MAX_SPL_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > MAX_SPL_BYTES as u64 {
        return Err(too_big(meta.len()));
    }
    let file = File::open(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    match file.metadata() {
        Ok(opened) if opened.is_file() && same_file(&meta, &opened) => {}
        _ => return Err(format!("{name}: was replaced while pillid was opening it")),
    }
    // Read one byte past the limit so that a file that grows is still caught
    // by the parser's size check.
    let mut bytes = Vec::new();
    file.take(MAX_SPL_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{name}: cannot read: {e}"))?;
    spl::import_spl(&bytes, drug).map_err(|e| format!("{name}: {e}"))
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
            MergeAction::NewProduct(_) => counts[0] += 1,
            MergeAction::AddedLabeler(_) => counts[1] += 1,
            MergeAction::UpdatedLabeler(_) => counts[2] += 1,
            MergeAction::KeptNewer(_) => {}
        }
    }
    for why in &label.skipped {
        report.push_str(&format!("  skipped: {why}\n"));
    }
    for warning in &label.warnings {
        report.push_str(&format!("  warning: {warning}\n"));
    }
}
