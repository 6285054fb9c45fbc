//! Session state: what the user is looking at, apart from the document. eframe persists it
//! between runs; the map file never contains it.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::{IndicatorId, PowerId, StanceMap};

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Which panels are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Panels {
    /// The powers list on the left.
    pub powers: bool,
    /// The evidence panel on the right.
    pub evidence: bool,
    /// The timeline at the bottom.
    pub timeline: bool,
    /// The article's text, with the selected quote highlighted.
    pub source: bool,
    /// The story panel, listing the presentation's steps.
    pub story: bool,
    /// The list of spans where a judged line and a measured indicator part.
    pub divergences: bool,
    /// The class panel: agreement figures, where the class disagrees most, readings furthest
    /// from the reference.
    pub class: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            powers: true,
            evidence: true,
            timeline: true,
            source: false,
            story: false,
            divergences: false,
            class: false,
        }
    }
}

/// A keyframe picked by the user, named by its power and date so it survives edits elsewhere.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyframeRef {
    /// The power.
    pub power: PowerId,
    /// The keyframe's position on the time axis.
    pub year_f64: f64,
}

/// Everything about the view that is not the document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// The date the compass shows, in fractional years.
    pub date_year_f64: f64,
    /// The power selected everywhere (compass, powers list, evidence panel).
    pub selected_power: Option<PowerId>,
    /// The keyframe selected on the timeline, if any.
    pub selected_keyframe: Option<KeyframeRef>,
    /// Powers the user has hidden.
    pub hidden_powers: BTreeSet<PowerId>,
    /// Measured indicators the user has hidden (in the powers panel); the others are drawn.
    pub hidden_indicators: BTreeSet<IndicatorId>,
    /// How far, in strength units, both a judged line and an indicator must move in opposite
    /// directions over a span for it to count as judgement and data parting.
    pub divergence_threshold: f64,
    /// Light or dark.
    pub theme: ThemeChoice,
    /// UI zoom factor (1.0 is 100 %).
    pub zoom: f32,
    /// Maps opened recently, newest first.
    pub recent_files: Vec<PathBuf>,
    /// Which panels are shown.
    pub panels: Panels,
    /// Playback speed, in years per second.
    pub speed_years_per_s: f64,
    /// How many years of the net tilt's past the compass trails behind it.
    pub trail_years: f64,
    /// Whether playback is running (never persisted: the app starts paused).
    #[serde(skip)]
    pub playing: bool,
    /// The quote to highlight in the source view (never persisted).
    #[serde(skip)]
    pub highlighted_quote: Option<String>,
    /// The powers in focus; the others are drawn dimmed. Empty means all (never persisted).
    #[serde(skip)]
    pub focus: Vec<PowerId>,
    /// Whether presenter mode is on (never persisted: the app starts in the editor).
    #[serde(skip)]
    pub presenting: bool,
    /// Text size in presenter mode, as a factor of the default.
    pub presenter_text_scale: f32,
    /// Whether the "Getting started" card is shown: on the first run (when eframe kept no
    /// session, see `StanceApp::stored_session`) until "Got it", and again from Help ›
    /// Getting started.
    pub show_getting_started: bool,
    /// A second map to draw as a ghost behind the open one (never persisted). The app keeps
    /// it in step with `StanceApp::comparison`; views only read it.
    #[serde(skip)]
    pub comparison: Option<std::sync::Arc<StanceMap>>,
    /// A class of readings of the open map, drawn as the class's median and spread (never
    /// persisted). The app keeps it in step with what File › Open class… loaded.
    #[serde(skip)]
    pub class: Option<std::sync::Arc<crate::model::class::Class>>,
    /// View › Show class: whether the class's median and spread are drawn (on when a class is
    /// opened; never persisted).
    #[serde(skip)]
    pub show_class: bool,
    /// Whether Open, Save as, Compare, Import and Export use the system's file dialog (in the
    /// real window; the in-app one when it cannot be shown, or when this is off).
    pub system_file_dialogs: bool,
    /// The folder a file dialog last chose in: where the next one starts when no map file is
    /// open.
    pub last_folder: Option<PathBuf>,
    /// The folder the last class was opened from (File › Open class…): where the next Open
    /// class starts.
    pub last_class_folder: Option<PathBuf>,
}

impl Default for Session {
    fn default() -> Self {
        Self {
            date_year_f64: 2022.0,
            selected_power: None,
            selected_keyframe: None,
            hidden_powers: BTreeSet::new(),
            hidden_indicators: BTreeSet::new(),
            divergence_threshold: crate::model::indicators::DEFAULT_DIVERGENCE_THRESHOLD,
            theme: ThemeChoice::Light,
            zoom: 1.0,
            recent_files: Vec::new(),
            panels: Panels::default(),
            speed_years_per_s: 2.0,
            trail_years: 5.0,
            playing: false,
            highlighted_quote: None,
            focus: Vec::new(),
            presenting: false,
            presenter_text_scale: 1.0,
            show_getting_started: false,
            comparison: None,
            class: None,
            show_class: false,
            system_file_dialogs: true,
            last_folder: None,
            last_class_folder: None,
        }
    }
}

/// How many recent files the File menu remembers.
pub const MAX_RECENT_FILES: usize = 10;

/// The playback speeds offered, in years per second.
pub const SPEEDS_YEARS_PER_S: [f64; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

impl Session {
    /// Whether a measured indicator is drawn in the window (the presenter and slides show the
    /// ones their story step names instead).
    pub fn is_indicator_shown(&self, id: &IndicatorId) -> bool {
        !self.hidden_indicators.contains(id)
    }

    /// Whether a power is in focus (drawn at full strength rather than dimmed).
    pub fn is_in_focus(&self, id: &PowerId) -> bool {
        self.focus.is_empty() || self.focus.contains(id)
    }

    /// Whether a power is drawn.
    pub fn is_visible(&self, id: &PowerId) -> bool {
        !self.hidden_powers.contains(id)
    }

    /// Select a power (or none) everywhere.
    pub fn select_power(&mut self, id: Option<PowerId>) {
        if self.selected_power != id {
            self.selected_keyframe = None;
        }
        self.selected_power = id;
    }

    /// Put a file at the top of the recent list.
    pub fn remember_file(&mut self, path: PathBuf) {
        self.recent_files.retain(|p| p != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Make the session fit a newly opened map: keep the date within its span and drop
    /// selections of powers it does not have.
    pub fn fit_to(&mut self, map: &StanceMap) {
        if let Some((lo, hi)) = map.span_year_f64() {
            if !self.date_year_f64.is_finite() {
                self.date_year_f64 = hi;
            }
            self.date_year_f64 = self.date_year_f64.clamp(lo, hi);
        }
        if let Some(id) = &self.selected_power
            && map.power(id).is_none()
        {
            self.selected_power = None;
            self.selected_keyframe = None;
        }
        // A keyframe selected before an undo, a move or another map may no longer be there.
        if let Some(k) = &self.selected_keyframe
            && !map.power(&k.power).is_some_and(|p| {
                p.track
                    .iter()
                    .any(|kf| (kf.date.to_year_f64() - k.year_f64).abs() < 1e-9)
            })
        {
            self.selected_keyframe = None;
        }
        if !self.zoom.is_finite() || !(0.5..=3.0).contains(&self.zoom) {
            self.zoom = 1.0;
        }
        if !(self.speed_years_per_s.is_finite() && self.speed_years_per_s > 0.0) {
            self.speed_years_per_s = 2.0;
        }
    }
}
