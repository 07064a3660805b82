//! Time per query: on the embedded baclofen database, and on a synthetic
//! database of 100,000 products (see `pillid::synthetic`). Run with
//! `cargo bench --bench matcher`; criterion prints the time per query. The
//! targets (well under 1 ms embedded, under 16 ms at 100,000) are read off
//! the output, never asserted.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use pillid::matcher::{self, Matcher, Query};
use pillid::synthetic;
use spec_cases::CASES;
use std::hint::black_box;

/// Queries a pharmacist types: the matcher's specification table.
#[allow(dead_code)] // Only the queries are used here, not what they expect.
#[path = "../tests/common/spec_cases.rs"]
mod spec_cases;

const SYNTHETIC_SIZE: usize = 100_000;
const SYNTHETIC_SEED: u64 = 2026;

fn embedded(c: &mut Criterion) {
    let matcher = matcher::embedded();
    let mut group = c.benchmark_group("embedded");
    let queries: Vec<Query> = CASES.iter().map(|case| case.query()).collect();
    group.bench_function("per query (the spec table's queries, mean)", |b| {
        let mut i = 0;
        b.iter(|| {
            let q = &queries[i % queries.len()];
            i += 1;
            black_box(matcher.identify(q).verdict)
        })
    });
    group.bench_function("per keystroke (typing `lci 1330`)", |b| {
        let typed = "lci 1330";
        let mut i = 1;
        b.iter(|| {
            let q = Query::text(&typed[..i]);
            i = i % typed.len() + 1;
            black_box(matcher.identify(&q).verdict)
        })
    });
    group.finish();
}

fn synthetic_100k(c: &mut Criterion) {
    let catalog = synthetic::catalog(SYNTHETIC_SIZE, SYNTHETIC_SEED);
    let matcher = Matcher::new(&catalog);
    let queries = synthetic::queries(&catalog, 200, SYNTHETIC_SEED + 1);
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(20);
    group.bench_with_input(
        BenchmarkId::new("per query", SYNTHETIC_SIZE),
        &queries,
        |b, queries| {
            let mut i = 0;
            b.iter(|| {
                let q = Query::text(queries[i % queries.len()].0.as_str());
                i += 1;
                black_box(matcher.identify(&q).verdict)
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("per keystroke", SYNTHETIC_SIZE),
        &queries,
        |b, queries| {
            // Every prefix of every query, as typed one character at a time.
            let prefixes: Vec<String> = queries
                .iter()
                .take(40)
                .flat_map(|(q, _)| {
                    q.char_indices()
                        .map(|(i, c)| q[..i + c.len_utf8()].to_owned())
                        .collect::<Vec<_>>()
                })
                .collect();
            let mut i = 0;
            b.iter(|| {
                let q = Query::text(prefixes[i % prefixes.len()].as_str());
                i += 1;
                black_box(matcher.identify(&q).verdict)
            })
        },
    );
    group.finish();

    let top1 = queries
        .iter()
        .filter(|(q, want)| {
            matcher
                .identify(&Query::text(q.as_str()))
                .candidates
                .first()
                .map(|c| c.product.id.as_str())
                == Some(catalog.products[*want].id.as_str())
        })
        .count();
    println!(
        "synthetic {SYNTHETIC_SIZE}: top-1 accuracy {top1}/{} on derived queries",
        queries.len()
    );
}

criterion_group!(benches, embedded, synthetic_100k);
criterion_main!(benches);
