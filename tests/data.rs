//! The baclofen database's specification: what `data/baclofen.json` must
//! hold, and which mistakes in it validation must catch.
//!
//! The first half checks the embedded file itself. The second half breaks
//! one record of a copy at a time and requires [`Catalog::from_json`] to
//! refuse it with a message naming that record, so a bad record fails the
//! build instead of being skipped.

use pillid::catalog::{
    Catalog, Confidence, Labeler, MarketingStatus, Product, Strength, EMBEDDED_JSON,
};
use pillid::imprint::normalize_imprint;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

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
        assert!(p.is_target(), "{}", p.id);
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
    // Upsher-Smith ended 2026-10-31; the tablet itself stays unknown.
    assert_eq!(labeler("0832-1054").status, MarketingStatus::Discontinued);
    assert_eq!(
        product("imprint-bac-10-u-s").status,
        MarketingStatus::Unknown
    );
    // Attributions by NDC product code alone are inferred.
    for ndc in [
        "0527-1330",
        "29300-343",
        "68788-8783",
        "0832-1054",
        "0603-2406",
    ] {
        assert_eq!(labeler(ndc).confidence, Confidence::Inferred, "{ndc}");
    }
    // The Teva 10 mg NDC is a guess nobody has seen: it must not appear.
    assert!(!EMBEDDED_JSON.contains("\"0172-4096\""));
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
