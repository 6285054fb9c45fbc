//! stance-map: map how a country leans toward several powers over time, with the evidence.

pub mod app;
pub mod article;
pub mod cli;
pub mod export;
#[cfg(test)]
mod layers;
pub mod model;
pub mod recovery;
pub mod slides;
pub mod storage;
pub mod ui;
pub mod web;
