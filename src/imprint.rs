//! Imprints: the canonical SPL form stored in the database, and turning what
//! a person typed into something the matcher can compare.
//!
//! The SPL writes an imprint in upper case with `;` between sides or lines
//! (`KP02;10`). People type it any way: `kp02 10`, `10 KP02`, `KP0210`,
//! `N O 2 9`, full-width characters from a phone keyboard, Cyrillic letters
//! that look Latin, or whole sentences such as `white round N029`.
//! [`parse_query`] folds all of that to upper-case ASCII letters and digits,
//! picks out colour and shape words, drops filler words and junk, and caps
//! very long input.

use crate::vocab::{Color, Shape};

/// At most this many characters of raw input are read. Real imprints are
/// under 20 characters; a sentence with colour and shape words fits easily.
/// Anything longer is pasted text, and reading it all would only slow the
/// page down.
pub const MAX_INPUT_CHARS: usize = 200;

/// At most this many imprint letters and digits are matched. The longest
/// imprint in the database has 12; 40 leaves room for typos and extra words.
pub const MAX_IMPRINT_CHARS: usize = 40;

/// Longest imprint (letters and digits, all sides) the database may hold.
pub const MAX_CANONICAL_CHARS: usize = 40;

/// Words people type around an imprint that are not part of it.
const FILLER_WORDS: &[&str] = &[
    "PILL",
    "PILLS",
    "TABLET",
    "TABLETS",
    "TAB",
    "TABS",
    "IMPRINT",
    "IMPRINTED",
    "DEBOSSED",
    "ENGRAVED",
    "STAMPED",
    "WITH",
    "AND",
    "ON",
    "ONE",
    "SIDE",
    "SIDES",
    "OTHER",
    "THE",
    "FRONT",
    "BACK",
    "SCORED",
    "SCORE",
    "SCORELINE",
    "BISECTED",
    "LINE",
    "LOGO",
    "BACLOFEN",
    "MG",
    "SHAPED",
    "COLOR",
    "COLOUR",
];

/// What one recognised word in the query meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WordMeaning {
    /// A colour word, taken as the tablet's colour.
    Color(Color),
    /// A shape word, taken as the tablet's shape.
    Shape(Shape),
    /// A strength typed with the imprint ("10 mg", "20mg"), in mg. Not
    /// imprint text: the tablet is identified by what is printed on it.
    Strength(u32),
    /// A word that is not part of an imprint ("tablet", "logo", "mg").
    Filler,
}

/// A query after normalisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The imprint as typed, folded to upper-case ASCII letters and digits,
    /// with separators removed (`kp02 10` → `KP0210`).
    pub text: String,
    /// The imprint tokens as typed (split on spaces and separators), folded.
    pub tokens: Vec<String>,
    /// A colour named in the text.
    pub color: Option<Color>,
    /// A shape named in the text.
    pub shape: Option<Shape>,
    /// Words recognised and removed from the imprint, as typed.
    pub recognised: Vec<(String, WordMeaning)>,
    /// Characters that are neither letters, digits nor separators, removed.
    pub dropped: Vec<char>,
    /// True when the input was longer than [`MAX_INPUT_CHARS`] or its
    /// imprint longer than [`MAX_IMPRINT_CHARS`] and was cut.
    pub truncated: bool,
}

/// Folds one character to an upper-case ASCII letter or digit, or `None`.
///
/// Besides ASCII this folds characters that are the same glyph a person
/// meant to type: full-width forms (East Asian keyboards), Cyrillic and
/// Greek capitals identical to Latin ones (phone keyboards switched to
/// another language), Latin letters with accents (autocorrect), and digits of
/// other scripts and super- or subscripts.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c.to_ascii_uppercase());
    }
    let u = c as u32;
    let mapped = match u {
        // Full-width digits and letters.
        0xFF10..=0xFF19 => char::from_u32(u - 0xFF10 + '0' as u32),
        0xFF21..=0xFF3A => char::from_u32(u - 0xFF21 + 'A' as u32),
        0xFF41..=0xFF5A => char::from_u32(u - 0xFF41 + 'A' as u32),
        // Arabic-Indic, extended Arabic-Indic and Devanagari digits.
        0x0660..=0x0669 => char::from_u32(u - 0x0660 + '0' as u32),
        0x06F0..=0x06F9 => char::from_u32(u - 0x06F0 + '0' as u32),
        0x0966..=0x096F => char::from_u32(u - 0x0966 + '0' as u32),
        // Subscript digits.
        0x2080..=0x2089 => char::from_u32(u - 0x2080 + '0' as u32),
        _ => None,
    };
    if mapped.is_some() {
        return mapped;
    }
    let folded = match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        'ℓ' | 'ı' => 'L',
        // Cyrillic capitals and small letters that look Latin.
        'А' | 'а' => 'A',
        'В' | 'в' => 'B',
        'Е' | 'е' | 'Ё' | 'ё' => 'E',
        'К' | 'к' => 'K',
        'М' | 'м' => 'M',
        'Н' | 'н' => 'H',
        'О' | 'о' => 'O',
        'Р' | 'р' => 'P',
        'С' | 'с' => 'C',
        'Т' | 'т' => 'T',
        'Х' | 'х' => 'X',
        'У' | 'у' => 'Y',
        'І' | 'і' => 'I',
        'Ј' | 'ј' => 'J',
        'Ѕ' | 'ѕ' => 'S',
        // Greek capitals that look Latin.
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'Η' => 'H',
        'Ι' => 'I',
        'Κ' => 'K',
        'Μ' => 'M',
        'Ν' => 'N',
        'Ο' | 'ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        'Υ' => 'Y',
        'Χ' => 'X',
        // Latin letters with accents.
        'À'..='Å' | 'à'..='å' => 'A',
        'Ç' | 'ç' => 'C',
        'È'..='Ë' | 'è'..='ë' => 'E',
        'Ì'..='Ï' | 'ì'..='ï' => 'I',
        'Ñ' | 'ñ' => 'N',
        'Ò'..='Ö' | 'ò'..='ö' | 'Ø' | 'ø' => 'O',
        'Ù'..='Ü' | 'ù'..='ü' => 'U',
        'Ý' | 'ý' | 'ÿ' => 'Y',
        _ => return None,
    };
    Some(folded)
}

/// True for characters that separate sides, lines or words of an imprint.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ';' | ','
                | '/'
                | '\\'
                | '|'
                | '-'
                | '_'
                | '.'
                | ':'
                | '+'
                | '&'
                | '·'
                | '•'
                | '–'
                | '—'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '\''
                | '＂'
                | '＇'
                | '　'
        )
}

/// True for characters removed without a trace: combining accents
/// (`e` + U+0301), zero-width and bidirectional control characters.
fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF)
}

/// Folds an imprint to upper-case ASCII letters and digits only.
///
/// ```
/// assert_eq!(pillid::imprint::normalize_imprint(" m-367 "), "M367");
/// assert_eq!(pillid::imprint::normalize_imprint("KP02;10"), "KP0210");
/// ```
pub fn normalize_imprint(raw: &str) -> String {
    raw.chars().filter_map(fold_char).collect()
}

/// Splits a canonical SPL imprint into its sides or lines.
pub fn parts(spl: &str) -> impl Iterator<Item = &str> {
    spl.split(';')
}

/// Checks that `spl` is a canonical SPL imprint: upper-case ASCII letters
/// and digits, single spaces or hyphens inside a side, `;` between sides,
/// no empty side, at most [`MAX_CANONICAL_CHARS`] letters and digits.
pub fn check_canonical(spl: &str) -> Result<(), String> {
    if spl.is_empty() {
        return Err("it is empty".into());
    }
    let mut count = 0;
    for part in parts(spl) {
        if part.is_empty() {
            return Err("it has an empty side between `;`".into());
        }
        if part.starts_with([' ', '-']) || part.ends_with([' ', '-']) {
            return Err(format!(
                "side `{part}` starts or ends with a space or hyphen"
            ));
        }
        if part.contains("  ") || part.contains("--") || part.contains(" -") || part.contains("- ")
        {
            return Err(format!("side `{part}` has doubled separators"));
        }
        for c in part.chars() {
            match c {
                'A'..='Z' | '0'..='9' => count += 1,
                ' ' | '-' => {}
                'a'..='z' => return Err(format!("`{c}` is lower case")),
                _ => return Err(format!("`{c}` is not an imprint character")),
            }
        }
    }
    if count > MAX_CANONICAL_CHARS {
        return Err(format!(
            "it has more than {MAX_CANONICAL_CHARS} letters and digits"
        ));
    }
    Ok(())
}

/// Turns a free-text query into a [`ParsedQuery`].
///
/// ```
/// use pillid::imprint::parse_query;
/// use pillid::vocab::{Color, Shape};
/// let q = parse_query("white round N029");
/// assert_eq!(q.text, "N029");
/// assert_eq!(q.color, Some(Color::White));
/// assert_eq!(q.shape, Some(Shape::Round));
/// assert_eq!(parse_query("10 kp02").text, "10KP02");
/// ```
pub fn parse_query(raw: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let mut input: String = raw.chars().take(MAX_INPUT_CHARS).collect();
    if raw.chars().nth(MAX_INPUT_CHARS).is_some() {
        q.truncated = true;
    }
    // "HEPTAGON (7 SIDES)" and friends: the digit is part of the shape name.
    for n in ["5", "6", "7", "8"] {
        for spelling in [
            format!("({n} SIDES)"),
            format!("({n} sides)"),
            format!("({n} Sides)"),
        ] {
            input = input.replace(&spelling, " ");
        }
    }
    // Split into raw words on separators other than hyphens, so that
    // "off-white" and "capsule-shaped" survive as words.
    let words: Vec<&str> = input
        .split(|c: char| is_separator(c) && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while i < words.len() {
        // Two-word phrases first: "off white", "double circle", "capsule shaped".
        if i + 1 < words.len() {
            let pair = format!("{}-{}", words[i], words[i + 1]);
            if let Some(meaning) = word_meaning(&pair) {
                q.note_word(format!("{} {}", words[i], words[i + 1]), meaning);
                i += 2;
                continue;
            }
        }
        // "10 mg": a strength, not imprint text.
        if i + 1 < words.len() && words[i + 1].eq_ignore_ascii_case("mg") {
            if let Some(mg) = strength(words[i]) {
                q.note_word(
                    format!("{} {}", words[i], words[i + 1]),
                    WordMeaning::Strength(mg),
                );
                i += 2;
                continue;
            }
        }
        let word = words[i];
        if let Some(mg) = word
            .get(..word.len().saturating_sub(2))
            .filter(|_| word.to_ascii_uppercase().ends_with("MG"))
            .and_then(strength)
        {
            q.note_word(word.to_owned(), WordMeaning::Strength(mg));
        } else if let Some(meaning) = word_meaning(word) {
            q.note_word(word.to_owned(), meaning);
        } else {
            q.add_imprint_word(word);
        }
        i += 1;
    }
    if q.text.len() > MAX_IMPRINT_CHARS {
        q.text.truncate(MAX_IMPRINT_CHARS);
        q.truncated = true;
    }
    q
}

/// A plausible tablet strength in mg written as ASCII digits (1 to 4).
fn strength(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&mg| mg > 0)
}

/// The meaning of a whole typed word, when it is a colour, shape or filler
/// word rather than part of an imprint.
fn word_meaning(word: &str) -> Option<WordMeaning> {
    if !word.chars().any(|c| c.is_alphabetic()) || word.chars().count() < 2 {
        return None;
    }
    let upper = word.to_uppercase();
    if let Some(c) = Color::from_word(&upper) {
        return Some(WordMeaning::Color(c));
    }
    if let Some(s) = Shape::from_word(&upper).or_else(|| Shape::from_word(&upper.replace('-', " ")))
    {
        return Some(WordMeaning::Shape(s));
    }
    FILLER_WORDS
        .contains(&upper.as_str())
        .then_some(WordMeaning::Filler)
}

impl ParsedQuery {
    fn note_word(&mut self, word: String, meaning: WordMeaning) {
        match meaning {
            WordMeaning::Color(c) if self.color.is_none() => self.color = Some(c),
            WordMeaning::Shape(s) if self.shape.is_none() => self.shape = Some(s),
            _ => {}
        }
        self.recognised.push((word, meaning));
    }

    fn add_imprint_word(&mut self, word: &str) {
        let mut token = String::new();
        for c in word.chars() {
            if let Some(f) = fold_char(c) {
                token.push(f);
            } else if is_separator(c) {
                if !token.is_empty() {
                    self.push_token(std::mem::take(&mut token));
                }
            } else if !is_invisible(c) && !c.is_control() {
                self.dropped.push(c);
            }
        }
        if !token.is_empty() {
            self.push_token(token);
        }
    }

    fn push_token(&mut self, token: String) {
        self.text.push_str(&token);
        self.tokens.push(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_spaces_and_separators() {
        for typed in [
            "KP02 10", "kp02 10", "KP02;10", "KP02-10", "KP02/10", "kp02.10", " KP0210 ",
        ] {
            assert_eq!(parse_query(typed).text, "KP0210", "{typed}");
        }
        assert_eq!(parse_query("N O 2 9").text, "NO29");
    }

    #[test]
    fn folds_unicode_lookalikes() {
        assert_eq!(parse_query("ＫＰ０２ １０").text, "KP0210");
        assert_eq!(parse_query("КР02 10").text, "KP0210"); // Cyrillic К and Р
        assert_eq!(parse_query("Ν029").text, "N029"); // Greek Ν
        assert_eq!(parse_query("n\u{0301}029").text, "N029");
    }

    #[test]
    fn recognises_words() {
        let q = parse_query("U 343 oval off-white tablet");
        assert_eq!(q.text, "U343");
        assert_eq!(q.shape, Some(Shape::Oval));
        assert_eq!(q.color, Some(Color::White));
        let q = parse_query("capsule shaped 2266 V");
        assert_eq!(q.shape, Some(Shape::Capsule));
        assert_eq!(q.text, "2266V");
        let q = parse_query("heptagon (7 sides) X1");
        assert_eq!(q.shape, Some(Shape::Heptagon));
        assert_eq!(q.text, "X1");
    }

    #[test]
    fn strengths_are_not_imprint_text() {
        let q = parse_query("5 mg 1609");
        assert_eq!(q.text, "1609");
        assert!(q
            .recognised
            .iter()
            .any(|(_, m)| *m == WordMeaning::Strength(5)));
        let q = parse_query("KP02 10mg");
        assert_eq!(q.text, "KP02");
        assert!(q
            .recognised
            .iter()
            .any(|(_, m)| *m == WordMeaning::Strength(10)));
        // A bare number stays imprint text: "10" is printed on KP02 tablets.
        assert_eq!(parse_query("KP02 10").text, "KP0210");
    }

    #[test]
    fn short_words_stay_imprint() {
        // "E", "TV" and "SP" are imprint text, never words.
        assert_eq!(parse_query("E 6").text, "E6");
        assert_eq!(parse_query("tv 4096").text, "TV4096");
    }

    #[test]
    fn drops_junk_and_caps_length() {
        let q = parse_query("N029!!<script>");
        assert_eq!(q.text, "N029SCRIPT");
        assert!(q.dropped.contains(&'!') && q.dropped.contains(&'<'));
        let long = "A".repeat(10_000);
        let q = parse_query(&long);
        assert!(q.truncated);
        assert_eq!(q.text.len(), MAX_IMPRINT_CHARS);
    }

    #[test]
    fn canonical_form() {
        for ok in ["KP02;10", "BAC 10;U-S", "22 65;V", "1285", "10;SP;351"] {
            assert_eq!(check_canonical(ok), Ok(()), "{ok}");
        }
        for bad in ["", "kp02", "KP02;", "KP02  10", "KP02;;10", " 1285", "N°29"] {
            assert!(check_canonical(bad).is_err(), "{bad}");
        }
    }
}
