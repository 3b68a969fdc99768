//! The coordinator's inbox (今日の確認事項): what needs doing across the cases in their reach,
//! and when an item becomes due. The thresholds are the centre's settings; the rules here are
//! plain date arithmetic, shared by the SQL that selects the items and by the tests.

use chrono::{Days, Months, NaiveDate};

/// The centre's thresholds for the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxThresholds {
    /// A guardian with no contact logged for longer than this is asked after.
    pub contact_days: u32,
    /// A signed voluntary contract not yet in effect is checked in on at least this often.
    pub check_in_months: u32,
    /// A relay plan this close to its target date (or past it) is shown.
    pub relay_warning_days: u32,
}

impl Default for InboxThresholds {
    fn default() -> Self {
        InboxThresholds { contact_days: 30, check_in_months: 6, relay_warning_days: 30 }
    }
}

/// The thresholds an administrator may choose: a contact interval of a week to a year, a
/// check-in interval of one month to two years.
pub const CONTACT_DAYS_RANGE: std::ops::RangeInclusive<u32> = 7..=365;
pub const CHECK_IN_MONTHS_RANGE: std::ops::RangeInclusive<u32> = 1..=24;

/// A threshold as typed into the settings form (half- or full-width digits), or the problem
/// code: `required`, `not_a_number`, or `out_of_range`.
pub fn parse_threshold(
    text: &str,
    range: &std::ops::RangeInclusive<u32>,
) -> Result<u32, &'static str> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .collect();
    if digits.is_empty() {
        return Err("required");
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("not_a_number");
    }
    match digits.parse::<u32>() {
        Ok(value) if range.contains(&value) => Ok(value),
        _ => Err("out_of_range"),
    }
}

/// Whether a signed voluntary contract (任意後見契約) not yet in effect is due for a check-in:
/// the last check-in (or the signing, when there was none) is more than `interval_months`
/// months ago. The person's capacity may have declined since: time to petition for the
/// supervisor.
pub fn check_in_due(
    contract: NaiveDate,
    last_check_in: Option<NaiveDate>,
    interval_months: u32,
    today: NaiveDate,
) -> bool {
    let since = last_check_in.map_or(contract, |last| last.max(contract));
    since.checked_add_months(Months::new(interval_months)).is_some_and(|next| next < today)
}

/// The last target date a relay plan may have to be shown on `today`.
pub fn relay_horizon(today: NaiveDate, warning_days: u32) -> NaiveDate {
    today.checked_add_days(Days::new(u64::from(warning_days))).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn thresholds_are_whole_numbers_within_their_range() {
        assert_eq!(parse_threshold("30", &CONTACT_DAYS_RANGE), Ok(30));
        assert_eq!(parse_threshold(" ４５ ", &CONTACT_DAYS_RANGE), Ok(45));
        assert_eq!(parse_threshold("7", &CONTACT_DAYS_RANGE), Ok(7));
        assert_eq!(parse_threshold("365", &CONTACT_DAYS_RANGE), Ok(365));
        assert_eq!(parse_threshold("6", &CONTACT_DAYS_RANGE), Err("out_of_range"));
        assert_eq!(parse_threshold("366", &CONTACT_DAYS_RANGE), Err("out_of_range"));
        assert_eq!(parse_threshold("99999999999", &CONTACT_DAYS_RANGE), Err("out_of_range"));
        assert_eq!(parse_threshold("", &CHECK_IN_MONTHS_RANGE), Err("required"));
        assert_eq!(parse_threshold("-3", &CHECK_IN_MONTHS_RANGE), Err("not_a_number"));
        assert_eq!(parse_threshold("1.5", &CHECK_IN_MONTHS_RANGE), Err("not_a_number"));
        assert_eq!(parse_threshold("0", &CHECK_IN_MONTHS_RANGE), Err("out_of_range"));
        assert_eq!(parse_threshold("24", &CHECK_IN_MONTHS_RANGE), Ok(24));
    }

    #[test]
    fn a_contract_is_due_for_a_check_in_after_the_interval_from_the_last_one() {
        let today = day("2026-11-27");
        // Signed in May, never visited: six months end on 27 November, due from the 28th.
        assert!(!check_in_due(day("2026-05-27"), None, 6, today));
        assert!(check_in_due(day("2026-05-26"), None, 6, today));
        // A check-in restarts the count.
        assert!(!check_in_due(day("2020-01-10"), Some(day("2026-09-01")), 6, today));
        assert!(check_in_due(day("2020-01-10"), Some(day("2026-05-01")), 6, today));
        // A check-in recorded before the signing (as a typo) does not move the count back.
        assert!(!check_in_due(day("2026-10-01"), Some(day("2019-01-01")), 6, today));
    }

    #[test]
    fn month_ends_clamp() {
        // 31 August + 6 months is 28 February (2027 is not a leap year).
        assert!(!check_in_due(day("2026-08-31"), None, 6, day("2027-02-28")));
        assert!(check_in_due(day("2026-08-31"), None, 6, day("2027-03-01")));
    }

    #[test]
    fn the_relay_horizon_is_inclusive_and_saturates() {
        assert_eq!(relay_horizon(day("2026-11-27"), 30), day("2026-12-27"));
        assert_eq!(relay_horizon(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn the_default_thresholds_are_the_usual_practice() {
        let defaults = InboxThresholds::default();
        assert_eq!((defaults.contact_days, defaults.check_in_months), (30, 6));
    }
}
