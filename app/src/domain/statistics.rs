//! The centre's statistics in the categories of the Supreme Court's annual report
//! (最高裁判所「成年後見関係事件の概況」): the period counted (年度 or 暦年), the case types,
//! the age bands, the guardian's relation in the report's order, and the counting rule.
//!
//! The counting itself is SQL (GROUP BY over the whole register); what is here is what the SQL
//! and the page must agree on: period bounds, which band an age falls in, and the order and
//! grouping of the rows.

use crate::domain::cases::CaseType;
use crate::domain::categories::{Category, category};
use crate::domain::dates::{FiscalYear, WarekiDate, era_year_label};
use crate::domain::guardians::GuardianKind;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The period a statistics table counts: a fiscal year (年度, what the city and the council
/// ask for) or a calendar year (暦年, what the court's report counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StatisticsPeriod {
    FiscalYear(i32),
    CalendarYear(i32),
}

impl StatisticsPeriod {
    /// The fiscal year a date falls in: the usual default.
    pub fn fiscal_year_of(date: NaiveDate) -> StatisticsPeriod {
        StatisticsPeriod::FiscalYear(FiscalYear::of(date).start_year())
    }

    pub fn first_day(self) -> NaiveDate {
        match self {
            StatisticsPeriod::FiscalYear(year) => FiscalYear::starting_in(year).first_day(),
            StatisticsPeriod::CalendarYear(year) => {
                NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
            }
        }
    }

    pub fn last_day(self) -> NaiveDate {
        match self {
            StatisticsPeriod::FiscalYear(year) => FiscalYear::starting_in(year).last_day(),
            StatisticsPeriod::CalendarYear(year) => {
                NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
            }
        }
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }

    /// The period before, for comparisons.
    pub fn previous(self) -> StatisticsPeriod {
        match self {
            StatisticsPeriod::FiscalYear(year) => StatisticsPeriod::FiscalYear(year - 1),
            StatisticsPeriod::CalendarYear(year) => StatisticsPeriod::CalendarYear(year - 1),
        }
    }

    /// The code in a URL: `fy2024` or `cy2024`.
    pub fn code(self) -> String {
        match self {
            StatisticsPeriod::FiscalYear(year) => format!("fy{year}"),
            StatisticsPeriod::CalendarYear(year) => format!("cy{year}"),
        }
    }

    /// A period from its code; years outside 1900–2999 are refused.
    pub fn parse(code: &str) -> Option<StatisticsPeriod> {
        let code = code.trim();
        let (kind, year) = code.split_at_checked(2)?;
        let year: i32 = year.parse().ok().filter(|year| (1900..=2999).contains(year))?;
        match kind {
            "fy" => Some(StatisticsPeriod::FiscalYear(year)),
            "cy" => Some(StatisticsPeriod::CalendarYear(year)),
            _ => None,
        }
    }

    /// Era and western labels: 令和6年度（2024年度）, 令和6年（2024年）, or for a calendar
    /// year with an era change 平成31年1月～令和元年12月（2019年）, as the court's report
    /// names it.
    pub fn japanese_label(self) -> String {
        match self {
            StatisticsPeriod::FiscalYear(year) => FiscalYear::starting_in(year).japanese_label(),
            StatisticsPeriod::CalendarYear(year) => {
                let western = format!("{year}年");
                let (Some(first), Some(last)) = (
                    WarekiDate::from_date(self.first_day()),
                    WarekiDate::from_date(self.last_day()),
                ) else {
                    return western;
                };
                if first.era() == last.era() {
                    format!(
                        "{}{}年（{western}）",
                        first.era().kanji(),
                        era_year_label(first.year())
                    )
                } else {
                    format!(
                        "{}{}年1月～{}{}年12月（{western}）",
                        first.era().kanji(),
                        era_year_label(first.year()),
                        last.era().kanji(),
                        era_year_label(last.year())
                    )
                }
            }
        }
    }

    pub fn english_label(self) -> String {
        match self {
            StatisticsPeriod::FiscalYear(year) => FiscalYear::starting_in(year).english_label(),
            StatisticsPeriod::CalendarYear(year) => format!("Calendar year {year}"),
        }
    }
}

category! {
    /// The court's age bands, by the person's age on the petition date.
    AgeBand {
        Under20 => "under_20", "20歳未満", "Under 20";
        From20To39 => "20_39", "20歳以上40歳未満", "20 to 39";
        From40To49 => "40_49", "40歳以上50歳未満", "40 to 49";
        From50To59 => "50_59", "50歳以上60歳未満", "50 to 59";
        From60To64 => "60_64", "60歳以上65歳未満", "60 to 64";
        From65To69 => "65_69", "65歳以上70歳未満", "65 to 69";
        From70To79 => "70_79", "70歳以上80歳未満", "70 to 79";
        From80 => "80_plus", "80歳以上", "80 and over";
    }
}

impl AgeBand {
    /// The youngest age in the band.
    pub fn lower_bound(self) -> u32 {
        match self {
            AgeBand::Under20 => 0,
            AgeBand::From20To39 => 20,
            AgeBand::From40To49 => 40,
            AgeBand::From50To59 => 50,
            AgeBand::From60To64 => 60,
            AgeBand::From65To69 => 65,
            AgeBand::From70To79 => 70,
            AgeBand::From80 => 80,
        }
    }

    pub fn of(age: u32) -> AgeBand {
        AgeBand::ALL
            .iter()
            .rev()
            .copied()
            .find(|band| age >= band.lower_bound())
            .unwrap_or(AgeBand::Under20)
    }
}

/// A date as the number yyyymmdd. The difference of two such numbers divided by 10,000 is the
/// age in full years, which SQL computes the same way on SQLite and on PostgreSQL without
/// date functions the two do not share.
pub fn date_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The age on `on` of a person born on `birth`, by [`date_number`]s: what the SQL computes.
pub fn age_by_date_numbers(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let difference = date_number(on) - date_number(birth);
    u32::try_from(difference.div_euclid(10_000)).ok()
}

/// The court report's case categories: the three statutory types are counted as 開始 cases,
/// a voluntary guardianship as the supervisor's appointment that puts it into effect.
pub fn court_case_label(case_type: CaseType, japanese: bool) -> &'static str {
    match (case_type, japanese) {
        (CaseType::Guardianship, true) => "後見開始",
        (CaseType::Curatorship, true) => "保佐開始",
        (CaseType::Assistance, true) => "補助開始",
        (CaseType::Voluntary, true) => "任意後見監督人選任",
        (CaseType::Guardianship, false) => "Start of guardianship",
        (CaseType::Curatorship, false) => "Start of curatorship",
        (CaseType::Assistance, false) => "Start of assistance",
        (CaseType::Voluntary, false) => "Supervisor of a voluntary guardian appointed",
    }
}

/// The guardian's relation to the person in the report's order: relatives first, then the
/// others (the report's own order, citizen guardians among them).
pub const RELATION_ORDER: [GuardianKind; 15] = [
    GuardianKind::Spouse,
    GuardianKind::Parent,
    GuardianKind::Child,
    GuardianKind::Sibling,
    GuardianKind::OtherRelative,
    GuardianKind::Lawyer,
    GuardianKind::JudicialScrivener,
    GuardianKind::SocialWorker,
    GuardianKind::SocialWelfareCouncil,
    GuardianKind::TaxAccountant,
    GuardianKind::AdministrativeScrivener,
    GuardianKind::PsychiatricSocialWorker,
    GuardianKind::Citizen,
    GuardianKind::OtherEntity,
    GuardianKind::OtherIndividual,
];

/// Whether a kind of guardian is a relative of the person (親族) in the report's grouping.
pub fn is_relative(kind: GuardianKind) -> bool {
    matches!(
        kind,
        GuardianKind::Spouse
            | GuardianKind::Parent
            | GuardianKind::Child
            | GuardianKind::Sibling
            | GuardianKind::OtherRelative
    )
}

/// The counting rule, as the statistics page states it.
pub fn counting_rule(japanese: bool) -> &'static str {
    if japanese {
        "申立ての種類・申立人・本人の性別と年齢（申立日現在）・開始原因・申立ての動機は、申立日が期間内にある案件を数えます（動機は複数回答）。後見人等と本人の関係は、選任の効力発生日が期間内にある選任を数えます（1件に複数の後見人等がいればそれぞれ数えます）。これはセンターが扱った案件を最高裁判所「成年後見関係事件の概況」の区分で集計したもので、裁判所の統計（暦年に終局した事件の数）とは一致しません。"
    } else {
        "Case type, petitioner, the person's sex and age (on the petition date), cause and motives count the cases whose petition date falls in the period (several motives per case). The guardian's relation counts the appointments that took effect in the period (each guardian of a case). These are the centre's own figures in the categories of the Supreme Court's annual report, not the court's statistics (which count the cases it decided in a calendar year)."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::persons::age_on;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn periods_end_on_31_march_and_31_december() {
        let fiscal = StatisticsPeriod::FiscalYear(2024);
        assert!(fiscal.contains(day("2024-04-01")));
        assert!(fiscal.contains(day("2025-03-31")));
        assert!(!fiscal.contains(day("2024-03-31")));
        assert!(!fiscal.contains(day("2025-04-01")));
        let calendar = StatisticsPeriod::CalendarYear(2024);
        assert!(calendar.contains(day("2024-01-01")) && calendar.contains(day("2024-12-31")));
        assert!(!calendar.contains(day("2023-12-31")) && !calendar.contains(day("2025-01-01")));
        assert_eq!(StatisticsPeriod::fiscal_year_of(day("2025-03-31")), fiscal);
        assert_eq!(fiscal.previous(), StatisticsPeriod::FiscalYear(2023));
    }

    #[test]
    fn periods_are_named_in_the_era_and_the_western_year() {
        assert_eq!(StatisticsPeriod::FiscalYear(2024).japanese_label(), "令和6年度（2024年度）");
        assert_eq!(StatisticsPeriod::FiscalYear(2019).japanese_label(), "令和元年度（2019年度）");
        assert_eq!(StatisticsPeriod::CalendarYear(2024).japanese_label(), "令和6年（2024年）");
        assert_eq!(
            StatisticsPeriod::CalendarYear(2019).japanese_label(),
            "平成31年1月～令和元年12月（2019年）"
        );
        assert_eq!(StatisticsPeriod::CalendarYear(2020).japanese_label(), "令和2年（2020年）");
        assert_eq!(StatisticsPeriod::CalendarYear(2024).english_label(), "Calendar year 2024");
    }

    #[test]
    fn period_codes_round_trip_and_nonsense_is_refused() {
        for period in [StatisticsPeriod::FiscalYear(2024), StatisticsPeriod::CalendarYear(1999)] {
            assert_eq!(StatisticsPeriod::parse(&period.code()), Some(period));
        }
        for bad in ["", "fy", "fy20x4", "xx2024", "fy99999", "cy-2024", "ｆｙ2024", "fy1899"] {
            assert_eq!(StatisticsPeriod::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ages_fall_in_the_courts_bands_at_their_lower_bounds() {
        let cases = [
            (0, AgeBand::Under20),
            (19, AgeBand::Under20),
            (20, AgeBand::From20To39),
            (39, AgeBand::From20To39),
            (40, AgeBand::From40To49),
            (59, AgeBand::From50To59),
            (60, AgeBand::From60To64),
            (64, AgeBand::From60To64),
            (65, AgeBand::From65To69),
            (69, AgeBand::From65To69),
            (70, AgeBand::From70To79),
            (79, AgeBand::From70To79),
            (80, AgeBand::From80),
            (115, AgeBand::From80),
        ];
        for (age, band) in cases {
            assert_eq!(AgeBand::of(age), band, "{age}");
        }
    }

    #[test]
    fn the_report_groups_fifteen_kinds_relatives_first() {
        assert_eq!(RELATION_ORDER.len(), GuardianKind::ALL.len());
        assert!(GuardianKind::ALL.iter().all(|kind| RELATION_ORDER.contains(kind)));
        assert_eq!(RELATION_ORDER.iter().take_while(|kind| is_relative(**kind)).count(), 5);
        assert!(RELATION_ORDER.iter().skip(5).all(|kind| !is_relative(*kind)));
    }

    #[test]
    fn the_age_by_date_numbers_turns_on_the_birthday_and_a_leap_day_on_1_march() {
        assert_eq!(age_by_date_numbers(day("1944-04-01"), day("2024-03-31")), Some(79));
        assert_eq!(age_by_date_numbers(day("1944-04-01"), day("2024-04-01")), Some(80));
        assert_eq!(age_by_date_numbers(day("2004-02-29"), day("2024-02-28")), Some(19));
        assert_eq!(age_by_date_numbers(day("2004-02-29"), day("2023-03-01")), Some(19));
        assert_eq!(age_by_date_numbers(day("2004-02-29"), day("2023-02-28")), Some(18));
        assert_eq!(age_by_date_numbers(day("2024-05-01"), day("2024-04-30")), None);
    }

    proptest! {
        #[test]
        fn the_sql_age_agrees_with_the_age_in_full_years(
            birth in 0i64..60_000, days in 0i64..50_000,
        ) {
            let birth = day("1900-01-01") + chrono::Days::new(birth as u64);
            let on = birth + chrono::Days::new(days as u64);
            prop_assert_eq!(age_by_date_numbers(birth, on), age_on(birth, on));
        }
    }
}
