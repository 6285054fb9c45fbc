//! The one text field every form uses: what is typed is a draft until the user is done with
//! the field, and then it reaches the map as one undo step.
//!
//! A field is done when it loses the keyboard: a click elsewhere, Tab, Enter in a one-line
//! field, or a shortcut such as Ctrl+S (the app takes the keyboard away first). Escape means
//! the same everywhere: leave the field and put back what it had before typing.
//!
//! A field can also go away while it has the keyboard: "Done" closes its card, another power
//! or date is chosen, its window is closed, the presenter starts. egui then drops the focus
//! without the field ever seeing it go, and its text would be lost. So while a field holds a
//! draft it leaves, in egui's memory, how to turn that draft into an edit; at the end of every
//! frame the app asks [`take_vanished`] for the drafts of fields that were not drawn in it and
//! applies them. Nothing typed is lost by closing what it was typed in.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::{Id, Key, Response, TextEdit, Ui};

use crate::model::StanceMap;
use crate::model::edit::Edit;

/// How to turn a field's text into an edit of the map as it is then, or say why it cannot be.
pub type CommitFn = Arc<dyn Fn(&StanceMap, &str) -> Result<Edit, String> + Send + Sync>;

/// Text typed into a field and not committed yet.
#[derive(Clone, Debug, PartialEq)]
struct Draft {
    text: String,
    /// What the map had in the field when the typing began. A draft whose field now shows
    /// something else belongs to another item (a step moved, an event re-sorted, an undo, a
    /// map opened) and is dropped, never shown or committed there.
    base: String,
    /// Kept on show after the field lost focus, because it was refused (an invalid date): the
    /// user sees what they typed and why it was not taken.
    refused: bool,
}

/// A field holding a draft while it has the keyboard.
#[derive(Clone)]
struct Live {
    /// The last pass the field was drawn in.
    pass: u64,
    text: String,
    base: String,
    commit: CommitFn,
}

/// Every field holding a draft while it has the keyboard, and every field whose text was
/// refused, by id.
#[derive(Clone, Default)]
struct Registry {
    live: HashMap<Id, Live>,
    refused: HashSet<Id>,
}

fn registry_id() -> Id {
    Id::unique("stance-map text drafts")
}

fn draft_id(id: Id) -> Id {
    id.with("draft")
}

/// How a field is laid out.
#[derive(Clone, Copy, Debug)]
pub enum Lines {
    /// One line this wide, in points (`f32::INFINITY`: as wide as there is room).
    One(f32),
    /// Several lines, this many tall, as wide as there is room.
    Many(usize),
}

/// A text field whose text reaches the map when the user is done with it (see the module).
pub struct DraftField<'a> {
    id: Id,
    current: &'a str,
    lines: Lines,
    hint: &'a str,
    max_chars: usize,
}

/// The most characters a field takes unless told otherwise: the longest text a map may hold
/// in a field (a quote, a reasoning), so a paste cannot make a map that will not open.
pub const MAX_FIELD_CHARS: usize = crate::model::MAX_TEXT_CHARS;

/// The most characters a name, title, author or locator field takes.
pub const MAX_NAME_FIELD_CHARS: usize = crate::model::MAX_NAME_CHARS;

impl<'a> DraftField<'a> {
    /// A field with this id showing `current`, the map's value.
    pub fn new(id: Id, current: &'a str, lines: Lines) -> Self {
        Self {
            id,
            current,
            lines,
            hint: "",
            // One line holds a name, a title or a locator; several, a quote or a reasoning.
            max_chars: match lines {
                Lines::One(_) => MAX_NAME_FIELD_CHARS,
                Lines::Many(_) => MAX_FIELD_CHARS,
            },
        }
    }

    /// The most characters the field takes.
    #[must_use]
    pub fn max_chars(mut self, max_chars: usize) -> Self {
        self.max_chars = max_chars;
        self
    }

    /// Grey text shown while the field is empty.
    #[must_use]
    pub fn hint(mut self, hint: &'a str) -> Self {
        self.hint = hint;
        self
    }

    /// Draw the field. Returns its response and, once, the new text when the user is done
    /// with the field and it differs from `current`. `commit` turns the draft into an edit in
    /// case the field goes away while it has the keyboard (see the module).
    pub fn show(
        self,
        ui: &mut Ui,
        commit: impl FnOnce() -> CommitFn,
    ) -> (Response, Option<String>) {
        let Self {
            id,
            current,
            lines,
            hint,
            max_chars,
        } = self;
        let ctx = ui.ctx().clone();
        let mut stored: Option<Draft> = ctx.data(|d| d.get_temp(draft_id(id)));
        if stored.as_ref().is_some_and(|d| d.base != current) {
            // Typed over another item's text: it is not this field's.
            forget(&ctx, id);
            stored = None;
        }
        let mut text = stored
            .as_ref()
            .map_or_else(|| current.to_owned(), |d| d.text.clone());
        let edit = match lines {
            Lines::One(width) => TextEdit::singleline(&mut text).desired_width(width),
            Lines::Many(rows) => TextEdit::multiline(&mut text)
                .desired_rows(rows)
                .desired_width(f32::INFINITY),
        };
        let response = ui.add(edit.id(id).hint_text(hint).char_limit(max_chars));
        if response.lost_focus() {
            forget(&ctx, id);
            let escaped = ctx.input(|i| i.key_pressed(Key::Escape));
            return (response, (!escaped && text != current).then_some(text));
        }
        // Not `response.has_focus()`: that is false while another program has the window's
        // focus, and switching programs must neither commit nor drop the draft.
        if ctx.memory(|m| m.has_focus(id)) {
            let pass = ctx.cumulative_pass_nr();
            ctx.data_mut(|d| {
                let registry = d.get_temp_mut_or_default::<Registry>(registry_id());
                registry.refused.remove(&id);
                if text == current {
                    registry.live.remove(&id);
                } else {
                    let commit = match registry.live.remove(&id) {
                        Some(old) => old.commit,
                        None => commit(),
                    };
                    registry.live.insert(
                        id,
                        Live {
                            pass,
                            text: text.clone(),
                            base: current.to_owned(),
                            commit,
                        },
                    );
                }
                d.insert_temp(
                    draft_id(id),
                    Draft {
                        text,
                        base: current.to_owned(),
                        refused: false,
                    },
                );
            });
        } else if stored.is_some_and(|d| !d.refused) {
            forget(&ctx, id);
        }
        (response, None)
    }
}

/// Drop a field's draft, and its place among the live and refused ones.
fn forget(ctx: &egui::Context, id: Id) {
    ctx.data_mut(|d| {
        d.remove::<Draft>(draft_id(id));
        let registry = d.get_temp_mut_or_default::<Registry>(registry_id());
        registry.live.remove(&id);
        registry.refused.remove(&id);
    });
}

/// Keep showing `text` in the field after it lost focus, because it was refused; the caller
/// says why next to it (see [`refused`]). `base` is what the map had in the field.
pub fn refuse(ctx: &egui::Context, id: Id, text: String, base: &str) {
    ctx.data_mut(|d| {
        d.insert_temp(
            draft_id(id),
            Draft {
                text,
                base: base.to_owned(),
                refused: true,
            },
        );
        d.get_temp_mut_or_default::<Registry>(registry_id())
            .refused
            .insert(id);
    });
}

/// The text a field holds that was refused, if any.
pub fn refused(ctx: &egui::Context, id: Id) -> Option<String> {
    ctx.data(|d| d.get_temp::<Draft>(draft_id(id)))
        .filter(|d| d.refused)
        .map(|d| d.text)
}

/// Forget every draft, refused ones included (the fields they belonged to moved).
pub fn forget_all(ctx: &egui::Context, ids: impl IntoIterator<Item = Id>) {
    for id in ids {
        forget(ctx, id);
    }
}

/// The refused texts still waiting in their fields (each cut to 200 characters): typed work
/// that is not in the map. The app counts them as unsaved work.
pub fn waiting(ctx: &egui::Context) -> Vec<String> {
    let ids: Vec<Id> = ctx
        .data(|d| d.get_temp::<Registry>(registry_id()))
        .map(|r| r.refused.into_iter().collect())
        .unwrap_or_default();
    ids.into_iter()
        .filter_map(|id| ctx.data(|d| d.get_temp::<Draft>(draft_id(id))))
        .filter(|d| d.refused)
        .map(|d| shorten(&d.text))
        .collect()
}

/// The drafts of fields that held typed text but were not drawn in this pass (their card was
/// closed, their window shut, another power chosen…), as edits of `map`; or, for a draft that
/// cannot be taken as it is (an invalid date), why not. Call once at the end of each frame,
/// after every view has drawn. A refused draft stays in its field, to be shown when the field
/// is back.
pub fn take_vanished(ctx: &egui::Context, map: &StanceMap) -> Vec<Result<Edit, String>> {
    let pass = ctx.cumulative_pass_nr();
    let gone: Vec<(Id, Live)> = ctx.data_mut(|d| {
        let registry = d.get_temp_mut_or_default::<Registry>(registry_id());
        let ids: Vec<Id> = registry
            .live
            .iter()
            .filter(|(_, l)| l.pass < pass)
            .map(|(id, _)| *id)
            .collect();
        ids.into_iter()
            .filter_map(|id| registry.live.remove(&id).map(|l| (id, l)))
            .collect()
    });
    gone.into_iter()
        .map(|(id, live)| {
            let result = (live.commit)(map, &live.text);
            match &result {
                Ok(_) => forget(ctx, id),
                Err(_) => refuse(ctx, id, live.text.clone(), &live.base),
            }
            result.map_err(|reason| format!("{reason}. You had typed: \"{}\"", shorten(&live.text)))
        })
        .collect()
}

/// At most 200 characters of `text`, for a message.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
