//! The baclofen database's specification: what `data/baclofen.json` must
//! hold, and which mistakes in it validation must catch.
//!
//! The first half checks the embedded file itself. The second half breaks
//! one record of a copy at a time and requires [`Catalog::from_json`] to
//! refuse it with a message naming that record, so a bad record fails the
//! build instead of being skipped.

use pillid::catalog::{
    Catalog, Confidence, Labeler, MarketingStatus, Product, Role, Strength, EMBEDDED_JSON,
};
use pillid::imprint::normalize_imprint;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The embedded database, or a panic listing every problem.
fn db() -> Catalog {
    Catalog::from_json(EMBEDDED_JSON).unwrap_or_else(|problems| {
        panic!(
            "data/baclofen.json is invalid:\n  {}",
            problems.join("\n  ")
        )
    })
}

/// A whole number of milligrams as a strength.
fn mg(n: u32) -> Strength {
    Strength::mg(n)
}

/// Every labeler in the file: those under a product, then the unplaced.
fn all_labelers(c: &Catalog) -> Vec<(String, &Labeler)> {
    let placed = c.products.iter().flat_map(|p| {
        p.labelers
            .iter()
            .map(move |l| (format!("product `{}`", p.id), l))
    });
    let unplaced = c
        .unplaced
        .iter()
        .map(|l| (format!("unplaced `{}`", l.name), l));
    placed.chain(unplaced).collect()
}

// ---------------------------------------------------------------------------
// The embedded file.

#[test]
fn embedded_database_parses_and_validates() {
    // `db()` panics with every problem `Catalog::problems` finds.
    db();
}

#[test]
fn file_is_in_canonical_form() {
    // The file is its own lint: parsing and writing it back gives the same
    // text, so hand edits keep one layout and diffs stay small.
    let written = db().to_json();
    if written != EMBEDDED_JSON {
        let line = written
            .lines()
            .zip(EMBEDDED_JSON.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the end".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "data/baclofen.json is not in canonical form (first difference at {line}); \
             rewrite it with `cargo run -- list --json > data/baclofen.json.new` and move it over"
        );
    }
}

#[test]
fn at_least_eleven_distinct_10_mg_tablets_each_with_a_source() {
    let c = db();
    let ten: Vec<&Product> = c.products.iter().filter(|p| p.strength == mg(10)).collect();
    let readings: BTreeSet<String> = ten.iter().map(|p| normalize_imprint(&p.imprint)).collect();
    assert!(ten.len() >= 11, "only {} 10 mg products", ten.len());
    assert_eq!(
        readings.len(),
        ten.len(),
        "two 10 mg products share an imprint"
    );
    for p in ten {
        assert!(!p.sources.is_empty(), "{} has no source", p.id);
    }
}

#[test]
fn at_least_eight_tablets_of_other_strengths_each_with_a_source() {
    let c = db();
    let other: Vec<&Product> = c.products.iter().filter(|p| p.strength != mg(10)).collect();
    assert!(
        other.len() >= 8,
        "only {} products of other strengths",
        other.len()
    );
    for p in &other {
        assert!(
            [mg(5), mg(20)].contains(&p.strength),
            "{}: {} is not a baclofen tablet strength",
            p.id,
            p.strength
        );
        assert!(!p.sources.is_empty(), "{} has no source", p.id);
    }
    for n in [5, 20] {
        assert!(
            other.iter().any(|p| p.strength == mg(n)),
            "no {n} mg product"
        );
    }
}

#[test]
fn every_known_10_mg_imprint_is_a_product() {
    let c = db();
    for imprint in [
        "1285",
        "LCI;1330",
        "N029",
        "E;6",
        "024",
        "KP02;10",
        "U 343",
        "I 114",
        "BAC 10;U-S",
        "22 65;V",
        "Z 4096;10",
        "4096;TV",
        "BAC;10;832",
        "G;BN;10",
        "10;SP;351",
    ] {
        let p = c.products.iter().find(|p| p.imprint == imprint);
        assert!(
            p.is_some_and(|p| p.strength == mg(10)),
            "no 10 mg product imprinted {imprint}"
        );
    }
}

#[test]
fn every_tablet_in_the_baclofen_file_is_baclofen() {
    // A database file may hold any medicine (`pillid import --drug`); the
    // one built into pillid holds only its target.
    for p in &db().products {
        assert_eq!(p.drug, pillid::catalog::TARGET.drug, "{}", p.id);
    }
}

#[test]
fn at_least_thirty_ndcs_are_known() {
    // Duplicates are refused by the validator; this checks coverage.
    let c = db();
    let ndcs: BTreeSet<&str> = all_labelers(&c)
        .into_iter()
        .filter_map(|(_, l)| l.ndc.as_deref())
        .collect();
    assert!(ndcs.len() >= 30, "only {} NDCs", ndcs.len());
}

#[test]
fn no_two_tablets_share_an_imprint_reading() {
    // Two products with the same letters and digits could never be told
    // apart by what is typed.
    let c = db();
    let mut owner: HashMap<String, &str> = HashMap::new();
    for p in &c.products {
        let readings: BTreeSet<String> = p.imprints().map(normalize_imprint).collect();
        for r in readings {
            if let Some(other) = owner.insert(r.clone(), &p.id) {
                panic!("{} and {} both read `{r}`", other, p.id);
            }
        }
    }
}

#[test]
fn look_alikes_link_the_strengths_that_differ_by_a_character() {
    let c = db();
    for (a, b) in [
        ("zydus-1285", "zydus-1286"),
        ("northstar-n029", "northstar-n030"),
        ("chartwell-lci-1330", "chartwell-lci-1337"),
        ("chartwell-lci-1330", "chartwell-lci-1333"),
        ("chartwell-lci-1337", "chartwell-lci-1333"),
        ("eywa-e-6", "eywa-e-9"),
        ("imprint-2265-v", "imprint-2266-v"),
        ("kemstro-odt-10", "kemstro-odt-20"),
        ("imprint-4096-10", "teva-4097-z"),
        ("teva-4096-tv", "teva-4097-tv"),
        ("upsher-smith-bac-10-832", "upsher-smith-832-bc20"),
    ] {
        for (x, y) in [(a, b), (b, a)] {
            let p = c.product(x).unwrap_or_else(|| panic!("no product {x}"));
            assert!(
                p.look_alikes.iter().any(|l| l == y),
                "{x} does not list {y}"
            );
        }
    }
}

#[test]
fn look_alikes_are_tablets_of_another_strength() {
    // That a look-alike exists and links back is the validator's job; that
    // it is a tablet of another strength is what makes it worth a warning.
    let c = db();
    for p in &c.products {
        for other in p.look_alikes.iter().filter_map(|id| c.product(id)) {
            assert_ne!(other.strength, p.strength, "{} ~ {}", p.id, other.id);
        }
    }
}

#[test]
fn unconfirmed_attributions_say_why() {
    let c = db();
    for p in &c.products {
        let m = &p.manufacturer;
        if !m.confirmed {
            assert!(
                m.lead.is_some(),
                "{}: unconfirmed maker without a lead",
                p.id
            );
        }
        if p.confidence != Confidence::LabelText || p.status == MarketingStatus::Unknown {
            assert!(p.note.is_some(), "{}: needs a note", p.id);
        }
    }
    for (owner, l) in all_labelers(&c) {
        if l.confidence == Confidence::Inferred {
            let note = l.note.as_deref().unwrap_or("");
            assert!(
                note.contains("INFERRED"),
                "{owner}: inferred labeler {} must say so in its note",
                l.name
            );
        }
    }
    for l in &c.unplaced {
        assert!(l.note.is_some(), "unplaced {}: no note", l.name);
    }
}

#[test]
fn a_repackaged_ndc_sits_on_the_same_tablet_as_its_source() {
    let c = db();
    for p in &c.products {
        for l in &p.labelers {
            if let Some(src) = &l.source_ndc {
                assert!(
                    p.labelers.iter().any(|o| o.ndc.as_ref() == Some(src)),
                    "{}: {} repackages {src}, which is not on this tablet",
                    p.id,
                    l.name
                );
            }
        }
    }
}

#[test]
fn conflicts_are_resolved_as_documented() {
    let c = db();
    let product = |id: &str| c.product(id).unwrap_or_else(|| panic!("no {id}"));
    let labeler = |ndc: &str| {
        all_labelers(&c)
            .into_iter()
            .find(|(_, l)| l.ndc.as_deref() == Some(ndc))
            .unwrap_or_else(|| panic!("no NDC {ndc}"))
            .1
            .clone()
    };
    // Eywa 10 mg: openFDA active vs DailyMed "inactivated NDC" → unknown.
    assert_eq!(product("eywa-e-6").status, MarketingStatus::Unknown);
    assert!(labeler("71930-006").note.unwrap().contains("CONFLICT"));
    // Upsher-Smith 0832-1054 ended 2026-10-31. No source gives its tablet,
    // so it is not attached to BAC 10 / U-S by guess (data audit 2, item 3),
    // and that tablet's status stays unknown.
    assert_eq!(labeler("0832-1054").status, MarketingStatus::Discontinued);
    assert!(c
        .unplaced
        .iter()
        .any(|l| l.ndc.as_deref() == Some("0832-1054")));
    let bac_us = product("imprint-bac-10-u-s");
    assert!(bac_us.labelers.is_empty());
    assert_eq!(bac_us.status, MarketingStatus::Unknown);
    // Attributions by NDC product code alone are inferred.
    for ndc in ["29300-343", "68788-8783"] {
        assert_eq!(labeler(ndc).confidence, Confidence::Inferred, "{ndc}");
    }
    // NLM photographed these NDCs' tablets: no longer inferred (item 6).
    for ndc in ["0527-1330", "0603-2406"] {
        assert_eq!(
            labeler(ndc).confidence,
            Confidence::SecondarySource,
            "{ndc}"
        );
    }
    // The Teva 10 mg NDC was a guess until NLM's record showed it.
    assert!(labeler("0172-4096").sources.iter().any(|s| s
        .title
        .as_deref()
        .unwrap_or("")
        .contains("NLM RxImage")));
    // The SPL shape of 2266 V is oval; "capsule-shaped" is label prose.
    assert_eq!(product("imprint-2266-v").shape, pillid::vocab::Shape::Oval);
    // No source shows TV and 10 on one tablet (item 1).
    assert!(c.products.iter().all(|p| p
        .imprints()
        .all(|i| !(i.contains("TV") && i.contains("10")))));
    // Kemstro is discontinued (Federal Register 2024-07722).
    assert_eq!(
        product("kemstro-odt-10").status,
        MarketingStatus::Discontinued
    );
    // No label names a maker, so no maker is marked confirmed.
    assert!(c.products.iter().all(|p| !p.manufacturer.confirmed));
}

#[test]
fn about_says_when_the_file_was_built_and_cites_only_documents_the_records_cite() {
    let c = db();
    let about = c.about.as_deref().expect("an `about` text");
    let words: Vec<&str> = about
        .split(|ch: char| ch.is_whitespace() || "(),;:".contains(ch))
        .map(|w| w.trim_end_matches('.'))
        .collect();
    // A build date, written YYYY-MM-DD.
    let is_date = |w: &str| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.len() == 3
            && [4, 2, 2] == [parts[0].len(), parts[1].len(), parts[2].len()]
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    assert!(words.iter().any(|w| is_date(w)), "no build date: {about}");
    // Every stored document it names is one that a record cites.
    let cited: BTreeSet<&str> = c
        .products
        .iter()
        .flat_map(|p| {
            p.sources
                .iter()
                .chain(p.labelers.iter().flat_map(|l| l.sources.iter()))
        })
        .chain(c.unplaced.iter().flat_map(|l| l.sources.iter()))
        .map(|s| s.url.as_str())
        .collect();
    let named: Vec<&&str> = words.iter().filter(|w| w.starts_with("seeds/")).collect();
    assert!(
        !named.is_empty(),
        "`about` names no stored document: {about}"
    );
    for doc in named {
        assert!(
            cited.contains(doc),
            "`about` names {doc}, which no record cites"
        );
    }
}

#[test]
fn the_database_says_how_old_it_is() {
    let c = db();
    let as_of = c.as_of.as_deref().expect("an `as_of` date");
    let about = c.about.as_deref().expect("an `about` text");
    assert!(
        about.contains(as_of),
        "the about text gives the date: {about}"
    );
    // Not in the future: the date the sources were read has passed.
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400;
    let (y, m, d) = civil_date(today);
    assert!(as_of <= format!("{y:04}-{m:02}-{d:02}").as_str(), "{as_of}");
    // Every source the file cites is either dated or one whose date is not
    // known; at least the NLM records and the openFDA reads are dated.
    let dated = all_sources(&c).filter(|s| s.date.is_some()).count();
    assert!(dated >= 40, "only {dated} sources carry a date");
}

/// The Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: u64) -> (i64, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Every source in the file: products', labelers' and photos'.
fn all_sources(c: &Catalog) -> impl Iterator<Item = &pillid::catalog::Source> {
    let products = c.products.iter().flat_map(|p| {
        p.sources
            .iter()
            .chain(p.photos.iter().map(|ph| &ph.source))
            .chain(p.labelers.iter().flat_map(|l| l.sources.iter()))
    });
    products.chain(c.unplaced.iter().flat_map(|l| l.sources.iter()))
}

// ---------------------------------------------------------------------------
// NLM RxImage: every baclofen tablet NLM recorded is in the database, as
// NLM recorded it (data/nlm-rximage/, read by scripts/rximage-baclofen.py).

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One row of NLM's records, by column name.
struct NlmRow(HashMap<String, String>);

impl NlmRow {
    fn get(&self, column: &str) -> &str {
        self.0
            .get(column)
            .unwrap_or_else(|| panic!("rximage.tsv has no column {column}"))
    }
}

/// The rows of data/nlm-rximage/rximage.tsv whose name starts with
/// "Baclofen".
fn nlm_baclofen_rows() -> Vec<NlmRow> {
    let path = root().join("data/nlm-rximage/rximage.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), header.len(), "{line}");
            NlmRow(
                header
                    .iter()
                    .zip(cells)
                    .map(|(h, c)| ((*h).to_owned(), c.to_owned()))
                    .collect(),
            )
        })
        .filter(|row| row.get("name").starts_with("Baclofen"))
        .collect()
}

/// An NDC's labeler and product digit groups padded to 5-4, as NLM writes
/// them: `0172-4096` and `00172-4096` are the same product.
fn ndc_5_4(ndc: &str) -> String {
    let (a, b) = ndc.split_once('-').expect("an NDC with a hyphen");
    format!("{a:0>5}-{b:0>4}")
}

/// The strength in an RxNorm name: `Baclofen 20 MG Oral Tablet` → 20 mg.
fn nlm_strength(name: &str) -> Strength {
    let n: u32 = name
        .strip_prefix("Baclofen ")
        .and_then(|rest| rest.strip_suffix(" MG Oral Tablet"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected NLM name {name}"));
    mg(n)
}

#[test]
fn every_baclofen_tablet_nlm_recorded_is_in_the_database_as_nlm_recorded_it() {
    let c = db();
    let rows = nlm_baclofen_rows();
    assert_eq!(rows.len(), 11, "NLM's record has 11 baclofen tablets");
    for row in &rows {
        let package = row.get("ndc11");
        let ndc = ndc_5_4(package.rsplit_once('-').unwrap().0);
        let imprint = row.get("imprint");
        let what = format!("NLM {package} {imprint}");
        // The product: one of its labelers has the NDC and one of its
        // readings is NLM's imprint, separators and case aside.
        let found: Vec<&Product> = c
            .products
            .iter()
            .filter(|p| {
                p.labelers
                    .iter()
                    .any(|l| l.ndc.as_deref().map(ndc_5_4) == Some(ndc.clone()))
                    && p.imprints()
                        .any(|i| normalize_imprint(i) == normalize_imprint(imprint))
            })
            .collect();
        let [p] = found.as_slice() else {
            panic!("{what}: {} products carry it, not 1", found.len());
        };
        assert_eq!(
            p.strength,
            nlm_strength(row.get("name")),
            "{what}: {}",
            p.id
        );
        assert_eq!(
            p.size_mm.map(|n| n.to_string()).as_deref(),
            Some(row.get("size_mm")),
            "{what}: size of {}",
            p.id
        );
        assert_eq!(
            p.score.map(|n| n.to_string()).as_deref(),
            Some(row.get("score")),
            "{what}: score of {}",
            p.id
        );
        assert_eq!(p.shape.spl_name(), row.get("shape"), "{what}: {}", p.id);
        let colors: Vec<&str> = p.colors.iter().map(|c| c.spl_name()).collect();
        assert_eq!(colors.join(", "), row.get("color"), "{what}: {}", p.id);
        if row.get("symbol") == "True" {
            assert!(p.logo, "{what}: NLM says a logo is part of {}", p.id);
        }
        if row.get("status") == "Former imprint" {
            assert!(p.former_imprint, "{what}: NLM says {} is former", p.id);
        }
        // NLM's photo of that NDC, with its date, from NLM.
        let photographed = row.get("photographed");
        assert!(
            p.photos.iter().any(|ph| ph.photographed == photographed
                && ph.file.starts_with(&format!("{package}_"))
                && ph.source.title.as_deref() == Some(NLM_CREDIT)),
            "{what}: no NLM photo of {package} photographed {photographed} on {}",
            p.id
        );
        // The record itself is a source, dated.
        assert!(
            p.sources
                .iter()
                .any(|s| s.date.as_deref() == Some(photographed)
                    && s.title.as_deref().unwrap_or("").contains(package)),
            "{what}: {} does not cite NLM's record",
            p.id
        );
        // Every repackager NLM lists sells this same tablet.
        let listed: BTreeSet<String> = p
            .repackagers
            .iter()
            .map(|r| ndc_5_4(&r.ndc))
            .chain(
                p.labelers
                    .iter()
                    .filter_map(|l| l.ndc.as_deref().map(ndc_5_4)),
            )
            .collect();
        for r in row.get("relabeler_ndc9").split_whitespace() {
            assert!(
                listed.contains(r),
                "{what}: repackager {r} missing from {}",
                p.id
            );
        }
    }
}

/// The credit line of NLM's photos.
const NLM_CREDIT: &str = "U.S. National Library of Medicine";

#[test]
fn every_repackager_is_one_nlm_lists_for_that_tablet() {
    // The only source of repackagers is NLM's list for the tablet's NDCs.
    let c = db();
    let rows = nlm_baclofen_rows();
    for p in &c.products {
        let ndcs: BTreeSet<String> = p
            .labelers
            .iter()
            .filter_map(|l| l.ndc.as_deref().map(ndc_5_4))
            .collect();
        let listed: BTreeSet<&str> = rows
            .iter()
            .filter(|r| ndcs.contains(&ndc_5_4(r.get("ndc11").rsplit_once('-').unwrap().0)))
            .flat_map(|r| r.get("relabeler_ndc9").split_whitespace())
            .collect();
        for r in &p.repackagers {
            assert!(
                listed.contains(r.ndc.as_str()),
                "{}: repackager {} is not in NLM's list",
                p.id,
                r.ndc
            );
        }
    }
}

/// The directory the app serves the photos from.
fn photos_dir() -> PathBuf {
    root().join("assets/photos")
}

#[test]
fn every_photo_is_shipped_small_and_every_shipped_photo_is_used() {
    let c = db();
    let named: BTreeSet<&str> = c
        .products
        .iter()
        .flat_map(|p| p.photos.iter().map(|ph| ph.file.as_str()))
        .collect();
    assert_eq!(named.len(), 11, "NLM's 11 baclofen photos");
    let shipped: BTreeSet<String> = std::fs::read_dir(photos_dir())
        .expect("assets/photos/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let named_owned: BTreeSet<String> = named.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(shipped, named_owned, "assets/photos/ against the database");
    for file in &shipped {
        let bytes = std::fs::metadata(photos_dir().join(file)).unwrap().len();
        assert!(bytes <= 8 * 1024, "{file} is {bytes} bytes, over 8 KiB");
        // Whole: the size the page reserves for it, both faces and the ruler.
        let webp = std::fs::read(photos_dir().join(file)).unwrap();
        assert_eq!(
            webp_size(&webp),
            Some((
                pillid::ui::photo::PHOTO_WIDTH,
                pillid::ui::photo::PHOTO_HEIGHT
            )),
            "{file}"
        );
        // Each converts one of NLM's photos in data/nlm-rximage/photos/.
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
        let original = root().join(format!("data/nlm-rximage/photos/{stem}.jpg"));
        assert!(
            original.is_file(),
            "{file} has no original {}",
            original.display()
        );
    }
}

/// Width and height of a lossy WebP (a RIFF file whose first chunk is
/// `VP8 `), from its key frame header.
fn webp_size(data: &[u8]) -> Option<(u32, u32)> {
    if data.get(..4)? != b"RIFF" || data.get(8..16)? != b"WEBPVP8 " {
        return None;
    }
    // Chunk size (4), frame tag (3), start code 9d 01 2a, then 14-bit
    // width and height.
    if data.get(23..26)? != [0x9d, 0x01, 0x2a] {
        return None;
    }
    let w = u16::from_le_bytes([data[26], data[27]]) & 0x3fff;
    let h = u16::from_le_bytes([data[28], data[29]]) & 0x3fff;
    Some((u32::from(w), u32::from(h)))
}

// ---------------------------------------------------------------------------
// Nothing without a source: each imprint, NDC, size and maker is said by a
// source the file cites, as far as a test can tell from the file.

/// Letters and digits only, upper case.
fn fold(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Imprint readings that no source of the product gives: a reading is
/// NLM's record of one of the product's NDCs (separators aside), or each of
/// its sides or lines occurs in the product's description (the source's
/// own words).
fn unsourced_readings(c: &Catalog, rows: &[NlmRow]) -> Vec<String> {
    let mut out = Vec::new();
    for p in &c.products {
        let ndcs: BTreeSet<String> = p
            .labelers
            .iter()
            .filter_map(|l| l.ndc.as_deref().map(ndc_5_4))
            .collect();
        let recorded: BTreeSet<String> = rows
            .iter()
            .filter(|r| ndcs.contains(&ndc_5_4(r.get("ndc11").rsplit_once('-').unwrap().0)))
            .map(|r| fold(r.get("imprint")))
            .collect();
        let described = p.description.as_deref().map(fold).unwrap_or_default();
        for reading in p.imprints() {
            if recorded.contains(&fold(reading)) {
                continue;
            }
            for part in pillid::imprint::parts(reading) {
                if !described.contains(&fold(part)) {
                    out.push(format!("{}: `{part}` of `{reading}`", p.id));
                }
            }
        }
    }
    out
}

#[test]
fn every_imprint_and_variant_is_given_by_a_source() {
    let rows = nlm_baclofen_rows();
    assert_eq!(unsourced_readings(&db(), &rows), Vec::<String>::new());
    // The check can fail: the invented reading the audit removed.
    let mut c = db();
    let p = c
        .products
        .iter_mut()
        .find(|p| p.id == "imprint-4096-10")
        .unwrap();
    p.imprint_variants.push("TV;4096;10".into());
    assert_eq!(
        unsourced_readings(&c, &rows),
        vec!["imprint-4096-10: `TV` of `TV;4096;10`".to_owned()]
    );
}

#[test]
fn every_ndc_is_written_in_a_source_or_its_quoting_note() {
    for (owner, l) in all_labelers(&db()) {
        let Some(ndc) = &l.ndc else { continue };
        let (a, b) = ndc.split_once('-').unwrap();
        let forms = [
            ndc.clone(),
            ndc_5_4(ndc),
            format!("{}-{b}", a.trim_start_matches('0')),
        ];
        let cited: String = l
            .sources
            .iter()
            .map(|s| format!("{} {}", s.url, s.title.as_deref().unwrap_or("")))
            .chain(l.note.clone())
            .collect::<Vec<_>>()
            .join(" ")
            .replace("%22", " ");
        assert!(
            forms.iter().any(|f| cited.contains(f.as_str())),
            "{owner}: NDC {ndc} of {} is in none of its sources",
            l.name
        );
    }
}

#[test]
fn every_size_is_given_by_a_source() {
    let c = db();
    let rows = nlm_baclofen_rows();
    for p in c.products.iter().filter(|p| p.size_mm.is_some()) {
        let mm = p.size_mm.unwrap();
        let ndcs: BTreeSet<String> = p
            .labelers
            .iter()
            .filter_map(|l| l.ndc.as_deref().map(ndc_5_4))
            .collect();
        let by_nlm = rows.iter().any(|r| {
            ndcs.contains(&ndc_5_4(r.get("ndc11").rsplit_once('-').unwrap().0))
                && r.get("size_mm") == mm.to_string()
        });
        let said: Vec<String> = p
            .sources
            .iter()
            .filter_map(|s| s.title.clone())
            .chain(p.description.clone())
            .collect();
        let in_words = said
            .iter()
            .any(|t| t.contains(&format!("{mm} mm")) || t.contains(&format!("{mm}-mm")));
        assert!(by_nlm || in_words, "{}: {mm} mm has no source", p.id);
    }
}

#[test]
fn a_maker_is_named_only_with_its_source_and_no_labeler_is_called_maker_without_a_label() {
    let c = db();
    for p in &c.products {
        if let Some(name) = &p.manufacturer.name {
            // The lead says where the name comes from.
            let lead = p.manufacturer.lead.as_deref().unwrap_or("");
            let first = name.split_whitespace().next().unwrap();
            assert!(lead.contains(first), "{}: {name} without its source", p.id);
        }
    }
    for (owner, l) in all_labelers(&c) {
        if l.role == Role::Manufacturer {
            assert_eq!(
                l.confidence,
                Confidence::LabelText,
                "{owner}: {} is called the maker without a label saying so",
                l.name
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Broken records: validation refuses them and names the record.

/// The embedded file as a JSON value, with `edit` applied, validated.
fn validate_edited(edit: impl FnOnce(&mut Value)) -> Result<Catalog, Vec<String>> {
    let mut value: Value = serde_json::from_str(EMBEDDED_JSON).unwrap();
    edit(&mut value);
    Catalog::from_json(&serde_json::to_string_pretty(&value).unwrap())
}

/// The product with this id inside a raw database value.
fn product_mut<'v>(value: &'v mut Value, id: &str) -> &'v mut Value {
    value["products"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no product {id} in the file"))
}

/// Asserts that validation failed and that a message names `record` and
/// mentions `what`.
fn assert_refused(result: Result<Catalog, Vec<String>>, record: &str, what: &str) {
    let problems = match result {
        Ok(_) => panic!("a broken {record} was accepted"),
        Err(problems) => problems,
    };
    assert!(
        problems
            .iter()
            .any(|m| m.contains(record) && m.contains(what)),
        "no message names {record} and mentions {what}:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn an_unedited_copy_is_accepted() {
    // So that each test below fails because of its one break.
    assert!(validate_edited(|_| {}).is_ok());
}

#[test]
fn an_unknown_colour_word_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "northstar-n029")["colors"] = "[\"OFF-WHITE\"]".parse().unwrap()
    });
    assert_refused(result, "northstar-n029", "OFF-WHITE");
}

#[test]
fn an_unknown_shape_word_is_refused() {
    let result = validate_edited(|v| product_mut(v, "imprint-2265-v")["shape"] = "OBLONG".into());
    assert_refused(result, "imprint-2265-v", "OBLONG");
}

#[test]
fn a_duplicate_ndc_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "eywa-e-9")["labelers"][0]["ndc"] = "71930-006".into();
    });
    assert_refused(result, "eywa-e-9", "71930-006");
}

#[test]
fn a_duplicate_ndc_between_a_tablet_and_the_unplaced_is_refused() {
    let result = validate_edited(|v| v["unplaced"][0]["ndc"] = "70710-1285".into());
    assert_refused(result, "Advagen Pharma Limited", "70710-1285");
}

#[test]
fn a_product_without_a_source_is_refused() {
    let result =
        validate_edited(|v| product_mut(v, "trupharma-024")["sources"] = Value::Array(vec![]));
    assert_refused(result, "trupharma-024", "no source");
}

#[test]
fn a_labeler_without_a_source_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "imprint-u-343")["labelers"][1]["sources"] = Value::Array(vec![]);
    });
    assert_refused(result, "Preferred Pharmaceuticals Inc.", "no source");
}

#[test]
fn a_non_canonical_imprint_is_refused() {
    let result =
        validate_edited(|v| product_mut(v, "imprint-kp02-10")["imprint"] = "kp02 10".into());
    assert_refused(result, "imprint-kp02-10", "canonical");
}

#[test]
fn a_non_canonical_imprint_variant_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "imprint-4096-10")["imprint_variants"][0] = "TV  4096;10".into();
    });
    assert_refused(result, "imprint-4096-10", "canonical");
}

#[test]
fn a_zero_strength_is_refused() {
    let result = validate_edited(|v| product_mut(v, "zydus-1286")["strength"] = "0 mg".into());
    assert_refused(result, "zydus-1286", "strength");
}

#[test]
fn a_dangling_look_alike_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "zydus-1285")["look_alikes"] =
            "[\"zydus-1287\", \"zydus-1286\"]".parse().unwrap();
    });
    assert_refused(result, "zydus-1285", "zydus-1287");
}

#[test]
fn a_look_alike_that_does_not_link_back_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "zydus-1286")
            .as_object_mut()
            .unwrap()
            .remove("look_alikes");
    });
    assert_refused(result, "zydus-1285", "does not link back");
}

#[test]
fn a_malformed_ndc_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "zydus-1285")["labelers"][0]["ndc"] = "70710-12855".into();
    });
    assert_refused(result, "zydus-1285", "70710-12855");
}

#[test]
fn an_unplaced_entry_without_a_strength_is_refused() {
    let result = validate_edited(|v| {
        v["unplaced"][1].as_object_mut().unwrap().remove("strength");
    });
    assert_refused(result, "Marlex Pharmaceuticals Inc", "strength");
}

#[test]
fn a_confirmed_maker_needs_label_text() {
    let result = validate_edited(|v| {
        product_mut(v, "trupharma-024")["manufacturer"]["confirmed"] = true.into();
    });
    assert_refused(result, "trupharma-024", "confirmed");
}

#[test]
fn faces_that_do_not_carry_the_imprint_are_refused() {
    // LCI 1330 has both lines on one face; moving 1330 to the other face
    // describes a different tablet (the 5 mg LCI 1333 is built that way).
    let result = validate_edited(|v| {
        product_mut(v, "chartwell-lci-1330")["faces"] =
            r#"[{"imprint": "LCI"}, {"imprint": "1337"}]"#.parse().unwrap()
    });
    assert_refused(result, "chartwell-lci-1330", "faces");
}

#[test]
fn a_score_line_on_an_unscored_tablet_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "zydus-1609")["faces"] =
            r#"[{"imprint": "16", "score_line": true}, {"imprint": "09"}]"#
                .parse()
                .unwrap()
    });
    assert_refused(result, "zydus-1609", "score line");
}

#[test]
fn hidden_characters_are_refused_in_every_string_naming_the_field() {
    // Terminal escapes, bidi overrides and invisible characters: the red
    // team's labeler name, and one of each kind in other fields.
    type Edit = fn(&mut Value);
    let cases: [(Edit, &str, &str); 6] = [
        (
            |v| {
                product_mut(v, "zydus-1285")["labelers"][0]["name"] =
                    "Evil\u{1b}]0;PWNED\u{7}\u{1b}[2JLabs".into()
            },
            "zydus-1285",
            "field `labelers[0].name` contains U+001B (a control character)",
        ),
        (
            |v| product_mut(v, "northstar-n029")["manufacturer"]["lead"] = "\u{202e}ti".into(),
            "northstar-n029",
            "field `manufacturer.lead` contains U+202E (a bidirectional-text control)",
        ),
        (
            |v| product_mut(v, "eywa-e-9")["sources"][0]["title"] = "label\u{200b}".into(),
            "eywa-e-9",
            "field `sources[0].title` contains U+200B (an invisible formatting character)",
        ),
        (
            |v| product_mut(v, "trupharma-024")["note"] = "line\nbreak".into(),
            "trupharma-024",
            "field `note` contains U+000A (a control character)",
        ),
        (
            |v| v["unplaced"][0]["note"] = "\u{85}".into(),
            "unplaced labeler `Advagen Pharma Limited`",
            "field `note` contains U+0085",
        ),
        (
            |v| v["about"] = "about\u{2066}".into(),
            "the database's `about`",
            "contains U+2066",
        ),
    ];
    for (edit, record, what) in cases {
        assert_refused(validate_edited(edit), record, what);
    }
}

#[test]
fn an_as_of_date_that_is_not_a_date_is_refused() {
    let result = validate_edited(|v| v["as_of"] = "22 November 2026".into());
    assert_refused(result, "as_of", "YYYY-MM-DD");
}

#[test]
fn a_source_dated_after_the_as_of_date_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "northstar-n029")["sources"][1]["date"] = "2099-01-01".into();
    });
    assert_refused(
        result,
        "northstar-n029",
        "after the database's `as_of` date",
    );
}

#[test]
fn a_photo_without_its_credit_is_refused() {
    let result = validate_edited(|v| {
        product_mut(v, "teva-4097-tv")["photos"][0]["source"]
            .as_object_mut()
            .unwrap()
            .remove("title");
    });
    assert_refused(result, "teva-4097-tv", "credit");
}

#[test]
fn an_ndc_is_shared_only_with_a_former_appearance() {
    // 0172-4096 carried Z 4096 / 10, then TV / 4096: allowed because the
    // first is marked former. Unmarked, the two tablets would share an NDC.
    let result = validate_edited(|v| {
        product_mut(v, "imprint-4096-10")
            .as_object_mut()
            .unwrap()
            .remove("former_imprint");
    });
    assert_refused(result, "teva-4096-tv", "0172-4096");
}
