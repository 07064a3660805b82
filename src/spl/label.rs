//! Interpreting a label: which of an [`SplLabel`]'s products are oral
//! tablets of the drug being imported, turned into database [`Product`]s
//! with their provenance (set id, version, date), and why every other
//! product was left out.

use super::error::SplError;
use super::xml::{
    collapse_whitespace, Characteristic, Establishment, Ingredient, Operation, SplLabel, SplProduct,
};
use crate::catalog::merge::same_org_name;
use crate::catalog::{
    dailymed_url, is_ndc_product_code, is_setid, Confidence, DosageForm, Labeler, Manufacturer,
    MarketingStatus, Product, Role, Scope, Source, Strength,
};
use crate::imprint;
use crate::vocab::{Color, Shape};

/// NCI code of the establishment operation MANUFACTURE. The display name
/// `MANUFACTURE` is accepted as well, so a label with only one of the two
/// still counts.
const MANUFACTURE_OPERATION_CODE: &str = "C43360";

/// Largest plausible tablet size in mm. The biggest oral tablets are about
/// 25 mm long; a larger SPLSIZE is a unit mistake (cm or µm), not a tablet.
const MAX_PLAUSIBLE_SIZE_MM: f64 = 40.0;

/// Largest plausible strength in mg for one tablet. Baclofen tablets are
/// 5–20 mg and the heaviest oral tablets hold about 1000 mg of a drug; a
/// value above that is a unit mistake (µg written as mg).
const MAX_PLAUSIBLE_STRENGTH_MG: f64 = 1000.0;

/// Ingredient class codes of active ingredients: by basis of strength
/// (ACTIB), by active moiety (ACTIM), by reference drug (ACTIR).
const ACTIVE_CLASS_CODES: &[&str] = &["ACTIB", "ACTIM", "ACTIR"];

/// Words dropped from a labeler's name when making a product id, so that
/// `Zydus Pharmaceuticals (USA) Inc.` gives `zydus`.
const COMPANY_WORDS: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "usa",
    "us",
    "pharmaceuticals",
    "pharmaceutical",
    "pharma",
    "laboratories",
    "labs",
    "lp",
    "plc",
    "gmbh",
    "the",
    "of",
    "and",
];

impl Operation {
    fn is_manufacture(&self) -> bool {
        self.code.as_deref() == Some(MANUFACTURE_OPERATION_CODE)
            || self
                .name
                .as_deref()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("MANUFACTURE"))
    }

    /// True when the operation is for this NDC product code (an operation
    /// listing no product is for all of the label's products).
    fn covers(&self, ndc: Option<&str>) -> bool {
        if self.ndcs.is_empty() {
            return true;
        }
        let Some(ndc) = ndc else { return false };
        self.ndcs.iter().any(|listed| {
            listed == ndc
                || listed
                    .strip_prefix(ndc)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
    }
}

impl Ingredient {
    fn is_active(&self) -> bool {
        self.class_code
            .as_deref()
            .is_some_and(|c| ACTIVE_CLASS_CODES.contains(&c))
    }

    fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .or(self.moiety.as_deref())
            .unwrap_or("an unnamed ingredient")
    }

    /// True when the substance or its moiety names the drug: its words, in
    /// order, as whole words (so `BACLOFEN` and `baclofen sodium` are
    /// baclofen, `ARBACLOFEN` is not).
    fn is_drug(&self, drug_words: &[&str]) -> bool {
        [self.name.as_deref(), self.moiety.as_deref()]
            .into_iter()
            .flatten()
            .any(|n| {
                let words: Vec<&str> = words(n).collect();
                !drug_words.is_empty()
                    && words.windows(drug_words.len()).any(|run| {
                        run.iter()
                            .zip(drug_words)
                            .all(|(a, b)| a.eq_ignore_ascii_case(b))
                    })
            })
    }
}

/// The words of a name: runs of letters and digits.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Longest drug name accepted, in characters. The longest INN names are
/// about 30 characters; this leaves room for a salt or two.
pub const MAX_DRUG_NAME_CHARS: usize = 60;

/// A drug name as the database writes it (`Baclofen ` → `baclofen`): lower
/// case, single spaces. Refuses, saying why, anything but ASCII letters,
/// digits, spaces and hyphens, an empty name, and one longer than
/// [`MAX_DRUG_NAME_CHARS`].
pub fn drug_name(raw: &str) -> Result<String, String> {
    let name = collapse_whitespace(raw).to_ascii_lowercase();
    if name.is_empty() {
        return Err("the drug name is empty".to_owned());
    }
    if name.chars().count() > MAX_DRUG_NAME_CHARS {
        return Err(format!(
            "the drug name is longer than {MAX_DRUG_NAME_CHARS} characters"
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        || !name.chars().any(|c| c.is_ascii_alphanumeric())
    {
        return Err(format!(
            "the drug name `{name}` must be ASCII letters and digits (spaces and hyphens \
             between words)"
        ));
    }
    Ok(name)
}

/// The oral tablets of one drug in one label, as database products, and what
/// was left out and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedLabel {
    /// The label's set id, lower case.
    pub set_id: String,
    /// The labeler's name.
    pub labeler: String,
    /// The label's version number.
    pub version: Option<String>,
    /// The label's effective date, YYYYMMDD.
    pub effective: Option<String>,
    /// One product per tablet kept, each with exactly one labeler
    /// (this label's).
    pub products: Vec<Product>,
    /// One sentence per product left out, naming it and saying why.
    pub skipped: Vec<String>,
    /// Facts the label gives that were not used, and why.
    pub warnings: Vec<String>,
}

/// Turns a label's oral tablets of `drug` (e.g. `baclofen`, see
/// [`drug_name`]) into database products.
///
/// Every product of the label is either kept or named in
/// [`ImportedLabel::skipped`] with the reason: another drug, combined with
/// another drug, not a tablet, no usable strength, an imprint that is not
/// canonical SPL form after cleanup, a colour or shape outside the SPL
/// vocabularies. Fails only when `drug` is not a drug name, or the label has
/// no usable set id or labeler name, without which nothing could be traced
/// back to it.
pub fn import_label(label: &SplLabel, drug: &str) -> Result<ImportedLabel, SplError> {
    let drug = drug_name(drug).map_err(SplError::new)?;
    let set_id = label
        .set_id
        .as_deref()
        .map(str::trim)
        .ok_or_else(|| SplError::new("the label has no document/setId/@root, so its products could not be traced back to it"))?
        .to_ascii_lowercase();
    if !is_setid(&set_id) {
        return Err(SplError::new(format!(
            "the label's set id `{set_id}` is not a UUID"
        )));
    }
    let labeler = label.labeler.clone().ok_or_else(|| {
        SplError::new(
            "the label names no labeler (document/author/assignedEntity/representedOrganization/name)",
        )
    })?;
    let mut warnings = Vec::new();
    let version = match label.version.as_deref() {
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => Some(v.to_owned()),
        Some(v) => {
            warnings.push(format!(
                "version number `{v}` is not a whole number; not recorded"
            ));
            None
        }
        None => None,
    };
    let effective = match label.effective.as_deref() {
        Some(v) if v.len() >= 8 && v.as_bytes()[..8].iter().all(u8::is_ascii_digit) => {
            Some(v[..8].to_owned())
        }
        Some(v) => {
            warnings.push(format!(
                "effective time `{v}` is not a YYYYMMDD date; not recorded"
            ));
            None
        }
        None => None,
    };
    let source = Source {
        url: dailymed_url(&set_id),
        title: Some("DailyMed SPL, product data elements".to_owned()),
        setid: Some(set_id.clone()),
        version: version.clone(),
        effective: effective.clone(),
        date: None,
    };
    let context = LabelContext {
        label,
        drug: &drug,
        drug_words: words(&drug).collect(),
        labeler: &labeler,
        set_id: &set_id,
        source: &source,
    };
    let mut products = Vec::new();
    let mut skipped = Vec::new();
    for p in &label.products {
        match context.product(p, &mut warnings) {
            Ok(product) => products.push(product),
            Err(why) => skipped.push(format!("{}: {why}", describe(p))),
        }
    }
    Ok(ImportedLabel {
        set_id,
        labeler,
        version,
        effective,
        products,
        skipped,
        warnings,
    })
}

/// A product named for messages: `` `Baclofen` (NDC 70710-1285, line 40) ``.
fn describe(p: &SplProduct) -> String {
    let name = p.name.as_deref().unwrap_or("unnamed product");
    match &p.ndc {
        Some(ndc) => format!("`{name}` (NDC {ndc}, line {})", p.line),
        None => format!("`{name}` (no NDC, line {})", p.line),
    }
}

struct LabelContext<'a> {
    label: &'a SplLabel,
    /// The drug kept, as [`drug_name`] writes it.
    drug: &'a str,
    /// Its words, for matching ingredient names.
    drug_words: Vec<&'a str>,
    labeler: &'a str,
    set_id: &'a str,
    source: &'a Source,
}

impl LabelContext<'_> {
    /// The product for one SPL product, or why it is skipped.
    fn product(&self, p: &SplProduct, warnings: &mut Vec<String>) -> Result<Product, String> {
        let who = describe(p);
        if p.has_parts {
            return Err("a kit of several parts, not a single tablet".to_owned());
        }
        let actives: Vec<&Ingredient> = p.ingredients.iter().filter(|i| i.is_active()).collect();
        let names = || {
            actives
                .iter()
                .map(|i| i.display_name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let drug = self.drug;
        let active = match actives.as_slice() {
            [] => return Err("lists no active ingredient".to_owned()),
            [only] if only.is_drug(&self.drug_words) => *only,
            [_] => return Err(format!("its active ingredient is {}, not {drug}", names())),
            many if many.iter().any(|i| i.is_drug(&self.drug_words)) => {
                return Err(format!(
                    "combines several active ingredients ({}); pillid holds tablets of {drug} \
                     alone",
                    names()
                ))
            }
            _ => {
                return Err(format!(
                    "its active ingredients are {}, not {drug}",
                    names()
                ))
            }
        };
        let form_name = p.form.as_deref().unwrap_or("product with no dosage form");
        let dosage_form = [DosageForm::Tablet, DosageForm::OrallyDisintegratingTablet]
            .into_iter()
            .find(|f| f.spl_name().eq_ignore_ascii_case(form_name.trim()))
            .ok_or_else(|| {
                format!(
                    "{drug} {form_name}, not a tablet pillid identifies (TABLET or TABLET, \
                     ORALLY DISINTEGRATING)"
                )
            })?;
        if let Some(route) = &p.route {
            if !route.trim().eq_ignore_ascii_case("ORAL") {
                return Err(format!("route {route}, not oral"));
            }
        }
        let strength_mg = strength_mg(active, drug)?;
        let ndc = match &p.ndc {
            Some(ndc) if is_ndc_product_code(ndc) => Some(ndc.clone()),
            Some(ndc) => return Err(format!("NDC `{ndc}` is not an NDC product code")),
            None => {
                warnings.push(format!(
                    "{who}: the label gives no NDC product code; kept without one"
                ));
                None
            }
        };
        let source_ndc =
            match &p.source_ndc {
                Some(raw) => Some(product_code(raw).ok_or_else(|| {
                    format!("source NDC `{raw}` (asEquivalentEntity) is not an NDC")
                })?),
                None => None,
            };
        let looks = appearance(p, warnings, &who)?;

        let status = match p.marketing_status.as_deref().map(str::trim) {
            Some(s) if s.eq_ignore_ascii_case("active") => MarketingStatus::Marketed,
            Some(s) if s.eq_ignore_ascii_case("completed") => MarketingStatus::Discontinued,
            _ => MarketingStatus::Unknown,
        };
        let (role, manufacturer) = self.attribution(ndc.as_deref(), source_ndc.as_deref());
        let note = (!p.packages.is_empty())
            .then(|| format!("package NDCs on the label: {}", p.packages.join(", ")));
        let labeler = Labeler {
            name: self.labeler.to_owned(),
            role,
            ndc,
            source_ndc,
            setid: Some(self.set_id.to_owned()),
            strength: None,
            status,
            confidence: Confidence::LabelText,
            sources: vec![self.source.clone()],
            note,
        };
        Ok(Product {
            id: product_id(self.labeler, &looks.imprint, strength_mg),
            scope: Scope::of_drug(drug),
            drug: drug.to_owned(),
            strength: Strength::mg(strength_mg),
            dosage_form,
            imprint: looks.imprint,
            imprint_variants: Vec::new(),
            colors: looks.colors,
            shape: looks.shape,
            score: looks.score,
            size_mm: looks.size_mm,
            logo: false,
            former_imprint: false,
            dea_schedule: None,
            faces: Vec::new(),
            description: None,
            manufacturer,
            status,
            look_alikes: Vec::new(),
            labelers: vec![labeler],
            repackagers: Vec::new(),
            photos: Vec::new(),
            confidence: Confidence::LabelText,
            sources: vec![self.source.clone()],
            note: None,
        })
    }

    /// The labeler's role and the tablet's maker, from what the label's
    /// establishments do for this NDC.
    fn attribution(&self, ndc: Option<&str>, source_ndc: Option<&str>) -> (Role, Manufacturer) {
        let ndc_words = ndc.map_or("this product".to_owned(), |n| format!("NDC {n}"));
        if let Some(src) = source_ndc {
            return (
                Role::Repackager,
                Manufacturer {
                    name: None,
                    confirmed: false,
                    lead: Some(format!(
                        "not named on this label: {} repackages NDC {src}, whose own label names \
                         the maker",
                        self.labeler
                    )),
                    confidence: Confidence::Inferred,
                },
            );
        }
        let mut makers: Vec<&Establishment> = Vec::new();
        for est in &self.label.establishments {
            let makes = est
                .operations
                .iter()
                .any(|op| op.is_manufacture() && op.covers(ndc));
            let named = est.name.is_some();
            let dup = makers
                .iter()
                .any(|m| same_org_name(m.name.as_deref(), est.name.as_deref()));
            if makes && named && !dup {
                makers.push(est);
            }
        }
        let labeler_makes = makers.iter().any(|m| {
            same_org_name(m.name.as_deref(), Some(self.labeler))
                || (m.duns.is_some() && m.duns == self.label.labeler_duns)
        });
        let confirmed = |name: &str| Manufacturer {
            name: Some(name.to_owned()),
            confirmed: true,
            lead: None,
            confidence: Confidence::LabelText,
        };
        match makers.as_slice() {
            [] => (
                Role::Unknown,
                Manufacturer {
                    name: None,
                    confirmed: false,
                    lead: Some(format!(
                        "labeler {}; its label names no establishment that manufactures {ndc_words}",
                        self.labeler
                    )),
                    confidence: Confidence::Inferred,
                },
            ),
            _ if labeler_makes => (Role::Manufacturer, confirmed(self.labeler)),
            [only] => (
                Role::Distributor,
                confirmed(only.name.as_deref().unwrap_or(self.labeler)),
            ),
            many => (
                Role::Distributor,
                Manufacturer {
                    name: None,
                    confirmed: false,
                    lead: Some(format!(
                        "the label lists several establishments that manufacture {ndc_words}: {}",
                        many.iter()
                            .filter_map(|m| m.name.as_deref())
                            .collect::<Vec<_>>()
                            .join("; ")
                    )),
                    confidence: Confidence::LabelText,
                },
            ),
        }
    }
}

/// An NDC product code from an NDC written as a product code
/// (`60219-2043`) or a package code (`60219-2043-1`).
fn product_code(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if is_ndc_product_code(raw) {
        return Some(raw.to_owned());
    }
    let mut groups = raw.split('-');
    let (a, b, c, rest) = (
        groups.next()?,
        groups.next()?,
        groups.next()?,
        groups.next(),
    );
    let code = format!("{a}-{b}");
    let package_ok = !c.is_empty() && c.bytes().all(|x| x.is_ascii_digit()) && rest.is_none();
    (package_ok && is_ndc_product_code(&code)).then_some(code)
}

/// The strength in whole mg per tablet of an active ingredient (of `drug`).
fn strength_mg(i: &Ingredient, drug: &str) -> Result<u32, String> {
    let Some(num) = &i.numerator else {
        return Err(format!("the label gives no strength for {drug}"));
    };
    let value = num.value.as_deref().unwrap_or("");
    let unit = num.unit.as_deref().unwrap_or("").trim();
    let amount: f64 = value
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v > 0.0)
        .ok_or_else(|| format!("strength `{value}` is not a positive number"))?;
    let mg = match unit.to_ascii_lowercase().as_str() {
        "mg" => amount,
        "g" => amount * 1000.0,
        _ => {
            return Err(format!(
                "strength unit `{unit}` is not mg; pillid records strengths in mg"
            ))
        }
    };
    if let Some(den) = &i.denominator {
        let per_one = den.value.as_deref().is_none_or(|v| v.trim() == "1")
            && den.unit.as_deref().is_none_or(|u| u.trim() == "1");
        if !per_one {
            return Err(format!(
                "strength is per {} {}, not per tablet",
                den.value.as_deref().unwrap_or("?"),
                den.unit.as_deref().unwrap_or("")
            ));
        }
    }
    if mg.fract() != 0.0 || mg > MAX_PLAUSIBLE_STRENGTH_MG {
        return Err(format!(
            "strength {value} {unit} is not a whole number of mg up to {MAX_PLAUSIBLE_STRENGTH_MG}"
        ));
    }
    // In range and whole, so the conversion is exact.
    Ok(mg as u32)
}

/// A tablet's look, from its SPL characteristics.
struct Appearance {
    imprint: String,
    colors: Vec<Color>,
    shape: Shape,
    score: Option<u8>,
    size_mm: Option<u32>,
}

fn characteristic_word(c: &Characteristic) -> String {
    match (&c.value_code, &c.display_name) {
        (Some(code), Some(name)) => format!("{name} ({code})"),
        (Some(code), None) => code.clone(),
        (None, Some(name)) => name.clone(),
        (None, None) => c.text.clone().unwrap_or_else(|| "(no value)".to_owned()),
    }
}

/// A colour from its NCI code, else its display name.
fn color_of(c: &Characteristic) -> Option<Color> {
    let by_code = c.value_code.as_deref().and_then(|code| {
        Color::ALL
            .iter()
            .copied()
            .find(|v| v.nci_code() == code.trim())
    });
    by_code.or_else(|| c.display_name.as_deref().and_then(Color::from_spl_name))
}

/// A shape from its NCI code, else its display name.
fn shape_of(c: &Characteristic) -> Option<Shape> {
    let by_code = c.value_code.as_deref().and_then(|code| {
        Shape::ALL
            .iter()
            .copied()
            .find(|v| v.nci_code() == code.trim())
    });
    by_code.or_else(|| c.display_name.as_deref().and_then(Shape::from_spl_name))
}

fn appearance(p: &SplProduct, warnings: &mut Vec<String>, who: &str) -> Result<Appearance, String> {
    let of = |code: &'static str| {
        p.characteristics
            .iter()
            .filter(move |c| c.code.as_deref().map(str::trim) == Some(code))
    };
    let mut colors = Vec::new();
    for c in of("SPLCOLOR") {
        let color = color_of(c).ok_or_else(|| {
            format!(
                "colour {} is not an SPL colour ({})",
                characteristic_word(c),
                Color::valid_words()
            )
        })?;
        if !colors.contains(&color) {
            colors.push(color);
        }
    }
    if colors.is_empty() {
        return Err("the label gives no colour (SPLCOLOR)".to_owned());
    }
    let mut shapes = of("SPLSHAPE");
    let shape_c = shapes
        .next()
        .ok_or_else(|| "the label gives no shape (SPLSHAPE)".to_owned())?;
    let shape = shape_of(shape_c).ok_or_else(|| {
        format!(
            "shape {} is not an SPL shape ({})",
            characteristic_word(shape_c),
            Shape::valid_words()
        )
    })?;
    if shapes.any(|c| shape_of(c) != Some(shape)) {
        return Err("the label gives more than one shape".to_owned());
    }
    let mut imprints = of("SPLIMPRINT");
    let raw = imprints
        .next()
        .and_then(|c| c.text.as_deref())
        .ok_or_else(|| {
            "the label gives no imprint (SPLIMPRINT); pillid identifies tablets by imprint"
                .to_owned()
        })?;
    let imprint = clean_imprint(raw)
        .map_err(|why| format!("imprint `{}` is not canonical SPL form: {why}", raw.trim()))?;
    if imprints.next().is_some() {
        return Err("the label gives more than one imprint".to_owned());
    }
    let score = match of("SPLSCORE").next() {
        None => None,
        Some(c) => match c.value.as_deref().map(str::trim).map(str::parse::<u8>) {
            Some(Ok(n)) if (1..=4).contains(&n) => Some(n),
            _ if c.null_flavor.is_some() => None,
            _ => {
                warnings.push(format!(
                    "{who}: score {} is not 1 to 4 pieces; not recorded",
                    c.value.as_deref().unwrap_or("(none)")
                ));
                None
            }
        },
    };
    let size_mm = match of("SPLSIZE").next() {
        None => None,
        Some(c) => {
            let unit = c.unit.as_deref().unwrap_or("").trim();
            let value = c
                .value
                .as_deref()
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v > 0.0 && *v <= MAX_PLAUSIBLE_SIZE_MM);
            match value {
                Some(v) if unit.eq_ignore_ascii_case("mm") && v.round() >= 1.0 => {
                    // Positive and at most MAX_PLAUSIBLE_SIZE_MM: exact.
                    Some(v.round() as u32)
                }
                _ => {
                    warnings.push(format!(
                        "{who}: size `{} {unit}` is not a plausible tablet size in mm; not \
                         recorded",
                        c.value.as_deref().unwrap_or("(none)")
                    ));
                    None
                }
            }
        }
    };
    Ok(Appearance {
        imprint,
        colors,
        shape,
        score,
        size_mm,
    })
}

/// Turns an SPLIMPRINT text into the database's canonical form: upper case,
/// each side trimmed with single spaces, empty sides dropped, `;` between
/// sides. Fails, saying why, when the result is still not canonical (for
/// example a `&` or `°` in the imprint).
///
/// ```
/// use pillid::spl::clean_imprint;
/// assert_eq!(clean_imprint(" tst ;  110 ").as_deref(), Ok("TST;110"));
/// assert_eq!(clean_imprint("KP02;;10").as_deref(), Ok("KP02;10"));
/// assert!(clean_imprint("M;L & 10").is_err());
/// ```
pub fn clean_imprint(raw: &str) -> Result<String, String> {
    let sides: Vec<String> = raw
        .split(';')
        .map(|side| collapse_whitespace(side).to_uppercase())
        .filter(|side| !side.is_empty())
        .collect();
    let imprint = sides.join(";");
    imprint::check_canonical(&imprint)?;
    Ok(imprint)
}

/// Lower-case ASCII words of `s` joined by hyphens.
fn slug_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The id of an imported product: `spl-<labeler>-<imprint>-<mg>`, e.g.
/// `spl-zydus-1285-10`. Company words (Inc, Pharmaceuticals, USA, …) are
/// dropped from the labeler's name and at most three words kept.
pub fn product_id(labeler: &str, imprint: &str, strength_mg: u32) -> String {
    let words = slug_words(labeler);
    let mut kept: Vec<String> = words
        .iter()
        .filter(|w| !COMPANY_WORDS.contains(&w.as_str()))
        .take(3)
        .cloned()
        .collect();
    if kept.is_empty() {
        kept = words.into_iter().take(3).collect();
    }
    if kept.is_empty() {
        kept.push("labeler".to_owned());
    }
    let imprint = slug_words(imprint).join("-");
    format!("spl-{}-{imprint}-{strength_mg}", kept.join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spl::{import_spl, Quantity};

    const MANUFACTURER: &str =
        include_str!("../../tests/fixtures/spl/manufacturer-two-strengths.xml");
    const REPACKAGER: &str = include_str!("../../tests/fixtures/spl/repackager.xml");
    const NOT_BACLOFEN: &str = include_str!("../../tests/fixtures/spl/not-baclofen.xml");

    /// A one-product label around `product` (the subject's manufacturedProduct
    /// content) for focused tests.
    fn label_with(product: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <effectiveTime value="20240101"/>
  <setId root="12345678-1234-4234-8234-123456789abc"/>
  <versionNumber value="2"/>
  <author><assignedEntity><representedOrganization>
    <name>Unit Test Labeler Inc.</name>
  </representedOrganization></assignedEntity></author>
  <component><structuredBody><component><section>
    <subject><manufacturedProduct>{product}</manufacturedProduct></subject>
  </section></component></structuredBody></component>
</document>"#
        )
    }

    /// A baclofen tablet with the given characteristics XML.
    fn tablet(form: &str, strength: &str, characteristics: &str) -> String {
        label_with(&format!(
            r#"<manufacturedProduct>
      <code code="99999-001" codeSystem="2.16.840.1.113883.6.69"/>
      <name>Baclofen</name>
      <formCode displayName="{form}"/>
      <ingredient classCode="ACTIB">
        <quantity><numerator unit="mg" value="{strength}"/><denominator unit="1" value="1"/></quantity>
        <ingredientSubstance><name>BACLOFEN</name></ingredientSubstance>
      </ingredient>
    </manufacturedProduct>
    {characteristics}"#
        ))
    }

    fn characteristic(code: &str, value: &str) -> String {
        format!(
            r#"<subjectOf><characteristic><code code="{code}"/>{value}</characteristic></subjectOf>"#
        )
    }

    fn white_round(imprint: &str) -> String {
        [
            characteristic(
                "SPLCOLOR",
                r#"<value xsi:type="CE" code="C48325" displayName="WHITE"/>"#,
            ),
            characteristic(
                "SPLSHAPE",
                r#"<value xsi:type="CE" code="C48348" displayName="ROUND"/>"#,
            ),
            characteristic(
                "SPLIMPRINT",
                &format!(r#"<value xsi:type="ST">{imprint}</value>"#),
            ),
        ]
        .concat()
    }

    fn import(xml: &str) -> ImportedLabel {
        import_spl(xml.as_bytes(), "baclofen").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn imports_a_manufacturer_label() {
        let imported = import(MANUFACTURER);
        assert_eq!(imported.set_id, "aaaaaaaa-0000-4000-8000-00000000a001");
        assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let [ten, twenty] = imported.products.as_slice() else {
            panic!("two products expected")
        };
        assert_eq!(ten.id, "spl-testwell-fixture-tst-110-10");
        assert_eq!(ten.imprint, "TST;110");
        assert_eq!(ten.strength, Strength::mg(10));
        assert_eq!(ten.colors, [Color::White]);
        assert_eq!(ten.shape, Shape::Round);
        assert_eq!(ten.size_mm, Some(8));
        assert_eq!(ten.score, Some(2));
        assert_eq!(ten.status, MarketingStatus::Marketed);
        assert!(ten.manufacturer.confirmed);
        assert_eq!(
            ten.manufacturer.name.as_deref(),
            Some("Testwell Fixture Pharmaceuticals Inc.")
        );
        let l = &ten.labelers[0];
        assert_eq!(l.role, Role::Manufacturer);
        assert_eq!(l.ndc.as_deref(), Some("99901-110"));
        assert_eq!(l.source_ndc, None);
        assert_eq!(l.sources[0].version.as_deref(), Some("3"));
        assert_eq!(l.sources[0].effective.as_deref(), Some("20240315"));
        assert_eq!(
            l.sources[0].url,
            dailymed_url("aaaaaaaa-0000-4000-8000-00000000a001")
        );
        assert_eq!(twenty.imprint, "TST;120");
        assert_eq!(twenty.strength, Strength::mg(20));
        assert_eq!(twenty.colors, [Color::Yellow]);
        assert_eq!(twenty.shape, Shape::Capsule);
        assert_eq!(twenty.size_mm, Some(11));
        assert_eq!(twenty.score, Some(1));
    }

    #[test]
    fn imports_a_repackager_with_its_source_ndc() {
        let imported = import(REPACKAGER);
        let [p] = imported.products.as_slice() else {
            panic!("one product expected")
        };
        let l = &p.labelers[0];
        assert_eq!(l.role, Role::Repackager);
        assert_eq!(l.source_ndc.as_deref(), Some("99901-110"));
        assert!(!p.manufacturer.confirmed);
        assert!(p.manufacturer.name.is_none());
        assert!(p
            .manufacturer
            .lead
            .as_deref()
            .unwrap()
            .contains("99901-110"));
        // Colour given by display name only.
        assert_eq!(p.colors, [Color::White]);
    }

    #[test]
    fn skips_other_drugs_with_a_reason() {
        let imported = import(NOT_BACLOFEN);
        assert!(imported.products.is_empty());
        assert_eq!(imported.skipped.len(), 1);
        let why = &imported.skipped[0];
        assert!(
            why.contains("Tizanidine") && why.contains("99903-401"),
            "{why}"
        );
        assert!(
            why.contains("TIZANIDINE HYDROCHLORIDE, not baclofen"),
            "{why}"
        );
    }

    #[test]
    fn skips_what_pillid_cannot_hold_and_says_why() {
        let cases = [
            (tablet("SOLUTION", "5", &white_round("X")), "not a tablet"),
            (
                tablet("TABLET", "2.5", &white_round("X")),
                "not a whole number of mg",
            ),
            (
                tablet("TABLET", "10", &white_round("M;L &amp; 10")),
                "not canonical SPL form",
            ),
            (
                tablet("TABLET", "10", &white_round("N°29")),
                "not canonical SPL form",
            ),
            (tablet("TABLET", "10", ""), "no colour"),
            (
                tablet(
                    "TABLET",
                    "10",
                    &characteristic("SPLCOLOR", r#"<value code="C99999" displayName="MAUVE"/>"#),
                ),
                "not an SPL colour",
            ),
            (
                tablet(
                    "TABLET",
                    "10",
                    &[
                        characteristic("SPLCOLOR", r#"<value displayName="WHITE"/>"#),
                        characteristic("SPLSHAPE", r#"<value displayName="ROUND"/>"#),
                    ]
                    .concat(),
                ),
                "no imprint",
            ),
        ];
        for (xml, expected) in cases {
            let imported = import(&xml);
            assert!(imported.products.is_empty(), "{expected}");
            assert_eq!(imported.skipped.len(), 1, "{expected}");
            assert!(
                imported.skipped[0].contains(expected),
                "{} should say {expected}",
                imported.skipped[0]
            );
        }
    }

    #[test]
    fn the_drug_is_a_parameter() {
        let tizanidine = import_spl(NOT_BACLOFEN.as_bytes(), " Tizanidine ").unwrap();
        assert!(tizanidine.skipped.is_empty(), "{:?}", tizanidine.skipped);
        let [p] = tizanidine.products.as_slice() else {
            panic!("one tizanidine tablet expected")
        };
        assert_eq!(p.drug, "tizanidine");
        assert_eq!(p.labelers[0].ndc.as_deref(), Some("99903-401"));
        let none = import_spl(MANUFACTURER.as_bytes(), "tizanidine").unwrap();
        assert!(none.products.is_empty());
        assert!(
            none.skipped
                .iter()
                .all(|s| s.contains("BACLOFEN, not tizanidine")),
            "{:?}",
            none.skipped
        );
        // A name of several words matches them in order, as whole words.
        let salt = tablet("TABLET", "10", &white_round("X"))
            .replace("<name>BACLOFEN</name>", "<name>BACLOFEN SODIUM</name>");
        assert_eq!(
            import_spl(salt.as_bytes(), "baclofen sodium")
                .unwrap()
                .products
                .len(),
            1
        );
        assert_eq!(
            import_spl(salt.as_bytes(), "sodium baclofen")
                .unwrap()
                .products
                .len(),
            0
        );
        for bad in ["", "  ", "bac\u{1b}lofen", "baclofen;rm", &"x".repeat(61)] {
            let e = import_spl(MANUFACTURER.as_bytes(), bad).unwrap_err();
            assert!(e.message.contains("drug name"), "{bad:?}: {e}");
        }
        assert_eq!(drug_name("Valproic   ACID").as_deref(), Ok("valproic acid"));
    }

    #[test]
    fn arbaclofen_and_combinations_are_not_baclofen() {
        let arbaclofen = tablet("TABLET", "10", &white_round("X"))
            .replace("<name>BACLOFEN</name>", "<name>ARBACLOFEN</name>");
        assert!(import(&arbaclofen).skipped[0].contains("not baclofen"));
        let combo = tablet("TABLET", "10", &white_round("X")).replace(
            "</ingredient>",
            r#"</ingredient><ingredient classCode="ACTIB"><ingredientSubstance><name>OTHER</name></ingredientSubstance></ingredient>"#,
        );
        assert!(import(&combo).skipped[0].contains("combines"));
    }

    #[test]
    fn odt_size_score_and_colour_codes() {
        let xml = tablet(
            "TABLET, ORALLY DISINTEGRATING",
            "20",
            &[
                characteristic("SPLCOLOR", r#"<value code="C48328" displayName="pink"/>"#),
                characteristic("SPLCOLOR", r#"<value displayName="white"/>"#),
                characteristic("SPLSHAPE", r#"<value code="C48342"/>"#),
                characteristic(
                    "SPLSIZE",
                    r#"<value xsi:type="PQ" value="12.5" unit="mm"/>"#,
                ),
                characteristic("SPLSCORE", r#"<value xsi:type="INT" nullFlavor="OTH"/>"#),
                characteristic(
                    "SPLIMPRINT",
                    r#"<value xsi:type="ST">  ab  12 ;; x-1 </value>"#,
                ),
            ]
            .concat(),
        );
        let imported = import(&xml);
        let p = &imported.products[0];
        assert_eq!(p.dosage_form, DosageForm::OrallyDisintegratingTablet);
        assert_eq!(p.colors, [Color::Pink, Color::White]);
        assert_eq!(p.shape, Shape::Heptagon);
        assert_eq!(p.size_mm, Some(13));
        assert_eq!(p.score, None);
        assert_eq!(p.imprint, "AB 12;X-1");
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        // No establishment: role and maker unknown, said so.
        assert_eq!(p.labelers[0].role, Role::Unknown);
        assert!(!p.manufacturer.confirmed);
        assert!(p
            .manufacturer
            .lead
            .as_deref()
            .unwrap()
            .contains("names no establishment"));
    }

    #[test]
    fn marketing_status_comes_from_the_marketing_act() {
        let act = |code: &str| {
            format!(
                r#"<subjectOf><marketingAct><code code="C53292"/><statusCode code="{code}"/></marketingAct></subjectOf>"#
            )
        };
        let status = |extra: &str| {
            import(&tablet("TABLET", "10", &(act(extra) + &white_round("X")))).products[0].status
        };
        assert_eq!(status("active"), MarketingStatus::Marketed);
        assert_eq!(status("completed"), MarketingStatus::Discontinued);
        assert_eq!(status("new"), MarketingStatus::Unknown);
        let none = import(&tablet("TABLET", "10", &white_round("X")));
        assert_eq!(none.products[0].status, MarketingStatus::Unknown);
    }

    #[test]
    fn implausible_size_is_a_warning_not_a_guess() {
        let xml = tablet(
            "TABLET",
            "10",
            &(white_round("X") + &characteristic("SPLSIZE", r#"<value value="800" unit="mm"/>"#)),
        );
        let imported = import(&xml);
        assert_eq!(imported.products[0].size_mm, None);
        assert!(imported.warnings[0].contains("not a plausible tablet size"));
    }

    #[test]
    fn strength_units() {
        let ing = |value: &str, unit: &str| Ingredient {
            numerator: Some(Quantity {
                value: Some(value.into()),
                unit: Some(unit.into()),
            }),
            ..Ingredient::default()
        };
        assert_eq!(strength_mg(&ing("10", "mg"), "baclofen"), Ok(10));
        assert_eq!(strength_mg(&ing("10.0", "mg"), "baclofen"), Ok(10));
        assert_eq!(strength_mg(&ing("0.02", "g"), "baclofen"), Ok(20));
        assert!(strength_mg(&ing("10", "ug"), "baclofen").is_err());
        assert!(strength_mg(&ing("-5", "mg"), "baclofen").is_err());
        assert!(strength_mg(&ing("NaN", "mg"), "baclofen").is_err());
        assert!(strength_mg(&ing("1e300", "mg"), "baclofen").is_err());
        let mut per_5ml = ing("5", "mg");
        per_5ml.denominator = Some(Quantity {
            value: Some("5".into()),
            unit: Some("mL".into()),
        });
        assert!(strength_mg(&per_5ml, "baclofen")
            .unwrap_err()
            .contains("not per tablet"));
    }

    #[test]
    fn ndc_forms() {
        assert_eq!(product_code("60219-2043").as_deref(), Some("60219-2043"));
        assert_eq!(product_code("60219-2043-1").as_deref(), Some("60219-2043"));
        assert_eq!(product_code("6021-2043-1-2"), None);
        assert_eq!(product_code("abc"), None);
    }

    #[test]
    fn product_ids_are_slugs() {
        assert_eq!(
            product_id("Zydus Pharmaceuticals (USA) Inc.", "1285", 10),
            "spl-zydus-1285-10"
        );
        assert_eq!(product_id("Inc.", "KP02;10", 10), "spl-inc-kp02-10-10");
        assert_eq!(product_id("株式会社", "E;6", 10), "spl-labeler-e-6-10");
    }

    #[test]
    fn imprint_cleanup() {
        assert_eq!(clean_imprint("lci;1330").as_deref(), Ok("LCI;1330"));
        assert_eq!(
            clean_imprint(" bac  10 ; u-s ").as_deref(),
            Ok("BAC 10;U-S")
        );
        assert!(clean_imprint("").is_err());
        assert!(clean_imprint(" ; ").is_err());
        assert!(clean_imprint("U - 343").is_err());
        assert!(clean_imprint(&"9".repeat(50)).is_err());
    }

    #[test]
    fn never_panics_on_damaged_input() {
        // Every prefix of a real-shaped label, and deterministic byte damage.
        let bytes = MANUFACTURER.as_bytes();
        assert_eq!(
            import_spl(bytes, "baclofen").map(|l| l.products.len()),
            Ok(2)
        );
        for end in (0..bytes.len()).step_by(7) {
            let _ = import_spl(&bytes[..end], "baclofen");
        }
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let mut damaged = bytes.to_vec();
            for _ in 0..8 {
                let i = (next() % damaged.len() as u64) as usize;
                damaged[i] = (next() & 0xFF) as u8;
            }
            let _ = import_spl(&damaged, "baclofen");
        }
    }
}
