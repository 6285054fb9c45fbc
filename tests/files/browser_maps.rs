//! Maps the browser test (tests/browser.sh) needs and the command line cannot make: the stress
//! map, written where `STANCE_MAP_STRESS_OUT` says. Ignored in a plain `cargo test`; the
//! browser test runs it with
//! `STANCE_MAP_STRESS_OUT=FILE cargo test --test files -- --ignored --exact browser_maps::write_stress_map`.

use stance_map::model::generate::stress_map;
use stance_map::storage::{load_path, save_path};

/// The stress map of issue 15 (12 powers × 500 keyframes × 3 quotes), written to
/// `STANCE_MAP_STRESS_OUT` (or a temporary folder) and read back unchanged.
#[test]
#[ignore = "writes the browser test's stress map; run by tests/browser.sh"]
fn write_stress_map() {
    let path = std::env::var_os("STANCE_MAP_STRESS_OUT").map_or_else(
        || crate::common::temp_dir("stress").join("stress.ron"),
        std::path::PathBuf::from,
    );
    let map = stress_map(12, 500, 3);
    save_path(&map, &path).unwrap();
    let loaded = load_path(&path).unwrap();
    assert!(
        loaded == map,
        "the stress map written to {} reads back changed",
        path.display()
    );
    println!("stress map written to {}", path.display());
}
