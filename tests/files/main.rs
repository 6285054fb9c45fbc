//! Tests of what reaches the disk and comes back: storage, the hostile corpus, hostile files,
//! migration, kill -9 during saves, recovery, the article's map, exports, slides and the
//! command line. One test binary, each file a module: one link instead of one per file.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

#[path = "../common/mod.rs"]
mod common;

mod article_map;
mod class;
mod cli;
mod corpus;
mod export;
mod hostile;
mod import;
mod kill_save;
mod migration;
mod recovery;
mod slides;
mod storage;
