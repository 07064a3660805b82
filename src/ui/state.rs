//! What the user has asked, and the only ways it changes.
//!
//! The answer shown on the page is derived from [`State::query`] (see
//! [`super::app`]), so it can never disagree with the input. The reducer is
//! pure: writing the address bar and listening to the browser's history
//! happen in the app, never here.

use crate::matcher::Query;
use crate::text::{strip_hidden, Stripped};
use crate::vocab::{Color, Shape};
use std::rc::Rc;
use yew::Reducible;

/// Everything the page remembers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The query as the user gave it: imprint text, shape, colour.
    pub query: Query,
    /// Whether the tablet has a score line: `Some(true)` scored,
    /// `Some(false)` plain, `None` not said. The matcher does not use it;
    /// the cards only point out a disagreement with the database.
    pub scored: Option<bool>,
    /// Problems with the link the page was opened with (an unknown shape
    /// word, hidden characters removed). Shown until the user changes the
    /// search.
    pub link_notes: Vec<Note>,
    /// Said when hidden characters were removed from what was typed or
    /// pasted into the imprint box. Shown until the box is emptied or the
    /// search is cleared or restored.
    pub typed_notes: Vec<Note>,
}

impl State {
    /// Every note to show beside the answer: the link's, then the typed
    /// text's.
    pub fn notes(&self) -> Vec<Note> {
        self.link_notes
            .iter()
            .chain(&self.typed_notes)
            .cloned()
            .collect()
    }
}

/// A part of the search a link can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The imprint text.
    Imprint,
    /// The shape word.
    Shape,
    /// The colour word.
    Colour,
    /// Whether the tablet is scored.
    ScoreLine,
    /// The size in millimetres.
    Size,
}

/// Something the page tells the user about their input, beside the answer
/// (words: [`crate::wording::input_note`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Hidden characters (see [`crate::text`]) were removed from a part of
    /// the link before it was used.
    LinkHidden(Field, Stripped),
    /// A part of the link means nothing to pillid and was ignored; `word`
    /// is what the link said (hidden characters already removed).
    LinkUnknown(Field, String),
    /// Hidden characters were removed from what was typed or pasted into
    /// the imprint box.
    TypedHidden(Stripped),
}

impl Note {
    /// True when the address bar should be rewritten without what this
    /// note says was removed, so that copying it does not carry it on.
    pub fn changed_the_link(&self) -> bool {
        matches!(self, Note::LinkHidden(..))
    }
}

/// A change the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The imprint input now holds this text (hidden characters are
    /// removed from it, with a note).
    SetImprint(String),
    /// A shape was picked, or "any shape" (`None`).
    SetShape(Option<Shape>),
    /// A colour was picked, or "any colour" (`None`).
    SetColor(Option<Color>),
    /// The score line was said to be there, not there, or not known.
    SetScored(Option<bool>),
    /// A size was measured (mm), or the size box was emptied (`None`).
    SetSize(Option<u32>),
    /// Start again with nothing asked.
    Clear,
    /// Show the search a link describes (page load, back and forward).
    Restore(State),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        // Any change the user makes retires the notes about the link.
        match action {
            Action::SetImprint(text) => {
                let (clean, stripped) = strip_hidden(&text);
                next.query.imprint = clean.into_owned();
                next.link_notes.clear();
                if let Some(stripped) = stripped {
                    next.typed_notes = vec![Note::TypedHidden(stripped)];
                } else if next.query.imprint.is_empty() {
                    next.typed_notes.clear();
                }
            }
            Action::SetShape(shape) => {
                next.query.shape = shape;
                next.link_notes.clear();
            }
            Action::SetColor(color) => {
                next.query.color = color;
                next.link_notes.clear();
            }
            Action::SetScored(scored) => {
                next.scored = scored;
                next.link_notes.clear();
            }
            Action::SetSize(size) => {
                next.query.size_mm = size;
                next.link_notes.clear();
            }
            Action::Clear => next = State::default(),
            Action::Restore(restored) => next = restored,
        }
        // Returning the same Rc tells Yew nothing changed, so nothing
        // re-renders and the answer is not recomputed.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions
            .into_iter()
            .fold(Rc::new(State::default()), |s, a| s.reduce(a))
    }

    #[test]
    fn typing_replaces_the_imprint() {
        let state = after([
            Action::SetImprint("kp0".into()),
            Action::SetImprint("kp02".into()),
        ]);
        assert_eq!(state.query.imprint, "kp02");
        assert_eq!(state.query.shape, None);
        assert_eq!(state.query.color, None);
    }

    #[test]
    fn the_same_text_again_is_no_change() {
        let state = after([Action::SetImprint("1285".into())]);
        let again = Rc::clone(&state).reduce(Action::SetImprint("1285".into()));
        assert!(Rc::ptr_eq(&state, &again));
    }

    #[test]
    fn pickers_set_and_unset_shape_colour_and_score() {
        let state = after([
            Action::SetImprint("226".into()),
            Action::SetShape(Some(Shape::Capsule)),
            Action::SetColor(Some(Color::White)),
            Action::SetScored(Some(true)),
        ]);
        assert_eq!(state.query.shape, Some(Shape::Capsule));
        assert_eq!(state.query.color, Some(Color::White));
        assert_eq!(state.scored, Some(true));
        assert_eq!(state.query.imprint, "226", "the text stays");
        let state = state.reduce(Action::SetShape(None));
        assert_eq!(state.query.shape, None);
        assert_eq!(state.query.color, Some(Color::White));
    }

    #[test]
    fn clear_forgets_everything() {
        let state = after([
            Action::SetImprint("N029".into()),
            Action::SetShape(Some(Shape::Round)),
            Action::SetScored(Some(false)),
            Action::Clear,
        ]);
        assert_eq!(*state, State::default());
    }

    #[test]
    fn restore_replaces_the_whole_state_and_user_changes_retire_link_notes() {
        let linked = State {
            query: Query::text("1286"),
            scored: None,
            link_notes: vec![Note::LinkUnknown(Field::Shape, "blob".into())],
            typed_notes: Vec::new(),
        };
        let state = after([
            Action::SetImprint("x".into()),
            Action::Restore(linked.clone()),
        ]);
        assert_eq!(*state, linked);
        let state = state.reduce(Action::SetColor(Some(Color::White)));
        assert!(state.link_notes.is_empty());
        assert_eq!(state.query.imprint, "1286");
    }

    #[test]
    fn hidden_characters_typed_are_removed_and_said() {
        let state = after([Action::SetImprint("\u{202e}01 20PK".into())]);
        assert_eq!(state.query.imprint, "01 20PK");
        assert_eq!(
            state.notes(),
            [Note::TypedHidden(Stripped {
                count: 1,
                first: "U+202E (a bidirectional-text control)".into()
            })]
        );
        // Typing on keeps the note; emptying the box or clearing retires it.
        let state = state.reduce(Action::SetImprint("01 20PK1".into()));
        assert_eq!(state.typed_notes.len(), 1);
        assert!(Rc::clone(&state)
            .reduce(Action::SetImprint(String::new()))
            .notes()
            .is_empty());
        assert!(state.reduce(Action::Clear).notes().is_empty());
        let state = after([Action::SetImprint("N\u{200b}0\u{200d}29\u{ad}".into())]);
        assert_eq!(state.query.imprint, "N029");
        assert!(matches!(
            &state.notes()[..],
            [Note::TypedHidden(Stripped { count: 3, first })] if first.starts_with("U+200B")
        ));
        // Clean text costs no note.
        assert!(after([Action::SetImprint("kp02 10".into())])
            .notes()
            .is_empty());
    }
}
