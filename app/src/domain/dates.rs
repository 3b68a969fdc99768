//! Dates as a Japanese public office writes them: Japan time, the Japanese era (和暦) and the
//! fiscal year (年度, April to March).
//!
//! Japan has had no daylight saving time since 1951, so a fixed +09:00 offset is exact for every
//! date this application handles and no time-zone database is needed (also in the browser).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};
use std::fmt;

/// Japan Standard Time, UTC+09:00.
pub fn japan_offset() -> FixedOffset {
    const NINE_HOURS: i32 = 9 * 60 * 60;
    FixedOffset::east_opt(NINE_HOURS).expect("+09:00 is a valid offset")
}

/// The calendar date in Japan at the given instant. A deadline "today" means today in Japan,
/// even when the server's clock runs on UTC: at 2024-03-31T15:00Z it is already April 1st.
pub fn japan_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&japan_offset()).date_naive()
}

/// The instant a day begins in Japan (midnight JST, 15:00 UTC the day before).
pub fn japan_day_start(date: NaiveDate) -> DateTime<Utc> {
    (date.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(9)).and_utc()
}

/// The time of day in Japan, `HH:MM:SS`, for logs and the audit trail.
pub fn japan_time_label(instant: DateTime<Utc>) -> String {
    // Written out rather than through a `format` pattern, which chrono parses on every call:
    // the case list writes fifty of these per page.
    let local = instant.with_timezone(&japan_offset());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// Today's date in Japan.
pub fn japan_today() -> NaiveDate {
    japan_date(Utc::now())
}

/// The Japanese eras since the Gregorian calendar was adopted (明治6年 = 1873).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    /// Newest first, so the first era that has started on a date is that date's era.
    const NEWEST_FIRST: [Era; 5] = [Era::Reiwa, Era::Heisei, Era::Showa, Era::Taisho, Era::Meiji];
    pub const OLDEST_FIRST: [Era; 5] =
        [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// The first day of the era in the Gregorian calendar. Meiji began in 1868 under the old
    /// lunisolar calendar; dates are only converted from 1873-01-01 (明治6年1月1日), when Japan
    /// adopted the Gregorian calendar.
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1873, 1, 1),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).expect("era start dates are valid")
    }

    /// The last day of the era (the day before the next began); none for the current era.
    pub fn last_day(self) -> Option<NaiveDate> {
        let next = Era::OLDEST_FIRST.into_iter().find(|era| *era > self)?;
        next.first_day().pred_opt()
    }

    /// The Gregorian year in which the era's first year (元年) falls.
    pub fn first_year(self) -> i32 {
        match self {
            Era::Meiji => 1868,
            other => other.first_day().year(),
        }
    }

    /// The era's name in kanji, as written on documents: 令和, 平成 …
    pub fn kanji(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// The era's name in Latin letters (Hepburn), for the English interface.
    pub fn romaji(self) -> &'static str {
        match self {
            Era::Meiji => "Meiji",
            Era::Taisho => "Taishō",
            Era::Showa => "Shōwa",
            Era::Heisei => "Heisei",
            Era::Reiwa => "Reiwa",
        }
    }

    /// The era in force on a date, or `None` before 1873-01-01.
    pub fn of(date: NaiveDate) -> Option<Era> {
        Era::NEWEST_FIRST.into_iter().find(|era| date >= era.first_day())
    }

    /// The year of this era that contains the Gregorian `year` (1 for the first year).
    fn year_number(self, gregorian_year: i32) -> i32 {
        gregorian_year - self.first_year() + 1
    }
}

/// An era year written the Japanese way: the first year of an era is 元年, not 1年.
pub(crate) fn era_year_label(year: i32) -> String {
    if year == 1 { "元".to_owned() } else { year.to_string() }
}

/// A date in the Japanese calendar (和暦), e.g. 令和元年5月1日.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarekiDate {
    era: Era,
    year: i32,
    month: u32,
    day: u32,
}

impl WarekiDate {
    /// Converts a Gregorian date; `None` before 1873-01-01 (the lunisolar calendar era).
    pub fn from_date(date: NaiveDate) -> Option<WarekiDate> {
        let era = Era::of(date)?;
        Some(WarekiDate {
            era,
            year: era.year_number(date.year()),
            month: date.month(),
            day: date.day(),
        })
    }

    pub fn era(&self) -> Era {
        self.era
    }

    /// The year within the era, 1 for 元年.
    pub fn year(&self) -> i32 {
        self.year
    }
}

impl fmt::Display for WarekiDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}年{}月{}日",
            self.era.kanji(),
            era_year_label(self.year),
            self.month,
            self.day
        )
    }
}

/// A date as Japanese documents write it, era first and western in brackets:
/// 令和8年11月26日（2026年11月26日）. Before 1873 only the western form exists.
pub fn japanese_date_label(date: NaiveDate) -> String {
    let western = format!("{:04}年{}月{}日", date.year(), date.month(), date.day());
    match WarekiDate::from_date(date) {
        Some(wareki) => format!("{wareki}（{western}）"),
        None => western.to_string(),
    }
}

/// A date for the English interface: 26 November 2026.
pub fn english_date_label(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A fiscal year (年度) of Japanese public administration: April 1st to March 31st, named by
/// the calendar year in which it starts (2024年度 = 2024-04-01 … 2025-03-31).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(i32);

impl FiscalYear {
    /// The fiscal year named by the calendar year it starts in.
    pub fn starting_in(year: i32) -> FiscalYear {
        FiscalYear(year)
    }

    /// The fiscal year a date belongs to: January to March belong to the previous year's.
    pub fn of(date: NaiveDate) -> FiscalYear {
        const APRIL: u32 = 4;
        if date.month() >= APRIL { FiscalYear(date.year()) } else { FiscalYear(date.year() - 1) }
    }

    /// The calendar year in which this fiscal year starts.
    pub fn start_year(self) -> i32 {
        self.0
    }

    /// April 1st.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).expect("April 1st exists")
    }

    /// March 31st of the following calendar year.
    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).expect("March 31st exists")
    }

    /// Whether the date falls within this fiscal year.
    pub fn contains(self, date: NaiveDate) -> bool {
        FiscalYear::of(date) == self
    }

    /// The era this fiscal year is named in. Government statistics name a fiscal year by the
    /// era that covers most of it: April 2019 – March 2020 is 令和元年度 (Reiwa began on
    /// May 1st), while April 1988 – March 1989 stayed 昭和63年度 (Heisei began on January 8th).
    /// The era in force on October 1st, the middle of the year, gives exactly that.
    pub fn era(self) -> Option<Era> {
        let middle = NaiveDate::from_ymd_opt(self.0, 10, 1).expect("October 1st exists");
        Era::of(middle)
    }

    /// The year of [`FiscalYear::era`] in which this fiscal year starts (1 for 元年度).
    pub fn era_year(self) -> Option<i32> {
        self.era().map(|era| era.year_number(self.0))
    }

    /// The label in the Japanese calendar, e.g. 令和6年度; `None` before the Gregorian calendar.
    pub fn wareki_label(self) -> Option<String> {
        let era = self.era()?;
        let year = era.year_number(self.0);
        Some(format!("{}{}年度", era.kanji(), era_year_label(year)))
    }

    /// The western label used next to the era one, e.g. 2024年度.
    pub fn western_label(self) -> String {
        format!("{}年度", self.0)
    }

    /// Both labels, era first: 令和6年度（2024年度）.
    pub fn japanese_label(self) -> String {
        match self.wareki_label() {
            Some(wareki) => format!("{wareki}（{}）", self.western_label()),
            None => self.western_label(),
        }
    }

    /// The label for the English interface: FY2024 (Reiwa 6).
    pub fn english_label(self) -> String {
        match (self.era(), self.era_year()) {
            (Some(era), Some(year)) => format!("FY{} ({} {year})", self.0, era.romaji()),
            _ => format!("FY{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_japanese_day_starts_at_three_in_the_afternoon_utc_the_day_before() {
        let start = japan_day_start(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        assert_eq!(start.to_rfc3339(), "2026-03-31T15:00:00+00:00");
        assert_eq!(japan_date(start), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        assert_eq!(japan_time_label(start), "2026-04-01 00:00:00");
        let afternoon = DateTime::parse_from_rfc3339("2026-11-26T05:07:09Z").unwrap();
        assert_eq!(japan_time_label(afternoon.with_timezone(&Utc)), "2026-11-26 14:07:09");
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn wareki(y: i32, m: u32, d: u32) -> String {
        WarekiDate::from_date(date(y, m, d)).unwrap().to_string()
    }

    #[test]
    fn the_last_day_of_heisei_and_the_first_day_of_reiwa() {
        assert_eq!(wareki(2019, 4, 30), "平成31年4月30日");
        assert_eq!(wareki(2019, 5, 1), "令和元年5月1日");
    }

    #[test]
    fn the_first_year_of_an_era_is_written_gannen() {
        assert_eq!(wareki(1989, 1, 8), "平成元年1月8日");
        assert_eq!(wareki(1989, 12, 31), "平成元年12月31日");
        assert_eq!(wareki(2020, 1, 1), "令和2年1月1日");
    }

    #[test]
    fn every_era_boundary_since_the_gregorian_calendar() {
        let cases = [
            ((1873, 1, 1), "明治6年1月1日"),
            ((1912, 7, 29), "明治45年7月29日"),
            ((1912, 7, 30), "大正元年7月30日"),
            ((1926, 12, 24), "大正15年12月24日"),
            ((1926, 12, 25), "昭和元年12月25日"),
            ((1989, 1, 7), "昭和64年1月7日"),
            ((1989, 1, 8), "平成元年1月8日"),
            ((2024, 2, 29), "令和6年2月29日"),
        ];
        for ((y, m, d), expected) in cases {
            assert_eq!(wareki(y, m, d), expected, "{y}-{m}-{d}");
        }
    }

    #[test]
    fn dates_before_the_gregorian_calendar_have_no_wareki_form() {
        assert_eq!(WarekiDate::from_date(date(1872, 12, 31)), None);
        assert_eq!(FiscalYear::starting_in(1860).wareki_label(), None);
    }

    #[test]
    fn the_fiscal_year_turns_on_april_first() {
        assert_eq!(FiscalYear::of(date(2025, 3, 31)), FiscalYear::starting_in(2024));
        assert_eq!(FiscalYear::of(date(2025, 4, 1)), FiscalYear::starting_in(2025));
        assert_eq!(FiscalYear::of(date(2025, 3, 31)).wareki_label().as_deref(), Some("令和6年度"));
        assert_eq!(FiscalYear::of(date(2025, 4, 1)).wareki_label().as_deref(), Some("令和7年度"));
    }

    #[test]
    fn a_fiscal_year_spans_april_to_march() {
        let fy = FiscalYear::starting_in(2023);
        assert_eq!(fy.first_day(), date(2023, 4, 1));
        assert_eq!(fy.last_day(), date(2024, 3, 31));
        assert!(fy.contains(date(2024, 2, 29)));
        assert!(!fy.contains(date(2024, 4, 1)));
        assert_eq!(fy.western_label(), "2023年度");
    }

    #[test]
    fn fiscal_years_across_an_era_change_take_the_era_of_most_of_the_year() {
        assert_eq!(FiscalYear::starting_in(2019).wareki_label().as_deref(), Some("令和元年度"));
        assert_eq!(FiscalYear::starting_in(2018).wareki_label().as_deref(), Some("平成30年度"));
        assert_eq!(FiscalYear::starting_in(1988).wareki_label().as_deref(), Some("昭和63年度"));
        assert_eq!(FiscalYear::starting_in(1989).wareki_label().as_deref(), Some("平成元年度"));
        assert_eq!(FiscalYear::starting_in(2019).era_year(), Some(1));
    }

    #[test]
    fn labels_put_the_era_first_and_the_western_year_in_brackets() {
        assert_eq!(japanese_date_label(date(2026, 11, 26)), "令和8年11月26日（2026年11月26日）");
        assert_eq!(japanese_date_label(date(1850, 1, 2)), "1850年1月2日");
        assert_eq!(english_date_label(date(2019, 5, 1)), "1 May 2019");
        let fy = FiscalYear::starting_in(2024);
        assert_eq!(fy.japanese_label(), "令和6年度（2024年度）");
        assert_eq!(fy.english_label(), "FY2024 (Reiwa 6)");
        assert_eq!(FiscalYear::starting_in(1860).english_label(), "FY1860");
    }

    #[test]
    fn japan_is_nine_hours_ahead_of_utc() {
        let before_midnight_utc: DateTime<Utc> = "2024-03-31T14:59:59Z".parse().unwrap();
        let midnight_in_japan: DateTime<Utc> = "2024-03-31T15:00:00Z".parse().unwrap();
        assert_eq!(japan_date(before_midnight_utc), date(2024, 3, 31));
        assert_eq!(japan_date(midnight_in_japan), date(2024, 4, 1));
        assert_eq!(FiscalYear::of(japan_date(midnight_in_japan)), FiscalYear::starting_in(2024));
    }
}
