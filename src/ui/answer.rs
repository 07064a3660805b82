//! The identification on screen, shared with the components that show it.

use crate::matcher::Identification;
use std::ops::Deref;
use std::rc::Rc;

/// One [`Identification`], computed once per query and handed to every
/// component that shows part of it.
///
/// Two answers are equal when they are the same computation: the app keeps
/// the answer in `use_memo`, which returns the same `Rc` until the query
/// changes, so pointer equality is exactly "the query did not change" and
/// costs nothing, where comparing every candidate would cost a walk.
#[derive(Clone, Debug)]
pub struct Answer(Rc<Identification<'static>>);

impl Answer {
    /// Wraps a computed identification.
    pub fn new(id: Rc<Identification<'static>>) -> Answer {
        Answer(id)
    }

    /// True while there is nothing to identify yet: no letters or digits
    /// typed and no shape or colour given. The page then asks for input
    /// instead of saying that nothing matches.
    pub fn is_waiting(&self) -> bool {
        self.0.parsed.text.is_empty() && self.0.shape.is_none() && self.0.color.is_none()
    }
}

impl Deref for Answer {
    type Target = Identification<'static>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl PartialEq for Answer {
    fn eq(&self, other: &Answer) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::{identify, Query};

    #[test]
    fn nothing_typed_is_waiting() {
        assert!(Answer::new(Rc::new(identify(&Query::text("")))).is_waiting());
        assert!(Answer::new(Rc::new(identify(&Query::text(" - ")))).is_waiting());
    }

    #[test]
    fn an_imprint_typed_is_not_waiting() {
        assert!(!Answer::new(Rc::new(identify(&Query::text("M 367")))).is_waiting());
    }

    #[test]
    fn equal_only_to_the_same_computation() {
        let one = Rc::new(identify(&Query::text("1285")));
        let again = Rc::new(identify(&Query::text("1285")));
        assert_eq!(Answer::new(Rc::clone(&one)), Answer::new(Rc::clone(&one)));
        assert_ne!(Answer::new(one), Answer::new(again));
    }
}
