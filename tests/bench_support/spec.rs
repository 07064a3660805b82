//! The embedded workload's queries: the rows of the matcher's
//! specification table (`CASES` in `tests/common/spec_cases.rs`) that name
//! the product which must rank first (`Match`, `Possible`, `First`), since
//! top-1 accuracy needs a right answer. Rows for ambiguous input, imprints
//! of other drugs and garbage are counted and left out.

use crate::spec_cases::{Case, CASES};
use pillid::vocab::{Color, Shape};

/// One benchmark query from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecQuery {
    /// What is typed.
    pub text: &'static str,
    /// The shape picked, if any.
    pub shape: Option<Shape>,
    /// The colour picked, if any.
    pub colour: Option<Color>,
    /// The SPL imprint of the product that must rank first.
    pub expected: &'static str,
}

/// The queries of the table, and how many rows were left out for having no
/// single right answer.
#[derive(Debug)]
pub struct Spec {
    /// Rows with a product that must rank first, in the table's order.
    pub queries: Vec<SpecQuery>,
    /// Rows without one (ambiguous input, other drugs, garbage).
    pub skipped: usize,
}

/// The benchmark queries of `cases`.
pub fn from_cases(cases: &[Case]) -> Spec {
    let queries: Vec<SpecQuery> = cases
        .iter()
        .filter_map(|case| {
            Some(SpecQuery {
                text: case.text,
                shape: case.shape,
                colour: case.color,
                expected: case.expect.first()?,
            })
        })
        .collect();
    Spec {
        skipped: cases.len() - queries.len(),
        queries,
    }
}

/// The benchmark queries of the specification table.
pub fn queries() -> Spec {
    from_cases(CASES)
}
