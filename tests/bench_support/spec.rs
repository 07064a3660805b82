//! The embedded workload's queries, read from the matcher's specification
//! table (`CASES` in `tests/matcher_spec.rs`) so that the table stays the
//! one place they are written down.
//!
//! Only rows that name the product which must rank first (`Match`,
//! `Possible`, `First`) are benchmark queries: top-1 accuracy needs a right
//! answer. Rows for ambiguous input and imprints of other drugs are skipped.
//! A row this reader does not understand is an error, never skipped, so
//! the benchmark cannot silently lose queries when the table changes.

use pillid::vocab::{Color, Shape};
use std::collections::HashMap;

/// One benchmark query from the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecQuery {
    /// What is typed.
    pub text: String,
    /// The shape picked, if any.
    pub shape: Option<Shape>,
    /// The colour picked, if any.
    pub colour: Option<Color>,
    /// The SPL imprint of the product that must rank first.
    pub expected: String,
}

/// The queries of the table, and how many rows were skipped for having no
/// single right answer.
#[derive(Debug)]
pub struct Spec {
    /// Rows with a product that must rank first.
    pub queries: Vec<SpecQuery>,
    /// Rows without one (ambiguous input, other drugs, garbage).
    pub skipped: usize,
}

/// Reads the `CASES` table out of the source of `tests/matcher_spec.rs`.
pub fn parse(source: &str) -> Result<Spec, String> {
    let consts = picker_consts(source);
    let start = source
        .find("const CASES")
        .ok_or("no `const CASES` table in tests/matcher_spec.rs")?;
    let body = &source[start..];
    let body = &body[body.find("= &[").ok_or("CASES: no `= &[`")?..];
    let end = body
        .lines()
        .position(|l| l.trim() == "];")
        .ok_or("CASES: no closing `];`")?;
    let mut spec = Spec {
        queries: Vec::new(),
        skipped: 0,
    };
    for line in body.lines().take(end).skip(1) {
        let row = line.trim();
        if row.is_empty() || row.starts_with("//") {
            continue;
        }
        let query = parse_row(row, &consts).map_err(|e| format!("CASES row `{row}`: {e}"))?;
        match query {
            Some(q) => spec.queries.push(q),
            None => spec.skipped += 1,
        }
    }
    if spec.queries.is_empty() {
        return Err("CASES: no rows found".into());
    }
    Ok(spec)
}

/// A picked shape or colour, as the constant the table names.
#[derive(Clone, Copy, Debug)]
enum Picked {
    Shape(Shape),
    Colour(Color),
}

/// The table's constants such as `const ROUND: Option<Shape> =
/// Some(Shape::Round);`, by name.
fn picker_consts(source: &str) -> HashMap<String, Picked> {
    let mut consts = HashMap::new();
    for line in source.lines() {
        let Some(rest) = line.trim().strip_prefix("const ") else {
            continue;
        };
        let Some((name, rest)) = rest.split_once(':') else {
            continue;
        };
        let Some(value) = rest
            .split_once("= Some(")
            .map(|(_, v)| v.trim_end_matches(");"))
        else {
            continue;
        };
        let picked = if let Some(v) = value.strip_prefix("Shape::") {
            Shape::ALL
                .iter()
                .find(|s| format!("{s:?}") == v)
                .map(|&s| Picked::Shape(s))
        } else if let Some(v) = value.strip_prefix("Color::") {
            Color::ALL
                .iter()
                .find(|c| format!("{c:?}") == v)
                .map(|&c| Picked::Colour(c))
        } else {
            None
        };
        if let Some(p) = picked {
            consts.insert(name.trim().to_owned(), p);
        }
    }
    consts
}

/// One row: `("text", SHAPE, COLOUR, Expectation),`. `None` for a row
/// without a product that must rank first.
fn parse_row(row: &str, consts: &HashMap<String, Picked>) -> Result<Option<SpecQuery>, String> {
    let rest = row.strip_prefix('(').ok_or("does not start with `(`")?;
    let (text, rest) = string_literal(rest)?;
    let rest = rest.strip_prefix(", ").ok_or("no `, ` after the text")?;
    let (shape_name, rest) = rest.split_once(", ").ok_or("no shape")?;
    let (colour_name, rest) = rest.split_once(", ").ok_or("no colour")?;
    let shape = match shape_name {
        "None" => None,
        name => match consts.get(name) {
            Some(Picked::Shape(s)) => Some(*s),
            _ => return Err(format!("`{name}` is not a shape constant")),
        },
    };
    let colour = match colour_name {
        "None" => None,
        name => match consts.get(name) {
            Some(Picked::Colour(c)) => Some(*c),
            _ => return Err(format!("`{name}` is not a colour constant")),
        },
    };
    let expect = rest.strip_suffix("),").ok_or("does not end with `),`")?;
    for kind in ["Match(", "Possible(", "First("] {
        if let Some(arg) = expect.strip_prefix(kind) {
            let (expected, after) = string_literal(arg)?;
            if after != ")" {
                return Err(format!("unexpected `{after}` after the imprint"));
            }
            return Ok(Some(SpecQuery {
                text,
                shape,
                colour,
                expected,
            }));
        }
    }
    if expect == "NoMatch"
        || expect == "OtherMedicine"
        || expect == "NotBaclofen"
        || expect.starts_with("Ambiguous(")
        || expect.starts_with("Listed(")
    {
        return Ok(None);
    }
    Err(format!("unknown expectation `{expect}`"))
}

/// A Rust string literal at the start of `s`: its value and what follows.
fn string_literal(s: &str) -> Result<(String, &str), String> {
    let mut chars = s
        .strip_prefix('"')
        .ok_or("expected a string")?
        .char_indices();
    let mut value = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &s[i + 2..])),
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('n') => value.push('\n'),
                Some('t') => value.push('\t'),
                Some('0') => value.push('\0'),
                Some(e @ ('\\' | '"' | '\'')) => value.push(e),
                Some('u') => {
                    let rest: String = chars
                        .by_ref()
                        .map(|(_, c)| c)
                        .take_while(|&c| c != '}')
                        .collect();
                    let hex = rest.strip_prefix('{').ok_or("bad \\u escape")?;
                    let code = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                    value.push(char::from_u32(code).ok_or("bad \\u escape")?);
                }
                other => return Err(format!("unsupported escape \\{other:?}")),
            },
            c => value.push(c),
        }
    }
    Err("unterminated string".into())
}
