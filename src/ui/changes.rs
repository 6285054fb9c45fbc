//! How views ask for changes: they never touch the map or the app, they push [`Change`]s
//! (edits, undo groups, actions, entering and leaving presenter mode) into one queue that the
//! app applies once per frame, at its end, in the order they were asked for.

use crate::model::edit::Edit;
use crate::ui::actions::Action;

/// One request from a view.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Apply an edit (undoable).
    Edit(Edit),
    /// A drag started: edits until [`Change::EndGroup`] form one undo step.
    BeginGroup,
    /// The drag ended.
    EndGroup,
    /// Perform an action from the table, as its key or menu item does (the time controls'
    /// buttons, the Differences panel's "Stop comparing").
    Action(Action),
    /// Enter presenter mode at this story step (counting from 0).
    PresentFrom(usize),
    /// Leave presenter mode.
    LeavePresenter,
}

/// The changes views asked for this frame, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes(pub Vec<Change>);

impl Changes {
    /// Ask for an edit.
    pub fn edit(&mut self, edit: Edit) {
        self.0.push(Change::Edit(edit));
    }

    /// A drag started.
    pub fn begin_group(&mut self) {
        self.0.push(Change::BeginGroup);
    }

    /// A drag ended.
    pub fn end_group(&mut self) {
        self.0.push(Change::EndGroup);
    }

    /// Ask for an action, as its key or menu item would.
    pub fn action(&mut self, action: Action) {
        self.0.push(Change::Action(action));
    }

    /// Ask for anything else.
    pub fn push(&mut self, change: Change) {
        self.0.push(change);
    }

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
