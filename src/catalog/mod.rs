//! The baclofen imprint database: what pillid knows, and where each fact
//! comes from.
//!
//! A [`Product`] is one physical tablet appearance (one imprint, colour,
//! shape and strength). Under it are the [`Labeler`]s that sell that same
//! tablet under their own NDCs. Every product and every labeler carries its
//! [`Source`]s and a [`Confidence`]. NDCs that the sources list but whose
//! tablet appearance no source gives are kept apart, in
//! [`Catalog::unplaced`], so they are never attached to a tablet by guess.
//!
//! The database is `data/baclofen.json`, embedded into the binary and parsed
//! once ([`catalog()`]). [`Catalog::from_json`] validates every record and
//! names the record at fault, so a broken record fails `cargo test` instead
//! of being skipped.

mod medicine;
pub mod merge;
pub mod others;
mod strength;

pub use medicine::{Scope, TargetMedicine, TARGET};
pub use strength::{Amount, Strength};

use crate::imprint;
use crate::text;
use crate::vocab::{Color, Shape};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The embedded database text (`data/baclofen.json`).
pub const EMBEDDED_JSON: &str = include_str!("../../data/baclofen.json");

static EMBEDDED: LazyLock<Catalog> = LazyLock::new(|| {
    let catalog = Catalog::from_json(EMBEDDED_JSON)
        .unwrap_or_else(|errors| panic!("data/baclofen.json is invalid:\n{}", errors.join("\n")));
    let others = others::parse_table(others::OTHER_MEDICINES_TSV).unwrap_or_else(|errors| {
        panic!(
            "data/other-medicines.tsv is invalid:\n{}",
            errors.join("\n")
        )
    });
    catalog.with_others(others)
});

/// The embedded database (baclofen and the other medicines), parsed and
/// validated on first use.
///
/// The data tests (`tests/data.rs`) guarantee it is valid, so this never
/// panics in a build that passed its tests.
pub fn catalog() -> &'static Catalog {
    &EMBEDDED
}

/// How sure the sources are about a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Read in the text of the product's own label (DailyMed SPL or a copy).
    LabelText,
    /// Stated by a secondary source (pill-identifier page, NDC directory
    /// copy, press release), not seen on a label.
    SecondarySource,
    /// Not stated anywhere; deduced (for example from an NDC product code
    /// that matches an imprint). Shown to users as unconfirmed.
    Inferred,
}

impl Confidence {
    /// Words for people: "from the label", "secondary source", "inferred".
    pub const fn describe(self) -> &'static str {
        match self {
            Confidence::LabelText => "from the label",
            Confidence::SecondarySource => "secondary source",
            Confidence::Inferred => "inferred, not confirmed",
        }
    }
}

/// Whether the tablet is sold today, according to the sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarketingStatus {
    /// A listing in the NDC directory is current.
    Marketed,
    /// The sources say it is no longer marketed.
    Discontinued,
    /// The sources do not say, or conflict (see the record's note).
    Unknown,
}

/// The dosage form, in the SPL's words (`TABLET`, `TABLET, FILM COATED`,
/// `CAPSULE`). The forms pillid's own code needs to tell apart have their own
/// variant; any other is kept as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DosageForm {
    /// An ordinary tablet, swallowed whole or split on its score.
    Tablet,
    /// A tablet that dissolves on the tongue (Kemstro).
    OrallyDisintegratingTablet,
    /// A capsule.
    Capsule,
    /// Any other SPL dosage form, upper case as the SPL writes it.
    Other(String),
}

impl DosageForm {
    /// The SPL dosage-form name, e.g. `TABLET`.
    pub fn spl_name(&self) -> &str {
        match self {
            DosageForm::Tablet => "TABLET",
            DosageForm::OrallyDisintegratingTablet => "TABLET, ORALLY DISINTEGRATING",
            DosageForm::Capsule => "CAPSULE",
            DosageForm::Other(name) => name,
        }
    }

    /// Reads an SPL dosage-form name: upper-case letters, spaces, commas,
    /// hyphens and parentheses.
    pub fn parse(name: &str) -> Result<DosageForm, String> {
        let ok = !name.is_empty()
            && name.trim() == name
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || " ,-()".contains(c));
        if !ok {
            return Err(format!(
                "`{name}` is not an SPL dosage form (upper case, such as TABLET)"
            ));
        }
        Ok(match name {
            "TABLET" => DosageForm::Tablet,
            "TABLET, ORALLY DISINTEGRATING" => DosageForm::OrallyDisintegratingTablet,
            "CAPSULE" => DosageForm::Capsule,
            other => DosageForm::Other(other.to_owned()),
        })
    }
}

impl TryFrom<String> for DosageForm {
    type Error = String;
    fn try_from(name: String) -> Result<DosageForm, String> {
        DosageForm::parse(&name)
    }
}

impl From<DosageForm> for String {
    fn from(form: DosageForm) -> String {
        form.spl_name().to_owned()
    }
}

/// What a labeler does with the tablet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Makes the tablet (or holds the application and labels it as maker).
    Manufacturer,
    /// Sells a tablet made by someone else under its own NDC.
    Distributor,
    /// Buys finished tablets and repackages them under its own NDC.
    Repackager,
    /// The sources do not say.
    Unknown,
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A web address, or a path under `../shared/` for a seed document.
    pub url: String,
    /// What the source is, in a few words ("label HOW SUPPLIED text").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// DailyMed SPL set id, when the source is an SPL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setid: Option<String>,
    /// SPL version number, when imported from an SPL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// SPL effective date (YYYYMMDD), when imported from an SPL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<String>,
    /// The date of what the source says (YYYY-MM-DD): when the page was
    /// read, the record made or the photograph taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// What one face of a tablet shows, as its source describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Face {
    /// The imprint on this face in SPL form (lines separated by `;`), or
    /// empty for a plain face.
    #[serde(default)]
    pub imprint: String,
    /// True when the source says the score line is on this face.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub score_line: bool,
}

/// Who makes the tablet, or the lead the sources give when no label says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manufacturer {
    /// The maker's name, when a source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// True only when a label names the maker of this tablet.
    pub confirmed: bool,
    /// When not confirmed: what the sources suggest, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Confidence of the attribution.
    pub confidence: Confidence,
}

/// A company that sells a tablet under its own NDC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labeler {
    /// Company name as the source gives it.
    pub name: String,
    /// Manufacturer, distributor or repackager.
    pub role: Role,
    /// NDC product code (labeler-product, e.g. `70710-1285`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ndc: Option<String>,
    /// NDC of the product this labeler repackages, when the label says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ndc: Option<String>,
    /// DailyMed SPL set id of this labeler's label, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setid: Option<String>,
    /// Strength, for entries in [`Catalog::unplaced`] (a placed labeler
    /// has its product's strength).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Strength>,
    /// Marketing status of this NDC, when a source gives one.
    #[serde(default = "unknown_status")]
    pub status: MarketingStatus,
    /// How sure we are that this labeler sells this tablet.
    pub confidence: Confidence,
    /// Where this comes from.
    pub sources: Vec<Source>,
    /// Reasoning, conflicts and caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn unknown_status() -> MarketingStatus {
    MarketingStatus::Unknown
}

/// A photograph of a tablet, shipped with the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// File name under `assets/photos/`.
    pub file: String,
    /// When the tablet was photographed (YYYY-MM-DD): the photo shows the
    /// tablet as it was then.
    pub photographed: String,
    /// Who took it and where it was published.
    pub source: Source,
}

/// A company that repackages this same tablet under its own NDC, as a
/// source lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repackager {
    /// NDC product code (labeler-product).
    pub ndc: String,
    /// The company's name, only when a source names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One physical tablet appearance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable identifier, lower-case words joined by hyphens (`zydus-1285`).
    pub id: String,
    /// Whether this is a tablet of the target medicine or of another one.
    /// Set by the loader from the table the record is in, never written.
    #[serde(skip)]
    pub scope: Scope,
    /// The medicine, lower case (`baclofen`; for a combination, the
    /// ingredients joined by ` / `).
    pub drug: String,
    /// Strength: an amount with its unit per ingredient.
    pub strength: Strength,
    /// SPL dosage form (tablet, orally disintegrating tablet, capsule...).
    pub dosage_form: DosageForm,
    /// Imprint in SPL form: upper case, sides or lines separated by `;`.
    pub imprint: String,
    /// Other readings of the same tablet's imprint that sources give, in SPL
    /// form (for example a version with a different prefix).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imprint_variants: Vec<String>,
    /// SPL colours, predominant first.
    pub colors: Vec<Color>,
    /// SPL shape.
    pub shape: Shape,
    /// Number of equal pieces the score divides the tablet into (1 = no
    /// score), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Longest dimension in whole millimetres, when a source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_mm: Option<u32>,
    /// True when a logo is part of the imprint (type only the characters
    /// beside it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub logo: bool,
    /// True when a source marks this appearance as a former one, no longer
    /// made this way (the same NDC may now carry another imprint).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former_imprint: bool,
    /// DEA schedule of a controlled substance (`CII`...`CV`), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dea_schedule: Option<String>,
    /// The two faces, when the source says which text is on which face
    /// (`LCI` over `1330` on one face and nothing on the other is not the
    /// same tablet as `LCI` on one face and `1333` on the other). Empty when
    /// the source does not say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub faces: Vec<Face>,
    /// The appearance sentence as the source words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who makes it.
    pub manufacturer: Manufacturer,
    /// Marketed, discontinued or unknown.
    pub status: MarketingStatus,
    /// Ids of products of other strengths (or makers) that look like this
    /// one and could be mixed up with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub look_alikes: Vec<String>,
    /// Companies that sell this same tablet.
    #[serde(default)]
    pub labelers: Vec<Labeler>,
    /// Repackagers a source lists as selling this same tablet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub repackagers: Vec<Repackager>,
    /// Photographs of this tablet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    /// How sure the sources are about this appearance.
    pub confidence: Confidence,
    /// Where the appearance comes from.
    pub sources: Vec<Source>,
    /// Reasoning, conflicts and caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Product {
    /// The imprint and its variants, primary first.
    pub fn imprints(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.imprint.as_str())
            .chain(self.imprint_variants.iter().map(String::as_str))
    }

    /// True for a tablet of the medicine pillid is built around.
    pub fn is_target(&self) -> bool {
        self.scope == Scope::Target
    }

    /// True when this tablet is the target medicine at its usual strength
    /// (baclofen 10 mg), the tablet people usually mean.
    pub fn is_usual_strength(&self) -> bool {
        self.is_target() && TARGET.is_usual(&self.strength)
    }
}

/// The whole database.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// What the file is and how it was built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The date the database's sources were last read (YYYY-MM-DD): what it
    /// says about who sells what is as of this date. No source or photo may
    /// be dated later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Tablet appearances.
    pub products: Vec<Product>,
    /// Labelers and NDCs whose tablet appearance no source gives.
    #[serde(default)]
    pub unplaced: Vec<Labeler>,
    /// Tablets of other medicines ([`Scope::Other`]), from their own table
    /// ([`others`]); never written into the baclofen file.
    #[serde(skip)]
    pub others: Vec<Product>,
}

impl Catalog {
    /// Parses and validates a database file. On failure returns one message
    /// per problem, each naming the record at fault.
    pub fn from_json(text: &str) -> Result<Catalog, Vec<String>> {
        let raw: serde_json::Value =
            serde_json::from_str(text).map_err(|e| vec![format!("not valid JSON: {e}")])?;
        let mut errors = Vec::new();
        let about = raw.get("about").and_then(|v| v.as_str()).map(str::to_owned);
        let as_of = match raw.get("as_of") {
            None => None,
            Some(serde_json::Value::String(date)) => Some(date.clone()),
            Some(_) => {
                errors.push("`as_of` must be a date written YYYY-MM-DD".to_owned());
                None
            }
        };
        if let Some(obj) = raw.as_object() {
            for key in obj.keys() {
                if !["about", "as_of", "products", "unplaced"].contains(&key.as_str()) {
                    errors.push(format!("unknown top-level field `{key}`"));
                }
            }
        } else {
            return Err(vec!["the database must be a JSON object".to_owned()]);
        }
        let mut products = parse_list::<Product>(&raw, "products", &mut errors);
        // A database file may hold any medicine (`pillid import --drug`);
        // a tablet is the target's when it is the target medicine.
        for p in &mut products {
            p.scope = Scope::of_drug(&p.drug);
        }
        let unplaced = parse_list::<Labeler>(&raw, "unplaced", &mut errors);
        let catalog = Catalog {
            about,
            as_of,
            products,
            unplaced,
            others: Vec::new(),
        };
        errors.extend(catalog.problems());
        if errors.is_empty() {
            Ok(catalog)
        } else {
            Err(errors)
        }
    }

    /// Serialises the database in its canonical, diff-friendly form.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("the catalog always serialises");
        text.push('\n');
        text
    }

    /// The product with this id (baclofen products only).
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// This catalog with the tablets of other medicines added.
    pub fn with_others(mut self, others: Vec<Product>) -> Catalog {
        self.others = others;
        self
    }

    /// Every tablet: baclofen first, then the other medicines.
    pub fn all_products(&self) -> impl Iterator<Item = &Product> {
        self.products.iter().chain(self.others.iter())
    }

    /// Every semantic problem in the database, each naming its record.
    pub fn problems(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let ids: HashSet<&str> = self.products.iter().map(|p| p.id.as_str()).collect();
        let mut seen_ids = HashSet::new();
        // The tablet sold under an NDC can change appearance: the former
        // appearance (marked `former_imprint`) keeps the NDC too.
        let former_ndcs: HashSet<&str> = self
            .products
            .iter()
            .filter(|p| p.former_imprint)
            .flat_map(|p| p.labelers.iter().filter_map(|l| l.ndc.as_deref()))
            .collect();
        let mut ndcs: HashMap<String, String> = HashMap::new();
        let mut check_ndc = |ndc: &Option<String>, owner: String, errors: &mut Vec<String>| {
            if let Some(ndc) = ndc {
                if !is_ndc_product_code(ndc) {
                    errors.push(format!(
                        "{owner}: NDC `{ndc}` is not an NDC product code (4-4, 5-3 or 5-4 digits)"
                    ));
                }
                if let Some(first) = ndcs.insert(ndc.clone(), owner.clone()) {
                    if !former_ndcs.contains(ndc.as_str()) {
                        errors.push(format!("{owner}: NDC `{ndc}` is already listed by {first}"));
                    }
                }
            }
        };
        for p in &self.products {
            let who = format!("product `{}`", p.id);
            if !seen_ids.insert(p.id.as_str()) {
                errors.push(format!("{who}: duplicate id"));
            }
            if p.id.is_empty()
                || !p
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                errors.push(format!(
                    "{who}: id must be lower-case letters, digits and hyphens"
                ));
            }
            if p.drug.trim().is_empty() || p.drug != p.drug.to_lowercase() {
                errors.push(format!("{who}: drug `{}` must be lower case", p.drug));
            }
            for imp in p.imprints() {
                if let Err(why) = imprint::check_canonical(imp) {
                    errors.push(format!(
                        "{who}: imprint `{imp}` is not in canonical SPL form: {why}"
                    ));
                }
            }
            if p.colors.is_empty() {
                errors.push(format!("{who}: needs at least one colour"));
            }
            if let Some(score) = p.score {
                if !(1..=MAX_SCORE_PIECES).contains(&score) {
                    errors.push(format!(
                        "{who}: score {score} is outside 1..={MAX_SCORE_PIECES}"
                    ));
                }
            }
            if p.size_mm == Some(0) {
                errors.push(format!("{who}: size must be positive"));
            }
            if let Some(dea) = &p.dea_schedule {
                if !DEA_SCHEDULES.contains(&dea.as_str()) {
                    errors.push(format!(
                        "{who}: DEA schedule `{dea}` is not one of {DEA_SCHEDULES:?}"
                    ));
                }
            }
            for photo in &p.photos {
                let owner = format!("{who}, photo `{}`", photo.file);
                if !is_photo_file_name(&photo.file) {
                    errors.push(format!(
                        "{owner}: file name must be letters, digits, `-`, `_` and one extension"
                    ));
                }
                if !is_iso_date(&photo.photographed) {
                    errors.push(format!("{owner}: date photographed is not YYYY-MM-DD"));
                }
                if photo.source.title.is_none() {
                    errors.push(format!(
                        "{owner}: the photo's source needs a title, the credit shown with it"
                    ));
                }
                check_sources(std::slice::from_ref(&photo.source), &owner, &mut errors);
            }
            for r in &p.repackagers {
                if !is_ndc_product_code(&r.ndc) {
                    errors.push(format!(
                        "{who}: repackager NDC `{}` is not an NDC product code",
                        r.ndc
                    ));
                }
            }
            if let Err(why) = check_faces(p) {
                errors.push(format!("{who}: faces: {why}"));
            }
            if p.sources.is_empty() {
                errors.push(format!("{who}: has no source"));
            }
            check_sources(&p.sources, &who, &mut errors);
            if p.manufacturer.confirmed && p.manufacturer.confidence != Confidence::LabelText {
                errors.push(format!(
                    "{who}: manufacturer marked confirmed but its confidence is not label text"
                ));
            }
            if p.manufacturer.confirmed && p.manufacturer.name.is_none() {
                errors.push(format!(
                    "{who}: manufacturer marked confirmed but has no name"
                ));
            }
            if !p.manufacturer.confirmed
                && p.manufacturer.lead.is_none()
                && p.manufacturer.name.is_none()
            {
                errors.push(format!(
                    "{who}: unconfirmed manufacturer needs a name or a lead"
                ));
            }
            for link in &p.look_alikes {
                if link == &p.id {
                    errors.push(format!("{who}: lists itself as a look-alike"));
                } else if !ids.contains(link.as_str()) {
                    errors.push(format!("{who}: look-alike `{link}` is not a product id"));
                } else if let Some(other) = self.product(link) {
                    if !other.look_alikes.contains(&p.id) {
                        errors.push(format!("{who}: look-alike `{link}` does not link back"));
                    }
                }
            }
            for l in &p.labelers {
                let owner = format!("{who}, labeler `{}`", l.name);
                check_labeler(l, &owner, &mut errors);
                if l.strength.as_ref().is_some_and(|s| s != &p.strength) {
                    errors.push(format!("{owner}: strength differs from its product"));
                }
                check_ndc(&l.ndc, owner, &mut errors);
            }
        }
        for l in &self.unplaced {
            let owner = format!(
                "unplaced labeler `{}` ({})",
                l.name,
                l.ndc.as_deref().unwrap_or("no NDC")
            );
            check_labeler(l, &owner, &mut errors);
            if l.strength.is_none() {
                errors.push(format!("{owner}: an unplaced labeler needs its strength"));
            }
            check_ndc(&l.ndc, owner, &mut errors);
        }
        self.check_hidden_characters(&mut errors);
        errors.extend(self.dating_problems());
        errors
    }

    /// The `as_of` date is a date, and nothing the file cites is dated
    /// after it: a source read or a photo taken later would make the
    /// database newer than it says.
    fn dating_problems(&self) -> Vec<String> {
        let mut errors = Vec::new();
        let Some(as_of) = self.as_of.as_deref() else {
            return errors;
        };
        if !is_iso_date(as_of) {
            errors.push(format!("`as_of` date `{as_of}` is not YYYY-MM-DD"));
        }
        let mut dated: Vec<(String, &str)> = Vec::new();
        for p in &self.products {
            let who = format!("product `{}`", p.id);
            let labelers = p.labelers.iter().flat_map(|l| &l.sources);
            for s in p.sources.iter().chain(labelers) {
                dated.extend(s.date.as_deref().map(|d| (who.clone(), d)));
            }
            for photo in &p.photos {
                let owner = format!("{who}, photo `{}`", photo.file);
                dated.push((owner.clone(), &photo.photographed));
                dated.extend(photo.source.date.as_deref().map(|d| (owner.clone(), d)));
            }
        }
        for l in &self.unplaced {
            let owner = format!("unplaced labeler `{}`", l.name);
            dated.extend(
                l.sources
                    .iter()
                    .filter_map(|s| Some((owner.clone(), s.date.as_deref()?))),
            );
        }
        for (owner, date) in dated {
            if date > as_of {
                errors.push(format!(
                    "{owner}: dated {date}, after the database's `as_of` date {as_of}"
                ));
            }
        }
        errors
    }

    /// No string of any record holds a control character, a
    /// bidirectional-text control or an invisible formatting character
    /// ([`crate::text`]): such a character could rewrite the terminal that
    /// prints it, or make a name or note read differently from what it is.
    /// Every string is checked, whatever field it is in.
    fn check_hidden_characters(&self, errors: &mut Vec<String>) {
        let mut check = |record: String, value: serde_json::Result<serde_json::Value>| {
            for (field, what) in value.map(|v| text::hidden_in_json(&v)).unwrap_or_default() {
                let field = if field.is_empty() {
                    String::new()
                } else {
                    format!(" field `{field}`")
                };
                errors.push(format!(
                    "{record}:{field} contains {what}; control characters, \
                     bidirectional-text controls and invisible formatting characters are not \
                     allowed in the database"
                ));
            }
        };
        if let Some(about) = &self.about {
            check(
                "the database's `about`".to_owned(),
                serde_json::to_value(about),
            );
        }
        for p in &self.products {
            check(format!("product `{}`", p.id), serde_json::to_value(p));
        }
        for l in &self.unplaced {
            check(
                format!("unplaced labeler `{}`", l.name),
                serde_json::to_value(l),
            );
        }
    }
}

fn parse_list<T: serde::de::DeserializeOwned>(
    raw: &serde_json::Value,
    key: &str,
    errors: &mut Vec<String>,
) -> Vec<T> {
    let Some(value) = raw.get(key) else {
        if key == "products" {
            errors.push("missing `products` list".to_owned());
        }
        return Vec::new();
    };
    let Some(items) = value.as_array() else {
        errors.push(format!("`{key}` must be a list"));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let name = item
            .get("id")
            .or_else(|| item.get("name"))
            .and_then(|v| v.as_str())
            .unwrap_or("(unnamed)");
        match serde_json::from_value::<T>(item.clone()) {
            Ok(v) => out.push(v),
            Err(e) => errors.push(format!("{key}[{i}] `{name}`: {e}")),
        }
    }
    out
}

/// A product's faces, when given, are two, each canonical or plain, and
/// together carry exactly the sides of its imprint; a score line is only on
/// a scored tablet.
fn check_faces(p: &Product) -> Result<(), String> {
    if p.faces.is_empty() {
        return Ok(());
    }
    if p.faces.len() != 2 {
        return Err(format!("a tablet has 2 faces, not {}", p.faces.len()));
    }
    let mut on_faces = Vec::new();
    for face in &p.faces {
        if !face.imprint.is_empty() {
            imprint::check_canonical(&face.imprint)?;
            on_faces.extend(imprint::parts(&face.imprint));
        }
        if face.score_line && p.score.is_none_or(|s| s < 2) {
            return Err("a score line on a tablet whose score is not 2 or more".to_owned());
        }
    }
    let mut sides: Vec<&str> = imprint::parts(&p.imprint).collect();
    on_faces.sort_unstable();
    sides.sort_unstable();
    if on_faces != sides {
        return Err(format!(
            "the faces carry {on_faces:?}, but the imprint `{}` has {sides:?}",
            p.imprint
        ));
    }
    Ok(())
}

fn check_labeler(l: &Labeler, owner: &str, errors: &mut Vec<String>) {
    if l.name.trim().is_empty() {
        errors.push(format!("{owner}: labeler has no name"));
    }
    if l.sources.is_empty() {
        errors.push(format!("{owner}: has no source"));
    }
    check_sources(&l.sources, owner, errors);
    if let Some(src) = &l.source_ndc {
        if !is_ndc_product_code(src) {
            errors.push(format!(
                "{owner}: source NDC `{src}` is not an NDC product code"
            ));
        }
    }
    if let Some(setid) = &l.setid {
        if !is_setid(setid) {
            errors.push(format!("{owner}: set id `{setid}` is not a UUID"));
        }
    }
}

fn check_sources(sources: &[Source], owner: &str, errors: &mut Vec<String>) {
    for s in sources {
        let ok = s.url.starts_with("https://")
            || s.url.starts_with("http://")
            || s.url.starts_with("seeds/")
            || s.url.starts_with("spl:");
        if !ok {
            errors.push(format!(
                "{owner}: source `{}` is neither a web address nor a seed file",
                s.url
            ));
        }
        if let Some(setid) = &s.setid {
            if !is_setid(setid) {
                errors.push(format!("{owner}: source set id `{setid}` is not a UUID"));
            }
        }
        if let Some(date) = &s.date {
            if !is_iso_date(date) {
                errors.push(format!("{owner}: source date `{date}` is not YYYY-MM-DD"));
            }
        }
    }
}

/// True for an NDC product code: the labeler and product digit groups joined
/// by a hyphen, as the NDC directory writes them (4-4, 5-3 or 5-4 digits),
/// e.g. `70710-1285`, `0527-1330`, `16714-071`.
pub fn is_ndc_product_code(ndc: &str) -> bool {
    let Some((a, b)) = ndc.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    digits(a)
        && digits(b)
        && (4..=5).contains(&a.len())
        && (3..=4).contains(&b.len())
        && a.len() + b.len() >= 8
}

/// The most pieces a score line divides a tablet into in the SPL
/// vocabulary (SPLSCORE 1 = no score, up to 4).
pub const MAX_SCORE_PIECES: u8 = 4;

/// The DEA's schedules of controlled substances, as NLM writes them.
pub const DEA_SCHEDULES: [&str; 5] = ["CI", "CII", "CIII", "CIV", "CV"];

/// True for a date written YYYY-MM-DD with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.bytes()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && num(5..7).is_some_and(|m| (1..=12).contains(&m))
        && num(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// True for a photo file name: one dot before the extension, no path.
fn is_photo_file_name(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && ["webp", "avif", "jpg", "png"].contains(&ext)
}

/// True for a DailyMed set id (a UUID in its 8-4-4-4-12 hex form).
pub fn is_setid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|c| c.is_ascii_hexdigit()))
}

/// The DailyMed page for a label, from its set id.
pub fn dailymed_url(setid: &str) -> String {
    format!("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={setid}")
}
