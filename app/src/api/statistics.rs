//! The statistics page: the centre's cases counted in the categories of the Supreme Court's
//! annual report, for a fiscal or a calendar year.

use crate::api::AppError;
use crate::domain::cases::CaseType;
use crate::domain::categories::{Condition, Motive, Petitioner};
use crate::domain::guardians::GuardianKind;
use crate::domain::statistics::{AgeBand, StatisticsPeriod};
use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One row of a table: a category (none: not recorded) and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally<K> {
    pub key: Option<K>,
    pub count: u64,
}

/// One age band split by the person's sex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SexAgeRow {
    /// None: the date of birth is not recorded.
    pub band: Option<AgeBand>,
    pub male: u64,
    pub female: u64,
    /// Other, not stated, or not recorded.
    pub other: u64,
}

/// The court report's tables for one period. Every category of the report has its row (zero
/// included); a row for "not recorded" follows when there are such cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourtStatistics {
    pub period: StatisticsPeriod,
    /// Cases whose petition date falls in the period.
    pub petitions: u64,
    pub case_types: Vec<Tally<CaseType>>,
    pub petitioners: Vec<Tally<Petitioner>>,
    pub sex_age: Vec<SexAgeRow>,
    pub causes: Vec<Tally<Condition>>,
    /// Several per case: the counts add up to more than the cases.
    pub motives: Vec<Tally<Motive>>,
    /// Appointments of guardians, curators and assistants that took effect in the period.
    pub appointments: u64,
    pub relations: Vec<Tally<GuardianKind>>,
}

impl CourtStatistics {
    /// 市区町村長申立て: the mayor's petitions in the period.
    pub fn mayor_petitions(&self) -> u64 {
        self.petitioners
            .iter()
            .filter(|row| row.key == Some(Petitioner::Mayor))
            .map(|row| row.count)
            .sum()
    }
}

/// The court report's tables for a period (`fy2024`, `cy2024`; empty: the current fiscal
/// year), over the cases in the user's reach.
#[server(endpoint = "statistics/court")]
pub async fn get_court_statistics(period: String) -> Result<CourtStatistics, AppError> {
    use crate::domain::access::Area;
    use crate::server::{database, read_cache::read_cache, statistics};
    let (scope, period) = statistics::request_scope(Area::Statistics, &period).await?;
    read_cache().court(&database()?, scope, period).await
}

/// The centre's own figures for a period, beside the court report's categories: what the
/// council (協議会) and the city ask the centre about its work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreFigures {
    pub period: StatisticsPeriod,
    /// Consultations received in the period (相談件数).
    pub consultations: u64,
    /// Case files opened in the period.
    pub new_cases: u64,
    /// Citizen guardians who completed their training in the period (養成研修修了).
    pub citizen_trained: u64,
    /// Citizen guardians entered in the register in the period.
    pub citizen_registered: u64,
    /// Appointments of citizen guardians that took effect in the period.
    pub citizen_appointed: u64,
    /// Relay handovers completed in the period (リレー方式の引継ぎ).
    pub relay_handovers: u64,
    /// Support sessions held with family guardians (親族後見人) in the period.
    pub family_support_sessions: u64,
    /// Support sessions held with citizen guardians in the period.
    pub citizen_support_sessions: u64,
    /// Public briefings and outreach lectures held in the period (説明会・出前講座).
    pub awareness_sessions: u64,
    /// Their participants, as recorded.
    pub awareness_participants: u64,
    /// Voluntary guardianship contracts signed in the period (任意後見契約).
    pub contracts_signed: u64,
    /// Voluntary guardianships put into effect (a supervisor appointed) in the period.
    pub contracts_in_effect: u64,
}

impl CentreFigures {
    /// Each figure with its name in `locale`, in the order the page and the exports show them.
    pub fn named(&self, locale: Locale) -> [(&'static str, u64); 12] {
        [
            (td_string!(locale, statistics.consultations), self.consultations),
            (td_string!(locale, statistics.new_cases), self.new_cases),
            (td_string!(locale, statistics.citizen_trained), self.citizen_trained),
            (td_string!(locale, statistics.citizen_registered), self.citizen_registered),
            (td_string!(locale, statistics.citizen_appointed), self.citizen_appointed),
            (td_string!(locale, statistics.relay_handovers), self.relay_handovers),
            (td_string!(locale, statistics.family_support_sessions), self.family_support_sessions),
            (
                td_string!(locale, statistics.citizen_support_sessions),
                self.citizen_support_sessions,
            ),
            (td_string!(locale, statistics.awareness_sessions), self.awareness_sessions),
            (td_string!(locale, statistics.awareness_participants), self.awareness_participants),
            (td_string!(locale, statistics.contracts_signed), self.contracts_signed),
            (td_string!(locale, statistics.contracts_in_effect), self.contracts_in_effect),
        ]
    }
}

/// The centre's own figures for a period (codes as for [`get_court_statistics`]). Case files,
/// consultations, appointments and relays count in the user's scope; the guardian register,
/// support sessions and events belong to the whole centre.
#[server(endpoint = "statistics/centre")]
pub async fn get_centre_figures(period: String) -> Result<CentreFigures, AppError> {
    use crate::domain::access::Area;
    use crate::server::{database, read_cache::read_cache, statistics};
    let (scope, period) = statistics::request_scope(Area::Statistics, &period).await?;
    read_cache().centre(&database()?, scope, period).await
}
