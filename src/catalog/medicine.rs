//! Which medicine a tablet is, and the one pillid is built around.
//!
//! pillid's database holds two kinds of tablets: those of its **target**
//! medicine (baclofen), researched to be complete, and tablets of **other**
//! medicines, known from NLM's record so that a look-alike of another drug is
//! never answered "baclofen". [`TARGET`] names the target and the strength
//! people usually mean when they ask about it.

use super::strength::{Amount, Strength};

/// Whether a tablet belongs to the medicine pillid is built around.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// A tablet of the target medicine ([`TARGET`]), from the researched
    /// database (`data/baclofen.json`).
    #[default]
    Target,
    /// A tablet of another medicine, known so that it is not mistaken for
    /// the target.
    Other,
}

impl Scope {
    /// The scope of a tablet of `drug`: the target when it is the target
    /// medicine, another medicine otherwise.
    pub fn of_drug(drug: &str) -> Scope {
        if drug == TARGET.drug {
            Scope::Target
        } else {
            Scope::Other
        }
    }
}

/// The medicine pillid identifies, and its usual strength.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TargetMedicine {
    /// The drug's name as the database writes it, lower case.
    pub drug: &'static str,
    /// The strength people mean when they say "baclofen": 10 mg. A tablet
    /// of any other strength is announced as "not 10 mg", and among equally
    /// good candidates this strength is listed first.
    pub usual_mg: u32,
}

/// pillid is built around baclofen, and around its 10 mg tablet.
pub const TARGET: TargetMedicine = TargetMedicine {
    drug: "baclofen",
    usual_mg: 10,
};

impl TargetMedicine {
    /// The usual strength as a [`Strength`].
    pub fn usual_strength(&self) -> Strength {
        Strength::mg(self.usual_mg)
    }

    /// True when `strength` is the usual one (a single amount equal to it).
    pub fn is_usual(&self, strength: &Strength) -> bool {
        strength.amounts() == [Amount::mg(self.usual_mg)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_usual_single_amount_is_usual() {
        assert!(TARGET.is_usual(&Strength::parse("10 mg").unwrap()));
        assert!(TARGET.is_usual(&Strength::parse("10.0 MG").unwrap()));
        assert!(!TARGET.is_usual(&Strength::parse("20 mg").unwrap()));
        assert!(!TARGET.is_usual(&Strength::parse("10 mcg").unwrap()));
        assert!(!TARGET.is_usual(&Strength::parse("10 mg / 10 mg").unwrap()));
    }
}
