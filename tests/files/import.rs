//! File › Import indicator…'s reading of CSV files from disk: what spreadsheets write (a BOM,
//! CRLF, semicolons with decimal commas), bad rows named by their line, files that are not
//! tables, and files that are not files.

#![allow(clippy::unwrap_used)] // test helpers may unwrap: a failure is the test failing

use std::path::PathBuf;

use crate::common::{temp_dir, within};

use stance_map::model::Date;
use stance_map::storage::import::{
    Delimiter, ImportError, MAX_CSV_BYTES, ParsedCsv, read_indicator_csv,
};

/// Write `bytes` as `name` in a folder of the test's own and read it back as an import.
#[track_caller]
fn read(name: &str, bytes: &[u8]) -> Result<ParsedCsv, ImportError> {
    let dir = temp_dir(name);
    let path = dir.join(format!("{name}.csv"));
    std::fs::write(&path, bytes).unwrap();
    let result = read_indicator_csv(&path);
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

fn bad_lines(parsed: &ParsedCsv) -> Vec<usize> {
    parsed.bad_rows.iter().map(|b| b.line).collect()
}

#[test]
fn a_good_file_reads_every_row_with_notes_and_uncertain_flags() {
    let parsed = read(
        "good",
        b"date,value,note,uncertain\n\
          2019,57,52 of 91 declarations,yes\n\
          2020,56,,\n\
          2021,62,,no\n\
          2022-06,48,\"65 of 136, by ISAC's count\",1\n",
    )
    .unwrap();
    assert_eq!(parsed.delimiter, Delimiter::Comma);
    assert_eq!(parsed.rows_read, 4);
    assert_eq!(parsed.bad_count, 0);
    let dates: Vec<Date> = parsed.points.iter().map(|p| p.date).collect();
    assert_eq!(
        dates,
        [
            Date::year(2019),
            Date::year(2020),
            Date::year(2021),
            Date::month(2022, 6)
        ]
    );
    let flags: Vec<bool> = parsed.points.iter().map(|p| p.uncertain).collect();
    assert_eq!(flags, [true, false, false, true]);
    assert_eq!(parsed.points[3].note, "65 of 136, by ISAC's count");
}

#[test]
fn bad_rows_are_named_by_line_and_the_good_ones_kept() {
    let parsed = read(
        "bad-rows",
        b"date,value\n2018,52\n\n2019,abc\n2020,56\nlast year,60\n2021,\n2022,48\n",
    )
    .unwrap();
    // The blank line 3 is no row, and the lines counted are the file's own.
    let shown: Vec<String> = parsed.bad_rows.iter().map(ToString::to_string).collect();
    assert_eq!(shown[0], "line 4: \"abc\" is not a number");
    assert!(
        shown[1].starts_with("line 6: \"last year\" is not a date"),
        "{shown:?}"
    );
    assert_eq!(shown[2], "line 7: the value is empty");
    assert_eq!(parsed.points.len(), 3);
    assert_eq!(parsed.rows_read, 6);
}

#[test]
fn semicolons_with_decimal_commas_as_european_spreadsheets_write_them() {
    let parsed = read(
        "semicolons",
        "date;value;note\n2021;61,43;zaokruženo\n2022;48,5;\n2023;1.234,5;\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(parsed.delimiter, Delimiter::Semicolon);
    let values: Vec<f64> = parsed.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [61.43, 48.5]);
    assert_eq!(parsed.points[0].note, "zaokruženo");
    // A thousands separator is not guessed at: that row is named.
    assert_eq!(bad_lines(&parsed), [4]);
}

#[test]
fn a_bom_and_crlf_line_ends_from_excel_are_read() {
    let parsed = read(
        "bom-crlf",
        b"\xef\xbb\xbfDate,Value\r\n2020,56\r\n2021,x\r\n2022,48\r\n",
    )
    .unwrap();
    assert_eq!(parsed.points.len(), 2);
    assert_eq!(bad_lines(&parsed), [3]);
}

#[test]
fn a_header_without_a_value_column_is_refused_and_named() {
    let error = read("no-value", b"date,amount,note\n2020,56,\n").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("with one called \"value\"; this file's first row is \"date\", \"amount\""),
        "{error}"
    );
    // No header at all: the first row of numbers is taken for one, and said so.
    let error = read("no-header", b"2020,56\n2021,62\n").unwrap_err();
    assert!(matches!(
        error,
        ImportError::MissingColumn {
            missing: "date",
            ..
        }
    ));
}

#[test]
fn dates_out_of_order_or_repeated_are_named_with_the_line_they_clash_with() {
    let parsed = read(
        "order",
        b"date,value\n2019,1\n2021,2\n2020,3\n2021,4\n2022,5\n",
    )
    .unwrap();
    assert_eq!(bad_lines(&parsed), [4, 5]);
    assert!(
        parsed.bad_rows[0]
            .reason
            .contains("2020 comes before 2021 on line 3")
    );
    assert!(parsed.bad_rows[1].reason.contains("same date as line 3"));
    assert_eq!(parsed.points.len(), 3);
}

#[test]
fn files_that_are_not_tables_are_refused_in_words() {
    assert!(matches!(read("empty", b""), Err(ImportError::Empty)));
    let only_header = read("only-header", b"date,value\r\n").unwrap();
    assert_eq!((only_header.rows_read, only_header.points.len()), (0, 0));
    // Latin-1 from an old spreadsheet: the line and how to save it right.
    let error = read("latin1", b"date,value,note\n2020,1,zaokru\x9eeno\n").unwrap_err();
    assert!(matches!(error, ImportError::NotText { line: 2 }));
    assert!(error.to_string().contains("CSV UTF-8"));
    // Binary junk never panics.
    let junk: Vec<u8> = (0..=255u8).cycle().take(50_000).collect();
    assert!(read("junk", &junk).is_err());
}

#[test]
fn a_folder_a_pipe_and_a_file_over_the_cap_are_refused_without_reading() {
    let dir = temp_dir("not-files");
    assert!(matches!(
        read_indicator_csv(&dir),
        Err(ImportError::File(_))
    ));
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.csv");
        crate::common::make_fifo(&fifo);
        let result = within(5, move || read_indicator_csv(&fifo).is_err());
        assert_eq!(result, Some(true), "a named pipe is refused, not waited on");
    }
    let big: PathBuf = dir.join("big.csv");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_CSV_BYTES + 1).unwrap();
    assert!(matches!(
        read_indicator_csv(&big),
        Err(ImportError::TooLarge { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_hundred_thousand_rows_within_the_cap_are_read_quickly() {
    use std::fmt::Write as _;
    let mut text = String::from("date,value,note\n");
    for i in 0..100_000 {
        let _ = writeln!(
            text,
            "{}-{:02},{}.5,row {i}",
            1 + i / 12,
            1 + i % 12,
            i % 100
        );
    }
    let bytes = text.into_bytes();
    let parsed = within(60, move || read("many", &bytes).unwrap()).expect("read in time");
    assert_eq!(parsed.points.len(), 100_000);
    assert_eq!(parsed.bad_count, 0);
}

#[test]
fn a_report_listing_the_newest_year_first_is_read_oldest_first() {
    let parsed = read(
        "newest-first",
        b"Date;Value\r\n2023;54\r\n2022;48\r\n2021;62\r\n",
    )
    .unwrap();
    assert!(parsed.newest_first);
    let values: Vec<f64> = parsed.points.iter().map(|p| p.value).collect();
    assert_eq!(values, [62.0, 48.0, 54.0]);
    assert_eq!(parsed.points[0].line, 4, "each point keeps its own line");
}
