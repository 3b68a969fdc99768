//! The tables the exports write, built from the same answers the statistics page and the
//! dashboard show (so a file never disagrees with the screen), headed in the user's language.
//! Writing them as CSV is `domain::export`; as XLSX, the server's export route.

use crate::api::dashboard::{Dashboard, OPEN_STAGES};
use crate::api::statistics::{CentreFigures, CourtStatistics, Tally};
use crate::domain::cases::{CaseType, Stage};
use crate::domain::categories::Category;
use crate::domain::dates::japan_offset;
use crate::domain::export::{Cell, Table};
use crate::domain::statistics::court_case_label;
use crate::i18n::{Locale, td_string};
use crate::server::case_list::CaseListEntry;

fn counted<K: Copy>(
    title: &str,
    rows: &[Tally<K>],
    name: impl Fn(K) -> String,
    locale: Locale,
) -> Table {
    let named = rows.iter().map(|row| {
        let label = match row.key {
            Some(key) => name(key),
            None => td_string!(locale, statistics.not_recorded).to_owned(),
        };
        (label, row.count)
    });
    counts_table(title, named, locale)
}

/// A table of named counts: category and count.
fn counts_table(
    title: &str,
    rows: impl IntoIterator<Item = (String, u64)>,
    locale: Locale,
) -> Table {
    Table {
        title: title.to_owned(),
        headings: vec![
            td_string!(locale, statistics.category).to_owned(),
            td_string!(locale, statistics.count).to_owned(),
        ],
        rows: rows
            .into_iter()
            .map(|(name, count)| vec![Cell::Text(name), Cell::Count(count)])
            .collect(),
        widths: vec![36, 10],
    }
}

fn category<K: Category>(locale: Locale) -> impl Fn(K) -> String {
    move |key: K| key.label(locale == Locale::ja).to_owned()
}

/// The statistics page's tables for one period: the court report's categories, then the
/// centre's own figures; the period's label heads the first table.
pub fn statistics_tables(
    court: &CourtStatistics,
    centre: &CentreFigures,
    locale: Locale,
) -> Vec<Table> {
    let japanese = locale == Locale::ja;
    let period =
        if japanese { court.period.japanese_label() } else { court.period.english_label() };
    let titled = |key: &str| format!("{key} {period}");
    let mut sex_age = Table {
        title: titled(td_string!(locale, statistics.sex_age)),
        headings: vec![
            td_string!(locale, statistics.age_band).to_owned(),
            td_string!(locale, statistics.male).to_owned(),
            td_string!(locale, statistics.female).to_owned(),
            td_string!(locale, statistics.other_sex).to_owned(),
        ],
        rows: Vec::new(),
        widths: vec![24, 10, 10, 16],
    };
    for row in &court.sex_age {
        let band = match row.band {
            Some(band) => band.label(japanese).to_owned(),
            None => td_string!(locale, statistics.not_recorded).to_owned(),
        };
        sex_age.rows.push(vec![
            Cell::Text(band),
            Cell::Count(row.male),
            Cell::Count(row.female),
            Cell::Count(row.other),
        ]);
    }
    vec![
        counted(
            &titled(td_string!(locale, statistics.case_types)),
            &court.case_types,
            |case_type| court_case_label(case_type, japanese).to_owned(),
            locale,
        ),
        counted(
            &titled(td_string!(locale, statistics.petitioners)),
            &court.petitioners,
            category(locale),
            locale,
        ),
        sex_age,
        counted(
            &titled(td_string!(locale, statistics.causes)),
            &court.causes,
            category(locale),
            locale,
        ),
        counted(
            &titled(td_string!(locale, statistics.motives)),
            &court.motives,
            category(locale),
            locale,
        ),
        counted(
            &titled(td_string!(locale, statistics.relations)),
            &court.relations,
            category(locale),
            locale,
        ),
        centre_table(centre, &titled(td_string!(locale, statistics.centre_figures)), locale),
    ]
}

fn centre_table(f: &CentreFigures, title: &str, locale: Locale) -> Table {
    counts_table(
        title,
        f.named(locale).into_iter().map(|(name, count)| (name.to_owned(), count)),
        locale,
    )
}

/// The dashboard's workload table: one row per coordinator (and the cases nobody leads).
pub fn workload_table(dashboard: &Dashboard, locale: Locale) -> Table {
    let japanese = locale == Locale::ja;
    let mut headings = vec![td_string!(locale, dashboard.coordinator).to_owned()];
    headings.extend(OPEN_STAGES.iter().map(|stage| stage.label(japanese).to_owned()));
    headings.extend([
        td_string!(locale, dashboard.open_cases).to_owned(),
        td_string!(locale, dashboard.overdue).to_owned(),
        td_string!(locale, dashboard.recent_activities).to_owned(),
    ]);
    let rows = dashboard
        .coordinators
        .iter()
        .map(|load| {
            let name = match load.coordinator {
                Some(_) => load.name.clone(),
                None => td_string!(locale, dashboard.unassigned).to_owned(),
            };
            let mut row = vec![Cell::Text(name)];
            row.extend(load.open_by_stage.iter().map(|count| Cell::Count(*count)));
            row.extend([
                Cell::Count(load.open_cases()),
                Cell::Count(load.overdue_deadlines),
                Cell::Count(load.recent_activities),
            ]);
            row
        })
        .collect();
    let mut widths = vec![24];
    widths.extend(std::iter::repeat_n(12, headings.len() - 1));
    Table { title: td_string!(locale, dashboard.workload).to_owned(), headings, rows, widths }
}

/// The case list as the page shows it, every row the filters match.
pub fn case_table(entries: &[CaseListEntry], locale: Locale) -> Table {
    let japanese = locale == Locale::ja;
    let headings = [
        td_string!(locale, cases.number),
        td_string!(locale, cases.case_type),
        td_string!(locale, cases.stage),
        td_string!(locale, exports.person_name),
        td_string!(locale, exports.person_kana),
        td_string!(locale, cases.office),
        td_string!(locale, cases.coordinator),
        td_string!(locale, cases.district),
        td_string!(locale, cases.opened),
        td_string!(locale, cases.updated),
    ]
    .map(str::to_owned)
    .to_vec();
    let rows = entries
        .iter()
        .map(|entry| {
            vec![
                Cell::text(&entry.case_number),
                Cell::text(category_label(CaseType::parse(&entry.case_type), japanese)),
                Cell::text(category_label(Stage::parse(&entry.stage), japanese)),
                Cell::text(&entry.person_name),
                Cell::text(&entry.person_kana),
                Cell::text(&entry.office_name),
                entry.coordinator_name.as_deref().map_or(Cell::Empty, Cell::text),
                entry.district_name.as_deref().map_or(Cell::Empty, Cell::text),
                Cell::Date(entry.opened_on),
                Cell::DateTime(entry.updated_at.with_timezone(&japan_offset()).naive_local()),
            ]
        })
        .collect();
    Table {
        title: td_string!(locale, cases.heading).to_owned(),
        headings,
        rows,
        widths: vec![16, 14, 12, 20, 20, 16, 16, 14, 12, 20],
    }
}

fn category_label<K: Category>(value: Option<K>, japanese: bool) -> &'static str {
    value.map_or("", |value| value.label(japanese))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dashboard::CoordinatorLoad;
    use crate::domain::export::to_csv;
    use crate::domain::statistics::{AgeBand, StatisticsPeriod};
    use uuid::Uuid;

    fn court() -> CourtStatistics {
        CourtStatistics {
            period: StatisticsPeriod::FiscalYear(2024),
            petitions: 3,
            case_types: vec![
                Tally { key: Some(CaseType::Guardianship), count: 2 },
                Tally { key: Some(CaseType::Voluntary), count: 1 },
            ],
            petitioners: vec![Tally { key: None, count: 3 }],
            sex_age: vec![crate::api::statistics::SexAgeRow {
                band: Some(AgeBand::From80),
                male: 1,
                female: 2,
                other: 0,
            }],
            causes: Vec::new(),
            motives: Vec::new(),
            appointments: 0,
            relations: Vec::new(),
        }
    }

    fn centre() -> CentreFigures {
        CentreFigures {
            period: StatisticsPeriod::FiscalYear(2024),
            consultations: 12,
            new_cases: 4,
            citizen_trained: 0,
            citizen_registered: 0,
            citizen_appointed: 0,
            relay_handovers: 0,
            family_support_sessions: 0,
            citizen_support_sessions: 0,
            awareness_sessions: 1,
            awareness_participants: 40,
            contracts_signed: 0,
            contracts_in_effect: 0,
        }
    }

    #[test]
    fn the_statistics_tables_follow_the_page() {
        let tables = statistics_tables(&court(), &centre(), Locale::ja);
        assert_eq!(tables.len(), 7);
        assert_eq!(tables[0].title, "申立ての種類 令和6年度（2024年度）");
        assert_eq!(tables[0].rows[1], vec![Cell::text("任意後見監督人選任"), Cell::Count(1)]);
        assert_eq!(tables[1].rows[0], vec![Cell::text("未記録"), Cell::Count(3)]);
        assert_eq!(
            tables[2].rows[0],
            vec![Cell::text("80歳以上"), Cell::Count(1), Cell::Count(2), Cell::Count(0)]
        );
        assert_eq!(tables[6].rows[0], vec![Cell::text("相談件数"), Cell::Count(12)]);
        let english = statistics_tables(&court(), &centre(), Locale::en);
        assert_eq!(english[0].headings, ["Category", "Count"]);
        assert!(english[0].title.starts_with("Case type FY2024"));
    }

    #[test]
    fn the_workload_table_neutralises_a_name_that_looks_like_a_formula() {
        let dashboard = Dashboard {
            whole_centre: true,
            coordinators: vec![
                CoordinatorLoad {
                    coordinator: Some(Uuid::nil()),
                    name: "=HYPERLINK(\"http://x\")".into(),
                    open_by_stage: vec![1, 0, 0, 0, 0, 2],
                    overdue_deadlines: 1,
                    recent_activities: 5,
                },
                CoordinatorLoad {
                    coordinator: None,
                    name: String::new(),
                    open_by_stage: vec![0, 1, 0, 0, 0, 0],
                    overdue_deadlines: 0,
                    recent_activities: 0,
                },
            ],
            stages: vec![1, 1, 0, 0, 0, 2],
            median_days_to_petition: None,
            median_days_to_decision: None,
            relays: Vec::new(),
            bank: Vec::new(),
            months: Vec::new(),
            fiscal_years: Vec::new(),
        };
        let table = workload_table(&dashboard, Locale::ja);
        assert_eq!(table.headings.len(), 10);
        assert_eq!(table.widths.len(), 10);
        let csv = String::from_utf8(to_csv(&[table])).unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",1,0,0,0,0,2,3,1,5");
        assert_eq!(lines[2], "担当者未定,0,1,0,0,0,0,1,0,0");
    }

    #[test]
    fn the_case_table_writes_labels_dates_and_japan_time() {
        let entry = CaseListEntry {
            id: Uuid::nil(),
            office_id: Uuid::nil(),
            case_number: "2024-0001".into(),
            case_type: "curatorship".into(),
            stage: "assessment".into(),
            opened_on: "2024-04-01".parse().unwrap(),
            updated_at: "2024-04-01T15:30:00Z".parse().unwrap(),
            person_name: "山田 花子".into(),
            person_kana: "ヤマダ ハナコ".into(),
            office_name: "中央窓口".into(),
            coordinator_name: None,
            district_name: Some("北地区".into()),
        };
        let table = case_table(std::slice::from_ref(&entry), Locale::ja);
        assert_eq!(table.headings.len(), table.widths.len());
        assert_eq!(table.rows[0][1], Cell::text("保佐"));
        assert_eq!(table.rows[0][6], Cell::Empty);
        assert_eq!(table.rows[0][7], Cell::text("北地区"));
        // 15:30 UTC is half past midnight the next day in Japan.
        assert_eq!(table.rows[0][9], Cell::DateTime("2024-04-02T00:30:00".parse().unwrap()));
        let csv = String::from_utf8(to_csv(&[table])).unwrap();
        assert!(csv.ends_with(",北地区,2024-04-01,2024-04-02 00:30:00\r\n"), "{csv}");
        assert_eq!(case_table(&[entry], Locale::en).headings[0], "Case number");
    }
}
