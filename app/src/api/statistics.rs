//! The statistics page: the centre's cases counted in the categories of the Supreme Court's
//! annual report, for a fiscal or a calendar year.

use crate::api::AppError;
use crate::domain::cases::CaseType;
use crate::domain::categories::{Condition, Motive, Petitioner};
use crate::domain::guardians::GuardianKind;
use crate::domain::statistics::{AgeBand, StatisticsPeriod};
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
    use crate::domain::access::{Access, Area};
    use crate::domain::dates::japan_date;
    use crate::server::case_scope::CaseScope;
    use crate::server::{auth, clock::clock, database, reject, statistics};
    let authorized = auth::require(Area::Statistics, Access::Read).await?;
    let period = match period.trim() {
        "" => StatisticsPeriod::fiscal_year_of(japan_date(clock().now())),
        code => StatisticsPeriod::parse(code)
            .ok_or_else(|| reject(AppError::field("period", "invalid")))?,
    };
    let db = database()?;
    // Managers count the whole centre, coordinators their office (the policy's statistics
    // scope, whatever the centre chose for reading case files).
    let scope = match authorized.scope {
        crate::domain::access::Scope::All => CaseScope::All,
        crate::domain::access::Scope::Office(office) => CaseScope::Office(office),
        _ => return Err(reject(AppError::Forbidden)),
    };
    statistics::court(&db, scope, period).await
}
