//! `pillid import`: what it keeps from DailyMed SPL labels, how it merges
//! them into a database file, and that any failure leaves the file exactly
//! as it was.
//!
//! The fixtures in `tests/fixtures/spl/` follow the real SPL structure but
//! use made-up companies, NDCs (labeler codes 99901–99904) and set ids.

use pillid::catalog::{dailymed_url, Catalog, Confidence, MarketingStatus, Role};
use pillid::spl::MAX_SPL_BYTES;
use pillid::vocab::{Color, Shape};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const MANUFACTURER_SETID: &str = "aaaaaaaa-0000-4000-8000-00000000a001";
const REPACKAGER_SETID: &str = "bbbbbbbb-0000-4000-8000-00000000b002";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spl")
        .join(name)
}

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "pillid-import-test-{}-{n}-{name}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Names of the files in the directory, sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .expect("list temp dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn pillid_import(files: &[&Path], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pillid"))
        .arg("import")
        .args(files)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run pillid")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn load(path: &Path) -> Catalog {
    let text = fs::read_to_string(path).expect("read output");
    Catalog::from_json(&text).unwrap_or_else(|e| panic!("output is invalid: {e:?}"))
}

/// A database already holding the 10 mg tablet from a secondary source,
/// without labelers, and an unrelated tablet.
const EXISTING: &str = r#"{
  "about": "Existing test database.",
  "products": [
    {
      "id": "existing-tst-110",
      "drug": "baclofen",
      "strength": "10 mg",
      "dosage_form": "TABLET",
      "imprint": "TST;110",
      "colors": ["WHITE"],
      "shape": "ROUND",
      "manufacturer": {"confirmed": false, "lead": "a pill-identifier page", "confidence": "secondary_source"},
      "status": "unknown",
      "confidence": "secondary_source",
      "sources": [{"url": "https://example.org/pill-page"}]
    },
    {
      "id": "existing-other",
      "drug": "baclofen",
      "strength": "5 mg",
      "dosage_form": "TABLET",
      "imprint": "OTHER;5",
      "colors": ["WHITE"],
      "shape": "OVAL",
      "manufacturer": {"confirmed": false, "lead": "none", "confidence": "inferred"},
      "status": "unknown",
      "confidence": "secondary_source",
      "sources": [{"url": "https://example.org/other"}]
    }
  ]
}
"#;

/// Runs a failing import against an existing database and checks that it
/// exits 1, says `expected`, and leaves the database byte-identical with no
/// temporary file behind. Returns stderr.
fn assert_refused(dir: &TempDir, files: &[&Path], expected: &str) -> String {
    let out = dir.path("db.json");
    fs::write(&out, EXISTING).unwrap();
    let before = dir.listing();
    let o = pillid_import(files, &out);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(
        err.contains(expected),
        "stderr should say `{expected}`:\n{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(
        fs::read(&out).unwrap(),
        EXISTING.as_bytes(),
        "database changed"
    );
    assert_eq!(dir.listing(), before, "a file was left behind");
    err
}

#[test]
fn keeps_baclofen_tablets_with_provenance_and_skips_the_rest() {
    let dir = TempDir::new("fixtures");
    let out = dir.path("imported.json");
    let o = pillid_import(
        &[
            &fixture("manufacturer-two-strengths.xml"),
            &fixture("repackager.xml"),
            &fixture("not-baclofen.xml"),
        ],
        &out,
    );
    let report = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(report.contains("manufacturer-two-strengths.xml: Testwell Fixture Pharmaceuticals Inc., set id aaaaaaaa-0000-4000-8000-00000000a001, version 3, effective 20240315: kept 2 products, skipped 0"), "{report}");
    assert!(
        report.contains("repackager.xml: Fixture Repack Services LLC"),
        "{report}"
    );
    assert!(
        report.contains(
            "skipped: `Tizanidine` (NDC 99903-401, line 32): its active ingredient is TIZANIDINE HYDROCHLORIDE, not baclofen"
        ),
        "{report}"
    );
    assert!(report.contains("wrote "), "{report}");

    let db = load(&out);
    assert_eq!(db.products.len(), 2, "one product per distinct tablet");
    assert!(db.unplaced.is_empty());

    let ten = db
        .product("spl-testwell-fixture-tst-110-10")
        .expect("10 mg product");
    assert_eq!(ten.drug, "baclofen");
    assert_eq!(ten.strength, pillid::catalog::Strength::mg(10));
    assert_eq!(ten.imprint, "TST;110", "imprint cleaned to canonical form");
    assert_eq!(ten.colors, [Color::White]);
    assert_eq!(ten.shape, Shape::Round);
    assert_eq!(ten.size_mm, Some(8), "SPLSIZE 8.4 mm rounds to 8");
    assert_eq!(ten.score, Some(2));
    assert_eq!(ten.status, MarketingStatus::Marketed);
    assert_eq!(ten.confidence, Confidence::LabelText);
    assert!(ten.manufacturer.confirmed);
    assert_eq!(
        ten.manufacturer.name.as_deref(),
        Some("Testwell Fixture Pharmaceuticals Inc.")
    );
    let sources: Vec<_> = ten
        .sources
        .iter()
        .filter_map(|s| s.setid.as_deref())
        .collect();
    assert_eq!(sources, [MANUFACTURER_SETID, REPACKAGER_SETID]);

    let [maker, repack] = ten.labelers.as_slice() else {
        panic!(
            "the repackager joins the maker's tablet: {:?}",
            ten.labelers
        )
    };
    assert_eq!(maker.name, "Testwell Fixture Pharmaceuticals Inc.");
    assert_eq!(maker.role, Role::Manufacturer);
    assert_eq!(maker.ndc.as_deref(), Some("99901-110"));
    assert_eq!(maker.source_ndc, None);
    assert_eq!(maker.setid.as_deref(), Some(MANUFACTURER_SETID));
    assert_eq!(maker.confidence, Confidence::LabelText);
    let src = &maker.sources[0];
    assert_eq!(src.url, dailymed_url(MANUFACTURER_SETID));
    assert_eq!(src.setid.as_deref(), Some(MANUFACTURER_SETID));
    assert_eq!(src.version.as_deref(), Some("3"));
    assert_eq!(src.effective.as_deref(), Some("20240315"));
    assert!(maker
        .note
        .as_deref()
        .unwrap()
        .contains("99901-110-01, 99901-110-10"));

    assert_eq!(repack.name, "Fixture Repack Services LLC");
    assert_eq!(repack.role, Role::Repackager);
    assert_eq!(repack.ndc.as_deref(), Some("99902-310"));
    assert_eq!(repack.source_ndc.as_deref(), Some("99901-110"));
    assert_eq!(repack.setid.as_deref(), Some(REPACKAGER_SETID));
    assert_eq!(repack.sources[0].url, dailymed_url(REPACKAGER_SETID));
    assert_eq!(repack.sources[0].version.as_deref(), Some("1"));
    assert_eq!(repack.sources[0].effective.as_deref(), Some("20250102"));

    let twenty = db
        .product("spl-testwell-fixture-tst-120-20")
        .expect("20 mg product");
    assert_eq!(twenty.strength, pillid::catalog::Strength::mg(20));
    assert_eq!(twenty.imprint, "TST;120");
    assert_eq!(twenty.colors, [Color::Yellow]);
    assert_eq!(twenty.shape, Shape::Capsule);
    assert_eq!(twenty.size_mm, Some(11));
    assert_eq!(twenty.score, Some(1));
    assert_eq!(twenty.labelers.len(), 1);
    assert_eq!(twenty.labelers[0].ndc.as_deref(), Some("99901-120"));
}

#[test]
fn a_repackager_alone_leaves_the_maker_unconfirmed() {
    let dir = TempDir::new("repack-only");
    let out = dir.path("db.json");
    let o = pillid_import(&[&fixture("repackager.xml")], &out);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let db = load(&out);
    let p = &db.products[0];
    assert!(!p.manufacturer.confirmed);
    assert_eq!(p.manufacturer.name, None);
    let lead = p.manufacturer.lead.as_deref().unwrap();
    assert!(
        lead.contains("Fixture Repack Services LLC") && lead.contains("99901-110"),
        "{lead}"
    );
    assert_eq!(p.labelers[0].source_ndc.as_deref(), Some("99901-110"));
}

#[test]
fn merges_into_an_existing_database_and_is_idempotent() {
    let dir = TempDir::new("merge");
    let out = dir.path("db.json");
    fs::write(&out, EXISTING).unwrap();
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &out);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let report = stdout(&o);
    assert!(
        report.contains("labeler added to product existing-tst-110"),
        "{report}"
    );
    assert!(
        report.contains("new product spl-testwell-fixture-tst-120-20"),
        "{report}"
    );
    assert!(report.contains("manufacturer now confirmed"), "{report}");

    let db = load(&out);
    assert_eq!(db.about.as_deref(), Some("Existing test database."));
    assert_eq!(db.products.len(), 3);
    let existing = db.product("existing-tst-110").unwrap();
    assert_eq!(existing.labelers.len(), 1);
    assert_eq!(existing.labelers[0].ndc.as_deref(), Some("99901-110"));
    assert!(
        existing.manufacturer.confirmed,
        "the label confirms the maker"
    );
    assert_eq!(existing.confidence, Confidence::LabelText);
    assert_eq!(existing.size_mm, Some(8), "size filled in from the label");
    assert_eq!(existing.sources.len(), 2, "old source kept, label added");
    assert_eq!(
        db.product("existing-other").unwrap().labelers.len(),
        0,
        "an unrelated tablet is untouched"
    );

    // The same label again changes nothing: same NDC means update, never a
    // duplicate.
    let first = fs::read(&out).unwrap();
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &out);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("labeler updated in product existing-tst-110"));
    assert_eq!(fs::read(&out).unwrap(), first);
    // No temporary file left; the lock file stays by design (removing it
    // could let two imports lock two different files).
    assert_eq!(
        dir.listing(),
        [".db.json.lock", "db.json"],
        "no temporary file left"
    );
}

#[test]
fn an_ndc_listed_under_another_tablet_is_a_conflict() {
    let dir = TempDir::new("conflict");
    // The database says 99901-110 is the oval 5 mg tablet.
    let conflicting = EXISTING.replace(
        r#""sources": [{"url": "https://example.org/other"}]"#,
        r#""sources": [{"url": "https://example.org/other"}],
      "labelers": [{"name": "Someone", "role": "unknown", "ndc": "99901-110", "confidence": "secondary_source", "sources": [{"url": "https://example.org/other"}]}]"#,
    );
    assert_ne!(conflicting, EXISTING);
    let out = dir.path("db.json");
    fs::write(&out, &conflicting).unwrap();
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &out);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("NDC 99901-110") && err.contains("existing-other"),
        "{err}"
    );
    assert!(err.contains("resolve this by hand"), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), conflicting);
}

#[test]
fn malformed_xml_fails_the_whole_run_and_names_the_line() {
    let dir = TempDir::new("malformed");
    let err = assert_refused(
        &dir,
        &[
            &fixture("manufacturer-two-strengths.xml"),
            &fixture("malformed.xml"),
        ],
        "malformed.xml: line 28",
    );
    assert!(err.contains("malformed XML"), "{err}");

    // Into a new file: the file is not created.
    let fresh = dir.path("fresh.json");
    let o = pillid_import(&[&fixture("malformed.xml")], &fresh);
    assert_eq!(o.status.code(), Some(1));
    assert!(!fresh.exists());
}

#[test]
fn every_bad_file_is_reported_not_just_the_first() {
    let dir = TempDir::new("several");
    let missing = dir.path("missing.xml");
    let err = assert_refused(
        &dir,
        &[
            &fixture("malformed.xml"),
            &missing,
            &fixture("billion-laughs.xml"),
        ],
        "malformed.xml",
    );
    assert!(err.contains("missing.xml: cannot read"), "{err}");
    assert!(err.contains("billion-laughs.xml"), "{err}");
}

#[test]
fn an_invalid_database_is_never_merged_into() {
    let dir = TempDir::new("bad-db");
    let out = dir.path("db.json");
    for bad in ["{not json", r#"{"products": [{"id": "x"}]}"#] {
        fs::write(&out, bad).unwrap();
        let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &out);
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("is not a valid pillid database"), "{err}");
        assert_eq!(fs::read_to_string(&out).unwrap(), bad);
    }
    let nowhere = dir.path("no-such-dir/db.json");
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &nowhere);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"));
}

#[test]
fn entity_expansion_bombs_are_refused_without_expanding() {
    let dir = TempDir::new("laughs");
    let err = assert_refused(
        &dir,
        &[&fixture("billion-laughs.xml")],
        "billion-laughs.xml: line 2, column 1: the DOCTYPE declares entities",
    );
    assert!(err.contains("never expands"), "{err}");
}

#[test]
fn external_entities_and_dtds_are_never_fetched() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/spl", listener.local_addr().unwrap());
    let dir = TempDir::new("external");
    let declared = dir.path("declared-entity.xml");
    fs::write(
        &declared,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE document [\n  <!ENTITY ext SYSTEM \"{url}.ent\">\n]>\n\
             <document xmlns=\"urn:hl7-org:v3\"><title>&ext;</title></document>\n"
        ),
    )
    .unwrap();
    let external_dtd = dir.path("external-dtd.xml");
    fs::write(
        &external_dtd,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE document SYSTEM \"{url}.dtd\">\n\
             <document xmlns=\"urn:hl7-org:v3\">\n<title>&ext;</title></document>\n"
        ),
    )
    .unwrap();
    assert_refused(&dir, &[&declared], "declares entities");
    let err = assert_refused(&dir, &[&external_dtd], "external-dtd.xml: line 4");
    assert!(err.contains("never expanded"), "{err}");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("pillid connected to the entity's address (from {peer})"),
        Err(e) => panic!("accept failed: {e}"),
    }
}

#[test]
fn files_above_the_size_limit_are_refused_unread() {
    let dir = TempDir::new("huge");
    let huge = dir.path("huge.xml");
    // A sparse file: no disk space used, but its length is over the limit.
    let file = fs::File::create(&huge).unwrap();
    file.set_len(MAX_SPL_BYTES as u64 + 1).unwrap();
    drop(file);
    let err = assert_refused(&dir, &[&huge], "huge.xml: the file is");
    assert!(err.contains("20 MB limit"), "{err}");
    fs::remove_file(&huge).unwrap();
}

#[test]
fn wrong_encodings_are_refused_with_a_clear_message() {
    let dir = TempDir::new("encodings");
    let label = fs::read_to_string(fixture("manufacturer-two-strengths.xml")).unwrap();
    let utf16: Vec<u8> = label.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let latin1 = label
        .replace("Testville", "Testville caf\u{e9}")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 character"))
        .collect::<Vec<u8>>();
    let garbage: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("utf16.xml", utf16, "UTF-16 without a byte-order mark"),
        (
            "latin1.xml",
            latin1,
            "line 35, column 38: the file is not UTF-8 (byte 0xE9",
        ),
        (
            "garbage.bin",
            garbage,
            "garbage.bin: line 1, column 1: the file contains NUL bytes",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path(name);
        fs::write(&path, bytes).unwrap();
        assert_refused(&dir, &[&path], expected);
        fs::remove_file(&path).unwrap();
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("usage");
    let out = dir.path("db.json");
    let no_files = Command::new(env!("CARGO_BIN_EXE_pillid"))
        .args(["import", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(no_files.status.code(), Some(2));
    let no_out = Command::new(env!("CARGO_BIN_EXE_pillid"))
        .arg("import")
        .arg(fixture("repackager.xml"))
        .output()
        .unwrap();
    assert_eq!(no_out.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn the_drug_is_chosen_with_drug_and_defaults_to_baclofen() {
    let dir = TempDir::new("drug");
    let run = |extra: &[&str], out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_pillid"))
            .arg("import")
            .arg(fixture("manufacturer-two-strengths.xml"))
            .args(extra)
            .arg("--out")
            .arg(out)
            .output()
            .expect("run pillid")
    };
    let default = dir.path("default.json");
    let named = dir.path("named.json");
    assert_eq!(run(&[], &default).status.code(), Some(0));
    let o = run(&["--drug", " BACLOFEN "], &named);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(load(&default).products, load(&named).products);
    assert!(
        stdout(&o).contains("kept: baclofen 10 mg"),
        "{}",
        stdout(&o)
    );

    // Another drug: every baclofen tablet is skipped, saying why.
    let other = dir.path("other.json");
    let o = run(&["--drug", "tizanidine"], &other);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("its active ingredient is BACLOFEN, not tizanidine"),
        "{}",
        stdout(&o)
    );
    assert!(load(&other).products.is_empty());

    // A name that is not a drug name is bad usage.
    for bad in ["", "bac;lofen", "\u{1b}[2J"] {
        let o = run(&["--drug", bad], &dir.path("bad.json"));
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("drug name"), "{}", stderr(&o));
    }
    assert!(!dir.path("bad.json").exists());
}

// ---------------------------------------------------------------------------
// The red team's attacks on `pillid import` (research/redteam-2.md, problems
// 1, 2, 3, 6, 7 and 8), each reproduced as the report describes it.

/// Runs `cmd`, killing it and failing the test if it runs longer than
/// `limit` (a regression must not hang the test suite). Returns its output
/// and how long it took.
fn run_within(cmd: &mut Command, limit: Duration) -> (Output, Duration) {
    use std::process::Stdio;
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pillid");
    // Drain the pipes on threads so a chatty child cannot block on them.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for pillid") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: out_thread.join().unwrap(),
        stderr: err_thread.join().unwrap(),
    };
    (output, start.elapsed())
}

fn import_cmd(files: &[&Path], out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pillid"));
    cmd.arg("import").args(files).arg("--out").arg(out);
    cmd
}

/// The fixture turned into another company's label, as the report's
/// reproduction does with sed: its own set id, NDCs and imprints.
fn relabelled(i: usize) -> String {
    fs::read_to_string(fixture("manufacturer-two-strengths.xml"))
        .unwrap()
        .replace(
            "AAAAAAAA-0000-4000-8000-00000000A001",
            &format!("CCCCCCCC-0000-4000-8000-{i:012}"),
        )
        .replace("99901-1", &format!("999{i:02}-1"))
        .replace("tst;110", &format!("Q{i};110"))
        .replace("TST;120", &format!("Q{i};120"))
        .replace("Testwell Fixture", &format!("Co{i} Fixture"))
}

/// Problem 1: imports of different labels into one database, run at the
/// same time, each said "wrote" and exited 0 while the last rename dropped
/// the others' products (6 of 60 survived). Now each waits its turn under
/// the lock and re-reads the database, so every product is there.
#[test]
fn concurrent_imports_into_one_database_lose_nothing() {
    const RUNS: usize = 12;
    let dir = TempDir::new("concurrent");
    let out = dir.path("db.json");
    let labels: Vec<PathBuf> = (10..10 + RUNS)
        .map(|i| {
            let path = dir.path(&format!("l{i}.xml"));
            fs::write(&path, relabelled(i)).unwrap();
            path
        })
        .collect();
    let children: Vec<_> = labels
        .iter()
        .map(|label| {
            import_cmd(&[label], &out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start pillid")
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let db = load(&out);
    assert_eq!(
        db.products.len(),
        2 * RUNS,
        "every run's two tablets are kept"
    );
    for i in 10..10 + RUNS {
        for ndc in [format!("999{i:02}-110"), format!("999{i:02}-120")] {
            assert!(
                db.products
                    .iter()
                    .any(|p| p.labelers.iter().any(|l| l.ndc.as_deref() == Some(&ndc))),
                "NDC {ndc} was lost"
            );
        }
    }
    let mut names = dir.listing();
    names.retain(|n| !n.ends_with(".xml"));
    assert_eq!(
        names,
        [".db.json.lock", "db.json"],
        "no temporary file left"
    );
}

/// Problem 1, the waiting side: while another import holds the database, a
/// run waits at most --lock-timeout seconds, then refuses (exit 1) without
/// touching the file; with the lock released it goes ahead.
#[test]
fn a_locked_database_makes_the_next_import_wait_then_refuse() {
    let dir = TempDir::new("locked");
    let out = dir.path("db.json");
    fs::write(&out, EXISTING).unwrap();
    // Another import, as far as the lock is concerned.
    let holder = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.path(".db.json.lock"))
        .unwrap();
    holder.lock().unwrap();
    let repack = fixture("repackager.xml");
    let (o, took) = run_within(
        import_cmd(&[&repack], &out).args(["--lock-timeout", "1"]),
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("another pillid import is writing")
            && err.contains(".db.json.lock")
            && err.contains("--lock-timeout")
            && err.contains("nothing written"),
        "{err}"
    );
    assert!(took >= Duration::from_secs(1), "it waited: {took:?}");
    assert_eq!(fs::read_to_string(&out).unwrap(), EXISTING);

    // Released while the next run waits: that run then merges.
    let mut waiting = import_cmd(&[&repack], &out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it waits for the lock"
    );
    holder.unlock().unwrap();
    let status = waiting.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let db = load(&out);
    let tablet = db.product("existing-tst-110").unwrap();
    assert_eq!(tablet.labelers[0].ndc.as_deref(), Some("99902-310"));
}

/// `text` without every part from `open` to the next `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut rest = text;
    let mut out = String::new();
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(close)
            .map_or(rest.len(), |e| start + e + close.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The fixture's first product block (`<subject>…</subject>`), trimmed as
/// the report's attack did: no indentation, no inactive ingredients, no
/// packages (2,229 bytes).
fn product_block(fixture_text: &str) -> String {
    let start = fixture_text.find("<subject>").unwrap();
    let end = fixture_text.find("</subject>").unwrap() + "</subject>".len();
    let block: String = fixture_text[start..end].lines().map(str::trim).collect();
    let block = without(&block, "<ingredient classCode=\"IACT\">", "</ingredient>");
    without(&block, "<asContent>", "</asContent>")
}

/// A label holding `n` copies of the fixture's first product, each its own
/// tablet with its own NDC (`{labeler}-{i:04}`), as in the report's
/// 8,962-product attack.
fn many_products_label(n: usize, labeler: usize) -> String {
    let text = fs::read_to_string(fixture("manufacturer-two-strengths.xml")).unwrap();
    let block = product_block(&text);
    let products: String = (0..n)
        .map(|i| {
            block
                .replace("99901-110", &format!("{labeler}-{i:04}"))
                .replace(" tst;110 ", &format!("L{labeler}T{i};110"))
        })
        .collect();
    let start = text.find("<subject>").unwrap();
    let end = text.rfind("</subject>").unwrap() + "</subject>".len();
    format!("{}{products}{}", &text[..start], &text[end..]).replace(
        "AAAAAAAA-0000-4000-8000-00000000A001",
        &format!("DDDDDDDD-0000-4000-8000-{labeler:012}"),
    )
}

/// Problem 2: files under the size cap that cost minutes of CPU. One
/// element with 400,000 attributes (4.3 MB; 141 s in the report) and a label
/// of 8,962 products (20 MB; 92 s) are refused at the limit, with the line
/// and column; the most a label may hold, merged several times over into one
/// database, takes seconds (the merge looks products up, it does not scan).
#[test]
fn attack_files_are_refused_or_imported_in_seconds() {
    let dir = TempDir::new("attacks");
    let out = dir.path("db.json");
    let fixture_text = fs::read_to_string(fixture("manufacturer-two-strengths.xml")).unwrap();

    let attrs: String = (0..400_000).map(|i| format!(" a{i}=\"\"")).collect();
    let attributes = dir.path("attrs400k.xml");
    fs::write(
        &attributes,
        fixture_text.replacen(
            "<document xmlns=\"urn:hl7-org:v3\"",
            &format!("<document{attrs} xmlns=\"urn:hl7-org:v3\""),
            1,
        ),
    )
    .unwrap();
    let (o, took) = run_within(
        &mut import_cmd(&[&attributes], &out),
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("attrs400k.xml: line 12, column 1: <document> has more than 64 attributes (MAX_ATTRIBUTES_PER_ELEMENT)"),
        "{}",
        stderr(&o)
    );
    assert!(took < Duration::from_secs(10), "{took:?}");

    let products = dir.path("products.xml");
    fs::write(&products, many_products_label(8962, 30000)).unwrap();
    let (o, took) = run_within(&mut import_cmd(&[&products], &out), Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("more than 1000 products (MAX_PRODUCTS_PER_LABEL)"),
        "{}",
        stderr(&o)
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(!out.exists());

    // At the limit, four times: 4,000 tablets into one database.
    let full: Vec<PathBuf> = (0..4)
        .map(|k| {
            let path = dir.path(&format!("full{k}.xml"));
            fs::write(&path, many_products_label(1000, 31000 + k)).unwrap();
            path
        })
        .collect();
    let refs: Vec<&Path> = full.iter().map(PathBuf::as_path).collect();
    let (o, took) = run_within(&mut import_cmd(&refs, &out), Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(load(&out).products.len(), 4000);
    assert!(took < Duration::from_secs(30), "{took:?}");
}

/// What a terminal would act on: control characters (but the line feed),
/// bidirectional-text controls, invisible formatting characters.
fn raw_hidden(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && pillid::text::is_hidden(c))
        .collect()
}

/// Problem 3: a labeler name with a terminal escape (or a right-to-left
/// override) was stored in the database and printed raw. Now the label is
/// refused, naming the field; a database already holding such a name is
/// refused as invalid; and whatever pillid prints (file names, arguments,
/// messages) shows such characters escaped.
#[test]
fn hidden_characters_never_reach_the_database_or_the_terminal() {
    let dir = TempDir::new("escapes");
    let out = dir.path("e.json");
    let text = fs::read_to_string(fixture("manufacturer-two-strengths.xml")).unwrap();
    let name = "<name>Testwell Fixture Pharmaceuticals Inc.</name>";
    for (file, evil) in [
        (
            "ref.xml",
            "<name>Evil&#x1b;]0;PWNED&#x7;&#x1b;[2JLabs</name>",
        ),
        ("raw.xml", "<name>Evil\u{1b}[31mLabs</name>"),
        ("rlo.xml", "<name>Evil \u{202e}sbaL</name>"),
    ] {
        let path = dir.path(file);
        fs::write(&path, text.replacen(name, evil, 1)).unwrap();
        let o = pillid_import(&[&path], &out);
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{file}: line 24, column "))
                && err.contains("representedOrganization/name contains U+"),
            "{err}"
        );
        assert!(raw_hidden(&err).is_empty(), "{err:?}");
        assert!(!out.exists(), "nothing stored");
    }

    // A database that already holds one (written before this check existed)
    // is not merged into, and the message shows the character escaped.
    let mut db: serde_json::Value = serde_json::from_str(EXISTING).unwrap();
    db["products"][0]["manufacturer"]["lead"] = "a lead\u{1b}]0;PWNED\u{7}".into();
    fs::write(&out, serde_json::to_string_pretty(&db).unwrap()).unwrap();
    let o = pillid_import(&[&fixture("repackager.xml")], &out);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("is not a valid pillid database")
            && err
                .contains("product `existing-tst-110`: field `manufacturer.lead` contains U+001B"),
        "{err}"
    );
    assert!(raw_hidden(&err).is_empty(), "{err:?}");

    // A file name with an escape sequence, in the report (stdout) and in an
    // error (stderr).
    let odd = dir.path("odd\u{1b}]0;PWNED\u{7}\u{202e}.xml");
    fs::copy(fixture("repackager.xml"), &odd).unwrap();
    let fresh = dir.path("fresh.json");
    let o = pillid_import(&[&odd], &fresh);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(raw_hidden(&stdout(&o)).is_empty(), "{:?}", stdout(&o));
    assert!(stdout(&o).contains("odd\\u{1b}]0;PWNED\\u{7}\\u{202e}.xml"));
    let missing = dir.path("gone\u{1b}[2J.xml");
    let o = pillid_import(&[&missing], &fresh);
    assert_eq!(o.status.code(), Some(1));
    assert!(raw_hidden(&stderr(&o)).is_empty(), "{:?}", stderr(&o));
    assert!(stderr(&o).contains("gone\\u{1b}[2J.xml: cannot read"));

    // Arguments clap echoes in its errors: an unknown shape or colour word.
    // (clap drops escape sequences from its own text; everything else is
    // escaped.)
    for (flag, word, shown) in [
        ("--shape", "\u{1b}]0;PWNED\u{7}\u{1b}[2J", "unknown shape `"),
        (
            "--color",
            "\u{202e}etihw\u{85}",
            "unknown colour `\\u{202e}etihw\\u{85}`",
        ),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_pillid"))
            .args(["identify", flag, word, "1285"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(raw_hidden(&err).is_empty(), "{err:?}");
        assert!(err.contains(shown), "{err}");
    }
}

/// Problem 7: the temporary name was predictable (`.NAME.pillid-import-PID.tmp`),
/// a file planted under it was deleted and the error named the wrong file,
/// and a long --out name failed. Now the temporary file has a random name and
/// is created exclusively, nothing planted is touched, and leftovers are
/// pointed out, never deleted.
#[test]
fn planted_and_leftover_temporary_files_are_left_alone() {
    let dir = TempDir::new("tempnames");
    let out = dir.path("db3.json");
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &out);
    assert_eq!(o.status.code(), Some(0));
    fs::write(dir.path("victim.txt"), "victim").unwrap();
    let leftover = ".pillid-import-0123abcd.tmp";
    fs::write(dir.path(leftover), "half a database").unwrap();
    // The report's reproduction: plant a link under the name the old scheme
    // would use for this very process (the shell's PID, kept by exec).
    let o = Command::new("sh")
        .current_dir(&dir.0)
        .arg("-c")
        .arg(r#"ln -s victim.txt ".db3.json.pillid-import-$$.tmp" && exec "$0" import "$1" --out db3.json"#)
        .arg(env!("CARGO_BIN_EXE_pillid"))
        .arg(fixture("repackager.xml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let planted: Vec<String> = dir
        .listing()
        .into_iter()
        .filter(|n| n.starts_with(".db3.json.pillid-import-"))
        .collect();
    assert_eq!(planted.len(), 1, "the planted link is still there");
    assert!(fs::symlink_metadata(dir.path(&planted[0]))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(dir.path("victim.txt")).unwrap(),
        "victim"
    );
    assert_eq!(
        fs::read_to_string(dir.path(leftover)).unwrap(),
        "half a database"
    );
    let report = stdout(&o);
    assert!(
        report.contains("1 temporary file of interrupted imports (.pillid-import-0123abcd.tmp)"),
        "{report}"
    );
    assert_eq!(load(&out).products.len(), 2);

    // A valid name of 245 characters (and one of 255, whose lock file name
    // would be too long) are written.
    for len in [245, 255] {
        let long = dir.path(&format!("{}.json", "d".repeat(len - 5)));
        let o = pillid_import(&[&fixture("repackager.xml")], &long);
        assert_eq!(o.status.code(), Some(0), "{len}: {}", stderr(&o));
        assert_eq!(load(&long).products.len(), 1);
    }
}

/// Problem 6: `--out` replaced read-only files, reset permissions to 0644
/// and replaced a symbolic link with a regular file. Now a link is written
/// through, the mode is kept, and a read-only file is refused.
#[test]
fn out_writes_through_links_keeps_the_mode_and_refuses_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("outfile");
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;

    fs::create_dir(dir.path("shared")).unwrap();
    let real = dir.path("shared/db.json");
    let o = pillid_import(&[&fixture("manufacturer-two-strengths.xml")], &real);
    assert_eq!(o.status.code(), Some(0));
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path("link.json");
    std::os::unix::fs::symlink("shared/db.json", &link).unwrap();
    let o = pillid_import(&[&fixture("repackager.xml")], &link);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("wrote "), "{}", stdout(&o));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        load(&real).products[0].labelers.len(),
        2,
        "the target was updated"
    );
    assert_eq!(mode(&real), 0o600, "its mode was kept");
    assert_eq!(
        fs::read_dir(dir.path("shared")).unwrap().count(),
        2,
        "db and lock only"
    );

    let ro = dir.path("ro.json");
    fs::write(&ro, EXISTING).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let o = pillid_import(&[&fixture("repackager.xml")], &ro);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("ro.json is read-only (mode 0444)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read_to_string(&ro).unwrap(), EXISTING);
    assert_eq!(mode(&ro), 0o444);

    let dangling = dir.path("dangling.json");
    std::os::unix::fs::symlink("nowhere/db.json", &dangling).unwrap();
    let o = pillid_import(&[&fixture("repackager.xml")], &dangling);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// Problem 8: a FIFO as input or --out blocked forever, and --out /dev/zero
/// was read until memory ran out. Now files that are not regular files are
/// refused before they are opened, and the database read is capped.
#[test]
fn pipes_devices_and_huge_databases_are_refused_without_waiting() {
    let dir = TempDir::new("fifo");
    let fifo = dir.path("f");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let out = dir.path("db.json");
    let limit = Duration::from_secs(20);
    let (o, _) = run_within(&mut import_cmd(&[&fifo], &out), limit);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("f: is a named pipe (FIFO), not an SPL file"),
        "{}",
        stderr(&o)
    );
    let repack = fixture("repackager.xml");
    for (target, kind) in [
        (
            fifo.as_path(),
            "is a named pipe (FIFO), not a database file",
        ),
        (
            Path::new("/dev/zero"),
            "/dev/zero is a device, not a database file",
        ),
    ] {
        let (o, _) = run_within(&mut import_cmd(&[&repack], target), limit);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains(kind), "{}", stderr(&o));
    }
    let (o, _) = run_within(&mut import_cmd(&[Path::new("/dev/zero")], &out), limit);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is a device, not an SPL file"),
        "{}",
        stderr(&o)
    );

    // A sparse file just over the cap: refused from its size, unread.
    let huge = dir.path("huge.json");
    fs::File::create(&huge)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let (o, _) = run_within(&mut import_cmd(&[&repack], &huge), limit);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("MAX_DATABASE_BYTES"), "{}", stderr(&o));
}

/// The fuzz seeds made from the red team's attacks still do what their
/// names say, so the fuzzer starts from the refusals and not past them.
#[test]
fn the_attack_fuzz_seeds_keep_their_meaning() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/spl_import");
    let dir = TempDir::new("seeds");
    for (seed, expected) in [
        (
            "attributes-over-limit.xml",
            Err("MAX_ATTRIBUTES_PER_ELEMENT"),
        ),
        ("escape-in-labeler-name.xml", Err("contains U+001B")),
        ("rlo-in-imprint.xml", Err("contains U+202E")),
        ("long-labeler-name.xml", Err("MAX_FIELD_CHARS")),
        ("many-elements.xml", Ok("kept 1 product")),
        ("many-products.xml", Ok("kept 8 products")),
    ] {
        let out = dir.path(&format!("{seed}.json"));
        let o = pillid_import(&[&seeds.join(seed)], &out);
        match expected {
            Ok(said) => {
                assert_eq!(o.status.code(), Some(0), "{seed}: {}", stderr(&o));
                assert!(stdout(&o).contains(said), "{seed}: {}", stdout(&o));
            }
            Err(said) => {
                assert_eq!(o.status.code(), Some(1), "{seed}");
                assert!(stderr(&o).contains(said), "{seed}: {}", stderr(&o));
            }
        }
    }
}
