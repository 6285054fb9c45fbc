//! `stance-map class`: a class's readings of one map, generated into folders (with broken,
//! copied, foreign and mismatched files among them), summarised as CSV; the statistics are
//! checked against values worked out by hand, and the messages and exit codes against what a
//! lecturer needs to see.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::Path;

use crate::common::temp_dir;

use stance_map::article::article_map;
use stance_map::model::edit::Edit;
use stance_map::model::exercise::make_exercise;
use stance_map::model::{Confidence, Date, Interpolation, Keyframe, Power, PowerId, StanceMap};
use stance_map::storage::to_ron_string;

/// What a run of the binary gave back.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"))
        .args(args)
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(path: &Path, map: &StanceMap) {
    std::fs::write(path, to_ron_string(map)).unwrap();
}

/// The CSV's rows (after its header) as fields, the byte-order mark taken off.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "power_id,power,date,year_fraction,n,median,q1,q3,min,max,mean,sd,alpha_power,alpha_overall"
    );
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], power: &str, date: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == power && r[2] == date)
        .unwrap_or_else(|| panic!("no row for {power} at {date}"))
}

fn number(field: &str) -> f64 {
    field
        .parse()
        .unwrap_or_else(|_| panic!("{field:?} is not a number"))
}

/// The table's statistics are rounded to 6 decimals.
fn assert_close(got: &str, want: f64, what: &str) {
    assert!(
        (number(got) - want).abs() <= 5e-7,
        "{what}: {got} vs {want}"
    );
}

/// The article's map with the EU's first keyframe (1991) judged `eu_1991` and an analyst.
fn reading(analyst: &str, eu_1991: f64) -> StanceMap {
    let mut map = article_map().unwrap();
    map.analyst = analyst.into();
    map.powers[0].track[0].strength = eu_1991;
    map
}

#[test]
fn a_class_of_the_article_map_with_broken_and_mismatched_files() {
    let dir = temp_dir("article");
    let class = dir.join("class");
    std::fs::create_dir(&class).unwrap();
    let article = article_map().unwrap();
    assert_eq!(article.powers[0].id, PowerId("eu".into()));
    assert_eq!(article.powers[0].track[0].date, Date::year(1991));
    write(&dir.join("reference.ron"), &article);

    write(&class.join("a-ana.ron"), &reading("Ana", 0.1));
    write(&class.join("b-ben.ron"), &reading("Ben", 0.2));
    write(&class.join("c-cy.ron"), &reading("Cy", 0.4));
    write(&class.join("d-dee.ron"), &reading("Dee", 0.9));
    // Extreme but valid: every strength at an end of the scale.
    let mut extreme = reading("Ed", -1.0);
    for k in extreme.powers.iter_mut().flat_map(|p| p.track.iter_mut()) {
        k.strength = -1.0;
    }
    write(&class.join("e-extreme.ron"), &extreme);
    // Lacks Russia.
    let mut lacking = reading("Fay", 0.2);
    let russia = PowerId("russia".into());
    stance_map::model::edit::apply(&mut lacking, &Edit::RemovePower { power: russia }).unwrap();
    write(&class.join("f-lacks-russia.ron"), &lacking);
    // An extra keyframe of China in 2030.
    let mut extra = reading("Gus", 0.4);
    let china = extra.powers.iter_mut().find(|p| p.id.0 == "china").unwrap();
    let mut late = china.track.last().unwrap().clone();
    late.date = Date::year(2030);
    china.track.push(late);
    write(&class.join("g-extra-keyframe.ron"), &extra);
    // An exercise nobody filled in: every keyframe unjudged, so it gives no values.
    let mut blank = make_exercise(&article);
    blank.analyst = "Zed".into();
    write(&class.join("h-blank-exercise.ron"), &blank);
    // What is not a reading.
    std::fs::copy(class.join("a-ana.ron"), class.join("i-ana-copy.ron")).unwrap();
    std::fs::write(
        class.join("j-syntax.ron"),
        "(\n    format_version: 6,\n    title: \"Unfinished\n",
    )
    .unwrap();
    std::fs::write(class.join("k-not-a-map.ron"), "(shopping: [\"milk\"])\n").unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    std::fs::write(class.join("l-photo.png"), png).unwrap();
    std::fs::write(class.join("m-photo-renamed.ron"), png).unwrap();
    let mut hungary = reading("Hal", 0.0);
    hungary.subject = "Hungary".into();
    write(&class.join("n-hungary.ron"), &hungary);

    for with_map in [true, false] {
        let csv = dir.join(format!("class-{with_map}.csv"));
        let csv_arg = csv.to_str().unwrap();
        let mut args = vec!["class", "class", "--csv", csv_arg];
        if with_map {
            args.extend(["--map", "reference.ron"]);
        }
        let out = run(&dir, &args);
        assert_eq!(out.code, Some(0), "{}", out.stderr);

        // Every file that gave no reading, one a line, with why.
        let lines: Vec<&str> = out.stderr.lines().collect();
        assert_eq!(lines.len(), 6, "{}", out.stderr);
        let line = |file: &str| {
            *lines
                .iter()
                .find(|l| l.starts_with(&format!("{file}: ")))
                .unwrap_or_else(|| panic!("{file} not reported:\n{}", out.stderr))
        };
        assert!(line("i-ana-copy.ron").contains("skipped: the same file as a-ana.ron"));
        assert!(
            line("j-syntax.ron").contains("error: line 3, column"),
            "{}",
            line("j-syntax.ron")
        );
        assert!(line("k-not-a-map.ron").contains("error: line 1, column"));
        assert!(line("l-photo.png").contains("skipped: not a map file"));
        assert!(
            line("m-photo-renamed.ron").contains("error: line 1, column 1: the file is not text")
        );
        assert!(line("n-hungary.ron").contains("skipped: it is a map of Hungary, not of Serbia"));

        // Each reading that differs in shape from the map, with how.
        assert!(
            out.stdout
                .contains("f-lacks-russia.ron (Fay): differs from the map: lacks the power Russia"),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(
                "g-extra-keyframe.ron (Gus): differs from the map: has a keyframe of China at 2030"
            ),
            "{}",
            out.stdout
        );
        // A reading's keyframes still to judge are one count, not one phrase each.
        let keyframes: usize = article.powers.iter().map(|p| p.track.len()).sum();
        assert!(
            out.stdout.contains(&format!(
                "h-blank-exercise.ron (Zed): differs from the map: {keyframes} of {keyframes} \
                 keyframes not yet judged\n"
            )),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("has not judged"), "{}", out.stdout);
        assert!(out.stdout.contains("from 8 readings of"), "{}", out.stdout);

        let rows = rows(&csv);
        assert_eq!(
            rows.len(),
            article.powers.iter().map(|p| p.track.len()).sum::<usize>()
        );
        // The EU in 1991: −1 (Ed), 0.1, 0.2, 0.2 (Fay), 0.4, 0.4 (Gus), 0.9; the blank
        // exercise judged nothing. Sorted, n = 7: the median is the 4th, 0.2; the quartiles
        // sit at positions 1.5 and 4.5 (from 0): 0.1 + 0.5 × 0.1 = 0.15 and 0.4; the mean is
        // 1.2 / 7; Σv² = 2.22, so the sample sd is √((2.22 − 1.2²/7) / 6).
        let eu = row(&rows, "eu", "1991");
        assert_eq!(eu[4], "7");
        assert_close(&eu[5], 0.2, "median");
        assert_close(&eu[6], 0.15, "q1");
        assert_close(&eu[7], 0.4, "q3");
        assert_close(&eu[8], -1.0, "min");
        assert_close(&eu[9], 0.9, "max");
        assert_close(&eu[10], 1.2 / 7.0, "mean");
        assert_close(&eu[11], ((2.22_f64 - 1.44 / 7.0) / 6.0).sqrt(), "sd");
        // Russia's first keyframe: Fay lacks Russia and Zed judged nothing, so 6 values:
        // the article's five times and Ed's −1.
        let russia = &article.powers.iter().find(|p| p.id.0 == "russia").unwrap();
        let first = &russia.track[0];
        let r = row(&rows, "russia", &first.date.to_iso());
        assert_eq!(r[4], "6");
        assert_close(&r[5], first.strength, "Russia's median");
        assert_close(&r[8], -1.0, "Russia's min");
        // China's extra keyframe is Gus's own, not a row.
        assert!(!rows.iter().any(|r| r[2] == "2030"));
        // Agreement is a figure on every row, the same overall.
        let overall = &rows[0][13];
        assert!(rows.iter().all(|r| &r[13] == overall));
        assert!((-1.0..=1.0).contains(&number(overall)), "{overall}");
    }
}

fn keyframe(year: i32, strength: f64) -> Keyframe {
    Keyframe {
        date: Date::year(year),
        strength,
        confidence: Confidence::Medium,
        interpolation: Interpolation::Linear,
        reasoning: String::new(),
        evidence: Vec::new(),
        unjudged: false,
    }
}

/// A map of one subject with powers `a` (keyframes in 2000 and 2010) and `b` (2000).
fn small(analyst: &str, a: [f64; 2], b: f64) -> StanceMap {
    let mut map = StanceMap::empty();
    map.analyst = analyst.into();
    let power = |id: &str, track| Power {
        id: PowerId(id.into()),
        name: id.to_uppercase(),
        color: "#123456".into(),
        bearing_deg: 0.0,
        track,
    };
    map.powers = vec![
        power("a", vec![keyframe(2000, a[0]), keyframe(2010, a[1])]),
        power("b", vec![keyframe(2000, b)]),
    ];
    map
}

#[test]
fn agreement_figures_in_the_table_match_a_hand_computation() {
    let dir = temp_dir("alpha");
    // Power a: units {0, 1} and {0, 1}. n = 4 pairable values; within units each has
    // Σ_{i≠j}(vi − vj)² = 2, over m − 1 = 1, total 4; across all values 8 ordered pairs differ
    // by 1. alpha = 1 − (n − 1) × 4 / 8 = −0.5. Power b: both 0.3, nothing to measure (empty).
    // Overall: units {0,1}, {0,1}, {0.3,0.3}: n = 6, within 4, values 0,0,0.3,0.3,1,1 with
    // mean 13/30: Σ(v − mean)² = 2(13/30)² + 2(4/30)² + 2(17/30)² = 948/900, all pairs
    // 2 × 6 × 948/900; alpha = 1 − 5 × 4 / (12 × 948/900).
    write(&dir.join("r1.ron"), &small("One", [0.0, 0.0], 0.3));
    write(&dir.join("r2.ron"), &small("Two", [1.0, 1.0], 0.3));
    let out = run(&dir, &["class", "r1.ron", "r2.ron", "--csv", "out.csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let rows = rows(&dir.join("out.csv"));
    assert_eq!(rows.len(), 3);
    let overall = 1.0 - 5.0 * 4.0 / (12.0 * 948.0 / 900.0);
    for r in &rows {
        assert_close(&r[13], overall, "alpha overall");
    }
    let a = row(&rows, "a", "2000");
    assert_close(&a[12], -0.5, "alpha of a");
    assert_eq!(
        (a[4].as_str(), a[5].as_str(), a[11].as_str()),
        // 1/√2 rounded to 6 decimals.
        ("2", "0.5", "0.707107")
    );
    assert_eq!(
        row(&rows, "b", "2000")[12],
        "",
        "no disagreement to measure"
    );
    // The summary gives each power's own figure first (b has none to give), then the pooled.
    assert!(
        out.stdout.contains(&format!(
            "; agreement (α) by power: A −0.50 — 0.800 reliable, 0.667 tentative; all powers \
             pooled (Krippendorff's alpha) {overall:.3}, systematic disagreement"
        )),
        "{}",
        out.stdout
    );
}

/// The class CSV's statistics carry no floating-point noise: 0.1 and 0.2 have the median and
/// mean 0.15 (not 0.15000000000000002), and no figure has more than 6 decimals.
#[test]
fn the_class_tables_statistics_are_rounded_to_six_decimals() {
    let dir = temp_dir("rounded");
    write(&dir.join("r1.ron"), &small("One", [0.1, 0.7], 0.3));
    write(&dir.join("r2.ron"), &small("Two", [0.2, 0.1], 0.3));
    let out = run(&dir, &["class", "r1.ron", "r2.ron", "--csv", "out.csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let rows = rows(&dir.join("out.csv"));
    let a = row(&rows, "a", "2000");
    assert_eq!((a[5].as_str(), a[10].as_str()), ("0.15", "0.15"), "{a:?}");
    for r in &rows {
        for cell in &r[5..] {
            let decimals = cell.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(
                decimals <= 6 && !cell.ends_with('0') || cell == "0",
                "{r:?}"
            );
        }
    }
}

#[test]
fn a_thousand_files_of_which_some_are_not_maps() {
    let dir = temp_dir("thousand");
    let class = dir.join("class");
    std::fs::create_dir(&class).unwrap();
    // 950 readings: a's 2000 value cycles −0.5, −0.25, 0, 0.25, 0.5 (190 of each), so the
    // median, mean and quartiles' middle are 0, min −0.5 and max 0.5; with n = 950 the
    // quartiles sit at positions 237.25 and 711.75 of the sorted values: −0.25 and 0.25.
    for i in 0..950 {
        let strength = (f64::from(i % 5) - 2.0) / 4.0;
        write(
            &class.join(format!("{i:04}.ron")),
            &small(&format!("Student {i}"), [strength, 0.0], 0.0),
        );
    }
    for i in 950..1000 {
        let name = if i % 2 == 0 {
            format!("{i:04}.ron")
        } else {
            format!("{i:04}.txt")
        };
        std::fs::write(class.join(name), format!("not a map {i}\n")).unwrap();
    }
    let out = run(&dir, &["class", "class", "--csv", "out.csv"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 50, "{}", out.stderr);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(": error: line 1, column"))
            .count(),
        25
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains(": skipped: not a map file"))
            .count(),
        25
    );
    let rows = rows(&dir.join("out.csv"));
    let a = row(&rows, "a", "2000");
    assert_eq!(a[4], "950");
    for (i, want) in [
        (5, 0.0),
        (6, -0.25),
        (7, 0.25),
        (8, -0.5),
        (9, 0.5),
        (10, 0.0),
    ] {
        assert_close(&a[i], want, &format!("column {i}"));
    }
    assert!(out.stdout.contains("from 950 readings"), "{}", out.stdout);
}

#[test]
fn nothing_to_summarise_fails_and_a_wrong_command_line_is_a_usage_error() {
    let dir = temp_dir("fail");
    std::fs::create_dir(dir.join("empty")).unwrap();
    let out = run(&dir, &["class", "empty", "--csv", "out.csv"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("empty is empty"), "{}", out.stderr);
    assert!(!dir.join("out.csv").exists());

    std::fs::create_dir(dir.join("broken")).unwrap();
    std::fs::write(dir.join("broken/a.ron"), "(").unwrap();
    std::fs::write(dir.join("broken/b.md"), "notes").unwrap();
    let out = run(&dir, &["class", "broken", "--csv", "out.csv"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.contains("a.ron: error:"), "{}", out.stderr);
    assert!(
        out.stderr.contains("b.md: skipped: not a map file"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("no reading loaded"), "{}", out.stderr);
    assert!(!dir.join("out.csv").exists());

    // A reading loaded but the table cannot be written.
    write(&dir.join("r.ron"), &small("One", [0.0, 0.0], 0.0));
    let out = run(&dir, &["class", "r.ron", "--csv", "no-such-folder/out.csv"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stderr.contains("no-such-folder"), "{}", out.stderr);
    // The table may not overwrite a map.
    let out = run(&dir, &["class", "r.ron", "--csv", "r.ron"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("would overwrite a map"),
        "{}",
        out.stderr
    );

    for args in [
        &["class", "r.ron"][..],
        &["class", "--csv", "out.csv"],
        &["class", "r.ron", "--csv", "o.csv", "--bogus"],
    ] {
        let out = run(&dir, args);
        assert_eq!(out.code, Some(2), "{args:?}");
        assert!(out.stderr.starts_with("error:"), "{args:?}: {}", out.stderr);
    }
    let out = run(&dir, &["class", "--help"]);
    assert_eq!(out.code, Some(0));
    for name in [
        "<FOLDER_OR_FILE>...",
        "--csv <OUT.csv>",
        "--map <MAP.ron>",
        "Krippendorff",
        "Exit status",
    ] {
        assert!(out.stdout.contains(name), "lacks {name}: {}", out.stdout);
    }
}

#[test]
fn a_copy_of_the_reference_in_the_class_folder_is_not_a_reading() {
    let dir = temp_dir("reference-copy");
    let class = dir.join("class");
    std::fs::create_dir(&class).unwrap();
    let article = article_map().unwrap();
    write(&dir.join("reference.ron"), &article);
    write(&class.join("a-ana.ron"), &reading("Ana", 0.1));
    write(&class.join("b-ben.ron"), &reading("Ben", 0.2));
    // The lecturer's own map, saved into the folder too, with other whitespace: not a copy
    // of any reading's bytes, but the same map.
    let text = to_ron_string(&article).replace('\n', "\r\n");
    std::fs::write(class.join("c-my-own.ron"), text).unwrap();
    let csv = dir.join("class.csv");
    let out = run(
        &dir,
        &[
            "class",
            "class",
            "--csv",
            csv.to_str().unwrap(),
            "--map",
            "reference.ron",
        ],
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("c-my-own.ron: skipped: it is the reference map itself"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("from 2 readings of"), "{}", out.stdout);
    let rows = rows(&csv);
    assert_eq!(row(&rows, "eu", "1991")[4], "2");
}

#[test]
fn without_a_map_a_stray_map_sorting_first_does_not_turn_the_readings_away() {
    let dir = temp_dir("stray-first");
    let class = dir.join("class");
    std::fs::create_dir(&class).unwrap();
    let mut hungary = reading("Hal", 0.0);
    hungary.subject = "Hungary".into();
    write(&class.join("a-stray-hungary.ron"), &hungary);
    write(&class.join("b-ana.ron"), &reading("Ana", 0.1));
    write(&class.join("c-ben.ron"), &reading("Ben", 0.2));
    write(&class.join("d-cy.ron"), &reading("Cy", 0.4));
    let csv = dir.join("class.csv");
    let out = run(&dir, &["class", "class", "--csv", csv.to_str().unwrap()]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("matched against the subject and powers of class/b-ana.ron"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("from 3 readings of"), "{}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("a-stray-hungary.ron: skipped: it is a map of Hungary, not of Serbia"),
        "{}",
        out.stderr
    );
    assert_eq!(row(&rows(&csv), "eu", "1991")[4], "3");
}
