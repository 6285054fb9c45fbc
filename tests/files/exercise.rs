//! Exercises on disk: `stance-map exercise MAP.ron OUT.ron`, and what `check`, the keyframes
//! CSV and the handout say of keyframes still to judge ("not yet judged", never a zero).

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::Path;

use crate::common::temp_dir;

use stance_map::article::article_map;
use stance_map::model::exercise::make_exercise;
use stance_map::storage::{load_path, save_path};

/// Run the binary with `args` in `dir`, without a display; its exit code and standard output
/// and error.
fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_exercise_command_writes_a_copy_to_judge_and_leaves_the_map() {
    let dir = temp_dir("exercise_cli");
    let map = article_map().unwrap();
    save_path(&map, &dir.join("map.ron")).unwrap();
    let before = std::fs::read(dir.join("map.ron")).unwrap();
    let (code, stdout, stderr) = run_in(&dir, &["exercise", "map.ron", "out.ron"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("out.ron: wrote the exercise"), "{stdout}");
    assert!(stdout.contains("Give this file to students"), "{stdout}");
    assert_eq!(std::fs::read(dir.join("map.ron")).unwrap(), before);
    let exercise = load_path(&dir.join("out.ron")).unwrap();
    assert_eq!(exercise, make_exercise(&map));
    assert!(exercise.exercise);
    let keyframes = exercise.powers.iter().flat_map(|p| &p.track);
    assert!(keyframes.clone().all(|k| k.unjudged));
    let evidence = |m: &stance_map::model::StanceMap| {
        m.powers
            .iter()
            .flat_map(|p| p.track.iter().map(|k| k.evidence.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(evidence(&exercise), evidence(&map), "the evidence stays");

    // `check` counts what is still to judge.
    let n = keyframes.count();
    let (code, stdout, _) = run_in(&dir, &["check", "out.ron"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains(&format!("{n} of {n} keyframes not yet judged")),
        "{stdout}"
    );
    let (_, stdout, _) = run_in(&dir, &["check", "map.ron"]);
    assert!(!stdout.contains("not yet judged"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_exercise_command_refuses_bad_arguments() {
    let dir = temp_dir("exercise_cli_bad");
    save_path(&article_map().unwrap(), &dir.join("map.ron")).unwrap();
    let before = std::fs::read(dir.join("map.ron")).unwrap();
    // Over the map itself, also by another spelling of its path.
    for out in ["map.ron", "./map.ron"] {
        let (code, stdout, _) = run_in(&dir, &["exercise", "map.ron", out]);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains("would overwrite the map"), "{stdout}");
        assert_eq!(std::fs::read(dir.join("map.ron")).unwrap(), before);
    }
    // A map that is not there, or not a map.
    std::fs::write(dir.join("junk.ron"), "not a map").unwrap();
    for input in ["missing.ron", "junk.ron"] {
        let (code, stdout, _) = run_in(&dir, &["exercise", input, "out.ron"]);
        assert_eq!(code, Some(1), "{input}: {stdout}");
        assert!(stdout.starts_with("error: "), "{stdout}");
        assert!(!dir.join("out.ron").exists());
    }
    // The command line itself wrong: usage on standard error, exit 2.
    for args in [
        &["exercise"][..],
        &["exercise", "map.ron"],
        &["exercise", "map.ron", "a.ron", "b.ron"],
        &["exercise", "--bogus", "map.ron", "out.ron"],
    ] {
        let (code, _, stderr) = run_in(&dir, args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(
            stderr.contains("Usage: stance-map exercise"),
            "{args:?}: {stderr}"
        );
    }
    let (code, stdout, _) = run_in(&dir, &["exercise", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("not yet judged"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_csv_and_the_handout_say_not_yet_judged_and_never_zero() {
    let mut exercise = make_exercise(&article_map().unwrap());
    // One judged keyframe, to tell the two apart.
    exercise.powers[0].track[0].unjudged = false;
    exercise.powers[0].track[0].strength = 0.4;
    let csv = stance_map::export::keyframes_csv(&exercise);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    let first_keyframe = &exercise.powers[0].track[0];
    for row in &rows {
        let fields: Vec<&str> = row.splitn(7, ',').collect();
        let judged =
            fields[0] == exercise.powers[0].id.0 && fields[2] == first_keyframe.date.to_iso();
        if judged {
            assert_eq!(fields[4], "0.4", "{row}");
            assert_ne!(fields[5], "not yet judged");
        } else {
            assert_eq!((fields[4], fields[5]), ("", "not yet judged"), "{row}");
        }
    }
    let dir = temp_dir("exercise_handout");
    for name in ["h.md", "h.html"] {
        let path = dir.join(name);
        stance_map::export::write_handout(&exercise, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("not yet judged"), "{name}");
        assert!(
            !text.contains("Strength: 0") && !text.contains("<strong>0"),
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_compass_svg_draws_no_arrow_for_a_value_still_to_judge() {
    let map = article_map().unwrap();
    let exercise = make_exercise(&map);
    let svg = stance_map::slides::compass_svg(&exercise, Some(0), [1920, 1080]);
    assert_eq!(
        svg.matches("class=\"unjudged\"").count(),
        map.powers.len(),
        "a ? for every power"
    );
    assert!(svg.contains("not yet judged"));
    let values: Vec<&str> = svg
        .split("class=\"value\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(
        values,
        vec!["not yet judged"; map.powers.len()],
        "no value printed as zero"
    );
    assert!(
        !svg.contains("id=\"net-tilt\""),
        "no net tilt of nothing judged"
    );
    let judged = stance_map::slides::compass_svg(&map, Some(0), [1920, 1080]);
    assert!(!judged.contains("not yet judged") && judged.contains("id=\"net-tilt\""));
}
