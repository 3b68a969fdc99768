//! The citizen guardian's own pages (role `guardian`): my cases, my deadlines, the relays I am
//! to take over, and one case's essentials.

use crate::api::AppError;
use crate::api::cases::PersonDetail;
use crate::api::deadlines::OpenDeadlines;
use crate::domain::appointments::{AppointmentRole, ExerciseMode};
use crate::domain::cases::CaseType;
use crate::domain::deadlines::DeadlineStatus;
use crate::domain::guardians::GuardianKind;
use crate::domain::relays::RelayStatus;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One of my appointments, with what comes next on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCaseRow {
    pub case_id: Uuid,
    pub case_number: String,
    pub person_name: String,
    pub person_kana: String,
    pub case_type: Option<CaseType>,
    pub role: Option<AppointmentRole>,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    /// My next open deadline on the case.
    pub next_due: Option<NaiveDate>,
    pub next_status: Option<DeadlineStatus>,
    /// The last activity I logged on the case.
    pub last_activity_on: Option<NaiveDate>,
}

/// A relay that names me as the successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRelay {
    pub case_number: String,
    pub person_name: String,
    pub status: Option<RelayStatus>,
    pub target_date: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub predecessor_name: String,
    pub checklist_done: u32,
    pub checklist_total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOverview {
    pub today: NaiveDate,
    /// Active appointments first.
    pub cases: Vec<MyCaseRow>,
    /// Overdue first, then the next 90 days.
    pub deadlines: OpenDeadlines,
    pub relays: Vec<MyRelay>,
    /// My open requests to the centre, those with an answer to read first.
    pub support: Vec<crate::api::support::SupportRow>,
}

/// Another guardian or supervisor in office on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub kind: Option<GuardianKind>,
    pub role: Option<AppointmentRole>,
    pub organisation: String,
    pub phone: String,
}

/// What a guardian needs about one of their cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyCase {
    pub case_id: Uuid,
    pub case_number: String,
    pub case_type: Option<CaseType>,
    pub court: Option<String>,
    pub office_name: String,
    /// The centre's coordinator in charge.
    pub coordinator: Option<String>,
    /// The person, without the centre's notes.
    pub person: PersonDetail,
    pub role: Option<AppointmentRole>,
    pub mode: Option<ExerciseMode>,
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub team: Vec<TeamMember>,
}

#[server(endpoint = "my/overview")]
pub async fn get_my_overview() -> Result<MyOverview, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, portal, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    portal::overview(&db, clock().now(), &authorized).await.map_err(reject)
}

#[server(endpoint = "my/case")]
pub async fn get_my_case(case_id: Uuid) -> Result<MyCase, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, portal, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    portal::my_case(&db, clock().now(), &authorized, &request_meta(), case_id).await.map_err(reject)
}
