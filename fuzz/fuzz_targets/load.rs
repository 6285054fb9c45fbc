//! Fuzz the map loader with arbitrary bytes.
//!
//! Loading untrusted bytes must never panic, and any map that loads must survive a
//! save-and-load round trip unchanged: what the app writes, it must read back.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stance_map::storage::{load_bytes, load_str, to_ron_string};

fuzz_target!(|data: &[u8]| {
    let Ok(map) = load_bytes(data) else {
        return;
    };
    let text = to_ron_string(&map);
    match load_str(&text) {
        Ok(again) => assert_eq!(again, map, "the map changed in a round trip:\n{text}"),
        Err(error) => panic!("a loaded map did not load again after saving: {error}\n{text}"),
    }
});
