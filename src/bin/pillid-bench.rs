//! The benchmark page's entry points (`make bench`, see `bench/`), built by
//! trunk for wasm32 with the same release profile as the app.
//!
//! The page (`bench/bench.js`) loads a catalog here, gets its products as
//! JSON so that Fuse.js indexes the very same records, and then calls
//! `identify_top` in a timed loop. That function runs the library's
//! [`Matcher`](pillid::matcher::Matcher), the one the app uses, so the time
//! measured in the page includes the call from JavaScript into WebAssembly
//! and back.

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
mod exports {
    use pillid::catalog::{others, Catalog, Product};
    use pillid::matcher::{self, Matcher, Query};
    use pillid::synthetic;
    use pillid::vocab::{Color, Shape};
    use serde::Serialize;
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The catalog being benchmarked, and its matcher once prepared.
        static CURRENT: Cell<Option<Loaded>> = const { Cell::new(None) };
        /// Synthetic catalogs generated so far, by (size, seed). Generated
        /// once and kept for the page's lifetime (leaked: the matcher
        /// borrows its catalog for `'static`), so a second run reuses them.
        static GENERATED: RefCell<HashMap<(u32, u32), Loaded>> = RefCell::new(HashMap::new());
    }

    #[derive(Clone, Copy)]
    struct Loaded {
        catalog: &'static Catalog,
        matcher: Option<&'static Matcher<'static>>,
    }

    /// What Fuse.js indexes for one product: the fields a developer would
    /// give it, in the order of the catalog (the array index is the product
    /// index that [`identify_top`] returns).
    #[derive(Serialize)]
    struct Record<'a> {
        id: &'a str,
        imprint: &'a str,
        variants: &'a [String],
        shape: Shape,
        colour: &'a [Color],
        strength: String,
    }

    fn records(catalog: &Catalog) -> String {
        let records: Vec<Record<'_>> = catalog
            .products
            .iter()
            .map(|p| Record {
                id: &p.id,
                imprint: &p.imprint,
                variants: &p.imprint_variants,
                shape: p.shape,
                colour: &p.colors,
                strength: p.strength.to_string(),
            })
            .collect();
        serde_json::to_string(&records).unwrap_or_else(|e| wasm_bindgen::throw_str(&e.to_string()))
    }

    fn current() -> Result<Loaded, JsValue> {
        CURRENT.get().ok_or_else(|| {
            JsValue::from_str("no catalog loaded: call load_embedded or load_synthetic first")
        })
    }

    /// Makes the embedded baclofen database current, with the app's own
    /// prepared matcher, and returns its products as JSON records.
    #[wasm_bindgen]
    pub fn load_embedded() -> String {
        let matcher = matcher::embedded();
        CURRENT.set(Some(Loaded {
            catalog: matcher.catalog(),
            matcher: Some(matcher),
        }));
        records(matcher.catalog())
    }

    /// Parses the other medicines' table compiled into the app
    /// (`data/other-medicines.tsv`) as the app's start does, and returns
    /// how many products it holds; the page times it. Parsed afresh on
    /// every call (the app's own copy is parsed once, on first use).
    #[wasm_bindgen]
    pub fn parse_other_medicines() -> Result<u32, JsValue> {
        others::parse_table(others::OTHER_MEDICINES_TSV)
            .map(|products| products.len() as u32)
            .map_err(|errors| JsValue::from_str(&errors.join("\n")))
    }

    /// Makes the synthetic catalog of `size` products for `seed` current
    /// (generating it the first time), without preparing a matcher: the
    /// page times [`prepare_matcher`] on its own.
    #[wasm_bindgen]
    pub fn load_synthetic(size: u32, seed: u32) {
        let loaded = GENERATED.with_borrow_mut(|generated| {
            *generated.entry((size, seed)).or_insert_with(|| Loaded {
                catalog: Box::leak(Box::new(synthetic::catalog(size as usize, u64::from(seed)))),
                matcher: None,
            })
        });
        CURRENT.set(Some(loaded));
    }

    /// The current catalog's products as JSON records (see `Record`).
    #[wasm_bindgen]
    pub fn catalog_records() -> Result<String, JsValue> {
        Ok(records(current()?.catalog))
    }

    /// Prepares the matcher for the current catalog (`Matcher::new`), once.
    #[wasm_bindgen]
    pub fn prepare_matcher() -> Result<(), JsValue> {
        let mut loaded = current()?;
        if loaded.matcher.is_none() {
            loaded.matcher = Some(Box::leak(Box::new(Matcher::new(loaded.catalog))));
            CURRENT.set(Some(loaded));
            GENERATED.with_borrow_mut(|generated| {
                for g in generated.values_mut() {
                    if std::ptr::eq(g.catalog, loaded.catalog) {
                        g.matcher = loaded.matcher;
                    }
                }
            });
        }
        Ok(())
    }

    /// `count` queries typed from the current catalog's products
    /// (`pillid::synthetic::queries`), as JSON `[[text, product index], ...]`.
    #[wasm_bindgen]
    pub fn synthetic_queries(count: u32, seed: u32) -> Result<String, JsValue> {
        let queries = synthetic::queries(current()?.catalog, count as usize, u64::from(seed));
        serde_json::to_string(&queries).map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Identifies `imprint` (with an optional picked `shape` and `colour`,
    /// SPL names; empty for none) in the current catalog and returns the
    /// index of the first candidate among the page's records, -1 when there
    /// is none, or -2 when it is a tablet of another medicine (the shipped
    /// table of other medicines, which the records do not hold).
    #[wasm_bindgen]
    pub fn identify_top(imprint: &str, shape: &str, colour: &str) -> Result<i32, JsValue> {
        let loaded = current()?;
        let matcher = loaded
            .matcher
            .ok_or_else(|| JsValue::from_str("call prepare_matcher first"))?;
        let query = Query {
            imprint: imprint.to_owned(),
            shape: picked(shape, Shape::from_spl_name, "shape")?,
            color: picked(colour, Color::from_spl_name, "colour")?,
            size_mm: None,
        };
        let answer = matcher.identify(&query);
        Ok(answer
            .candidates
            .first()
            .map_or(-1, |c| index_of(loaded.catalog, c.product)))
    }

    fn picked<T>(
        name: &str,
        parse: fn(&str) -> Option<T>,
        what: &str,
    ) -> Result<Option<T>, JsValue> {
        if name.is_empty() {
            return Ok(None);
        }
        parse(name)
            .map(Some)
            .ok_or_else(|| JsValue::from_str(&format!("unknown {what} {name:?}")))
    }

    /// The position of `product` in `catalog.products`, or -2 when it is one
    /// of `catalog.others`.
    fn index_of(catalog: &Catalog, product: &Product) -> i32 {
        if !catalog
            .products
            .as_ptr_range()
            .contains(&std::ptr::from_ref(product))
        {
            return -2;
        }
        let offset = product as *const Product as usize - catalog.products.as_ptr() as usize;
        (offset / std::mem::size_of::<Product>()) as i32
    }
}

/// The exports above are the program; `main` has nothing to start.
#[cfg(target_arch = "wasm32")]
fn main() {}

/// Natively there is no page: say how to run the benchmark.
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "pillid-bench is the browser benchmark's WebAssembly module. Run `make bench`; \
         for the native matcher benchmark run `cargo bench --bench matcher`."
    );
    std::process::ExitCode::from(2)
}
