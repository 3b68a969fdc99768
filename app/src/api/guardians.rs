//! The guardian register (後見人バンク): the list, one guardian with their appointments, the
//! register form, and the conflicts recorded between a guardian and a person. The register is
//! the centre's: every coordinator keeps it, managers read it; the cases behind a guardian's
//! appointments show only within the reader's case scope.

// A server function takes its form's fields as arguments (the form works as a plain post).
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::api::cases::Choice;
use crate::domain::appointments::{AppointmentRole, EndReason};
use crate::domain::guardians::{ExpiryWarning, GuardianKind, GuardianStatus, Registration};
use crate::domain::matching::{ConflictKind, Disqualification};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianRow {
    pub id: Uuid,
    pub kind: Option<GuardianKind>,
    pub name: String,
    pub name_kana: String,
    pub district_name: Option<String>,
    pub status: GuardianStatus,
    pub capacity: Option<u32>,
    pub active: u32,
    pub registration_expires_on: Option<NaiveDate>,
    pub expiry_warning: Option<ExpiryWarning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianListPage {
    pub rows: Vec<GuardianRow>,
    pub total: u64,
    pub districts: Vec<Choice>,
    pub can_edit: bool,
}

/// One of a guardian's appointments. The case shows only within the reader's scope; outside
/// it the page says "another office's case".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianAppointmentRow {
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub person_name: Option<String>,
    pub role: Option<AppointmentRole>,
    pub effective_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<EndReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub id: Uuid,
    pub person_id: Uuid,
    /// Empty outside the reader's case scope.
    pub person_name: Option<String>,
    pub kind: Option<ConflictKind>,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
}

/// A register entry's own fields, as its form edits them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianFields {
    pub kind: Option<GuardianKind>,
    pub name: String,
    pub name_kana: String,
    pub registration_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub district_id: Option<Uuid>,
    pub related_person_id: Option<Uuid>,
    pub relation: String,
    pub organisation: String,
    pub association: String,
    pub training_year: Option<i32>,
    pub training_completed_on: Option<NaiveDate>,
    pub registered_on: Option<NaiveDate>,
    pub registration_expires_on: Option<NaiveDate>,
    pub registration: Option<Registration>,
    pub capacity: Option<u32>,
    pub disqualification: Option<Disqualification>,
    pub skills: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianDetail {
    pub id: Uuid,
    pub version: i32,
    pub fields: GuardianFields,
    pub district_name: Option<String>,
    /// The relative's person, when the reader may see them.
    pub related_person_name: Option<String>,
    pub status: GuardianStatus,
    pub active: u32,
    pub expiry_warning: Option<ExpiryWarning>,
    pub appointments: Vec<GuardianAppointmentRow>,
    pub conflicts: Vec<ConflictRow>,
    /// The sign-in of the guardian's own account, when an administrator linked one.
    pub account_login_id: Option<String>,
    pub can_edit: bool,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}

/// What the register form needs besides the entry itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianFormChoices {
    pub districts: Vec<Choice>,
    /// The person a new relative guardian is the relative of (from `?person=`), by name.
    pub related_person: Option<Choice>,
}

/// One page of the register; `query` is the list's URL query string.
#[server(endpoint = "guardians/list")]
pub async fn list_guardians(query: String) -> Result<GuardianListPage, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::guardian_list::GuardianListQuery;
    use crate::server::{auth, clock::clock, database, guardians};
    let authorized = auth::require(Area::Guardians, Access::Read).await?;
    let db = database()?;
    let pairs = crate::api::cases::url_pairs(&query);
    let query = GuardianListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    guardians::list_page(&db, clock().now(), &authorized, &query).await
}

/// A register entry with its appointments and recorded conflicts.
#[server(endpoint = "guardians/get")]
pub async fn get_guardian(id: Uuid) -> Result<GuardianDetail, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, guardians, reject};
    let authorized = auth::require(Area::Guardians, Access::Read).await?;
    let db = database()?;
    guardians::detail(&db, clock().now(), &authorized, id).await.map_err(reject)
}

/// The choices of the register form; `person` names the relative's person for a new entry.
#[server(endpoint = "guardians/form")]
pub async fn guardian_form_options(
    #[server(default)] person: String,
) -> Result<GuardianFormChoices, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, database, guardians};
    let authorized = auth::require(Area::Guardians, Access::Write).await?;
    let db = database()?;
    guardians::form_options(&db, &authorized, &person).await
}

/// Registers a guardian (no `id`) or saves an entry (`id` and `version`) if nobody changed it
/// meanwhile; returns the entry's id.
#[server(endpoint = "guardians/save")]
pub async fn save_guardian(
    #[server(default)] id: String,
    #[server(default)] version: i32,
    kind: String,
    name: String,
    name_kana: String,
    #[server(default)] registration_number: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] address: String,
    #[server(default)] district_id: String,
    #[server(default)] related_person_id: String,
    #[server(default)] relation: String,
    #[server(default)] organisation: String,
    #[server(default)] association: String,
    #[server(default)] training_year: String,
    #[server(default)] training_completed_on: String,
    #[server(default)] registered_on: String,
    #[server(default)] registration_expires_on: String,
    #[server(default)] registration: String,
    #[server(default)] capacity: String,
    #[server(default)] disqualification: String,
    #[server(default)] skills: String,
    #[server(default)] notes: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::guardians::{self, GuardianForm};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Guardians, Access::Write).await?;
    let existing = forms::optional_uuid("id", &id).map_err(reject)?.map(|id| (id, version));
    let form = GuardianForm {
        kind,
        name,
        name_kana,
        registration_number,
        phone,
        email,
        address,
        district_id,
        related_person_id,
        relation,
        organisation,
        association,
        training_year,
        training_completed_on,
        registered_on,
        registration_expires_on,
        registration,
        capacity,
        disqualification,
        skills,
        notes,
    };
    let db = database()?;
    guardians::save(&db, clock().now(), &authorized, &request_meta(), existing, &form)
        .await
        .map_err(reject)
}

/// Records a conflict between a guardian and a person (a lawsuit, a debt, the facility …).
#[server(endpoint = "guardians/conflicts/add")]
pub async fn record_conflict(
    guardian_id: Uuid,
    person_id: Uuid,
    kind: String,
    #[server(default)] note: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, guardians, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    let form = guardians::ConflictForm { guardian_id, person_id, kind, note };
    guardians::record_conflict(&db, clock().now(), &authorized, &request_meta(), form)
        .await
        .map_err(reject)
}

/// Withdraws a recorded conflict (recorded in error, or no longer true); it stays on record.
#[server(endpoint = "guardians/conflicts/withdraw")]
pub async fn withdraw_conflict(id: Uuid) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, guardians, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    guardians::withdraw_conflict(&db, clock().now(), &authorized, &request_meta(), id)
        .await
        .map_err(reject)
}
