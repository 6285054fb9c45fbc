//! The document model: plain data and pure functions. No egui, no I/O.

pub mod compare;
mod date;
pub mod edit;
pub mod generate;
mod map;
pub mod migrate;
mod sample;
mod stats;
pub mod text;
mod validate;

pub use date::{Date, MONTH_NAMES, format_year_f64};
pub use map::{
    Confidence, Dimension, Event, Evidence, FORMAT_VERSION, Interpolation, Keyframe, Power,
    PowerId, Source, SourceId, StanceMap, StoryStep, next_stop, parse_hex_color, previous_stop,
};
pub use sample::{Bracket, Vec2, bearing_unit, bracket, sample_track};
pub use stats::Summary;
pub use text::display_safe;
pub use validate::{MAX_PROBLEMS, PathSeg, Problem, validate, validate_with_paths};
