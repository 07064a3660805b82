//! Tablets of other medicines, from the U.S. National Library of Medicine's
//! RxImage record, so that a tablet whose imprint resembles a baclofen one
//! is recognised as what it is instead of being answered "baclofen".
//!
//! The source is `data/nlm-rximage/rximage.tsv`, NLM's record copied
//! verbatim. What ships is a smaller table with only the columns pillid
//! uses, `data/other-medicines.tsv`, made from it by `make other-medicines`
//! (a column cut, see the Makefile) and checked here against the source
//! ([`derive_table`]), so the two can never drift apart. It is parsed once,
//! at start, into [`Product`]s of [`Scope::Other`]; a bad row fails the tests
//! and is named by its line.
//!
//! These records are NLM's photographs of 2009–2016: a few thousand of the
//! tens of thousands of tablets on the market. They are not meant to be
//! complete, so "no match" never means "not a medicine".

use super::{
    Confidence, DosageForm, Manufacturer, MarketingStatus, Product, Scope, Source, Strength,
    DEA_SCHEDULES,
};
use crate::imprint;
use crate::vocab::{Color, Shape};

/// The shipped table of other medicines (`data/other-medicines.tsv`).
pub const OTHER_MEDICINES_TSV: &str = include_str!("../../data/other-medicines.tsv");

/// The columns of [`OTHER_MEDICINES_TSV`], in order: the names NLM's
/// record gives them.
pub const COLUMNS: [&str; 13] = [
    "ndc11",
    "part",
    "name",
    "labeler",
    "dea_schedule",
    "imprint",
    "symbol",
    "shape",
    "size_mm",
    "color",
    "score",
    "status",
    "photographed",
];

/// Where the records come from, as every one of them cites it.
pub const NLM_SOURCE_URL: &str = "https://lhncbc.nlm.nih.gov/RxNav/applications/RxImage.html";

/// The drug that is pillid's target is left out of the table: its tablets
/// are in `data/baclofen.json`, researched one by one.
fn is_target_row(name: &str, active: &str) -> bool {
    let target = super::TARGET.drug;
    name.to_lowercase().contains(target) || active.to_lowercase().contains(target)
}

/// The shipped table made from NLM's record: its header and every row that
/// is not the target medicine, with only [`COLUMNS`]. `make
/// other-medicines` writes the same with `awk`; a test checks they agree.
pub fn derive_table(rximage_tsv: &str) -> Result<String, String> {
    let mut lines = rximage_tsv.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("the record is empty")?
        .split('\t')
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("the record has no `{name}` column"))
    };
    let picks = COLUMNS
        .iter()
        .map(|c| column(c))
        .collect::<Result<Vec<_>, _>>()?;
    let (name, active) = (column("name")?, column("active")?);
    let mut out = COLUMNS.join("\t");
    out.push('\n');
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != header.len() {
            return Err(format!(
                "a row has {} cells, not {}",
                cells.len(),
                header.len()
            ));
        }
        if is_target_row(cells[name], cells[active]) {
            continue;
        }
        let row: Vec<&str> = picks.iter().map(|&i| cells[i]).collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

/// Parses the shipped table into products. On failure, one message per bad
/// row, naming its line.
pub fn parse_table(text: &str) -> Result<Vec<Product>, Vec<String>> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    if header != COLUMNS.join("\t") {
        return Err(vec![format!(
            "other medicines: the header must be the columns {COLUMNS:?}"
        )]);
    }
    let mut products = Vec::new();
    let mut errors = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, line) in lines.enumerate() {
        let line_no = i + 2;
        match product(line) {
            Ok(Some(mut p)) => {
                // Two appearances under one NDC (a former imprint and the
                // current one) get distinct ids.
                let base = p.id.clone();
                let mut n = 1;
                while !ids.insert(p.id.clone()) {
                    n += 1;
                    p.id = format!("{base}-{n}");
                }
                products.push(p);
            }
            Ok(None) => {}
            Err(why) => errors.push(format!("other medicines, line {line_no}: {why}")),
        }
    }
    if errors.is_empty() {
        Ok(products)
    } else {
        Err(errors)
    }
}

/// One row as a product; `None` for a row with no imprint (nothing to
/// match a typed imprint against).
fn product(line: &str) -> Result<Option<Product>, String> {
    let cells: Vec<&str> = line.split('\t').collect();
    let [ndc11, part, name, labeler, dea, raw_imprint, symbol, shape, size, color, score, status, photographed] =
        cells[..]
    else {
        return Err(format!("{} cells, not {}", cells.len(), COLUMNS.len()));
    };
    let Some(imprint) = canonical_imprint(raw_imprint) else {
        return Ok(None);
    };
    let ndc = package_to_product_code(ndc11)
        .ok_or_else(|| format!("`{ndc11}` is not a package NDC (5-4-2)"))?;
    let shape = Shape::from_word(shape).ok_or_else(|| format!("shape `{shape}` is not SPL"))?;
    let colors = color
        .split(", ")
        .map(|c| Color::from_word(c).ok_or_else(|| format!("colour `{c}` is not SPL")))
        .collect::<Result<Vec<_>, _>>()?;
    let size_mm = match size {
        "" => None,
        s => Some(
            s.parse::<u32>()
                .map_err(|_| format!("size `{s}` is not whole mm"))?,
        ),
    };
    let score = match score {
        "" => None,
        s => Some(
            s.parse::<u8>()
                .ok()
                .filter(|n| (1..=super::MAX_SCORE_PIECES).contains(n))
                .ok_or_else(|| format!("score `{s}` is not 1 to {}", super::MAX_SCORE_PIECES))?,
        ),
    };
    let dea_schedule = match dea {
        "" => None,
        d if DEA_SCHEDULES.contains(&d) => Some(d.to_owned()),
        d => {
            return Err(format!(
                "DEA schedule `{d}` is not one of {DEA_SCHEDULES:?}"
            ))
        }
    };
    let logo = match symbol {
        "True" => true,
        "False" | "" => false,
        s => return Err(format!("symbol `{s}` is not True or False")),
    };
    if !part.bytes().all(|b| b.is_ascii_digit()) || part.is_empty() {
        return Err(format!("part `{part}` is not a number"));
    }
    let date = (!photographed.is_empty()).then(|| photographed.to_owned());
    if date.as_deref().is_some_and(|d| !super::is_iso_date(d)) {
        return Err(format!(
            "date photographed `{photographed}` is not YYYY-MM-DD"
        ));
    }
    let named = NamedProduct::read(name);
    let source = Source {
        url: NLM_SOURCE_URL.to_owned(),
        title: Some("U.S. National Library of Medicine, RxImage record".to_owned()),
        setid: None,
        version: None,
        effective: None,
        date: date.clone(),
    };
    let labeler_name = labeler.trim();
    Ok(Some(Product {
        id: format!("nlm-{}-{part}", ndc11.replace('-', "")),
        scope: Scope::Other,
        drug: named.drug,
        strength: named.strength,
        dosage_form: named.form,
        imprint,
        imprint_variants: Vec::new(),
        colors,
        shape,
        score,
        size_mm,
        logo,
        former_imprint: status == "Former imprint",
        dea_schedule,
        faces: Vec::new(),
        description: (!name.is_empty()).then(|| name.to_owned()),
        manufacturer: Manufacturer {
            name: None,
            confirmed: false,
            // NLM names the labeler, who may only sell or repackage the
            // tablet: never a lead for its maker.
            lead: None,
            confidence: Confidence::SecondarySource,
        },
        status: MarketingStatus::Unknown,
        look_alikes: Vec::new(),
        labelers: vec![super::Labeler {
            name: if labeler_name.is_empty() {
                "labeler not named in the record".to_owned()
            } else {
                labeler_name.to_owned()
            },
            role: super::Role::Unknown,
            ndc: Some(ndc),
            source_ndc: None,
            setid: None,
            strength: None,
            status: MarketingStatus::Unknown,
            confidence: Confidence::SecondarySource,
            sources: vec![source.clone()],
            note: None,
        }],
        // NLM lists the repackagers of each tablet too; for other medicines
        // they are left out of the shipped table to keep the download small
        // (baclofen's are in data/baclofen.json).
        repackagers: Vec::new(),
        photos: Vec::new(),
        confidence: Confidence::SecondarySource,
        sources: vec![source],
        note: None,
    }))
}

/// NLM's imprint (`;` between lines, case kept: `deplin;15`) in canonical
/// SPL form (`DEPLIN;15`): upper case, only letters, digits, single spaces
/// and hyphens inside a side, empty sides dropped. `None` when nothing is
/// left.
pub fn canonical_imprint(raw: &str) -> Option<String> {
    let sides: Vec<String> = raw
        .split(';')
        .map(|side| {
            let kept: String = side
                .chars()
                .map(|c| c.to_ascii_uppercase())
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        ' '
                    }
                })
                .collect();
            let words: Vec<&str> = kept.split([' ', '-']).filter(|w| !w.is_empty()).collect();
            words.join(" ")
        })
        .filter(|side| !side.is_empty())
        .collect();
    let spl = sides.join(";");
    imprint::check_canonical(&spl).is_ok().then_some(spl)
}

/// The labeler-product part of a package NDC (`00172-4096-60` →
/// `00172-4096`).
fn package_to_product_code(ndc11: &str) -> Option<String> {
    let mut groups = ndc11.split('-');
    let (a, b, c) = (groups.next()?, groups.next()?, groups.next()?);
    let code = format!("{a}-{b}");
    (groups.next().is_none() && !c.is_empty() && super::is_ndc_product_code(&code)).then_some(code)
}

/// What an RxNorm name says: the drug (ingredients joined by ` / `), the
/// strength, and the dosage form.
struct NamedProduct {
    drug: String,
    strength: Strength,
    form: DosageForm,
}

/// The units RxNorm writes after an amount.
const UNITS: [&str; 6] = ["MG", "MCG", "UNT", "MEQ", "MG/ML", "MEQ/ML"];

impl NamedProduct {
    /// Reads `Valsartan 160 MG / Hydrochlorothiazide 25 MG Oral Tablet`,
    /// `24 HR Metoprolol succinate 25 MG Extended Release Oral Tablet`.
    /// For a pack, the first tablet's ingredients. A name it cannot read
    /// keeps what it could (an empty drug is shown as "not named").
    fn read(name: &str) -> NamedProduct {
        // A pack's name lists every tablet in it, and the record does not
        // say which of them this row is (one may be an inert tablet): no
        // drug or strength is given for it.
        if name.ends_with(" Pack") || name.contains("} Pack") {
            let tablet = DosageForm::Tablet;
            return NamedProduct {
                drug: String::new(),
                strength: Strength::from_amounts(Vec::new()),
                form: tablet,
            };
        }
        let words: Vec<&str> = name
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == '{' || c == '(' || c == ')' || c == '}'))
            .collect();
        let mut drugs: Vec<String> = Vec::new();
        let mut amounts = Vec::new();
        let mut pending: Vec<&str> = Vec::new();
        let mut i = 0;
        let mut form_from = words.len();
        while i < words.len() {
            let w = words[i];
            let is_number = !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit() || b == b'.');
            if is_number && i + 1 < words.len() && UNITS.contains(&words[i + 1]) {
                let drug = pending
                    .iter()
                    .filter(|p| **p != "/" && !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if let Ok(s) = Strength::parse(&format!("{w} {}", words[i + 1])) {
                    amounts.extend(s.amounts().iter().cloned());
                    drugs.push(drug);
                }
                pending.clear();
                i += 2;
                form_from = i;
                if words.get(i) == Some(&"/") {
                    i += 1;
                    continue;
                }
                break;
            }
            // "24 HR" before a drug name is a release profile, not a name.
            if is_number && words.get(i + 1) == Some(&"HR") {
                i += 2;
                continue;
            }
            pending.push(w);
            i += 1;
        }
        let form_words: Vec<&str> = words[form_from.min(words.len())..]
            .iter()
            .take_while(|w| !w.starts_with('[') && **w != "/" && !w.is_empty())
            .copied()
            .collect();
        let form = dosage_form_from_rxnorm(&form_words.join(" "));
        let drug = drugs
            .into_iter()
            .filter(|d| !d.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        NamedProduct {
            drug,
            strength: Strength::from_amounts(amounts),
            form,
        }
    }
}

/// RxNorm's dose form (`Extended Release Oral Tablet`) as an SPL dosage
/// form (`TABLET, EXTENDED RELEASE`).
fn dosage_form_from_rxnorm(words: &str) -> DosageForm {
    let w = words.to_lowercase();
    let base = if w.contains("capsule") {
        "CAPSULE"
    } else if w.contains("lozenge") {
        "LOZENGE"
    } else {
        "TABLET"
    };
    let kind = [
        ("extended release", "EXTENDED RELEASE"),
        ("delayed release", "DELAYED RELEASE"),
        ("disintegrating", "ORALLY DISINTEGRATING"),
        ("chewable", "CHEWABLE"),
        ("sublingual", "SUBLINGUAL"),
        ("buccal", "BUCCAL"),
        ("enteric coated", "DELAYED RELEASE"),
    ]
    .iter()
    .find(|(k, _)| w.contains(k))
    .map(|(_, v)| *v);
    let name = match kind {
        Some(kind) => format!("{base}, {kind}"),
        None => base.to_owned(),
    };
    DosageForm::parse(&name).unwrap_or(DosageForm::Tablet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_is_nlms_record_without_baclofen() {
        let source = include_str!("../../data/nlm-rximage/rximage.tsv");
        let derived = derive_table(source).unwrap();
        assert!(
            derived == OTHER_MEDICINES_TSV,
            "data/other-medicines.tsv differs from what data/nlm-rximage/rximage.tsv gives: \
             run `make other-medicines`"
        );
        let rows = source.lines().count() - 1;
        let kept = derived.lines().count() - 1;
        assert_eq!(rows - kept, 11, "NLM records 11 baclofen tablets");
    }

    #[test]
    fn every_row_parses_into_a_tablet_of_another_medicine() {
        let products = parse_table(OTHER_MEDICINES_TSV).unwrap_or_else(|e| panic!("{e:#?}"));
        assert!(products.len() > 4300, "{}", products.len());
        assert!(products.iter().all(|p| p.scope == Scope::Other));
        assert!(products.iter().all(|p| !p.drug.contains("baclofen")));
    }

    #[test]
    fn rxnorm_names_give_drug_strength_and_form() {
        let cases = [
            ("Fentanyl 0.2 MG Oral Lozenge [Actiq]", "fentanyl", "0.2 mg", "LOZENGE"),
            (
                "Valsartan 160 MG / Hydrochlorothiazide 25 MG Oral Tablet",
                "valsartan / hydrochlorothiazide",
                "160 mg / 25 mg",
                "TABLET",
            ),
            (
                "24 HR Metoprolol succinate 25 MG Extended Release Oral Tablet",
                "metoprolol succinate",
                "25 mg",
                "TABLET, EXTENDED RELEASE",
            ),
            ("Potassium Chloride 10 MEQ Extended Release Oral Tablet", "potassium chloride", "10 meq", "TABLET, EXTENDED RELEASE"),
            ("", "", "", "TABLET"),
            (
                "{24 (Drospirenone 3 MG / Ethinyl Estradiol 0.02 MG Oral Tablet) / 4 (Inert Ingredients 1 MG Oral Tablet) } Pack [Yaz]",
                "",
                "",
                "TABLET",
            ),
        ];
        for (name, drug, strength, form) in cases {
            let n = NamedProduct::read(name);
            assert_eq!(n.drug, drug, "{name}");
            assert_eq!(n.strength.to_string(), strength, "{name}");
            assert_eq!(n.form.spl_name(), form, "{name}");
        }
    }

    #[test]
    fn nlm_imprints_become_canonical() {
        assert_eq!(canonical_imprint("deplin;15").as_deref(), Some("DEPLIN;15"));
        assert_eq!(
            canonical_imprint("4356;20;mg").as_deref(),
            Some("4356;20;MG")
        );
        assert_eq!(canonical_imprint("M;;B 2").as_deref(), Some("M;B 2"));
        assert_eq!(canonical_imprint(" ; "), None);
        assert_eq!(canonical_imprint("a/b").as_deref(), Some("A B"));
    }

    #[test]
    fn a_bad_row_is_refused_by_its_line() {
        let good = OTHER_MEDICINES_TSV
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        let bad = format!(
            "{good}\n{}",
            good.lines()
                .nth(1)
                .unwrap()
                .replace("\tROUND\t", "\tBALL\t")
                .replace("\tOVAL\t", "\tBALL\t")
                .replace("\tCAPSULE\t", "\tBALL\t")
                .replace("\tBULLET\t", "\tBALL\t")
        );
        let errors = parse_table(&bad).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("line 4") && e.contains("BALL")),
            "{errors:?}"
        );
        assert!(parse_table(&good).is_ok());
    }
}
