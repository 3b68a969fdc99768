//! Case files: the list, one case with its person and timeline, and the changes a coordinator
//! makes to them. Coordinators work on their office's cases, managers read every case,
//! administrators read none (see `domain::access`).

// A server function takes its form's fields as arguments, so that the form works as a plain
// HTML post before the wasm loads; long forms make long argument lists.
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::api::prerendered::{Prerendered, Prerenders};
use crate::domain::cases::{CaseType, Stage, TerminationReason};
use crate::domain::categories::{
    Condition, Consultant, ConsultationChannel, ConsultationOutcome, ContactKind, DocumentStatus,
    KinshipAnswer, LivingSituation, Motive, OrganisationKind, PetitionDocument, Petitioner,
    RightsViolation, Sex,
};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Something to choose in a form or a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseListRow {
    pub id: Uuid,
    pub case_number: String,
    pub case_type: Option<CaseType>,
    pub stage: Option<Stage>,
    pub person_name: String,
    pub person_kana: String,
    pub office_name: String,
    pub coordinator_name: Option<String>,
    pub district_name: Option<String>,
    pub opened_on: NaiveDate,
    pub updated_at: DateTime<Utc>,
    /// Whether the user may change this case (their own office's, not closed).
    pub editable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseListPage {
    pub rows: Vec<CaseListRow>,
    /// Cases matching the filters, on every page.
    pub total: u64,
    pub coordinators: Vec<Choice>,
    pub offices: Vec<Choice>,
    pub districts: Vec<Choice>,
    /// Whether the user may change cases (shows the reassignment controls).
    pub can_edit: bool,
    /// The rows' HTML and the hydration data, once written from this page (the read cache
    /// keeps the page, and every request for it shares them).
    #[serde(skip)]
    pub prerendered: Prerendered,
}

impl Prerenders for CaseListPage {
    fn prerendered(&self) -> &Prerendered {
        &self.prerendered
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRow {
    pub id: Uuid,
    pub kind: Option<ContactKind>,
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub organisation: Option<String>,
    pub organisation_kind: Option<OrganisationKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetail {
    pub id: Uuid,
    pub version: i32,
    pub name: String,
    pub name_kana: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    pub district_id: Option<Uuid>,
    pub district_name: Option<String>,
    pub living_situation: Option<LivingSituation>,
    pub condition: Option<Condition>,
    pub notes: String,
    pub contacts: Vec<ContactRow>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}

/// What happened on a case, newest first on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineKind {
    Opened,
    /// Brought in (or updated) from a ledger; the entry's comment is the file's name.
    Imported,
    StageMoved {
        from: Option<Stage>,
        to: Option<Stage>,
    },
    Reassigned {
        to: Option<String>,
    },
    Consultation {
        channel: Option<ConsultationChannel>,
        consultant: Option<Consultant>,
        summary: String,
        flags: Vec<RightsViolation>,
        outcome: Option<ConsultationOutcome>,
    },
    /// An appointment recorded, with the dates of the court's decision.
    Appointed {
        guardian: String,
        role: Option<crate::domain::appointments::AppointmentRole>,
        decided_on: NaiveDate,
        effective_on: NaiveDate,
    },
    AppointmentEnded {
        guardian: String,
        role: Option<crate::domain::appointments::AppointmentRole>,
        ended_on: NaiveDate,
        reason: Option<crate::domain::appointments::EndReason>,
    },
    /// A relay plan made or moved (to this status).
    Relay {
        status: Option<crate::domain::relays::RelayStatus>,
    },
    /// A matching conference's decision; the comment is its reason.
    Matching {
        meeting_on: NaiveDate,
        chosen: Option<String>,
    },
    /// A visit, call, meeting or decision-support record; the comment is its notes.
    Activity {
        kind: Option<crate::domain::activities::ActivityKind>,
        occurred_on: NaiveDate,
        by_guardian: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub kind: TimelineKind,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRow {
    pub document: PetitionDocument,
    pub prepared_by: String,
    pub status: DocumentStatus,
    pub note: String,
    /// 0 while the document has no row yet.
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KinshipRow {
    pub name: String,
    pub relation: String,
    pub contacted_on: Option<NaiveDate>,
    pub answer: Option<KinshipAnswer>,
    pub note: String,
}

/// The petition data and the rest of a case's own fields, as its form edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFields {
    pub case_type: Option<CaseType>,
    pub coordinator_id: Option<Uuid>,
    pub petitioner: Option<Petitioner>,
    pub motives: Vec<Motive>,
    pub family_court_id: Option<Uuid>,
    pub petition_date: Option<NaiveDate>,
    pub decision_date: Option<NaiveDate>,
    pub final_date: Option<NaiveDate>,
    pub contract_date: Option<NaiveDate>,
    pub notary_office: String,
    pub mandatary_name: String,
    pub check_in_interval_months: Option<i32>,
    pub last_check_in_on: Option<NaiveDate>,
    pub supervisor_appointed_on: Option<NaiveDate>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    pub id: Uuid,
    pub case_number: String,
    pub version: i32,
    pub stage: Option<Stage>,
    pub office_name: String,
    pub coordinator_name: Option<String>,
    pub family_court_name: Option<String>,
    pub opened_on: NaiveDate,
    pub termination_reason: Option<TerminationReason>,
    pub termination_date: Option<NaiveDate>,
    pub fields: CaseFields,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
    pub person: PersonDetail,
    pub timeline: Vec<TimelineEntry>,
    pub documents: Vec<DocumentRow>,
    pub kinship: Vec<KinshipRow>,
    /// The stages the case may move to now.
    pub moves: Vec<Stage>,
    pub can_edit: bool,
    pub coordinators: Vec<Choice>,
    pub family_courts: Vec<Choice>,
    pub districts: Vec<Choice>,
}

/// One page of the case list; `query` is the list's URL query string.
#[server(endpoint = "cases/list")]
pub async fn list_cases(query: String) -> Result<CaseListPage, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::domain::case_list::CaseListQuery;
    use crate::server::{auth, case_files, database};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    let pairs: Vec<(String, String)> = url_pairs(&query);
    let query = CaseListQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    case_files::list_page(&db, &authorized, &query).await
}

/// A case file; opening it is written to the audit trail.
#[server(endpoint = "cases/get")]
pub async fn get_case(id: Uuid) -> Result<CaseDetail, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    case_files::detail(&db, clock().now(), &authorized, &request_meta(), id).await.map_err(reject)
}

/// Saves the case's petition data and other fields if nobody changed the case meanwhile.
#[server(endpoint = "cases/update")]
pub async fn update_case(
    id: Uuid,
    version: i32,
    case_type: String,
    coordinator_id: String,
    petitioner: String,
    #[server(default)] motives: Vec<String>,
    family_court_id: String,
    petition_date: String,
    decision_date: String,
    final_date: String,
    #[server(default)] contract_date: String,
    #[server(default)] notary_office: String,
    #[server(default)] mandatary_name: String,
    #[server(default)] check_in_interval_months: String,
    #[server(default)] last_check_in_on: String,
    #[server(default)] supervisor_appointed_on: String,
    #[server(default)] notes: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::forms::{CaseForm, parse_case_fields};
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let form = CaseForm {
        case_type,
        coordinator_id,
        petitioner,
        motives,
        family_court_id,
        petition_date,
        decision_date,
        final_date,
        contract_date,
        notary_office,
        mandatary_name,
        check_in_interval_months,
        last_check_in_on,
        supervisor_appointed_on,
        notes,
    };
    let fields = parse_case_fields(&form).map_err(reject)?;
    let db = database()?;
    case_files::update(&db, clock().now(), &authorized, &request_meta(), id, version, fields)
        .await
        .map_err(reject)
}

/// Moves a case to another stage, if the workflow rules allow it; the refusal names the rule.
#[server(endpoint = "cases/move")]
pub async fn move_case(
    id: Uuid,
    version: i32,
    to: String,
    #[server(default)] comment: String,
    #[server(default)] termination_reason: String,
    #[server(default)] termination_date: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::forms::{optional_category, optional_date};
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let to = Stage::parse(&to).ok_or_else(|| reject(AppError::field("to", "required")))?;
    let reason = optional_category::<TerminationReason>("termination_reason", &termination_reason)
        .map_err(reject)?;
    let date = optional_date("termination_date", &termination_date).map_err(reject)?;
    let db = database()?;
    let meta = request_meta();
    let change =
        case_files::StageChange { to, comment, termination_reason: reason, termination_date: date };
    case_files::move_stage(&db, clock().now(), &authorized, &meta, id, version, change)
        .await
        .map_err(reject)
}

/// Hands cases to another coordinator (or to nobody): one case or many at once (leave cover).
#[server(endpoint = "cases/reassign")]
pub async fn reassign_cases(
    #[server(default)] case_ids: Vec<Uuid>,
    coordinator_id: String,
) -> Result<u64, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let coordinator =
        crate::server::forms::optional_uuid("coordinator_id", &coordinator_id).map_err(reject)?;
    if case_ids.is_empty() {
        return Err(reject(AppError::field("case_ids", "required")));
    }
    // One statement binds every id; a page holds 50, leave cover a few hundred.
    if case_ids.len() > 500 {
        return Err(reject(AppError::field("case_ids", "too_many")));
    }
    let db = database()?;
    case_files::reassign(&db, clock().now(), &authorized, &request_meta(), &case_ids, coordinator)
        .await
        .map_err(reject)
}

/// Records who prepares a petition document and how far it is.
#[server(endpoint = "cases/documents/save")]
pub async fn save_petition_document(
    case_id: Uuid,
    document: String,
    version: i32,
    #[server(default)] prepared_by: String,
    status: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let document = PetitionDocument::parse(&document)
        .ok_or_else(|| reject(AppError::field("document", "required")))?;
    let status = DocumentStatus::parse(&status)
        .ok_or_else(|| reject(AppError::field("status", "required")))?;
    let db = database()?;
    let entry = case_files::DocumentEntry { document, prepared_by, status, note };
    case_files::save_document(
        &db,
        clock().now(),
        &authorized,
        &request_meta(),
        case_id,
        version,
        entry,
    )
    .await
    .map_err(reject)
}

/// Adds a relative found by the kinship survey of a mayor's petition.
#[server(endpoint = "cases/kinship/add")]
pub async fn add_kinship_entry(
    case_id: Uuid,
    name: String,
    relation: String,
    #[server(default)] contacted_on: String,
    answer: String,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::forms::optional_date;
    use crate::server::{auth, case_files, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let answer = KinshipAnswer::parse(&answer)
        .ok_or_else(|| reject(AppError::field("answer", "required")))?;
    let contacted_on = optional_date("contacted_on", &contacted_on).map_err(reject)?;
    let db = database()?;
    let entry = case_files::KinshipEntry { name, relation, contacted_on, answer, note };
    case_files::add_kinship(&db, clock().now(), &authorized, &request_meta(), case_id, entry)
        .await
        .map_err(reject)
}

/// The pairs of a URL query string, decoded.
pub fn url_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        percent_decode(&text)
    };
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// `%XX` escapes to their UTF-8 text; malformed escapes are kept as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_pairs_decode_japanese_text_and_plus_signs() {
        let pairs = url_pairs("?q=%E5%B1%B1%E7%94%B0+%E5%A4%AA&stage=assessment&empty=");
        assert_eq!(pairs[0], ("q".to_owned(), "山田 太".to_owned()));
        assert_eq!(pairs[1], ("stage".to_owned(), "assessment".to_owned()));
        assert_eq!(pairs[2], ("empty".to_owned(), String::new()));
        assert_eq!(url_pairs("q=%ZZ%"), vec![("q".to_owned(), "%ZZ%".to_owned())]);
    }
}
