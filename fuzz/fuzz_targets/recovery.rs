//! Fuzz the reading of a recovery copy (the unsaved work kept for after a crash) with
//! arbitrary text: a damaged copy must be an error, never a panic, and a copy that reads must
//! survive being written and read again unchanged, as the app does when it takes a copy over.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stance_map::recovery::{parse, to_text};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(recovered) = parse(&text) else {
        return;
    };
    let written = match to_text(&recovered) {
        Ok(written) => written,
        Err(error) => panic!("a copy that reads could not be written: {error}"),
    };
    match parse(&written) {
        Ok(again) => assert_eq!(again, recovered, "the copy changed in a round trip:\n{written}"),
        Err(error) => panic!("a copy that reads did not read again after writing: {error}\n{written}"),
    }
});
