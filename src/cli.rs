//! The command line: `stance-map check FILE...` and friends, which need no window.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::PathBuf;

use crate::model::Summary;
use crate::model::text::display_safe_line;
use crate::storage::{Loaded, SaveOptions, load_path, open_path, to_ron_string};

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open the app, on a file or on the article's map.
    Open {
        /// The map to open; `None` opens the article's map.
        file: Option<PathBuf>,
        /// Start in presenter mode, full screen.
        present: bool,
    },
    /// Validate files and print a summary of each.
    Check {
        /// The files.
        files: Vec<PathBuf>,
    },
    /// Rewrite files in the layout the app saves (after checking them).
    Format {
        /// The files.
        files: Vec<PathBuf>,
    },
    /// Write handouts and tables from a map: `stance-map export FILE --handout … --csv …`.
    Export(ExportArgs),
    /// Print usage.
    Help,
}

/// What `stance-map export` should read and write.
///
/// Extension point: a new output or option (for example slides: `--step N`, `--png OUT.png`,
/// `--frames DIR`, `--svg OUT.svg`, `--size WxH`) is one new field here, one arm in
/// [`parse_export_args`], a line in [`ExportArgs::has_output`] if it is an output, and its
/// writer in [`export`]. Build values with `..ExportArgs::default()` so added fields do not
/// break callers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportArgs {
    /// The map to read.
    pub file: PathBuf,
    /// Where to write the evidence handout: HTML for `.html`/`.htm`, otherwise Markdown.
    pub handout: Option<PathBuf>,
    /// Where to write the keyframes and their evidence as CSV.
    pub csv: Option<PathBuf>,
    /// Where to write every measured indicator's values as CSV.
    pub indicators_csv: Option<PathBuf>,
    /// The story step (from 1) for `--png` and `--svg`, as given: checked by [`export`], so a
    /// bad number fails like a bad map (exit code 1), naming how many steps there are.
    pub step: Option<String>,
    /// Where to write the step's slide as a PNG image.
    pub png: Option<PathBuf>,
    /// A folder to write one PNG slide per story step into (`step-01.png`, …), created if needed.
    pub frames: Option<PathBuf>,
    /// Where to write the step's compass as SVG.
    pub svg: Option<PathBuf>,
    /// The image size as given, `WIDTHxHEIGHT` (default 1920x1080), checked by [`export`].
    pub size: Option<String>,
}

impl ExportArgs {
    /// Whether at least one output is asked for.
    pub fn has_output(&self) -> bool {
        self.handout.is_some()
            || self.csv.is_some()
            || self.indicators_csv.is_some()
            || self.png.is_some()
            || self.frames.is_some()
            || self.svg.is_some()
    }

    /// Every output path with what it is, in the order they are written.
    fn outputs(&self) -> Vec<(&'static str, &PathBuf)> {
        [
            ("--handout", &self.handout),
            ("--csv", &self.csv),
            ("--indicators-csv", &self.indicators_csv),
            ("--png", &self.png),
            ("--svg", &self.svg),
        ]
        .into_iter()
        .filter_map(|(flag, path)| path.as_ref().map(|p| (flag, p)))
        .collect()
    }
}

/// The usage text.
pub const USAGE: &str = "\
usage:
  stance-map               open the app on the article's map of Serbia
  stance-map FILE          open the app on a map file (.ron)
  stance-map --present [FILE]  present the map's story full screen (Esc leaves)
  stance-map check FILE... check map files and print a summary of each, with
                           warnings (a date before an event its evidence
                           describes); warnings alone do not fail the check
  stance-map fmt FILE...   rewrite valid map files in the layout stance-map saves
  stance-map export FILE [--handout OUT.md|OUT.html] [--csv OUT.csv]
                    [--indicators-csv OUT.csv]
                           write an evidence handout (Markdown, or HTML for .html/.htm),
                           a CSV of every keyframe and quote, and/or a CSV of every
                           measured indicator's values; at least one output
  stance-map export FILE --step N --png OUT.png [--size WxH]
  stance-map export FILE --step N --svg OUT.svg [--size WxH]
  stance-map export FILE --frames DIR [--size WxH]
                           draw story step N (from 1) as a slide image or its compass as
                           SVG, or every step as DIR/step-01.png, …; no window needed;
                           size 1920x1080 unless given, each side 64 to 8192 pixels
  stance-map --help        show this text";

/// Read the arguments (without the program name), as `std::env::args_os` gives them: a file
/// name may be anything the system allows, UTF-8 or not; verbs and options are plain text.
pub fn parse_args<S: AsRef<OsStr>>(args: &[S]) -> Result<Command, String> {
    let args: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    match args.as_slice() {
        [] => Ok(Command::Open {
            file: None,
            present: false,
        }),
        [flag, rest @ ..] if *flag == "--present" && rest.len() <= 1 => Ok(Command::Open {
            file: rest.first().map(PathBuf::from),
            present: true,
        }),
        [flag] if *flag == "--help" || *flag == "-h" || *flag == "help" => Ok(Command::Help),
        [verb, files @ ..] if *verb == "check" || *verb == "fmt" => {
            if files.is_empty() {
                return Err(format!("{} needs at least one file", verb.display()));
            }
            let files = files.iter().map(PathBuf::from).collect();
            Ok(if *verb == "check" {
                Command::Check { files }
            } else {
                Command::Format { files }
            })
        }
        [verb, rest @ ..] if *verb == "export" => parse_export_args(rest).map(Command::Export),
        [file] if !file.as_encoded_bytes().starts_with(b"-") => Ok(Command::Open {
            file: Some(PathBuf::from(file)),
            present: false,
        }),
        _ => Err(format!(
            "unknown arguments: {}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        )),
    }
}

/// `--flag=value` split at its first `=`: the flag as text, and the value as given, which
/// may be any file name. `None` when the argument is not of that form.
fn split_joined(arg: &OsStr) -> Result<Option<(&str, OsString)>, String> {
    let bytes = arg.as_encoded_bytes();
    let Some(eq) = bytes.iter().position(|&b| b == b'=') else {
        return Ok(None);
    };
    let Ok(flag) = std::str::from_utf8(&bytes[..eq]) else {
        return Ok(None);
    };
    if !flag.starts_with("--") {
        return Ok(None);
    }
    if let Some(text) = arg.to_str() {
        return Ok(Some((flag, OsString::from(&text[eq + 1..]))));
    }
    #[cfg(unix)]
    let value = {
        use std::os::unix::ffi::OsStrExt as _;
        Some(OsStr::from_bytes(&bytes[eq + 1..]).to_owned())
    };
    #[cfg(not(unix))]
    let value: Option<OsString> = None;
    value.map(|value| Some((flag, value))).ok_or_else(|| {
        format!("export: give the file name after {flag} with a space instead of \"=\"")
    })
}

/// Read the arguments after `export`: the map file and the outputs, in any order; a flag's
/// value may follow it or be joined with `=` (`--csv=out.csv`).
pub fn parse_export_args<S: AsRef<OsStr>>(args: &[S]) -> Result<ExportArgs, String> {
    fn set_once(slot: &mut Option<PathBuf>, what: &str, value: &OsStr) -> Result<(), String> {
        if slot.is_some() {
            return Err(format!("export: {what} is given twice"));
        }
        *slot = Some(PathBuf::from(value));
        Ok(())
    }

    let mut parsed = ExportArgs::default();
    let mut file: Option<PathBuf> = None;
    let mut rest = args.iter().map(AsRef::as_ref);
    while let Some(arg) = rest.next() {
        let (flag, mut joined_value) = match split_joined(arg)? {
            Some((flag, value)) => (Cow::Borrowed(flag), Some(value)),
            None => (arg.to_string_lossy(), None),
        };
        let flag = flag.as_ref();
        let mut value = || match joined_value
            .take()
            .or_else(|| rest.next().map(OsStr::to_owned))
        {
            Some(v) if !v.is_empty() && !v.as_encoded_bytes().starts_with(b"--") => Ok(v),
            _ if flag == "--step" => Err(format!("export: {flag} needs a step number after it")),
            _ if flag == "--size" => Err(format!(
                "export: {flag} needs a size after it, for example 1920x1080"
            )),
            _ if flag == "--frames" => Err(format!("export: {flag} needs a folder after it")),
            _ => Err(format!("export: {flag} needs a file name after it")),
        };
        let set_text = |slot: &mut Option<String>, value: OsString| {
            if slot.is_some() {
                return Err(format!("export: {flag} is given twice"));
            }
            *slot = Some(value.to_string_lossy().into_owned());
            Ok(())
        };
        match flag {
            // One arm per option; see `ExportArgs` for how to add one.
            "--handout" => set_once(&mut parsed.handout, flag, &value()?)?,
            "--csv" => set_once(&mut parsed.csv, flag, &value()?)?,
            "--indicators-csv" => set_once(&mut parsed.indicators_csv, flag, &value()?)?,
            "--png" => set_once(&mut parsed.png, flag, &value()?)?,
            "--frames" => set_once(&mut parsed.frames, flag, &value()?)?,
            "--svg" => set_once(&mut parsed.svg, flag, &value()?)?,
            "--step" => set_text(&mut parsed.step, value()?)?,
            "--size" => set_text(&mut parsed.size, value()?)?,
            _ if flag.starts_with('-') => return Err(format!("export: unknown option {flag}")),
            _ => set_once(&mut file, "the map file", arg)?,
        }
    }
    parsed.file = file.ok_or("export needs the map file to read")?;
    if !parsed.has_output() {
        return Err(
            "export needs at least one output: --handout OUT.md, --handout OUT.html, --csv OUT.csv, \
             --indicators-csv OUT.csv, --png OUT.png, --svg OUT.svg or --frames DIR"
                .to_owned(),
        );
    }
    check_slide_options(&parsed)?;
    Ok(parsed)
}

/// The slide options must go together: `--png` and `--svg` draw one step, `--frames` all of
/// them, and `--size` sizes one of these.
fn check_slide_options(args: &ExportArgs) -> Result<(), String> {
    let one_step = args.png.is_some() || args.svg.is_some();
    if one_step && args.step.is_none() {
        return Err(
            "export: --png and --svg draw one story step: say which with --step N (from 1)"
                .to_owned(),
        );
    }
    if args.step.is_some() && !one_step {
        return Err(if args.frames.is_some() {
            "export: --frames draws every step; --step goes with --png or --svg".to_owned()
        } else {
            "export: --step N chooses the step for --png OUT.png or --svg OUT.svg".to_owned()
        });
    }
    if args.size.is_some() && !one_step && args.frames.is_none() {
        return Err("export: --size sizes --png, --svg or --frames images".to_owned());
    }
    Ok(())
}

/// Export a map: load it (errors name the file and line:column), then write each output
/// atomically, printing a line for each. Refuses to write over the map itself or to write two
/// outputs to one file. Says whether everything was written.
pub fn export(args: &ExportArgs, out: &mut dyn Write) -> bool {
    let outputs = args.outputs();
    for (i, (flag, path)) in outputs.iter().enumerate() {
        let clash = if same_file(path, &args.file) {
            Some("the map being exported".to_owned())
        } else {
            outputs[..i]
                .iter()
                .find(|(_, earlier)| same_file(path, earlier))
                .map(|(earlier_flag, _)| format!("the {earlier_flag} output"))
        };
        if let Some(clash) = clash {
            say(
                out,
                &format!(
                    "error: {}: {flag} would overwrite {clash}; choose another file",
                    path.display()
                ),
            );
            return false;
        }
    }
    let size = match args.size.as_deref().map(crate::slides::parse_size) {
        None => crate::slides::DEFAULT_SIZE_PX,
        Some(Ok(size)) => size,
        Some(Err(message)) => {
            say(out, &format!("error: --size {message}"));
            return false;
        }
    };
    let map = match load_path(&args.file) {
        Ok(map) => map,
        Err(error) => {
            say(out, &format!("error: {error}"));
            return false;
        }
    };
    let step_index = match args.step.as_deref().map(|n| step_index(&map, n)) {
        None => None,
        Some(Ok(index)) => Some(index),
        Some(Err(message)) => {
            say(out, &format!("error: {}: {message}", args.file.display()));
            return false;
        }
    };
    let mut all_ok = true;
    let mut report = |result: Result<String, crate::storage::StorageError>| {
        let line = result.unwrap_or_else(|error| {
            all_ok = false;
            format!("error: {error}")
        });
        say(out, &line);
    };
    if let Some(path) = &args.handout {
        report(
            crate::export::write_handout(&map, path)
                .map(|f| format!("{}: wrote the handout ({})", path.display(), f.label())),
        );
    }
    if let Some(path) = &args.csv {
        report(
            crate::export::write_csv(&map, path)
                .map(|()| format!("{}: wrote the keyframes table (CSV)", path.display())),
        );
    }
    if let Some(path) = &args.indicators_csv {
        report(crate::export::write_indicators_csv(&map, path).map(|()| {
            format!(
                "{}: wrote the measured indicators table (CSV), {} values",
                path.display(),
                map.indicators.iter().map(|i| i.points.len()).sum::<usize>()
            )
        }));
    }
    all_ok &= export_slides(args, &map, step_index, size, out);
    all_ok
}

/// The index of story step `number` (counted from 1), or why there is none.
fn step_index(map: &crate::model::StanceMap, number: &str) -> Result<usize, String> {
    let steps = map.story.len();
    let range = match steps {
        0 => return Err("--step: the map's story has no steps to draw".to_owned()),
        1 => "the story has 1 step, so N must be 1".to_owned(),
        n => format!("the story has {n} steps, so N must be from 1 to {n}"),
    };
    match number.trim().parse::<usize>() {
        Ok(n) if (1..=steps).contains(&n) => Ok(n - 1),
        Ok(n) => Err(format!("--step {n}: there is no such step; {range}")),
        Err(_) => Err(format!("--step \"{number}\" is not a step number; {range}")),
    }
}

/// A slide error in words, naming the file once.
fn slide_error(path: &std::path::Path, error: crate::slides::SlideError) -> String {
    match error {
        // Storage errors already name the file.
        crate::slides::SlideError::Storage(error) => error.to_string(),
        error => format!("{}: {error}", path.display()),
    }
}

/// Write the slide outputs (`--png`, `--svg`, `--frames`), printing a line for each; says
/// whether all were written.
fn export_slides(
    args: &ExportArgs,
    map: &crate::model::StanceMap,
    step_index: Option<usize>,
    size: [u32; 2],
    out: &mut dyn Write,
) -> bool {
    use crate::slides;

    let mut all_ok = true;
    let mut report = |line: Result<String, String>| {
        let line = line.unwrap_or_else(|error| {
            all_ok = false;
            format!("error: {error}")
        });
        say(out, &line);
    };
    let [width, height] = size;
    if let (Some(path), Some(index)) = (&args.png, step_index) {
        report(
            slides::render_step(map, index, size)
                .and_then(|image| slides::write_png(path, &image))
                .map(|()| {
                    format!(
                        "{}: wrote step {} as a {width}x{height} slide (PNG)",
                        path.display(),
                        index + 1
                    )
                })
                .map_err(|e| slide_error(path, e)),
        );
    }
    if let (Some(path), Some(index)) = (&args.svg, step_index) {
        let svg = slides::compass_svg(map, Some(index), size);
        report(
            crate::storage::write_atomically(path, svg.as_bytes())
                .map(|()| {
                    format!(
                        "{}: wrote step {}'s compass (SVG)",
                        path.display(),
                        index + 1
                    )
                })
                .map_err(|e| e.to_string()),
        );
    }
    if let Some(folder) = &args.frames {
        if map.story.is_empty() {
            report(Err(format!(
                "{}: the map's story has no steps, so --frames has nothing to draw",
                args.file.display()
            )));
            return all_ok;
        }
        if let Err(e) = std::fs::create_dir_all(folder) {
            report(Err(format!(
                "{}: could not create the folder: {e}",
                folder.display()
            )));
            return all_ok;
        }
        let digits = map.story.len().to_string().len().max(2);
        for index in 0..map.story.len() {
            let path = folder.join(format!("step-{:0digits$}.png", index + 1));
            if same_file(&path, &args.file) {
                report(Err(format!(
                    "{}: --frames would overwrite the map being exported; choose another folder",
                    path.display()
                )));
                return all_ok;
            }
            report(
                slides::render_step(map, index, size)
                    .and_then(|image| slides::write_png(&path, &image))
                    .map(|()| format!("{}: wrote step {}", path.display(), index + 1))
                    .map_err(|e| slide_error(&path, e)),
            );
        }
    }
    all_ok
}

/// Print one line of output. Everything the command line prints passes through the one
/// cleaner, so no text from a map or a file name (a title, a power's name, a date an error
/// quotes) can drive the terminal or start a line of its own. A closed pipe must not panic
/// the command, so a failed write is ignored.
fn say(out: &mut dyn Write, line: &str) {
    let _ = writeln!(out, "{}", display_safe_line(line));
}

/// Whether two paths name the same file, including one that does not exist yet.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    fn resolved(path: &std::path::Path) -> Option<PathBuf> {
        if let Ok(p) = path.canonicalize() {
            return Some(p);
        }
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(path.file_name()?))
    }
    a == b || resolved(a).is_some_and(|ra| resolved(b).is_some_and(|rb| ra == rb))
}

/// Check each file, print a summary or its error, and say whether all were valid. Under a
/// valid file's line come its warnings ([`crate::model::lint`]), one a line, each starting
/// `  warning: `; a warning does not make a file invalid.
pub fn check(files: &[PathBuf], out: &mut dyn Write) -> bool {
    let mut all_valid = true;
    for file in files {
        let (line, warnings) = match open_path(file) {
            Ok(Loaded { map, upgrade }) => (
                format!(
                    "{}: ok{}: \"{}\": {}",
                    file.display(),
                    upgrade.map_or_else(String::new, |u| format!(
                        " (file format {}: saving upgrades it to format {})",
                        u.from, u.to
                    )),
                    map.title,
                    Summary::of(&map)
                ),
                crate::model::lint::warnings(&map),
            ),
            Err(error) => {
                all_valid = false;
                (format!("error: {error}"), Vec::new())
            }
        };
        // The title, like all map text, is cleaned by `say`.
        say(out, &line);
        // Warnings are not errors: the map is valid, and `check` still succeeds.
        for warning in warnings {
            say(out, &format!("  warning: {warning}"));
        }
    }
    all_valid
}

/// Rewrite each valid file in the saved layout; invalid files are reported and left alone.
/// A file rewritten is kept as it was as `NAME.ron.bak`; a file already in the layout is not
/// touched (nor is its `.bak`), so the `.bak` keeps the file as it was before the first run
/// that changed it. A map that would be too large to open again, or a read-only file, is
/// refused and left as it is.
pub fn format(files: &[PathBuf], out: &mut dyn Write) -> bool {
    let mut all_ok = true;
    for file in files {
        let line = match format_file(file) {
            Ok(Formatted::Unchanged) => format!("{}: already formatted", file.display()),
            Ok(Formatted::Rewritten(upgrade)) => format!(
                "{}: {}; the file as it was is kept as {}",
                file.display(),
                upgrade.map_or_else(
                    || "formatted".to_owned(),
                    |u| format!(
                        "upgraded from file format {} to {} and formatted",
                        u.from, u.to
                    )
                ),
                crate::storage::backup_path(file).display()
            ),
            Err(error) => {
                all_ok = false;
                format!("error: {error}")
            }
        };
        say(out, &line);
    }
    all_ok
}

/// What `fmt` did to a file.
enum Formatted {
    /// It was in the saved layout already.
    Unchanged,
    /// It was rewritten (and upgraded from an older format, when that is given).
    Rewritten(Option<crate::model::migrate::Upgrade>),
}

fn format_file(file: &std::path::Path) -> Result<Formatted, crate::storage::StorageError> {
    let loaded = open_path(file)?;
    let text = to_ron_string(&loaded.map);
    if std::fs::read(file).is_ok_and(|before| before == text.as_bytes()) {
        return Ok(Formatted::Unchanged);
    }
    let options = SaveOptions {
        backup: true,
        ..SaveOptions::default()
    };
    crate::storage::save_text(&text, file, options)?;
    Ok(Formatted::Rewritten(loaded.upgrade))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_the_commands() {
        assert_eq!(
            parse_args::<String>(&[]),
            Ok(Command::Open {
                file: None,
                present: false
            })
        );
        assert_eq!(
            parse_args(&args(&["m.ron"])),
            Ok(Command::Open {
                file: Some("m.ron".into()),
                present: false
            })
        );
        assert_eq!(
            parse_args(&args(&["--present"])),
            Ok(Command::Open {
                file: None,
                present: true
            })
        );
        assert_eq!(
            parse_args(&args(&["--present", "m.ron"])),
            Ok(Command::Open {
                file: Some("m.ron".into()),
                present: true
            })
        );
        assert_eq!(
            parse_args(&args(&["check", "a.ron", "b.ron"])),
            Ok(Command::Check {
                files: vec!["a.ron".into(), "b.ron".into()]
            })
        );
        assert!(parse_args(&args(&["check"])).is_err());
        assert!(parse_args(&args(&["--bogus"])).is_err());
        assert_eq!(parse_args(&args(&["--help"])), Ok(Command::Help));
    }

    #[cfg(unix)]
    #[test]
    fn file_names_need_not_be_utf8() {
        use std::os::unix::ffi::OsStringExt as _;
        let bytes = |b: &[u8]| OsString::from_vec(b.to_vec());
        let name = bytes(b"\xffmap.ron");
        assert_eq!(
            parse_args(&[OsString::from("check"), name.clone()]),
            Ok(Command::Check {
                files: vec![PathBuf::from(&name)]
            })
        );
        assert_eq!(
            parse_args(std::slice::from_ref(&name)),
            Ok(Command::Open {
                file: Some(PathBuf::from(&name)),
                present: false
            })
        );
        let mut joined = OsString::from("--csv=");
        joined.push(bytes(b"k\xfe.csv"));
        assert_eq!(
            parse_args(&[
                OsString::from("export"),
                name.clone(),
                joined,
                OsString::from("--handout"),
                bytes(b"\x80h.md"),
            ]),
            Ok(Command::Export(ExportArgs {
                file: PathBuf::from(&name),
                csv: Some(bytes(b"k\xfe.csv").into()),
                handout: Some(bytes(b"\x80h.md").into()),
                ..ExportArgs::default()
            }))
        );
        // A flag is still a flag, and an unknown one is still refused.
        assert!(parse_args(&[OsString::from("export"), name.clone(), bytes(b"--\xff")]).is_err());
        assert!(parse_args(&[OsString::from("export"), name, OsString::from("--csv")]).is_err());
    }

    #[test]
    fn parses_export() {
        assert_eq!(
            parse_args(&args(&[
                "export",
                "m.ron",
                "--handout",
                "h.html",
                "--csv=k.csv"
            ])),
            Ok(Command::Export(ExportArgs {
                file: "m.ron".into(),
                handout: Some("h.html".into()),
                csv: Some("k.csv".into()),
                ..ExportArgs::default()
            }))
        );
        assert_eq!(
            parse_args(&args(&["export", "m.ron", "--indicators-csv=i.csv"])),
            Ok(Command::Export(ExportArgs {
                file: "m.ron".into(),
                indicators_csv: Some("i.csv".into()),
                ..ExportArgs::default()
            }))
        );
        assert_eq!(
            parse_args(&args(&["export", "--csv", "k.csv", "m.ron"])),
            Ok(Command::Export(ExportArgs {
                file: "m.ron".into(),
                csv: Some("k.csv".into()),
                ..ExportArgs::default()
            }))
        );
        for bad in [
            &["export"][..],
            &["export", "m.ron"],
            &["export", "--csv", "k.csv"],
            &["export", "m.ron", "--csv"],
            &["export", "m.ron", "--csv", "--handout", "h.md"],
            &["export", "m.ron", "--csv", "a.csv", "--csv", "b.csv"],
            &["export", "m.ron", "n.ron", "--csv", "a.csv"],
            &["export", "m.ron", "--csv", "a.csv", "--png", "a.png"],
            &["export", "m.ron", "--csv=", "--handout", "h.md"],
            &["export", "m.ron", "--indicators-csv"],
            &[
                "export",
                "m.ron",
                "--indicators-csv",
                "a.csv",
                "--indicators-csv",
                "b.csv",
            ],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn parses_slide_export() {
        assert_eq!(
            parse_args(&args(&["export", "m.ron", "--step", "3", "--png", "s.png"])),
            Ok(Command::Export(ExportArgs {
                file: "m.ron".into(),
                step: Some("3".into()),
                png: Some("s.png".into()),
                ..ExportArgs::default()
            }))
        );
        assert_eq!(
            parse_args(&args(&[
                "export",
                "m.ron",
                "--frames",
                "out",
                "--size=320x180"
            ])),
            Ok(Command::Export(ExportArgs {
                file: "m.ron".into(),
                frames: Some("out".into()),
                size: Some("320x180".into()),
                ..ExportArgs::default()
            }))
        );
        // A bad number or size is a bad value (checked by `export`), not a usage error.
        assert!(parse_args(&args(&["export", "m.ron", "--step", "x", "--svg", "c.svg"])).is_ok());
        for bad in [
            &["export", "m.ron", "--png", "s.png"][..],
            &["export", "m.ron", "--svg", "c.svg"],
            &["export", "m.ron", "--step", "2"],
            &["export", "m.ron", "--step", "2", "--frames", "out"],
            &[
                "export", "m.ron", "--step", "2", "--step", "3", "--png", "s.png",
            ],
            &["export", "m.ron", "--csv", "k.csv", "--size", "320x180"],
            &["export", "m.ron", "--frames"],
            &["export", "m.ron", "--step", "--png", "s.png"],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
