//! Reading an SPL file: its bytes, checked for size and encoding, streamed
//! through quick-xml into an [`SplLabel`] that holds what the file says about
//! its labeler, establishments and products, nothing interpreted.
//!
//! Safety: the reader is quick-xml's streaming reader over at most
//! [`MAX_SPL_BYTES`]. It never expands entities a DOCTYPE declares (a file
//! that declares any is refused, which stops "billion laughs" attacks), never
//! fetches an external DTD or entity, and refuses anything that is not UTF-8
//! (UTF-16, Latin-1, binary data) with a message saying so.

use super::error::{line_column, SplError};
use crate::text;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;

/// Largest SPL file read, in bytes (20 MiB). A DailyMed label's XML is a few
/// hundred kilobytes (images are separate files); anything this big is not a
/// single label, and refusing it keeps memory use small.
pub const MAX_SPL_BYTES: usize = 20 * 1024 * 1024;

/// Deepest element nesting accepted. Real SPL nests about 20 levels; a
/// deeper file is either broken or built to exhaust memory.
pub const MAX_DEPTH: usize = 256;

/// Most attributes one element may carry. SPL elements carry fewer than 10
/// (`<value xsi:type code codeSystem displayName>`, the root's namespace
/// declarations); more is a broken or hostile file, and refusing it at the
/// first attribute too many keeps each start tag's cost small whatever the
/// XML library does per attribute.
pub const MAX_ATTRIBUTES_PER_ELEMENT: usize = 64;

/// Most elements one label may hold. The largest DailyMed labels (long
/// prescribing information with big tables) hold a few hundred thousand;
/// an empty element is 4 bytes, so [`MAX_SPL_BYTES`] alone would allow five
/// million. The cap bounds the work one file can ask for.
pub const MAX_ELEMENTS_PER_LABEL: usize = 1_000_000;

/// Most products (`section/subject/manufacturedProduct`) one label may
/// list. Real labels list one to a few dozen (a repackager's catalogue
/// label a few hundred); the cap bounds what one file adds to a database
/// and the merge work it causes.
pub const MAX_PRODUCTS_PER_LABEL: usize = 1000;

/// Longest text kept from a label, in characters: a name, an imprint, a
/// code or any other attribute value the importer stores. The longest real
/// ones (a company's full legal name, a colouring agent's name) are about
/// 100 characters; longer is not a name, and the cap keeps every stored
/// string, message and database line short.
pub const MAX_FIELD_CHARS: usize = 500;

/// The HL7 v3 namespace every SPL `<document>` is in.
pub const HL7_V3_NAMESPACE: &str = "urn:hl7-org:v3";

/// The code system of NDCs (labeler-product and package codes).
pub const NDC_CODE_SYSTEM: &str = "2.16.840.1.113883.6.69";

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
    /// Characters in `text`.
    chars: usize,
}

/// Starts collecting the text of the element at `depth`.
fn capture(depth: usize, target: Target) -> Option<Capture> {
    Some(Capture {
        depth,
        target,
        text: String::new(),
        chars: 0,
    })
}

/// Whitespace that XML itself turns into spaces: in kept text it is folded
/// (names) or cleaned up (imprints), so it is no hidden character there.
fn xml_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// Why a value may not be kept: too long, or a hidden character
/// ([`crate::text`]) in it.
fn field_problem(value: &str, chars: usize) -> Option<String> {
    if chars > MAX_FIELD_CHARS {
        return Some(format!(
            "is longer than {MAX_FIELD_CHARS} characters (MAX_FIELD_CHARS); SPL names and codes \
             are far shorter, so this file is broken or hostile"
        ));
    }
    let what = text::first_hidden(value, xml_whitespace)?;
    Some(format!(
        "contains {what}; pillid refuses control characters, bidirectional-text controls and \
         invisible formatting characters in the label text it keeps (they could rewrite a \
         terminal, or make a name or imprint read differently from what it is)"
    ))
}

/// Counts lines up to a byte offset, continuing from the last offset asked
/// about, so that giving every product its line costs one pass over the file
/// in all, not one pass per product.
struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// 1-based line of `byte` in `text`.
    fn line_at(&mut self, text: &[u8], byte: usize) -> usize {
        let byte = byte.min(text.len());
        if byte < self.offset {
            *self = LineCounter { offset: 0, line: 1 };
        }
        self.line += text[self.offset..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = byte;
        self.line
    }
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
struct Attrs {
    list: Vec<(String, String)>,
    /// The first kept value that may not be kept: its attribute and why.
    refused: Option<(String, String)>,
}

impl Attrs {
    fn get(&self, name: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value to keep, trimmed; a value that is too long or holds a
    /// hidden character is not returned but noted in `refused`, which the
    /// parser turns into an error naming the attribute.
    fn owned(&mut self, name: &str) -> Option<String> {
        let value = self.get(name).map(str::trim).filter(|v| !v.is_empty())?;
        match field_problem(value, value.chars().count()) {
            None => Some(value.to_owned()),
            Some(why) => {
                if self.refused.is_none() {
                    self.refused = Some((name.to_owned(), why));
                }
                None
            }
        }
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
    /// Elements opened so far.
    elements: usize,
    /// Products opened so far.
    products: usize,
    lines: LineCounter,
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
            elements: 0,
            products: 0,
            lines: LineCounter { offset: 0, line: 1 },
        }
    }

    /// The element being read, or one of its attributes, as a path for
    /// messages: `document/setId/@root`, shortened to its last five elements
    /// (`…/manufacturedProduct/code/@code`).
    fn field(&self, attribute: Option<&str>) -> String {
        let skip = self.path.len().saturating_sub(5);
        let mut field = if skip > 0 {
            "…/".to_owned()
        } else {
            String::new()
        };
        field.push_str(&self.path[skip..].join("/"));
        if let Some(a) = attribute {
            field.push_str("/@");
            field.push_str(a);
        }
        field
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
                // Since quick-xml 0.38 text events hold no references: each
                // `&name;` and `&#…;` is an event of its own.
                Event::Text(t) => self.text_content(&t.xml10_content())?,
                Event::GeneralRef(r) => {
                    let c = self.reference(&r)?;
                    self.text_content(c.encode_utf8(&mut [0; 4]))?;
                }
                Event::CData(c) => self.text_content(&c.xml10_content())?,
                Event::Decl(d) => self.check_declaration(&d)?,
                Event::DocType(d) => {
                    if d.into_inner().to_ascii_uppercase().contains("<!ENTITY") {
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

    /// The character a reference in text stands for: a character reference
    /// (`&#65;`, `&#x42;`) or one of XML's five predefined entities. Any other
    /// name is refused, never looked up.
    fn reference(&self, r: &BytesRef) -> Result<char, SplError> {
        match r.resolve_char_ref() {
            Ok(Some(c)) => return Ok(c),
            Ok(None) => {}
            Err(e) => return Err(self.error(format!("malformed XML: {e}"))),
        }
        let name: &str = r;
        let predefined = quick_xml::escape::resolve_predefined_entity(name);
        match predefined.and_then(|s| s.chars().next()) {
            Some(c) => Ok(c),
            None => Err(self.error(format!(
                "unrecognized entity `{name}`; only XML's predefined entities (&amp; &lt; &gt; \
                 &quot; &apos;) and character references are read, entities declared in a DTD \
                 are never expanded"
            ))),
        }
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
        let encoding = encoding.trim().to_ascii_lowercase();
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
        let mut problem = None;
        if let Some(capture) = &mut self.capture {
            if capture.depth == self.path.len() {
                capture.text.push_str(text);
                capture.chars += text.chars().count();
                problem = field_problem(text, capture.chars);
            }
        }
        match problem {
            None => Ok(()),
            Some(why) => Err(self.error(format!("the text of {} {why}", self.field(None)))),
        }
    }

    fn attributes(&self, e: &BytesStart) -> Result<Attrs, SplError> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            if out.len() == MAX_ATTRIBUTES_PER_ELEMENT {
                return Err(self.error(format!(
                    "<{}> has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes \
                     (MAX_ATTRIBUTES_PER_ELEMENT); SPL elements carry fewer than 10, so this \
                     file is broken or hostile",
                    e.local_name().as_ref()
                )));
            }
            let attr = attr.map_err(|e| self.error(format!("malformed XML attribute: {e}")))?;
            // Entities resolved, and tabs and line ends turned into spaces,
            // as XML's attribute-value normalisation says.
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| self.entity_error(e))?;
            let key = attr.key;
            let name = if key.as_namespace_binding().is_some() {
                // Keep namespace declarations under their full name.
                key.as_ref().to_owned()
            } else {
                key.local_name().as_ref().to_owned()
            };
            out.push((name, value.into_owned()));
        }
        Ok(Attrs {
            list: out,
            refused: None,
        })
    }

    fn open(&mut self, e: &BytesStart, empty: bool) -> Result<(), SplError> {
        self.elements += 1;
        if self.elements > MAX_ELEMENTS_PER_LABEL {
            return Err(self.error(format!(
                "the file has more than {MAX_ELEMENTS_PER_LABEL} elements \
                 (MAX_ELEMENTS_PER_LABEL); DailyMed labels have far fewer, so this is not a \
                 single label"
            )));
        }
        let name = e.local_name().as_ref().to_owned();
        let mut attrs = self.attributes(e)?;
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
        self.start_element(&mut attrs);
        if let Some((attribute, why)) = attrs.refused.take() {
            return Err(self.error(format!(
                "the value of {} {why}",
                self.field(Some(&attribute))
            )));
        }
        if self.products > MAX_PRODUCTS_PER_LABEL {
            return Err(self.error(format!(
                "the label lists more than {MAX_PRODUCTS_PER_LABEL} products \
                 (MAX_PRODUCTS_PER_LABEL); DailyMed labels list far fewer, so this file is \
                 broken or hostile"
            )));
        }
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
            Some(prefix) => format!("xmlns:{}", prefix.as_ref()),
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
    fn start_element(&mut self, attrs: &mut Attrs) {
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
                self.products += 1;
                let line = self.lines.line_at(self.text.as_bytes(), self.at);
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
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANUFACTURER: &str =
        include_str!("../../tests/fixtures/spl/manufacturer-two-strengths.xml");
    const MALFORMED: &str = include_str!("../../tests/fixtures/spl/malformed.xml");
    const BILLION_LAUGHS: &str = include_str!("../../tests/fixtures/spl/billion-laughs.xml");

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

    /// The fixture with its first labeler name (line 24) replaced.
    fn with_labeler(name: &str) -> String {
        MANUFACTURER.replacen(
            "<name>Testwell Fixture Pharmaceuticals Inc.</name>",
            &format!("<name>{name}</name>"),
            1,
        )
    }

    #[test]
    fn hidden_characters_in_kept_text_are_refused_naming_the_field() {
        // The red team's labeler name: character references, raw ESC, RLO.
        for name in [
            "Evil&#x1b;]0;PWNED&#x7;&#x1b;[2JLabs",
            "Evil\u{1b}[31mLabs",
            "Evil\u{202e}sbaL",
            "Evil&#x9b;Labs",
        ] {
            let e = err(with_labeler(name).as_bytes());
            assert_eq!(e.line, Some(24), "{e}");
            assert!(
                e.message.contains(
                    "the text of document/author/assignedEntity/representedOrganization/name"
                ) && e.message.contains("contains U+")
                    && e.message.contains("refuses control characters"),
                "{e}"
            );
        }
        // Whitespace XML folds is not refused: it is folded.
        let label = parse_spl(with_labeler("Testwell\t Fixture\n  Labs").as_bytes()).unwrap();
        assert_eq!(label.labeler.as_deref(), Some("Testwell Fixture Labs"));
        // Attributes that are kept, and the imprint's text.
        let set_id =
            MANUFACTURER.replace("<setId root=\"AAAAAAAA", "<setId root=\"&#x202e;AAAAAAAA");
        let e = err(set_id.as_bytes());
        assert_eq!(e.line, Some(17), "{e}");
        assert!(
            e.message
                .contains("the value of document/setId/@root contains U+202E"),
            "{e}"
        );
        let imprint = MANUFACTURER.replace(" tst;110 ", "tst\u{200b};110");
        let e = err(imprint.as_bytes());
        assert!(
            e.message.contains("/characteristic/value contains U+200B"),
            "{e}"
        );
        // Text pillid does not keep (narrative, titles) may hold them: real
        // labels carry direction marks in their prose.
        let prose = MANUFACTURER.replace(
            "HOW SUPPLIED (test fixture)",
            "HOW SUPPLIED \u{200f}(test fixture)&#x85;",
        );
        assert!(parse_spl(prose.as_bytes()).is_ok());
    }

    #[test]
    fn a_kept_field_longer_than_the_limit_is_refused() {
        let at_limit = "N".repeat(MAX_FIELD_CHARS);
        assert!(parse_spl(with_labeler(&at_limit).as_bytes()).is_ok());
        let e = err(with_labeler(&format!("{at_limit}é")).as_bytes());
        assert!(e.message.contains("MAX_FIELD_CHARS"), "{e}");
        assert_eq!(e.line, Some(24));
        let long_code = MANUFACTURER.replace("99901-110\"", &format!("{at_limit}-1\""));
        assert!(err(long_code.as_bytes())
            .message
            .contains("MAX_FIELD_CHARS"));
    }

    #[test]
    fn attributes_per_element_are_capped_at_the_element() {
        let title = |n: usize| {
            let attrs: String = (0..n).map(|i| format!(" a{i}=\"\"")).collect();
            MANUFACTURER.replacen("<title>", &format!("<title{attrs}>"), 1)
        };
        assert!(parse_spl(title(MAX_ATTRIBUTES_PER_ELEMENT).as_bytes()).is_ok());
        let e = err(title(MAX_ATTRIBUTES_PER_ELEMENT + 1).as_bytes());
        assert!(
            e.message.contains("<title> has more than 64 attributes")
                && e.message.contains("MAX_ATTRIBUTES_PER_ELEMENT"),
            "{e}"
        );
        assert_eq!((e.line, e.column), (Some(15), Some(3)));
    }

    #[test]
    fn elements_and_products_per_label_are_capped() {
        let many = |element: &str, n: usize| {
            format!(
                "<document xmlns=\"urn:hl7-org:v3\">\n{}</document>",
                element.repeat(n)
            )
        };
        // The root counts as one element.
        assert!(parse_spl(many("<a/>", MAX_ELEMENTS_PER_LABEL - 1).as_bytes()).is_ok());
        let e = err(many("<a/>", MAX_ELEMENTS_PER_LABEL).as_bytes());
        assert!(e.message.contains("MAX_ELEMENTS_PER_LABEL"), "{e}");
        assert_eq!(e.line, Some(2));

        let product = "<section><subject><manufacturedProduct/></subject></section>\n";
        let label = parse_spl(many(product, MAX_PRODUCTS_PER_LABEL).as_bytes()).unwrap();
        assert_eq!(label.products.len(), MAX_PRODUCTS_PER_LABEL);
        assert_eq!(
            label.products[999].line, 1001,
            "lines counted incrementally"
        );
        let e = err(many(product, MAX_PRODUCTS_PER_LABEL + 1).as_bytes());
        assert!(e.message.contains("MAX_PRODUCTS_PER_LABEL"), "{e}");
        assert_eq!((e.line, e.column), (Some(1002), Some(19)));
    }
}
