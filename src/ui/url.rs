//! The search in the page address, so that a link restores it:
//! `?imprint=KP02+10&shape=round&color=white&scored=yes`.
//!
//! Pure functions between a [`State`] and the query string, tested
//! natively; the app reads `location.search` on load and on back/forward,
//! and writes the address with `history.pushState` (see [`super::app`]).
//! Whatever a link carries is only ever used as text or looked up in the
//! SPL vocabularies: an unknown word is reported and ignored, never shown
//! as markup.

use super::state::{Field, Note, State};
use crate::matcher::Query;
use crate::text::strip_hidden;
use crate::vocab::{Color, Shape};

/// Parameter holding the imprint text.
pub const IMPRINT: &str = "imprint";
/// Parameter holding the shape word.
pub const SHAPE: &str = "shape";
/// Parameter holding the colour word (`colour` is read too).
pub const COLOR: &str = "color";
/// Parameter holding the size measured, whole millimetres (`size=9`).
pub const SIZE: &str = "size";

/// The sizes a link or the size box may give, in mm: every tablet is within.
pub const SIZE_RANGE_MM: std::ops::RangeInclusive<u32> = 1..=50;

/// Reads a size in whole millimetres (`9`, ` 11 `, `9 mm`), or `None`.
pub fn parse_size(word: &str) -> Option<u32> {
    let word = word.trim();
    let digits = word.strip_suffix("mm").unwrap_or(word).trim();
    digits
        .parse::<u32>()
        .ok()
        .filter(|mm| SIZE_RANGE_MM.contains(mm))
}

/// Parameter saying whether the tablet is scored: `yes` or `no`.
pub const SCORED: &str = "scored";

/// The word a link uses for a shape: the SPL name in lower case, without
/// the side count, spaces as hyphens (`round`, `double-circle`,
/// `heptagon`).
pub fn shape_word(shape: Shape) -> String {
    let name = shape.spl_name();
    let name = name.split(" (").next().unwrap_or(name);
    name.to_lowercase().replace(' ', "-")
}

/// The word a link uses for a colour: the SPL name in lower case.
pub fn color_word(color: Color) -> String {
    color.spl_name().to_lowercase()
}

/// The query string for a state, `?` included, or an empty string when
/// nothing is asked (the address is then the bare page).
pub fn to_search(state: &State) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    let q = &state.query;
    if !q.imprint.is_empty() {
        out.append_pair(IMPRINT, &q.imprint);
    }
    if let Some(shape) = q.shape {
        out.append_pair(SHAPE, &shape_word(shape));
    }
    if let Some(color) = q.color {
        out.append_pair(COLOR, &color_word(color));
    }
    if let Some(size) = q.size_mm {
        out.append_pair(SIZE, &size.to_string());
    }
    if let Some(scored) = state.scored {
        out.append_pair(SCORED, if scored { "yes" } else { "no" });
    }
    let query = out.finish();
    if query.is_empty() {
        query
    } else {
        format!("?{query}")
    }
}

/// The state a query string describes (with or without its leading `?`).
/// Unknown parameters are ignored; a shape, colour or score word that
/// means nothing is ignored too and explained in [`State::link_notes`].
/// When a parameter appears twice, the first one counts. Hidden characters
/// (bidirectional-text controls, invisible and control characters; see
/// [`crate::text`]) are removed from every value before it is used or
/// quoted, with a note: a link cannot make the box show one imprint while
/// another is searched.
pub fn from_search(search: &str) -> State {
    let search = search.strip_prefix('?').unwrap_or(search);
    let mut imprint: Option<String> = None;
    let mut shape: Option<String> = None;
    let mut color: Option<String> = None;
    let mut scored: Option<String> = None;
    let mut size: Option<String> = None;
    for (key, value) in form_urlencoded::parse(search.as_bytes()) {
        let slot = match key.as_ref() {
            IMPRINT => &mut imprint,
            SHAPE => &mut shape,
            COLOR | "colour" => &mut color,
            SCORED => &mut scored,
            SIZE => &mut size,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    let mut notes = Vec::new();
    let mut clean = |field: Field, value: Option<String>| {
        value.map(|value| match strip_hidden(&value) {
            (_, None) => value,
            (clean, Some(stripped)) => {
                notes.push(Note::LinkHidden(field, stripped));
                clean.into_owned()
            }
        })
    };
    let imprint = clean(Field::Imprint, imprint);
    let shape = clean(Field::Shape, shape);
    let color = clean(Field::Colour, color);
    let scored = clean(Field::ScoreLine, scored);
    let size = clean(Field::Size, size);
    let size_mm = size.and_then(|word| {
        let found = parse_size(&word);
        if found.is_none() && !word.trim().is_empty() {
            notes.push(Note::LinkUnknown(Field::Size, word.clone()));
        }
        found
    });
    let shape = shape.and_then(|word| {
        let found = Shape::from_word(&word.replace('-', " ")).or_else(|| Shape::from_word(&word));
        if found.is_none() && !word.trim().is_empty() {
            notes.push(Note::LinkUnknown(Field::Shape, word.clone()));
        }
        found
    });
    let color = color.and_then(|word| {
        let found = Color::from_word(&word);
        if found.is_none() && !word.trim().is_empty() {
            notes.push(Note::LinkUnknown(Field::Colour, word.clone()));
        }
        found
    });
    let scored = scored.and_then(|word| match word.trim().to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" => Some(true),
        "no" | "false" | "0" => Some(false),
        "" => None,
        _ => {
            notes.push(Note::LinkUnknown(Field::ScoreLine, word.clone()));
            None
        }
    });
    State {
        query: Query {
            imprint: imprint.unwrap_or_default(),
            shape,
            color,
            size_mm,
        },
        scored,
        link_notes: notes,
        typed_notes: Vec::new(),
    }
}

/// True when two query strings describe the same search (`M%20367` and
/// `M+367` do), so that restoring a link never writes a second, identical
/// history entry.
pub fn same_search(a: &str, b: &str) -> bool {
    let (a, b) = (from_search(a), from_search(b));
    a.query == b.query && a.scored == b.scored
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Stripped;

    fn state(imprint: &str, shape: Option<Shape>, color: Option<Color>) -> State {
        State {
            query: Query {
                imprint: imprint.into(),
                shape,
                color,
                size_mm: None,
            },
            ..State::default()
        }
    }

    /// The link's notes, in the words the page shows.
    fn said(s: &State) -> Vec<String> {
        s.link_notes
            .iter()
            .map(crate::wording::input_note)
            .collect()
    }

    #[test]
    fn nothing_asked_is_the_bare_page() {
        assert_eq!(to_search(&State::default()), "");
        assert_eq!(from_search(""), State::default());
        assert_eq!(from_search("?"), State::default());
    }

    #[test]
    fn the_links_in_the_issue_restore_their_searches() {
        assert_eq!(from_search("?imprint=kp02+10").query.imprint, "kp02 10");
        assert_eq!(from_search("?imprint=1286").query.imprint, "1286");
        assert_eq!(from_search("?imprint=M%20367").query.imprint, "M 367");
    }

    #[test]
    fn every_shape_and_colour_survives_a_round_trip() {
        for &shape in Shape::ALL {
            for &color in Color::ALL {
                for scored in [None, Some(true), Some(false)] {
                    let mut s = state("KP02 10", Some(shape), Some(color));
                    s.scored = scored;
                    let search = to_search(&s);
                    assert_eq!(from_search(&search), s, "{search}");
                }
            }
        }
    }

    #[test]
    fn link_words_are_short_and_readable() {
        assert_eq!(shape_word(Shape::Heptagon), "heptagon");
        assert_eq!(shape_word(Shape::DoubleCircle), "double-circle");
        assert_eq!(shape_word(Shape::SemiCircle), "semi-circle");
        assert_eq!(color_word(Color::Turquoise), "turquoise");
        assert_eq!(
            to_search(&state("N 029", Some(Shape::Round), Some(Color::White))),
            "?imprint=N+029&shape=round&color=white"
        );
    }

    #[test]
    fn spl_names_synonyms_and_the_british_spelling_are_read() {
        let s = from_search("shape=HEPTAGON+(7+SIDES)&colour=off-white");
        assert_eq!(s.query.shape, Some(Shape::Heptagon));
        assert_eq!(s.query.color, Some(Color::White));
        assert_eq!(
            from_search("shape=oblong").query.shape,
            Some(Shape::Capsule)
        );
    }

    #[test]
    fn unknown_words_are_ignored_and_explained_as_text() {
        let s = from_search(
            "imprint=1285&shape=%3Cscript%3Ealert(1)%3C/script%3E&color=blurple&scored=maybe",
        );
        assert_eq!(s.query.imprint, "1285");
        assert_eq!(s.query.shape, None);
        assert_eq!(s.query.color, None);
        assert_eq!(s.scored, None);
        assert_eq!(
            s.link_notes,
            [
                Note::LinkUnknown(Field::Shape, "<script>alert(1)</script>".into()),
                Note::LinkUnknown(Field::Colour, "blurple".into()),
                Note::LinkUnknown(Field::ScoreLine, "maybe".into()),
            ]
        );
    }

    #[test]
    fn a_huge_word_is_quoted_short() {
        let word = "x".repeat(10_000);
        let s = from_search(&format!("shape={word}"));
        let note = &said(&s)[0];
        assert!(note.chars().count() < 120, "{note}");
        assert!(note.contains('…'));
    }

    #[test]
    fn markup_and_quotes_in_the_imprint_come_back_unchanged() {
        for text in [
            "<script>window.__pwned=1</script>",
            "<img src=x onerror=\"window.__pwned=1\">",
            "javascript:window.__pwned=1",
            "\"'><svg onload=alert(1)>&amp;#",
            "1285&shape=round",
            "ünïcödé 🙂 עברית",
        ] {
            let s = state(text, None, None);
            assert_eq!(from_search(&to_search(&s)).query.imprint, text);
        }
    }

    #[test]
    fn the_first_of_repeated_parameters_counts_and_others_are_ignored() {
        let s = from_search("utm=1&imprint=N029&imprint=N030&shape=&color=");
        assert_eq!(s.query.imprint, "N029");
        assert_eq!(s.query.shape, None);
        assert!(s.link_notes.is_empty(), "{:?}", s.link_notes);
    }

    #[test]
    fn different_spellings_of_one_search_are_the_same_search() {
        assert!(same_search("?imprint=M%20367", "?imprint=M+367"));
        assert!(same_search(
            "imprint=1285&shape=ROUND",
            "?shape=round&imprint=1285"
        ));
        assert!(!same_search("?imprint=1285", "?imprint=1286"));
        assert!(!same_search("?imprint=1285", "?imprint=1285&scored=yes"));
    }

    #[test]
    fn hidden_characters_in_a_link_are_removed_before_use_and_said() {
        // The red team's link: U+202E made the box show `KP02 10` while
        // `01 20PK` was searched.
        let s = from_search("?imprint=%E2%80%AE01%2020PK");
        assert_eq!(s.query.imprint, "01 20PK");
        assert!(
            matches!(
                s.link_notes.as_slice(),
                [Note::LinkHidden(Field::Imprint, Stripped { count: 1, first })]
                    if first.starts_with("U+202E")
            ),
            "{:?}",
            s.link_notes
        );
        // An unclosed override cannot carry text out of a note's quotes,
        // and a word with an invisible character in it is still read.
        let s = from_search("shape=%E2%80%AEblurple&color=wh%E2%80%8Bite&scored=y%C2%ADes");
        assert_eq!(s.query.color, Some(Color::White));
        assert_eq!(s.scored, Some(true));
        assert_eq!(s.query.shape, None);
        assert!(
            s.link_notes
                .contains(&Note::LinkUnknown(Field::Shape, "blurple".into())),
            "{:?}",
            s.link_notes
        );
        assert!(s
            .link_notes
            .iter()
            .any(|n| matches!(n, Note::LinkHidden(Field::Colour, _))));
        for note in &said(&s) {
            assert!(!note.chars().any(crate::text::is_hidden), "{note:?}");
        }
        // Every character the issue names, in every parameter.
        for c in (0x202A..=0x202E)
            .chain(0x2066..=0x2069)
            .chain(0x200B..=0x200F)
            .chain(0x2060..=0x2064)
            .chain([0xFEFF, 0xAD, 0x00, 0x1B, 0x7F, 0x85, 0x9F])
            .filter_map(char::from_u32)
        {
            let text = format!("1{c}286");
            let search = form_urlencoded::Serializer::new(String::new())
                .append_pair(IMPRINT, &text)
                .append_pair(SHAPE, &text)
                .finish();
            let s = from_search(&search);
            assert_eq!(s.query.imprint, "1286", "U+{:04X}", u32::from(c));
            let notes = said(&s);
            assert!(
                notes.iter().all(|n| !n.contains(c)),
                "U+{:04X}: {notes:?}",
                u32::from(c),
            );
            assert!(
                matches!(s.link_notes[0], Note::LinkHidden(Field::Imprint, _)),
                "U+{:04X}: {:?}",
                u32::from(c),
                s.link_notes
            );
        }
    }

    #[test]
    fn a_size_survives_a_link_and_a_wrong_one_is_said() {
        let mut s = state("4096 TV", None, None);
        s.query.size_mm = Some(9);
        assert_eq!(to_search(&s), "?imprint=4096+TV&size=9");
        assert_eq!(from_search(&to_search(&s)).query, s.query);
        assert_eq!(from_search("size=11+mm").query.size_mm, Some(11));
        let wrong = from_search("imprint=1285&size=huge");
        assert_eq!(wrong.query.size_mm, None);
        assert_eq!(
            wrong.link_notes,
            [Note::LinkUnknown(Field::Size, "huge".into())]
        );
        assert_eq!(from_search("size=0").query.size_mm, None);
        assert_eq!(from_search("size=51").query.size_mm, None);
    }
}
