//! Recovery of unsaved work: written after edits, offered on the next start, restored.
//!
//! Each running app owns its copy; the tests marked "two processes" run a second app in a
//! process of its own (this test binary again, running [`other_app`]), which holds its lock
//! while this process checks what is offered.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use crate::common;

use crate::common::temp_dir;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use eframe::App as _;
use egui_kittest::{Harness, kittest::Queryable};
use stance_map::app::StanceApp;
use stance_map::model::edit::Edit;
use stance_map::model::{Date, PowerId, StanceMap};

fn app_with_recovery(dir: &Path) -> Harness<'static, StanceApp> {
    let mut app = StanceApp::new_article();
    app.enable_recovery(dir);
    let mut h =
        crate::common::app_harness(Harness::builder().with_size(egui::vec2(1280.0, 800.0)), app);
    h.run_steps(2);
    h
}

/// Wait for `done`, a bounded number of times (the writer runs on its own thread): up to
/// 30 s, which only a failing test reaches, so that a machine busy with other builds does not
/// fail a test that would pass.
fn wait_until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..3000 {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

/// The recovery copies in `dir`, sorted: `unsaved-….ron`.
fn copies(dir: &Path) -> Vec<PathBuf> {
    files(dir, ".ron")
}

/// The files in `dir` named `unsaved-…` and ending in `ending`, sorted.
fn files(dir: &Path, ending: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("unsaved-") && name.ends_with(ending)
        })
        .collect();
    found.sort();
    found
}

/// Wait for a copy in `dir` that is not one of `before`, and return it.
fn new_copy(dir: &Path, before: &[PathBuf]) -> PathBuf {
    let mut found = None;
    assert!(
        wait_until(|| {
            found = copies(dir).into_iter().find(|p| !before.contains(p));
            found.is_some()
        }),
        "no new recovery copy in {}",
        dir.display()
    );
    found.unwrap()
}

/// The map a copy on disk holds.
fn map_in(copy: &Path) -> StanceMap {
    stance_map::recovery::parse(&std::fs::read_to_string(copy).unwrap())
        .unwrap()
        .map
}

fn edit(h: &mut Harness<'static, StanceApp>) {
    edit_to(h, 0.9);
}

fn edit_to(h: &mut Harness<'static, StanceApp>, strength: f64) {
    h.state_mut().apply_edit(Edit::SetStrength {
        power: PowerId("china".into()),
        date: Date::year(2017),
        strength,
    });
}

/// An app that edits the map, writes its copy and is then killed (dropped without a clean
/// exit): its copy is left behind. Returns the map it held, and its copy.
fn killed_app(dir: &Path, strength: f64) -> (StanceMap, PathBuf) {
    let before = copies(dir);
    let mut h = app_with_recovery(dir);
    edit_to(&mut h, strength);
    h.run_steps(18); // 4.5 s of simulated time: past the pause after the last edit
    let copy = new_copy(dir, &before);
    (h.state().map.clone(), copy)
}

/// How many copies the offer lists.
fn offered(h: &Harness<'static, StanceApp>) -> usize {
    if h.query_by_label("Restore unsaved work?").is_none() {
        return 0;
    }
    h.get_all_by_label("Restore").count()
}

#[test]
fn unsaved_work_is_copied_after_a_pause_then_offered_and_restored() {
    let dir = temp_dir("restore");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(2);
    assert!(
        copies(&dir).is_empty(),
        "not before the pause after the last edit"
    );
    h.run_steps(16); // 4 s of simulated time at 0.25 s a step
    let copy = new_copy(&dir, &[]);
    let edited = h.state().map.clone();
    drop(h); // as if the app were killed: no clean exit

    let mut h = app_with_recovery(&dir);
    h.get_by_label("Restore unsaved work?");
    // When, in words and as a date: "A copy was kept less than a minute ago (… UTC)".
    h.get_by_label_contains("A copy was kept less than a minute ago (");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().map, edited);
    assert!(h.state().is_dirty(), "restored work is not saved yet");
    assert!(h.state().window_title().starts_with('●'));
    // The copy is taken over: it moves to this app's own name, holding the restored work.
    assert!(wait_until(|| !copy.exists()), "the old copy is taken over");
    let own = h.state().recovery_copy_path().unwrap().to_owned();
    assert!(wait_until(|| own.exists()));
    assert_eq!(map_in(&own), edited);
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn discarding_the_offer_removes_the_copy() {
    let dir = temp_dir("discard");
    let (_, copy) = killed_app(&dir, 0.9);
    let mut h = app_with_recovery(&dir);
    h.get_by_label("Discard").click();
    h.run_steps(2);
    assert!(!copy.exists());
    assert!(
        files(&dir, ".lock").len() == 1,
        "only this app's lock is left"
    );
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().map, stance_map::article::article_map().unwrap());
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn undoing_back_to_the_saved_map_removes_the_copy() {
    let dir = temp_dir("undo");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(18);
    let copy = new_copy(&dir, &[]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert!(wait_until(|| !copy.exists()));
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_clean_exit_removes_the_copy_and_its_lock() {
    let dir = temp_dir("clean-exit");
    let mut h = app_with_recovery(&dir);
    edit(&mut h);
    h.run_steps(18);
    new_copy(&dir, &[]);
    assert_eq!(files(&dir, ".lock").len(), 1, "the copy has a lock");
    h.state_mut().on_exit();
    assert_eq!(files(&dir, ""), Vec::<PathBuf>::new());
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A recovery folder that cannot be made (its path runs through a regular file; root ignores
/// permissions, so a read-only folder would not do) is told to the user in the window, not
/// only on standard error.
#[test]
fn a_recovery_folder_that_cannot_be_made_is_told_in_the_window() {
    let dir = temp_dir("recovery-under-a-file");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let h = app_with_recovery(&file.join("recovery"));
    assert!(h.state().recovery_copy_path().is_none());
    let notice = h.state().notice.clone().expect("a notice");
    assert!(notice.is_error, "{notice:?}");
    assert!(
        notice
            .text
            .starts_with("Copies of unsaved work cannot be kept"),
        "{notice:?}"
    );
    h.get_by_label_contains("Copies of unsaved work cannot be kept");
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A copy the background writer cannot write (its folder replaced by a regular file while the
/// app runs) is told in the window once, however many edits fail; when copies can be written
/// again, the notice says so.
#[test]
fn a_recovery_copy_that_cannot_be_written_is_told_in_the_window() {
    let dir = temp_dir("recovery-write-fails");
    let copies_dir = dir.join("copies");
    let mut h = app_with_recovery(&copies_dir);
    assert!(h.state().notice.is_none(), "{:?}", h.state().notice);
    std::fs::remove_dir_all(&copies_dir).unwrap();
    std::fs::write(&copies_dir, "not a folder").unwrap();
    edit_to(&mut h, 0.9);
    h.run_steps(18);
    let failing = |h: &Harness<'static, StanceApp>| {
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| n.is_error && n.text.contains("could not be copied for recovery"))
    };
    assert!(
        wait_until(|| {
            h.run_steps(1);
            failing(&h)
        }),
        "{:?}",
        h.state().notice
    );
    let text = h.state().notice.as_ref().unwrap().text.clone();
    assert!(text.contains("could not write the recovery copy"), "{text}");
    h.get_by_label_contains("Your unsaved work could not be copied for recovery");
    // Dismissed, it stays dismissed while the writes go on failing.
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().notice.is_none());
    edit_to(&mut h, 0.8);
    h.run_steps(18);
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(2);
    assert!(h.state().notice.is_none(), "{:?}", h.state().notice);

    // The folder is back: the next copy is written, and the app says so.
    std::fs::remove_file(&copies_dir).unwrap();
    std::fs::create_dir(&copies_dir).unwrap();
    edit_to(&mut h, 0.7);
    h.run_steps(18);
    let own = h.state().recovery_copy_path().unwrap().to_owned();
    assert!(wait_until(|| own.exists()));
    assert!(wait_until(|| {
        h.run_steps(1);
        h.state()
            .notice
            .as_ref()
            .is_some_and(|n| !n.is_error && n.text.contains("being copied for recovery again"))
    }));
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_copy_is_set_aside_with_a_message() {
    let dir = temp_dir("damaged");
    std::fs::write(dir.join("unsaved-map.ron"), "(broken").unwrap();
    let h = app_with_recovery(&dir);
    assert!(h.state().recovery_offers.is_empty());
    h.get_by_label_contains("cannot be read");
    assert!(dir.join("unreadable-unsaved-map.ron").exists());
    assert!(copies(&dir).is_empty());
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn each_damaged_copy_is_set_aside_and_the_good_ones_still_offered() {
    let dir = temp_dir("damaged-several");
    let (edited, _) = killed_app(&dir, 0.4);
    std::fs::write(dir.join("unsaved-1-a-0.ron"), "(broken").unwrap();
    std::fs::write(dir.join("unsaved-2-b-0.ron"), "garbage").unwrap();
    // Set aside before, under the first name: the new one must not replace it.
    std::fs::write(dir.join("unreadable-unsaved-1-a-0.ron"), "older").unwrap();
    let mut h = app_with_recovery(&dir);
    h.get_by_label_contains("2 recovery copies of unsaved work were found but cannot be read");
    assert_eq!(
        std::fs::read_to_string(dir.join("unreadable-unsaved-1-a-0.ron")).unwrap(),
        "older"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("unreadable-unsaved-1-a-0-2.ron")).unwrap(),
        "(broken"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("unreadable-unsaved-2-b-0.ron")).unwrap(),
        "garbage"
    );
    assert_eq!(offered(&h), 1, "the readable copy is still offered");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().map, edited);
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn saving_restored_work_removes_the_copy() {
    let dir = temp_dir("restore-save");
    killed_app(&dir, 0.9);
    let mut h = app_with_recovery(&dir);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let saved = dir.join("saved.ron");
    h.state_mut()
        .export_to(stance_map::app::SaveTarget::Map, &saved);
    h.run_steps(2);
    assert!(!h.state().is_dirty());
    assert!(
        wait_until(|| copies(&dir).is_empty()),
        "saved work is not offered again"
    );
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_copy_under_the_old_single_name_is_offered_once() {
    let dir = temp_dir("legacy");
    let (edited, copy) = killed_app(&dir, 0.7);
    std::fs::rename(&copy, dir.join("unsaved-map.ron")).unwrap();
    let mut h = app_with_recovery(&dir);
    assert_eq!(offered(&h), 1);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert_eq!(h.state().map, edited);
    assert!(wait_until(|| !dir.join("unsaved-map.ron").exists()));
    assert!(!dir.join("unsaved-map.lock").exists());
    h.state_mut().on_exit();
    drop(h);
    let h = app_with_recovery(&dir);
    assert_eq!(offered(&h), 0, "offered once");
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The offer UI with several orphans: every one is listed; Discard deletes only its own copy;
/// Restore takes one over and leaves the others for the next start.
#[test]
fn several_left_copies_are_all_offered_and_answered_one_by_one() {
    let dir = temp_dir("several");
    let maps: Vec<(StanceMap, PathBuf)> = [0.1, 0.2, 0.3]
        .into_iter()
        .map(|strength| killed_app(&dir, strength))
        .collect();
    let mut h = app_with_recovery(&dir);
    h.get_by_label("Restore unsaved work?");
    assert_eq!(offered(&h), 3);
    h.get_by_label_contains("3 copies of unsaved work");

    // Discard the first listed: exactly one copy goes.
    h.get_all_by_label("Discard").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(offered(&h), 2);
    let left: Vec<&(StanceMap, PathBuf)> = maps.iter().filter(|(_, p)| p.exists()).collect();
    assert_eq!(left.len(), 2, "Discard deletes one copy");

    // Restore the first listed: it is one of the two left; the other stays on disk.
    // As a user would: the pointer comes to the button before it clicks (the rows moved).
    h.get_all_by_label("Restore").next().unwrap().hover();
    h.run_steps(2);
    h.get_all_by_label("Restore").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(offered(&h), 0);
    let (restored, other) = if h.state().map == left[0].0 {
        (left[0], left[1])
    } else {
        (left[1], left[0])
    };
    assert_eq!(h.state().map, restored.0);
    h.get_by_label_contains("1 other copy is kept");
    assert!(wait_until(|| !restored.1.exists()), "restored: taken over");
    assert!(other.1.exists(), "not restored: kept");

    // A second app started now is offered the one left (this app let go of it).
    let second = app_with_recovery(&dir);
    assert_eq!(offered(&second), 1);
    drop(second);

    // Saving the restored work removes this app's copy only.
    h.state_mut()
        .export_to(stance_map::app::SaveTarget::Map, &dir.join("saved.ron"));
    h.run_steps(2);
    assert!(wait_until(|| copies(&dir) == vec![other.1.clone()]));
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ------------------------------------------------------------------------ two processes

const OTHER_APP_DIR_ENV: &str = "STANCE_MAP_TEST_OTHER_APP_DIR";
const OTHER_APP_COPY: &str = "OTHER-APP-COPY ";

/// Not a test of its own: the other running app of the two-process tests, in a process of
/// its own. It edits the map, prints where its copy is once written, then waits for a line on
/// standard input: `exit` is a clean exit; anything else, or a kill, leaves the copy.
#[test]
#[ignore = "run by the two-process tests as the other app"]
fn other_app() {
    let Some(dir) = std::env::var_os(OTHER_APP_DIR_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let before = copies(&dir);
    let mut h = app_with_recovery(&dir);
    edit_to(&mut h, 0.9);
    h.run_steps(18);
    let copy = new_copy(&dir, &before);
    println!("{OTHER_APP_COPY}{}", copy.display());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    if line.trim() == "exit" {
        h.state_mut().on_exit();
    }
}

/// Another app, running in a process of its own, with unsaved work in its copy.
struct OtherApp {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Kept open: the test harness in the other process prints more after the copy's path.
    _stdout: std::io::Lines<BufReader<ChildStdout>>,
    /// Its copy.
    copy: PathBuf,
}

impl OtherApp {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                common::test_name(module_path!(), "other_app").as_str(),
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(OTHER_APP_DIR_ENV, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let copy = loop {
            let line = lines
                .next()
                .expect("the other app ended before writing its copy")
                .unwrap();
            // The test harness may print "test other_app ... " before it on the same line.
            if let Some(at) = line.find(OTHER_APP_COPY) {
                break PathBuf::from(&line[at + OTHER_APP_COPY.len()..]);
            }
        };
        Self {
            child,
            stdin,
            _stdout: lines,
            copy,
        }
    }

    /// The map its copy holds: read by the test, never by an app.
    fn map(&self) -> StanceMap {
        map_in(&self.copy)
    }

    /// Quit as a user would, with a clean exit.
    fn exit(mut self) {
        writeln!(self.stdin.take().unwrap(), "exit").unwrap();
        assert!(self.child.wait().unwrap().success());
    }

    /// `kill -9`.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for OtherApp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reproduction (a): while A runs, B offers nothing of A's, and B's Discard cannot delete it.
#[test]
fn a_running_apps_copy_is_never_offered_nor_discarded() {
    let dir = temp_dir("two-running");
    let a = OtherApp::start(&dir);
    let a_map = a.map();
    let b = app_with_recovery(&dir);
    assert_eq!(offered(&b), 0, "B offers nothing of A's while A runs");
    drop(b);
    // A copy left by an app that is gone, next to A's.
    let (_, left) = killed_app(&dir, 0.2);
    let mut b = app_with_recovery(&dir);
    assert_eq!(offered(&b), 1, "only the copy of the app that is gone");
    b.get_by_label("Discard").click();
    b.run_steps(2);
    assert!(
        !left.exists(),
        "the copy of the app that is gone is deleted"
    );
    assert_eq!(a.map(), a_map, "A's copy is untouched");
    // B's clean exit removes B's copy and lock, not A's.
    b.state_mut().on_exit();
    drop(b);
    assert_eq!(copies(&dir), vec![a.copy.clone()]);
    assert_eq!(files(&dir, ".lock").len(), 1, "A's lock only");
    // A's clean exit removes its own.
    a.exit();
    assert_eq!(files(&dir, ""), Vec::<PathBuf>::new());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Reproduction (b): A and B both edit; neither overwrites the other's copy.
#[test]
fn two_running_apps_keep_a_copy_each() {
    let dir = temp_dir("two-editing");
    let a = OtherApp::start(&dir);
    let a_map = a.map();
    let mut b = app_with_recovery(&dir);
    assert_eq!(offered(&b), 0, "B offers nothing of A's while A runs");
    edit_to(&mut b, 0.3);
    b.run_steps(18);
    let b_copy = new_copy(&dir, std::slice::from_ref(&a.copy));
    assert_eq!(map_in(&b_copy), b.state().map);
    assert_eq!(a.map(), a_map, "B's copy did not overwrite A's");
    assert_ne!(a_map, b.state().map);
    drop(b);
    a.kill();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Reproduction (c): a second app quits cleanly while A runs, then A is killed with `kill -9`:
/// the next app offers A's copy.
#[test]
fn a_killed_apps_copy_is_offered_after_another_app_quit() {
    let dir = temp_dir("two-killed");
    let a = OtherApp::start(&dir);
    let a_map = a.map();
    let mut b = app_with_recovery(&dir);
    b.state_mut().on_exit();
    drop(b);
    a.kill();
    let mut c = app_with_recovery(&dir);
    assert_eq!(offered(&c), 1, "A's copy is offered once A is gone");
    c.get_by_label("Restore").click();
    c.run_steps(2);
    assert_eq!(c.state().map, a_map);
    drop(c);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A FIFO where a recovery copy should be is refused at once, not waited on: reading it says
/// it is not a regular file, and looking for copies to offer passes it by.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_recovery_copy_is_refused_at_once() {
    let dir = temp_dir("fifo");
    let fifo = dir.join("unsaved-map.ron");
    common::make_fifo(&fifo);
    let (d, f) = (dir.clone(), fifo.clone());
    let (read, offered) = common::within(10, move || {
        let read = stance_map::recovery::read_file(&f).map(|_| ());
        let found = stance_map::recovery::find_offers(&d);
        (read, found.offers.len())
    })
    .expect("reading the recovery copy hung on a FIFO");
    let error = read.unwrap_err();
    assert!(
        error.to_string().contains("is not a regular file"),
        "{error}"
    );
    assert_eq!(offered, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Restoring unsaved work puts back the map, saved view and all, but not that view's date and
/// selection: the session stays as it was, as for any restored work.
#[test]
fn restored_work_with_a_saved_view_keeps_the_session_as_it_was() {
    let dir = temp_dir("restore-view");
    let mut h = app_with_recovery(&dir);
    let view = stance_map::model::SavedView {
        date: 2014.25,
        power: Some(PowerId("china".into())),
        step: Some(2),
        indicators: Vec::new(),
    };
    h.state_mut().apply_edit(Edit::SetView(Some(view.clone())));
    h.run_steps(18); // past the pause after the last edit
    new_copy(&dir, &[]);
    drop(h);

    let mut h = app_with_recovery(&dir);
    h.state_mut().session.date_year_f64 = 2001.0;
    h.get_by_label("Restore").click();
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.map.view, Some(view));
    assert!((app.session.date_year_f64 - 2001.0).abs() < 1e-12);
    assert_eq!(app.session.selected_power, None);
    assert_eq!(app.selected_story_step(), None);
    drop(h);
    std::fs::remove_dir_all(&dir).unwrap();
}
