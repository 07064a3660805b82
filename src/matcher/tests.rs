//! Unit tests of the matcher's pieces: the weights, the alignment and the
//! pruning (which must give exactly the exhaustive answer).

use super::*;

fn target(spl: &str) -> Target {
    let parts: Vec<(usize, &str)> = {
        let mut off = 0;
        imprint::parts(spl)
            .map(|p| {
                let r = (off, p);
                off += p.len() + 1;
                r
            })
            .collect()
    };
    let order: Vec<usize> = (0..parts.len()).collect();
    target_for(&parts, &order, 0, false)
}

#[test]
fn exact_alignment_costs_nothing() {
    let a = Dp::default().align(b"KP0210", &target("KP02;10"));
    assert_eq!(a.edit_cost, 0.0);
    assert_eq!(a.unexplained, 0);
}

#[test]
fn lookalike_costs_lookalike_cost() {
    let a = Dp::default().align(b"KPO210", &target("KP02;10"));
    assert_eq!(a.edit_cost, LOOKALIKE_COST);
    assert_eq!(a.unexplained, 0);
}

#[test]
fn partial_input_costs_untyped_characters() {
    let a = Dp::default().align(b"KP02", &target("KP02;10"));
    assert_eq!(a.edit_cost, 0.0);
    assert_eq!(a.total, 2 * UNTYPED_UNITS);
}

#[test]
fn transposition_is_one_unexplained_edit() {
    let a = Dp::default().align(b"1258", &target("1285"));
    assert_eq!(a.unexplained, 1);
    assert_eq!(a.edit_cost, TRANSPOSE_COST);
}

#[test]
fn words_and_sides_are_marked() {
    let t = target("BAC 10;U-S");
    assert_eq!(t.chars, b"BAC10US");
    assert_eq!(t.words, vec![(0, 3), (3, 5), (5, 6), (6, 7)]);
}

#[test]
fn skipping_lengths_never_changes_the_answer() {
    // Baclofen's own tablets (always scored) among many others (pruned).
    let mut catalog = crate::synthetic::catalog(2500, 11);
    catalog
        .products
        .splice(0..0, crate::catalog::catalog().products.iter().cloned());
    let fast = Matcher::new(&catalog);
    let slow = Matcher {
        prune: false,
        ..Matcher::new(&catalog)
    };
    let mut queries: Vec<String> = crate::synthetic::queries(&catalog, 100, 12)
        .into_iter()
        .map(|(q, _)| q)
        .chain(["KP02 10", "E 6", "1285", "4097 tv", "LCI 13", "22 65 V"].map(String::from))
        .collect();
    for q in queries.clone() {
        for end in 1..q.len() {
            if q.is_char_boundary(end) {
                queries.push(q[..end].to_owned());
            }
        }
    }
    for q in queries {
        let (a, b) = (
            fast.identify(&Query::text(q.as_str())),
            slow.identify(&Query::text(q.as_str())),
        );
        let summary = |id: &Identification<'_>| {
            (
                id.verdict,
                id.candidates
                    .iter()
                    .map(|c| (c.product.id.clone(), c.score.to_bits()))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(summary(&a), summary(&b), "{q}");
    }
}

#[test]
fn orderings_list_identity_first() {
    let o = orderings(3);
    assert_eq!(o.len(), 6);
    assert_eq!(o[0], (vec![0, 1, 2], false));
    assert!(o[1..].iter().all(|(_, p)| *p));
}

/// [`best_reading`] as it was before alignments stopped early and repeated
/// orderings were left out: every typed reading against every ordering of
/// every imprint reading, each aligned in full.
fn best_reading_in_full(
    dp: &mut Dp,
    readings: &[Vec<u8>],
    entry: &Entry,
) -> (Alignment, usize, usize) {
    let mut best: Option<(Alignment, usize, usize)> = None;
    for (reading, typed) in readings.iter().enumerate() {
        for (k, target) in entry.targets.iter().enumerate() {
            let mut a = dp.align(typed, target);
            a.side_order_differs = target.permuted != (reading > 0);
            let key = |a: &Alignment, k: usize| {
                (
                    a.total,
                    a.unexplained,
                    a.side_order_differs,
                    entry.targets[k].permuted,
                )
            };
            if best
                .as_ref()
                .is_none_or(|(b, bk, _)| key(&a, k) < key(b, *bk))
            {
                best = Some((a, k, reading));
            }
        }
    }
    best.expect("every entry has an ordering")
}

#[test]
fn early_stopped_alignments_pick_what_full_ones_pick() {
    // Many-sided imprints, repeated sides (93;311;93;311, whose repeated
    // orderings are left out) and variants among the shipped and synthetic
    // tablets.
    let mut catalog = crate::synthetic::catalog(300, 5);
    catalog
        .products
        .splice(0..0, crate::catalog::catalog().products.iter().cloned());
    let model = catalog.products[0].clone();
    for (k, spl) in [
        "93;311;93;311",
        "A;B1;A;B1;A",
        "10;10",
        "KP;02;KP;02;10",
        "E 6;E 6",
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = model.clone();
        p.id = format!("repeated-{k}");
        p.imprint = spl.to_owned();
        p.imprint_variants = vec!["KP02;10".to_owned()];
        catalog.products.push(p);
    }
    let matcher = Matcher::new(&catalog);
    // Each product's orderings in the packed arrays.
    let mut orderings = vec![(0, 0); matcher.entries.len()];
    for bucket in std::iter::once(&matcher.target_medicine).chain(&matcher.buckets) {
        for (&index, &range) in bucket.entries.iter().zip(&bucket.orderings) {
            orderings[index] = range;
        }
    }
    let mut queries: Vec<String> = crate::synthetic::queries(&catalog, 60, 3)
        .into_iter()
        .map(|(q, _)| q)
        .chain(
            [
                "93 311",
                "311 93 93",
                "KP02 10",
                "10 KP02",
                "E6 10",
                "1285",
                "B1 A",
                "9331193",
            ]
            .map(String::from),
        )
        .collect();
    for q in queries.clone() {
        for end in 1..q.len() {
            if q.is_char_boundary(end) {
                queries.push(q[..end].to_owned());
            }
        }
    }
    let (mut dp, mut compared) = (Dp::default(), 0);
    for q in &queries {
        let parsed = imprint::parse_query(q);
        if parsed.text.is_empty() {
            continue;
        }
        let readings = typed_readings(&parsed);
        let m = readings[0].len();
        let allowed = allowed_edits(m);
        let allowed_units = m as u32 * LOOKALIKE_UNITS + allowed as u32 * EDIT_UNITS;
        for (index, entry) in matcher.entries.iter().enumerate() {
            let (first, end) = orderings[index];
            let packed = &matcher.packed.orderings[first as usize..end as usize];
            let fast = best_reading(&mut dp, &readings, &matcher.packed, packed, allowed_units);
            let (full, which, reading) = best_reading_in_full(&mut dp, &readings, entry);
            let summary = |a: &Alignment, which: usize, reading: usize| {
                (
                    a.total,
                    a.unexplained,
                    a.edit_cost.to_bits(),
                    a.covered,
                    a.whole_words,
                    a.straddles,
                    a.side_order_differs,
                    which,
                    reading,
                )
            };
            // The search drops a product whose best needs more real edits
            // than allowed; a fast `None` is right only then.
            match fast {
                Some((a, w, r)) => {
                    assert_eq!(
                        summary(&a, w, r),
                        summary(&full, which, reading),
                        "{q} against {}",
                        catalog.all_products().nth(index).unwrap().imprint
                    );
                    compared += 1;
                }
                None => assert!(
                    full.unexplained as f64 > allowed,
                    "{q} against {}: dropped, but the full best needs {} edits",
                    catalog.all_products().nth(index).unwrap().imprint,
                    full.unexplained
                ),
            }
        }
    }
    // The comparison really ran on alignments found both ways.
    assert!(compared > queries.len());
}
