//! Loading and saving a generated map of about 20 MB.

#![allow(clippy::unwrap_used)] // a benchmark that cannot set up should stop loudly

use criterion::{Criterion, criterion_group, criterion_main};
use stance_map::model::generate::stress_map;
use stance_map::storage::{load_str, save_path, save_with_backup, to_ron_string};

fn storage(c: &mut Criterion) {
    let map = stress_map(40, 400, 3);
    let text = to_ron_string(&map);
    eprintln!(
        "generated map: {} powers, {} keyframes, {:.1} MB of RON",
        map.powers.len(),
        map.powers.iter().map(|p| p.track.len()).sum::<usize>(),
        text.len() as f64 / 1e6
    );
    let dir = std::env::temp_dir().join(format!("stance-map-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.ron");

    let mut group = c.benchmark_group("storage_20mb");
    group.sample_size(10);
    group.bench_function("load_str (parse + validate)", |b| {
        b.iter(|| load_str(&text).unwrap());
    });
    // The app's later saves in a session: the .bak already holds the file as it was opened.
    group.bench_function("save_path (serialize + atomic write + fsync)", |b| {
        b.iter(|| save_path(&map, &path).unwrap());
    });
    // The app's first save over a file: the file as it was is read and kept as .bak first.
    group.bench_function(
        "save_with_backup (read the old file, write .bak, then save)",
        |b| {
            b.iter(|| save_with_backup(&map, &path).unwrap());
        },
    );
    group.finish();
    std::fs::remove_dir_all(&dir).unwrap();
}

criterion_group!(benches, storage);
criterion_main!(benches);
