//! The explanations: per-character marks, the reasons a candidate is
//! listed, the warnings that go with a tablet and the notes about the input.
//!
//! All of them are typed values with their data ([`Reason`], [`Warning`],
//! [`Notice`]); the words for people live in [`crate::wording`], which the
//! page, the command line and the JSON report share.

use super::*;

/// One piece of evidence for (or against) a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// These imprint characters were typed exactly.
    Exact(String),
    /// `typed` was read as its look-alike `imprint` (`O` for `0`).
    Lookalike {
        /// What was typed.
        typed: char,
        /// The imprint's character.
        imprint: char,
    },
    /// `typed` was typed where the imprint has `imprint`.
    Substituted {
        /// What was typed.
        typed: char,
        /// The imprint's character.
        imprint: char,
    },
    /// An imprint character skipped in the middle of the typed text.
    NotTyped(char),
    /// The typed text starts inside one side and runs into the next.
    Straddles,
    /// Two neighbouring characters were typed in swapped order.
    Transposed,
    /// Typed characters that are not on this imprint.
    Extra(String),
    /// Only part of the imprint was typed; these characters were not.
    PartlyTyped(String),
    /// The sides were typed in another order than the source lists them
    /// (the imprint as shown, `KP02 / 10`).
    SideOrder(String),
    /// The shape chosen agrees with the tablet.
    ShapeAgrees(Shape),
    /// The shape chosen is not the tablet's.
    ShapeDiffers {
        /// What was chosen or typed.
        chosen: Shape,
        /// The tablet's shape.
        actual: Shape,
    },
    /// The colour chosen is one of the tablet's.
    ColorAgrees(Color),
    /// The size measured agrees with the tablet's (within a millimetre).
    SizeAgrees {
        /// Measured, mm.
        given: u32,
        /// Recorded, mm.
        actual: u32,
    },
    /// The size measured is more than a millimetre from the tablet's.
    SizeDiffers {
        /// Measured, mm.
        given: u32,
        /// Recorded, mm.
        actual: u32,
    },
    /// A size was measured, but this tablet's size is not recorded.
    SizeNotRecorded(u32),
    /// The tablet is recorded under the NDC typed: this NDC, sold by this
    /// company when the source names it.
    RecordedUnderNdc {
        /// The NDC as the source writes it.
        ndc: String,
        /// Who sells under it, when named.
        seller: Option<String>,
    },
    /// The colour chosen is not the tablet's.
    ColorDiffers {
        /// What was chosen or typed.
        chosen: Color,
        /// The tablet's colours.
        actual: Vec<Color>,
    },
}

/// Something to be careful about with a candidate tablet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning<'a> {
    /// A tablet of the target medicine at another than the usual strength
    /// (baclofen 20 mg, not 10 mg).
    OtherStrength(&'a Product),
    /// Another tablet (usually another strength of the same design) looks
    /// almost the same.
    LookAlike(&'a Product),
    /// No label names the maker; the lead the sources give, if any.
    MakerUnconfirmed(Option<&'a str>),
    /// The sources say it is no longer marketed.
    Discontinued,
    /// The appearance comes from a secondary source (a pill-image
    /// listing), not a label.
    AppearanceSecondhand,
    /// The appearance is inferred, not stated by any source.
    AppearanceInferred,
    /// A tablet of another medicine explains the typed text as well or
    /// nearly as well as this baclofen tablet.
    SameImprintOnOther(&'a Product),
    /// This tablet is not baclofen (a tablet of another medicine).
    NotTarget(&'a Product),
}

impl Warning<'_> {
    /// A stable word for the kind of warning, for JSON and for styling:
    /// `other_strength`, `look_alike`, `maker_unconfirmed`, `discontinued`,
    /// `appearance_source`, `same_imprint_other_medicine`, `not_target`.
    pub const fn kind(&self) -> &'static str {
        match self {
            Warning::OtherStrength(_) => "other_strength",
            Warning::LookAlike(_) => "look_alike",
            Warning::MakerUnconfirmed(_) => "maker_unconfirmed",
            Warning::Discontinued => "discontinued",
            Warning::AppearanceSecondhand | Warning::AppearanceInferred => "appearance_source",
            Warning::SameImprintOnOther(_) => "same_imprint_other_medicine",
            Warning::NotTarget(_) => "not_target",
        }
    }
}

/// A note about how the input was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The input was cut to the first `chars` characters and `imprint_chars`
    /// letters and digits.
    TooLong {
        /// Characters read.
        chars: usize,
        /// Imprint letters and digits read.
        imprint_chars: usize,
    },
    /// A word was read as something other than imprint text.
    ReadAs(String, WordMeaning),
    /// Characters that are not letters or digits were ignored (at most a
    /// dozen, sorted, each once).
    Ignored(Vec<char>),
    /// A shape was typed and another chosen; the chosen one is used.
    ShapeChosenOverTyped {
        /// Typed in the text.
        typed: Shape,
        /// Chosen in the picker.
        chosen: Shape,
    },
    /// A colour was typed and another chosen; the chosen one is used.
    ColorChosenOverTyped {
        /// Typed in the text.
        typed: Color,
        /// Chosen in the picker.
        chosen: Color,
    },
    /// Nothing was typed or chosen.
    NothingTyped,
    /// An NDC was typed (read as this labeler-product code) and no tablet
    /// is recorded under it.
    NdcNotRecorded(String),
    /// Only shape or colour was given: the list is every tablet that has
    /// them, and that alone never identifies a tablet.
    AttributesOnly,
}

/// How many ignored characters a notice names.
const MAX_IGNORED_SHOWN: usize = 12;

impl<'a> Matcher<'a> {
    /// Turns a scored product into a candidate with its explanation, aligning
    /// it once more to recover the steps.
    pub(super) fn candidate(
        &self,
        s: Scored<'_>,
        readings: &[Vec<u8>],
        dp: &mut Dp,
        looks: Looks,
    ) -> Candidate<'a> {
        let product = self.product(s.index);
        let matched_imprint = product
            .imprints()
            .nth(s.target.variant)
            .unwrap_or(&product.imprint);
        dp.align(&readings[s.reading], s.target);
        let marks = marks_for(matched_imprint, s.target, &dp.ops);
        let mut why = alignment_why(matched_imprint, &s.alignment, &dp.ops, &marks);
        attribute_why(product, looks, &mut why);
        Candidate {
            why,
            edit_cost: s.alignment.edit_cost,
            unexplained_edits: s.alignment.unexplained,
            coverage: s.coverage,
            ..Candidate::new(product, matched_imprint, marks, s.score, looks)
        }
    }

    /// What to be careful about with this tablet, most important first.
    pub(super) fn warnings(&self, p: &'a Product) -> Vec<Warning<'a>> {
        let mut w = Vec::new();
        if !p.is_target() {
            // NLM's record of another medicine: what it is, nothing about
            // makers or sources that only matter for baclofen.
            w.push(Warning::NotTarget(p));
            return w;
        }
        if p.is_target() && !p.is_usual_strength() {
            w.push(Warning::OtherStrength(p));
        }
        for id in &p.look_alikes {
            if let Some(&i) = self.by_id.get(id.as_str()) {
                w.push(Warning::LookAlike(self.product(i)));
            }
        }
        if !p.manufacturer.confirmed {
            let lead = p
                .manufacturer
                .lead
                .as_deref()
                .or(p.manufacturer.name.as_deref());
            w.push(Warning::MakerUnconfirmed(lead));
        }
        if p.status == MarketingStatus::Discontinued {
            w.push(Warning::Discontinued);
        }
        match p.confidence {
            Confidence::LabelText => {}
            Confidence::SecondarySource => w.push(Warning::AppearanceSecondhand),
            Confidence::Inferred => w.push(Warning::AppearanceInferred),
        }
        w
    }
}

/// An SPL imprint for people: sides joined by " / " (`KP02 / 10`).
pub fn display_imprint(spl: &str) -> String {
    imprint::parts(spl).collect::<Vec<_>>().join(" / ")
}

/// The shape or colour to use: the one chosen in a picker, else the one
/// typed; and whether they disagreed.
pub(super) fn pick<T: Copy + PartialEq>(
    picked: Option<T>,
    typed: Option<T>,
) -> (Option<T>, Option<(T, T)>) {
    match (picked, typed) {
        (Some(p), Some(t)) if p != t => (Some(p), Some((t, p))),
        (p, t) => (p.or(t), None),
    }
}

/// The notes about how the input was read.
pub(super) fn describe_input(parsed: &ParsedQuery, notices: &mut Vec<Notice>) {
    if parsed.truncated {
        notices.push(Notice::TooLong {
            chars: imprint::MAX_INPUT_CHARS,
            imprint_chars: imprint::MAX_IMPRINT_CHARS,
        });
    }
    for (word, meaning) in &parsed.recognised {
        if *meaning != WordMeaning::Filler {
            notices.push(Notice::ReadAs(word.clone(), meaning.clone()));
        }
    }
    let mut shown: Vec<char> = parsed
        .dropped
        .iter()
        .copied()
        .filter(|c| !c.is_control())
        .collect();
    shown.sort_unstable();
    shown.dedup();
    shown.truncate(MAX_IGNORED_SHOWN);
    if !shown.is_empty() {
        notices.push(Notice::Ignored(shown));
    }
}

pub(super) fn attribute_why(p: &Product, looks: Looks, why: &mut Vec<Reason>) {
    if let Some(s) = looks.shape {
        why.push(if s == p.shape {
            Reason::ShapeAgrees(s)
        } else {
            Reason::ShapeDiffers {
                chosen: s,
                actual: p.shape,
            }
        });
    }
    if let Some(given) = looks.size_mm {
        why.push(match p.size_mm {
            None => Reason::SizeNotRecorded(given),
            Some(actual) if given.abs_diff(actual) <= SIZE_TOLERANCE_MM => {
                Reason::SizeAgrees { given, actual }
            }
            Some(actual) => Reason::SizeDiffers { given, actual },
        });
    }
    if let Some(c) = looks.color {
        why.push(if p.colors.contains(&c) {
            Reason::ColorAgrees(c)
        } else {
            Reason::ColorDiffers {
                chosen: c,
                actual: p.colors.clone(),
            }
        });
    }
}

pub(super) fn plain_marks(spl: &str, kind: MarkKind) -> Vec<Mark> {
    spl.chars()
        .map(|ch| Mark {
            ch,
            kind: if ch.is_ascii_alphanumeric() {
                kind
            } else {
                MarkKind::Separator
            },
        })
        .collect()
}

pub(super) fn marks_for(spl: &str, target: &Target, ops: &[Op]) -> Vec<Mark> {
    let mut marks = plain_marks(spl, MarkKind::Untyped);
    let mut k = 0; // index into target chars
    for op in ops {
        let kind = match *op {
            Op::Extra(_) => continue,
            Op::Exact => MarkKind::Exact,
            Op::Lookalike(c) => MarkKind::Lookalike(c as char),
            Op::Sub(c) | Op::Transposed(c) => {
                if target.chars[k] == c {
                    MarkKind::Exact
                } else {
                    MarkKind::Substituted(c as char)
                }
            }
            Op::Missing => MarkKind::Missing,
            Op::Untyped => MarkKind::Untyped,
        };
        marks[target.origin[k]].kind = kind;
        k += 1;
    }
    marks
}

pub(super) fn alignment_why(spl: &str, a: &Alignment, ops: &[Op], marks: &[Mark]) -> Vec<Reason> {
    let mut why = Vec::new();
    let collect = |f: &dyn Fn(MarkKind) -> bool| -> String {
        marks.iter().filter(|m| f(m.kind)).map(|m| m.ch).collect()
    };
    let exact = collect(&|k| k == MarkKind::Exact);
    if !exact.is_empty() {
        why.push(Reason::Exact(exact));
    }
    for m in marks {
        match m.kind {
            MarkKind::Lookalike(typed) => why.push(Reason::Lookalike {
                typed,
                imprint: m.ch,
            }),
            MarkKind::Substituted(typed) => why.push(Reason::Substituted {
                typed,
                imprint: m.ch,
            }),
            MarkKind::Missing => why.push(Reason::NotTyped(m.ch)),
            _ => {}
        }
    }
    if a.straddles {
        why.push(Reason::Straddles);
    }
    if ops.iter().any(|op| matches!(op, Op::Transposed(_))) {
        why.push(Reason::Transposed);
    }
    let extra: String = ops
        .iter()
        .filter_map(|op| match op {
            Op::Extra(c) => Some(*c as char),
            _ => None,
        })
        .collect();
    if !extra.is_empty() {
        why.push(Reason::Extra(extra));
    }
    let untyped = collect(&|k| k == MarkKind::Untyped);
    if !untyped.is_empty() {
        why.push(Reason::PartlyTyped(untyped));
    }
    if a.side_order_differs {
        why.push(Reason::SideOrder(display_imprint(spl)));
    }
    why
}
