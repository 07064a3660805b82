//! What the user has asked, and the only ways it changes.
//!
//! The answer shown on the page is derived from [`State::query`] (see
//! [`super::app`]), so it can never disagree with the input.

use crate::matcher::Query;
use std::rc::Rc;
use yew::Reducible;

/// Everything the page remembers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The query as the user gave it.
    pub query: Query,
}

/// A change the user asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The imprint input now holds this text.
    SetImprint(String),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            // Returning the same Rc tells Yew nothing changed, so nothing
            // re-renders and the answer is not recomputed.
            Action::SetImprint(text) if text == self.query.imprint => self,
            Action::SetImprint(text) => {
                let mut next = (*self).clone();
                next.query.imprint = text;
                Rc::new(next)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_nothing_asked() {
        assert_eq!(State::default().query, Query::default());
    }

    #[test]
    fn typing_replaces_the_imprint() {
        let state = Rc::new(State::default()).reduce(Action::SetImprint("kp0".into()));
        let state = state.reduce(Action::SetImprint("kp02".into()));
        assert_eq!(state.query.imprint, "kp02");
        assert_eq!(state.query.shape, None);
        assert_eq!(state.query.color, None);
    }

    #[test]
    fn the_same_text_again_is_no_change() {
        let state = Rc::new(State::default()).reduce(Action::SetImprint("1285".into()));
        let again = Rc::clone(&state).reduce(Action::SetImprint("1285".into()));
        assert!(Rc::ptr_eq(&state, &again));
    }
}
