//! Which characters people misread for one another on a debossed tablet.
//!
//! A debossed imprint on a white tablet has no ink: the reader sees shadows.
//! The pairs below are the confusions that licence-plate readers and OCR
//! engines treat as equivalent (Genetec ALPR: 0/O/D/Q, 1/I, 2/Z, 5/S, 8/B,
//! 6/G; OPS-COM adds 3/8/B; Dynamsoft: 0/O, l/1/I, 5/S) and that Pillbox
//! flagged in its users' searches (l/1, O/0). U/V and E/F are added because a
//! worn or shallow deboss loses exactly the stroke that tells them apart.
//! 6/9 is deliberately absent: on baclofen tablets it separates 10 mg from
//! 20 mg (E 6 vs E 9), and the letter beside it shows which way is up.

/// Pairs of characters read for one another. Symmetric; upper case.
pub const LOOKALIKE_PAIRS: &[(u8, u8)] = &[
    (b'0', b'O'),
    (b'0', b'D'),
    (b'0', b'Q'),
    (b'O', b'D'),
    (b'O', b'Q'),
    (b'D', b'Q'),
    (b'1', b'I'),
    (b'1', b'L'),
    (b'I', b'L'),
    (b'2', b'Z'),
    (b'5', b'S'),
    (b'8', b'B'),
    (b'3', b'8'),
    (b'6', b'G'),
    (b'U', b'V'),
    (b'E', b'F'),
];

/// For each ASCII character, a bit mask of its look-alikes among the 128
/// ASCII characters (two words of 64 bits), built once at compile time so
/// the matcher's inner loop is a table look-up.
static LOOKALIKE_MASKS: [[u64; 2]; 128] = {
    let mut masks = [[0u64; 2]; 128];
    let mut i = 0;
    while i < LOOKALIKE_PAIRS.len() {
        let (a, b) = LOOKALIKE_PAIRS[i];
        masks[a as usize][(b / 64) as usize] |= 1 << (b % 64);
        masks[b as usize][(a / 64) as usize] |= 1 << (a % 64);
        i += 1;
    }
    masks
};

/// True when `a` and `b` (upper-case ASCII) are different characters that
/// people misread for one another.
#[inline]
pub fn is_lookalike(a: u8, b: u8) -> bool {
    a < 128 && b < 128 && LOOKALIKE_MASKS[a as usize][(b / 64) as usize] & (1 << (b % 64)) != 0
}

/// A class number per character such that look-alikes always share a class
/// (the connected groups of [`LOOKALIKE_PAIRS`]). The matcher's prefilter
/// counts classes: a typed character whose class is missing from an imprint
/// must cost a full edit.
pub fn class_of(c: u8) -> u8 {
    match c {
        b'0' | b'O' | b'D' | b'Q' => 0,
        b'1' | b'I' | b'L' => 1,
        b'2' | b'Z' => 2,
        b'5' | b'S' => 3,
        b'3' | b'8' | b'B' => 4,
        b'6' | b'G' => 5,
        b'U' | b'V' => 6,
        b'E' | b'F' => 7,
        b'4' => 8,
        b'7' => 9,
        b'9' => 10,
        b'A'..=b'Z' => 11 + (c - b'A'),
        _ => 37,
    }
}

/// Number of distinct values [`class_of`] returns.
pub const CLASS_COUNT: usize = 38;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_share_a_class() {
        for &(a, b) in LOOKALIKE_PAIRS {
            assert!(is_lookalike(a, b) && is_lookalike(b, a));
            assert_eq!(class_of(a), class_of(b), "{} and {}", a as char, b as char);
        }
    }

    #[test]
    fn six_and_nine_are_not_lookalikes() {
        assert!(!is_lookalike(b'6', b'9'));
        assert!(!is_lookalike(b'A', b'A'));
    }

    #[test]
    fn classes_are_in_range() {
        for c in (b'0'..=b'9').chain(b'A'..=b'Z') {
            assert!((class_of(c) as usize) < CLASS_COUNT);
        }
    }
}
