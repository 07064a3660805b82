//! The JSON shape of an identification, shared by `pillid identify --json`
//! and anything else that wants a serialisable answer.
//!
//! `{"query", "verdict", "results": [{"imprint", "drug", "strength", ...}]}`
//! with results best first and `imprint` in the database's SPL form. Every
//! sentence comes from [`crate::wording`]; each warning also carries a stable
//! `kind`, so a program never has to recognise a warning by its words.

use crate::catalog::{Labeler, Role};
use crate::matcher::{Candidate, Identification, Mark, Verdict, Warning};
use serde::Serialize;

/// One identification as JSON.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The query as typed.
    pub query: String,
    /// `match`, `possible` or `no_match`.
    pub verdict: Verdict,
    /// The shape used, if any (SPL word).
    pub shape: Option<String>,
    /// The colour used, if any (SPL word).
    pub color: Option<String>,
    /// Notes about the input.
    pub notices: Vec<String>,
    /// Candidates, best first.
    pub results: Vec<ResultEntry>,
    /// Always present: pillid identifies, it does not advise.
    pub disclaimer: &'static str,
}

/// The reminder every answer carries.
pub const DISCLAIMER: &str =
    "pillid identifies tablets; it gives no medical advice. Confirm with the label or a pharmacist.";

/// One candidate as JSON.
#[derive(Debug, Serialize)]
pub struct ResultEntry {
    /// Product id in the database.
    pub id: String,
    /// Imprint in SPL form.
    pub imprint: String,
    /// The reading that matched, when it is a variant of `imprint`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_imprint: Option<String>,
    /// The medicine, lower case (`baclofen`).
    pub drug: String,
    /// True for a tablet of baclofen, the medicine pillid is built around.
    pub is_target: bool,
    /// Strength with its unit, one amount per ingredient (`10 mg`).
    pub strength: String,
    /// SPL dosage form.
    pub dosage_form: String,
    /// Manufacturer name, or null when no source names one.
    pub manufacturer: Option<String>,
    /// True only when a label names the manufacturer.
    pub manufacturer_confirmed: bool,
    /// What the sources suggest, when not confirmed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manufacturer_lead: Option<String>,
    /// Companies selling this tablet, with NDCs.
    pub labelers: Vec<LabelerEntry>,
    /// SPL shape.
    pub shape: &'static str,
    /// SPL colour (predominant).
    pub color: &'static str,
    /// Marketed, discontinued or unknown.
    pub status: crate::catalog::MarketingStatus,
    /// Score in [0, 1].
    pub score: f64,
    /// `high`, `medium` or `low`.
    pub confidence: &'static str,
    /// Why it is listed.
    pub why: Vec<String>,
    /// What to be careful about.
    pub warnings: Vec<WarningEntry>,
    /// How each imprint character was matched.
    pub marks: Vec<Mark>,
    /// Where the appearance comes from.
    pub sources: Vec<String>,
}

/// A warning as JSON: a stable kind and the sentence.
#[derive(Debug, Serialize)]
pub struct WarningEntry {
    /// `other_strength`, `look_alike`, `maker_unconfirmed`, `discontinued`
    /// or `appearance_source` (see [`Warning::kind`]).
    pub kind: &'static str,
    /// The warning in words.
    pub text: String,
}

impl From<&Warning<'_>> for WarningEntry {
    fn from(w: &Warning<'_>) -> Self {
        WarningEntry {
            kind: w.kind(),
            text: w.to_string(),
        }
    }
}

/// A labeler as JSON.
#[derive(Debug, Serialize)]
pub struct LabelerEntry {
    /// Company name.
    pub name: String,
    /// NDC product code, or null.
    pub ndc: Option<String>,
    /// Manufacturer, distributor, repackager or unknown.
    pub role: Role,
    /// False when the link between this NDC and this tablet is inferred.
    pub confirmed: bool,
}

impl From<&Labeler> for LabelerEntry {
    fn from(l: &Labeler) -> Self {
        LabelerEntry {
            name: l.name.clone(),
            ndc: l.ndc.clone(),
            role: l.role,
            confirmed: l.confidence != crate::catalog::Confidence::Inferred,
        }
    }
}

impl Report {
    /// Builds the JSON form of an identification.
    pub fn new(id: &Identification<'_>) -> Report {
        Report {
            query: id.query.clone(),
            verdict: id.verdict,
            shape: id.shape.map(|s| s.spl_name().to_owned()),
            color: id.color.map(|c| c.spl_name().to_owned()),
            notices: id.notices.iter().map(ToString::to_string).collect(),
            results: id.candidates.iter().map(ResultEntry::new).collect(),
            disclaimer: DISCLAIMER,
        }
    }
}

impl ResultEntry {
    fn new(c: &Candidate<'_>) -> ResultEntry {
        let p = c.product;
        ResultEntry {
            id: p.id.clone(),
            imprint: p.imprint.clone(),
            matched_imprint: (c.matched_imprint != p.imprint).then(|| c.matched_imprint.to_owned()),
            drug: p.drug.clone(),
            is_target: p.is_target(),
            strength: p.strength.to_string(),
            dosage_form: p.dosage_form.spl_name().to_owned(),
            manufacturer: p.manufacturer.name.clone(),
            manufacturer_confirmed: p.manufacturer.confirmed,
            manufacturer_lead: p.manufacturer.lead.clone(),
            labelers: p.labelers.iter().map(LabelerEntry::from).collect(),
            shape: p.shape.spl_name(),
            color: p.colors.first().map_or("", |c| c.spl_name()),
            status: p.status,
            score: (c.score * 1000.0).round() / 1000.0,
            confidence: c.confidence.as_str(),
            why: c.why.iter().map(ToString::to_string).collect(),
            warnings: c.warnings.iter().map(WarningEntry::from).collect(),
            marks: c.marks.clone(),
            sources: p.sources.iter().map(|s| s.url.clone()).collect(),
        }
    }
}
