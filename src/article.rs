//! The article's map and text, embedded in the binary so the app needs no files to start.

use crate::model::StanceMap;
use crate::storage::{StorageError, load_str};

/// The map of Serbia built from the article, as shipped in `assets/serbia.ron`.
pub const ARTICLE_MAP_RON: &str = include_str!("../assets/serbia.ron");

/// The article's text, as shipped in `assets/article.txt`: every quote in the map stands in it.
pub const ARTICLE_TEXT: &str = include_str!("../assets/article.txt");

/// The file name the article's map is shown under.
pub const ARTICLE_MAP_NAME: &str = "serbia.ron";

/// The article's map, loaded and validated exactly like a user's file.
pub fn article_map() -> Result<StanceMap, StorageError> {
    load_str(ARTICLE_MAP_RON)
}
