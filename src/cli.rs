//! The command line: `stance-map check FILE...` and friends, which need no window.

use std::io::Write;
use std::path::PathBuf;

use crate::model::Summary;
use crate::storage::{load_path, save_path};

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
}

impl ExportArgs {
    /// Whether at least one output is asked for.
    pub fn has_output(&self) -> bool {
        self.handout.is_some() || self.csv.is_some()
    }

    /// Every output path with what it is, in the order they are written.
    fn outputs(&self) -> Vec<(&'static str, &PathBuf)> {
        [("--handout", &self.handout), ("--csv", &self.csv)]
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
  stance-map check FILE... check map files and print a summary of each
  stance-map fmt FILE...   rewrite valid map files in the layout stance-map saves
  stance-map export FILE [--handout OUT.md|OUT.html] [--csv OUT.csv]
                           write an evidence handout (Markdown, or HTML for .html/.htm)
                           and/or a CSV of every keyframe and quote; at least one output
  stance-map --help        show this text";

/// Read the arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Open {
            file: None,
            present: false,
        }),
        [flag, rest @ ..] if flag == "--present" && rest.len() <= 1 => Ok(Command::Open {
            file: rest.first().map(PathBuf::from),
            present: true,
        }),
        [flag] if flag == "--help" || flag == "-h" || flag == "help" => Ok(Command::Help),
        [verb, files @ ..] if verb == "check" || verb == "fmt" => {
            if files.is_empty() {
                return Err(format!("{verb} needs at least one file"));
            }
            let files = files.iter().map(PathBuf::from).collect();
            Ok(if verb == "check" {
                Command::Check { files }
            } else {
                Command::Format { files }
            })
        }
        [verb, rest @ ..] if verb == "export" => parse_export_args(rest).map(Command::Export),
        [file] if !file.starts_with('-') => Ok(Command::Open {
            file: Some(PathBuf::from(file)),
            present: false,
        }),
        _ => Err(format!("unknown arguments: {}", args.join(" "))),
    }
}

/// Read the arguments after `export`: the map file and the outputs, in any order; a flag's
/// value may follow it or be joined with `=` (`--csv=out.csv`).
pub fn parse_export_args(args: &[String]) -> Result<ExportArgs, String> {
    fn set_once(slot: &mut Option<PathBuf>, what: &str, value: &str) -> Result<(), String> {
        if slot.is_some() {
            return Err(format!("export: {what} is given twice"));
        }
        *slot = Some(PathBuf::from(value));
        Ok(())
    }

    let mut parsed = ExportArgs::default();
    let mut file: Option<PathBuf> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (flag, joined_value) = match arg.split_once('=') {
            Some((flag, value)) if arg.starts_with("--") => (flag, Some(value)),
            _ => (arg.as_str(), None),
        };
        let mut value = || match joined_value.or_else(|| rest.next().map(String::as_str)) {
            Some(v) if !v.is_empty() && !v.starts_with("--") => Ok(v),
            _ => Err(format!("export: {flag} needs a file name after it")),
        };
        match flag {
            // One arm per option; see `ExportArgs` for how to add one.
            "--handout" => set_once(&mut parsed.handout, flag, value()?)?,
            "--csv" => set_once(&mut parsed.csv, flag, value()?)?,
            _ if flag.starts_with('-') => return Err(format!("export: unknown option {flag}")),
            _ => set_once(&mut file, "the map file", arg)?,
        }
    }
    parsed.file = file.ok_or("export needs the map file to read")?;
    if !parsed.has_output() {
        return Err(
            "export needs at least one output: --handout OUT.md, --handout OUT.html or --csv OUT.csv"
                .to_owned(),
        );
    }
    Ok(parsed)
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
            let _ = writeln!(
                out,
                "error: {}: {flag} would overwrite {clash}; choose another file",
                path.display()
            );
            return false;
        }
    }
    let map = match load_path(&args.file) {
        Ok(map) => map,
        Err(error) => {
            let _ = writeln!(out, "error: {error}");
            return false;
        }
    };
    let mut all_ok = true;
    let mut report = |result: Result<String, crate::storage::StorageError>| {
        let line = result.unwrap_or_else(|error| {
            all_ok = false;
            format!("error: {error}")
        });
        let _ = writeln!(out, "{line}");
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
    all_ok
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

/// Check each file, print a summary or its error, and say whether all were valid.
pub fn check(files: &[PathBuf], out: &mut dyn Write) -> bool {
    let mut all_valid = true;
    for file in files {
        let line = match load_path(file) {
            Ok(map) => format!(
                "{}: ok: \"{}\": {}",
                file.display(),
                map.title,
                Summary::of(&map)
            ),
            Err(error) => {
                all_valid = false;
                format!("error: {error}")
            }
        };
        // A closed pipe must not panic the checker.
        let _ = writeln!(out, "{line}");
    }
    all_valid
}

/// Rewrite each valid file in the saved layout; invalid files are reported and left alone.
pub fn format(files: &[PathBuf], out: &mut dyn Write) -> bool {
    let mut all_ok = true;
    for file in files {
        let line = match load_path(file).and_then(|map| save_path(&map, file)) {
            Ok(()) => format!("{}: formatted", file.display()),
            Err(error) => {
                all_ok = false;
                format!("error: {error}")
            }
        };
        let _ = writeln!(out, "{line}");
    }
    all_ok
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
            parse_args(&[]),
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
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
