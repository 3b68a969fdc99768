//! Intake consultations and persons: recording a consultation (which may open a case), the
//! centre's consultation log, finding, editing and merging person records.

// A server function takes its form's fields as arguments, so that the form works as a plain
// HTML post before the wasm loads; long forms make long argument lists.
#![allow(clippy::too_many_arguments)]

use crate::api::AppError;
use crate::api::cases::Choice;
use crate::domain::categories::{
    Consultant, ConsultationChannel, ConsultationOutcome, RightsViolation, Urgency,
};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedConsultation {
    pub consultation_id: Uuid,
    pub case_id: Option<Uuid>,
    pub case_opened: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationLogRow {
    pub id: Uuid,
    pub received_at: DateTime<Utc>,
    pub channel: Option<ConsultationChannel>,
    pub consultant: Option<Consultant>,
    pub urgency: Option<Urgency>,
    pub person_id: Option<Uuid>,
    pub person_name: Option<String>,
    pub summary: String,
    pub flags: Vec<RightsViolation>,
    pub abuse_reported_on: Option<NaiveDate>,
    pub outcome: Option<ConsultationOutcome>,
    pub case_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationLog {
    pub rows: Vec<ConsultationLogRow>,
    pub total: u64,
}

/// A person a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMatch {
    pub id: Uuid,
    pub name: String,
    pub name_kana: String,
    pub date_of_birth: Option<NaiveDate>,
}

/// Rows per page of the consultation log.
pub const LOG_PAGE_SIZE: u64 = 50;

/// What the intake form offers to choose from.
#[server(endpoint = "intake/options")]
pub async fn intake_options() -> Result<Vec<Choice>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, case_files, database};
    auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    case_files::district_choices(&db).await
}

/// Records an intake consultation. "Support started" opens a case for the person, or joins
/// the person's open case.
#[server(endpoint = "intake/record")]
pub async fn record_consultation(
    received_at: String,
    channel: String,
    consultant: String,
    summary: String,
    urgency: String,
    #[server(default)] flags: Vec<String>,
    #[server(default)] abuse_reported: bool,
    #[server(default)] abuse_reported_on: String,
    #[server(default)] abuse_response: String,
    outcome: String,
    person_mode: String,
    #[server(default)] person_id: String,
    #[server(default)] name: String,
    #[server(default)] name_kana: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] sex: String,
    #[server(default)] district_id: String,
    #[server(default)] living_situation: String,
    #[server(default)] condition: String,
    #[server(default)] case_type: String,
) -> Result<RecordedConsultation, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::intake::{self, ConsultationInput, PersonChoice};
    use crate::server::persons::{PersonForm, parse_person};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let now = clock().now();
    let mut problems = forms::Problems::default();
    let form = FactsForm {
        received_at,
        channel,
        consultant,
        summary,
        urgency,
        flags,
        abuse_reported,
        abuse_reported_on,
        abuse_response,
    };
    let facts = parse_facts(&mut problems, form);
    let outcome = problems.take(forms::required_category("outcome", &outcome).map(Some), None);
    let case_type = problems.take(forms::optional_category("case_type", &case_type), None);
    let person = match person_mode.as_str() {
        "known" => match forms::optional_uuid("person_id", &person_id) {
            Ok(Some(id)) => PersonChoice::Known(id),
            _ => {
                problems.add("person_id", "required");
                PersonChoice::Anonymous
            }
        },
        "new" => {
            let form = PersonForm {
                name,
                name_kana,
                date_of_birth,
                sex,
                district_id,
                living_situation,
                condition,
                notes: String::new(),
            };
            let today = crate::domain::dates::japan_date(now);
            match parse_person(&form, today) {
                Ok(fields) => PersonChoice::New(fields),
                Err(error) => {
                    problems.take::<()>(Err(error), ());
                    PersonChoice::Anonymous
                }
            }
        }
        _ => PersonChoice::Anonymous,
    };
    problems.into_result().map_err(reject)?;
    let (Some(facts), Some(outcome)) = (facts, outcome) else {
        return Err(reject(AppError::Validation(Vec::new())));
    };
    let input = ConsultationInput { facts, outcome, person, case_type };
    let db = database()?;
    let recorded =
        intake::record(&db, now, &authorized, &request_meta(), input).await.map_err(reject)?;
    Ok(RecordedConsultation {
        consultation_id: recorded.consultation_id,
        case_id: recorded.case_id,
        case_opened: recorded.case_opened,
    })
}

/// The facts of a consultation as its form posts them.
#[cfg(feature = "ssr")]
struct FactsForm {
    received_at: String,
    channel: String,
    consultant: String,
    summary: String,
    urgency: String,
    flags: Vec<String>,
    abuse_reported: bool,
    abuse_reported_on: String,
    abuse_response: String,
}

/// The facts, or `None` with the problems noted.
#[cfg(feature = "ssr")]
fn parse_facts(
    problems: &mut crate::server::forms::Problems,
    form: FactsForm,
) -> Option<crate::server::intake::ConsultationFacts> {
    use crate::server::forms;
    let received_at =
        problems.take(parse_local_time("received_at", &form.received_at).map(Some), None);
    let channel = problems.take(forms::required_category("channel", &form.channel).map(Some), None);
    let consultant =
        problems.take(forms::required_category("consultant", &form.consultant).map(Some), None);
    let urgency = problems.take(forms::required_category("urgency", &form.urgency).map(Some), None);
    let abuse_reported_on =
        problems.take(forms::optional_date("abuse_reported_on", &form.abuse_reported_on), None);
    let flags: Vec<RightsViolation> =
        form.flags.iter().filter_map(|code| RightsViolation::parse(code)).collect();
    Some(crate::server::intake::ConsultationFacts {
        received_at: received_at?,
        channel: channel?,
        consultant: consultant?,
        summary: form.summary,
        urgency: urgency?,
        flags,
        abuse_reported: form.abuse_reported,
        abuse_reported_on,
        abuse_response: form.abuse_response,
    })
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`), read as Japan time.
#[cfg(feature = "ssr")]
fn parse_local_time(field: &str, text: &str) -> Result<DateTime<Utc>, AppError> {
    let local = chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| AppError::field(field, "date_format"))?;
    local
        .and_local_timezone(crate::domain::dates::japan_offset())
        .single()
        .map(|time| time.with_timezone(&Utc))
        .ok_or_else(|| AppError::field(field, "date_format"))
}

/// The centre's consultation log, newest first; `page` counts from 1.
#[server(endpoint = "intake/log")]
pub async fn list_consultations(page: u64, flag: String) -> Result<ConsultationLog, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::case_scope::CaseScope;
    use crate::server::{auth, database, intake, timeline::flags_of};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    let scope = CaseScope::of(&db, &authorized, Access::Read).await?;
    let flag = RightsViolation::parse(&flag);
    // Far past the end is empty; the cap keeps page × size from overflowing.
    let page = page.clamp(1, 1 << 30);
    let (rows, total) = intake::log_page(&db, scope, flag, page - 1, LOG_PAGE_SIZE).await?;
    // The log shows what was said about up to 50 persons: one audit row names them all.
    let persons: Vec<Uuid> =
        rows.iter().filter_map(|(_, person)| person.as_ref().map(|p| p.id)).collect();
    if !persons.is_empty() {
        crate::server::audit::AuditEvent::new(crate::domain::audit::AuditAction::CaseFileRead)
            .by(&authorized.actor)
            .details(serde_json::json!({ "view": "consultation_log", "persons": persons }))
            .write(
                &db,
                crate::server::clock::clock().now(),
                &crate::server::request::request_meta(),
            )
            .await?;
    }
    Ok(ConsultationLog {
        rows: rows
            .into_iter()
            .map(|(row, person)| ConsultationLogRow {
                id: row.id,
                received_at: row.received_at,
                channel: ConsultationChannel::parse(&row.channel),
                consultant: Consultant::parse(&row.consultant),
                urgency: Urgency::parse(&row.urgency),
                person_id: person.as_ref().map(|person| person.id),
                person_name: person.map(|person| person.name),
                flags: flags_of(&row),
                abuse_reported_on: row.abuse_reported_on,
                outcome: ConsultationOutcome::parse(&row.outcome),
                case_id: row.case_id,
                summary: row.summary,
            })
            .collect(),
        total,
    })
}

/// Persons whose name or kana contains the text (kanji or kana, any width), among those the
/// caller may link a consultation to or merge: the same scope as those changes.
#[server(endpoint = "persons/search")]
pub async fn search_persons(text: String) -> Result<Vec<PersonMatch>, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::case_scope::CaseScope;
    use crate::server::{auth, database, persons};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    let scope = CaseScope::of(&db, &authorized, Access::Write).await?;
    Ok(persons::search(&db, scope, &text)
        .await?
        .into_iter()
        .map(|found| PersonMatch {
            id: found.id,
            name: found.name,
            name_kana: found.name_kana,
            date_of_birth: found.date_of_birth,
        })
        .collect())
}

/// Saves a person's record if nobody changed it meanwhile; returns the new version.
#[server(endpoint = "persons/update")]
pub async fn update_person(
    id: Uuid,
    version: i32,
    name: String,
    name_kana: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] sex: String,
    #[server(default)] district_id: String,
    #[server(default)] living_situation: String,
    #[server(default)] condition: String,
    #[server(default)] notes: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::persons::{self, PersonForm, parse_person};
    use crate::server::{auth, clock::clock, database, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let now = clock().now();
    let form = PersonForm {
        name,
        name_kana,
        date_of_birth,
        sex,
        district_id,
        living_situation,
        condition,
        notes,
    };
    let fields = parse_person(&form, crate::domain::dates::japan_date(now)).map_err(reject)?;
    let db = database()?;
    persons::update(&db, now, &authorized, &request_meta(), id, version, fields)
        .await
        .map_err(reject)
}

/// Adds a relative, care manager, facility or doctor to the team around a person.
#[server(endpoint = "persons/contacts/add")]
pub async fn add_contact(
    person_id: Uuid,
    kind: String,
    name: String,
    #[server(default)] relation: String,
    #[server(default)] phone: String,
    #[server(default)] organisation_id: String,
) -> Result<Uuid, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::persons::{self, NewContact};
    use crate::server::{auth, clock::clock, database, forms, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let kind = forms::required_category("kind", &kind).map_err(reject)?;
    let organisation_id =
        forms::optional_uuid("organisation_id", &organisation_id).map_err(reject)?;
    let db = database()?;
    let contact = NewContact { kind, name, relation, phone, organisation_id };
    persons::add_contact(&db, clock().now(), &authorized, &request_meta(), person_id, contact)
        .await
        .map_err(reject)
}

#[server(endpoint = "persons/contacts/remove")]
pub async fn remove_contact(id: Uuid) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, persons, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    persons::remove_contact(&db, clock().now(), &authorized, &request_meta(), id)
        .await
        .map_err(reject)
}

/// Merges a duplicate person record into the one to keep; every linked record moves over.
#[server(endpoint = "persons/merge")]
pub async fn merge_persons(duplicate_id: Uuid, keep_id: Uuid) -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, persons, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let db = database()?;
    persons::merge(&db, clock().now(), &authorized, &request_meta(), duplicate_id, keep_id)
        .await
        .map_err(reject)
}

/// A consultation as its edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationDetail {
    pub id: Uuid,
    pub version: i32,
    /// `YYYY-MM-DDTHH:MM` in Japan time, for the `datetime-local` input.
    pub received_at_local: String,
    pub channel: Option<ConsultationChannel>,
    pub consultant: Option<Consultant>,
    pub summary: String,
    pub urgency: Option<Urgency>,
    pub flags: Vec<RightsViolation>,
    pub abuse_reported: bool,
    pub abuse_reported_on: Option<NaiveDate>,
    pub abuse_response: String,
    pub outcome: Option<ConsultationOutcome>,
    pub person_name: Option<String>,
    pub case_id: Option<Uuid>,
    pub can_edit: bool,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}

/// One consultation; a consultation about a person is part of their case file (audited).
#[server(endpoint = "intake/get")]
pub async fn get_consultation(id: Uuid) -> Result<ConsultationDetail, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::audit::record_case_file_read;
    use crate::server::case_scope::CaseScope;
    use crate::server::{
        auth, clock::clock, database, intake, reject, request::request_meta, timeline::flags_of,
    };
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    let scope = CaseScope::of(&db, &authorized, Access::Read).await?;
    let (row, person) = intake::find(&db, scope, id).await.map_err(reject)?;
    if let Some(person) = &person {
        record_case_file_read(
            &db,
            clock().now(),
            &authorized.actor,
            &request_meta(),
            person.id,
            "consultation",
        )
        .await?;
    }
    let can_edit = CaseScope::of(&db, &authorized, Access::Write).await?.covers(row.office_id);
    let updated_by = match row.updated_by {
        Some(user) => crate::server::case_files::user_names(&db, [Some(user)]).await?.remove(&user),
        None => None,
    };
    Ok(ConsultationDetail {
        updated_at: row.updated_at,
        updated_by,
        id: row.id,
        version: row.version,
        received_at_local: row
            .received_at
            .with_timezone(&crate::domain::dates::japan_offset())
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        channel: ConsultationChannel::parse(&row.channel),
        consultant: Consultant::parse(&row.consultant),
        urgency: Urgency::parse(&row.urgency),
        flags: flags_of(&row),
        abuse_reported: row.abuse_reported,
        abuse_reported_on: row.abuse_reported_on,
        outcome: ConsultationOutcome::parse(&row.outcome),
        person_name: person.map(|person| person.name),
        case_id: row.case_id,
        summary: row.summary,
        abuse_response: row.abuse_response,
        can_edit,
    })
}

/// Corrects what a consultation records, if nobody changed it meanwhile; the new version.
#[server(endpoint = "intake/update")]
pub async fn update_consultation(
    id: Uuid,
    version: i32,
    received_at: String,
    channel: String,
    consultant: String,
    summary: String,
    urgency: String,
    #[server(default)] flags: Vec<String>,
    #[server(default)] abuse_reported: bool,
    #[server(default)] abuse_reported_on: String,
    #[server(default)] abuse_response: String,
) -> Result<i32, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{
        auth, clock::clock, database, forms, intake, reject, request::request_meta,
    };
    let authorized = auth::require(Area::Cases, Access::Write).await?;
    let now = clock().now();
    let mut problems = forms::Problems::default();
    let form = FactsForm {
        received_at,
        channel,
        consultant,
        summary,
        urgency,
        flags,
        abuse_reported,
        abuse_reported_on,
        abuse_response,
    };
    let facts = parse_facts(&mut problems, form);
    problems.into_result().map_err(reject)?;
    let facts = facts.ok_or_else(|| reject(AppError::Validation(Vec::new())))?;
    let db = database()?;
    intake::update(&db, now, &authorized, &request_meta(), id, version, facts).await.map_err(reject)
}

/// One of a person's cases, for their page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCase {
    pub id: Uuid,
    pub case_number: String,
    pub stage: Option<crate::domain::cases::Stage>,
}

/// A person's own page: the record and team, whether the user may change them, their cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPage {
    pub person: crate::api::cases::PersonDetail,
    pub can_edit: bool,
    pub districts: Vec<Choice>,
    pub cases: Vec<PersonCase>,
}

/// A person's record, also when no case was ever opened (an information-only consultation);
/// opening it is written to the audit trail.
#[server(endpoint = "persons/get")]
pub async fn get_person(id: Uuid) -> Result<PersonPage, AppError> {
    use crate::domain::access::{Access, Area};
    use crate::server::{auth, clock::clock, database, persons, reject, request::request_meta};
    let authorized = auth::require(Area::Cases, Access::Read).await?;
    let db = database()?;
    persons::page(&db, clock().now(), &authorized, &request_meta(), id).await.map_err(reject)
}
