//! The hostile corpus: every file in `tests/hostile_files/` goes through
//! `storage::load_path` and must give exactly the outcome the table below expects, never a
//! panic, and every error must name the file. Generated cases cover what is too large to keep
//! in the repository: a file over the size cap, one exactly at it, a 30 MB quote and a
//! million list items.
//!
//! `tests/hostile_files/README.md` says what each file tests.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::{Path, PathBuf};
use std::time::Instant;

use stance_map::model::StanceMap;
use stance_map::storage::{LineCol, MAX_FILE_BYTES, StorageError, load_path};

use stance_map::model::text;

/// What loading a file must give.
#[derive(Debug)]
enum Expect {
    /// It loads.
    Ok,
    /// `StorageError::Empty`.
    Empty,
    /// `StorageError::NotText` at this line and column.
    NotText(usize, usize),
    /// `StorageError::Syntax` at this line and column, with this in the message.
    Syntax(usize, usize, &'static str),
    /// `StorageError::Invalid`, with each of these in the message.
    Invalid(&'static [&'static str]),
}

/// Every file in the corpus and what loading it must give.
const EXPECTED: &[(&str, Expect)] = &[
    ("valid_base.ron", Expect::Ok),
    ("bom_valid.ron", Expect::Ok),
    ("crlf_line_endings.ron", Expect::Ok),
    ("cr_only_line_endings.ron", Expect::Ok),
    (
        "cr_only_line_endings_error.ron",
        Expect::Syntax(31, 35, "a comma is missing"),
    ),
    (
        "cr_only_line_endings_invalid.ron",
        Expect::Invalid(&["line 31, column 31: EU, February 2008: the strength 1.5"]),
    ),
    (
        "unknown_field_from_another_tool.ron",
        Expect::Syntax(
            6,
            5,
            "\"comment_from_another_tool\" is not a field of the map; its fields are format_version, title,",
        ),
    ),
    (
        "misspelled_field_reasonning.ron",
        Expect::Syntax(
            34,
            21,
            "\"reasonning\" is not a field of a keyframe; did you mean \"reasoning\"?",
        ),
    ),
    (
        "list_instead_of_map.ron",
        Expect::Syntax(1, 1, "a stance map starts with an opening round bracket"),
    ),
    ("bidi_and_control_chars.ron", Expect::Ok),
    ("terminal_escapes_in_title.ron", Expect::Ok),
    (
        "terminal_escapes_in_date.ron",
        Expect::Syntax(30, 28, "is not a date"),
    ),
    (
        "terminal_escapes_in_name.ron",
        Expect::Invalid(&["fake.ron: ok", "1.5"]),
    ),
    ("empty.ron", Expect::Empty),
    ("whitespace_only.ron", Expect::Empty),
    ("binary_garbage.ron", Expect::NotText(1, 1)),
    ("utf16le_with_bom.ron", Expect::NotText(1, 1)),
    ("invalid_utf8_in_string.ron", Expect::NotText(4, 21)),
    ("truncated.ron", Expect::Syntax(33, 41, "ends too early")),
    (
        "truncated_mid_word.ron",
        Expect::Syntax(33, 21, "the file ends too early"),
    ),
    (
        "unterminated_string.ron",
        Expect::Syntax(50, 32, "no closing double quote"),
    ),
    (
        "deep_nesting_unknown_field.ron",
        Expect::Syntax(6, 5, "is not a field of the map"),
    ),
    (
        "deep_nesting_parens.ron",
        Expect::Syntax(6, 5, "is not a field of the map"),
    ),
    (
        "deep_nesting_some_and_maps.ron",
        Expect::Syntax(6, 5, "is not a field of the map"),
    ),
    (
        "nul_byte_outside_string.ron",
        Expect::Syntax(5, 25, "a name was expected here"),
    ),
    (
        "duplicate_field.ron",
        Expect::Syntax(6, 5, "\"subject\" appears twice"),
    ),
    (
        "missing_field.ron",
        Expect::Syntax(88, 1, "\"subject\" is missing"),
    ),
    (
        "wrong_type.ron",
        Expect::Syntax(4, 11, "text in double quotes was expected"),
    ),
    (
        "unknown_enum_variant.ron",
        Expect::Syntax(17, 33, "`Certain`"),
    ),
    (
        "enum_value_in_quotes.ron",
        Expect::Syntax(17, 33, "a word such as High or Political, without quotes"),
    ),
    (
        "date_not_a_date.ron",
        Expect::Syntax(46, 28, "\"last spring\" is not a date"),
    ),
    (
        "format_version_negative.ron",
        Expect::Syntax(3, 22, "this number is out of range"),
    ),
    (
        "strength_nan.ron",
        Expect::Invalid(&["EU, February 2008", "NaN"]),
    ),
    (
        "strength_inf.ron",
        Expect::Invalid(&["EU, February 2008", "inf"]),
    ),
    (
        "strength_neg_inf.ron",
        Expect::Invalid(&["Russia, 2000", "-inf"]),
    ),
    (
        "strength_1_5.ron",
        Expect::Invalid(&["EU, February 2008", "1.5"]),
    ),
    (
        "strength_overflows_to_inf.ron",
        Expect::Invalid(&["EU, February 2008", "inf"]),
    ),
    ("bearing_nan.ron", Expect::Invalid(&["Russia", "bearing"])),
    ("bad_color.ron", Expect::Invalid(&["Russia", "\"red\""])),
    (
        "duration_zero.ron",
        Expect::Invalid(&["story step 1", "duration"]),
    ),
    (
        "duplicate_power_id.ron",
        Expect::Invalid(&["two powers have the same id \"eu\""]),
    ),
    (
        "duplicate_source_id.ron",
        Expect::Invalid(&["two sources have the same id \"article\""]),
    ),
    (
        "dangling_source_in_evidence.ron",
        Expect::Invalid(&["EU, 2000", "\"nowhere2021\"", "not in the map's sources"]),
    ),
    (
        "unknown_power_in_event.ron",
        Expect::Invalid(&["event \"An event\"", "\"atlantis\""]),
    ),
    (
        "unknown_power_in_story.ron",
        Expect::Invalid(&["story step 1", "\"mu\""]),
    ),
    (
        "keyframes_out_of_order.ron",
        Expect::Invalid(&["EU", "February 1999", "date order"]),
    ),
    (
        "keyframes_same_date.ron",
        Expect::Invalid(&["EU", "date order", "one per date"]),
    ),
    ("month_13.ron", Expect::Invalid(&["EU", "month 13"])),
    (
        "month_0_in_event.ron",
        Expect::Invalid(&["event \"An event\"", "month 0"]),
    ),
    ("year_0.ron", Expect::Invalid(&["Russia", "year 0"])),
    (
        "duration_1e308.ron",
        Expect::Invalid(&[
            "line 86, column 25: story step 1 \"The start\": the duration 1e308 is not a positive number of seconds, at most 3600",
        ]),
    ),
    (
        "bearing_huge.ron",
        Expect::Invalid(&["line 43, column 26: Russia: the bearing 1e300"]),
    ),
    (
        "source_year_out_of_range.ron",
        Expect::Invalid(&[
            "line 60, column 19: source \"article\": the year 100000 is out of range",
        ]),
    ),
    (
        "quote_too_long.ron",
        Expect::Invalid(&[
            "line 22, column 36: EU, 2000: the quote is 20,001 characters long; it may be at most 20,000",
        ]),
    ),
    (
        "power_name_too_long.ron",
        Expect::Invalid(&[
            "line 41, column 19: power \"RRRR",
            "the name is 201 characters long; it may be at most 200",
        ]),
    ),
    (
        "id_uppercase_v3.ron",
        Expect::Invalid(&[
            "line 9, column 17: the power id \"EU\" is not allowed: an id is 1 to 64 characters, each a lowercase letter a-z, a digit, - or _",
        ]),
    ),
    (
        "id_empty_v3.ron",
        Expect::Invalid(&["line 64, column 17: the source id \"\" is not allowed"]),
    ),
    (
        "id_homoglyph_v3.ron",
        Expect::Invalid(&["line 40, column 17: the power id \"rus\\u{455}ia\" is not allowed"]),
    ),
    (
        "id_zero_width_space_v3.ron",
        Expect::Invalid(&["line 58, column 17: the source id \"article\\u{200b}\" is not allowed"]),
    ),
    ("ids_differing_by_case_v1.ron", Expect::Ok),
    (
        "format_version_0.ron",
        Expect::Invalid(&["version 0, which no stance-map wrote"]),
    ),
    (
        "format_version_99.ron",
        Expect::Invalid(&["version 99", "newer stance-map"]),
    ),
    (
        "format_version_99_new_field.ron",
        Expect::Invalid(&["version 99", "newer stance-map"]),
    ),
    (
        "format_version_99_new_shape.ron",
        Expect::Invalid(&["version 99", "newer stance-map"]),
    ),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile_files")
}

/// Load a file, turning a panic into a test failure that names the file.
fn load_without_panic(path: &Path) -> Result<StanceMap, StorageError> {
    std::panic::catch_unwind(|| load_path(path)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        panic!("loading {} panicked: {why}", path.display())
    })
}

/// Every error names its file, in its message and in `path()`.
fn assert_names_file(error: &StorageError, path: &Path) {
    let message = error.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the error does not name the file: {message}"
    );
    assert_eq!(error.path(), Some(path), "{message}");
}

fn check(name: &str, expect: &Expect) -> Result<(), String> {
    let path = corpus_dir().join(name);
    let outcome = load_without_panic(&path);
    if let Err(error) = &outcome {
        assert_names_file(error, &path);
    }
    let ok = match (expect, &outcome) {
        (Expect::Ok, Ok(_))
        | (Expect::Empty, Err(StorageError::Empty { .. }))
        | (Expect::Invalid(_), Err(StorageError::Invalid { .. })) => true,
        (Expect::NotText(line, col), Err(StorageError::NotText { at, .. }))
        | (Expect::Syntax(line, col, _), Err(StorageError::Syntax { at, .. })) => {
            *at == LineCol {
                line: *line,
                col: *col,
            }
        }
        _ => false,
    };
    let message_ok = match (expect, &outcome) {
        // An empty part would match any message.
        (Expect::Syntax(_, _, part), Err(error)) => {
            !part.is_empty() && error.to_string().contains(part)
        }
        (Expect::Invalid(parts), Err(error)) => {
            let message = error.to_string();
            parts.iter().all(|part| message.contains(part))
        }
        _ => true,
    };
    if ok && message_ok {
        Ok(())
    } else {
        let got = match &outcome {
            Ok(_) => "it loaded".to_owned(),
            Err(error) => format!("{error:?}\n    {error}"),
        };
        Err(format!("{name}: expected {expect:?}, got {got}"))
    }
}

#[test]
fn every_corpus_file_gives_its_expected_outcome() {
    let failures: Vec<String> = EXPECTED
        .iter()
        .filter_map(|(name, expect)| check(name, expect).err())
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_table_and_the_folder_list_the_same_files() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "ron"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(n, _)| (*n).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "add new corpus files to EXPECTED");
    // The README documents every file too.
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap();
    for name in &listed {
        assert!(readme.contains(&format!("`{name}`")), "README.md: {name}");
    }
}

#[test]
fn files_that_load_are_equal_to_the_base_map_where_they_should_be() {
    let load = |name: &str| load_path(&corpus_dir().join(name)).unwrap();
    let base = load("valid_base.ron");
    assert_eq!(load("bom_valid.ron"), base);
    assert_eq!(load("crlf_line_endings.ron"), base);
    assert_eq!(load("cr_only_line_endings.ron"), base);
    // Ids that differ only by case are upgraded apart, and what refers to them follows.
    let map = load("ids_differing_by_case_v1.ron");
    let ids: Vec<_> = map.powers.iter().map(|p| p.id.0.as_str()).collect();
    assert_eq!(ids, ["eu", "eu_2"]);
    let event: Vec<_> = map.events[0].powers.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(event, ["eu", "eu_2"]);
}

#[test]
fn bidi_and_control_characters_load_as_data_and_display_safely() {
    let map = load_path(&corpus_dir().join("bidi_and_control_chars.ron")).unwrap();
    let quote = &map.powers[0].track[0].evidence[0].quote;
    // The text is kept exactly as the file has it: it is the author's data.
    assert!(map.title.contains('\u{202E}') && map.title.contains('\u{7}'));
    assert!(quote.contains('\u{202D}') && quote.contains('\u{0}') && quote.contains('\u{8}'));
    // Shown, nothing in it can reorder, hide or overwrite text.
    for raw in [&map.title, quote] {
        let shown = text::display_safe(raw);
        assert!(
            !shown.chars().any(text::needs_marker),
            "{raw:?} shown as {shown:?}"
        );
    }
    let shown = text::display_safe(&map.title);
    assert!(shown.starts_with("Invoice {U+202E}gnp.exe{U+202C} for {U+2066}Testland{U+2069}"));
    assert!(shown.contains("esc{U+001B}[31m red"), "{shown}");
    let shown = text::display_safe(quote);
    assert!(shown.contains("{U+0000}{U+202E}escaped{U+0008}"), "{shown}");
}

/// A fresh folder for generated files, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("stance-map-corpus-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("could not create a temporary folder");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_file_one_byte_over_the_cap_is_refused_as_too_large() {
    let dir = TempDir::new("over-cap");
    let path = dir.0.join("huge.ron");
    // A sparse file: no disk space used, and the loader must not read it.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    drop(file);
    let error = load_without_panic(&path).unwrap_err();
    assert!(
        matches!(
            error,
            StorageError::TooLarge { size_bytes, limit_bytes, .. }
                if size_bytes == MAX_FILE_BYTES + 1 && limit_bytes == MAX_FILE_BYTES
        ),
        "{error:?}"
    );
    assert_names_file(&error, &path);
}

#[test]
fn a_file_exactly_at_the_cap_is_read_and_refused_as_not_a_map() {
    let dir = TempDir::new("at-cap");
    let path = dir.0.join("zeros.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES).unwrap();
    drop(file);
    // Zero bytes are valid UTF-8 and not blank, so the parser sees them and stops at once.
    let error = load_without_panic(&path).unwrap_err();
    assert!(
        matches!(
            error,
            StorageError::Syntax {
                at: LineCol { line: 1, col: 1 },
                ..
            }
        ),
        "{error:?}"
    );
    assert_names_file(&error, &path);
}

/// The base map with `field: value,` inserted after the subject.
fn base_with(insert: &str) -> String {
    let base = std::fs::read_to_string(corpus_dir().join("valid_base.ron"))
        .expect("tests/hostile_files/valid_base.ron is readable");
    base.replacen(
        "    subject: \"Testland\",\n",
        &format!("    subject: \"Testland\",\n{insert}"),
        1,
    )
}

#[test]
fn a_30_mb_quote_is_refused_at_its_line_and_column() {
    let dir = TempDir::new("big-quote");
    let path = dir.0.join("big.ron");
    let chars = 30 * 1024 * 1024;
    let text = base_with("").replacen(
        "quote: \"Testland applied to join.\"",
        &format!("quote: \"{}\"", "q".repeat(chars)),
        1,
    );
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let started = Instant::now();
    let error = load_without_panic(&path).unwrap_err();
    eprintln!("30 MB quote: refused in {:?}", started.elapsed());
    assert!(matches!(error, StorageError::Invalid { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains(
            "line 22, column 36: EU, 2000: the quote is 31,457,280 characters long; it may be at most 20,000"
        ),
        "{message}"
    );
    assert!(message.len() < 2000, "{} bytes", message.len());
    assert_names_file(&error, &path);
}

#[test]
fn a_50_mb_unterminated_string_is_a_syntax_error_at_its_start() {
    let dir = TempDir::new("big-open-string");
    let path = dir.0.join("open.ron");
    let text = format!(
        "(format_version: 1, title: \"{}",
        "a".repeat(50 * 1024 * 1024)
    );
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let started = Instant::now();
    let error = load_without_panic(&path).unwrap_err();
    eprintln!(
        "50 MB unterminated string: refused in {:?}",
        started.elapsed()
    );
    assert!(error.line_col().is_some(), "{error}");
    assert_names_file(&error, &path);
}

/// A million in release builds; 200,000 in debug builds, where a million takes about 4 s.
fn million_in_release() -> usize {
    if cfg!(debug_assertions) {
        200_000
    } else {
        1_000_000
    }
}

#[test]
fn a_million_events_load() {
    let dir = TempDir::new("many-events");
    let path = dir.0.join("events.ron");
    let count = million_in_release();
    let events = "(date:\"2000\",title:\"\"),".repeat(count);
    std::fs::write(
        &path,
        format!("(format_version:1,title:\"T\",subject:\"S\",powers:[],events:[{events}])"),
    )
    .unwrap();
    drop(events);
    let started = Instant::now();
    let map = load_without_panic(&path).unwrap();
    eprintln!("{count} events: loaded in {:?}", started.elapsed());
    assert_eq!(map.events.len(), count);
}

#[test]
fn a_million_keyframes_on_one_date_are_refused_with_a_short_message() {
    let dir = TempDir::new("many-keyframes");
    let path = dir.0.join("keyframes.ron");
    let count = million_in_release();
    let track = "(date:\"2000\",strength:0),".repeat(count);
    let text = format!(
        "(format_version:1,title:\"T\",subject:\"S\",powers:[(id:\"p\",name:\"P\",color:\"#000000\",bearing_deg:0,track:[{track}])])"
    );
    std::fs::write(&path, text).unwrap();
    let started = Instant::now();
    let error = load_without_panic(&path).unwrap_err();
    eprintln!("{count} keyframes: refused in {:?}", started.elapsed());
    let StorageError::Invalid { problems, .. } = &error else {
        panic!("{error:?}");
    };
    // Validation stops counting at its limit, and the message says so.
    assert_eq!(problems.len(), stance_map::model::MAX_PROBLEMS);
    let message = error.to_string();
    let more = format!(
        "and at least {} more problems",
        stance_map::model::MAX_PROBLEMS - 10
    );
    assert!(message.contains(&more), "{message}");
    assert!(message.len() < 2000, "{} bytes", message.len());
    assert_names_file(&error, &path);
}
