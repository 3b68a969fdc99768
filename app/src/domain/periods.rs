//! Legal periods and the days the family court is open.
//!
//! A period in months is counted by the Civil Code's rules (民法 第1編第6章): the first day is
//! not counted (140条), months run by the calendar and the period ends on the day before the
//! day in the last month that corresponds to its first day, or on the last day of that month
//! when it has no such day (143条). When the last day falls on a day the court is closed
//! (Saturday, Sunday, a national holiday, 29 December to 3 January), the period ends on the
//! next day it is open (142条, and 民事訴訟法95条3項 for what is filed with the court).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The last day of the month `date` is in.
pub fn end_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// The last day of a period of `months` months beginning with an event on `event_day`, the
/// event's own day not counted (民法140条, 143条). Before any move to an open day.
pub fn months_after(event_day: NaiveDate, months: u32) -> NaiveDate {
    let first_day = event_day.succ_opt().unwrap_or(event_day);
    let target_month = first_day
        .with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(months)))
        .unwrap_or(first_day);
    match target_month.with_day(first_day.day()) {
        // The day before the corresponding day.
        Some(corresponding) => corresponding.pred_opt().unwrap_or(corresponding),
        // No corresponding day (the 31st in a month of 30 days): the month's last day.
        None => end_of_month(target_month),
    }
}

/// Whether the family court is closed on `day`: weekends, national holidays and the year end.
pub fn court_closed(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
        || national_holiday(day)
        || (day.month() == 12 && day.day() >= 29)
        || (day.month() == 1 && day.day() <= 3)
}

/// `day`, or the next day the court is open (民法142条).
pub fn next_open_day(day: NaiveDate) -> NaiveDate {
    let mut day = day;
    while court_closed(day) {
        day = day + Days::new(1);
    }
    day
}

/// The n-th `weekday` of a month (1-based).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

/// 春分日 and 秋分日 by the formula the calendar's publishers use, valid 1980–2099.
fn equinox_day(year: i32, autumn: bool) -> u32 {
    let base = if autumn { 23.2488 } else { 20.8431 };
    let years = f64::from(year - 1980);
    (base + 0.242194 * years - (years / 4.0).floor()).floor() as u32
}

/// The holidays a law names for a date (祝日), before substitute and in-between holidays.
fn named_holiday(day: NaiveDate) -> bool {
    let (year, month, date) = (day.year(), day.month(), day.day());
    let monday = |n| nth_weekday(year, month, Weekday::Mon, n) == Some(day);
    match month {
        1 => date == 1 || monday(2),
        2 => date == 11 || (year >= 2020 && date == 23),
        3 => date == equinox_day(year, false),
        4 => date == 29,
        5 => (3..=5).contains(&date),
        // The Tokyo Olympics moved three holidays in 2020 and 2021.
        7 => match year {
            2020 => date == 23 || date == 24,
            2021 => date == 22 || date == 23,
            _ => monday(3),
        },
        8 => match year {
            2020 => date == 10,
            2021 => date == 8,
            _ => date == 11,
        },
        9 => monday(3) || date == equinox_day(year, true),
        10 => !matches!(year, 2020 | 2021) && monday(2),
        11 => date == 3 || date == 23,
        _ => false,
    }
}

/// Whether `day` is a national holiday (国民の祝日に関する法律, as in force since 2020): the
/// named holidays, a substitute holiday after a holiday on a Sunday (振替休日), and a day
/// between two holidays (国民の休日).
pub fn national_holiday(day: NaiveDate) -> bool {
    if named_holiday(day) {
        return true;
    }
    // 振替休日: the first non-holiday after a run of holidays that began on a Sunday.
    let mut previous = day.pred_opt();
    while let Some(before) = previous {
        if !named_holiday(before) {
            break;
        }
        if before.weekday() == Weekday::Sun {
            return true;
        }
        previous = before.pred_opt();
    }
    // 国民の休日: a weekday between two holidays.
    day.weekday() != Weekday::Sun
        && day.pred_opt().is_some_and(named_holiday)
        && day.succ_opt().is_some_and(named_holiday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_month_ends_the_day_before_the_corresponding_day() {
        let table = [
            // event day, months, last day of the period
            ("2026-03-15", 1, "2026-04-15"),
            ("2026-04-20", 1, "2026-05-20"),
            // 1月31日 + 1か月: the period begins on 1 February and ends on the last of February.
            ("2026-01-31", 1, "2026-02-28"),
            ("2028-01-31", 1, "2028-02-29"),
            // Begins on 31 January, February has no 31st: the month's last day.
            ("2026-01-30", 1, "2026-02-28"),
            ("2028-01-30", 1, "2028-02-29"),
            // An event on the last day of February: the period begins on 1 March.
            ("2026-02-28", 1, "2026-03-31"),
            ("2028-02-29", 1, "2028-03-31"),
            ("2028-02-28", 1, "2028-03-28"),
            ("2026-03-31", 1, "2026-04-30"),
            ("2026-12-31", 1, "2027-01-31"),
            ("2026-12-15", 2, "2027-02-15"),
            ("2026-12-30", 2, "2027-02-28"),
            ("2026-06-30", 2, "2026-08-31"),
            ("2026-08-31", 2, "2026-10-31"),
        ];
        for (event, months, expected) in table {
            assert_eq!(months_after(day(event), months), day(expected), "{event} + {months}");
        }
    }

    #[test]
    fn month_ends_include_leap_years() {
        assert_eq!(end_of_month(day("2028-02-10")), day("2028-02-29"));
        assert_eq!(end_of_month(day("2026-02-10")), day("2026-02-28"));
        assert_eq!(end_of_month(day("2026-12-01")), day("2026-12-31"));
        assert_eq!(end_of_month(day("2026-04-30")), day("2026-04-30"));
    }

    #[test]
    fn national_holidays_as_the_calendar_shows_them() {
        let holidays = [
            "2026-01-01",
            "2026-01-12",
            "2026-02-11",
            "2026-02-23",
            "2026-03-20",
            "2026-04-29",
            "2026-05-03",
            "2026-05-04",
            "2026-05-05",
            "2026-05-06",
            "2026-07-20",
            "2026-08-11",
            "2026-09-21",
            "2026-09-22",
            "2026-09-23",
            "2026-10-12",
            "2026-11-03",
            "2026-11-23",
            "2025-02-24",
            "2025-03-20",
            "2025-09-23",
            "2025-11-24",
            "2024-09-23",
            "2024-03-20",
            "2020-07-23",
            "2020-07-24",
            "2020-08-10",
            "2021-07-22",
            "2021-07-23",
            "2021-08-09",
            "2027-03-21",
            "2027-03-22",
            "2027-09-23",
        ];
        for holiday in holidays {
            assert!(national_holiday(day(holiday)), "{holiday}");
        }
        let working_days = ["2026-05-07", "2026-09-24", "2026-07-21", "2020-10-12", "2021-10-11"];
        for working in working_days {
            assert!(!national_holiday(day(working)), "{working}");
        }
    }

    #[test]
    fn a_period_ending_when_the_court_is_closed_ends_on_its_next_open_day() {
        // Saturday 2026-03-21 → Monday 23rd.
        assert_eq!(next_open_day(day("2026-03-21")), day("2026-03-23"));
        // Golden Week: Sunday 3 May 2026 → Thursday 7 May.
        assert_eq!(next_open_day(day("2026-05-03")), day("2026-05-07"));
        // The year end: 30 December 2026 → Monday 4 January 2027.
        assert_eq!(next_open_day(day("2026-12-30")), day("2027-01-04"));
        // Silver Week 2026: Saturday 19 September → Thursday 24th.
        assert_eq!(next_open_day(day("2026-09-19")), day("2026-09-24"));
        assert_eq!(next_open_day(day("2026-11-27")), day("2026-11-27"));
    }

    proptest::proptest! {
        /// A period of n months ends in the n-th month after its first day (in the month
        /// before when it begins on a 1st), never before its event; an open day is open, and
        /// every day skipped to reach it is closed.
        #[test]
        fn periods_end_where_the_calendar_says(offset in 0u64..7300, months in 1u32..25) {
            let event = day("2020-01-01") + Days::new(offset);
            let end = months_after(event, months);
            proptest::prop_assert!(end > event);
            let first = event.succ_opt().unwrap();
            let month_index = |d: NaiveDate| d.year() * 12 + d.month() as i32;
            let expected = month_index(first) + months as i32 - i32::from(first.day() == 1);
            proptest::prop_assert_eq!(month_index(end), expected);
            if first.day() == 1 {
                proptest::prop_assert_eq!(end, end_of_month(end));
            }
            let open = next_open_day(end);
            proptest::prop_assert!(!court_closed(open));
            let mut skipped = end;
            while skipped < open {
                proptest::prop_assert!(court_closed(skipped));
                skipped = skipped.succ_opt().unwrap();
            }
        }
    }
}
