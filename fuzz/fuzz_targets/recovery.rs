//! Fuzz the reading of a recovery copy (the unsaved work kept for after a crash) with
//! arbitrary text: a damaged copy must be an error, never a panic, and a copy that reads must
//! hold a valid map.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stance_map::model::validate;
use stance_map::recovery::parse;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(recovered) = parse(&text) {
        assert!(validate(&recovered.map).is_empty(), "a copy that reads is valid");
    }
});
