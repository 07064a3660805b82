//! Why a file could not be read as an SPL label, and where in the file:
//! [`SplError`], with the line and column (in characters) of the problem.

use std::fmt;

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
    pub(crate) fn new(message: impl Into<String>) -> SplError {
        SplError {
            message: message.into(),
            line: None,
            column: None,
        }
    }

    pub(crate) fn at(message: impl Into<String>, text: &[u8], byte: usize) -> SplError {
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
pub(crate) fn line_column(text: &[u8], byte: usize) -> (usize, usize) {
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
