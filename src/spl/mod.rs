//! Reading DailyMed SPL labels: the XML a labeler files with the FDA, turned
//! into database [`Product`]s with their provenance.
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
//! [`parse_spl`] reads the bytes into an [`SplLabel`] (what the file says,
//! nothing interpreted); [`import_label`] keeps the oral baclofen tablets as
//! [`Product`]s and gives a reason for every product it skips; [`merge`] adds
//! them to a [`Catalog`]. All three are pure: no files, no network, and no
//! panic on any input, so a fuzz target can call them.
//!
//! Safety: the reader is quick-xml's streaming reader over at most
//! [`MAX_SPL_BYTES`]. It never expands entities a DOCTYPE declares (a file
//! that declares any is refused, which stops "billion laughs" attacks), never
//! fetches an external DTD or entity, and refuses anything that is not UTF-8
//! (UTF-16, Latin-1, binary data) with a message saying so.

use crate::catalog::{
    dailymed_url, is_ndc_product_code, is_setid, Catalog, Confidence, DosageForm, Labeler,
    Manufacturer, MarketingStatus, Product, Role, Scope, Source, Strength,
};
use crate::imprint;
use crate::vocab::{Color, Shape};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::fmt;

/// Largest SPL file read, in bytes (20 MiB). A DailyMed label's XML is a few
/// hundred kilobytes (images are separate files); anything this big is not a
/// single label, and refusing it keeps memory use small.
pub const MAX_SPL_BYTES: usize = 20 * 1024 * 1024;

/// Deepest element nesting accepted. Real SPL nests about 20 levels; a
/// deeper file is either broken or built to exhaust memory.
pub const MAX_DEPTH: usize = 256;

/// The HL7 v3 namespace every SPL `<document>` is in.
pub const HL7_V3_NAMESPACE: &str = "urn:hl7-org:v3";

/// The code system of NDCs (labeler-product and package codes).
pub const NDC_CODE_SYSTEM: &str = "2.16.840.1.113883.6.69";

/// NCI code of the establishment operation MANUFACTURE. The display name
/// `MANUFACTURE` is accepted as well, so a label with only one of the two
/// still counts.
const MANUFACTURE_OPERATION_CODE: &str = "C43360";

/// Largest plausible tablet size in mm. The biggest oral tablets are about
/// 25 mm long; a larger SPLSIZE is a unit mistake (cm or µm), not a tablet.
const MAX_PLAUSIBLE_SIZE_MM: f64 = 40.0;

/// Largest plausible strength in mg for one baclofen tablet. Tablets are
/// 5–20 mg; a value far above that is a unit mistake (µg written as mg).
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

/// Why a file could not be read as an SPL label, with where, when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplError {
    /// What is wrong, in words.
    pub message: String,
    /// 1-based line of the problem, when it has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the problem.
    pub column: Option<usize>,
}

impl SplError {
    fn new(message: impl Into<String>) -> SplError {
        SplError {
            message: message.into(),
            line: None,
            column: None,
        }
    }

    fn at(message: impl Into<String>, text: &[u8], byte: usize) -> SplError {
        let (line, column) = line_column(text, byte);
        SplError {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for SplError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SplError {}

/// 1-based line and column (in characters) of a byte offset. Never panics:
/// offsets past the end count as the end.
fn line_column(text: &[u8], byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Count characters, not bytes: UTF-8 continuation bytes are 0b10xxxxxx.
    let column = before[line_start..]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}

/// What an SPL file says, read but not interpreted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplLabel {
    /// `document/setId/@root`.
    pub set_id: Option<String>,
    /// `document/versionNumber/@value`.
    pub version: Option<String>,
    /// `document/effectiveTime/@value`.
    pub effective: Option<String>,
    /// `document/author/assignedEntity/representedOrganization/name`.
    pub labeler: Option<String>,
    /// The labeler's DUNS number (`representedOrganization/id/@extension`).
    pub labeler_duns: Option<String>,
    /// Establishments named in the author block that perform an operation.
    pub establishments: Vec<Establishment>,
    /// The products of the product data elements sections, in file order.
    pub products: Vec<SplProduct>,
}

/// A site named in the label's author block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Establishment {
    /// `assignedOrganization/name`.
    pub name: Option<String>,
    /// `assignedOrganization/id/@extension` (DUNS number).
    pub duns: Option<String>,
    /// What the site does, and for which products.
    pub operations: Vec<Operation>,
}

/// One `performance/actDefinition` of an establishment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Operation {
    /// `code/@code`, e.g. `C43360`.
    pub code: Option<String>,
    /// `code/@displayName`, e.g. `MANUFACTURE`.
    pub name: Option<String>,
    /// NDCs of the products the operation is for.
    pub ndcs: Vec<String>,
}

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

/// One `section/subject/manufacturedProduct`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplProduct {
    /// Line of the product's start tag, for messages.
    pub line: usize,
    /// `manufacturedProduct/code/@code` when its code system is NDC.
    pub ndc: Option<String>,
    /// `manufacturedProduct/name`.
    pub name: Option<String>,
    /// `formCode/@displayName`, e.g. `TABLET`.
    pub form: Option<String>,
    /// `consumedIn/substanceAdministration/routeCode/@displayName`.
    pub route: Option<String>,
    /// `asEquivalentEntity/definingMaterialKind/code/@code`.
    pub source_ndc: Option<String>,
    /// All ingredients, active and inactive.
    pub ingredients: Vec<Ingredient>,
    /// Package NDCs (`containerPackagedProduct/code/@code`).
    pub packages: Vec<String>,
    /// `subjectOf/marketingAct/statusCode/@code`.
    pub marketing_status: Option<String>,
    /// `subjectOf/characteristic` entries, in file order.
    pub characteristics: Vec<Characteristic>,
    /// True when the product is a kit made of parts (`part/partProduct`).
    pub has_parts: bool,
}

/// One `manufacturedProduct/ingredient`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ingredient {
    /// `@classCode`: ACTIB, ACTIM, ACTIR (active) or IACT (inactive).
    pub class_code: Option<String>,
    /// `ingredientSubstance/name`.
    pub name: Option<String>,
    /// `ingredientSubstance/activeMoiety/activeMoiety/name`.
    pub moiety: Option<String>,
    /// `quantity/numerator`.
    pub numerator: Option<Quantity>,
    /// `quantity/denominator`.
    pub denominator: Option<Quantity>,
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

    /// True when the substance or its moiety is baclofen (the whole word, so
    /// arbaclofen is not).
    fn is_baclofen(&self) -> bool {
        [self.name.as_deref(), self.moiety.as_deref()]
            .into_iter()
            .flatten()
            .any(|n| {
                n.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case("baclofen"))
            })
    }
}

/// A physical quantity: `@value` and `@unit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quantity {
    /// `@value`, as written.
    pub value: Option<String>,
    /// `@unit`, as written.
    pub unit: Option<String>,
}

/// One `subjectOf/characteristic`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Characteristic {
    /// `code/@code`: SPLCOLOR, SPLSHAPE, SPLSIZE, SPLSCORE, SPLIMPRINT, …
    pub code: Option<String>,
    /// `value/@xsi:type`: CE, PQ, INT, ST, …
    pub value_type: Option<String>,
    /// `value/@code` (CE).
    pub value_code: Option<String>,
    /// `value/@displayName` (CE).
    pub display_name: Option<String>,
    /// `value/@value` (PQ, INT).
    pub value: Option<String>,
    /// `value/@unit` (PQ).
    pub unit: Option<String>,
    /// `value/@nullFlavor`, e.g. OTH for a score of unequal pieces.
    pub null_flavor: Option<String>,
    /// The value's own text (ST).
    pub text: Option<String>,
}

// ---------------------------------------------------------------------------
// Reading the bytes.

/// Reads an SPL file into an [`SplLabel`].
///
/// Refuses, with a message naming the line and column where there is one:
/// files larger than [`MAX_SPL_BYTES`]; anything that is not UTF-8 (UTF-16
/// with or without byte-order mark, Latin-1, binary data); malformed XML;
/// a DOCTYPE that declares entities; a reference to any entity other than
/// XML's five predefined ones; a root element that is not an HL7 v3
/// `<document>`; nesting deeper than [`MAX_DEPTH`]. Never panics.
pub fn parse_spl(bytes: &[u8]) -> Result<SplLabel, SplError> {
    let text = check_encoding(bytes)?;
    Parser::new(text).run()
}

/// Checks size and encoding and returns the text without a UTF-8 BOM.
fn check_encoding(bytes: &[u8]) -> Result<&str, SplError> {
    if bytes.len() > MAX_SPL_BYTES {
        return Err(SplError::new(format!(
            "the file is {} bytes, more than the {} MB limit for one SPL label (MAX_SPL_BYTES); \
             DailyMed labels are far smaller, so this is not a single label",
            bytes.len(),
            MAX_SPL_BYTES / (1024 * 1024)
        )));
    }
    if bytes.is_empty() {
        return Err(SplError::new("the file is empty"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(SplError::new(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); SPL files are UTF-8: \
             convert it first, e.g. `iconv -f UTF-16 -t UTF-8`",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // `<` followed or preceded by NUL is how UTF-16 text without a
        // byte-order mark starts.
        let utf16 = bytes.len() >= 4
            && ((bytes[0] == b'<' && bytes[1] == 0) || (bytes[0] == 0 && bytes[1] == b'<'));
        let message = if utf16 {
            "the file looks like UTF-16 without a byte-order mark (NUL bytes between the \
             characters); SPL files are UTF-8: convert it first, e.g. `iconv -f UTF-16LE -t UTF-8`"
                .to_owned()
        } else {
            "the file contains NUL bytes: it is binary data, not an XML label".to_owned()
        };
        return Err(SplError::at(message, bytes, nul));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            let byte = bytes.get(at).copied().unwrap_or(0);
            Err(SplError::at(
                format!(
                    "the file is not UTF-8 (byte 0x{byte:02X} at offset {at}); SPL files are \
                     UTF-8. Latin-1 or Windows-1252 text must be converted first, e.g. \
                     `iconv -f WINDOWS-1252 -t UTF-8`; binary files are not labels"
                ),
                bytes,
                at,
            ))
        }
    }
}

/// What the text of the element being read is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    LabelerName,
    EstablishmentName,
    ProductName,
    IngredientName,
    MoietyName,
    CharacteristicText,
}

/// Text being collected for the element at `depth`.
struct Capture {
    depth: usize,
    target: Target,
    text: String,
}

/// Starts collecting the text of the element at `depth`.
fn capture(depth: usize, target: Target) -> Option<Capture> {
    Some(Capture {
        depth,
        target,
        text: String::new(),
    })
}

/// An `assignedEntity` of the author block being read.
struct EntityFrame {
    depth: usize,
    establishment: Establishment,
}

/// The product being read, with its open ingredient and characteristic.
struct ProductFrame {
    depth: usize,
    product: SplProduct,
    ingredient: Option<Ingredient>,
    characteristic: Option<Characteristic>,
}

/// The attributes of one element, by local name, unescaped.
struct Attrs(Vec<(String, String)>);

impl Attrs {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }
}

/// The streaming reader's state: the path of open elements and what is
/// being collected.
struct Parser<'a> {
    text: &'a str,
    path: Vec<String>,
    opened_at: Vec<usize>,
    label: SplLabel,
    root_seen: bool,
    root_closed: bool,
    capture: Option<Capture>,
    entities: Vec<EntityFrame>,
    product: Option<ProductFrame>,
    /// Byte offset of the event being handled.
    at: usize,
}

/// Path of the labeler organisation in the document header.
const LABELER_PATH: [&str; 4] = [
    "document",
    "author",
    "assignedEntity",
    "representedOrganization",
];

fn is(path: &[String], pattern: &[&str]) -> bool {
    path.len() == pattern.len() && path.iter().zip(pattern).all(|(a, b)| a == b)
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            path: Vec::new(),
            opened_at: Vec::new(),
            label: SplLabel::default(),
            root_seen: false,
            root_closed: false,
            capture: None,
            entities: Vec::new(),
            product: None,
            at: 0,
        }
    }

    fn error(&self, message: impl Into<String>) -> SplError {
        SplError::at(message, self.text.as_bytes(), self.at)
    }

    fn run(mut self) -> Result<SplLabel, SplError> {
        let mut reader = Reader::from_str(self.text);
        reader.config_mut().check_end_names = true;
        loop {
            self.at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(e) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                    return Err(SplError::at(
                        format!("malformed XML: {e}"),
                        self.text.as_bytes(),
                        at,
                    ));
                }
            };
            match event {
                Event::Start(e) => self.open(&e, false)?,
                Event::Empty(e) => self.open(&e, true)?,
                Event::End(_) => self.close(),
                Event::Text(t) => {
                    let text = t.unescape().map_err(|e| self.entity_error(e))?;
                    self.text_content(&text)?;
                }
                Event::CData(c) => {
                    let raw = c.into_inner();
                    let text = String::from_utf8_lossy(&raw);
                    self.text_content(&text)?;
                }
                Event::Decl(d) => self.check_declaration(&d)?,
                Event::DocType(d) => {
                    let body = String::from_utf8_lossy(&d);
                    if body.to_ascii_uppercase().contains("<!ENTITY") {
                        return Err(self.error(
                            "the DOCTYPE declares entities (<!ENTITY …>); SPL files never do, and \
                             pillid never expands them (this is how entity-expansion attacks such \
                             as “billion laughs” work) nor fetches external ones",
                        ));
                    }
                    // A bare DOCTYPE naming an external DTD is ignored: the
                    // reader never fetches anything.
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => break,
            }
        }
        if let (Some(name), Some(&opened)) = (self.path.last(), self.opened_at.last()) {
            let (line, _) = line_column(self.text.as_bytes(), opened);
            self.at = self.text.len();
            return Err(self.error(format!(
                "malformed XML: the file ends before <{name}> (opened on line {line}) is closed; \
                 is it truncated?"
            )));
        }
        if !self.root_seen {
            return Err(self.error("no root element: this is not an XML label"));
        }
        Ok(self.label)
    }

    fn entity_error(&self, e: quick_xml::Error) -> SplError {
        self.error(format!(
            "{e}; only XML's predefined entities (&amp; &lt; &gt; &quot; &apos;) and character \
             references are read, entities declared in a DTD are never expanded"
        ))
    }

    fn check_declaration(&self, d: &quick_xml::events::BytesDecl) -> Result<(), SplError> {
        let Some(Ok(encoding)) = d.encoding() else {
            return Ok(());
        };
        let encoding = String::from_utf8_lossy(&encoding)
            .trim()
            .to_ascii_lowercase();
        let utf8 = matches!(encoding.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
        if !utf8 && !self.text.is_ascii() {
            return Err(self.error(format!(
                "the XML declaration says encoding=\"{encoding}\"; pillid reads UTF-8 SPL files \
                 only: convert it first, e.g. `iconv -f {encoding} -t UTF-8`"
            )));
        }
        Ok(())
    }

    fn text_content(&mut self, text: &str) -> Result<(), SplError> {
        if self.path.is_empty() {
            if !text.trim().is_empty() {
                return Err(self.error("malformed XML: text outside the root element"));
            }
            return Ok(());
        }
        if let Some(capture) = &mut self.capture {
            if capture.depth == self.path.len() {
                capture.text.push_str(text);
            }
        }
        Ok(())
    }

    fn attributes(&self, e: &BytesStart) -> Result<Attrs, SplError> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|e| self.error(format!("malformed XML attribute: {e}")))?;
            let value = attr.unescape_value().map_err(|e| self.entity_error(e))?;
            let key = attr.key;
            let name = if key.as_namespace_binding().is_some() {
                // Keep namespace declarations under their full name.
                String::from_utf8_lossy(key.as_ref()).into_owned()
            } else {
                String::from_utf8_lossy(key.local_name().as_ref()).into_owned()
            };
            out.push((name, value.into_owned()));
        }
        Ok(Attrs(out))
    }

    fn open(&mut self, e: &BytesStart, empty: bool) -> Result<(), SplError> {
        let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
        let attrs = self.attributes(e)?;
        if self.path.is_empty() {
            if self.root_closed {
                return Err(self.error(format!(
                    "malformed XML: a second root element <{name}> after the first one closed"
                )));
            }
            self.check_root(e, &name, &attrs)?;
            self.root_seen = true;
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(self.error(format!(
                "elements are nested more than {MAX_DEPTH} deep (MAX_DEPTH); SPL labels nest \
                 about 20 deep, so this file is broken or hostile"
            )));
        }
        self.path.push(name);
        self.opened_at.push(self.at);
        self.start_element(&attrs);
        if empty {
            self.close();
        }
        Ok(())
    }

    fn check_root(&self, e: &BytesStart, name: &str, attrs: &Attrs) -> Result<(), SplError> {
        if name != "document" {
            return Err(self.error(format!(
                "the root element is <{name}>, not an SPL <document>: this is not a DailyMed \
                 SPL label"
            )));
        }
        let binding = match e.name().prefix() {
            Some(prefix) => format!("xmlns:{}", String::from_utf8_lossy(prefix.as_ref())),
            None => "xmlns".to_owned(),
        };
        match attrs.get(&binding) {
            Some(ns) if ns.trim() == HL7_V3_NAMESPACE => Ok(()),
            Some(ns) => Err(self.error(format!(
                "<document> is in namespace `{ns}`, not HL7 v3 (`{HL7_V3_NAMESPACE}`): this is \
                 not an SPL label"
            ))),
            None => Err(self.error(format!(
                "<document> declares no namespace; SPL labels are in `{HL7_V3_NAMESPACE}`"
            ))),
        }
    }

    /// Acts on a start tag; `self.path` already ends with it.
    fn start_element(&mut self, attrs: &Attrs) {
        let depth = self.path.len();
        let name = self.path[depth - 1].as_str();
        let path = self.path.as_slice();

        // Document header.
        let in_labeler = depth == LABELER_PATH.len() + 1 && is(&path[..depth - 1], &LABELER_PATH);
        if is(path, &["document", "setId"]) {
            self.label.set_id = attrs.owned("root");
        } else if is(path, &["document", "versionNumber"]) {
            self.label.version = attrs.owned("value");
        } else if is(path, &["document", "effectiveTime"]) {
            self.label.effective = attrs.owned("value");
        } else if in_labeler && name == "name" {
            self.capture = capture(depth, Target::LabelerName);
        } else if in_labeler && name == "id" && self.label.labeler_duns.is_none() {
            self.label.labeler_duns = attrs.owned("extension");
        }

        // Establishments: any assignedEntity below the labeler.
        if depth > 3 && path[1] == "author" && name == "assignedEntity" {
            self.entities.push(EntityFrame {
                depth,
                establishment: Establishment::default(),
            });
            return;
        }
        if let Some(frame) = self.entities.last_mut() {
            let rel = &path[frame.depth..];
            let est = &mut frame.establishment;
            if is(rel, &["assignedOrganization", "name"]) {
                self.capture = capture(depth, Target::EstablishmentName);
                return;
            } else if is(rel, &["assignedOrganization", "id"]) {
                if est.duns.is_none() {
                    est.duns = attrs.owned("extension");
                }
            } else if is(rel, &["performance"]) {
                est.operations.push(Operation::default());
            } else if is(rel, &["performance", "actDefinition", "code"]) {
                if let Some(op) = est.operations.last_mut() {
                    op.code = attrs.owned("code");
                    op.name = attrs.owned("displayName");
                }
            } else if is(
                rel,
                &[
                    "performance",
                    "actDefinition",
                    "product",
                    "manufacturedProduct",
                    "manufacturedMaterialKind",
                    "code",
                ],
            ) {
                if let (Some(op), Some(code)) = (est.operations.last_mut(), attrs.owned("code")) {
                    op.ndcs.push(code);
                }
            }
            return;
        }

        // Products: section/subject/manufacturedProduct.
        if self.product.is_none() {
            if name == "manufacturedProduct"
                && depth >= 3
                && path[depth - 2] == "subject"
                && path[depth - 3] == "section"
            {
                let (line, _) = line_column(self.text.as_bytes(), self.at);
                self.product = Some(ProductFrame {
                    depth,
                    product: SplProduct {
                        line,
                        ..SplProduct::default()
                    },
                    ingredient: None,
                    characteristic: None,
                });
            }
            return;
        }
        let Some(frame) = self.product.as_mut() else {
            return;
        };
        let rel = &path[frame.depth..];
        let p = &mut frame.product;
        let mp = "manufacturedProduct";
        if is(rel, &[mp, "code"]) {
            if attrs.get("codeSystem").map(str::trim) == Some(NDC_CODE_SYSTEM) {
                p.ndc = attrs.owned("code");
            }
        } else if is(rel, &[mp, "name"]) {
            self.capture = capture(depth, Target::ProductName);
        } else if is(rel, &[mp, "formCode"]) {
            p.form = attrs.owned("displayName");
        } else if is(rel, &[mp, "part"]) {
            p.has_parts = true;
        } else if is(
            rel,
            &[mp, "asEquivalentEntity", "definingMaterialKind", "code"],
        ) {
            p.source_ndc = attrs.owned("code");
        } else if is(rel, &[mp, "ingredient"]) {
            frame.ingredient = Some(Ingredient {
                class_code: attrs.owned("classCode"),
                ..Ingredient::default()
            });
        } else if is(rel, &[mp, "ingredient", "quantity", "numerator"]) {
            if let Some(i) = frame.ingredient.as_mut() {
                i.numerator = Some(Quantity {
                    value: attrs.owned("value"),
                    unit: attrs.owned("unit"),
                });
            }
        } else if is(rel, &[mp, "ingredient", "quantity", "denominator"]) {
            if let Some(i) = frame.ingredient.as_mut() {
                i.denominator = Some(Quantity {
                    value: attrs.owned("value"),
                    unit: attrs.owned("unit"),
                });
            }
        } else if is(rel, &[mp, "ingredient", "ingredientSubstance", "name"]) {
            self.capture = capture(depth, Target::IngredientName);
        } else if is(
            rel,
            &[
                mp,
                "ingredient",
                "ingredientSubstance",
                "activeMoiety",
                "activeMoiety",
                "name",
            ],
        ) {
            self.capture = capture(depth, Target::MoietyName);
        } else if rel.len() >= 3
            && rel[0] == mp
            && rel[1] == "asContent"
            && name == "code"
            && rel[rel.len() - 2] == "containerPackagedProduct"
        {
            if let (Some(code), Some(NDC_CODE_SYSTEM)) =
                (attrs.owned("code"), attrs.get("codeSystem").map(str::trim))
            {
                p.packages.push(code);
            }
        } else if is(rel, &["subjectOf", "marketingAct", "statusCode"]) {
            if p.marketing_status.is_none() {
                p.marketing_status = attrs.owned("code");
            }
        } else if is(rel, &["subjectOf", "characteristic"]) {
            frame.characteristic = Some(Characteristic::default());
        } else if is(rel, &["subjectOf", "characteristic", "code"]) {
            if let Some(c) = frame.characteristic.as_mut() {
                c.code = attrs.owned("code");
            }
        } else if is(rel, &["subjectOf", "characteristic", "value"]) {
            if let Some(c) = frame.characteristic.as_mut() {
                c.value_type = attrs.owned("type");
                c.value_code = attrs.owned("code");
                c.display_name = attrs.owned("displayName");
                c.value = attrs.owned("value");
                c.unit = attrs.owned("unit");
                c.null_flavor = attrs.owned("nullFlavor");
            }
            self.capture = capture(depth, Target::CharacteristicText);
        } else if is(rel, &["consumedIn", "substanceAdministration", "routeCode"])
            && p.route.is_none()
        {
            p.route = attrs.owned("displayName");
        }
    }

    /// Acts on an end tag (or the end of an empty element) and pops it.
    fn close(&mut self) {
        let depth = self.path.len();
        if let Some(capture) = self.capture.take_if(|c| c.depth == depth) {
            self.deliver(capture);
        }
        if let Some(frame) = self.product.as_mut() {
            let rel_len = depth.saturating_sub(frame.depth);
            let rel = &self.path[depth - rel_len..];
            if is(rel, &["manufacturedProduct", "ingredient"]) {
                if let Some(i) = frame.ingredient.take() {
                    frame.product.ingredients.push(i);
                }
            } else if is(rel, &["subjectOf", "characteristic"]) {
                if let Some(c) = frame.characteristic.take() {
                    frame.product.characteristics.push(c);
                }
            }
            if depth == frame.depth {
                if let Some(frame) = self.product.take() {
                    self.label.products.push(frame.product);
                }
            }
        }
        if self.entities.last().is_some_and(|f| f.depth == depth) {
            if let Some(frame) = self.entities.pop() {
                if !frame.establishment.operations.is_empty() {
                    self.label.establishments.push(frame.establishment);
                }
            }
        }
        self.path.pop();
        self.opened_at.pop();
        if self.path.is_empty() && self.root_seen {
            self.root_closed = true;
        }
    }

    fn deliver(&mut self, capture: Capture) {
        let text = collapse_whitespace(&capture.text);
        let value = (!text.is_empty()).then_some(text);
        match capture.target {
            Target::LabelerName => {
                if self.label.labeler.is_none() {
                    self.label.labeler = value;
                }
            }
            Target::EstablishmentName => {
                if let Some(frame) = self.entities.last_mut() {
                    frame.establishment.name = value;
                }
            }
            Target::ProductName => {
                if let Some(frame) = self.product.as_mut() {
                    frame.product.name = value;
                }
            }
            Target::IngredientName | Target::MoietyName => {
                if let Some(i) = self.product.as_mut().and_then(|f| f.ingredient.as_mut()) {
                    if capture.target == Target::IngredientName {
                        i.name = value;
                    } else {
                        i.moiety = value;
                    }
                }
            }
            Target::CharacteristicText => {
                if let Some(c) = self
                    .product
                    .as_mut()
                    .and_then(|f| f.characteristic.as_mut())
                {
                    // Keep the text as written (cleanup is the importer's job).
                    c.text = (!capture.text.trim().is_empty()).then_some(capture.text);
                }
            }
        }
    }
}

/// Trims and turns every run of whitespace into one space.
fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// Interpreting a label.

/// The oral baclofen tablets of one label, as database products, and what
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
    /// One product per baclofen tablet kept, each with exactly one labeler
    /// (this label's).
    pub products: Vec<Product>,
    /// One sentence per product left out, naming it and saying why.
    pub skipped: Vec<String>,
    /// Facts the label gives that were not used, and why.
    pub warnings: Vec<String>,
}

/// Reads and interprets an SPL file: [`parse_spl`] then [`import_label`].
pub fn import_spl(bytes: &[u8]) -> Result<ImportedLabel, SplError> {
    import_label(&parse_spl(bytes)?)
}

/// Turns a label's oral baclofen tablets into database products.
///
/// Every product of the label is either kept or named in
/// [`ImportedLabel::skipped`] with the reason: not baclofen, combined with
/// another drug, not a tablet, no usable strength, an imprint that is not
/// canonical SPL form after cleanup, a colour or shape outside the SPL
/// vocabularies. Fails only when the label has no usable set id or labeler
/// name, without which nothing could be traced back to it.
pub fn import_label(label: &SplLabel) -> Result<ImportedLabel, SplError> {
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
        let baclofen = match actives.as_slice() {
            [] => return Err("lists no active ingredient".to_owned()),
            [only] if only.is_baclofen() => *only,
            [_] => {
                return Err(format!(
                    "its active ingredient is {}, not baclofen",
                    names()
                ))
            }
            many if many.iter().any(|i| i.is_baclofen()) => {
                return Err(format!(
                    "combines several active ingredients ({}); pillid holds baclofen-only tablets",
                    names()
                ))
            }
            _ => {
                return Err(format!(
                    "its active ingredients are {}, not baclofen",
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
                "baclofen {form_name}, not a tablet pillid identifies (TABLET or TABLET, ORALLY \
                 DISINTEGRATING)"
            )
            })?;
        if let Some(route) = &p.route {
            if !route.trim().eq_ignore_ascii_case("ORAL") {
                return Err(format!("route {route}, not oral"));
            }
        }
        let strength_mg = strength_mg(baclofen)?;
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
            scope: Scope::Target,
            drug: "baclofen".to_owned(),
            strength: Strength::mg(strength_mg),
            logo: false,
            former_imprint: false,
            dea_schedule: None,
            repackagers: Vec::new(),
            photos: Vec::new(),
            dosage_form,
            imprint: looks.imprint,
            imprint_variants: Vec::new(),
            colors: looks.colors,
            shape: looks.shape,
            score: looks.score,
            size_mm: looks.size_mm,
            faces: Vec::new(),
            description: None,
            manufacturer,
            status,
            look_alikes: Vec::new(),
            labelers: vec![labeler],
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

/// True when two organisation names are the same company written alike
/// (case, spaces and punctuation ignored).
fn same_org_name(a: Option<&str>, b: Option<&str>) -> bool {
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

/// The strength in whole mg per tablet of an active ingredient.
fn strength_mg(i: &Ingredient) -> Result<u32, String> {
    let Some(num) = &i.numerator else {
        return Err("the label gives no strength for baclofen".to_owned());
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

// ---------------------------------------------------------------------------
// Merging into a catalog.

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

/// Merges one imported product (as [`import_label`] makes them: exactly one
/// labeler) into `catalog`.
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
        }
        if let Some(u) = catalog
            .unplaced
            .iter()
            .find(|u| u.ndc.as_ref() == Some(ndc))
        {
            if let Some(listed) = u.strength.as_ref().filter(|s| **s != incoming.strength) {
                return Err(format!(
                    "NDC {ndc} is {} on this label but {listed} in the database's unplaced list; \
                     resolve this by hand",
                    incoming.strength,
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

#[cfg(test)]
mod tests {
    use super::*;

    const MANUFACTURER: &str =
        include_str!("../../tests/fixtures/spl/manufacturer-two-strengths.xml");
    const REPACKAGER: &str = include_str!("../../tests/fixtures/spl/repackager.xml");
    const NOT_BACLOFEN: &str = include_str!("../../tests/fixtures/spl/not-baclofen.xml");
    const MALFORMED: &str = include_str!("../../tests/fixtures/spl/malformed.xml");
    const BILLION_LAUGHS: &str = include_str!("../../tests/fixtures/spl/billion-laughs.xml");

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
        import_spl(xml.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn reads_the_header_labeler_and_establishments() {
        let label = parse_spl(MANUFACTURER.as_bytes()).unwrap();
        assert_eq!(
            label.set_id.as_deref(),
            Some("AAAAAAAA-0000-4000-8000-00000000A001")
        );
        assert_eq!(label.version.as_deref(), Some("3"));
        assert_eq!(label.effective.as_deref(), Some("20240315"));
        assert_eq!(
            label.labeler.as_deref(),
            Some("Testwell Fixture Pharmaceuticals Inc.")
        );
        assert_eq!(label.labeler_duns.as_deref(), Some("000000001"));
        assert_eq!(label.establishments.len(), 1);
        let est = &label.establishments[0];
        assert_eq!(est.duns.as_deref(), Some("000000002"));
        assert_eq!(est.operations[0].name.as_deref(), Some("MANUFACTURE"));
        assert_eq!(est.operations[0].ndcs, ["99901-110", "99901-120"]);
    }

    #[test]
    fn reads_products_ingredients_packages_and_characteristics() {
        let label = parse_spl(MANUFACTURER.as_bytes()).unwrap();
        assert_eq!(label.products.len(), 2);
        let p = &label.products[0];
        assert_eq!(p.ndc.as_deref(), Some("99901-110"));
        assert_eq!(p.form.as_deref(), Some("TABLET"));
        assert_eq!(p.route.as_deref(), Some("ORAL"));
        assert_eq!(p.marketing_status.as_deref(), Some("active"));
        assert_eq!(p.packages, ["99901-110-01", "99901-110-10"]);
        assert_eq!(p.ingredients.len(), 3);
        assert_eq!(p.ingredients[0].name.as_deref(), Some("BACLOFEN"));
        assert_eq!(p.ingredients[0].moiety.as_deref(), Some("BACLOFEN"));
        assert_eq!(
            p.ingredients[0].numerator,
            Some(Quantity {
                value: Some("10".into()),
                unit: Some("mg".into())
            })
        );
        let codes: Vec<_> = p
            .characteristics
            .iter()
            .filter_map(|c| c.code.as_deref())
            .collect();
        assert_eq!(
            codes,
            ["SPLCOLOR", "SPLSHAPE", "SPLSIZE", "SPLSCORE", "SPLIMPRINT"]
        );
        let imprint = &p.characteristics[4];
        assert_eq!(imprint.value_type.as_deref(), Some("ST"));
        assert_eq!(imprint.text.as_deref(), Some(" tst;110 "));
        // Entities in text are unescaped: "D&amp;C" is "D&C".
        assert_eq!(
            label.products[1].ingredients[1].name.as_deref(),
            Some("D&C YELLOW NO. 10")
        );
        // Establishment products are not label products.
        assert!(label.products.iter().all(|p| p.line > 60));
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
        assert_eq!(strength_mg(&ing("10", "mg")), Ok(10));
        assert_eq!(strength_mg(&ing("10.0", "mg")), Ok(10));
        assert_eq!(strength_mg(&ing("0.02", "g")), Ok(20));
        assert!(strength_mg(&ing("10", "ug")).is_err());
        assert!(strength_mg(&ing("-5", "mg")).is_err());
        assert!(strength_mg(&ing("NaN", "mg")).is_err());
        assert!(strength_mg(&ing("1e300", "mg")).is_err());
        let mut per_5ml = ing("5", "mg");
        per_5ml.denominator = Some(Quantity {
            value: Some("5".into()),
            unit: Some("mL".into()),
        });
        assert!(strength_mg(&per_5ml)
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

    fn err(xml: &[u8]) -> SplError {
        parse_spl(xml).expect_err("must be refused")
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let e = err(MALFORMED.as_bytes());
        assert_eq!(e.line, Some(28), "{e}");
        assert!(e.message.contains("malformed XML"), "{e}");
        let e = err(b"<document xmlns=\"urn:hl7-org:v3\"><setId root=\"x\"/>\n<title>");
        assert!(e.message.contains("ends before <title>"), "{e}");
        assert!(e.message.contains("line 2"), "{e}");
        let e = err(b"<document xmlns=\"urn:hl7-org:v3\"/><document xmlns=\"urn:hl7-org:v3\"/>");
        assert!(e.message.contains("second root"), "{e}");
        let e = err(b"<document xmlns=\"urn:hl7-org:v3\" a=\"1\" a=\"2\"/>");
        assert!(e.message.contains("attribute"), "{e}");
    }

    #[test]
    fn only_hl7_documents_are_labels() {
        assert!(err(b"<html/>").message.contains("not an SPL <document>"));
        assert!(err(b"<document/>").message.contains("no namespace"));
        assert!(err(b"<document xmlns=\"urn:other\"/>")
            .message
            .contains("not HL7 v3"));
        assert!(err(b"   ").message.contains("no root element"));
        assert!(err(b"").message.contains("empty"));
        assert!(err(b"just text").message.contains("outside the root"));
        // A prefixed root is fine.
        assert!(parse_spl(b"<v3:document xmlns:v3=\"urn:hl7-org:v3\"/>").is_ok());
    }

    #[test]
    fn entities_are_never_expanded() {
        let e = err(BILLION_LAUGHS.as_bytes());
        assert!(e.message.contains("declares entities"), "{e}");
        assert_eq!(e.line, Some(2));
        // An undeclared entity (say from an external DTD) is refused, not fetched.
        let xml = "<!DOCTYPE document SYSTEM \"http://127.0.0.1:9/spl.dtd\">\
                   <document xmlns=\"urn:hl7-org:v3\"><title>&ext;</title></document>";
        let e = err(xml.as_bytes());
        assert!(e.message.contains("never expanded"), "{e}");
        let xml = "<document xmlns=\"urn:hl7-org:v3\"><title a=\"&ext;\"/></document>";
        assert!(err(xml.as_bytes()).message.contains("never expanded"));
        // Predefined entities and character references are fine.
        let xml = "<document xmlns=\"urn:hl7-org:v3\"><title>&lt;&#65;&#x42;</title></document>";
        assert!(parse_spl(xml.as_bytes()).is_ok());
    }

    #[test]
    fn wrong_encodings_are_refused_clearly() {
        let utf16le: Vec<u8> = "<document xmlns=\"urn:hl7-org:v3\"/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(err(&utf16le)
            .message
            .contains("UTF-16 without a byte-order mark"));
        let utf16be: Vec<u8> = "<document/>"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(err(&utf16be).message.contains("UTF-16"));
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&utf16le);
        assert!(err(&with_bom).message.contains("byte-order mark"));
        let latin1 = b"<document xmlns=\"urn:hl7-org:v3\">\n<title>Caf\xE9</title></document>";
        let e = err(latin1);
        assert!(
            e.message.contains("not UTF-8") && e.message.contains("0xE9"),
            "{e}"
        );
        assert_eq!((e.line, e.column), (Some(2), Some(11)));
        let declared = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\
                        <document xmlns=\"urn:hl7-org:v3\"><title>Café</title></document>";
        assert!(err(declared.as_bytes())
            .message
            .contains("encoding=\"iso-8859-1\""));
        assert!(err(b"\x7fELF\x02\x01\x01\x00\x00")
            .message
            .contains("binary"));
        // A UTF-8 byte-order mark is fine.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(b"<document xmlns=\"urn:hl7-org:v3\"/>");
        assert!(parse_spl(&bom).is_ok());
    }

    #[test]
    fn size_and_depth_limits() {
        let huge = vec![b' '; MAX_SPL_BYTES + 1];
        assert!(err(&huge).message.contains("MAX_SPL_BYTES"));
        let deep = format!(
            "<document xmlns=\"urn:hl7-org:v3\">{}",
            "<a>".repeat(MAX_DEPTH + 5)
        );
        assert!(err(deep.as_bytes()).message.contains("MAX_DEPTH"));
    }

    #[test]
    fn never_panics_on_damaged_input() {
        // Every prefix of a real-shaped label, and deterministic byte damage.
        let bytes = MANUFACTURER.as_bytes();
        for end in (0..bytes.len()).step_by(7) {
            let _ = import_spl(&bytes[..end]);
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
            let _ = import_spl(&damaged);
        }
    }

    fn empty_catalog() -> Catalog {
        Catalog {
            about: None,
            as_of: None,
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
}
