//! Reading DailyMed SPL labels: the XML a labeler files with the FDA, turned
//! into database [`Product`](crate::catalog::Product)s with their provenance.
//!
//! An SPL ("Structured Product Labeling", HL7 v3) file is one `<document>`:
//!
//! ```text
//! document/setId/@root                      the label's set id (stable across versions)
//! document/versionNumber/@value             this version
//! document/effectiveTime/@value             YYYYMMDD
//! document/author/assignedEntity/representedOrganization/name    the labeler
//!   …/assignedEntity/assignedOrganization/assignedEntity         an establishment:
//!       assignedOrganization/name                                 its name
//!       performance/actDefinition/code/@displayName               MANUFACTURE, REPACK, …
//!       performance/actDefinition/product/manufacturedProduct/
//!           manufacturedMaterialKind/code/@code                   for which NDC
//! …/section/subject/manufacturedProduct     one product:
//!   manufacturedProduct/code/@code          NDC product code (codeSystem 2.16.840.1.113883.6.69)
//!   manufacturedProduct/name, formCode/@displayName (TABLET, …)
//!   manufacturedProduct/ingredient[@classCode=ACTIB|ACTIM|ACTIR]
//!       quantity/numerator/@value+@unit, ingredientSubstance/name
//!   manufacturedProduct/asEquivalentEntity/definingMaterialKind/code/@code
//!                                           the source NDC a repackager repackages
//!   manufacturedProduct/asContent/…/containerPackagedProduct/code/@code   package NDCs
//!   subjectOf/marketingAct/statusCode/@code active | completed | …
//!   subjectOf/characteristic: code/@code SPLCOLOR | SPLSHAPE | SPLSIZE |
//!       SPLSCORE | SPLIMPRINT and a value (CE @code/@displayName, PQ
//!       @value/@unit, INT @value, ST text)
//!   consumedIn/substanceAdministration/routeCode/@displayName   ORAL
//! ```
//!
//! Three steps, each pure (no files, no network, no panic on any input, so a
//! fuzz target can call them):
//!
//! 1. [`parse_spl`] (`spl/xml.rs`) reads the bytes into an [`SplLabel`]: what
//!    the file says, nothing interpreted. It refuses what is not a label
//!    (wrong encoding, malformed XML, entity declarations) with an
//!    [`SplError`] (`spl/error.rs`) naming the line and column. Its work is
//!    linear in the file and capped: [`MAX_SPL_BYTES`], [`MAX_DEPTH`],
//!    [`MAX_ATTRIBUTES_PER_ELEMENT`], [`MAX_ELEMENTS_PER_LABEL`],
//!    [`MAX_PRODUCTS_PER_LABEL`] and [`MAX_FIELD_CHARS`]. Text it keeps may
//!    not hold control characters, bidirectional-text controls or invisible
//!    formatting characters ([`crate::text`]): a label with one is refused,
//!    naming the field (refused, not cleaned: such a character in a name or
//!    an imprint means the file was damaged or made to deceive).
//! 2. [`import_label`] (`spl/label.rs`) keeps the oral tablets of one drug
//!    (baclofen for pillid's database) as products and gives a reason for
//!    every product it skips.
//! 3. [`merge`] adds them to a [`Catalog`](crate::catalog::Catalog). Merging
//!    is not SPL-specific and lives in [`crate::catalog::merge`]; it is
//!    re-exported here for the importer's callers.
//!
//! [`import_spl`] does steps 1 and 2.

mod error;
mod label;
mod xml;

pub use crate::catalog::merge::{merge, same_tablet, MergeAction, MergeOutcome};
pub use error::SplError;
pub use label::{
    clean_imprint, drug_name, import_label, product_id, ImportedLabel, MAX_DRUG_NAME_CHARS,
};
pub use xml::{
    parse_spl, Characteristic, Establishment, Ingredient, Operation, Quantity, SplLabel,
    SplProduct, HL7_V3_NAMESPACE, MAX_ATTRIBUTES_PER_ELEMENT, MAX_DEPTH, MAX_ELEMENTS_PER_LABEL,
    MAX_FIELD_CHARS, MAX_PRODUCTS_PER_LABEL, MAX_SPL_BYTES, NDC_CODE_SYSTEM,
};

/// Reads and interprets an SPL file: [`parse_spl`] then [`import_label`],
/// keeping the oral tablets whose only active ingredient is `drug`.
pub fn import_spl(bytes: &[u8], drug: &str) -> Result<ImportedLabel, SplError> {
    import_label(&parse_spl(bytes)?, drug)
}
