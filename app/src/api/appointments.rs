//! A case's appointments and relay plans: the panel on the case page, recording the court's
//! decisions (appointments made and ended), and every step of a relay.

// A server function takes its form's fields as arguments (the form works as a plain post).
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::domain::appointments::{AppointmentRole, Duties, EndReason, ExerciseMode};
use crate::domain::cases::CaseType;
use crate::domain::deadlines::ReportingSettings;
use crate::domain::guardians::GuardianKind;
use crate::domain::relays::{ChecklistItem, RelayStatus};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentRow {
    pub id: Uuid,
    pub guardian_id: Uuid,
    pub guardian_name: String,
    pub guardian_kind: Option<GuardianKind>,
    pub role: Option<AppointmentRole>,
    pub mode: Option<ExerciseMode>,
    pub duties: Duties,
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
    pub end_note: String,
    /// Why the guardian's capacity was exceeded, when it was.
    pub capacity_override_reason: String,
    /// What the office owes the court beyond the rules (see `domain::deadlines`).
    pub reporting: ReportingSettings,
    /// The appointment's version, for the reporting settings' form.
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistRow {
    pub id: Uuid,
    pub item: Option<ChecklistItem>,
    pub label: String,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayRow {
    pub id: Uuid,
    pub version: i32,
    pub status: Option<RelayStatus>,
    pub predecessor_name: String,
    pub successor_name: String,
    /// The successor already holds an appointment on the case (appointed jointly first).
    pub successor_on_case: bool,
    pub planned_on: NaiveDate,
    pub target_date: NaiveDate,
    pub petitioned_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub on_time: Option<bool>,
    pub cancel_reason: String,
    pub notes: String,
    pub checklist: Vec<ChecklistRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentsPanel {
    /// The case's version: a decision recorded from a stale page is a conflict.
    pub case_version: i32,
    pub case_type: Option<CaseType>,
    /// The day the first guardians' office usually begins (the case's 確定日), for the form.
    pub suggested_effective_on: Option<NaiveDate>,
    /// Principals first, each followed by nobody; supervisors after them.
    pub active: Vec<AppointmentRow>,
    /// Ended appointments, latest first: the case's history stays whole.
    pub ended: Vec<AppointmentRow>,
    pub relays: Vec<RelayRow>,
    pub can_edit: bool,
    /// Whether new appointments can be made (not on a closed case).
    pub can_appoint: bool,
}

/// A guardian to choose in a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianChoice {
    pub id: Uuid,
    pub name: String,
    pub name_kana: String,
    pub kind: Option<GuardianKind>,
    pub free: Option<u32>,
}

#[server(endpoint = "appointments/get")]
pub async fn get_appointments(case_id: Uuid) -> Result<AppointmentsPanel, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{appointments, auth, database, reject};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    appointments::panel(&db, &authorized, case_id).await.map_err(reject)
}

/// Register entries whose name or kana contains the text (at most 30), for the pickers.
#[server(endpoint = "guardians/search")]
pub async fn search_guardians(text: String) -> Result<Vec<GuardianChoice>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{appointments, auth, database};
    auth::require(Area::Guardians, Access::Read).await?;
    let db = database()?;
    appointments::search_guardians(&db, &text).await
}

/// Records a court decision appointing one or two guardians (e.g. a professional and a citizen
/// guardian with divided duties).
#[server(endpoint = "appointments/appoint")]
pub async fn appoint(
    case_id: Uuid,
    version: i32,
    mode: String,
    decided_on: String,
    effective_on: String,
    guardian_1: String,
    role_1: String,
    #[server(default)] property_1: Option<String>,
    #[server(default)] personal_1: Option<String>,
    #[server(default)] described_1: String,
    #[server(default)] guardian_2: String,
    #[server(default)] role_2: String,
    #[server(default)] property_2: Option<String>,
    #[server(default)] personal_2: Option<String>,
    #[server(default)] described_2: String,
    #[server(default)] capacity_override_reason: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::appointments::{self, AppointmentSlot};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let slots = [
        AppointmentSlot {
            guardian: guardian_1,
            role: role_1,
            property: property_1.is_some(),
            personal: personal_1.is_some(),
            described: described_1,
        },
        AppointmentSlot {
            guardian: guardian_2,
            role: role_2,
            property: property_2.is_some(),
            personal: personal_2.is_some(),
            described: described_2,
        },
    ];
    let decision = appointments::parse_appointing(
        &mode,
        &decided_on,
        &effective_on,
        &slots,
        &capacity_override_reason,
    )
    .map_err(reject)?;
    let db = database()?;
    appointments::record(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        case_id,
        version,
        decision,
    )
    .await
    .map_err(reject)
}

/// Records the end of an appointment (辞任, 本人死亡 …).
#[server(endpoint = "appointments/end")]
pub async fn end_appointment(
    case_id: Uuid,
    version: i32,
    appointment_id: Uuid,
    ended_on: String,
    end_reason: String,
    #[server(default)] end_note: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        appointments, auth, clock::clock, database, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let decision = appointments::parse_ending(appointment_id, &ended_on, &end_reason, &end_note)
        .map_err(reject)?;
    let db = database()?;
    appointments::record(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        case_id,
        version,
        decision,
    )
    .await
    .map_err(reject)
}

/// Records what the court decided about an appointment's reports (powers over property, a
/// first report date, fee petitions); its deadlines follow in the same transaction.
#[server(endpoint = "appointments/reporting")]
pub async fn set_reporting(
    appointment_id: Uuid,
    version: i32,
    #[server(default)] property_powers: Option<String>,
    #[server(default)] first_report_on: String,
    #[server(default)] fee_petitions: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        appointments, auth, clock::clock, database, forms, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let first_report_on =
        forms::optional_date("first_report_on", &first_report_on).map_err(reject)?;
    let settings = ReportingSettings {
        property_powers: property_powers.is_some(),
        first_report_on,
        fee_petitions: fee_petitions.is_some(),
    };
    let db = database()?;
    appointments::set_reporting(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        appointment_id,
        version,
        settings,
    )
    .await
    .map_err(reject)
}

/// Plans a relay from an active appointment to a successor from the register.
#[server(endpoint = "relays/plan")]
pub async fn plan_relay(
    predecessor_id: Uuid,
    successor_id: String,
    target_date: String,
    #[server(default)] notes: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, reject, relays, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let mut problems = forms::Problems::default();
    let successor = problems.take(forms::optional_uuid("successor_id", &successor_id), None);
    if successor_id.trim().is_empty() {
        problems.add("successor_id", "required");
    }
    let target = problems.take(forms::required_date("target_date", &target_date).map(Some), None);
    problems.into_result().map_err(reject)?;
    let (Some(successor), Some(target)) = (successor, target) else {
        return Err(reject(AppError::Internal));
    };
    let db = database()?;
    let new = relays::NewPlan {
        predecessor_id,
        successor_guardian: successor,
        target_date: target,
        notes,
    };
    relays::plan(&db, clock().now(), &authorized, &request_meta(), new).await.map_err(reject)
}

/// Ticks (done on a day) or unticks an item of a relay's checklist.
#[server(endpoint = "relays/item")]
pub async fn set_relay_item(
    item_id: Uuid,
    version: i32,
    #[server(default)] done_on: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, reject, relays, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let done_on = forms::optional_date("done_on", &done_on).map_err(reject)?;
    let db = database()?;
    relays::set_item(&db, clock().now(), &authorized, &request_meta(), item_id, version, done_on)
        .await
        .map_err(reject)
}

/// Adds an item of the plan's own to its checklist.
#[server(endpoint = "relays/add_item")]
pub async fn add_relay_item(plan_id: Uuid, version: i32, label: String) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, reject, relays, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    relays::add_item(&db, clock().now(), &authorized, &request_meta(), plan_id, version, &label)
        .await
        .map_err(reject)
}

/// Moves a relay plan to 申立済, 引継完了 or 中止.
#[server(endpoint = "relays/move")]
pub async fn move_relay(
    plan_id: Uuid,
    version: i32,
    to: String,
    #[server(default)] cancel_reason: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, reject, relays, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let to = forms::required_category("to", &to).map_err(reject)?;
    let db = database()?;
    relays::move_to(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        (plan_id, version),
        (to, &cancel_reason),
    )
    .await
    .map_err(reject)
}

/// Records the court's decisions on a relay: the predecessor's resignation and the successor's
/// appointment, in one transaction.
#[server(endpoint = "relays/decide")]
pub async fn record_relay_decisions(
    plan_id: Uuid,
    version: i32,
    resignation_on: String,
    #[server(default)] successor_decided_on: String,
    #[server(default)] successor_effective_on: String,
    #[server(default)] capacity_override_reason: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::relays::{self, CourtDecisions};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let mut problems = forms::Problems::default();
    let resignation =
        problems.take(forms::required_date("resignation_on", &resignation_on).map(Some), None);
    let decided =
        problems.take(forms::optional_date("successor_decided_on", &successor_decided_on), None);
    let effective = problems
        .take(forms::optional_date("successor_effective_on", &successor_effective_on), None);
    problems.into_result().map_err(reject)?;
    let Some(resignation_on) = resignation else { return Err(reject(AppError::Internal)) };
    let successor_dates = match (decided, effective) {
        (Some(decided), Some(effective)) => Some((decided, effective)),
        // Notice is usually the decision day: one date given stands for both.
        (Some(day), None) | (None, Some(day)) => Some((day, day)),
        (None, None) => None,
    };
    let db = database()?;
    relays::record_court_decisions(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        plan_id,
        version,
        CourtDecisions { resignation_on, successor_dates, capacity_override_reason },
    )
    .await
    .map_err(reject)
}
