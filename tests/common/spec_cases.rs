//! The matcher's specification table: what a pharmacist or caregiver
//! types, and what pillid must answer. One table, read as data by
//! everything that needs real queries:
//!
//! - `tests/matcher_spec.rs` checks every row;
//! - `benches/matcher.rs` (criterion) times the rows natively;
//! - `tests/bench_browser.rs` (`make bench`) hands the rows that name the
//!   product which must come first to the benchmark page, where pillid and
//!   Fuse.js answer them.
//!
//! Each includes this file as a module (`#[path = ...] mod spec_cases;`),
//! so the table is written once and nothing parses it.
//!
//! A row is a [`Case`]: the text typed and the expectation, given to
//! [`typed`], and anything picked besides (`Case { shape: ROUND,
//! ..typed("2265 V", First("22 65;V")) }`). A new column is a new field of
//! [`Case`] with its default in [`typed`]; no existing row changes.

use pillid::matcher::Query;
use pillid::vocab::{Color, Shape};

/// What a query must produce.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// This imprint ranks first and the verdict is `match`.
    Match(&'static str),
    /// This imprint ranks first; the verdict must not be `match` (typos,
    /// partial or ambiguous input).
    Possible(&'static str),
    /// This imprint ranks first; `match` or `possible` are both acceptable
    /// (one whole side typed, or a shape or colour that disagrees).
    First(&'static str),
    /// Ambiguous input: `possible`, and every listed imprint is among the
    /// candidates.
    Ambiguous(&'static [&'static str]),
    /// Nothing in the database: `no_match`.
    NoMatch,
    /// `possible`, and this imprint is among the candidates (not first:
    /// tablets of other medicines explain the text better).
    Listed(&'static str),
    /// A tablet of another medicine explains the text exactly: the
    /// verdict is `other_medicine`.
    OtherMedicine,
    /// No baclofen tablet is first, and the verdict is not `match`.
    NotBaclofen,
}
use Expect::*;

impl Expect {
    /// The SPL imprint of the product that must rank first, for the rows
    /// that name one (`Match`, `Possible`, `First`).
    pub const fn first(self) -> Option<&'static str> {
        match self {
            Match(imprint) | Possible(imprint) | First(imprint) => Some(imprint),
            Ambiguous(_) | NoMatch | Listed(_) | OtherMedicine | NotBaclofen => None,
        }
    }
}

/// One row of the table: a query and what it must produce.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// What is typed, as typed.
    pub text: &'static str,
    /// The shape picked, if any.
    pub shape: Option<Shape>,
    /// The colour picked, if any.
    pub color: Option<Color>,
    /// The size measured, in mm, if any.
    pub size_mm: Option<u32>,
    /// What the answer must be.
    pub expect: Expect,
}

/// A row for `text` typed with nothing picked: every field but the two
/// every row needs has its default here.
pub const fn typed(text: &'static str, expect: Expect) -> Case {
    Case {
        text,
        shape: None,
        color: None,
        size_mm: None,
        expect,
    }
}

impl Case {
    /// The matcher's query for this row.
    pub fn query(&self) -> Query {
        Query {
            imprint: self.text.to_owned(),
            shape: self.shape,
            color: self.color,
            size_mm: self.size_mm,
        }
    }
}

// What the rows pick.
pub const ROUND: Option<Shape> = Some(Shape::Round);
pub const OVAL: Option<Shape> = Some(Shape::Oval);
pub const CAPSULE: Option<Shape> = Some(Shape::Capsule);
pub const WHITE: Option<Color> = Some(Color::White);
pub const YELLOW: Option<Color> = Some(Color::Yellow);

/// The table, one row per line, grouped by what the rows exercise.
#[rustfmt::skip]
pub const CASES: &[Case] = &[
    // Format variants: case, spaces, separators, side order.
    typed("KP02 10", Match("KP02;10")),
    typed("kp02 10", Match("KP02;10")),
    typed("10 kp02", Match("KP02;10")),
    typed("KP0210", Match("KP02;10")),
    typed("kp02/10", Match("KP02;10")),
    typed("KP02;10", Match("KP02;10")),
    typed("N029", Match("N029")),
    typed("n 0 2 9", Match("N029")),
    typed("U 343", Match("U 343")),
    typed("u343", Match("U 343")),
    typed("lci 1330", Match("LCI;1330")),
    typed("1330 LCI", Match("LCI;1330")),
    typed("LCI-1330", Match("LCI;1330")),
    typed("1285", Match("1285")),
    // NLM records E6 on a Glenmark tablet too: never a baclofen match.
    typed("E 6", Possible("E;6")),
    typed("6 e", Match("E;6")),
    typed("024", Match("024")),
    // ... and 114 over I on another medicine.
    typed("I 114", Possible("I 114")),
    typed("BAC 10 U-S", Match("BAC 10;U-S")),
    typed("U-S BAC 10", Match("BAC 10;U-S")),
    typed("bac10us", Match("BAC 10;U-S")),
    typed("22 65 V", Match("22 65;V")),
    typed("2265 V", Match("22 65;V")),
    typed("V 2265", Match("22 65;V")),
    typed("Z 4096 10", Match("Z 4096;10")),
    typed("TV 4096 10", Ambiguous(&["Z 4096;10", "4096;TV"])),
    typed("10 SP 351", Match("10;SP;351")),
    typed("ＫＰ０２ １０", Match("KP02;10")),
    typed("КР02 10", Match("KP02;10")),
    // The other strengths are found as themselves, never as their 10 mg twin.
    typed("1286", Match("1286")),
    typed("N030", Match("N030")),
    typed("E 9", Match("E;9")),
    typed("LCI 1337", Match("LCI;1337")),
    typed("LCI 1333", Match("LCI;1333")),
    typed("16 09", Match("16;09")),
    typed("2266 V", Match("2266;V")),
    typed("MX 24", Match("MX 24")),
    typed("SP 352 20", Match("20;SP;352")),
    // Every misread pair: the look-alike reading still identifies the tablet.
    typed("N O 2 9", Match("N029")),
    typed("KPO2 10", Match("KP02;10")),
    typed("KPD2 10", Match("KP02;10")),
    typed("KPQ2 10", Match("KP02;10")),
    typed("KP0Z 10", Match("KP02;10")),
    typed("KP02 I0", Match("KP02;10")),
    typed("KP02 l0", Match("KP02;10")),
    typed("LC1 1330", Match("LCI;1330")),
    typed("lcl 1330", Match("LCI;1330")),
    typed("12B5", Match("1285")),
    typed("1Z85", Match("1285")),
    typed("12 8S", Match("1285")),
    typed("E G", Possible("E;6")),
    typed("1 114", Possible("I 114")),
    typed("8AC 10 US", Match("BAC 10;U-S")),
    typed("V 343", Match("U 343")),
    typed("2 4096 10", Match("Z 4096;10")),
    typed("NO3O", Match("N030")),
    // Typos: the right tablet first, but never a confident match.
    typed("KP20 10", Possible("KP02;10")),
    typed("KP2 10", Possible("KP02;10")),
    typed("1258", Listed("1285")),
    typed("N0299", Possible("N029")),
    typed("U 334", Possible("U 343")),
    typed("LCI 1303", Possible("LCI;1330")),
    // Partial input: one side, or a prefix.
    typed("KP02", First("KP02;10")),
    typed("1330", First("LCI;1330")),
    typed("tv 4096", Match("4096;TV")),
    typed("4096", First("Z 4096;10")),
    typed("351", Listed("10;SP;351")),
    typed("BAC 10", First("BAC 10;U-S")),
    // Ambiguous input: possible, never match.
    typed("KP", Ambiguous(&["KP02;10"])),
    typed("N0", Ambiguous(&["N029", "N030"])),
    typed("U 3", Ambiguous(&["U 343"])),
    typed("LCI 13", Ambiguous(&["LCI;1330", "LCI;1337", "LCI;1333"])),
    typed("LCI 133", Ambiguous(&["LCI;1330", "LCI;1337", "LCI;1333"])),
    typed("128", Ambiguous(&["1285", "1286"])),
    typed("1287", Ambiguous(&["1285", "1286"])),
    // ... no baclofen tablet is imprinted E 8 (only E 6 and E 9); other
    // medicines' E3 and EB are one misread away.
    typed("E 8", NotBaclofen),
    typed("N031", Ambiguous(&["N030"])),
    typed("10", Ambiguous(&["KP02;10"])),
    typed("E", Ambiguous(&["E;6", "E;9"])),
    typed("V", Ambiguous(&["22 65;V", "2266;V"])),
    typed("KP03 10", Ambiguous(&["KP02;10"])),
    // Shape and colour are evidence, not filters.
    Case { shape: ROUND, ..typed("2265 V", First("22 65;V")) },
    Case { color: YELLOW, ..typed("N029", First("N029")) },
    typed("1285 yellow", First("1285")),
    Case { color: WHITE, ..typed("MX 24", First("MX 24")) },
    Case { shape: OVAL, ..typed("2266 V", First("2266;V")) },
    typed("white round N029", Match("N029")),
    typed("U 343 oval", First("U 343")),
    typed("capsule 2266 v", First("2266;V")),
    typed("off-white oval 2265 v", Match("22 65;V")),
    Case { shape: ROUND, color: WHITE, ..typed("N029", Match("N029")) },
    Case { shape: CAPSULE, color: WHITE, ..typed("2266 V", First("2266;V")) },
    // Imprints of other drugs: never a match.
    typed("M 367", NoMatch),
    typed("IP 190", OtherMedicine),
    typed("WATSON 853", NoMatch),
    typed("AN 627", OtherMedicine),
    typed("G 3722", NoMatch),
    typed("TEVA 3109", OtherMedicine),
    typed("54 411", NoMatch),
    typed("L484", NoMatch),
    // Garbage.
    typed("", NoMatch),
    typed("!!!", NoMatch),
    typed("💊", NoMatch),
    typed("<script>alert(1)</script>", NoMatch),
    typed("asdfgh", NoMatch),
    // Every baclofen tablet NLM RxImage recorded (issue 11): the right
    // tablet, and so the right strength, first; a TV tablet has no strength
    // printed on it, and its 10 and 20 mg differ by one digit.
    typed("4097 tv", Match("4097;TV")),
    typed("tv 4097", Match("4097;TV")),
    typed("4096 tv", Match("4096;TV")),
    typed("TV", Ambiguous(&["4096;TV", "4097;TV"])),
    typed("4097", Ambiguous(&["4097;TV", "4097;20"])),
    typed("4097 20", Match("4097;20")),
    typed("z 4097 20", First("4097;20")),
    typed("bac 10 832", Match("BAC;10;832")),
    typed("832 bc20", Match("832;BC20")),
    typed("bc20", First("832;BC20")),
    typed("g bn 10", Match("G;BN;10")),
    typed("22 66 v", Match("2266;V")),
    // A measured size is evidence like a colour: TV alone is on the 9 mm
    // 10 mg and the 11 mm 20 mg tablet; an 11 mm tablet keeps only the 20 mg
    // one listed, and a size that fits neither keeps a whole imprint from a
    // match.
    Case { size_mm: Some(11), ..typed("TV", Listed("4097;TV")) },
    Case { size_mm: Some(9), ..typed("4096 tv", Match("4096;TV")) },
    Case { size_mm: Some(14), ..typed("4096 tv", Possible("4096;TV")) },
    Case { size_mm: Some(16), ..typed("22 6", First("2266;V")) },
];
