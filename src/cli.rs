//! The command line: `stance-map check FILE...` and friends, which need no window.
//!
//! The arguments are read with `clap`: `--help` for the app and each subcommand, `--version`,
//! `--` before a file whose name starts with `-`, and file names that are not UTF-8 (they stay
//! `OsString`s all the way to the `Path`). Exit codes: [`EXIT_OK`], [`EXIT_FAILED`],
//! [`EXIT_USAGE`].

use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, FromArgMatches as _};

use crate::model::Summary;
use crate::model::text::display_safe_line;
use crate::storage::{Loaded, SaveOptions, load_path, open_path, to_ron_string};

/// Exit code: everything asked for was done (help and `--version` included).
pub const EXIT_OK: u8 = 0;
/// Exit code: a map is not valid, or an output could not be written.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: the command line itself is wrong (an unknown option, a missing file name…);
/// the message and the usage go to standard error.
pub const EXIT_USAGE: u8 = 2;

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
// Made once per run from the command line: the size of the export's arguments costs nothing.
#[allow(clippy::large_enum_variant)]
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
    /// Summarise a class of readings: `stance-map class FOLDER --csv OUT.csv [--map MAP.ron]`.
    Class(ClassArgs),
    /// Write an exercise for students from a map: `stance-map exercise MAP.ron OUT.ron`.
    Exercise {
        /// The map to make it from.
        map: PathBuf,
        /// Where to write it.
        out: PathBuf,
    },
    /// Print this text on standard output and succeed: the help asked for (`--help`, `-h`,
    /// `help`, `SUBCOMMAND --help`) or the version (`--version`).
    Help(String),
}

/// The text after every `--help`: what the exit codes mean.
const EXIT_CODES_HELP: &str = "\
Exit status: 0 when everything asked for was done; 1 when a map is not valid or an output
could not be written; 2 when the command line is wrong (the message goes to standard error).
Put -- before a file name that starts with a dash: stance-map -- --odd-name.ron";

/// The whole command line, as clap reads it.
#[derive(clap::Parser, Debug)]
#[command(
    name = "stance-map",
    version,
    about = "Map how a country's foreign-policy alignment toward several powers changes over \
             time, with the evidence behind every value.",
    override_usage = "stance-map [--present] [FILE]\n       \
                      stance-map check FILE...\n       \
                      stance-map fmt FILE...\n       \
                      stance-map export FILE OUTPUT...\n       \
                      stance-map class FOLDER_OR_FILE... --csv OUT.csv [--map MAP.ron]\n       \
                      stance-map exercise MAP.ron OUT.ron",
    after_help = EXIT_CODES_HELP
)]
struct Cli {
    /// Present the map's story full screen, one step at a time (Esc leaves).
    #[arg(long)]
    present: bool,
    /// The map file (.ron) to open in the app; without it, the article's map of Serbia.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Subcommand>,
}

/// The subcommands, which need no window.
#[derive(clap::Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per run, as `Command`
enum Subcommand {
    /// Check map files and print a summary of each, with warnings (a date before an event its
    /// evidence describes); warnings alone do not fail the check.
    #[command(after_help = EXIT_CODES_HELP)]
    Check {
        /// The map files (.ron) to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Rewrite valid map files in the layout stance-map saves; each file as it was is kept as
    /// FILE.bak.
    #[command(after_help = EXIT_CODES_HELP)]
    Fmt {
        /// The map files (.ron) to rewrite.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write an evidence handout, tables, slide images or a web page from a map; at least one
    /// output.
    #[command(
        override_usage = "stance-map export FILE [--handout OUT.md|OUT.html] [--csv OUT.csv] \
                          [--indicators-csv OUT.csv] [--web OUT.html [--class FOLDER...]]\n       \
                          stance-map export FILE --step N --png OUT.png [--size WxH]\n       \
                          stance-map export FILE --step N --svg OUT.svg [--size WxH]\n       \
                          stance-map export FILE --frames DIR [--size WxH]",
        after_help = EXIT_CODES_HELP
    )]
    Export(ExportArgs),
    /// Read a class's readings of one map (a folder of students' files, or the files) and
    /// write the class's statistics per power and keyframe as CSV: how many judged it, the
    /// median, quartiles, lowest, highest, mean, standard deviation, and how far the readers
    /// agree (Krippendorff's alpha). Files that cannot be read, copies and readings of a
    /// different map are listed on standard error; the rest still count.
    #[command(
        override_usage = "stance-map class FOLDER_OR_FILE... --csv OUT.csv [--map MAP.ron]",
        after_help = CLASS_HELP
    )]
    Class(ClassArgs),
    /// Write a copy of a map for students to judge: the evidence, events, sources and story
    /// captions stay; every keyframe's strength, confidence and reasoning are taken out and
    /// marked "not yet judged", and the analyst is left for the student's name.
    #[command(after_help = EXIT_CODES_HELP)]
    Exercise {
        /// The map file (.ron) to make the exercise from; it is not changed.
        #[arg(value_name = "MAP.ron")]
        map: PathBuf,
        /// Where to write the exercise (.ron); never over MAP.ron.
        #[arg(value_name = "OUT.ron")]
        out: PathBuf,
    },
}

/// The text after `stance-map class --help`.
const CLASS_HELP: &str = "\
Exit status: 0 when at least one reading loaded and the table was written; 1 when no reading
loaded or the table could not be written; 2 when the command line is wrong.
Readings are matched to the map by power id and keyframe date; what one reading lacks or adds
is listed for it. Agreement is Krippendorff's alpha for interval data: 1 is full agreement,
0 no more than chance; from 0.800 reliable, from 0.667 tentative.";

/// What `stance-map class` should read and write.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct ClassArgs {
    /// The readings: folders (each file directly in one is read) and map files.
    #[arg(
        required = true,
        value_name = "FOLDER_OR_FILE",
        help = "A folder of readings (.ron files, each a student's reading of the same map), or \
                reading files"
    )]
    pub inputs: Vec<PathBuf>,
    /// Where to write the class's statistics as CSV.
    #[arg(
        long,
        required = true,
        value_name = "OUT.csv",
        help = "Write one row per power and keyframe date: n, median, quartiles, min, max, mean, \
                standard deviation and agreement (UTF-8 with a byte-order mark)"
    )]
    pub csv: PathBuf,
    /// The map the readings are matched against; without it, the first reading that loads.
    #[arg(
        long,
        value_name = "MAP.ron",
        help = "The lecturer's own map to match the readings against [default: the first \
                reading that loads]"
    )]
    pub map: Option<PathBuf>,
}

/// What `stance-map export` should read and write.
///
/// Extension point: a new output or option is one new field here with its `#[arg]` (its help
/// text is what `stance-map export --help` shows), a line in [`ExportArgs::has_output`] if it
/// is an output, a rule in [`check_export_args`] if it only goes with others, and its writer
/// in [`export`]. Build values with `..ExportArgs::default()` so added fields do not break
/// callers.
#[derive(Clone, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct ExportArgs {
    /// The map to read.
    #[arg(value_name = "FILE", help = "The map file (.ron) to read")]
    pub file: PathBuf,
    /// Where to write the evidence handout: HTML for `.html`/`.htm`, otherwise Markdown.
    #[arg(
        long,
        value_name = "OUT.md|OUT.html",
        help = "Write an evidence handout: the story, every keyframe, quote, citation and \
                source; Markdown, or a printable web page for .html/.htm"
    )]
    pub handout: Option<PathBuf>,
    /// Where to write the keyframes and their evidence as CSV.
    #[arg(
        long,
        value_name = "OUT.csv",
        help = "Write one row per keyframe and quote, for a spreadsheet (UTF-8 with a \
                byte-order mark, so Excel reads it right)"
    )]
    pub csv: Option<PathBuf>,
    /// Where to write every measured indicator's values as CSV.
    #[arg(
        long,
        value_name = "OUT.csv",
        help = "Write one row per measured value of each indicator, with its source's \
                citation and web address"
    )]
    pub indicators_csv: Option<PathBuf>,
    /// The story step (from 1) for `--png` and `--svg`, as given: checked by [`export`], so a
    /// bad number fails like a bad map (exit code 1), naming how many steps there are.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::builder::NonEmptyStringValueParser::new(),
        help = "The story step (from 1) that --png and --svg draw"
    )]
    pub step: Option<String>,
    /// Where to write the step's slide as a PNG image.
    #[arg(
        long,
        value_name = "OUT.png",
        help = "Draw story step N as a slide image (PNG); no window needed"
    )]
    pub png: Option<PathBuf>,
    /// Where to write the step's compass as SVG.
    #[arg(
        long,
        value_name = "OUT.svg",
        help = "Draw story step N's compass as a vector image (SVG)"
    )]
    pub svg: Option<PathBuf>,
    /// A folder to write one PNG slide per story step into (`step-01.png`, …), created if needed.
    #[arg(
        long,
        value_name = "DIR",
        help = "Draw every story step as DIR/step-01.png, DIR/step-02.png, …; the folder is \
                created if needed"
    )]
    pub frames: Option<PathBuf>,
    /// The image size as given, `WIDTHxHEIGHT` (default 1920x1080), checked by [`export`].
    #[arg(
        long,
        value_name = "WxH",
        value_parser = clap::builder::NonEmptyStringValueParser::new(),
        help = "The size of the --png, --svg or --frames images, each side 64 to 8192 pixels \
                [default: 1920x1080]"
    )]
    pub size: Option<String>,
    /// Where to write the map as one self-contained interactive web page.
    #[arg(
        long,
        value_name = "OUT.html",
        help = "Write the map as one interactive web page that works offline in any current \
                browser: the compass at any date, the timeline, the evidence, the story and \
                the bibliography; it loads nothing from the internet"
    )]
    pub web: Option<PathBuf>,
    /// A class of readings of the map (folders of students' files, or the files) whose
    /// summary the web page shows: the median and spread per power, and the agreement.
    #[arg(
        long,
        num_args = 1..,
        requires = "web",
        value_name = "FOLDER_OR_FILE",
        help = "With --web: show the class of readings in these folders or files on the page                 (per power the class's median and spread, and how far the readers agree; no                 reader's name or reasoning goes into the page)"
    )]
    pub class: Vec<PathBuf>,
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
            || self.web.is_some()
    }

    /// Every output path with what it is, in the order they are written.
    fn outputs(&self) -> Vec<(&'static str, &PathBuf)> {
        [
            ("--handout", &self.handout),
            ("--csv", &self.csv),
            ("--indicators-csv", &self.indicators_csv),
            ("--png", &self.png),
            ("--svg", &self.svg),
            ("--web", &self.web),
        ]
        .into_iter()
        .filter_map(|(flag, path)| path.as_ref().map(|p| (flag, p)))
        .collect()
    }
}

/// Read the arguments (without the program name), as `std::env::args_os` gives them: a file
/// name may be anything the system allows, UTF-8 or not; subcommands and options are plain
/// text. `Err` holds the message for standard error (with the usage), which ends with a line
/// break; each line is cleaned ([`crate::model::text::display_safe`]), since it may quote the
/// arguments. A usage error exits with [`EXIT_USAGE`].
pub fn parse_args<S: AsRef<OsStr>>(args: &[S]) -> Result<Command, String> {
    let mut command = Cli::command();
    let words = std::iter::once(OsStr::new("stance-map")).chain(args.iter().map(AsRef::as_ref));
    let rendered = |error: &clap::Error| {
        crate::model::text::display_safe(&error.render().to_string()).into_owned()
    };
    let cli = match command
        .try_get_matches_from_mut(words)
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        // `--help` and `--version` arrive as "errors" that belong on standard output.
        Err(error) if !error.use_stderr() => return Ok(Command::Help(rendered(&error))),
        Err(error) => return Err(rendered(&error)),
    };
    if let Some(subcommand) = &cli.command
        && (cli.file.is_some() || cli.present)
    {
        let name = match subcommand {
            Subcommand::Check { .. } => "check",
            Subcommand::Fmt { .. } => "fmt",
            Subcommand::Export(_) => "export",
            Subcommand::Class(_) => "class",
            Subcommand::Exercise { .. } => "exercise",
        };
        let message = format!(
            "{name} comes first, with nothing before it: stance-map {name} FILE…; \
             --present and a map file to open go without it"
        );
        return Err(rendered(
            &command.error(ErrorKind::ArgumentConflict, message),
        ));
    }
    Ok(match cli.command {
        None => Command::Open {
            file: cli.file,
            present: cli.present,
        },
        Some(Subcommand::Check { files }) => Command::Check { files },
        Some(Subcommand::Fmt { files }) => Command::Format { files },
        Some(Subcommand::Exercise { map, out }) => Command::Exercise { map, out },
        Some(Subcommand::Export(args)) => {
            if let Err((kind, message)) = check_export_args(&args) {
                let error = match command.find_subcommand_mut("export") {
                    Some(export) => export.error(kind, message),
                    None => command.error(kind, message),
                };
                return Err(rendered(&error));
            }
            Command::Export(args)
        }
        Some(Subcommand::Class(args)) => Command::Class(args),
    })
}

/// The rules clap does not check: at least one output, and the slide options go together
/// (`--png` and `--svg` draw one step, `--frames` all of them, and `--size` sizes one of these).
fn check_export_args(args: &ExportArgs) -> Result<(), (ErrorKind, &'static str)> {
    if !args.has_output() {
        return Err((
            ErrorKind::MissingRequiredArgument,
            "export needs at least one output: --handout OUT.md, --handout OUT.html, \
             --csv OUT.csv, --indicators-csv OUT.csv, --web OUT.html, --png OUT.png, \
             --svg OUT.svg or --frames DIR",
        ));
    }
    let one_step = args.png.is_some() || args.svg.is_some();
    if one_step && args.step.is_none() {
        return Err((
            ErrorKind::MissingRequiredArgument,
            "--png and --svg draw one story step: say which with --step N (from 1)",
        ));
    }
    if args.step.is_some() && !one_step {
        return Err((
            ErrorKind::ArgumentConflict,
            if args.frames.is_some() {
                "--frames draws every step; --step goes with --png or --svg"
            } else {
                "--step N chooses the step for --png OUT.png or --svg OUT.svg"
            },
        ));
    }
    if args.size.is_some() && !one_step && args.frames.is_none() {
        return Err((
            ErrorKind::ArgumentConflict,
            "--size sizes --png, --svg or --frames images",
        ));
    }
    Ok(())
}

/// Export a map: load it (errors name the file and line:column), then write each output
/// atomically, printing a line for each. Refuses to write over the map itself or to write two
/// outputs to one file. Says whether everything was written. The class files that give no
/// reading (`--class`) are reported on standard error; see [`export_reporting`].
pub fn export(args: &ExportArgs, out: &mut dyn Write) -> bool {
    export_reporting(args, out, &mut std::io::stderr())
}

/// [`export`], with the class files that give no reading (`--class`) reported to `err`, one a
/// line as `stance-map class` reports them. With `--class` and no reading loaded, nothing is
/// written.
pub fn export_reporting(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
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
    let class = if args.class.is_empty() {
        None
    } else {
        match export_class(args, &map, err) {
            Some(class) => Some(class),
            None => return false,
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
    if let Some(path) = &args.web {
        report(
            crate::web::write_web_page(&map, class.as_ref(), path).map(|()| {
                let with_class = class.as_ref().map_or_else(String::new, |class| {
                    format!(
                        ", with the class of {} reading{}",
                        class.readings.len(),
                        if class.readings.len() == 1 { "" } else { "s" }
                    )
                });
                format!(
                    "{}: wrote the web page (one file that works offline){with_class}",
                    path.display()
                )
            }),
        );
    }
    all_ok &= export_slides(args, &map, step_index, size, out);
    all_ok
}

/// The class of `--class` for the web page: the readings of `map` (the reference) from the
/// folders and files given, the map's own file left out; each file that gives no reading is
/// reported to `err`. `None` (after saying why) when none loads.
fn export_class(
    args: &ExportArgs,
    map: &crate::model::StanceMap,
    err: &mut dyn Write,
) -> Option<crate::model::class::Class> {
    use crate::storage::class::{class_files, load_readings};
    use std::sync::atomic::AtomicBool;

    let mut files = match class_files(&args.class) {
        Ok(files) => files,
        Err(message) => {
            say(err, &format!("error: --class: {message}"));
            return None;
        }
    };
    files.retain(|file| {
        let same = same_file(file, &args.file);
        if same {
            say(
                err,
                &format!(
                    "{}: skipped: it is the map being exported, which the readings are matched against",
                    file.display()
                ),
            );
        }
        !same
    });
    let load = load_readings(map, true, &files, &|_, _| {}, &AtomicBool::new(false));
    report_class_files(&load.failed, &load.skipped, err);
    if load.readings.is_empty() {
        say(
            err,
            "error: --class: no reading loaded, so there is no class to show; nothing was written",
        );
        return None;
    }
    Some(crate::model::class::Class::new(
        map.clone(),
        true,
        load.readings,
    ))
}

/// Without `--map`, the map the readings are matched against: among the map files that load,
/// the first of those sharing the subject and set of powers (by id) most of them share, with
/// its path, so that a stray map of another country sorting first does not turn every real
/// reading away. `None` when no map file loads.
fn most_shared_shape(files: &[PathBuf]) -> Option<(crate::model::StanceMap, PathBuf)> {
    use std::collections::BTreeSet;
    let loaded: Vec<(crate::model::StanceMap, &PathBuf)> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .filter_map(|f| load_path(f).ok().map(|m| (m, f)))
        .collect();
    let shape = |m: &crate::model::StanceMap| {
        (
            m.subject.trim().to_lowercase(),
            m.powers
                .iter()
                .map(|p| p.id.0.clone())
                .collect::<BTreeSet<String>>(),
        )
    };
    let shapes: Vec<_> = loaded.iter().map(|(m, _)| shape(m)).collect();
    // The first index with the most files of its shape (earliest wins a tie).
    let mut best: Option<(usize, usize)> = None;
    for (i, s) in shapes.iter().enumerate() {
        let count = shapes.iter().filter(|t| *t == s).count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((i, count));
        }
    }
    let (i, _) = best?;
    let (map, path) = loaded.into_iter().nth(i)?;
    Some((map, path.clone()))
}

/// Summarise a class of readings (`stance-map class`): expand the folders, choose the map the
/// readings are matched against (`--map`, else [`most_shared_shape`]), load the rest
/// in parallel, and write [`crate::export::class_csv`] to `--csv`. Every file that gave no
/// reading goes to `err`, one a line (`FILE: error: …` or `FILE: skipped: …`); `out` gets a
/// line per reading that differs in shape from the map and a last line saying what was
/// written. Says whether at least one reading loaded and the table was written.
pub fn class(args: &ClassArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    use crate::model::class::Class;
    use crate::storage::class::{class_files, load_class, load_readings};
    use std::sync::atomic::AtomicBool;

    let mut files = match class_files(&args.inputs) {
        Ok(files) => files,
        Err(message) => {
            say(err, &format!("error: {message}"));
            return false;
        }
    };
    for file in files.iter().chain(&args.map) {
        if same_file(file, &args.csv) {
            say(
                err,
                &format!(
                    "error: {}: --csv would overwrite a map; choose another file",
                    args.csv.display()
                ),
            );
            return false;
        }
    }
    let (map, has_reference) = if let Some(path) = &args.map {
        match load_path(path) {
            Ok(map) => {
                files.retain(|file| {
                    let same = same_file(file, path);
                    if same {
                        say(
                            err,
                            &format!(
                                "{}: skipped: it is the map the readings are matched against (--map)",
                                file.display()
                            ),
                        );
                    }
                    !same
                });
                (map, true)
            }
            Err(error) => {
                say(err, &format!("error: --map: {error}"));
                return false;
            }
        }
    } else {
        let shape = most_shared_shape(&files);
        let Some((map, shape_file)) = shape else {
            // Load anyway, so that every file's error is reported.
            let load = load_class(
                &crate::model::StanceMap::empty(),
                &files,
                &|_, _| {},
                &AtomicBool::new(false),
            );
            report_class_files(&load.failed, &load.skipped, err);
            say(
                err,
                "error: no reading loaded, so there is nothing to summarise",
            );
            return false;
        };
        say(
            out,
            &format!(
                "Readings matched against the subject and powers of {} (the ones most readings \
                 share); use --map to choose the map yourself",
                display_safe_line(&shape_file.display().to_string())
            ),
        );
        (map, false)
    };
    let load = load_readings(
        &map,
        has_reference,
        &files,
        &|_, _| {},
        &AtomicBool::new(false),
    );
    report_class_files(&load.failed, &load.skipped, err);
    if load.readings.is_empty() {
        say(
            err,
            "error: no reading loaded, so there is nothing to summarise",
        );
        return false;
    }
    let class = Class::new(map, has_reference, load.readings);
    for (i, reading) in class.readings.iter().enumerate() {
        let what = class.mismatch_words(i);
        if !what.is_empty() {
            say(
                out,
                &format!(
                    "{} ({}): differs from the map: {}",
                    reading.file,
                    reading.label,
                    what.join("; ")
                ),
            );
        }
    }
    match crate::export::write_class_csv(&class, &args.csv) {
        Ok(()) => {
            let pooled = class.alpha(None).map_or_else(
                || "agreement cannot be measured".to_owned(),
                |alpha| {
                    format!(
                        "all powers pooled (Krippendorff's alpha) {alpha:.3}, {}",
                        Class::agreement_words(alpha)
                    )
                },
            );
            let agreement = match class.agreement_by_power_line() {
                Some(by_power) => format!("{by_power}; {pooled}"),
                None => pooled,
            };
            say(
                out,
                &format!(
                    "{}: wrote the class's statistics (CSV) from {} reading{} of \"{}\"; {agreement}",
                    args.csv.display(),
                    class.readings.len(),
                    if class.readings.len() == 1 { "" } else { "s" },
                    class.map.title
                ),
            );
            true
        }
        Err(error) => {
            say(err, &format!("error: {error}"));
            false
        }
    }
}

/// The files of a class that gave no reading, one a line.
fn report_class_files(
    failed: &[(String, String)],
    skipped: &[(String, String)],
    err: &mut dyn Write,
) {
    for (file, message) in failed {
        say(err, &format!("{file}: error: {message}"));
    }
    for (file, why) in skipped {
        say(err, &format!("{file}: skipped: {why}"));
    }
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

/// Write an exercise made from the map `map` to `out` atomically
/// ([`crate::model::exercise::make_exercise`]) and say where it went; refuses to write over
/// the map itself. Says whether it was written.
pub fn exercise(map: &std::path::Path, out: &std::path::Path, say_to: &mut dyn Write) -> bool {
    if same_file(map, out) {
        say(
            say_to,
            &format!(
                "error: {}: the exercise would overwrite the map it is made from; choose \
                 another file",
                out.display()
            ),
        );
        return false;
    }
    let exercise = match load_path(map) {
        Ok(map) => crate::model::exercise::make_exercise(&map),
        Err(error) => {
            say(say_to, &format!("error: {error}"));
            return false;
        }
    };
    match crate::storage::save_path(&exercise, out) {
        Ok(()) => {
            let (unjudged, _) = crate::model::exercise::still_to_judge(&exercise);
            say(
                say_to,
                &format!(
                    "{}: wrote the exercise, {unjudged} keyframes for students to judge. Give \
                     this file to students: they drag each arrow to judge it and save; collect \
                     the files with File › Open class…",
                    out.display()
                ),
            );
            true
        }
        Err(error) => {
            say(say_to, &format!("error: {error}"));
            false
        }
    }
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
    use std::ffi::OsString;

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
        for before in ["--present", "m.ron"] {
            let error = parse_args(&args(&[before, "check", "a.ron"])).unwrap_err();
            assert!(error.starts_with("error: check comes first"), "{error}");
        }
        let error = parse_args(&args(&["a.ron", "b.ron"])).unwrap_err();
        assert!(
            error.starts_with("error: unexpected argument 'b.ron'"),
            "{error}"
        );
        for help in [&["--help"][..], &["-h"], &["help"]] {
            assert!(
                matches!(parse_args(&args(help)), Ok(Command::Help(text)) if text.contains("Usage: stance-map [--present] [FILE]")),
                "{help:?}"
            );
        }
    }

    #[test]
    fn a_double_dash_ends_the_options() {
        assert_eq!(
            parse_args(&args(&["--", "--present"])),
            Ok(Command::Open {
                file: Some("--present".into()),
                present: false
            })
        );
        assert_eq!(
            parse_args(&args(&["--present", "--", "-m.ron"])),
            Ok(Command::Open {
                file: Some("-m.ron".into()),
                present: true
            })
        );
        // After `--` a word is a file, even one named like a subcommand.
        assert_eq!(
            parse_args(&args(&["--", "check"])),
            Ok(Command::Open {
                file: Some("check".into()),
                present: false
            })
        );
        assert_eq!(
            parse_args(&args(&["check", "a.ron", "--", "--help", "-x"])),
            Ok(Command::Check {
                files: vec!["a.ron".into(), "--help".into(), "-x".into()]
            })
        );
        assert_eq!(
            parse_args(&args(&["export", "--csv", "k.csv", "--", "--present"])),
            Ok(Command::Export(ExportArgs {
                file: "--present".into(),
                csv: Some("k.csv".into()),
                ..ExportArgs::default()
            }))
        );
    }

    #[test]
    fn usage_errors_name_the_problem_and_the_usage() {
        let error = parse_args(&args(&["export", "m.ron"])).unwrap_err();
        assert!(
            error.starts_with("error: export needs at least one output: --handout OUT.md"),
            "{error}"
        );
        assert!(error.contains("Usage: stance-map export FILE"), "{error}");
        assert!(error.ends_with('\n'), "{error}");
        let error = parse_args(&args(&["export", "m.ron", "--handot", "k.csv"])).unwrap_err();
        assert!(error.contains("unexpected argument '--handot'"), "{error}");
        assert!(
            error.contains("'--handout'"),
            "a similar option is suggested: {error}"
        );
        // An argument quoted in the message cannot drive the terminal.
        let error = parse_args(&args(&["check", "--\u{1b}[2J"])).unwrap_err();
        assert!(
            !error.contains('\u{1b}') && error.contains("{U+001B}[2J"),
            "{error}"
        );
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
