//! The command line as a user runs it: the binary, its `--help` and `--version`, `--`, usage
//! errors and their exit code, file names that are not UTF-8, and the log it prints.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::ffi::OsStr;
use std::path::Path;

use crate::common::temp_dir;

use stance_map::article::article_map;
use stance_map::storage::save_path;

/// What a run of the binary gave back.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run the binary with `args` in `dir` (the test's own folder), without a display, so
/// nothing opens a window, and without `RUST_LOG` unless `log` sets it.
fn run_in(dir: &Path, args: &[&OsStr], log: Option<&str>) -> Run {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_stance-map"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("RUST_LOG");
    if let Some(log) = log {
        command.env("RUST_LOG", log);
    }
    let out = command.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn args(args: &[&'static str]) -> Vec<&'static OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

fn run(a: &[&'static str]) -> Run {
    run_in(&std::env::temp_dir(), &args(a), None)
}

/// `--help` of the app and of each subcommand succeeds, on standard output, and names every
/// flag the README lists for it; `help SUBCOMMAND` says the same.
#[test]
fn every_subcommand_has_help_that_names_its_flags() {
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &["--help"],
            &[
                "--present",
                "[FILE]",
                "check",
                "fmt",
                "export",
                "--version",
                "Exit status",
            ],
        ),
        (&["-h"], &["--present", "check", "fmt", "export"]),
        (
            &["check", "--help"],
            &["<FILE>...", "warnings", "Exit status"],
        ),
        (&["fmt", "--help"], &["<FILE>...", ".bak", "Exit status"]),
        (
            &["export", "--help"],
            &[
                "--handout <OUT.md|OUT.html>",
                "--csv <OUT.csv>",
                "--indicators-csv <OUT.csv>",
                "--step <N>",
                "--png <OUT.png>",
                "--svg <OUT.svg>",
                "--frames <DIR>",
                "--size <WxH>",
                "1920x1080",
                "Exit status",
            ],
        ),
        (
            &["help", "export"],
            &["--frames <DIR>", "--step N --png OUT.png"],
        ),
    ];
    for (args, names) in cases {
        let out = run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{args:?}");
        for name in names {
            assert!(
                out.stdout.contains(name),
                "{args:?} lacks {name}:\n{}",
                out.stdout
            );
        }
    }
}

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert_eq!(
            out.stdout,
            format!("stance-map {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
}

/// A wrong command line exits with 2 (documented in `--help`), says what is wrong and where
/// to find help on standard error, and prints nothing on standard output.
#[test]
fn usage_errors_exit_with_2_on_standard_error() {
    let cases: [(&[&str], &str); 7] = [
        (&["--bogus"], "unexpected argument '--bogus'"),
        (&["check"], "<FILE>..."),
        (&["fmt"], "<FILE>..."),
        (&["export", "m.ron"], "export needs at least one output"),
        (
            &["export", "m.ron", "--png", "s.png"],
            "say which with --step N",
        ),
        (
            &["export", "m.ron", "--csv"],
            "a value is required for '--csv",
        ),
        (&["m.ron", "check", "a.ron"], "check comes first"),
    ];
    for (args, says) in cases {
        let out = run(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr.starts_with("error: "),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("try '--help'"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // A map that is not valid is not a usage error: 1, as `--help` says.
    let dir = temp_dir("invalid");
    std::fs::write(dir.join("bad.ron"), "(broken").unwrap();
    let out = run_in(&dir, &["check".as_ref(), "bad.ron".as_ref()], None);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// After `--` an argument is a file name, even one that looks like an option: a map named
/// `--present` is checked, exported and opened (here without a display, so opening fails
/// for want of a window, not for the command line).
#[test]
fn a_double_dash_lets_a_file_named_like_an_option_be_used() {
    let dir = temp_dir("double-dash");
    save_path(&article_map().unwrap(), &dir.join("--present")).unwrap();

    let out = run_in(&dir, &args(&["check", "--", "--present"]), None);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.starts_with("--present: ok"), "{}", out.stdout);

    let out = run_in(
        &dir,
        &args(&["export", "--csv", "out.csv", "--", "--present"]),
        None,
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(dir.join("out.csv").is_file());

    // Without `--`, `--present` is the flag, and `check` has no file.
    let out = run_in(&dir, &args(&["check", "--present"]), None);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("-- --present"),
        "the tip: {}",
        out.stderr
    );

    let out = run_in(&dir, &args(&["--", "--present"]), None);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(
        out.stderr.contains("could not open its window"),
        "{}",
        out.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A map and outputs whose names are not UTF-8 are checked and exported, slides included.
#[cfg(unix)]
#[test]
fn slides_export_to_and_from_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt as _;

    let dir = temp_dir("not-utf8-slides");
    let name = |bytes: &[u8]| OsStr::from_bytes(bytes).to_owned();
    let map = article_map().unwrap();
    let input = dir.join(name(b"\xffserbia.ron"));
    save_path(&map, &input).unwrap();
    let png = name(b"step\xfe.png");
    let frames = name(b"frames\x80");

    let out = run_in(&dir, &["check".as_ref(), input.as_os_str()], None);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    let out = run_in(
        &dir,
        &[
            "export".as_ref(),
            input.as_os_str(),
            "--step".as_ref(),
            "1".as_ref(),
            "--png".as_ref(),
            &png,
            "--frames".as_ref(),
            &frames,
            "--size".as_ref(),
            "96x64".as_ref(),
        ],
        None,
    );
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert!(dir.join(&png).is_file());
    let written = std::fs::read_dir(dir.join(&frames)).unwrap().count();
    assert_eq!(written, map.story.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What eframe and its window system report through `log` is printed on standard error:
/// warnings by default, more when `RUST_LOG` asks, nothing when it says `off`.
#[test]
fn the_log_is_printed_as_rust_log_asks() {
    let dir = temp_dir("log");
    let debug = run_in(&dir, &[], Some("debug"));
    assert_eq!(debug.code, Some(1), "no display: {}", debug.stderr);
    assert!(
        debug.stderr.lines().any(|l| l.starts_with("[DEBUG eframe")),
        "{}",
        debug.stderr
    );
    let default = run_in(&dir, &[], None);
    assert!(!default.stderr.contains("[DEBUG"), "{}", default.stderr);
    assert!(
        default.stderr.contains("could not open its window"),
        "{}",
        default.stderr
    );
    let off = run_in(&dir, &[], Some("off"));
    assert!(!off.stderr.contains("[DEBUG"), "{}", off.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The launcher entry: `assets/stance-map.desktop` runs the installed binary on a file, names
/// the icon the README installs, and matches the window's app id, so the launcher and the task
/// bar show the window as stance-map. `desktop-file-validate` passes it where it is installed.
#[test]
fn the_desktop_file_matches_the_window() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/stance-map.desktop");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("[Desktop Entry]"));
    let keys: std::collections::HashMap<&str, &str> = lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('=').unwrap())
        .collect();
    assert_eq!(keys["Type"], "Application");
    assert_eq!(keys["Name"], "stance-map");
    assert_eq!(keys["Exec"], "stance-map %f");
    assert_eq!(keys["Terminal"], "false");
    assert_eq!(keys["Categories"], "Education;Science;");
    assert_eq!(keys["StartupWMClass"], stance_map::app::APP_ID);
    assert!(!keys["Comment"].is_empty());
    let icon = keys["Icon"];
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("assets/{icon}.png"))
            .is_file(),
        "the icon the README installs as {icon}.png"
    );
    if let Ok(out) = std::process::Command::new("desktop-file-validate")
        .arg(&path)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// The window icon built into the app decodes to a square RGBA image: a compass on a clear
/// background (corners transparent, centre opaque).
#[test]
fn the_window_icon_is_a_square_image() {
    let icon = stance_map::app::window_icon().expect("the icon decodes");
    assert_eq!((icon.width, icon.height), (256, 256));
    assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    let alpha = |x: usize, y: usize| icon.rgba[(y * 256 + x) * 4 + 3];
    assert_eq!(alpha(0, 0), 0);
    assert_eq!(alpha(255, 255), 0);
    assert_eq!(alpha(128, 128), 255);
}
