//! How views ask for changes to the map: they never touch it, they push [`Change`]s that the
//! app applies at the end of the frame through the undo history.

use crate::model::edit::Edit;

/// One request from a view.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Apply an edit (undoable).
    Edit(Edit),
    /// A drag started: edits until [`Change::EndGroup`] form one undo step.
    BeginGroup,
    /// The drag ended.
    EndGroup,
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

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
