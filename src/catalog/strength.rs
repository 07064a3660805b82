//! Strengths as amounts with units, for any medicine.
//!
//! A [`Strength`] is one [`Amount`] per active ingredient: `10 mg` for
//! baclofen, `0.125 mg` for digoxin, `25 mg / 37.5 mg` for a combination,
//! `20 meq` for potassium chloride. Amounts are exact decimals (stored in
//! millionths of the unit), so `0.125` never turns into `0.12499…` and two
//! strengths compare by value. In the database a strength is written the way
//! a label writes it: `"10 mg"`, `"25 mg / 37.5 mg"`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Millionths of a unit in one unit: amounts keep six decimal places, more
/// than any strength on a label (the smallest in NLM's record is 0.0125 mg).
const PARTS_PER_UNIT: u64 = 1_000_000;

/// How many decimal places an amount can carry (the zeros of
/// [`PARTS_PER_UNIT`]).
const MAX_DECIMALS: usize = 6;

/// The largest whole amount accepted: far above any tablet's strength, low
/// enough that the millionths never overflow.
const MAX_WHOLE: u64 = 1_000_000_000;

/// One ingredient's amount, such as `10 mg` or `0.125 mg`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount {
    /// The amount in millionths of [`Amount::unit`].
    millionths: u64,
    /// The unit as labels abbreviate it, lower case (`mg`, `mcg`, `meq`,
    /// `unt` for units).
    unit: String,
}

impl Amount {
    /// A whole number of milligrams.
    pub fn mg(whole: u32) -> Amount {
        Amount {
            millionths: u64::from(whole) * PARTS_PER_UNIT,
            unit: "mg".to_owned(),
        }
    }

    /// The unit, lower case (`mg`).
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// The amount as a plain decimal without trailing zeros (`0.125`, `10`).
    pub fn number(&self) -> String {
        let whole = self.millionths / PARTS_PER_UNIT;
        let fraction = self.millionths % PARTS_PER_UNIT;
        if fraction == 0 {
            return whole.to_string();
        }
        let digits = format!("{fraction:0width$}", width = MAX_DECIMALS);
        format!("{whole}.{}", digits.trim_end_matches('0'))
    }

    /// Reads `10 mg`, `0.125 MG`, `20 mEq`: a decimal number, a space, a
    /// unit of letters (and `/` or `%`).
    pub fn parse(text: &str) -> Result<Amount, String> {
        let text = text.trim();
        let (number, unit) = text
            .split_once(' ')
            .ok_or_else(|| format!("`{text}` is not an amount with a unit (`10 mg`)"))?;
        let unit = unit.trim();
        if unit.is_empty()
            || !unit
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '/' || c == '%')
        {
            return Err(format!("`{unit}` is not a unit (letters, such as mg)"));
        }
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(format!("`{number}` is not a decimal number"));
        }
        if number.ends_with('.') {
            return Err(format!("`{number}` ends with a decimal point"));
        }
        if fraction.len() > MAX_DECIMALS {
            return Err(format!(
                "`{number}` has more than {MAX_DECIMALS} decimal places"
            ));
        }
        let whole: u64 = whole
            .parse()
            .ok()
            .filter(|w| *w <= MAX_WHOLE)
            .ok_or_else(|| format!("`{number}` is too large for a strength"))?;
        let padded = format!("{fraction:0<width$}", width = MAX_DECIMALS);
        let fraction: u64 = padded.parse().unwrap_or(0);
        let millionths = whole * PARTS_PER_UNIT + fraction;
        if millionths == 0 {
            return Err("a strength must be more than zero".to_owned());
        }
        Ok(Amount {
            millionths,
            unit: unit.to_ascii_lowercase(),
        })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.number(), self.unit)
    }
}

/// A product's strength: one amount per active ingredient, in the order the
/// label gives them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Strength(Vec<Amount>);

/// What separates the amounts of a combination (`25 mg / 37.5 mg`), as NLM's
/// and RxNorm's names write it.
const COMBINATION_SEPARATOR: &str = " / ";

impl Strength {
    /// A single ingredient's whole number of milligrams.
    pub fn mg(whole: u32) -> Strength {
        Strength(vec![Amount::mg(whole)])
    }

    /// A strength from its amounts. No amount at all is a strength the
    /// source does not give (shown as such, never written to the database).
    pub fn from_amounts(amounts: Vec<Amount>) -> Strength {
        Strength(amounts)
    }

    /// True when the source gives the strength.
    pub fn is_known(&self) -> bool {
        !self.0.is_empty()
    }

    /// The amounts, one per ingredient.
    pub fn amounts(&self) -> &[Amount] {
        &self.0
    }

    /// Reads `10 mg` or `25 mg / 37.5 mg`.
    pub fn parse(text: &str) -> Result<Strength, String> {
        let amounts = text
            .split(COMBINATION_SEPARATOR)
            .map(Amount::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Strength(amounts))
    }
}

impl fmt::Display for Strength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, amount) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(COMBINATION_SEPARATOR)?;
            }
            write!(f, "{amount}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for Strength {
    type Error = String;
    fn try_from(text: String) -> Result<Strength, String> {
        Strength::parse(&text)
    }
}

impl From<Strength> for String {
    fn from(s: Strength) -> String {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_and_print_as_labels_write_them() {
        for (text, shown) in [
            ("10 mg", "10 mg"),
            ("10 MG", "10 mg"),
            ("0.125 MG", "0.125 mg"),
            ("12.50 mg", "12.5 mg"),
            ("20 MEQ", "20 meq"),
            ("25 MG / 37.5 MG", "25 mg / 37.5 mg"),
            ("0.0125 mg", "0.0125 mg"),
        ] {
            assert_eq!(Strength::parse(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn equal_amounts_written_differently_are_equal() {
        assert_eq!(Strength::parse("10.0 mg"), Strength::parse("10 MG"));
        assert_eq!(Strength::parse("10 mg").unwrap(), Strength::mg(10));
        assert_ne!(Strength::parse("10 mg"), Strength::parse("10 mcg"));
    }

    #[test]
    fn malformed_strengths_are_refused_with_a_reason() {
        for bad in [
            "",
            "10",
            "mg",
            "0 mg",
            "1.2.3 mg",
            "-5 mg",
            "5. mg",
            "1e3 mg",
            "10 m g",
            "0.0000001 mg",
            "99999999999 mg",
            "10 mg /",
        ] {
            assert!(Strength::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_strength_round_trips_through_json_as_text() {
        let s = Strength::parse("25 mg / 37.5 mg").unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"25 mg / 37.5 mg\"");
        assert_eq!(serde_json::from_str::<Strength>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Strength>("\"ten mg\"").is_err());
    }
}
