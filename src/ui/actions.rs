//! One table of the actions a person can take: each has its label, tooltip and shortcut, and
//! the menus, keyboard handling and shortcut list are all built from it, so they cannot disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

/// Something the user can do from a menu or a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Start a new map: subject, powers and first dates.
    NewMap,
    /// Open a map file.
    Open,
    /// Open the article's map that ships with the app.
    OpenArticleMap,
    /// Overlay a second map to compare with the open one.
    CompareWith,
    /// Remove the overlaid second map.
    StopComparing,
    /// Read a measured series from a CSV file into the map as an indicator.
    ImportIndicator,
    /// Save a copy of the map for students to judge (File › Make exercise…).
    MakeExercise,
    /// Save to the current file.
    Save,
    /// Save to a new file.
    SaveAs,
    /// Record the current view (date, power, story step, indicators) in the map and save it:
    /// the map, and its web page, open there.
    SaveView,
    /// Take the saved view out of the map: it opens at the usual place again.
    ClearSavedView,
    /// Quit the app.
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Add a keyframe for the selected power at the current date.
    AddKeyframe,
    /// Delete the selected keyframe.
    DeleteKeyframe,
    /// Edit the map's title, powers and events.
    EditMap,
    /// Copy a picture of the compass (the slide, when presenting) to the clipboard.
    CopyImage,
    /// Start or stop playback.
    PlayPause,
    /// Jump to the previous keyframe or event.
    PreviousStop,
    /// Jump to the next keyframe or event.
    NextStop,
    /// Jump to the start of the map.
    GoToStart,
    /// Jump to the end of the map.
    GoToEnd,
    /// Show or hide the powers panel.
    TogglePowersPanel,
    /// Show or hide the evidence panel.
    ToggleEvidencePanel,
    /// Show or hide the timeline.
    ToggleTimeline,
    /// Show or hide the article's text.
    ToggleSourcePanel,
    /// Open the find bar over the article's text (and the text, if it is hidden).
    FindInArticle,
    /// Show or hide the list of spans where judged lines and measured indicators part.
    ToggleDivergencesPanel,
    /// Show or hide the class panel: the agreement of a class of readings.
    ToggleClassPanel,
    /// Switch between light and dark.
    ToggleTheme,
    /// Make everything bigger.
    ZoomIn,
    /// Make everything smaller.
    ZoomOut,
    /// Back to 100 %.
    ZoomReset,
    /// Present the map's story full screen.
    Present,
    /// Show the first-run card again: the scale, the arrows, the band, the evidence.
    GettingStarted,
    /// List the keyboard shortcuts.
    ShowShortcuts,
    /// Show how to use the app (the README's "Using it").
    ShowGuide,
    /// About stance-map.
    About,
}

const fn key(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

const fn command(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn command_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

impl Action {
    /// Every action, in the order the shortcut list shows them.
    pub const ALL: [Self; 39] = [
        Self::NewMap,
        Self::Open,
        Self::OpenArticleMap,
        Self::CompareWith,
        Self::StopComparing,
        Self::Save,
        Self::SaveAs,
        Self::SaveView,
        Self::ClearSavedView,
        Self::ImportIndicator,
        Self::MakeExercise,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::AddKeyframe,
        Self::DeleteKeyframe,
        Self::EditMap,
        Self::CopyImage,
        Self::PlayPause,
        Self::PreviousStop,
        Self::NextStop,
        Self::GoToStart,
        Self::GoToEnd,
        Self::TogglePowersPanel,
        Self::ToggleEvidencePanel,
        Self::ToggleTimeline,
        Self::ToggleSourcePanel,
        Self::FindInArticle,
        Self::ToggleDivergencesPanel,
        Self::ToggleClassPanel,
        Self::ToggleTheme,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::Present,
        Self::GettingStarted,
        Self::ShowShortcuts,
        Self::ShowGuide,
        Self::About,
    ];

    /// The words on the menu item, in sentence case; "…" where a dialog follows.
    pub fn label(self) -> &'static str {
        match self {
            Self::NewMap => "New map…",
            Self::Open => "Open…",
            Self::OpenArticleMap => "Open the article's map",
            Self::CompareWith => "Compare with…",
            Self::StopComparing => "Stop comparing",
            Self::ImportIndicator => "Import indicator…",
            Self::MakeExercise => "Make exercise…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::SaveView => "Save view with map",
            Self::ClearSavedView => "Clear saved view",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::AddKeyframe => "Add keyframe here",
            Self::DeleteKeyframe => "Delete keyframe",
            Self::EditMap => "Edit map…",
            Self::CopyImage => "Copy view as image",
            Self::PlayPause => "Play / pause",
            Self::PreviousStop => "Previous keyframe or event",
            Self::NextStop => "Next keyframe or event",
            Self::GoToStart => "Go to start",
            Self::GoToEnd => "Go to end",
            Self::TogglePowersPanel => "Powers panel",
            Self::ToggleEvidencePanel => "Evidence panel",
            Self::ToggleTimeline => "Timeline",
            Self::ToggleSourcePanel => "Article text",
            Self::FindInArticle => "Find in article…",
            Self::ToggleDivergencesPanel => "Judgement and data",
            Self::ToggleClassPanel => "Class panel",
            Self::ToggleTheme => "Dark theme",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Reset zoom",
            Self::Present => "Present",
            Self::GettingStarted => "Getting started",
            Self::ShowShortcuts => "Keyboard shortcuts",
            Self::ShowGuide => "Guide",
            Self::About => "About stance-map",
        }
    }

    /// What the action does, shown on hover.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewMap => {
                "Start a map of another country: name the subject, the powers and the first \
                 and last dates"
            }
            Self::Open => "Open a map file (.ron)",
            Self::OpenArticleMap => {
                "Open the map of Serbia built from the article, as shipped with stance-map"
            }
            Self::CompareWith => "Overlay a second map to see where two readings differ",
            Self::StopComparing => "Remove the second map and its differences",
            Self::ImportIndicator => {
                "Add a measured series (a date and a value a row) from a CSV file saved from a \
                 spreadsheet, drawn beside a power's judged line"
            }
            Self::MakeExercise => {
                "Save a copy for students: the evidence stays, your judgements are taken out and \
                 every keyframe is marked \"not yet judged\" for them to judge"
            }
            Self::Save => "Save the map to its file",
            Self::SaveAs => "Save the map to a new file",
            Self::SaveView => {
                "Save the map with what you see now: the date, the selected power, the story \
                 step and the measured series shown. Whoever opens the map (or its web page) \
                 starts there."
            }
            Self::ClearSavedView => {
                "Take the saved view out of the map: once saved, the map (and its web page) \
                 opens at the usual place again"
            }
            Self::Quit => "Close stance-map",
            Self::Undo => "Take back the last change",
            Self::Redo => "Make the change you took back again",
            Self::AddKeyframe => {
                "Add a keyframe for the selected power at the current date, with its current value"
            }
            Self::DeleteKeyframe => "Delete the keyframe selected on the timeline",
            Self::EditMap => {
                "Edit the map's title, subject, analyst, description, powers, events and sources"
            }
            Self::CopyImage => {
                "Copy a picture of the compass as it is now (the slide, when presenting), to paste into slides or a document"
            }
            Self::PlayPause => "Animate the date through the map's years, or stop",
            Self::PreviousStop => "Jump back to the previous keyframe or event",
            Self::NextStop => "Jump ahead to the next keyframe or event",
            Self::GoToStart => "Jump to the first date of the map",
            Self::GoToEnd => "Jump to the last date of the map",
            Self::TogglePowersPanel => "Show or hide the list of powers on the left",
            Self::ToggleEvidencePanel => "Show or hide the evidence for the selected power",
            Self::ToggleTimeline => "Show or hide the timeline of every power",
            Self::ToggleSourcePanel => "Show or hide the article's text",
            Self::FindInArticle => {
                "Find words in the article's text: every match is marked, Enter goes to the next"
            }
            Self::ToggleDivergencesPanel => {
                "Show or hide the list of spans where a judged line and a measured indicator move in opposite directions"
            }
            Self::ToggleClassPanel => {
                "Show or hide how far a class of readings agrees: the agreement figures, the \
                 keyframes where the readers disagree most, the readings furthest from yours"
            }
            Self::ToggleTheme => "Switch between the light and the dark theme",
            Self::ZoomIn => "Make text and controls bigger",
            Self::ZoomOut => "Make text and controls smaller",
            Self::ZoomReset => "Show text and controls at 100 %",
            Self::Present => "Show the map's story full screen, step by step (Esc leaves)",
            Self::GettingStarted => {
                "What the compass's scale, arrows and bands mean, and where the evidence is"
            }
            Self::ShowShortcuts => "List every keyboard shortcut",
            Self::ShowGuide => "How to use stance-map: time, evidence, editing, presenting, files",
            Self::About => "What stance-map is and where its map comes from",
        }
    }

    /// The keyboard shortcut, if the action has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        Some(match self {
            Self::NewMap => command(Key::N),
            Self::Open => command(Key::O),
            Self::Save => command(Key::S),
            Self::SaveAs => command_shift(Key::S),
            Self::Quit => command(Key::Q),
            Self::Undo => command(Key::Z),
            Self::Redo => command_shift(Key::Z),
            Self::AddKeyframe => key(Key::K),
            Self::DeleteKeyframe => key(Key::Delete),
            Self::EditMap => command(Key::E),
            Self::FindInArticle => command(Key::F),
            Self::CopyImage => command_shift(Key::C),
            Self::PlayPause => key(Key::Space),
            Self::PreviousStop => key(Key::ArrowLeft),
            Self::NextStop => key(Key::ArrowRight),
            Self::GoToStart => key(Key::Home),
            Self::GoToEnd => key(Key::End),
            Self::ToggleTheme => command_shift(Key::D),
            Self::ZoomIn => command(Key::Plus),
            Self::ZoomOut => command(Key::Minus),
            Self::ZoomReset => command(Key::Num0),
            Self::Present => key(Key::F5),
            Self::ShowShortcuts => key(Key::F1),
            Self::OpenArticleMap
            | Self::CompareWith
            | Self::StopComparing
            | Self::ImportIndicator
            | Self::SaveView
            | Self::ClearSavedView
            | Self::MakeExercise
            | Self::TogglePowersPanel
            | Self::ToggleEvidencePanel
            | Self::ToggleTimeline
            | Self::ToggleSourcePanel
            | Self::ToggleDivergencesPanel
            | Self::ToggleClassPanel
            | Self::ShowGuide
            | Self::GettingStarted
            | Self::About => return None,
        })
    }

    /// A second shortcut, where people expect two (Ctrl+Y redoes too).
    pub fn alternative_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(command(Key::Y)),
            _ => None,
        }
    }

    /// Whether the shortcut is a bare key that a text field would also want.
    fn is_bare_key(self) -> bool {
        self.shortcut().is_some_and(|s| s.modifiers.is_none())
    }

    /// A menu item for the action, with its shortcut and tooltip; true when clicked.
    pub fn menu_button(self, ui: &mut egui::Ui) -> bool {
        let mut button = egui::Button::new(self.label());
        if let Some(shortcut) = self.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        ui.add(button).on_hover_text(self.tooltip()).clicked()
    }

    /// A checkable menu item for an on/off action; true when clicked.
    pub fn menu_checkbox(self, ui: &mut egui::Ui, checked: bool) -> bool {
        let mut value = checked;
        ui.checkbox(&mut value, self.label())
            .on_hover_text(self.tooltip())
            .clicked()
    }

    /// The actions whose shortcuts were pressed this frame (consuming the key presses).
    /// Bare keys (Space, arrows) are left alone while a text field has the keyboard.
    pub fn pressed(ctx: &egui::Context) -> Vec<Self> {
        let typing = ctx.egui_wants_keyboard_input();
        // Ctrl+Shift+Z must not be taken for Ctrl+Z: try shortcuts with more modifiers first.
        let mut candidates: Vec<Self> = Self::ALL
            .into_iter()
            .filter(|a| !(typing && a.is_bare_key()))
            .collect();
        candidates.sort_by_key(|a| {
            std::cmp::Reverse(a.shortcut().map_or(0, |s| {
                u8::from(s.modifiers.shift)
                    + u8::from(s.modifiers.alt)
                    + u8::from(s.modifiers.command)
            }))
        });
        ctx.input_mut(|input| {
            candidates
                .into_iter()
                .filter(|a| {
                    // Consume both shortcuts, so neither is left for a widget to see.
                    let main = a.shortcut().is_some_and(|s| input.consume_shortcut(&s));
                    let alternative = a
                        .alternative_shortcut()
                        .is_some_and(|s| input.consume_shortcut(&s));
                    main || alternative
                })
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_shortcut() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            if let Some(s) = action.shortcut() {
                assert!(
                    seen.insert((s.modifiers.command, s.modifiers.shift, s.logical_key)),
                    "{action:?}"
                );
            }
        }
    }

    #[test]
    fn every_action_is_listed_once_with_words() {
        let unique: std::collections::HashSet<_> = Action::ALL.iter().collect();
        assert_eq!(unique.len(), Action::ALL.len());
        for action in Action::ALL {
            assert!(!action.label().is_empty() && !action.tooltip().is_empty());
        }
    }
}
