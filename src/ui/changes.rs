//! How views ask for changes: they never touch the map or the app, they push [`Change`]s
//! (edits, undo groups, date and selection changes, actions, entering and leaving presenter
//! mode) into one queue that the app applies once per frame, at its end, in the order they were
//! asked for. A view that reads what it has just asked for in the same frame reads it from the
//! queue (for example [`Changes::pending_date`]), so nothing lags a frame on screen.

use std::borrow::Cow;

use crate::model::edit::Edit;
use crate::model::{IndicatorId, PowerId};
use crate::ui::actions::Action;
use crate::ui::session::{KeyframeRef, Panels, Session};

/// One of the window's panels that a view can ask to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// The powers list on the left.
    Powers,
    /// The evidence panel on the right.
    Evidence,
    /// The timeline at the bottom.
    Timeline,
    /// The article's text.
    Source,
    /// The story panel.
    Story,
    /// The list of spans where judgement and measurement part.
    Divergences,
}

impl Panel {
    /// The flag in `panels` that says whether this panel is shown.
    pub fn flag(self, panels: &mut Panels) -> &mut bool {
        match self {
            Self::Powers => &mut panels.powers,
            Self::Evidence => &mut panels.evidence,
            Self::Timeline => &mut panels.timeline,
            Self::Source => &mut panels.source,
            Self::Story => &mut panels.story,
            Self::Divergences => &mut panels.divergences,
        }
    }
}

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
    /// Compare the open map with this reading of the open class (its index in
    /// `Class::readings`), as File › Compare with… does with a file.
    CompareWithReading(usize),
    /// Show this date, in fractional years.
    SetDate(f64),
    /// Start (`true`) or stop playback.
    SetPlaying(bool),
    /// Select a power (or none) everywhere; choosing another power drops the keyframe selected.
    SelectPower(Option<PowerId>),
    /// Select a keyframe on the timeline (or none).
    SelectKeyframe(Option<KeyframeRef>),
    /// Put these powers in focus and dim the others (empty: all in focus).
    SetFocus(Vec<PowerId>),
    /// Highlight this quote in the article's text (or none).
    HighlightQuote(Option<String>),
    /// Show a panel.
    ShowPanel(Panel),
    /// Show (`true`) or hide a power on the compass and timeline.
    ShowPower(PowerId, bool),
    /// Show (`true`) or hide a measured indicator on the compass and timeline.
    ShowIndicator(IndicatorId, bool),
    /// The divergence rule's threshold, in strength units.
    SetDivergenceThreshold(f64),
    /// Play at this speed, in years per second.
    SetSpeed(f64),
    /// Presenter mode's text size, as a factor of the default.
    SetTextScale(f32),
}

impl Change {
    /// Whether this changes only what the user is looking at (date, playback, selection,
    /// focus, highlighted quote, panels): [`Change::apply_to_session`] carries it out.
    pub fn is_view_state(&self) -> bool {
        matches!(
            self,
            Self::SetDate(_)
                | Self::SetPlaying(_)
                | Self::SelectPower(_)
                | Self::SelectKeyframe(_)
                | Self::SetFocus(_)
                | Self::HighlightQuote(_)
                | Self::ShowPanel(_)
                | Self::ShowPower(..)
                | Self::ShowIndicator(..)
                | Self::SetDivergenceThreshold(_)
                | Self::SetSpeed(_)
                | Self::SetTextScale(_)
        )
    }

    /// Carry out a view-state change on `session`; returns whether the session changed.
    /// Edits, undo groups, actions and presenter requests need the app, so they do nothing
    /// here.
    pub fn apply_to_session(self, session: &mut Session) -> bool {
        match self {
            Self::SetDate(year_f64) => {
                // Bits, so that a NaN date asked for again counts as no change.
                let changed = session.date_year_f64.to_bits() != year_f64.to_bits();
                session.date_year_f64 = year_f64;
                changed
            }
            Self::SetPlaying(playing) => set(&mut session.playing, playing),
            Self::SelectPower(id) => {
                let changed = session.selected_power != id;
                session.select_power(id);
                changed
            }
            Self::SelectKeyframe(keyframe) => set(&mut session.selected_keyframe, keyframe),
            Self::SetFocus(focus) => set(&mut session.focus, focus),
            Self::HighlightQuote(quote) => set(&mut session.highlighted_quote, quote),
            Self::ShowPanel(panel) => set(panel.flag(&mut session.panels), true),
            Self::ShowPower(id, true) => session.hidden_powers.remove(&id),
            Self::ShowPower(id, false) => session.hidden_powers.insert(id),
            Self::ShowIndicator(id, true) => session.hidden_indicators.remove(&id),
            Self::ShowIndicator(id, false) => session.hidden_indicators.insert(id),
            Self::SetDivergenceThreshold(t) => {
                let t = if t.is_finite() {
                    t.clamp(0.0, 2.0)
                } else {
                    session.divergence_threshold
                };
                set(&mut session.divergence_threshold, t)
            }
            Self::SetSpeed(speed) => set(&mut session.speed_years_per_s, speed),
            Self::SetTextScale(scale) => set(&mut session.presenter_text_scale, scale),
            Self::Edit(_)
            | Self::BeginGroup
            | Self::EndGroup
            | Self::Action(_)
            | Self::PresentFrom(_)
            | Self::LeavePresenter
            | Self::CompareWithReading(_) => false,
        }
    }
}

/// Put `value` in `slot`; returns whether it was not there already.
fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
    let changed = *slot != value;
    *slot = value;
    changed
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

    /// Ask to show a date (fractional years).
    pub fn set_date(&mut self, year_f64: f64) {
        self.0.push(Change::SetDate(year_f64));
    }

    /// Ask to start or stop playback.
    pub fn set_playing(&mut self, playing: bool) {
        self.0.push(Change::SetPlaying(playing));
    }

    /// Ask to show (`true`) or hide a power on the compass and timeline.
    pub fn show_power(&mut self, id: PowerId, shown: bool) {
        self.0.push(Change::ShowPower(id, shown));
    }

    /// Ask to play at this speed (years per second).
    pub fn set_speed(&mut self, speed_years_per_s: f64) {
        self.0.push(Change::SetSpeed(speed_years_per_s));
    }

    /// Ask for presenter mode's text at this size (a factor of the default).
    pub fn set_text_scale(&mut self, scale: f32) {
        self.0.push(Change::SetTextScale(scale));
    }

    /// Ask to select a power (or none) everywhere.
    pub fn select_power(&mut self, id: Option<PowerId>) {
        self.0.push(Change::SelectPower(id));
    }

    /// Ask to select a keyframe (or none).
    pub fn select_keyframe(&mut self, keyframe: Option<KeyframeRef>) {
        self.0.push(Change::SelectKeyframe(keyframe));
    }

    /// Ask to put these powers in focus (empty: all).
    pub fn set_focus(&mut self, focus: Vec<PowerId>) {
        self.0.push(Change::SetFocus(focus));
    }

    /// Ask to highlight a quote in the article's text (or none).
    pub fn highlight_quote(&mut self, quote: Option<String>) {
        self.0.push(Change::HighlightQuote(quote));
    }

    /// Ask to show a panel.
    pub fn show_panel(&mut self, panel: Panel) {
        self.0.push(Change::ShowPanel(panel));
    }

    /// The date asked for last this frame, if any: a view that moves the date and then draws
    /// it draws this one, not the session's, which changes only at the end of the frame.
    pub fn pending_date(&self) -> Option<f64> {
        self.0.iter().rev().find_map(|c| match c {
            Change::SetDate(year_f64) => Some(*year_f64),
            _ => None,
        })
    }

    /// The date to draw: the one asked for last this frame, else the session's.
    pub fn date_or(&self, session_year_f64: f64) -> f64 {
        self.pending_date().unwrap_or(session_year_f64)
    }

    /// The power selection asked for last this frame, if any (`Some(None)`: none selected).
    pub fn pending_selected_power(&self) -> Option<Option<&PowerId>> {
        self.0.iter().rev().find_map(|c| match c {
            Change::SelectPower(id) => Some(id.as_ref()),
            _ => None,
        })
    }

    /// Carry out the view-state changes on `session`, in order, and keep the others (for a
    /// view drawn without the app, as in tests).
    pub fn apply_view_state(&mut self, session: &mut Session) {
        let (view_state, others) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(Change::is_view_state);
        self.0 = others;
        for change in view_state {
            change.apply_to_session(session);
        }
    }

    /// The highlighted quote asked for last this frame, if any (`Some(None)`: none).
    pub fn pending_highlighted_quote(&self) -> Option<Option<&str>> {
        self.0.iter().rev().find_map(|c| match c {
            Change::HighlightQuote(quote) => Some(quote.as_deref()),
            _ => None,
        })
    }

    /// The session as it will be once this frame's date and selection changes are applied:
    /// a view drawn after one that asked for them draws from this, so nothing lags a frame.
    /// Borrowed (no copy) when none was asked for.
    pub fn pending_session<'s>(&self, session: &'s Session) -> Cow<'s, Session> {
        if !self.0.iter().any(Change::is_view_state) {
            return Cow::Borrowed(session);
        }
        let mut pending = session.clone();
        for change in self.0.iter().filter(|c| c.is_view_state()) {
            change.clone().apply_to_session(&mut pending);
        }
        Cow::Owned(pending)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_settings_are_asked_for_and_say_whether_they_changed_anything() {
        let mut session = Session::default();
        let china = PowerId("china".into());
        assert!(Change::ShowPower(china.clone(), false).apply_to_session(&mut session));
        assert!(!session.is_visible(&china));
        assert!(!Change::ShowPower(china.clone(), false).apply_to_session(&mut session));
        assert!(Change::ShowPower(china.clone(), true).apply_to_session(&mut session));
        assert!(session.is_visible(&china));
        assert!(Change::SetSpeed(4.0).apply_to_session(&mut session));
        assert!(!Change::SetSpeed(4.0).apply_to_session(&mut session));
        assert_eq!(session.speed_years_per_s, 4.0);
        assert!(Change::SetTextScale(1.5).apply_to_session(&mut session));
        assert_eq!(session.presenter_text_scale, 1.5);
        assert!(Change::SetTextScale(1.5).is_view_state());
    }

    #[test]
    fn the_pending_date_is_the_last_one_asked_for() {
        let mut changes = Changes::default();
        assert_eq!(changes.pending_date(), None);
        assert!((changes.date_or(2000.0) - 2000.0).abs() < f64::EPSILON);
        changes.set_date(2001.0);
        changes.set_playing(false);
        changes.set_date(2002.5);
        assert_eq!(changes.pending_date(), Some(2002.5));
        assert!((changes.date_or(2000.0) - 2002.5).abs() < f64::EPSILON);
    }

    #[test]
    fn the_pending_quote_is_the_last_one_asked_for() {
        let mut changes = Changes::default();
        assert_eq!(changes.pending_highlighted_quote(), None);
        changes.highlight_quote(Some("a".to_owned()));
        changes.highlight_quote(None);
        assert_eq!(changes.pending_highlighted_quote(), Some(None));
        changes.highlight_quote(Some("b".to_owned()));
        assert_eq!(changes.pending_highlighted_quote(), Some(Some("b")));
    }

    #[test]
    fn view_state_changes_reach_the_session_in_order_and_edits_stay_queued() {
        let mut session = Session {
            playing: true,
            ..Session::default()
        };
        let power = PowerId("p".to_owned());
        let mut changes = Changes::default();
        changes.select_power(Some(power.clone()));
        changes.select_keyframe(Some(KeyframeRef {
            power: power.clone(),
            year_f64: 2001.0,
        }));
        changes.begin_group();
        changes.set_date(2001.0);
        changes.set_date(2003.0);
        changes.set_playing(false);
        changes.highlight_quote(Some("words".to_owned()));
        changes.show_panel(Panel::Source);
        changes.set_focus(vec![power.clone()]);
        changes.end_group();
        changes.apply_view_state(&mut session);

        assert_eq!(changes.0, vec![Change::BeginGroup, Change::EndGroup]);
        assert_eq!(session.selected_power, Some(power.clone()));
        assert_eq!(
            session.selected_keyframe.as_ref().map(|k| &k.power),
            Some(&power)
        );
        assert!((session.date_year_f64 - 2003.0).abs() < f64::EPSILON);
        assert!(!session.playing);
        assert_eq!(session.highlighted_quote.as_deref(), Some("words"));
        assert!(session.panels.source);
        assert_eq!(session.focus, vec![power]);
    }

    #[test]
    fn asking_again_for_what_the_session_has_is_no_change() {
        // The app draws again after a change; a drag asks for its date every frame, and
        // must not keep the window redrawing for ever.
        let mut session = Session::default();
        assert!(Change::SetDate(2001.0).apply_to_session(&mut session));
        assert!(!Change::SetDate(2001.0).apply_to_session(&mut session));
        assert!(Change::SetDate(f64::NAN).apply_to_session(&mut session));
        assert!(!Change::SetDate(f64::NAN).apply_to_session(&mut session));
        let power = Some(PowerId("p".to_owned()));
        assert!(Change::SelectPower(power.clone()).apply_to_session(&mut session));
        assert!(!Change::SelectPower(power).apply_to_session(&mut session));
        assert!(!Change::SetPlaying(false).apply_to_session(&mut session));
        assert!(Change::ShowPanel(Panel::Story).apply_to_session(&mut session));
        assert!(!Change::ShowPanel(Panel::Story).apply_to_session(&mut session));
        assert!(!Change::BeginGroup.apply_to_session(&mut session));
    }

    #[test]
    fn selecting_another_power_drops_the_selected_keyframe() {
        let mut session = Session::default();
        let mut changes = Changes::default();
        changes.select_power(Some(PowerId("a".to_owned())));
        changes.select_keyframe(Some(KeyframeRef {
            power: PowerId("a".to_owned()),
            year_f64: 2001.0,
        }));
        changes.select_power(Some(PowerId("b".to_owned())));
        changes.apply_view_state(&mut session);
        assert_eq!(session.selected_keyframe, None);
    }
}
