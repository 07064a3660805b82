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
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

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
      "strength_mg": 10,
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
      "strength_mg": 5,
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
    assert_eq!(ten.strength_mg, 10);
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
    assert_eq!(twenty.strength_mg, 20);
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
    assert_eq!(dir.listing(), ["db.json"], "no temporary file left");
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
        ("garbage.bin", garbage, "garbage.bin:"),
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
