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
