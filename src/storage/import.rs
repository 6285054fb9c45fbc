//! File › Import indicator…: a measured series read from a CSV file, the way people bring
//! data out of a spreadsheet.
//!
//! The file may come from anyone. Reading it caps the size before reading, refuses anything
//! but a regular file, strips a UTF-8 byte-order mark and refuses text that is not UTF-8 with
//! a message that says how to save it right. The first row names the columns: `date` and
//! `value` are needed, `note` and `uncertain` may be there (any case, any order); other
//! columns are listed as not read. Commas or semicolons separate the columns, whichever the
//! first row uses; with semicolons a value may have a decimal comma (`61,43`), as spreadsheets
//! in much of Europe write it. Every row that cannot be read is kept with its line number and
//! the reason, in words, and never stops the others being read: the caller says how many
//! rows were good and which were not before anything reaches a map.

use std::io::Read as _;
use std::path::Path;

use crate::model::{Date, MAX_TEXT_CHARS, SAME_DATE_YEARS, display_safe};

use super::{MIB, StorageError, mib_text, open_regular_file};

/// The largest CSV file the import reads, in bytes. A series of yearly or monthly figures is
/// a few kilobytes; the cap keeps a mistaken or hostile file from exhausting memory.
pub const MAX_CSV_BYTES: u64 = 16 * MIB;

/// How many bad rows are kept with their reasons; past that they are only counted, so a
/// file of junk cannot fill memory with messages.
pub const MAX_BAD_ROWS_KEPT: usize = 1000;

/// One row read from the file: a measurement, with the line it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvPoint {
    /// The line of the file the row starts on, counted from 1 as editors do.
    pub line: usize,
    /// When.
    pub date: Date,
    /// The value, a finite number.
    pub value: f64,
    /// The note column's text (empty without one).
    pub note: String,
    /// Whether the row says the figure is uncertain (its uncertain column, or ⚠ by the value).
    pub uncertain: bool,
}

/// A row that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// The line of the file the row starts on, counted from 1.
    pub line: usize,
    /// Why, in words ("\"abc\" is not a number").
    pub reason: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// What separates the columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// `,`
    Comma,
    /// `;` (values may then have a decimal comma).
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Self::Comma => b',',
            Self::Semicolon => b';',
        }
    }

    /// The word for it, for a sentence ("columns separated by semicolons").
    pub fn label(self) -> &'static str {
        match self {
            Self::Comma => "commas",
            Self::Semicolon => "semicolons",
        }
    }
}

/// A CSV file read: the rows that were good, in date order, and those that were not.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedCsv {
    /// The good rows, dates strictly increasing.
    pub points: Vec<CsvPoint>,
    /// The rows that could not be read, in line order (at most [`MAX_BAD_ROWS_KEPT`]).
    pub bad_rows: Vec<BadRow>,
    /// How many rows could not be read (may be more than `bad_rows` holds).
    pub bad_count: usize,
    /// How many rows below the header were read (blank rows not counted).
    pub rows_read: usize,
    /// What separated the columns.
    pub delimiter: Delimiter,
    /// Columns the first row names that the import does not read, as written.
    pub ignored_columns: Vec<String>,
    /// Whether the file listed the newest date first, and was read in reverse.
    pub newest_first: bool,
}

impl ParsedCsv {
    fn bad(&mut self, line: usize, reason: String) {
        self.bad_count += 1;
        if self.bad_rows.len() < MAX_BAD_ROWS_KEPT {
            self.bad_rows.push(BadRow { line, reason });
        }
    }
}

/// Why a file could not be read at all (a bad row is not this: see [`BadRow`]).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read (or is not a regular file).
    #[error("{0}")]
    File(#[from] StorageError),
    /// Larger than [`MAX_CSV_BYTES`].
    #[error(
        "the file is {}, larger than the {} a CSV file to import may be",
        mib_text(*size_bytes),
        mib_text(MAX_CSV_BYTES)
    )]
    TooLarge {
        /// Its size.
        size_bytes: u64,
    },
    /// Not UTF-8.
    #[error(
        "line {line}: the file is not UTF-8 text. If it comes from a spreadsheet, save it \
         again as \"CSV UTF-8\" (Excel) or with the character set UTF-8 (LibreOffice)"
    )]
    NotText {
        /// The line of the first byte that is not UTF-8.
        line: usize,
    },
    /// Nothing but blanks.
    #[error("the file is empty")]
    Empty,
    /// The first row does not name a needed column.
    #[error(
        "the first row must name the columns, with one called \"{missing}\"; this file's first \
         row is {found}"
    )]
    MissingColumn {
        /// The column not named: `date` or `value`.
        missing: &'static str,
        /// The first row as found, quoted and shortened.
        found: String,
    },
}

/// Read a CSV file to import: a regular file only, at most [`MAX_CSV_BYTES`].
pub fn read_indicator_csv(path: &Path) -> Result<ParsedCsv, ImportError> {
    let file = open_regular_file(path)?;
    let io = |action, source| StorageError::Io {
        path: Some(path.to_owned()),
        action,
        source,
    };
    let size_bytes = file
        .metadata()
        .map_err(|e| io("could not read the file's size", e))?
        .len();
    if size_bytes > MAX_CSV_BYTES {
        return Err(ImportError::TooLarge { size_bytes });
    }
    // The file may grow between the size check and the read: never read past the cap.
    let mut bytes = Vec::with_capacity(size_bytes as usize);
    file.take(MAX_CSV_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io("could not read the file", e))?;
    parse_indicator_csv(&bytes)
}

/// The columns the import reads, by position in a row.
struct Columns {
    date: usize,
    value: usize,
    note: Option<usize>,
    uncertain: Option<usize>,
}

/// Read a CSV file's bytes (see the module's notes). Never panics; the work is linear in the
/// size, which is capped.
pub fn parse_indicator_csv(bytes: &[u8]) -> Result<ParsedCsv, ImportError> {
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(ImportError::TooLarge {
            size_bytes: bytes.len() as u64,
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.split(|&b| b == b'\n').count();
            return Err(ImportError::NotText { line });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    // A file saved with old Macintosh line ends (CR alone) would read as one line: make
    // every line end a '\n' so the line numbers are the ones an editor shows.
    let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // The header: the first row that is not blank.
    let header = loop {
        match records.next() {
            Some(Ok(record)) if is_blank(&record) => {}
            Some(Ok(record)) => break record,
            // The text is UTF-8 and read from memory, so the reader has nothing to fail on;
            // were it to, the file is no table it can read.
            Some(Err(_)) | None => return Err(ImportError::Empty),
        }
    };
    let (columns, ignored_columns) = header_columns(&header)?;
    let mut parsed = ParsedCsv {
        points: Vec::new(),
        bad_rows: Vec::new(),
        bad_count: 0,
        rows_read: 0,
        delimiter,
        ignored_columns,
        newest_first: false,
    };
    let mut rows = Vec::new();
    for result in records {
        let record = match result {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| line_of(&text, p));
                parsed.rows_read += 1;
                parsed.bad(line, "this row cannot be read as CSV".to_owned());
                continue;
            }
        };
        if is_blank(&record) {
            continue;
        }
        parsed.rows_read += 1;
        let line = record.position().map_or(0, |p| line_of(&text, p));
        match read_row(&record, &columns, delimiter) {
            Ok(point) => rows.push(CsvPoint { line, ..point }),
            Err(reason) => parsed.bad(line, reason),
        }
    }
    // Reports often list the newest year first: a file wholly in that order is taken in
    // reverse, and says so. Anything else must go from the oldest date to the newest.
    let falling =
        |w: &[CsvPoint]| w[0].date.to_year_f64() - w[1].date.to_year_f64() >= SAME_DATE_YEARS;
    if rows.len() >= 2 && rows.windows(2).all(falling) {
        rows.reverse();
        parsed.newest_first = true;
    }
    let mut last_good: Option<(Date, usize)> = None;
    for point in rows {
        let line = point.line;
        if let Some((previous, previous_line)) = last_good {
            let (was, now) = (previous.to_year_f64(), point.date.to_year_f64());
            if (now - was).abs() < SAME_DATE_YEARS {
                // 2021 and 2021-01 are the same place on the timeline: say both.
                let written = if previous == point.date {
                    String::new()
                } else {
                    format!(" ({})", previous.to_iso())
                };
                parsed.bad(
                    line,
                    format!(
                        "{} is the same date as line {previous_line}{written}: one row per date",
                        point.date.to_iso(),
                    ),
                );
                continue;
            }
            if now < was {
                parsed.bad(
                    line,
                    format!(
                        "{} comes before {} on line {previous_line}: the rows must go from the \
                         oldest date to the newest",
                        point.date.to_iso(),
                        previous.to_iso()
                    ),
                );
                continue;
            }
        }
        last_good = Some((point.date, line));
        parsed.points.push(point);
    }
    // Rows that could not be read and rows out of order, in the file's order.
    parsed.bad_rows.sort_by_key(|b| b.line);
    Ok(parsed)
}

/// The line a record starts on. The reader gives the place it started reading from, which is
/// before any empty lines it skipped: count those too.
fn line_of(text: &str, position: &csv::Position) -> usize {
    let skipped = text
        .as_bytes()
        .get(usize::try_from(position.byte()).unwrap_or(usize::MAX)..)
        .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'\n').count());
    usize::try_from(position.line())
        .unwrap_or(usize::MAX)
        .saturating_add(skipped)
}

/// Semicolons when the first non-blank line has more of them (outside quotes) than commas.
fn detect_delimiter(text: &str) -> Delimiter {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        Delimiter::Semicolon
    } else {
        Delimiter::Comma
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

/// Where the header puts each column, and the columns it names that are not read.
fn header_columns(header: &csv::StringRecord) -> Result<(Columns, Vec<String>), ImportError> {
    let (mut date, mut value, mut note, mut uncertain) = (None, None, None, None);
    let mut ignored = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let key = name.trim().to_lowercase();
        let slot = match key.as_str() {
            "date" => &mut date,
            "value" => &mut value,
            "note" | "notes" => &mut note,
            "uncertain" => &mut uncertain,
            _ => {
                if !key.is_empty() {
                    ignored.push(shorten(name.trim()));
                }
                continue;
            }
        };
        // A second column of the same name is not read: the first one is.
        if slot.is_none() {
            *slot = Some(i);
        } else {
            ignored.push(shorten(name.trim()));
        }
    }
    let found = || {
        let names: Vec<String> = header
            .iter()
            .take(8)
            .map(|n| format!("\"{}\"", shorten(n.trim())))
            .collect();
        let more = if header.len() > 8 { ", …" } else { "" };
        format!("{}{more}", names.join(", "))
    };
    let Some(date) = date else {
        return Err(ImportError::MissingColumn {
            missing: "date",
            found: found(),
        });
    };
    let Some(value) = value else {
        return Err(ImportError::MissingColumn {
            missing: "value",
            found: found(),
        });
    };
    let columns = Columns {
        date,
        value,
        note,
        uncertain,
    };
    Ok((columns, ignored))
}

/// A cell's text as a message quotes it: made safe to show, and at most 40 characters.
fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    let safe = display_safe(text);
    if safe.chars().count() > MAX {
        let cut: String = safe.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        safe.into_owned()
    }
}

/// One row's date, value, note and uncertain flag, or why not.
fn read_row(
    record: &csv::StringRecord,
    columns: &Columns,
    delimiter: Delimiter,
) -> Result<CsvPoint, String> {
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let date_text = cell(columns.date);
    if date_text.is_empty() {
        return Err("the date is empty".to_owned());
    }
    let date = parse_date(date_text)?;
    let (value, marked) = parse_value(cell(columns.value), delimiter)?;
    let note = columns.note.map_or("", cell);
    if note.chars().count() > MAX_TEXT_CHARS {
        return Err(format!(
            "the note is longer than the {MAX_TEXT_CHARS} characters a note may have"
        ));
    }
    let uncertain = match columns.uncertain {
        Some(i) => parse_flag(cell(i))?,
        None => false,
    };
    Ok(CsvPoint {
        line: 0,
        date,
        value,
        note: note.to_owned(),
        uncertain: uncertain || marked,
    })
}

/// A date as the map writes them: `YYYY` or `YYYY-MM`, a real month, years 1 to 9999.
fn parse_date(text: &str) -> Result<Date, String> {
    let bad = || {
        format!(
            "\"{}\" is not a date: write a year such as 2021 or a year and month such as 2021-03",
            shorten(text)
        )
    };
    let date = Date::parse_iso(text).map_err(|_| bad())?;
    if date.month.is_some_and(|m| !(1..=12).contains(&m)) || !(1..=9999).contains(&date.year) {
        return Err(bad());
    }
    Ok(date)
}

/// A finite number, and whether it was marked ⚠. A trailing `%` is allowed; with semicolons
/// between columns a decimal comma is read as a point.
fn parse_value(text: &str, delimiter: Delimiter) -> Result<(f64, bool), String> {
    if text.is_empty() {
        return Err("the value is empty".to_owned());
    }
    let (number, marked) = match text.strip_suffix('⚠').or_else(|| text.strip_prefix('⚠')) {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    let number = number.strip_suffix('%').unwrap_or(number).trim_end();
    // With semicolons between the columns one comma is a decimal comma; "1,234,5" is no number.
    let number: std::borrow::Cow<'_, str> = if delimiter == Delimiter::Semicolon
        && !number.contains('.')
        && number.matches(',').count() == 1
    {
        number.replacen(',', ".", 1).into()
    } else {
        number.into()
    };
    // Rust reads "inf" and "NaN" as numbers: a measurement is neither. Only digits, a sign, a
    // point and an exponent are taken.
    let plain = number
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    match number.parse::<f64>() {
        Ok(value) if plain && value.is_finite() => Ok((value, marked)),
        _ => {
            let hint = if delimiter == Delimiter::Comma && text.contains(',') {
                " (a decimal comma needs semicolons between the columns)"
            } else {
                ""
            };
            Err(format!("\"{}\" is not a number{hint}", shorten(text)))
        }
    }
}

/// The uncertain column: yes, true, 1, x or ⚠ for uncertain; no, false, 0 or empty for not.
fn parse_flag(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "⚠" | "uncertain" => Ok(true),
        "" | "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!(
            "\"{}\" in the uncertain column: write yes or no, or leave it empty",
            shorten(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedCsv {
        parse_indicator_csv(text.as_bytes()).unwrap()
    }

    fn lines(parsed: &ParsedCsv) -> Vec<usize> {
        parsed.bad_rows.iter().map(|b| b.line).collect()
    }

    #[test]
    fn a_good_file_gives_every_row() {
        let parsed = parse("date,value,note\n2020,56,\n2021,62,calendar year\n2022-06,48.5,\n");
        assert_eq!(parsed.delimiter, Delimiter::Comma);
        assert_eq!(parsed.rows_read, 3);
        assert!(parsed.bad_rows.is_empty());
        let values: Vec<f64> = parsed.points.iter().map(|p| p.value).collect();
        assert_eq!(values, [56.0, 62.0, 48.5]);
        assert_eq!(parsed.points[1].note, "calendar year");
        assert_eq!(parsed.points[2].date, Date::month(2022, 6));
        assert_eq!(parsed.points[2].line, 4);
    }

    #[test]
    fn bad_rows_are_listed_with_their_lines_and_reasons() {
        let parsed =
            parse("Date,Value\n2019,57\n2020,abc\n20x1,5\n2022,\n2023,inf\n2024,NaN\n2025,1\n");
        assert_eq!(lines(&parsed), [3, 4, 5, 6, 7]);
        assert_eq!(
            parsed.bad_rows[0].to_string(),
            "line 3: \"abc\" is not a number"
        );
        assert!(parsed.bad_rows[1].reason.contains("\"20x1\" is not a date"));
        assert_eq!(parsed.bad_rows[2].reason, "the value is empty");
        assert_eq!(parsed.points.len(), 2);
        assert_eq!(parsed.rows_read, 7);
        assert_eq!(parsed.bad_count, 5);
    }

    #[test]
    fn semicolons_allow_a_decimal_comma() {
        let parsed = parse("date;value;note\n2021;61,43;a, b\n2022;48;\n2023;1,2,3;\n");
        assert_eq!(parsed.delimiter, Delimiter::Semicolon);
        assert!((parsed.points[0].value - 61.43).abs() < 1e-12);
        assert_eq!(parsed.points[0].note, "a, b");
        assert_eq!(lines(&parsed), [4]);
        // With commas between the columns, a decimal comma cannot be told from a column.
        let parsed = parse("date,value\n2021,\"61,43\"\n");
        assert!(
            parsed.bad_rows[0]
                .reason
                .contains("decimal comma needs semicolons")
        );
    }

    #[test]
    fn a_bom_and_crlf_and_lone_cr_are_read() {
        let parsed = parse("\u{feff}date,value\r\n2020,1\r\n2021,2\r\n2022,x\r\n");
        assert_eq!(parsed.points.len(), 2);
        assert_eq!(lines(&parsed), [4]);
        let parsed = parse("date,value\r2020,1\r2021,x\r");
        assert_eq!(lines(&parsed), [3]);
        // Empty lines, which the reader skips, still count.
        let parsed = parse("\n\ndate,value\r\n\r\n\r\n2020,x\n\n2021,y\n");
        assert_eq!(lines(&parsed), [6, 8]);
    }

    #[test]
    fn the_header_must_name_date_and_value() {
        let error = parse_indicator_csv(b"year,amount\n2020,1\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the first row must name the columns, with one called \"date\"; this file's first \
             row is \"year\", \"amount\""
        );
        let error = parse_indicator_csv(b"DATE,val\n2020,1\n").unwrap_err();
        assert!(matches!(
            error,
            ImportError::MissingColumn {
                missing: "value",
                ..
            }
        ));
        // Columns in any order, in any case; others are listed as not read.
        let parsed = parse("Source,VALUE,Date,Uncertain\nISAC,48,2022,yes\n");
        assert!((parsed.points[0].value - 48.0).abs() < 1e-12);
        assert!(parsed.points[0].uncertain);
        assert_eq!(parsed.ignored_columns, ["Source"]);
    }

    #[test]
    fn dates_must_rise_with_no_two_rows_on_one_date() {
        let parsed = parse("date,value\n2020,1\n2021,2\n2021,3\n2019,4\n2021-01,5\n2022,6\n");
        assert_eq!(lines(&parsed), [4, 5, 6]);
        assert_eq!(
            parsed.bad_rows[0].reason,
            "2021 is the same date as line 3: one row per date"
        );
        assert!(
            parsed.bad_rows[1]
                .reason
                .contains("2019 comes before 2021 on line 3")
        );
        assert!(
            parsed.bad_rows[2]
                .reason
                .contains("2021-01 is the same date as line 3 (2021)")
        );
        assert_eq!(parsed.points.len(), 3);
    }

    #[test]
    fn a_file_with_the_newest_date_first_is_read_in_reverse() {
        let parsed = parse("date,value\n2022,48\nabc,1\n2021,62\n2020,56\n");
        assert!(parsed.newest_first);
        let years: Vec<i32> = parsed.points.iter().map(|p| p.date.year).collect();
        assert_eq!(years, [2020, 2021, 2022]);
        assert_eq!(lines(&parsed), [3]);
        // Not wholly newest first: the rows out of order are named, in line order.
        let parsed = parse("date,value\n2022,48\n2021,62\nx,1\n2023,56\n2020,1\n");
        assert!(!parsed.newest_first);
        assert_eq!(lines(&parsed), [3, 4, 6]);
        assert!(!parse("date,value\n2022,48\n").newest_first);
    }

    #[test]
    fn uncertain_is_a_column_or_a_mark_by_the_value() {
        let parsed = parse("date,value,uncertain\n2020,1,⚠\n2021,2 ⚠,\n2022,3,no\n2023,4,maybe\n");
        let flags: Vec<bool> = parsed.points.iter().map(|p| p.uncertain).collect();
        assert_eq!(flags, [true, true, false]);
        assert_eq!(lines(&parsed), [5]);
        let value = parse("date,value\n2020,61%\n").points[0].value;
        assert!((value - 61.0).abs() < 1e-12);
    }

    #[test]
    fn months_and_years_out_of_range_are_bad_rows() {
        let parsed = parse("date,value\n2020-13,1\n0,1\n2020-00,1\n2020-12,1\n");
        assert_eq!(lines(&parsed), [2, 3, 4]);
    }

    #[test]
    fn hostile_files_give_errors_or_bad_rows_never_a_panic() {
        assert!(matches!(parse_indicator_csv(b""), Err(ImportError::Empty)));
        assert!(matches!(
            parse_indicator_csv(b"\xef\xbb\xbf \r\n\n"),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            parse_indicator_csv(b"date,value\n2020,1\n2021,\xff\n"),
            Err(ImportError::NotText { line: 3 })
        ));
        let only_header = parse("date,value\n");
        assert!(only_header.points.is_empty() && only_header.rows_read == 0);
        // An unclosed quote swallows the rest of the file into one cell: one bad row.
        let parsed = parse("date,value\n2020,\"1\n2021,2\n2022,3\n");
        assert_eq!(parsed.points.len(), 0);
        assert_eq!(lines(&parsed), [2]);
        // Ragged rows, a quoted header, stray quotes.
        let parsed = parse("\"date\",\"value\"\n2020\n2021,2,3,4\n\"20\"21\",1\n");
        assert_eq!(parsed.points.len(), 1);
        assert_eq!(lines(&parsed), [2, 4]);
        // Junk: every ASCII character, control characters and NUL included.
        let junk: String = (0..20_000u32)
            .map(|i| char::from_u32(i % 0x80).unwrap_or('?'))
            .collect();
        let parsed = parse(&format!("date,value\n{junk}"));
        assert!(parsed.points.is_empty());
        assert!(parsed.bad_rows.len() <= MAX_BAD_ROWS_KEPT);
        // Too large.
        let big = vec![b'a'; usize::try_from(MAX_CSV_BYTES).unwrap() + 1];
        assert!(matches!(
            parse_indicator_csv(&big),
            Err(ImportError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_hundred_thousand_rows_are_read_and_bad_ones_only_counted_past_the_cap() {
        use std::fmt::Write as _;
        let mut text = String::from("date;value\n");
        for i in 0..100_000 {
            let _ = writeln!(text, "{}-{:02};{i},5", 1 + i / 12, 1 + i % 12);
        }
        let parsed = parse(&text);
        assert_eq!(parsed.points.len(), 100_000);
        assert!(parsed.bad_rows.is_empty());
        assert!((parsed.points[99_999].value - 99_999.5).abs() < 1e-9);
        let junk = format!("date,value\n{}", "x,y\n".repeat(5000));
        let parsed = parse(&junk);
        assert_eq!(parsed.bad_count, 5000);
        assert_eq!(parsed.bad_rows.len(), MAX_BAD_ROWS_KEPT);
        assert_eq!(parsed.bad_rows[999].line, 1001);
    }
}
