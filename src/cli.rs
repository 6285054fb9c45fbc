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
    /// Print usage.
    Help,
}

/// The usage text.
pub const USAGE: &str = "\
usage:
  stance-map               open the app on the article's map of Serbia
  stance-map FILE          open the app on a map file (.ron)
  stance-map check FILE... check map files and print a summary of each
  stance-map fmt FILE...   rewrite valid map files in the layout stance-map saves
  stance-map --help        show this text";

/// Read the arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    match args {
        [] => Ok(Command::Open { file: None }),
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
        [file] if !file.starts_with('-') => Ok(Command::Open {
            file: Some(PathBuf::from(file)),
        }),
        _ => Err(format!("unknown arguments: {}", args.join(" "))),
    }
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
        assert_eq!(parse_args(&[]), Ok(Command::Open { file: None }));
        assert_eq!(
            parse_args(&args(&["m.ron"])),
            Ok(Command::Open {
                file: Some("m.ron".into())
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
}
