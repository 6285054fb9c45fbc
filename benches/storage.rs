//! Loading and saving a generated map of about 20 MB, and loading a class of 200 readings of
//! the article's map.

#![allow(clippy::unwrap_used)] // a benchmark that cannot set up should stop loudly

use criterion::{Criterion, criterion_group, criterion_main};
use stance_map::model::generate::stress_map;
use stance_map::storage::{load_str, save_path, save_with_backup, to_ron_string};

use std::sync::atomic::AtomicBool;

use stance_map::article::article_map;
use stance_map::model::class::Class;
use stance_map::storage::class::{class_files, load_class};

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

/// A class of 200 readings of the article's map, each with its own strengths (every keyframe
/// moved by a different amount, clamped to the scale), loaded the way File › Open class… and
/// `stance-map class` load them; and the class's figures worked out from them.
fn class(c: &mut Criterion) {
    let article = article_map().unwrap();
    let dir = std::env::temp_dir().join(format!("stance-map-bench-class-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..200_u32 {
        let mut reading = article.clone();
        reading.analyst = format!("Student {i}");
        for (j, k) in reading
            .powers
            .iter_mut()
            .flat_map(|p| p.track.iter_mut())
            .enumerate()
        {
            let nudge = f64::from((i * 7 + u32::try_from(j).unwrap() * 13) % 21) / 20.0 - 0.5;
            k.strength = (k.strength + nudge).clamp(-1.0, 1.0);
        }
        std::fs::write(dir.join(format!("{i:03}.ron")), to_ron_string(&reading)).unwrap();
    }
    let files = class_files(std::slice::from_ref(&dir)).unwrap();
    let mut group = c.benchmark_group("class");
    group.sample_size(10);
    group.bench_function("load 200 readings of the article map", |b| {
        b.iter(|| {
            let load = load_class(&article, &files, &|_, _| {}, &AtomicBool::new(false));
            assert_eq!(load.readings.len(), 200);
            load
        });
    });
    let readings = load_class(&article, &files, &|_, _| {}, &AtomicBool::new(false)).readings;
    group.bench_function("Class::new of 200 readings of the article map", |b| {
        b.iter(|| Class::new(article.clone(), true, readings.clone()));
    });
    group.finish();
    std::fs::remove_dir_all(&dir).unwrap();
}

criterion_group!(benches, storage, class);
criterion_main!(benches);
