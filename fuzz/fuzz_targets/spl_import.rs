//! Fuzz target `spl_import`: any bytes given to `pillid import` as an SPL
//! file go through the importer's pure core (parse, interpret, merge into a
//! copy of the embedded database with one indexed `Merger`, as the command
//! does) without a panic, and the core never leaves a database it would
//! write invalid.
//!
//! Input: the bytes of one file, as `pillid import` reads them.

#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;
use pillid::catalog::catalog;
use pillid::catalog::merge::Merger;
use pillid::spl::{import_label, parse_spl, MergeAction, MAX_PRODUCTS_PER_LABEL};
use pillid::text::is_hidden;

fuzz_target!(|data: &[u8]| {
    let Ok(label) = parse_spl(data) else { return };
    assert!(
        label.products.len() <= MAX_PRODUCTS_PER_LABEL,
        "the reader let {} products through",
        label.products.len()
    );
    let Ok(imported) = import_label(&label, "baclofen") else {
        return;
    };
    for p in &imported.products {
        assert_eq!(
            p.labelers.len(),
            1,
            "an imported product carries exactly its own label's labeler"
        );
        assert!(
            pillid::imprint::check_canonical(&p.imprint).is_ok(),
            "imported imprint {:?} is not canonical SPL form",
            p.imprint
        );
        let name = &p.labelers[0].name;
        assert!(
            !name.chars().any(is_hidden),
            "a hidden character reached a labeler name: {name:?}"
        );
    }

    let mut merged = catalog().clone();
    let mut merger = Merger::new(&mut merged);
    let mut failed = false;
    for p in imported.products {
        let before = merger.catalog().clone();
        match merger.merge(p) {
            Ok(outcome) => {
                let id = outcome.action.product_id();
                assert!(
                    merger.catalog().product(id).is_some(),
                    "merge reported {} but there is no product {id}",
                    outcome.action
                );
                if let MergeAction::KeptNewer(_) = outcome.action {
                    assert_eq!(
                        merger.catalog(),
                        &before,
                        "keeping the newer version changes nothing"
                    );
                }
            }
            Err(_) => {
                assert_eq!(merger.catalog(), &before, "a failed merge changes nothing");
                failed = true;
                break;
            }
        }
    }
    // `pillid import` refuses to write a database with problems; a merge
    // that succeeded must never produce one.
    if !failed {
        let problems = merged.problems();
        assert!(
            problems.is_empty(),
            "merged database is invalid:\n{}",
            problems.join("\n")
        );
    }
});
