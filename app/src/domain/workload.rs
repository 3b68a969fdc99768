//! The workload dashboard's rules: which months and fiscal years the trends show, how an
//! activity counts as recent, and the guardian bank's free places. The counting itself is SQL
//! (`server::dashboard`); these decide the windows it counts over, and the page and the
//! queries agree on them here.

use crate::domain::dates::FiscalYear;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How many months the monthly trend shows, the current one last.
pub const TREND_MONTHS: u32 = 12;
/// How many fiscal years (年度) the yearly trend shows, the current one last.
pub const TREND_FISCAL_YEARS: i32 = 5;
/// Activities this many days back count as recent (the current day included).
pub const RECENT_ACTIVITY_DAYS: u64 = 30;
/// The medians of the pipeline count the cases petitioned or decided within this many days.
pub const MEDIAN_WINDOW_DAYS: u64 = 365;

/// A calendar month, as the trends group dates: `yyyy-mm`, the same text both databases
/// produce from a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// `2024-04`: what `strftime('%Y-%m')` and `to_char(.., 'YYYY-MM')` give.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    pub fn parse(key: &str) -> Option<Month> {
        let (year, month) = key.split_once('-')?;
        let month: u32 = month.parse().ok()?;
        (1..=12).contains(&month).then_some(Month { year: year.parse().ok()?, month })
    }

    /// `2024年4月` or `Apr 2024`.
    pub fn label(self, japanese: bool) -> String {
        if japanese {
            format!("{}年{}月", self.year, self.month)
        } else {
            self.first_day().format("%b %Y").to_string()
        }
    }
}

/// The months of the monthly trend, oldest first, ending with today's.
pub fn trend_months(today: NaiveDate) -> Vec<Month> {
    let current = today.with_day(1).unwrap_or(today);
    (0..TREND_MONTHS)
        .rev()
        .filter_map(|back| current.checked_sub_months(Months::new(back)))
        .map(Month::of)
        .collect()
}

/// The fiscal years of the yearly trend, oldest first, ending with today's.
pub fn trend_fiscal_years(today: NaiveDate) -> Vec<FiscalYear> {
    let current = FiscalYear::of(today).start_year();
    (0..TREND_FISCAL_YEARS).rev().map(|back| FiscalYear::starting_in(current - back)).collect()
}

/// The first day whose activities count as recent.
pub fn recent_since(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(RECENT_ACTIVITY_DAYS - 1)).unwrap_or(today)
}

/// The first day of the medians' window.
pub fn median_since(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(MEDIAN_WINDOW_DAYS - 1)).unwrap_or(today)
}

/// Places a district's citizen guardians still have: their capacity less their active
/// appointments, never below zero (a guardian over capacity, by a recorded override, frees
/// nothing for the others).
pub fn free_places(capacity: u64, used: u64) -> u64 {
    capacity.saturating_sub(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_monthly_trend_ends_with_this_month_across_a_year_end() {
        let months = trend_months(day("2025-02-28"));
        assert_eq!(months.len(), 12);
        assert_eq!(months.first(), Some(&Month { year: 2024, month: 3 }));
        assert_eq!(months.last(), Some(&Month { year: 2025, month: 2 }));
        assert!(months.windows(2).all(|pair| pair[0] < pair[1]));
        // The 31st of a month: no month is skipped or repeated.
        let months = trend_months(day("2024-03-31"));
        assert_eq!(months[11], Month { year: 2024, month: 3 });
        assert_eq!(months[10], Month { year: 2024, month: 2 });
    }

    #[test]
    fn month_keys_are_what_the_databases_write() {
        let month = Month::of(day("2024-04-30"));
        assert_eq!(month.key(), "2024-04");
        assert_eq!(Month::parse("2024-04"), Some(month));
        assert_eq!(Month::parse("2024-13"), None);
        assert_eq!(Month::parse("nonsense"), None);
        assert_eq!(month.label(true), "2024年4月");
        assert_eq!(month.label(false), "Apr 2024");
    }

    #[test]
    fn the_yearly_trend_turns_on_the_first_of_april() {
        let years = trend_fiscal_years(day("2025-03-31"));
        assert_eq!(years.len(), 5);
        assert_eq!(years.last().map(|year| year.start_year()), Some(2024));
        assert_eq!(years.first().map(|year| year.start_year()), Some(2020));
        let years = trend_fiscal_years(day("2025-04-01"));
        assert_eq!(years.last().map(|year| year.start_year()), Some(2025));
    }

    #[test]
    fn windows_count_today_as_their_last_day() {
        assert_eq!(recent_since(day("2024-03-30")), day("2024-03-01"));
        assert_eq!(median_since(day("2025-12-31")), day("2025-01-01"));
    }

    #[test]
    fn free_places_never_go_negative() {
        assert_eq!(free_places(6, 4), 2);
        assert_eq!(free_places(2, 3), 0);
    }
}
