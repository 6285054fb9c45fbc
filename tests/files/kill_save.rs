//! Killing the app in the middle of a save (`kill -9`) must never leave a broken map.
//!
//! A child process saves map A and map B over the same file, one after the other, forever.
//! The test kills it with SIGKILL at pseudo-random moments; after every kill the file must
//! load and be exactly A or exactly B: never empty, never half of one, never a mix.
//!
//! The child is this very test binary, started again with an environment variable that
//! turns [`save_loop_child`] into the saver. That needs no extra binary, so the test works
//! under `cargo test`, `cargo test --test files` and `cargo nextest` alike.
//!
//! SIGKILL ends the process but not the kernel: what the process wrote stays in the page
//! cache, so this checks that the rename makes a save all-or-nothing. It does not test a
//! power cut, which is what the fsyncs in `write_atomically` are for.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common;
use stance_map::model::StanceMap;
use stance_map::model::generate::stress_map;
use stance_map::storage::{load_path, save_path, to_ron_string};

/// When set, [`save_loop_child`] saves maps to this path forever instead of returning.
const SAVE_LOOP_ENV: &str = "STANCE_MAP_KILL_SAVE_CHILD_PATH";

/// The line the saver prints on standard error after each completed save.
const SAVED_MARKER: &str = "stance-map-kill-save: saved";

/// Map A: a generated map large enough that a save takes a few milliseconds.
fn map_a() -> StanceMap {
    stress_map(4, 120, 1)
}

/// Map B: map A with a different title and its last strength negated.
fn map_b() -> StanceMap {
    let mut map = StanceMap {
        title: "Stress map, version B".into(),
        ..map_a()
    };
    map.powers[3].track[119].strength = -map.powers[3].track[119].strength;
    map
}

/// Not a real test on its own: in a child started by [`kill_9_during_saves_never_breaks_the_file`]
/// it is the saver. Run normally, it returns at once.
#[test]
fn save_loop_child() {
    let Some(path) = std::env::var_os(SAVE_LOOP_ENV) else {
        return;
    };
    let path = PathBuf::from(path);
    let maps = [map_a(), map_b()];
    for i in 0usize.. {
        save_path(&maps[i % 2], &path).unwrap();
        // Tells the parent a save has completed; see `spawn_saver`.
        eprintln!("{SAVED_MARKER} {i}");
    }
}

/// A running saver and the moments its saves completed.
struct Saver {
    child: Child,
    saves: mpsc::Receiver<Instant>,
}

fn spawn_saver(path: &Path) -> Saver {
    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args([
            "--exact",
            common::test_name(module_path!(), "save_loop_child").as_str(),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SAVE_LOOP_ENV, path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("could not start the saver");
    let stderr = child
        .stderr
        .take()
        .expect("the saver's standard error is piped");
    let (sender, saves) = mpsc::channel();
    // Ends when the child dies and its end of the pipe closes.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if line.starts_with(SAVED_MARKER) && sender.send(Instant::now()).is_err() {
                break;
            }
        }
    });
    Saver { child, saves }
}

/// A deterministic pseudo-random sequence, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn kill_9_during_saves_never_breaks_the_file() {
    let a = map_a();
    let b = map_b();
    assert_ne!(a, b);
    assert_ne!(to_ron_string(&a), to_ron_string(&b));

    let dir = std::env::temp_dir().join(format!("stance-map-kill-save-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("map.ron");
    save_path(&a, &path).unwrap();

    let rounds = 30;
    let mut rng = XorShift(0x5eed_cafe_f00d_d00d);
    let (mut saw_a, mut saw_b) = (0, 0);
    let started = Instant::now();
    let mut save_period = None;
    for round in 0..rounds {
        let Saver { mut child, saves } = spawn_saver(&path);
        // Wait for the child's first completed save, so kills land inside the save loop and
        // not in the child's start-up.
        let first = saves
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("round {round}: the saver never saved"));
        // Round 0 measures how long a save takes; later rounds kill at a random moment
        // within the next three saves, so kills land while writing, syncing and renaming.
        let period = *save_period.get_or_insert_with(|| {
            let mut last = first;
            for _ in 0..3 {
                last = saves.recv_timeout(Duration::from_secs(60)).unwrap();
            }
            (last - first) / 3
        });
        let wait = period.mul_f64(rng.below(3000) as f64 / 1000.0);
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: the saver stopped on its own ({status})"
        );
        let loaded = load_path(&path)
            .unwrap_or_else(|e| panic!("round {round}, killed after {wait:?}: {e}"));
        if loaded == a {
            saw_a += 1;
        } else if loaded == b {
            saw_b += 1;
        } else {
            panic!("round {round}, killed after {wait:?}: the file is neither map A nor B");
        }
    }
    let save_period = save_period.unwrap_or_default();
    eprintln!(
        "{rounds} kills in {:?} (a save took {save_period:?}): the file was A {saw_a} times and B {saw_b} times",
        started.elapsed()
    );
    // Kills landed at different points of the loop (else this test tests little).
    assert!(saw_a > 0 && saw_b > 0, "A {saw_a} times, B {saw_b} times");

    // A kill between creating the temporary file and renaming it leaves `.map.ron.PID-DIGITS.tmp`
    // behind. Such leftovers must not stop the map loading, and nothing else may appear.
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "map.ron")
        .collect();
    eprintln!("{} leftover temporary files", leftovers.len());
    for name in &leftovers {
        assert!(
            name.starts_with(".map.ron.")
                && Path::new(name).extension().is_some_and(|e| e == "tmp"),
            "unexpected file {name}"
        );
    }
    let loaded = load_path(&path).unwrap();
    assert!(loaded == a || loaded == b);
    // And the next save over the file still works with them there.
    save_path(&b, &path).unwrap();
    assert_eq!(load_path(&path).unwrap(), b);
    std::fs::remove_dir_all(&dir).unwrap();
}
