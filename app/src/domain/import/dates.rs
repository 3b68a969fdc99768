//! Dates as centres type them into their ledgers: western (2024/4/1, 2024-04-01, 2024年4月1日),
//! Japanese era (令和6年4月1日, R6.4.1, R6/4/1, H31.4.30, 平成31年4月30日, 令和元年5月1日), in
//! full-width digits or not, and Excel's serial day numbers (a date cell saved as a number). A
//! reading that converted something (an era, a serial number, full-width digits) says so, for
//! the import report: nothing is converted silently. Anything else is refused with its reason;
//! no day is guessed (a two-digit western year, 24/4/1, is refused as ambiguous).

use crate::domain::dates::Era;
use crate::domain::text::fold_full_width;
use chrono::{Datelike, Days, NaiveDate};

/// A date read from a cell, and what was converted to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadDate {
    pub date: NaiveDate,
    pub conversion: Option<DateConversion>,
}

/// What a reading converted; the import report lists it next to the cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateConversion {
    /// A Japanese era date (和暦) read as its western date.
    Era,
    /// An Excel serial day number read as a date.
    ExcelSerial,
    /// Full-width digits or separators read as their ASCII forms.
    FullWidth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a date in any form this reads.
    Unreadable,
    /// A year of two digits without an era: 24/4/1 could be 1924 or 2024.
    AmbiguousYear,
    /// The numbers name no day (2023年2月29日, 4月31日).
    NoSuchDay,
    /// An era year outside the era: 平成32年, or 平成31年5月1日 (令和元年5月1日 by then).
    OutsideEra,
    /// Before 明治6年 (1873), when Japan adopted the Gregorian calendar.
    TooEarly,
}

impl DateProblem {
    /// The problem's code, as the import report and the locale files name it.
    pub fn code(self) -> &'static str {
        match self {
            DateProblem::Unreadable => "date_unreadable",
            DateProblem::AmbiguousYear => "date_ambiguous_year",
            DateProblem::NoSuchDay => "date_no_such_day",
            DateProblem::OutsideEra => "date_outside_era",
            DateProblem::TooEarly => "date_too_early",
        }
    }
}

/// Reads a cell's text as a date; an empty cell is `None`.
pub fn read_date(text: &str) -> Result<Option<ReadDate>, DateProblem> {
    let folded: String = text.chars().map(fold_full_width).filter(|c| !c.is_whitespace()).collect();
    if folded.is_empty() {
        return Ok(None);
    }
    let full_width = text.chars().any(|c| fold_full_width(c) != c && !c.is_whitespace());
    let (era, rest) = split_era(&folded);
    let read = match era {
        Some(era) => read_era_date(era, rest)?,
        // Spaces part an era date's words (令和 6年), never the digits of one number: "45 383"
        // is not the serial day 45383.
        None if text.trim().contains(char::is_whitespace) && excel_serial_text(rest).is_some() => {
            return Err(DateProblem::Unreadable);
        }
        None => read_western_or_serial(rest)?,
    };
    let conversion = read.conversion.or(full_width.then_some(DateConversion::FullWidth));
    Ok(Some(ReadDate { date: read.date, conversion }))
}

/// The era a text begins with (its kanji name, its one-character ligature ㍻, or, before a
/// digit or 元, its first kanji 平 or its initial H), and the rest.
fn split_era(text: &str) -> (Option<Era>, &str) {
    for era in Era::OLDEST_FIRST {
        if let Some(rest) = text.strip_prefix(era.kanji()) {
            return (Some(era), rest);
        }
    }
    let ligatures = [
        ('㍾', Era::Meiji),
        ('㍽', Era::Taisho),
        ('㍼', Era::Showa),
        ('㍻', Era::Heisei),
        ('㋿', Era::Reiwa),
    ];
    for (ligature, era) in ligatures {
        if let Some(rest) = text.strip_prefix(ligature) {
            return (Some(era), rest);
        }
    }
    let mut chars = text.chars();
    let era = chars.next().and_then(|initial| {
        Era::OLDEST_FIRST.into_iter().find(|era| {
            era.romaji().starts_with(initial.to_ascii_uppercase())
                || era.kanji().starts_with(initial)
        })
    });
    match era {
        // An initial stands before a digit or 元 (R6.4.1, H元.1.8), never before more letters.
        Some(era) if chars.clone().next().is_some_and(|c| c.is_ascii_digit() || c == '元') => {
            (Some(era), chars.as_str())
        }
        _ => (None, text),
    }
}

/// The numbers of a date: year, month, day, separated by 年 月 (日 at the end), `/`, `-` or `.`.
/// The year may be 元 (the era's first year). Each number keeps how many digits it had.
fn numbers(text: &str) -> Option<[(u32, usize); 3]> {
    let mut parts: Vec<(u32, usize)> = Vec::with_capacity(3);
    let mut current = String::new();
    let close = |current: &mut String, parts: &mut Vec<(u32, usize)>| -> Option<()> {
        if current.is_empty() {
            return None;
        }
        let value = if current == "元" { 1 } else { current.parse().ok()? };
        parts.push((value, current.chars().count()));
        current.clear();
        Some(())
    };
    let body = text.strip_suffix('日').unwrap_or(text);
    for c in body.chars() {
        match c {
            '0'..='9' => current.push(c),
            '元' if current.is_empty() && parts.is_empty() => current.push(c),
            '年' | '月' | '/' | '-' | '.' => close(&mut current, &mut parts)?,
            _ => return None,
        }
    }
    close(&mut current, &mut parts)?;
    parts.try_into().ok()
}

fn read_era_date(era: Era, rest: &str) -> Result<ReadDate, DateProblem> {
    let [(year, _), (month, _), (day, _)] = numbers(rest).ok_or(DateProblem::Unreadable)?;
    if year == 0 || year > 99 {
        return Err(DateProblem::OutsideEra);
    }
    let western = era.first_year() + i32::try_from(year).map_err(|_| DateProblem::OutsideEra)? - 1;
    let date = NaiveDate::from_ymd_opt(western, month, day).ok_or(DateProblem::NoSuchDay)?;
    if date < Era::Meiji.first_day() {
        return Err(DateProblem::TooEarly);
    }
    let within = date >= era.first_day() && era.last_day().is_none_or(|last| date <= last);
    if !within {
        return Err(DateProblem::OutsideEra);
    }
    Ok(ReadDate { date, conversion: Some(DateConversion::Era) })
}

fn read_western_or_serial(text: &str) -> Result<ReadDate, DateProblem> {
    if let Some(serial) = excel_serial_text(text) {
        return from_excel_serial(serial)
            .map(|date| ReadDate { date, conversion: Some(DateConversion::ExcelSerial) })
            .ok_or(DateProblem::Unreadable);
    }
    let [(year, year_digits), (month, _), (day, _)] =
        numbers(text).ok_or(DateProblem::Unreadable)?;
    if year_digits != 4 {
        return Err(if year_digits <= 2 {
            DateProblem::AmbiguousYear
        } else {
            DateProblem::Unreadable
        });
    }
    let year = i32::try_from(year).map_err(|_| DateProblem::Unreadable)?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or(DateProblem::NoSuchDay)?;
    if date < Era::Meiji.first_day() {
        return Err(DateProblem::TooEarly);
    }
    Ok(ReadDate { date, conversion: None })
}

/// A serial day number as text: five digits (10000 is 1927-05-18, 99999 is 2173), perhaps a
/// fraction (a time of day, dropped). Four digits are refused rather than read as 1900–1927:
/// "2024" in a date column is a year, not 1905.
fn excel_serial_text(text: &str) -> Option<f64> {
    let whole = text.split('.').next()?;
    let digits_only = text.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !digits_only || whole.len() != 5 || text.matches('.').count() > 1 {
        return None;
    }
    text.parse().ok()
}

/// The date of an Excel serial day number (the 1900 date system Windows Excel uses). Excel
/// counts 1900-02-29, a day that never was, as serial 60: after it, day 0 is 1899-12-30;
/// before it, 1899-12-31. Serial 60 itself names no day.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // The whole days only: truncation is the intent (a fraction is the time of day).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let days = serial.trunc() as u64;
    let (epoch, days) = match days {
        60 => return None,
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
    };
    let date = epoch.checked_add_days(Days::new(days))?;
    (date.year() >= 1873).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn read(text: &str) -> (NaiveDate, Option<DateConversion>) {
        let read = read_date(text).unwrap_or_else(|problem| panic!("{text}: {problem:?}")).unwrap();
        (read.date, read.conversion)
    }

    #[test]
    fn western_forms_are_read_as_they_are() {
        for text in
            ["2024/4/1", "2024-04-01", "2024年4月1日", "2024.4.1", " 2024/04/01 ", "2024年4月1"]
        {
            assert_eq!(read(text), (day("2024-04-01"), None), "{text}");
        }
    }

    #[test]
    fn era_forms_are_converted_and_say_so() {
        let era = Some(DateConversion::Era);
        for (text, date) in [
            ("令和6年4月1日", "2024-04-01"),
            ("R6.4.1", "2024-04-01"),
            ("R6/4/1", "2024-04-01"),
            ("r6.4.1", "2024-04-01"),
            ("H31.4.30", "2019-04-30"),
            ("平成31年4月30日", "2019-04-30"),
            ("令和元年5月1日", "2019-05-01"),
            ("R元.5.1", "2019-05-01"),
            ("平成元年1月8日", "1989-01-08"),
            ("昭和64年1月7日", "1989-01-07"),
            ("S15.3.2", "1940-03-02"),
            ("大正元年7月30日", "1912-07-30"),
            ("令和 6年 4月 1日", "2024-04-01"),
            ("昭15.3.2", "1940-03-02"),
            ("平3年4月1日", "1991-04-01"),
            ("㍻31.4.30", "2019-04-30"),
            ("㋿元年5月1日", "2019-05-01"),
        ] {
            assert_eq!(read(text), (day(date), era), "{text}");
        }
    }

    #[test]
    fn full_width_input_is_read_and_noted() {
        assert_eq!(read("２０２４／４／１"), (day("2024-04-01"), Some(DateConversion::FullWidth)));
        assert_eq!(
            read("２０２４年４月１日"),
            (day("2024-04-01"), Some(DateConversion::FullWidth))
        );
        // An era date converts anyway: that is the note that matters.
        assert_eq!(read("令和６年４月１日"), (day("2024-04-01"), Some(DateConversion::Era)));
        assert_eq!(read("Ｒ６．４．１"), (day("2024-04-01"), Some(DateConversion::Era)));
    }

    #[test]
    fn eras_end_the_day_before_the_next_begins() {
        assert_eq!(Era::Heisei.last_day(), Some(day("2019-04-30")));
        assert_eq!(Era::Showa.last_day(), Some(day("1989-01-07")));
        assert_eq!(Era::Reiwa.last_day(), None);
    }

    #[test]
    fn excel_serial_numbers_are_dates() {
        assert_eq!(read("45383"), (day("2024-04-01"), Some(DateConversion::ExcelSerial)));
        assert_eq!(read("45383.5"), (day("2024-04-01"), Some(DateConversion::ExcelSerial)));
        assert_eq!(from_excel_serial(61.0), Some(day("1900-03-01")));
        assert_eq!(from_excel_serial(59.0), Some(day("1900-02-28")));
        assert_eq!(from_excel_serial(1.0), Some(day("1900-01-01")));
        assert_eq!(from_excel_serial(60.0), None);
        assert_eq!(from_excel_serial(f64::NAN), None);
        assert_eq!(from_excel_serial(-1.0), None);
        assert_eq!(from_excel_serial(2_958_465.0), Some(day("9999-12-31")));
    }

    #[test]
    fn what_names_no_day_is_refused_with_its_reason() {
        for (text, problem) in [
            ("2023/2/29", DateProblem::NoSuchDay),
            ("2024/4/31", DateProblem::NoSuchDay),
            ("24/4/1", DateProblem::AmbiguousYear),
            ("4/1", DateProblem::Unreadable),
            ("平成32年1月1日", DateProblem::OutsideEra),
            ("H31.5.1", DateProblem::OutsideEra),
            ("令和元年4月30日", DateProblem::OutsideEra),
            ("R0.1.1", DateProblem::OutsideEra),
            ("明治5年1月1日", DateProblem::TooEarly),
            ("1850/1/1", DateProblem::TooEarly),
            ("来週", DateProblem::Unreadable),
            ("2024//4/1", DateProblem::Unreadable),
            ("2024/4/1/2", DateProblem::Unreadable),
            ("Hello", DateProblem::Unreadable),
            ("2024年元月1日", DateProblem::Unreadable),
            ("1.2.3", DateProblem::AmbiguousYear),
            ("2024", DateProblem::Unreadable),
            ("99999999", DateProblem::Unreadable),
            ("45 383", DateProblem::Unreadable),
            ("平成", DateProblem::Unreadable),
        ] {
            assert_eq!(read_date(text), Err(problem), "{text}");
        }
        assert_eq!(read_date(" \u{3000}"), Ok(None));
    }
}
