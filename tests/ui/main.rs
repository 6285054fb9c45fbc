//! Tests that drive the window with `egui_kittest`: the whole app, or one view at a time.
//! One test binary, each file a module: one link instead of one per file.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

#[path = "../common/mod.rs"]
mod common;

mod app;
mod authoring;
mod background;
mod class_panel;
mod class_view;
mod compare;
mod compass;
mod compass_drag;
mod compass_layout;
mod divergences;
mod editing;
mod evidence;
mod evidence_edit;
mod exercise;
mod file_dialog;
mod import;
mod map_editor;
mod menu_export;
mod powers;
mod presenter;
mod saved_view;
mod source_view;
mod story_panel;
mod timeline;
mod timeline_drag;
