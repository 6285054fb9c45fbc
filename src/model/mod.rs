//! The document model: plain data and pure functions. No egui, no I/O.

pub mod band;
pub mod class;
pub mod compare;
mod date;
pub mod edit;
mod events;
pub mod exercise;
pub mod find;
pub mod generate;
pub mod geometry;
pub mod indicator_path;
pub mod indicators;
pub mod lint;
mod map;
pub mod migrate;
pub mod new_map;
pub mod reasoning;
mod sample;
mod sources;
mod stats;
pub mod story_text;
mod strength;
pub mod text;
mod validate;

pub use date::{Date, MONTH_NAMES, SAME_DATE_YEARS, format_year_f64};
pub use map::{
    Closer, Confidence, Dimension, Event, Evidence, FORMAT_VERSION, Indicator, IndicatorId,
    IndicatorPoint, Interpolation, Keyframe, MAX_ID_CHARS, Power, PowerId, Role, SavedView, Source,
    SourceId, StanceMap, StoryStep, id_from_text, is_valid_id, next_stop, parse_hex_color,
    previous_stop, unique_id,
};
pub use sample::{
    Bracket, Vec2, band_half_width_at, bearing_unit, bracket, judged_sample, keyframe_at,
    sample_track,
};
pub use sources::{
    ARTICLE_SOURCE_ID, new_source, new_source_id, new_source_with_link, parse_access_date,
    parse_source_url, parse_source_year, quote_is_from_article, set_web_address,
};
pub use stats::Summary;
pub use strength::{
    STRENGTH_SNAP, STRENGTH_STEP, format_strength_handout, format_strength_signed, snap_strength,
};
pub use text::display_safe;
pub use validate::{
    MAX_BEARING_DEG, MAX_NAME_CHARS, MAX_PROBLEMS, MAX_STEP_DURATION_S, MAX_TEXT_CHARS, PathSeg,
    Problem, is_day, is_web_address, validate, validate_with_paths,
};
