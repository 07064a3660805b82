//! Merging imported products into a [`Catalog`]: a product that looks the
//! same as one already there ([`same_tablet`]) gains the labeler, anything
//! else becomes a new product, and an NDC the catalog already lists under a
//! different-looking tablet is a conflict for a person to resolve. Not
//! specific to SPL: any importer that makes [`Product`]s with one labeler
//! each can use it.

use super::{Catalog, Labeler, MarketingStatus, Product, Source};
use crate::vocab::Color;
use std::fmt;

/// What [`merge`] did with one imported product.
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
    existing.strength_mg == incoming.strength_mg
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

/// Merges one imported product (as [`crate::spl::import_label`] makes them:
/// exactly one labeler) into `catalog`.
///
/// A product that looks the same ([`same_tablet`]) gets the labeler: added,
/// or replacing the entry with the same NDC (an entry from a newer version
/// of the same label is kept instead). Otherwise the product is appended
/// under a fresh id. An NDC listed in `unplaced` moves to the product, since
/// the label now gives its tablet. Fails, changing nothing, when the NDC is
/// already listed under a different-looking product: that is a conflict for
/// a person to resolve, never something to guess.
pub fn merge(catalog: &mut Catalog, incoming: Product) -> Result<MergeOutcome, String> {
    let [labeler] = incoming.labelers.as_slice() else {
        return Err(format!(
            "imported product `{}` must carry exactly one labeler",
            incoming.id
        ));
    };
    let labeler = labeler.clone();
    let target = catalog
        .products
        .iter()
        .position(|p| same_tablet(p, &incoming));
    let mut notes = Vec::new();
    if let Some(ndc) = &labeler.ndc {
        for (i, p) in catalog.products.iter().enumerate() {
            if Some(i) != target && p.labelers.iter().any(|l| l.ndc.as_ref() == Some(ndc)) {
                return Err(format!(
                    "NDC {ndc} ({}) is {} mg `{}` {} {} on this label, but the database lists it \
                     under product `{}`, {} mg `{}` {} {}; resolve this by hand",
                    labeler.name,
                    incoming.strength_mg,
                    incoming.imprint,
                    color_words(&incoming.colors),
                    incoming.shape,
                    p.id,
                    p.strength_mg,
                    p.imprint,
                    color_words(&p.colors),
                    p.shape,
                ));
            }
        }
        if let Some(u) = catalog
            .unplaced
            .iter()
            .find(|u| u.ndc.as_ref() == Some(ndc))
        {
            if u.strength_mg.is_some_and(|s| s != incoming.strength_mg) {
                return Err(format!(
                    "NDC {ndc} is {} mg on this label but {} mg in the database's unplaced list; \
                     resolve this by hand",
                    incoming.strength_mg,
                    u.strength_mg.unwrap_or(0)
                ));
            }
            notes.push(format!(
                "NDC {ndc} left the unplaced list: this label gives its tablet"
            ));
        }
        catalog.unplaced.retain(|u| u.ndc.as_ref() != Some(ndc));
    }
    let Some(index) = target else {
        let mut product = incoming;
        product.id = unique_id(catalog, &product.id);
        let id = product.id.clone();
        catalog.products.push(product);
        return Ok(MergeOutcome {
            action: MergeAction::NewProduct(id),
            notes,
        });
    };
    let product = &mut catalog.products[index];
    let id = product.id.clone();
    let same_entry = |l: &Labeler| match &labeler.ndc {
        Some(ndc) => l.ndc.as_ref() == Some(ndc),
        None => l.ndc.is_none() && l.setid == labeler.setid && l.name == labeler.name,
    };
    let incoming_version = labeler.sources.first().and_then(version_number);
    let action = match product.labelers.iter().position(same_entry) {
        Some(i) => {
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

fn color_words(colors: &[Color]) -> String {
    colors
        .iter()
        .map(|c| c.spl_name())
        .collect::<Vec<_>>()
        .join("/")
}

/// `id`, or `id-2`, `id-3`, … when the catalog already uses it.
fn unique_id(catalog: &Catalog, id: &str) -> String {
    let taken = |candidate: &str| catalog.products.iter().any(|p| p.id == candidate);
    if !taken(id) {
        return id.to_owned();
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| id.to_owned())
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
    use crate::spl::{import_spl, ImportedLabel};

    const MANUFACTURER: &str =
        include_str!("../../tests/fixtures/spl/manufacturer-two-strengths.xml");
    const REPACKAGER: &str = include_str!("../../tests/fixtures/spl/repackager.xml");

    fn import(xml: &str) -> ImportedLabel {
        import_spl(xml.as_bytes(), "baclofen").unwrap_or_else(|e| panic!("{e}"))
    }

    fn empty_catalog() -> Catalog {
        Catalog {
            about: None,
            products: Vec::new(),
            unplaced: Vec::new(),
        }
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
            strength_mg: Some(10),
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
}
