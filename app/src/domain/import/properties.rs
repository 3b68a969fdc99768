//! Property tests: no cell, row or file text makes the import's readers panic, and what they
//! read back is what was written. (Issue 8 asks for fuzzed parsers; a failing case that
//! proptest shrinks becomes a named regression test in the module it broke.)

use crate::domain::cases::CaseType;
use crate::domain::dates::WarekiDate;
use crate::domain::import::csv::{Bounds, records};
use crate::domain::import::dates::{DateConversion, from_excel_serial, read_date};
use crate::domain::import::fields::SheetKind;
use crate::domain::import::labels::match_category;
use crate::domain::import::rows::{
    MasterData, read_appointment_row, read_case_row, read_guardian_row,
};
use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;

/// Bounds no generated file reaches.
const ANY: Bounds = Bounds { records: 1_000, fields: 1_000 };

/// Text made of what dates are written with, so the generator reaches the parser's branches.
fn date_like() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[0-9０-９年月日元/.\\-RHSTMrh令和平成昭和大正明治 ]{0,16}")
        .unwrap()
}

fn some_day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1873, 1, 1).unwrap() + Days::new(offset)
}

fn encode_csv(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|field| format!("\"{}\"", field.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .map(|line| line + "\r\n")
        .collect()
}

proptest! {
    #[test]
    fn no_text_makes_the_date_reader_panic(text in any::<String>(), date_ish in date_like()) {
        for text in [text, date_ish] {
            if let Ok(Some(read)) = read_date(&text) {
                prop_assert!(read.date >= some_day(0));
            }
        }
    }

    #[test]
    fn western_and_era_dates_read_back_as_written(offset in 0u64..84_000) {
        let date = some_day(offset);
        let (y, m, d) = (date.year(), date.month(), date.day());
        for text in [format!("{y}/{m}/{d}"), format!("{y}-{m:02}-{d:02}"), format!("{y}年{m}月{d}日")] {
            prop_assert_eq!(read_date(&text).unwrap().map(|read| read.date), Some(date));
        }
        let wareki = WarekiDate::from_date(date).unwrap();
        let era_year = if wareki.year() == 1 { "元".to_owned() } else { wareki.year().to_string() };
        let text = format!("{}{era_year}年{m}月{d}日", wareki.era().kanji());
        let read = read_date(&text).unwrap().unwrap();
        prop_assert_eq!(read.date, date);
        prop_assert_eq!(read.conversion, Some(DateConversion::Era));
    }

    #[test]
    fn any_serial_number_is_a_day_or_none(serial in any::<f64>()) {
        let _ = from_excel_serial(serial);
    }

    #[test]
    fn csv_records_read_back_as_written(
        rows in proptest::collection::vec(proptest::collection::vec(any::<String>(), 1..5), 0..6),
        noise in any::<String>(),
    ) {
        let read: Vec<Vec<String>> = records(&encode_csv(&rows), ANY).unwrap().into_iter().map(|(_, row)| row).collect();
        // A lone carriage return inside a quoted field is kept; CRLF inside it becomes LF.
        let expected: Vec<Vec<String>> =
            rows.iter().map(|row| row.iter().map(|field| field.replace("\r\n", "\n")).collect()).collect();
        prop_assert_eq!(read, expected);
        let _ = records(&noise, ANY);
    }

    #[test]
    fn no_row_makes_a_row_reader_panic(
        cells in proptest::collection::vec(prop_oneof![any::<String>(), date_like()], 0..16),
        label in any::<String>(),
    ) {
        let master = MasterData::default();
        let today = some_day(55_000);
        for kind in SheetKind::ALL {
            let mapping: Vec<_> = kind.fields().iter().copied().map(Some).collect();
            match kind {
                SheetKind::Cases => { let _ = read_case_row(&cells, &mapping, &master, today); }
                SheetKind::Guardians => { let _ = read_guardian_row(&cells, &mapping, &master); }
                SheetKind::Appointments => { let _ = read_appointment_row(&cells, &mapping); }
            }
        }
        let _ = match_category::<CaseType>(&label, &[]);
    }
}
