//! Merging imported products into a [`Catalog`]: a product that looks the
//! same as one already there ([`same_tablet`]) gains the labeler, anything
//! else becomes a new product, and an NDC the catalog already lists under a
//! different-looking tablet is a conflict for a person to resolve. Not
//! specific to SPL: any importer that makes [`Product`]s with one labeler
//! each can use it.

use super::{Catalog, Labeler, MarketingStatus, Product, Source};
use crate::vocab::Color;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// What a merge did with one imported product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeAction {
    /// No product looked the same: added as a new product with this id.
    NewProduct(String),
    /// A product with the same look exists: the labeler was added to it.
    AddedLabeler(String),
    /// The product already lists this NDC: its labeler entry was replaced
    /// by this label's.
    UpdatedLabeler(String),
    /// The product already lists this NDC from a newer version of the same
    /// label: nothing changed.
    KeptNewer(String),
}

impl MergeAction {
    /// The id of the product concerned.
    pub fn product_id(&self) -> &str {
        match self {
            MergeAction::NewProduct(id)
            | MergeAction::AddedLabeler(id)
            | MergeAction::UpdatedLabeler(id)
            | MergeAction::KeptNewer(id) => id,
        }
    }
}

impl fmt::Display for MergeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeAction::NewProduct(id) => write!(f, "new product {id}"),
            MergeAction::AddedLabeler(id) => write!(f, "labeler added to product {id}"),
            MergeAction::UpdatedLabeler(id) => write!(f, "labeler updated in product {id}"),
            MergeAction::KeptNewer(id) => write!(
                f,
                "product {id} already has a newer version of this label; unchanged"
            ),
        }
    }
}

/// The result of merging one product: what was done, and anything worth
/// telling (conflicting sizes, an NDC taken out of `unplaced`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeOutcome {
    /// What was done.
    pub action: MergeAction,
    /// Facts worth telling the person importing.
    pub notes: Vec<String>,
}

/// True when two products are the same physical tablet: strength, dosage
/// form, shape, set of colours and imprint (or one of the existing
/// product's imprint variants).
pub fn same_tablet(existing: &Product, incoming: &Product) -> bool {
    let mut a = existing.colors.clone();
    let mut b = incoming.colors.clone();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    existing.strength == incoming.strength
        && existing.dosage_form == incoming.dosage_form
        && existing.shape == incoming.shape
        && a == b
        && existing.imprints().any(|i| i == incoming.imprint)
}

fn version_number(source: &Source) -> Option<u64> {
    source.version.as_deref().and_then(|v| v.parse().ok())
}

/// The version of `set_id` among these sources, if any.
fn version_of(sources: &[Source], set_id: Option<&str>) -> Option<u64> {
    sources
        .iter()
        .filter(|s| s.setid.is_some() && s.setid.as_deref() == set_id)
        .filter_map(version_number)
        .max()
}

/// Adds `source` to `sources`, replacing an older version of the same label.
fn add_source(sources: &mut Vec<Source>, source: &Source) {
    let same_label = sources
        .iter()
        .position(|s| s.setid.is_some() && s.setid == source.setid);
    match same_label {
        Some(i) if version_number(&sources[i]) <= version_number(source) => {
            sources[i] = source.clone();
        }
        Some(_) => {}
        None if !sources.contains(source) => sources.push(source.clone()),
        None => {}
    }
}

/// How a labeler entry of a product is found again: by its NDC, or, for an
/// entry without one, by its label's set id and its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum EntryKey {
    Ndc(String),
    Unnumbered(Option<String>, String),
}

impl EntryKey {
    fn of(l: &Labeler) -> EntryKey {
        match &l.ndc {
            Some(ndc) => EntryKey::Ndc(ndc.clone()),
            None => EntryKey::Unnumbered(l.setid.clone(), l.name.clone()),
        }
    }
}

/// Merges products into a catalog, one after the other, with the catalog
/// indexed (products by imprint, NDCs by product, labeler entries, ids), so
/// that merging n products costs about n lookups, not n scans of the catalog.
///
/// Build one per batch ([`Merger::new`] reads the whole catalog once) and
/// give it every product of the batch; [`merge`] is the one-product
/// shorthand.
pub struct Merger<'c> {
    catalog: &'c mut Catalog,
    /// Products by each imprint reading they carry (imprint and variants),
    /// in catalog order.
    by_imprint: HashMap<String, Vec<usize>>,
    /// The products listing each NDC, in catalog order (one in a valid
    /// catalog).
    ndc_products: HashMap<String, Vec<usize>>,
    /// The first labeler entry of a product with a given key.
    entries: HashMap<(usize, EntryKey), usize>,
    /// NDCs in the catalog's unplaced list.
    unplaced: HashSet<String>,
    /// Product ids in use, and for each id asked for, the next suffix to
    /// try (`id-2`, `id-3`, …).
    ids: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl<'c> Merger<'c> {
    /// Indexes `catalog` for merging into it.
    pub fn new(catalog: &'c mut Catalog) -> Merger<'c> {
        let mut merger = Merger {
            by_imprint: HashMap::new(),
            ndc_products: HashMap::new(),
            entries: HashMap::new(),
            unplaced: catalog
                .unplaced
                .iter()
                .filter_map(|l| l.ndc.clone())
                .collect(),
            ids: HashSet::new(),
            next_suffix: HashMap::new(),
            catalog,
        };
        for index in 0..merger.catalog.products.len() {
            merger.index_product(index);
        }
        merger
    }

    /// The catalog as merged so far.
    pub fn catalog(&self) -> &Catalog {
        self.catalog
    }

    /// Adds product `index` (already in the catalog) to the indexes.
    fn index_product(&mut self, index: usize) {
        let p = &self.catalog.products[index];
        self.ids.insert(p.id.clone());
        for imprint in p.imprints() {
            let list = self.by_imprint.entry(imprint.to_owned()).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
        for (i, l) in p.labelers.iter().enumerate() {
            self.entries.entry((index, EntryKey::of(l))).or_insert(i);
            if let Some(ndc) = &l.ndc {
                let list = self.ndc_products.entry(ndc.clone()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
    }

    /// `id`, or `id-2`, `id-3`, … when the catalog already uses it.
    fn unique_id(&mut self, id: &str) -> String {
        if !self.ids.contains(id) {
            return id.to_owned();
        }
        let mut n = self.next_suffix.get(id).copied().unwrap_or(2);
        let unique = loop {
            let candidate = format!("{id}-{n}");
            n += 1;
            if !self.ids.contains(&candidate) {
                break candidate;
            }
        };
        self.next_suffix.insert(id.to_owned(), n);
        unique
    }

    /// Merges one imported product (as [`crate::spl::import_label`] makes
    /// them: exactly one labeler).
    ///
    /// A product that looks the same ([`same_tablet`]) gets the labeler:
    /// added, or replacing the entry with the same NDC (an entry from a newer
    /// version of the same label is kept instead). Otherwise the product is
    /// appended under a fresh id. An NDC listed in `unplaced` moves to the
    /// product, since the label now gives its tablet. Fails, changing
    /// nothing, when the NDC is already listed under a different-looking
    /// product: that is a conflict for a person to resolve, never something
    /// to guess.
    pub fn merge(&mut self, incoming: Product) -> Result<MergeOutcome, String> {
        let [labeler] = incoming.labelers.as_slice() else {
            return Err(format!(
                "imported product `{}` must carry exactly one labeler",
                incoming.id
            ));
        };
        let labeler = labeler.clone();
        let products = &self.catalog.products;
        let target = self.by_imprint.get(&incoming.imprint).and_then(|list| {
            list.iter()
                .copied()
                .find(|&i| same_tablet(&products[i], &incoming))
        });
        let mut notes = Vec::new();
        if let Some(ndc) = &labeler.ndc {
            let other = self
                .ndc_products
                .get(ndc)
                .and_then(|list| list.iter().copied().find(|&i| Some(i) != target));
            if let Some(i) = other {
                let p = &products[i];
                return Err(format!(
                    "NDC {ndc} ({}) is {} `{}` {} {} on this label, but the database lists it \
                     under product `{}`, {} `{}` {} {}; resolve this by hand",
                    labeler.name,
                    incoming.strength,
                    incoming.imprint,
                    color_words(&incoming.colors),
                    incoming.shape,
                    p.id,
                    p.strength,
                    p.imprint,
                    color_words(&p.colors),
                    p.shape,
                ));
            }
            if self.unplaced.contains(ndc) {
                let unplaced = &mut self.catalog.unplaced;
                if let Some(u) = unplaced.iter().find(|u| u.ndc.as_ref() == Some(ndc)) {
                    if let Some(listed) = u.strength.as_ref().filter(|s| **s != incoming.strength) {
                        return Err(format!(
                            "NDC {ndc} is {} on this label but {listed} in the database's \
                             unplaced list; resolve this by hand",
                            incoming.strength,
                        ));
                    }
                }
                notes.push(format!(
                    "NDC {ndc} left the unplaced list: this label gives its tablet"
                ));
                unplaced.retain(|u| u.ndc.as_ref() != Some(ndc));
                self.unplaced.remove(ndc);
            }
        }
        let Some(index) = target else {
            let mut product = incoming;
            product.id = self.unique_id(&product.id);
            let id = product.id.clone();
            self.catalog.products.push(product);
            self.index_product(self.catalog.products.len() - 1);
            return Ok(MergeOutcome {
                action: MergeAction::NewProduct(id),
                notes,
            });
        };
        let key = (index, EntryKey::of(&labeler));
        let product = &mut self.catalog.products[index];
        let id = product.id.clone();
        let incoming_version = labeler.sources.first().and_then(version_number);
        let action = match self.entries.get(&key) {
            Some(&i) => {
                let existing_version =
                    version_of(&product.labelers[i].sources, labeler.setid.as_deref());
                if existing_version.is_some() && existing_version > incoming_version {
                    return Ok(MergeOutcome {
                        action: MergeAction::KeptNewer(id),
                        notes,
                    });
                }
                product.labelers[i] = labeler;
                MergeAction::UpdatedLabeler(id.clone())
            }
            None => {
                if let Some(ndc) = &labeler.ndc {
                    self.ndc_products
                        .entry(ndc.clone())
                        .or_default()
                        .push(index);
                }
                self.entries.insert(key, product.labelers.len());
                product.labelers.push(labeler);
                MergeAction::AddedLabeler(id.clone())
            }
        };
        for source in &incoming.sources {
            add_source(&mut product.sources, source);
        }
        product.confidence = product.confidence.min(incoming.confidence);
        if !product.manufacturer.confirmed && incoming.manufacturer.confirmed {
            notes.push(format!(
                "product {id}: manufacturer now confirmed from the label: {}",
                incoming.manufacturer.name.as_deref().unwrap_or("")
            ));
            product.manufacturer = incoming.manufacturer;
        } else if product.manufacturer.confirmed
            && incoming.manufacturer.confirmed
            && !same_org_name(
                product.manufacturer.name.as_deref(),
                incoming.manufacturer.name.as_deref(),
            )
        {
            notes.push(format!(
                "product {id}: this label names {} as manufacturer, the database {}; kept the \
                 database's",
                incoming.manufacturer.name.as_deref().unwrap_or("?"),
                product.manufacturer.name.as_deref().unwrap_or("?"),
            ));
        }
        match (product.size_mm, incoming.size_mm) {
            (None, Some(s)) => product.size_mm = Some(s),
            (Some(a), Some(b)) if a != b => notes.push(format!(
                "product {id}: this label gives size {b} mm, the database {a} mm; kept {a} mm"
            )),
            _ => {}
        }
        match (product.score, incoming.score) {
            (None, Some(s)) => product.score = Some(s),
            (Some(a), Some(b)) if a != b => notes.push(format!(
                "product {id}: this label gives score {b}, the database {a}; kept {a}"
            )),
            _ => {}
        }
        if incoming.status == MarketingStatus::Marketed {
            product.status = MarketingStatus::Marketed;
        }
        Ok(MergeOutcome { action, notes })
    }
}

/// Merges one imported product into `catalog`: [`Merger::merge`] on a
/// fresh [`Merger`]. Indexing costs one pass over the catalog, so merging
/// many products goes through one [`Merger`] instead.
pub fn merge(catalog: &mut Catalog, incoming: Product) -> Result<MergeOutcome, String> {
    Merger::new(catalog).merge(incoming)
}

fn color_words(colors: &[Color]) -> String {
    colors
        .iter()
        .map(|c| c.spl_name())
        .collect::<Vec<_>>()
        .join("/")
}

/// True when two organisation names are the same company written alike
/// (case, spaces and punctuation ignored).
pub(crate) fn same_org_name(a: Option<&str>, b: Option<&str>) -> bool {
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (key(a), key(b));
            !a.is_empty() && a == b
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Strength;
    use crate::spl::{import_spl, ImportedLabel};

    const MANUFACTURER: &str =
        include_str!("../../tests/fixtures/spl/manufacturer-two-strengths.xml");
    const REPACKAGER: &str = include_str!("../../tests/fixtures/spl/repackager.xml");

    fn import(xml: &str) -> ImportedLabel {
        import_spl(xml.as_bytes(), "baclofen").unwrap_or_else(|e| panic!("{e}"))
    }

    fn empty_catalog() -> Catalog {
        Catalog::default()
    }

    #[test]
    fn merge_groups_labelers_by_tablet() {
        let mut catalog = empty_catalog();
        for p in import(MANUFACTURER).products {
            assert!(matches!(
                merge(&mut catalog, p).unwrap().action,
                MergeAction::NewProduct(_)
            ));
        }
        let repack = import(REPACKAGER).products.remove(0);
        let outcome = merge(&mut catalog, repack).unwrap();
        assert_eq!(
            outcome.action,
            MergeAction::AddedLabeler("spl-testwell-fixture-tst-110-10".into())
        );
        let p = &catalog.products[0];
        assert_eq!(p.labelers.len(), 2);
        assert_eq!(p.sources.len(), 2);
        // The manufacturer stays confirmed; the repackager does not unconfirm it.
        assert!(p.manufacturer.confirmed);
        assert_eq!(catalog.problems(), Vec::<String>::new());
        // Importing the same label again updates, never duplicates.
        for p in import(MANUFACTURER).products {
            assert!(matches!(
                merge(&mut catalog, p).unwrap().action,
                MergeAction::UpdatedLabeler(_)
            ));
        }
        assert_eq!(catalog.products.len(), 2);
        assert_eq!(catalog.products[0].labelers.len(), 2);
    }

    #[test]
    fn repackager_first_then_maker_confirms_the_manufacturer() {
        let mut catalog = empty_catalog();
        merge(&mut catalog, import(REPACKAGER).products.remove(0)).unwrap();
        assert!(!catalog.products[0].manufacturer.confirmed);
        let outcome = merge(&mut catalog, import(MANUFACTURER).products.remove(0)).unwrap();
        assert!(outcome.notes[0].contains("now confirmed"));
        assert!(catalog.products[0].manufacturer.confirmed);
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let mut catalog = empty_catalog();
        merge(&mut catalog, import(MANUFACTURER).products.remove(0)).unwrap();
        let older = MANUFACTURER.replace(
            "<versionNumber value=\"3\"/>",
            "<versionNumber value=\"2\"/>",
        );
        let outcome = merge(&mut catalog, import(&older).products.remove(0)).unwrap();
        assert!(matches!(outcome.action, MergeAction::KeptNewer(_)));
        assert_eq!(
            catalog.products[0].labelers[0].sources[0]
                .version
                .as_deref(),
            Some("3")
        );
    }

    #[test]
    fn an_ndc_under_a_different_tablet_is_a_conflict() {
        let mut catalog = empty_catalog();
        merge(&mut catalog, import(MANUFACTURER).products.remove(0)).unwrap();
        let changed = MANUFACTURER.replace("tst;110", "TST;111");
        let before = catalog.clone();
        let e = merge(&mut catalog, import(&changed).products.remove(0)).unwrap_err();
        assert!(
            e.contains("NDC 99901-110") && e.contains("resolve this by hand"),
            "{e}"
        );
        assert_eq!(catalog, before);
    }

    #[test]
    fn a_placed_ndc_leaves_the_unplaced_list_and_ids_stay_unique() {
        let mut catalog = empty_catalog();
        let first = import(MANUFACTURER).products.remove(0);
        let unplaced = Labeler {
            strength: Some(Strength::mg(10)),
            ..first.labelers[0].clone()
        };
        catalog.unplaced.push(unplaced);
        // A different tablet already holds the id the import would use.
        let mut squatter = first.clone();
        squatter.imprint = "OTHER".into();
        squatter.labelers.clear();
        catalog.products.push(squatter);
        let outcome = merge(&mut catalog, first).unwrap();
        assert_eq!(
            outcome.action,
            MergeAction::NewProduct("spl-testwell-fixture-tst-110-10-2".into())
        );
        assert!(outcome.notes[0].contains("left the unplaced list"));
        assert!(catalog.unplaced.is_empty());
        assert_eq!(catalog.problems(), Vec::<String>::new());
    }

    /// `n` variants of the fixture's 10 mg tablet: every third a new
    /// imprint, the others the same tablet under new NDCs, and every fifth
    /// with no NDC.
    fn variants(n: usize) -> Vec<Product> {
        let base = import(MANUFACTURER).products.remove(0);
        (0..n)
            .map(|i| {
                let mut p = base.clone();
                if i % 3 == 0 {
                    p.imprint = format!("T{i};110");
                }
                p.labelers[0].ndc = (i % 5 != 0).then(|| format!("{}-{:03}", 10000 + i, i % 1000));
                p
            })
            .collect()
    }

    #[test]
    fn one_merger_for_a_batch_does_what_merging_one_by_one_does() {
        let mut one_by_one = empty_catalog();
        let mut outcomes = Vec::new();
        for p in variants(300) {
            outcomes.push(merge(&mut one_by_one, p));
        }
        let mut batch = empty_catalog();
        let mut merger = Merger::new(&mut batch);
        let batched: Vec<_> = variants(300).into_iter().map(|p| merger.merge(p)).collect();
        assert_eq!(batched, outcomes);
        assert_eq!(batch, one_by_one);
        assert_eq!(batch.problems(), Vec::<String>::new());
        // Same-looking tablets share a product; an id already taken gets the
        // next free suffix.
        assert!(batch.products.len() < 300);
        assert!(batch.product("spl-testwell-fixture-tst-110-10-2").is_some());
        let labelers: usize = batch.products.iter().map(|p| p.labelers.len()).sum();
        assert!(labelers > batch.products.len());
        // And an NDC now under one tablet conflicts when it comes back as
        // another, through the index.
        let mut clash = variants(2).remove(1);
        clash.imprint = "ELSEWHERE".into();
        let before = batch.clone();
        let e = Merger::new(&mut batch).merge(clash).unwrap_err();
        assert!(e.contains("resolve this by hand"), "{e}");
        assert_eq!(batch, before);
    }

    #[test]
    fn ids_stay_unique_through_many_clashes() {
        let mut catalog = empty_catalog();
        let mut merger = Merger::new(&mut catalog);
        let base = import(MANUFACTURER).products.remove(0);
        for i in 0..50 {
            // Same id asked for each time, a different tablet each time.
            let mut p = base.clone();
            p.colors = vec![if i % 2 == 0 {
                Color::White
            } else {
                Color::Pink
            }];
            p.shape = crate::vocab::Shape::ALL[i % crate::vocab::Shape::ALL.len()];
            p.labelers[0].ndc = Some(format!("{}-001", 20000 + i));
            merger.merge(p).unwrap();
        }
        let ids: HashSet<&str> = catalog.products.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), catalog.products.len());
        assert_eq!(catalog.problems(), Vec::<String>::new());
    }
}
