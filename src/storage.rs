//! Reading and writing map files: untrusted RON in, pretty RON out, atomically.
//!
//! A map file may come from a stranger. Loading caps the size before reading, accepts and
//! strips a UTF-8 byte-order mark, refuses fields the format does not have, reports syntax
//! errors in plain words with the line and column an editor shows (whatever its line ends),
//! and validates the parsed map before anyone sees it. Saving writes a temporary file in the same
//! folder, syncs it, renames it over the target and syncs the folder, so a crash leaves either
//! the old file or the new one.

use std::fmt::Write as _;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::migrate::{self, Upgrade};
use crate::model::{FORMAT_VERSION, Problem, StanceMap, validate_with_paths};

pub mod class;
pub mod import;

/// The largest map file stance-map opens, in bytes. Real maps are a few hundred kilobytes;
/// the cap keeps a hostile or mistaken file from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 64 * MIB;

/// One mebibyte, the unit sizes are given in.
const MIB: u64 = 1024 * 1024;

/// Where in a file something went wrong, counted from 1 as editors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl std::fmt::Display for LineCol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.col)
    }
}

/// Why a map could not be loaded or saved. Every variant names the file where there is one.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The operating system refused to read or write the file.
    #[error("{}: {action}: {source}", display_path(path.as_deref()))]
    Io {
        /// The file.
        path: Option<PathBuf>,
        /// What we were doing, for example "could not read the file".
        action: &'static str,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error(
        "{}: the file is {}, larger than the {} a map may be; it is probably not a stance map",
        display_path(path.as_deref()),
        size_over_text(*size_bytes, *limit_bytes),
        mib_text(*limit_bytes)
    )]
    TooLarge {
        /// The file.
        path: Option<PathBuf>,
        /// Its size.
        size_bytes: u64,
        /// The cap.
        limit_bytes: u64,
    },
    /// The path names something that is not a regular file: a folder, a named pipe (FIFO), a
    /// device or a socket. Reading one could block forever or never end, so it is refused.
    #[error(
        "{} is not a regular file: it is {what}; choose a map file (.ron)",
        display_path(path.as_deref())
    )]
    NotAFile {
        /// The path.
        path: Option<PathBuf>,
        /// What it is instead, in words: "a folder", "a named pipe (FIFO)", ….
        what: &'static str,
    },
    /// The file is empty.
    #[error("{}: the file is empty", display_path(path.as_deref()))]
    Empty {
        /// The file.
        path: Option<PathBuf>,
    },
    /// The file is not UTF-8 text.
    #[error("{}: {at}: the file is not text (it is not valid UTF-8); it may be damaged or not a stance map", display_path(path.as_deref()))]
    NotText {
        /// The file.
        path: Option<PathBuf>,
        /// Where the first bad byte is.
        at: LineCol,
    },
    /// The RON does not parse as a map.
    #[error("{}: {at}: {message}", display_path(path.as_deref()))]
    Syntax {
        /// The file.
        path: Option<PathBuf>,
        /// Where the parser stopped.
        at: LineCol,
        /// The parser's explanation.
        message: String,
    },
    /// The map written out would be larger than [`MAX_FILE_BYTES`], so it could not be opened
    /// again: it is not written.
    #[error(
        "{}: the map would be {} MiB written out, more than the {} MiB a map may be, so it \
         was not saved and the file is as it was",
        display_path(path.as_deref()),
        size_bytes.div_ceil(MIB),
        limit_bytes / MIB
    )]
    TooLargeToSave {
        /// The file.
        path: Option<PathBuf>,
        /// The size the map would have.
        size_bytes: u64,
        /// The cap.
        limit_bytes: u64,
    },
    /// The file is read-only (its owner may not write it), and replacing it was not asked for.
    #[error(
        "{}: the file is read-only, so it was not replaced (make it writable first)",
        display_path(path.as_deref())
    )]
    ReadOnly {
        /// The file.
        path: Option<PathBuf>,
    },
    /// The map parsed but breaks the rules of a map.
    #[error("{}: {}", display_path(path.as_deref()), list_problems(problems, at))]
    Invalid {
        /// The file.
        path: Option<PathBuf>,
        /// Everything wrong with it.
        problems: Vec<Problem>,
        /// Where in the file each problem is, where that is known (same order as `problems`;
        /// may be shorter).
        at: Vec<Option<LineCol>>,
    },
}

impl StorageError {
    /// The line and column the error points at, when it has one.
    pub fn line_col(&self) -> Option<LineCol> {
        match self {
            Self::NotText { at, .. } | Self::Syntax { at, .. } => Some(*at),
            Self::Invalid { at, .. } => at.iter().flatten().next().copied(),
            _ => None,
        }
    }

    /// The file the error is about, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Io { path, .. }
            | Self::TooLarge { path, .. }
            | Self::NotAFile { path, .. }
            | Self::TooLargeToSave { path, .. }
            | Self::ReadOnly { path }
            | Self::Empty { path }
            | Self::NotText { path, .. }
            | Self::Syntax { path, .. }
            | Self::Invalid { path, .. } => path.as_deref(),
        }
    }

    pub(crate) fn with_path(mut self, new_path: &Path) -> Self {
        match &mut self {
            Self::Io { path, .. }
            | Self::TooLarge { path, .. }
            | Self::NotAFile { path, .. }
            | Self::TooLargeToSave { path, .. }
            | Self::ReadOnly { path }
            | Self::Empty { path }
            | Self::NotText { path, .. }
            | Self::Syntax { path, .. }
            | Self::Invalid { path, .. } => *path = Some(new_path.to_owned()),
        }
        self
    }
}

/// A size in mebibytes (MiB, 1,048,576 bytes) as the README gives sizes: "64 MiB" when whole,
/// else with one decimal, "67.0 MiB".
pub fn mib_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// The size of a file over `limit_bytes`, never rounded down to read as the limit itself:
/// one byte over 64 MiB is "more than 64 MiB", not "64.0 MiB".
fn size_over_text(size_bytes: u64, limit_bytes: u64) -> String {
    let size = mib_text(size_bytes);
    let limit = mib_text(limit_bytes);
    let shown_mib = size
        .trim_end_matches(" MiB")
        .parse::<f64>()
        .unwrap_or(f64::INFINITY);
    let limit_mib = limit_bytes as f64 / (1024.0 * 1024.0);
    if size_bytes > limit_bytes && shown_mib <= limit_mib {
        format!("more than {limit}")
    } else {
        size
    }
}

fn display_path(path: Option<&Path>) -> String {
    path.map_or_else(|| "the map".to_owned(), |p| p.display().to_string())
}

fn list_problems(problems: &[Problem], at: &[Option<LineCol>]) -> String {
    const SHOWN: usize = 10;
    let mut text = problems
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, problem)| match at.get(i).copied().flatten() {
            Some(at) => format!("{at}: {problem}"),
            None => problem.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN {
        // Validation stops counting at MAX_PROBLEMS: past that, say "at least".
        let at_least = if problems.len() >= crate::model::MAX_PROBLEMS {
            "at least "
        } else {
            ""
        };
        let _ = write!(
            text,
            "; and {at_least}{} more problems",
            problems.len() - SHOWN
        );
    }
    text
}

/// A map read from a file, and what loading did to bring it up to the current format.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The map, in the current format, valid.
    pub map: StanceMap,
    /// Set when the file was of an older format version and was upgraded.
    pub upgrade: Option<Upgrade>,
}

/// Read and validate a map file, upgrading it if it is of an older format version.
pub fn load_path(path: &Path) -> Result<StanceMap, StorageError> {
    open_path(path).map(|loaded| loaded.map)
}

/// Like [`load_path`], and also say whether the file was upgraded from an older format.
pub fn open_path(path: &Path) -> Result<Loaded, StorageError> {
    let bytes = read_capped(path)?;
    open_bytes(&bytes).map_err(|e| e.with_path(path))
}

/// The file's bytes, refusing what is not a regular file ([`open_regular_file`]) or is larger
/// than a map may be ([`MAX_FILE_BYTES`]).
pub(crate) fn read_capped(path: &Path) -> Result<Vec<u8>, StorageError> {
    let io = |action, source| StorageError::Io {
        path: Some(path.to_owned()),
        action,
        source,
    };
    let file = open_regular_file(path)?;
    let size_bytes = file
        .metadata()
        .map_err(|e| io("could not read the file's size", e))?
        .len();
    if size_bytes > MAX_FILE_BYTES {
        return Err(StorageError::TooLarge {
            path: Some(path.to_owned()),
            size_bytes,
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    // The file may grow between the size check and the read: never read past the cap.
    let mut bytes = Vec::with_capacity(usize::try_from(size_bytes).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io("could not read the file", e))?;
    Ok(bytes)
}

/// Open `path` for reading if it is a regular file (or a link to one), and refuse anything
/// else (a folder, a named pipe, a device, a socket) with [`StorageError::NotAFile`] before
/// reading a byte: a named pipe would block the read until someone writes to it, and a
/// device may never end. The kind is checked before opening, and again on the opened file,
/// which on Linux is opened without blocking, so a pipe swapped in between cannot block either.
pub fn open_regular_file(path: &Path) -> Result<std::fs::File, StorageError> {
    let file_type = std::fs::metadata(path)
        .map_err(|source| StorageError::Io {
            path: Some(path.to_owned()),
            action: "could not open the file",
            source,
        })?
        .file_type();
    if !file_type.is_file() {
        return Err(StorageError::NotAFile {
            path: Some(path.to_owned()),
            what: file_kind(file_type),
        });
    }
    open_and_recheck(path)
}

/// The second half of [`open_regular_file`]: open without blocking, then check what was
/// opened, which may not be what was checked before.
fn open_and_recheck(path: &Path) -> Result<std::fs::File, StorageError> {
    let io = |source| StorageError::Io {
        path: Some(path.to_owned()),
        action: "could not open the file",
        source,
    };
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        // O_NONBLOCK: opening a named pipe for reading returns at once instead of waiting for
        // a writer; reading a regular file is not affected. (Linux's value; no libc crate.)
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(0o4000);
    }
    let file = options.open(path).map_err(io)?;
    let file_type = file.metadata().map_err(io)?.file_type();
    if file_type.is_file() {
        Ok(file)
    } else {
        Err(StorageError::NotAFile {
            path: Some(path.to_owned()),
            what: file_kind(file_type),
        })
    }
}

/// What a file that is not a regular file is, in words.
fn file_kind(file_type: std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "something other than a file"
}

/// Parse and validate a map from bytes (for example a file's contents, or a dropped file).
pub fn load_bytes(bytes: &[u8]) -> Result<StanceMap, StorageError> {
    open_bytes(bytes).map(|loaded| loaded.map)
}

/// Like [`load_bytes`], and also say whether the map was upgraded from an older format.
pub fn open_bytes(bytes: &[u8]) -> Result<Loaded, StorageError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StorageError::TooLarge {
            path: None,
            size_bytes: bytes.len() as u64,
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => open_str(text),
        Err(e) => Err(StorageError::NotText {
            path: None,
            at: line_col_of_byte(bytes, e.valid_up_to()),
        }),
    }
}

/// Parse and validate a map from text.
pub fn load_str(text: &str) -> Result<StanceMap, StorageError> {
    open_str(text).map(|loaded| loaded.map)
}

/// Like [`load_str`], and also say whether the map was upgraded from an older format.
pub fn open_str(text: &str) -> Result<Loaded, StorageError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(StorageError::Empty { path: None });
    }
    let mut map: StanceMap = match ron::Options::default().from_str(text) {
        Ok(map) => map,
        Err(error) => {
            // A file from a newer stance-map may not parse as this version's map at all:
            // say that, rather than pointing at a field this version does not know.
            if let Some(found) = probe_version(text)
                && found > FORMAT_VERSION
            {
                return Err(StorageError::Invalid {
                    path: None,
                    problems: vec![Problem::UnsupportedVersion {
                        found,
                        supported: FORMAT_VERSION,
                    }],
                    at: vec![locate(
                        text,
                        &[crate::model::PathSeg::Field("format_version")],
                    )],
                });
            }
            return Err(syntax_error_in(text, &error));
        }
    };
    let upgrade = migrate::upgrade(&mut map);
    let found = validate_with_paths(&map);
    if found.is_empty() {
        return Ok(Loaded { map, upgrade });
    }
    Err(invalid(text, &[], found))
}

/// The error for a map that parsed but breaks rules. `found` are the problems with their
/// paths inside the map, and `map_at` the path of the map inside `text` (empty when the text
/// is the map itself; `[Field("map")]` in a recovery copy).
pub(crate) fn invalid(
    text: &str,
    map_at: &[crate::model::PathSeg],
    found: Vec<(Problem, Vec<crate::model::PathSeg>)>,
) -> StorageError {
    // Point at the first few in the text; the rest are listed by what they are about.
    let at = found
        .iter()
        .take(LOCATED_PROBLEMS)
        .map(|(_, path)| {
            let full: Vec<_> = map_at.iter().chain(path).copied().collect();
            locate(text, &full)
        })
        .collect();
    StorageError::Invalid {
        path: None,
        problems: found.into_iter().map(|(problem, _)| problem).collect(),
        at,
    }
}

/// How many problems of a file are located in its text (the message shows ten).
const LOCATED_PROBLEMS: usize = 10;

/// The line and column where the value at `path` starts in RON `text`, found by walking the
/// text along the path: into `name:` fields of `( … )` and items of `[ … ]`, skipping every
/// other value whole (strings, comments and nested brackets included). Best effort: `None`
/// when the text does not have that shape. Never recursive, so no input can overflow the stack.
pub fn locate(text: &str, path: &[crate::model::PathSeg]) -> Option<LineCol> {
    use crate::model::PathSeg;
    let b = text.as_bytes();
    let mut i = skip_attributes(b, 0);
    for seg in path {
        i = enter_wrapper(b, skip_ws(b, i));
        match *seg {
            PathSeg::Field(name) => {
                if b.get(i) != Some(&b'(') {
                    return None;
                }
                i += 1;
                loop {
                    i = skip_ws(b, i);
                    let start = i;
                    while b
                        .get(i)
                        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    {
                        i += 1;
                    }
                    if i == start {
                        return None;
                    }
                    let field = &b[start..i];
                    i = skip_ws(b, i);
                    if b.get(i) != Some(&b':') {
                        return None;
                    }
                    i += 1;
                    if field == name.as_bytes() {
                        break;
                    }
                    i = skip_ws(b, skip_value(b, skip_ws(b, i))?);
                    if b.get(i) == Some(&b',') {
                        i += 1;
                    }
                }
            }
            PathSeg::Index(n) => {
                if b.get(i) != Some(&b'[') {
                    return None;
                }
                i += 1;
                for _ in 0..n {
                    i = skip_ws(b, skip_value(b, skip_ws(b, i))?);
                    if b.get(i) != Some(&b',') {
                        return None;
                    }
                    i += 1;
                }
            }
        }
    }
    let i = skip_ws(b, i);
    (i < b.len()).then(|| line_col_of_byte(b, i))
}

/// Past whitespace and comments (`// …` to the end of the line, `/* … */` nested).
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    loop {
        match (b.get(i), b.get(i + 1)) {
            (Some(c), _) if c.is_ascii_whitespace() => i += 1,
            (Some(b'/'), Some(b'/')) => {
                while b.get(i).is_some_and(|&c| c != b'\n') {
                    i += 1;
                }
            }
            (Some(b'/'), Some(b'*')) => {
                let mut depth = 0_usize;
                while i < b.len() {
                    if b.get(i..i + 2) == Some(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b.get(i..i + 2) == Some(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            _ => return i,
        }
    }
}

/// Past `#![enable(…)]` lines at the start.
fn skip_attributes(b: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_ws(b, i);
        if b.get(i..i + 2) != Some(b"#!") {
            return i;
        }
        match b[i..].iter().position(|&c| c == b']') {
            Some(end) => i += end + 1,
            None => return b.len(),
        }
    }
}

/// Into `Some(…)` (the value is inside), or to the bracket of a named struct `Name(…)`.
fn enter_wrapper(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        j += 1;
    }
    if j == i || !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return i;
    }
    let after = skip_ws(b, j);
    if b.get(after) != Some(&b'(') {
        return i;
    }
    if &b[i..j] == b"Some" {
        skip_ws(b, after + 1)
    } else {
        after
    }
}

/// Past one value, to the comma or closing bracket after it; `None` if the text ends first.
fn skip_value(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0_usize;
    loop {
        let c = *b.get(i)?;
        match c {
            b'"' => i = skip_string(b, i)?,
            b'\'' => {
                // A char literal, perhaps escaped: 'a', '\''.
                i += if b.get(i + 1) == Some(&b'\\') { 2 } else { 1 };
                i += b.get(i..)?.iter().position(|&c| c == b'\'')? + 1;
            }
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"')) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                let open = i + 1 + hashes;
                if b.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let mut close = vec![b'"'];
                close.extend(std::iter::repeat_n(b'#', hashes));
                let rest = b.get(open + 1..)?;
                let end = rest
                    .windows(close.len())
                    .position(|w| w == close.as_slice())?;
                i = open + 1 + end + close.len();
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => i = skip_ws(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
                i += 1;
            }
            b',' if depth == 0 => return Some(i),
            _ => i += 1,
        }
    }
}

/// Past a `"…"` string starting at `i`, escapes included.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// Read only the format version of a file that may not otherwise parse.
fn probe_version(text: &str) -> Option<u32> {
    #[derive(Deserialize)]
    struct Probe {
        format_version: u32,
    }
    // Unknown fields are ignored by ron, so the probe reads any struct with the field.
    ron::Options::default()
        .from_str::<Probe>(text)
        .ok()
        .map(|p| p.format_version)
}

/// The error for text ron could not parse, at ron's own line and column (which count only
/// `\n` as a line end). For text that came from a file, [`syntax_error_in`] is better.
pub(crate) fn syntax_error(error: &ron::error::SpannedError) -> StorageError {
    StorageError::Syntax {
        path: None,
        at: LineCol {
            line: error.span.start.line,
            col: error.span.start.col,
        },
        message: plain_message(&error.code),
    }
}

/// The error for `text` that ron could not parse, at the line and column an editor shows:
/// ron counts only `\n` as a line end, so in a file with old Mac `\r` line ends every error
/// would be on line 1. The place is mapped back to a byte of `text` and counted again.
pub(crate) fn syntax_error_in(text: &str, error: &ron::error::SpannedError) -> StorageError {
    let start = byte_of_ron_position(text, error.span.start);
    let end = byte_of_ron_position(text, error.span.end).max(start);
    // ron's complaint at the very end of a cut-off file ("Expected colon" after half a field
    // name) is about what is missing: the file ending.
    let cut_off =
        text.get(end..).is_some_and(|rest| rest.trim().is_empty()) && expects_more(&error.code);
    let message = if cut_off {
        plain_message(&ron::Error::Eof)
    } else {
        plain_message(&error.code)
    };
    StorageError::Syntax {
        path: None,
        at: line_col_of_byte(text.as_bytes(), start),
        message,
    }
}

/// Whether ron's error means more text was expected where it stopped.
fn expects_more(code: &ron::Error) -> bool {
    use ron::Error as E;
    matches!(
        code,
        E::Eof
            | E::ExpectedArray
            | E::ExpectedArrayEnd
            | E::ExpectedBoolean
            | E::ExpectedComma
            | E::ExpectedChar
            | E::ExpectedFloat
            | E::ExpectedInteger
            | E::ExpectedOption
            | E::ExpectedOptionEnd
            | E::ExpectedMap
            | E::ExpectedMapColon
            | E::ExpectedMapEnd
            | E::ExpectedStructLike
            | E::ExpectedNamedStructLike(_)
            | E::ExpectedStructLikeEnd
            | E::ExpectedUnit
            | E::ExpectedString
            | E::ExpectedIdentifier
            // Half a field name at the very end: the rest of the name was cut off.
            | E::NoSuchStructField { .. }
    )
}

/// The byte of `text` at ron's line and column (lines split at `\n` only, columns in
/// characters, both from 1); the end of the text if it has no such place.
fn byte_of_ron_position(text: &str, at: ron::error::Position) -> usize {
    let mut line_start = 0;
    for _ in 1..at.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    text[line_start..]
        .char_indices()
        .nth(at.col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// ron's messages, reworded for someone who has never seen RON. Every wording ron has is
/// covered; a variant a later ron adds shows ron's own words.
fn plain_message(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early; it may have been cut off".to_owned(),
        E::ExceededRecursionLimit => "the file is nested too deeply to be a stance map".to_owned(),
        E::MissingStructField { field, outer } => format!(
            "the required field \"{field}\" is missing{}",
            outer
                .as_deref()
                .map(|o| format!(" from {}", struct_words(o)))
                .unwrap_or_default()
        ),
        E::DuplicateStructField { field, .. } => format!("the field \"{field}\" appears twice"),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => unknown_field_message(found, expected, outer.as_deref()),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let mut text = format!(
                "`{found}` is not one of the values allowed here ({})",
                expected.join(", ")
            );
            if let Some(near) = closest(found, expected) {
                let _ = write!(text, "; did you mean `{near}`?");
            }
            text
        }
        E::ExpectedComma => {
            "a comma is missing here: every field and every list item ends with one".to_owned()
        }
        E::ExpectedIdentifier => "a name was expected here (a field name, or a word such as \
                                  High or Political, without quotes); a bracket, quote or \
                                  comma just before may be missing or one too many"
            .to_owned(),
        E::ExpectedMapColon => "a colon was expected here: a field is written \
                                `name: value`"
            .to_owned(),
        E::ExpectedString => "text in double quotes was expected here".to_owned(),
        E::ExpectedStringEnd => "this text has no closing double quote".to_owned(),
        E::ExpectedFloat | E::ExpectedInteger => "a number was expected here".to_owned(),
        E::IntegerOutOfBounds => "this number is out of range: too large, or below zero \
                                  where only 0 and up are allowed"
            .to_owned(),
        E::InvalidIntegerDigit { digit, .. } => {
            format!(
                "'{}' cannot be part of a whole number",
                digit.escape_debug()
            )
        }
        E::FloatUnderscore | E::UnderscoreAtBeginning => {
            "a number cannot contain an underscore here".to_owned()
        }
        E::ExpectedBoolean => "true or false was expected here".to_owned(),
        E::ExpectedChar => "a single character in single quotes was expected here".to_owned(),
        E::ExpectedArray => "a list in square brackets [ ] was expected here".to_owned(),
        E::ExpectedArrayEnd => "the list is not closed with ] here".to_owned(),
        E::ExpectedMap => "a group in curly brackets { } was expected here".to_owned(),
        E::ExpectedMapEnd => "the group is not closed with } here".to_owned(),
        E::ExpectedStructLike => "a group in round brackets ( ) was expected here".to_owned(),
        E::ExpectedOption => "None, or a value inside Some( ), was expected here (a map file \
                              that starts with #![enable(implicit_some)] may give the value \
                              alone)"
            .to_owned(),
        E::ExpectedNamedStructLike("") => {
            "a group in round brackets ( ) was expected here".to_owned()
        }
        E::ExpectedNamedStructLike(name) if *name == "StanceMap" => "a stance map starts with \
             an opening round bracket ( here (after any #![enable(…)] line); this file may \
             not be a stance map"
            .to_owned(),
        E::ExpectedNamedStructLike(name) => format!(
            "{} was expected here, in round brackets ( )",
            struct_words(name)
        ),
        E::ExpectedDifferentStructName { expected, found } => format!(
            "{} was expected here, not `{found}`",
            struct_words(expected)
        ),
        E::ExpectedStructName(name) => format!("{} was expected here", struct_words(name)),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => {
            "the group is not closed with ) here".to_owned()
        }
        E::ExpectedUnit => "an empty pair of brackets () was expected here".to_owned(),
        E::InvalidEscape(_) => "this text has a backslash \\ that does not start a known \
                                escape; write \\\\ for a backslash"
            .to_owned(),
        E::UnexpectedChar(c) => {
            format!("the character '{}' does not belong here", c.escape_debug())
        }
        E::TrailingCharacters => "the map ends before this: what follows is one too many \
                                  bracket or stray text"
            .to_owned(),
        E::UnclosedBlockComment => "a comment opened with /* is never closed with */".to_owned(),
        E::ExpectedAttribute
        | E::ExpectedAttributeEnd
        | E::NoSuchExtension(_)
        | E::UnclosedLineComment => {
            "the line starting with #! is not one stance-map understands: a map may start \
             with #![enable(implicit_some)]"
                .to_owned()
        }
        E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
            "this is not a name stance-map knows here".to_owned()
        }
        E::InvalidValueForType { expected, found } => {
            format!("{found} is not allowed here: expected {expected}")
        }
        E::ExpectedDifferentLength { expected, found } => {
            format!("a list of {found} items is not allowed here: expected {expected}")
        }
        E::Utf8Error(_) => "the file is not text here (it is not valid UTF-8)".to_owned(),
        other => other.to_string(),
    }
}

/// The words for one of the file format's structs, as ron names it in an error.
fn struct_words(name: &str) -> &str {
    match name {
        "StanceMap" => "the map",
        "Power" => "a power",
        "Keyframe" => "a keyframe",
        "Evidence" => "a quote",
        "Source" => "a source",
        "Event" => "an event",
        "StoryStep" => "a story step",
        "Recovered" => "a recovery copy",
        other => other,
    }
}

/// "`reasonning` is not a field of a keyframe; did you mean `reasoning`?", or the fields it
/// may have when no name is close.
fn unknown_field_message(found: &str, expected: &[&str], outer: Option<&str>) -> String {
    let owner = outer.map_or("this group", struct_words);
    let mut text = format!("\"{found}\" is not a field of {owner}");
    match closest(found, expected) {
        Some(near) => {
            let _ = write!(text, "; did you mean \"{near}\"?");
        }
        None => {
            let _ = write!(text, "; its fields are {}", expected.join(", "));
        }
    }
    text
}

/// The name in `candidates` nearest to `found` by edit distance, if it is near enough to be
/// a slip of the keyboard (at most a third of the name's letters differ, and at least one).
fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let found = found.to_lowercase();
    let limit = (found.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&found, &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two short names, with a swap of neighbours counting as one
/// edit (optimal string alignment), in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Names longer than any field are never near one; skip the quadratic work.
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut d = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The line and column of byte `offset`, counting `\n`, `\r\n` and a lone `\r` each as one
/// line end, as editors do.
fn line_col_of_byte(bytes: &[u8], offset: usize) -> LineCol {
    let offset = offset.min(bytes.len());
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in bytes[..offset].iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = String::from_utf8_lossy(&bytes[line_start..offset])
        .chars()
        .count()
        + 1;
    LineCol { line, col }
}

/// The map as pretty RON: one field a line, four-space indent, Unicode kept as it is, `\n`
/// line ends on every system, so files read well and diff well in git.
pub fn to_ron_string(map: &StanceMap) -> String {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .escape_strings(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    match ron::ser::to_string_pretty(map, config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Serializing plain data into a String cannot fail; if it ever did, say so in the file
        // rather than panicking, and the file would then fail to load with a clear error.
        Err(e) => format!("// stance-map could not write this map: {e}\n"),
    }
}

/// Save a map atomically: write a temporary file beside `path`, sync it, rename it over
/// `path`, then sync the folder. A crash at any moment leaves the old file or the new one.
/// A read-only file is refused, and so is a map too large to open again; see [`save_with`].
pub fn save_path(map: &StanceMap, path: &Path) -> Result<(), StorageError> {
    save_with(map, path, SaveOptions::default())
}

/// The backup kept beside a saved file: `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".bak");
    path.with_file_name(name)
}

/// Save like [`save_path`], first keeping the file's previous version as `NAME.ron.bak`.
pub fn save_with_backup(map: &StanceMap, path: &Path) -> Result<(), StorageError> {
    save_with(
        map,
        path,
        SaveOptions {
            backup: true,
            ..SaveOptions::default()
        },
    )
}

/// How a save treats the file already there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaveOptions {
    /// Keep the file as it was before this save as `NAME.ron.bak` (see [`backup_path`]), with
    /// the file's permissions.
    pub backup: bool,
    /// Replace the file even if it is read-only (it stays read-only). Without this, a
    /// read-only file is refused with [`StorageError::ReadOnly`].
    pub replace_read_only: bool,
}

/// Save a map atomically (see [`save_path`] and [`write_atomically`]) as `options` say.
///
/// Nothing is written, not even the `.bak`, when the map written out would be larger than
/// [`MAX_FILE_BYTES`] (it could not be opened again: [`StorageError::TooLargeToSave`]) or the
/// file is read-only and `options` do not say to replace it ([`StorageError::ReadOnly`]).
pub fn save_with(map: &StanceMap, path: &Path, options: SaveOptions) -> Result<(), StorageError> {
    save_text(&to_ron_string(map), path, options)
}

/// [`save_with`] for a map already written out by [`to_ron_string`].
pub(crate) fn save_text(text: &str, path: &Path, options: SaveOptions) -> Result<(), StorageError> {
    let size_bytes = text.len() as u64;
    if size_bytes > MAX_FILE_BYTES {
        return Err(StorageError::TooLargeToSave {
            path: Some(path.to_owned()),
            size_bytes,
            limit_bytes: MAX_FILE_BYTES,
        });
    }
    let io = |action, source| StorageError::Io {
        path: Some(path.to_owned()),
        action,
        source,
    };
    let target = resolve_links(path).map_err(|e| io(FOLLOW_LINK, e))?;
    let existing = regular_file_metadata(&target).map_err(|e| io(READ_PERMISSIONS, e))?;
    if let Some(existing) = &existing {
        if is_read_only(existing) && !options.replace_read_only {
            return Err(StorageError::ReadOnly {
                path: Some(path.to_owned()),
            });
        }
        if options.backup {
            let previous = std::fs::read(&target)
                .map_err(|e| io("could not read the previous version to back it up", e))?;
            // The `.bak` is ours: a link there is replaced, not followed, and a read-only
            // `.bak` (of a read-only map) is replaced too.
            write_file(
                &backup_path(path),
                &previous,
                &WriteHow {
                    follow_links: false,
                    replace_read_only: true,
                    like: Some(existing),
                },
            )?;
        }
    }
    write_file(
        path,
        text.as_bytes(),
        &WriteHow {
            follow_links: true,
            replace_read_only: options.replace_read_only,
            like: None,
        },
    )
}

/// The size and modification time of a file, to notice when someone else changed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub len: u64,
    /// Last modification time, where the system keeps one.
    pub modified: Option<std::time::SystemTime>,
}

/// The stamp of a file now, or `None` when it cannot be read (for example, deleted).
pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        len: metadata.len(),
        modified: metadata.modified().ok(),
    })
}

/// Write bytes to `path` atomically (see [`save_path`]): exports and recovery copies are
/// written this way too.
///
/// - When `path` is a symbolic link, the file it points to is written (beside it, the
///   temporary file), and the link stays a link.
/// - The new file keeps the old one's permissions, and its owner where the system allows
///   (when running as root).
/// - A read-only file (one its owner may not write, by its permission bits, whoever runs
///   this) is refused with [`StorageError::ReadOnly`].
/// - The temporary file is created afresh under an unpredictable name (never opening a file
///   or link already there) and locked while it is written. Temporary files that saves of
///   this file left when they were killed are removed; those of saves still running are not.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    write_file(
        path,
        bytes,
        &WriteHow {
            follow_links: true,
            replace_read_only: false,
            like: None,
        },
    )
}

const FOLLOW_LINK: &str = "could not follow the link to the file";
const READ_PERMISSIONS: &str = "could not read the file's permissions";

/// How [`write_file`] treats what is at the path.
struct WriteHow<'a> {
    /// Write the file a symbolic link points to, rather than replace the link.
    follow_links: bool,
    /// Replace a read-only file rather than refuse.
    replace_read_only: bool,
    /// Give the new file these permissions and owner, rather than those of the file it
    /// replaces.
    like: Option<&'a std::fs::Metadata>,
}

fn write_file(path: &Path, bytes: &[u8], how: &WriteHow<'_>) -> Result<(), StorageError> {
    let io = |action, source| StorageError::Io {
        path: Some(path.to_owned()),
        action,
        source,
    };
    let target = if how.follow_links {
        resolve_links(path).map_err(|e| io(FOLLOW_LINK, e))?
    } else {
        path.to_owned()
    };
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = target.file_name().ok_or_else(|| {
        io(
            "this is not a file name",
            std::io::ErrorKind::InvalidInput.into(),
        )
    })?;
    let existing = regular_file_metadata(&target).map_err(|e| io(READ_PERMISSIONS, e))?;
    if let Some(existing) = &existing
        && is_read_only(existing)
        && !how.replace_read_only
    {
        return Err(StorageError::ReadOnly {
            path: Some(path.to_owned()),
        });
    }
    let like = how.like.or(existing.as_ref());
    let (file, temp_path) = create_temp_file(&folder, file_name, like.is_some())
        .map_err(|e| io("could not create a file in that folder", e))?;
    let mut file = Some(file);
    let result = (|| {
        let mut open = file.as_ref().ok_or_else(|| {
            io(
                "could not write the file",
                std::io::ErrorKind::NotFound.into(),
            )
        })?;
        open.write_all(bytes)
            .map_err(|e| io("could not write the file", e))?;
        if let Some(like) = like {
            keep_owner_and_mode(open, like);
        }
        open.sync_all()
            .map_err(|e| io("could not flush the file to disk", e))?;
        // On Unix the file stays open (and locked) until it has its final name, so no other
        // save takes it for a leftover; elsewhere an open file may not be renamed.
        if cfg!(not(unix)) {
            drop(file.take());
        }
        std::fs::rename(&temp_path, &target).map_err(|e| io("could not replace the file", e))?;
        sync_folder(&folder).map_err(|e| io("could not flush the folder to disk", e))
    })();
    drop(file);
    if result.is_err() {
        // Best effort: a leftover temporary file is harmless but untidy.
        let _ = std::fs::remove_file(&temp_path);
    } else {
        remove_stale_temp_files(&folder, file_name);
    }
    result
}

/// The file a path names once symbolic links are followed, links to links included; the path
/// itself when it is not a link. The file need not exist (a link may point to a file not yet
/// written).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    /// As many as Linux follows before it gives up.
    const MAX_LINKS: usize = 40;
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                // A relative link is relative to the folder the link is in.
                current = match current.parent() {
                    Some(folder) => folder.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(
        "it is a link to a link, and so on too many times (perhaps in a loop)",
    ))
}

/// The metadata of the regular file at `path` (not following a link), `None` when there is
/// none (nothing there, or something else such as a folder, a link or a device).
fn regular_file_metadata(path: &Path) -> std::io::Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) => Ok(metadata.is_file().then_some(metadata)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether a file is read-only: its owner may not write it. By the permission bits alone, so
/// the answer is the same for root, who may write anything.
#[cfg(unix)]
fn is_read_only(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    metadata.permissions().mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn is_read_only(metadata: &std::fs::Metadata) -> bool {
    metadata.permissions().readonly()
}

/// Give `file` the permissions (and, where allowed, the owner and group) of `like`. Best
/// effort: some file systems (memory sticks, network shares) have no such things to keep.
#[cfg(unix)]
fn keep_owner_and_mode(file: &std::fs::File, like: &std::fs::Metadata) {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    if let Ok(mine) = file.metadata()
        && (mine.uid(), mine.gid()) != (like.uid(), like.gid())
    {
        // Only root may give a file to someone else; anyone may give it a group they are in.
        // Before the mode: changing the owner may clear mode bits.
        if std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(like.gid()));
        }
    }
    // Not the set-user and set-group bits: a map is never a program.
    let _ = file.set_permissions(std::fs::Permissions::from_mode(like.mode() & 0o777));
}

#[cfg(not(unix))]
fn keep_owner_and_mode(_file: &std::fs::File, _like: &std::fs::Metadata) {}

/// Create a new temporary file beside the one it will replace: `.NAME.<pid>-<16 hex digits>.tmp`,
/// the digits unpredictable. Created exclusively, so a file or link planted under that name
/// is never opened; then locked, so other saves know it is in use. `private` makes it
/// readable by its owner only (its permissions are set once it is written).
fn create_temp_file(
    folder: &Path,
    file_name: &std::ffi::OsStr,
    private: bool,
) -> std::io::Result<(std::fs::File, PathBuf)> {
    let mut last_error = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
    for _ in 0..16 {
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(file_name);
        temp_name.push(format!(
            ".{}-{:016x}.tmp",
            std::process::id(),
            unpredictable_u64()
        ));
        let temp_path = folder.join(temp_name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(if private { 0o600 } else { 0o666 });
        }
        #[cfg(not(unix))]
        let _ = private;
        match options.open(&temp_path) {
            Ok(file) => {
                // Best effort: some file systems have no locks; the process id still tells.
                let _ = file.try_lock();
                return Ok((file, temp_path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = e,
            Err(e) => return Err(e),
        }
    }
    Err(last_error)
}

/// 64 bits no other process can guess: std's hasher keys are random for each process.
fn unpredictable_u64() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// Remove temporary files that earlier saves of this file left behind when they were killed
/// mid-write (`.NAME.<pid>-<digits>.tmp`, or `.NAME.<pid>.tmp` from older versions), but
/// never one a running save is writing. Best effort: they never affect loading.
fn remove_stale_temp_files(folder: &Path, file_name: &std::ffi::OsStr) {
    let mut prefix = b".".to_vec();
    prefix.extend_from_slice(file_name.as_encoded_bytes());
    prefix.push(b'.');
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .as_encoded_bytes()
            .strip_prefix(prefix.as_slice())
            .and_then(|rest| rest.strip_suffix(b".tmp"))
            .and_then(temp_file_owner)
        else {
            continue;
        };
        if is_stale_temp_file(&entry.path(), pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in the middle of a temporary file's name: `<pid>-<hex digits>` or `<pid>`.
fn temp_file_owner(middle: &[u8]) -> Option<u32> {
    let (pid, suffix) = match middle.iter().position(|&b| b == b'-') {
        Some(dash) => (&middle[..dash], &middle[dash + 1..]),
        None => (middle, &b"0"[..]),
    };
    let digits = |b: &[u8], ok: fn(&u8) -> bool| !b.is_empty() && b.iter().all(ok);
    if !digits(pid, u8::is_ascii_digit) || !digits(suffix, u8::is_ascii_hexdigit) {
        return None;
    }
    std::str::from_utf8(pid).ok()?.parse().ok()
}

/// Whether the temporary file at `path`, written by process `pid`, was left by a save that is
/// over. A running save holds a lock on its file. Where it cannot be told whether a process
/// runs, a file counts as left only once it is a minute old (a save locks its file just after
/// creating it), or an hour old where the file system has no locks.
fn is_stale_temp_file(path: &Path, pid: u32) -> bool {
    use std::time::Duration;
    let running = process_running(pid);
    if running == Some(true) {
        return false;
    }
    let Ok(Some(metadata)) = regular_file_metadata(path) else {
        return false; // not a file a save made
    };
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let left_for = match file.try_lock() {
        Err(std::fs::TryLockError::WouldBlock) => return false,
        _ if running == Some(false) => return true,
        Ok(()) => Duration::from_secs(60),
        Err(std::fs::TryLockError::Error(_)) => Duration::from_secs(3600),
    };
    metadata
        .modified()
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > left_for)
}

/// Whether process `pid` is running, where that can be told (Linux, through `/proc`).
fn process_running(pid: u32) -> Option<bool> {
    if pid == std::process::id() {
        return Some(true);
    }
    let proc = Path::new("/proc");
    (cfg!(target_os = "linux") && proc.join("self").exists())
        .then(|| proc.join(pid.to_string()).exists())
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    // Windows cannot open a folder as a file; its rename is already durable enough.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO swapped in after the kind was checked is opened without waiting for a writer,
    /// and refused.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_fifo_swapped_in_after_the_check_cannot_block() {
        let dir = std::env::temp_dir().join(format!("stance-map-swap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe.ron");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let (send, receive) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || {
            let _ = send.send(open_and_recheck(&path).map(|_| ()));
        });
        let outcome = receive
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("opening a FIFO blocked");
        let error = outcome.unwrap_err();
        assert!(
            matches!(
                error,
                StorageError::NotAFile {
                    what: "a named pipe (FIFO)",
                    ..
                }
            ),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn line_col_counts_from_one_in_characters() {
        assert_eq!(line_col_of_byte(b"abc", 0), LineCol { line: 1, col: 1 });
        assert_eq!(line_col_of_byte(b"ab\ncd", 4), LineCol { line: 2, col: 2 });
        assert_eq!(
            line_col_of_byte("é\né".as_bytes(), 5),
            LineCol { line: 2, col: 2 }
        );
    }

    #[test]
    fn line_col_counts_cr_only_and_crlf_line_ends_once() {
        assert_eq!(
            line_col_of_byte(b"a\rb\rcd", 5),
            LineCol { line: 3, col: 2 }
        );
        assert_eq!(
            line_col_of_byte(b"a\r\nb\r\nc", 6),
            LineCol { line: 3, col: 1 }
        );
        // On the `\n` of a `\r\n`, still the first line.
        assert_eq!(line_col_of_byte(b"ab\r\nc", 3), LineCol { line: 1, col: 4 });
    }

    #[test]
    fn a_slip_of_the_keyboard_finds_the_field_meant() {
        let fields = ["date", "strength", "reasoning", "evidence"];
        assert_eq!(closest("reasonning", &fields), Some("reasoning"));
        assert_eq!(closest("strenght", &fields), Some("strength"));
        assert_eq!(closest("Date", &fields), Some("date"));
        assert_eq!(closest("colour", &fields), None);
        assert_eq!(closest(&"x".repeat(10_000), &fields), None);
    }

    #[test]
    fn every_size_is_in_mib() {
        assert_eq!(mib_text(64 * 1024 * 1024), "64 MiB");
        assert_eq!(mib_text(67 * 1024 * 1024 + 1), "67.0 MiB");
        assert_eq!(
            size_over_text(64 * 1024 * 1024 + 1, 64 * 1024 * 1024),
            "more than 64 MiB"
        );
    }
}

#[cfg(test)]
mod save_tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_process_and_cannot_be_guessed() {
        let dir =
            std::env::temp_dir().join(format!("stance-map-temp-names-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let name = std::ffi::OsStr::new("map.ron");
        let (_a, a) = create_temp_file(&dir, name, true).unwrap();
        let (_b, b) = create_temp_file(&dir, name, false).unwrap();
        assert_ne!(a, b);
        for path in [&a, &b] {
            let file_name = path.file_name().unwrap().to_str().unwrap();
            let middle = file_name
                .strip_prefix(".map.ron.")
                .and_then(|r| r.strip_suffix(".tmp"))
                .unwrap();
            assert_eq!(temp_file_owner(middle.as_bytes()), Some(std::process::id()));
            assert_eq!(
                middle.len(),
                std::process::id().to_string().len() + 17,
                "{middle}"
            );
        }
        // This process is running, so its files are never taken for leftovers.
        assert!(!is_stale_temp_file(&a, std::process::id()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_names_saves_make_are_taken_for_temporary_files() {
        assert_eq!(temp_file_owner(b"123"), Some(123));
        assert_eq!(temp_file_owner(b"123-00ff00ff00ff00ff"), Some(123));
        for not_ours in [
            &b""[..],
            b"-",
            b"123-",
            b"-00ff",
            b"12a",
            b"123-xyz",
            b"1-2-3",
        ] {
            assert_eq!(temp_file_owner(not_ours), None, "{not_ours:?}");
        }
    }
}

#[cfg(test)]
mod locate_tests {
    use super::*;
    use crate::model::PathSeg::{Field, Index};

    #[test]
    fn finds_fields_and_items_past_strings_comments_and_nesting() {
        let text = "#![enable(implicit_some)]\n(\n  a: \"x, ) ]\", // (\n  b: [ (c: 1), /* [ */ (c: r#\"(\"# , d: Some((e: 'x'))) ],\n)";
        let at = |path: &[crate::model::PathSeg]| locate(text, path).map(|l| (l.line, l.col));
        assert_eq!(at(&[Field("a")]), Some((3, 6)));
        assert_eq!(at(&[Field("b"), Index(0), Field("c")]), Some((4, 12)));
        assert_eq!(at(&[Field("b"), Index(1), Field("c")]), Some((4, 28)));
        assert_eq!(
            at(&[Field("b"), Index(1), Field("d"), Field("e")]),
            Some((4, 49))
        );
        assert_eq!(at(&[Field("nope")]), None);
        assert_eq!(at(&[Field("b"), Index(5)]), None);
        assert_eq!(at(&[Field("a"), Field("x")]), None);
    }

    #[test]
    fn never_panics_on_broken_text() {
        for text in [
            "", "(", "(a", "(a:", "(a: [", "(a: \"", "(a: r#\"", "(a: '", "(a: /*", "#![",
        ] {
            for path in [vec![Field("a")], vec![Field("a"), Index(3)], vec![Index(0)]] {
                let _ = locate(text, &path);
            }
        }
    }
}
