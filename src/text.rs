//! Characters that must never reach a terminal, or the database, unseen.
//!
//! Three kinds, together called *hidden* characters here:
//!
//! - **control characters** (C0 `U+0000`–`U+001F`, DEL, C1 `U+0080`–`U+009F`):
//!   an escape sequence can retitle or clear a terminal, move the cursor or
//!   rewrite what was printed before it;
//! - **bidirectional-text controls** (`U+061C`, `U+200E`, `U+200F`,
//!   `U+202A`–`U+202E`, `U+2066`–`U+2069`): `U+202E` makes `01 20PK` show as
//!   `KP02 10`;
//! - **invisible formatting characters and separators** (zero-width spaces
//!   and joiners, word joiners, the byte-order mark, soft hyphen, tag
//!   characters, `U+2028`/`U+2029`): two strings that look the same differ.
//!
//! The web app removes them from whatever it is given ([`strip_hidden`]:
//! the imprint box and a link's parameters) and says so.
//! The SPL importer refuses them in the label text it keeps (see
//! `spl/xml.rs`), [`crate::catalog::Catalog::problems`] refuses them in every
//! string of a record, and the command-line tool prints everything through
//! [`escape`], so neither the data nor an argument, a file name or an error
//! message can put one on the screen.

use std::borrow::Cow;
use std::fmt::Write;

/// What kind of hidden character `c` is, in words, or `None` for a
/// character that shows as itself.
pub fn hidden_kind(c: char) -> Option<&'static str> {
    match u32::from(c) {
        0x00..=0x1F | 0x7F..=0x9F => Some("a control character"),
        0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 => {
            Some("a bidirectional-text control")
        }
        0x2028 | 0x2029 => Some("a line or paragraph separator"),
        0x00AD
        | 0x180E
        | 0x200B..=0x200D
        | 0x2060..=0x2064
        | 0x206A..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0xE0000..=0xE007F => Some("an invisible formatting character"),
        _ => None,
    }
}

/// True for a hidden character (see the module documentation).
pub fn is_hidden(c: char) -> bool {
    hidden_kind(c).is_some()
}

/// The first hidden character of `s` (other than those `allowed` lets
/// through), described for a message: `U+001B (a control character)`.
pub fn first_hidden(s: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    s.chars().find_map(|c| {
        let kind = hidden_kind(c).filter(|_| !allowed(c))?;
        Some(format!("U+{:04X} ({kind})", u32::from(c)))
    })
}

/// What [`strip_hidden`] removed from a text: how many hidden characters,
/// and the first of them, described as [`first_hidden`] does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stripped {
    /// How many hidden characters were removed or replaced.
    pub count: usize,
    /// The first one: `U+202E (a bidirectional-text control)`.
    pub first: String,
}

/// `text` without its hidden characters, for input a person gives (the web
/// app's imprint box and the parameters of a link), so that what is shown
/// is exactly what is searched: `U+202E` cannot make `01 20PK` show as
/// `KP02 10`. Tabs, line breaks and the line and paragraph separators
/// become a space (they separated words); every other hidden character is
/// dropped. Returns the text unchanged, and no copy, when it was clean;
/// otherwise the cleaned text and what was removed.
///
/// ```
/// use pillid::text::strip_hidden;
/// let (clean, what) = strip_hidden("\u{202e}01 20PK");
/// assert_eq!(clean, "01 20PK");
/// assert_eq!(what.unwrap().first, "U+202E (a bidirectional-text control)");
/// assert_eq!(strip_hidden("KP02\t10").0, "KP02 10");
/// assert!(strip_hidden("kp02 10").1.is_none());
/// ```
pub fn strip_hidden(text: &str) -> (Cow<'_, str>, Option<Stripped>) {
    let Some(first) = first_hidden(text, |_| false) else {
        return (Cow::Borrowed(text), None);
    };
    let mut count = 0;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_hidden(c) {
            out.push(c);
            continue;
        }
        count += 1;
        if matches!(
            c,
            '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{2028}' | '\u{2029}'
        ) {
            out.push(' ');
        }
    }
    (Cow::Owned(out), Some(Stripped { count, first }))
}

/// How [`escape`] writes a hidden character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// For people: `\u{1b}`, as Rust writes it. Line feeds are kept, so
    /// that a multi-line text stays multi-line.
    Terminal,
    /// Like [`Style::Terminal`], but line feeds are escaped too (`\u{a}`),
    /// for a value that must stay on its line.
    OneLine,
    /// Inside JSON text: `\u001b`, a JSON string escape (characters outside
    /// the Basic Multilingual Plane as a surrogate pair). Line feeds are kept:
    /// in JSON written by serde they are only ever layout, between values.
    Json,
}

/// `text` with every hidden character written as an escape, so that it
/// cannot act on a terminal or hide in what is shown. Everything else is
/// unchanged, so clean text costs no copy.
///
/// ```
/// use pillid::text::{escape, Style};
/// assert_eq!(escape("a\u{1b}[2Jb\n", Style::Terminal), "a\\u{1b}[2Jb\n");
/// assert_eq!(escape("\u{202e}01\n", Style::OneLine), "\\u{202e}01\\u{a}");
/// assert_eq!(escape("\"\u{202e}\"", Style::Json), "\"\\u202e\"");
/// ```
pub fn escape(text: &str, style: Style) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' && style != Style::OneLine;
    if !text.chars().any(|c| is_hidden(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !is_hidden(c) || keep(c) {
            out.push(c);
        } else if style == Style::Json {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.extend(c.escape_unicode());
        }
    }
    Cow::Owned(out)
}

/// Every string in a JSON value (not the object keys, which are field names)
/// that holds a hidden character: the path to it (`labelers[0].name`, empty
/// for the value itself) and the character, described as [`first_hidden`]
/// does.
pub fn hidden_in_json(value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(value: &serde_json::Value, path: &mut String, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::String(s) => {
                if let Some(what) = first_hidden(s, |_| false) {
                    out.push((path.clone(), what));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    walk(item, path, out);
                    path.truncate(len);
                }
            }
            serde_json::Value::Object(fields) => {
                for (key, item) in fields {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    walk(item, path, out);
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hidden_kinds() {
        for c in [
            '\0', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}',
        ] {
            assert_eq!(hidden_kind(c), Some("a control character"), "{c:?}");
        }
        for c in [
            '\u{61c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert_eq!(
                hidden_kind(c),
                Some("a bidirectional-text control"),
                "{c:?}"
            );
        }
        for c in [
            '\u{200b}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{e0001}',
        ] {
            assert_eq!(
                hidden_kind(c),
                Some("an invisible formatting character"),
                "{c:?}"
            );
        }
        assert_eq!(
            hidden_kind('\u{2028}'),
            Some("a line or paragraph separator")
        );
        for c in ['a', ' ', 'é', 'ß', 'ש', '💊', '\u{301}', '\u{a0}', '—', 'µ'] {
            assert_eq!(hidden_kind(c), None, "{c:?}");
        }
    }

    #[test]
    fn first_hidden_names_the_character_and_honours_what_is_allowed() {
        assert_eq!(
            first_hidden("Evil\u{1b}]0;X\u{7}", |_| false).as_deref(),
            Some("U+001B (a control character)")
        );
        assert_eq!(first_hidden("a\tb\nc", |c| c == '\t' || c == '\n'), None);
        assert_eq!(
            first_hidden("a\tb\u{202e}", |c| c == '\t').as_deref(),
            Some("U+202E (a bidirectional-text control)")
        );
    }

    #[test]
    fn escaping_leaves_nothing_hidden_and_json_stays_json() {
        let nasty = "x\u{1b}]0;T\u{7}\u{202e}\u{2028}\u{200b}\u{e0041}\u{85}\ty\n";
        for style in [Style::Terminal, Style::OneLine, Style::Json] {
            let shown = escape(nasty, style);
            assert!(
                !shown.chars().any(|c| is_hidden(c) && c != '\n'),
                "{style:?}: {shown:?}"
            );
        }
        assert!(escape(nasty, Style::OneLine).ends_with("y\\u{a}"));
        assert!(escape(nasty, Style::Terminal).ends_with("y\n"));
        let json = serde_json::to_string(&serde_json::json!({ "name": nasty })).unwrap();
        let shown = escape(&json, Style::Json);
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["name"], nasty, "escaped JSON reads back the same");
        assert!(matches!(
            escape("plain — text", Style::Terminal),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn stripping_removes_every_hidden_character_the_issue_names() {
        // Bidirectional-text controls, zero-width and invisible characters,
        // the byte-order mark, the soft hyphen, C0 and C1 controls.
        let mut named: Vec<char> = Vec::new();
        for range in [
            0x202A..=0x202E,
            0x2066..=0x2069,
            0x200B..=0x200F,
            0x2060..=0x2064,
            0xFEFF..=0xFEFF,
            0x00AD..=0x00AD,
            0x0000..=0x001F,
            0x007F..=0x009F,
        ] {
            named.extend(range.filter_map(char::from_u32));
        }
        for c in named {
            let text = format!("KP02{c}10");
            let (clean, what) = strip_hidden(&text);
            assert!(!clean.contains(c), "U+{:04X} kept", u32::from(c));
            assert!(
                clean == "KP0210" || clean == "KP02 10",
                "U+{:04X}: {clean:?}",
                u32::from(c)
            );
            let what = what.unwrap_or_else(|| panic!("U+{:04X} not reported", u32::from(c)));
            assert_eq!(what.count, 1);
            assert!(what.first.starts_with(&format!("U+{:04X} (", u32::from(c))));
        }
    }

    #[test]
    fn stripping_shows_what_is_searched_and_leaves_clean_text_alone() {
        let (clean, what) = strip_hidden("\u{202e}01 20PK");
        assert_eq!(clean, "01 20PK", "not the reversed KP02 10");
        assert_eq!(
            what,
            Some(Stripped {
                count: 1,
                first: "U+202E (a bidirectional-text control)".to_owned()
            })
        );
        let (clean, what) = strip_hidden("\u{2067}N\u{200b}0\u{feff}29\u{2069}\u{ad}");
        assert_eq!(clean, "N029");
        assert_eq!(what.map(|w| w.count), Some(5));
        assert_eq!(strip_hidden("a\r\nb\u{2028}c").0, "a  b c");
        for text in ["", "kp02 10", "ünïcödé 🙂 עברית", "2265 V", "\u{a0}—µ"] {
            let (clean, what) = strip_hidden(text);
            assert!(matches!(clean, Cow::Borrowed(_)), "{text:?}");
            assert_eq!(what, None);
        }
        // Whatever comes in, nothing hidden comes out.
        let nasty = "x\u{1b}]0;T\u{7}\u{202e}\u{2028}\u{200b}\u{e0041}\u{85}\ty\n";
        assert!(!strip_hidden(nasty).0.chars().any(is_hidden));
    }

    #[test]
    fn hidden_strings_are_found_by_path() {
        let v = serde_json::json!({
            "id": "ok",
            "labelers": [{"name": "fine"}, {"name": "bad\u{202e}"}],
            "note": "\u{1b}"
        });
        assert_eq!(
            hidden_in_json(&v),
            [
                (
                    "labelers[1].name".to_owned(),
                    "U+202E (a bidirectional-text control)".to_owned()
                ),
                ("note".to_owned(), "U+001B (a control character)".to_owned()),
            ]
        );
    }
}
