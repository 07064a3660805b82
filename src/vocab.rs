//! The FDA SPL vocabularies for tablet colour and shape, and the everyday
//! words people use for them.
//!
//! Labels describe a tablet with one of 12 SPL colours (SPLCOLOR) and one of
//! 19 SPL shapes (SPLSHAPE). The database stores only these words, and the
//! pickers offer only these words; [`Color::from_word`] and
//! [`Shape::from_word`] also accept the synonyms a caregiver would type
//! ("off-white", "circular", "capsule-shaped").

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! spl_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal {
            $( $variant:ident = ($spl:literal, $code:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(
                #[doc = concat!("SPL ", $kind, " `", $spl, "` (NCI code ", $code, ").")]
                #[serde(rename = $spl)]
                $variant,
            )+
        }

        impl $name {
            /// Every value of the vocabulary, in SPL order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The SPL display name, e.g. `WHITE` or `HEPTAGON (7 SIDES)`.
            pub const fn spl_name(self) -> &'static str {
                match self { $($name::$variant => $spl),+ }
            }

            /// The NCI thesaurus code the SPL uses for this value.
            pub const fn nci_code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The value whose SPL name is exactly `name` (case-insensitive),
            /// without synonyms. Use [`Self::from_word`] for user text.
            pub fn from_spl_name(name: &str) -> Option<$name> {
                let name = name.trim();
                Self::ALL.iter().copied().find(|v| v.spl_name().eq_ignore_ascii_case(name))
            }

            /// The SPL names joined for an error message listing valid words.
            pub fn valid_words() -> String {
                Self::ALL.iter().map(|v| v.spl_name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.spl_name())
            }
        }
    };
}

spl_enum! {
    /// A tablet colour from the FDA SPL colour vocabulary (SPLCOLOR).
    Color, "colour" {
        Black = ("BLACK", "C48323"),
        Gray = ("GRAY", "C48324"),
        White = ("WHITE", "C48325"),
        Red = ("RED", "C48326"),
        Purple = ("PURPLE", "C48327"),
        Pink = ("PINK", "C48328"),
        Green = ("GREEN", "C48329"),
        Yellow = ("YELLOW", "C48330"),
        Orange = ("ORANGE", "C48331"),
        Brown = ("BROWN", "C48332"),
        Blue = ("BLUE", "C48333"),
        Turquoise = ("TURQUOISE", "C48334"),
    }
}

spl_enum! {
    /// A tablet outline seen from above, from the FDA SPL shape vocabulary
    /// (SPLSHAPE).
    Shape, "shape" {
        Bullet = ("BULLET", "C48335"),
        Capsule = ("CAPSULE", "C48336"),
        Clover = ("CLOVER", "C48337"),
        Diamond = ("DIAMOND", "C48338"),
        DoubleCircle = ("DOUBLE CIRCLE", "C48339"),
        Freeform = ("FREEFORM", "C48340"),
        Gear = ("GEAR", "C48341"),
        Heptagon = ("HEPTAGON (7 SIDES)", "C48342"),
        Hexagon = ("HEXAGON (6 SIDES)", "C48343"),
        Octagon = ("OCTAGON (8 SIDES)", "C48344"),
        Oval = ("OVAL", "C48345"),
        Pentagon = ("PENTAGON (5 SIDES)", "C48346"),
        Rectangle = ("RECTANGLE", "C48347"),
        Round = ("ROUND", "C48348"),
        SemiCircle = ("SEMI-CIRCLE", "C48349"),
        Square = ("SQUARE", "C48350"),
        Tear = ("TEAR", "C48351"),
        Trapezoid = ("TRAPEZOID", "C48352"),
        Triangle = ("TRIANGLE", "C48353"),
    }
}

/// Everyday colour words and the SPL colour a label would use for them.
/// Off-white, cream and ivory tablets are labelled WHITE in SPL; tan and beige
/// are labelled BROWN; grey is the British spelling of GRAY.
const COLOR_SYNONYMS: &[(&str, Color)] = &[
    ("OFFWHITE", Color::White),
    ("OFF-WHITE", Color::White),
    ("CREAM", Color::White),
    ("IVORY", Color::White),
    ("GREY", Color::Gray),
    ("SILVER", Color::Gray),
    ("TAN", Color::Brown),
    ("BEIGE", Color::Brown),
    ("VIOLET", Color::Purple),
    ("LAVENDER", Color::Purple),
    ("LILAC", Color::Purple),
    ("PEACH", Color::Orange),
    ("MAROON", Color::Red),
    ("TEAL", Color::Turquoise),
    ("AQUA", Color::Turquoise),
    ("GOLD", Color::Yellow),
];

/// Everyday shape words and the SPL shape a label would use for them.
/// "Circular" and "disc" describe ROUND tablets; "oblong", "caplet" and
/// "capsule-shaped" describe CAPSULE tablets; "elliptical" describes OVAL.
const SHAPE_SYNONYMS: &[(&str, Shape)] = &[
    ("CIRCULAR", Shape::Round),
    ("CIRCLE", Shape::Round),
    ("DISC", Shape::Round),
    ("DISK", Shape::Round),
    ("ELLIPTICAL", Shape::Oval),
    ("ELLIPSE", Shape::Oval),
    ("OVOID", Shape::Oval),
    ("CAPSULE-SHAPED", Shape::Capsule),
    ("CAPSULESHAPED", Shape::Capsule),
    ("OBLONG", Shape::Capsule),
    ("CAPLET", Shape::Capsule),
    ("SEMICIRCLE", Shape::SemiCircle),
    ("SEMI-CIRCULAR", Shape::SemiCircle),
    ("HALF-MOON", Shape::SemiCircle),
    ("HEPTAGON", Shape::Heptagon),
    ("HEXAGON", Shape::Hexagon),
    ("HEXAGONAL", Shape::Hexagon),
    ("OCTAGON", Shape::Octagon),
    ("OCTAGONAL", Shape::Octagon),
    ("PENTAGON", Shape::Pentagon),
    ("PENTAGONAL", Shape::Pentagon),
    ("RECTANGULAR", Shape::Rectangle),
    ("TRIANGULAR", Shape::Triangle),
    ("TEARDROP", Shape::Tear),
    ("DOUBLE-CIRCLE", Shape::DoubleCircle),
];

fn lookup<T: Copy>(word: &str, exact: Option<T>, synonyms: &[(&str, T)]) -> Option<T> {
    exact.or_else(|| {
        synonyms
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, v)| v)
    })
}

impl Color {
    /// The SPL colour for an SPL name or an everyday synonym
    /// (case-insensitive), e.g. `"off-white"` → [`Color::White`].
    pub fn from_word(word: &str) -> Option<Color> {
        let word = word.trim();
        lookup(word, Color::from_spl_name(word), COLOR_SYNONYMS)
    }

    /// A CSS colour for drawing a tablet of this colour.
    pub const fn swatch(self) -> &'static str {
        match self {
            Color::Black => "#222222",
            Color::Gray => "#9a9a9a",
            Color::White => "#fbfbf7",
            Color::Red => "#c8323c",
            Color::Purple => "#7d4aa8",
            Color::Pink => "#f3a6c0",
            Color::Green => "#4d9a57",
            Color::Yellow => "#f2d64b",
            Color::Orange => "#ef8a2f",
            Color::Brown => "#8a5a36",
            Color::Blue => "#3f6fc8",
            Color::Turquoise => "#3bbfb4",
        }
    }
}

impl Shape {
    /// The SPL shape for an SPL name or an everyday synonym
    /// (case-insensitive), e.g. `"circular"` → [`Shape::Round`].
    pub fn from_word(word: &str) -> Option<Shape> {
        let word = word.trim();
        lookup(word, Shape::from_spl_name(word), SHAPE_SYNONYMS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_have_the_spl_sizes() {
        assert_eq!(Color::ALL.len(), 12);
        assert_eq!(Shape::ALL.len(), 19);
    }

    #[test]
    fn words_and_synonyms_resolve() {
        assert_eq!(Color::from_word("white"), Some(Color::White));
        assert_eq!(Color::from_word("Off-White"), Some(Color::White));
        assert_eq!(Color::from_word("grey"), Some(Color::Gray));
        assert_eq!(Shape::from_word("circular"), Some(Shape::Round));
        assert_eq!(Shape::from_word("capsule-shaped"), Some(Shape::Capsule));
        assert_eq!(
            Shape::from_word("heptagon (7 sides)"),
            Some(Shape::Heptagon)
        );
        assert_eq!(Shape::from_word("double circle"), Some(Shape::DoubleCircle));
        assert_eq!(Color::from_word("blurple"), None);
    }

    #[test]
    fn serde_uses_spl_names() {
        assert_eq!(
            serde_json::to_string(&Shape::SemiCircle).unwrap(),
            "\"SEMI-CIRCLE\""
        );
        let c: Color = serde_json::from_str("\"TURQUOISE\"").unwrap();
        assert_eq!(c, Color::Turquoise);
        assert!(serde_json::from_str::<Color>("\"OFF-WHITE\"").is_err());
    }
}
