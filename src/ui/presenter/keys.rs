//! Presenter mode's keys: the one table ([`KEY_TABLE`]) that [`read_keys`] acts on and the
//! shortcuts window lists, so a clicker's arrows, Page Up/Down, B or W do what the list says.

use egui::{Key, Modifiers, Ui};

/// The keys presenter mode acts on, read once per frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Pressed {
    /// How many times: a clicker pressed twice quickly (within one frame) moves two steps.
    pub(super) next: usize,
    /// How many times.
    pub(super) previous: usize,
    pub(super) first: bool,
    pub(super) last: bool,
    pub(super) black: bool,
    pub(super) white: bool,
    pub(super) leave: bool,
    pub(super) autoplay: bool,
    pub(super) bigger: bool,
    pub(super) smaller: bool,
    /// Open or close the presenter view.
    pub(super) presenter_view: bool,
}

/// What one of presenter mode's keys does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyAction {
    Next,
    Previous,
    First,
    Last,
    Black,
    White,
    Autoplay,
    Bigger,
    Smaller,
    PresenterView,
    Leave,
}

/// One line of presenter mode's keys: how the shortcuts window lists it, and the keys that act.
struct KeyRow {
    /// What the keys do.
    what: &'static str,
    /// The keys, as the shortcuts window shows them.
    shown: &'static str,
    /// Whether the keys also work with Ctrl (Cmd on a Mac) held.
    ctrl_too: bool,
    /// Each key and what it does.
    acts: &'static [(Key, KeyAction)],
}

/// Presenter mode's keys: the one table that both [`read_keys`] acts on and the shortcuts
/// window lists (through [`PRESENTER_KEYS`]), so the two cannot disagree.
const KEY_TABLE: [KeyRow; 8] = [
    KeyRow {
        what: "Next step",
        shown: "→  Page Down  Space  Enter",
        ctrl_too: false,
        acts: &[
            (Key::ArrowRight, KeyAction::Next),
            (Key::PageDown, KeyAction::Next),
            (Key::Space, KeyAction::Next),
            (Key::Enter, KeyAction::Next),
        ],
    },
    KeyRow {
        what: "Previous step",
        shown: "←  Page Up",
        ctrl_too: false,
        acts: &[
            (Key::ArrowLeft, KeyAction::Previous),
            (Key::PageUp, KeyAction::Previous),
        ],
    },
    KeyRow {
        what: "First / last step",
        shown: "Home / End",
        ctrl_too: false,
        acts: &[(Key::Home, KeyAction::First), (Key::End, KeyAction::Last)],
    },
    KeyRow {
        what: "Black / white screen (any key or click returns)",
        shown: "B / W",
        ctrl_too: false,
        acts: &[(Key::B, KeyAction::Black), (Key::W, KeyAction::White)],
    },
    KeyRow {
        what: "Autoplay on / off",
        shown: "A",
        ctrl_too: false,
        acts: &[(Key::A, KeyAction::Autoplay)],
    },
    KeyRow {
        what: "Larger / smaller text",
        shown: "+ / −",
        ctrl_too: true,
        acts: &[
            (Key::Plus, KeyAction::Bigger),
            (Key::Equals, KeyAction::Bigger),
            (Key::Minus, KeyAction::Smaller),
        ],
    },
    KeyRow {
        what: "Presenter view (notes, next step, time) on / off",
        shown: "P",
        ctrl_too: false,
        acts: &[(Key::P, KeyAction::PresenterView)],
    },
    KeyRow {
        what: "Leave presenter mode",
        shown: "Esc",
        ctrl_too: false,
        acts: &[(Key::Escape, KeyAction::Leave)],
    },
];

/// Presenter mode's keys as the shortcuts window lists them: what each does, and the keys.
/// Read from [`KEY_TABLE`], the table [`read_keys`] acts on.
pub const PRESENTER_KEYS: [(&str, &str); KEY_TABLE.len()] = {
    let mut rows = [("", ""); KEY_TABLE.len()];
    let mut i = 0;
    while i < KEY_TABLE.len() {
        rows[i] = (KEY_TABLE[i].what, KEY_TABLE[i].shown);
        i += 1;
    }
    rows
};

impl Pressed {
    /// Count `times` presses of a key that does `action`.
    fn add(&mut self, action: KeyAction, times: usize) {
        let any = times > 0;
        match action {
            KeyAction::Next => self.next += times,
            KeyAction::Previous => self.previous += times,
            KeyAction::First => self.first |= any,
            KeyAction::Last => self.last |= any,
            KeyAction::Black => self.black |= any,
            KeyAction::White => self.white |= any,
            KeyAction::Autoplay => self.autoplay |= any,
            KeyAction::Bigger => self.bigger |= any,
            KeyAction::Smaller => self.smaller |= any,
            KeyAction::PresenterView => self.presenter_view |= any,
            KeyAction::Leave => self.leave |= any,
        }
    }
}

impl Pressed {
    /// The keys pressed in either of two windows (the audience's and the presenter view).
    pub(super) fn and(self, other: Self) -> Self {
        Self {
            next: self.next + other.next,
            previous: self.previous + other.previous,
            first: self.first || other.first,
            last: self.last || other.last,
            black: self.black || other.black,
            white: self.white || other.white,
            leave: self.leave || other.leave,
            autoplay: self.autoplay || other.autoplay,
            bigger: self.bigger || other.bigger,
            smaller: self.smaller || other.smaller,
            presenter_view: self.presenter_view || other.presenter_view,
        }
    }
}

/// Read presenter mode's keys ([`KEY_TABLE`]) and consume them, so nothing else acts on them.
pub(super) fn read_keys(ui: &mut Ui) -> Pressed {
    ui.input_mut(|i| {
        let mut pressed = Pressed::default();
        for row in &KEY_TABLE {
            let modifiers: &[Modifiers] = if row.ctrl_too {
                &[Modifiers::NONE, Modifiers::COMMAND]
            } else {
                &[Modifiers::NONE]
            };
            for &m in modifiers {
                for &(key, action) in row.acts {
                    pressed.add(action, i.count_and_consume_key(m, key));
                }
            }
        }
        pressed
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::Event;

    /// What `read_keys` makes of one press of `key` with `modifiers`.
    fn press(key: Key, modifiers: Modifiers) -> Pressed {
        let ctx = egui::Context::default();
        let raw = egui::RawInput {
            events: vec![Event::Key {
                key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers,
            }],
            ..Default::default()
        };
        let mut pressed = Pressed::default();
        let mut out = ctx.run_ui(raw, |ui| pressed = read_keys(ui));
        // egui asserts that a frame's texture updates are taken, not dropped.
        out.textures_delta.clear();
        pressed
    }

    #[test]
    fn every_listed_key_does_what_its_line_says_and_nothing_else() {
        let mut seen = Pressed::default();
        for row in &KEY_TABLE {
            for &(key, action) in row.acts {
                let mut expected = Pressed::default();
                expected.add(action, 1);
                assert_eq!(press(key, Modifiers::NONE), expected, "{key:?}");
                let with_ctrl = press(key, Modifiers::COMMAND);
                let none = Pressed::default();
                assert_eq!(with_ctrl, if row.ctrl_too { expected } else { none });
                seen.add(action, 1);
            }
        }
        // Every action has a key.
        let all = Pressed {
            next: 4,
            previous: 2,
            first: true,
            last: true,
            black: true,
            white: true,
            leave: true,
            autoplay: true,
            bigger: true,
            smaller: true,
            presenter_view: true,
        };
        assert_eq!(seen, all);
        assert_eq!(press(Key::Q, Modifiers::NONE), Pressed::default());
        assert_eq!(
            PRESENTER_KEYS[0],
            ("Next step", "→  Page Down  Space  Enter")
        );
        assert_eq!(PRESENTER_KEYS[7], ("Leave presenter mode", "Esc"));
        assert_eq!(
            press(Key::P, Modifiers::NONE).and(press(Key::ArrowRight, Modifiers::NONE)),
            Pressed {
                next: 1,
                presenter_view: true,
                ..Pressed::default()
            }
        );
    }
}
