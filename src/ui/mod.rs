//! The views: one per file, each reading the map and writing only session state or commands.

pub mod actions;
pub mod changes;
pub mod class_panel;
pub mod compare;
pub mod compass;
pub mod divergences;
pub mod evidence;
pub mod field;
pub mod file_dialog;
pub mod getting_started;
pub mod guide;
pub mod import_indicator;
pub mod map_editor;
pub mod map_header;
pub mod new_map;
pub mod powers;
pub mod presenter;
pub mod session;
pub mod source_view;
pub mod story_panel;
pub mod theme;
pub mod time_controls;
pub mod timeline;
