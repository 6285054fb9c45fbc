//! Helpers the integration tests share. Each test binary (`tests/ui/`, `tests/files/`) uses
//! only some of them, hence the `dead_code` allowance.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use egui::Pos2;
use egui_kittest::{Harness, HarnessBuilder};
use stance_map::app::StanceApp;
use stance_map::model::PowerId;

/// An empty folder of its own for one test: named after the test binary, the file that
/// calls this (its module), `name` and this process, so tests running side by side never
/// share one.
#[track_caller]
pub fn temp_dir(name: &str) -> PathBuf {
    let caller = Path::new(std::panic::Location::caller().file());
    let module = caller
        .file_stem()
        .map_or_else(|| "tests".into(), |s| s.to_string_lossy());
    let dir = std::env::temp_dir().join(format!(
        "stance-map-{}-{module}-{name}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// The folder the app's file dialogs start in under test, one per test binary run: never the
/// checkout's `saves/`.
pub fn saves_folder() -> PathBuf {
    static FOLDER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!(
                "stance-map-{}-saves-{}",
                env!("CARGO_CRATE_NAME"),
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).expect("a temporary saves folder");
            dir
        })
        .clone()
}

/// The whole app in the window `builder` describes, not yet run, its file dialogs starting
/// in [`saves_folder`].
pub fn app_harness(
    builder: HarnessBuilder<StanceApp>,
    mut app: StanceApp,
) -> Harness<'static, StanceApp> {
    app.set_saves_folder(saves_folder());
    builder.build_ui_state(|ui, app: &mut StanceApp| app.show(ui), app)
}

/// The whole app in a 1280 × 800 window, not yet run.
pub fn harness(app: StanceApp) -> Harness<'static, StanceApp> {
    app_harness(Harness::builder().with_size(egui::vec2(1280.0, 800.0)), app)
}

/// A power's arrow tip on the compass: the slider whose accessible name starts with the
/// power's name and a comma ("Russia, +0.80, toward, high confidence").
#[track_caller]
pub fn tip<'h, S>(h: &'h Harness<'_, S>, power: &str) -> egui_kittest::Node<'h> {
    query_tip(h, power).unwrap_or_else(|| panic!("no arrow tip of {power}"))
}

/// [`tip`], or `None` when the power has no arrow on the compass.
pub fn query_tip<'h, S>(h: &'h Harness<'_, S>, power: &str) -> Option<egui_kittest::Node<'h>> {
    use egui_kittest::kittest::Queryable as _;
    let prefix = format!("{power}, ");
    h.query_by(move |node| {
        node.role() == egui::accesskit::Role::Slider
            && node.label().is_some_and(|l| l.starts_with(&prefix))
    })
}

/// Russia, a power of the article's map.
pub fn russia() -> PowerId {
    PowerId("russia".into())
}

/// Press at `from`, move to `to`, release there: one drag.
pub fn drag<S>(h: &mut Harness<'_, S>, from: Pos2, to: Pos2) {
    drag_in_steps(h, from, to, 1);
}

/// Press at `from`, move to `to` in `steps` equal steps (a frame each), release there.
pub fn drag_in_steps<S>(h: &mut Harness<'_, S>, from: Pos2, to: Pos2, steps: u32) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=steps {
        let at = if i == steps {
            to
        } else {
            from + (to - from) * (i as f32 / steps as f32)
        };
        h.hover_at(at);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

/// The name the test harness knows a test by, for running it alone (`--exact`) in a child
/// process: `module` is the calling module's `module_path!()`, which starts with the test
/// binary's name that test names leave out.
pub fn test_name(module: &str, test: &str) -> String {
    match module.split_once("::") {
        Some((_, path)) => format!("{path}::{test}"),
        None => test.to_owned(),
    }
}

/// The app on the article's map, after its first frame.
pub fn article_harness() -> Harness<'static, StanceApp> {
    let mut h = harness(StanceApp::new_article());
    h.run();
    h
}

/// Half a second of frames at 1/60 s a step: long enough that the next click is not counted
/// with the one before it.
pub fn pause<S>(h: &mut Harness<'_, S>) {
    for _ in 0..30 {
        h.step();
    }
}

/// Two primary clicks in quick succession at `p`, after a pause, so they are not counted as
/// the third and fourth of an earlier click. The harness must step 1/60 s at a time
/// (`with_step_dt`), or the two clicks are too far apart to be a double-click.
pub fn double_click<S>(h: &mut Harness<'_, S>, p: Pos2) {
    pause(h);
    h.hover_at(p);
    h.run();
    for _ in 0..2 {
        h.drag_at(p);
        h.step();
        h.drop_at(p);
        h.step();
    }
    h.run();
}

/// Run `f` on a thread of its own and give its result, or `None` when it has not finished
/// within `seconds`: a call that hangs (on a FIFO, say) fails its test instead of hanging it.
pub fn within<T: Send + 'static>(
    seconds: u64,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .ok()
}

/// Make a named pipe (FIFO) at `path` with the system's `mkfifo`. Opening one for reading
/// blocks until someone opens it for writing, which nobody will.
#[cfg(unix)]
pub fn make_fifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A file dropped on the window, as eframe hands it over.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drop `path` on the window and run the frames that follow, until the map is read.
pub fn drop_file(h: &mut Harness<'static, StanceApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    wait_for_jobs(h);
}

/// Step frames until the exports and maps being read on their own threads are done (at most
/// two minutes), then run the frames that follow. It steps a few frames first, so that a click
/// or a drop just made has started its work; `Harness::run` cannot be used while work runs,
/// because the window repaints until it is done and a slow machine runs out of steps.
pub fn wait_for_jobs(h: &mut Harness<'static, StanceApp>) {
    /// Frames for a click to reach the app and the work it asks for to start.
    const FRAMES_TO_START: usize = 8;
    for _ in 0..FRAMES_TO_START {
        h.step();
    }
    let start = std::time::Instant::now();
    while h.state().is_busy() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "the background work finishes"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run();
}

/// The values [`write_class_folder`] gives Russia, one per reading: every keyframe of the
/// reading's Russia at that value, so the class's spread is the same at every date.
pub const CLASS_RUSSIA: [f64; 5] = [0.1, 0.2, 0.3, 0.4, 0.5];

/// A folder `name` of readings of the article's map, as a class hands them in: one per value
/// of [`CLASS_RUSSIA`] ("student-1.ron", analyst "Student 1", …), each with Russia at its
/// value at every keyframe and the rest as the article's, the last without Russia's first
/// keyframe (its value holds before its next one, so the figures stay the same), and a file
/// that is not a map ("broken.ron").
#[track_caller]
pub fn write_class_folder(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let map = stance_map::article::article_map().expect("the article's map");
    for (i, value) in CLASS_RUSSIA.iter().enumerate() {
        let mut reading = map.clone();
        reading.analyst = format!("Student {}", i + 1);
        let russia = reading
            .powers
            .iter_mut()
            .find(|p| p.id == russia())
            .expect("Russia in the article's map");
        for k in &mut russia.track {
            k.strength = *value;
        }
        if i + 1 == CLASS_RUSSIA.len() {
            russia.track.remove(0);
        }
        stance_map::storage::save_path(&reading, &dir.join(format!("student-{}.ron", i + 1)))
            .expect("a reading written");
    }
    std::fs::write(dir.join("broken.ron"), "(this is not a map").expect("a broken file written");
    dir
}
