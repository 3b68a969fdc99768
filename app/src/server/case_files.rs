//! Cases: reading a case file, changing it under the workflow rules, handing it over. Every
//! change checks the version it was based on, and writes its timeline event and audit row in
//! the same transaction.

use crate::api::AppError;
use crate::api::cases::{
    CaseDetail, CaseFields, CaseListPage, CaseListRow, Choice, DocumentRow, KinshipRow,
};
use crate::api::prerendered::Prerendered;
use crate::domain::access::{Access, Role, may_lead_case};
use crate::domain::audit::AuditAction;
use crate::domain::case_list::CaseListQuery;
use crate::domain::cases::{
    CaseDates, CaseState, CaseType, ContractDates, Refusal, Stage, TerminationReason,
    allowed_moves, case_number, case_number_sequence, check_contract_dates, check_move,
    check_state, motives_from_text, motives_to_text,
};
use crate::domain::categories::{DocumentStatus, KinshipAnswer, PetitionDocument, Petitioner};
use crate::domain::dates::japan_date;
use crate::server::audit::{AuditEvent, record_case_file_read};
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    case, case_event, district, family_court, kinship_entry, office, petition_document, user,
};
use crate::server::read_cache::read_cache;
use crate::server::request::RequestMeta;
use crate::server::{case_list, forms, persons, timeline};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// One page of the case list with the choices its filters offer.
pub async fn list_page(
    db: &DatabaseConnection,
    authorized: &Authorized,
    query: &CaseListQuery,
) -> Result<CaseListPage, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let write_scope = CaseScope::of(db, authorized, Access::Write).await?;
    let read = || read_list_page(db, scope, write_scope, query);
    read_cache().case_list(db, scope, write_scope, query, read).await
}

async fn read_list_page(
    db: &DatabaseConnection,
    scope: CaseScope,
    write_scope: CaseScope,
    query: &CaseListQuery,
) -> Result<CaseListPage, AppError> {
    let (entries, total) = case_list::list(db, scope, query).await?;
    let rows = entries
        .into_iter()
        .map(|entry| CaseListRow {
            id: entry.id,
            case_number: entry.case_number,
            case_type: CaseType::parse(&entry.case_type),
            stage: Stage::parse(&entry.stage),
            person_name: entry.person_name,
            person_kana: entry.person_kana,
            office_name: entry.office_name,
            coordinator_name: entry.coordinator_name,
            district_name: entry.district_name,
            opened_on: entry.opened_on,
            updated_at: entry.updated_at,
            editable: write_scope.covers(entry.office_id) && entry.stage != Stage::Closed.code(),
        })
        .collect();
    let filters = case_list::filter_choices(db, scope).await?;
    Ok(CaseListPage {
        rows,
        total,
        coordinators: choices(filters.coordinators),
        offices: choices(filters.offices),
        districts: choices(filters.districts),
        can_edit: write_scope != CaseScope::Nothing,
        prerendered: Prerendered::default(),
    })
}

fn choices(pairs: Vec<(Uuid, String)>) -> Vec<Choice> {
    pairs.into_iter().map(|(id, name)| Choice { id, name }).collect()
}

pub async fn district_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    Ok(district::Entity::find()
        .filter(district::Column::Active.eq(true))
        .order_by_asc(district::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|district| Choice { id: district.id, name: district.name })
        .collect())
}

/// Family courts as "court" and "court branch", main courts first.
async fn court_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    let courts = family_court::Entity::find()
        .filter(family_court::Column::Active.eq(true))
        .order_by_asc(family_court::Column::SortOrder)
        .order_by_asc(family_court::Column::Name)
        .all(db)
        .await?;
    Ok(courts.into_iter().map(|court| Choice { id: court.id, name: court.name }).collect())
}

/// The case if it exists within the scope; `NotFound` otherwise (never "forbidden": the
/// answer must not reveal that a case exists elsewhere).
pub async fn find_in_scope(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    id: Uuid,
) -> Result<case::Model, AppError> {
    case::Entity::find_by_id(id)
        .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A case file as its page shows it; the read is audited.
pub async fn detail(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
) -> Result<CaseDetail, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let case = find_in_scope(db, scope, id).await?;
    let can_edit = CaseScope::of(db, authorized, Access::Write).await?.covers(case.office_id)
        && case.stage != Stage::Closed.code();
    let person = persons::detail(db, case.person_id, japan_date(now)).await?;
    let timeline = timeline::for_case(db, &case).await?;
    let documents = documents(db, case.id).await?;
    let kinship = kinship_entry::Entity::find()
        .filter(kinship_entry::Column::CaseId.eq(case.id))
        .order_by_asc(kinship_entry::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|entry| KinshipRow {
            name: entry.name,
            relation: entry.relation,
            contacted_on: entry.contacted_on,
            answer: KinshipAnswer::parse(&entry.answer),
            note: entry.note,
        })
        .collect();
    let names = user_names(db, [case.coordinator_id, case.updated_by]).await?;
    let office_name = office::Entity::find_by_id(case.office_id)
        .one(db)
        .await?
        .map(|office| office.name)
        .unwrap_or_default();
    let family_court_name = match case.family_court_id {
        Some(court) => family_court::Entity::find_by_id(court).one(db).await?.map(|c| c.name),
        None => None,
    };
    let stage = Stage::parse(&case.stage);
    record_case_file_read(db, now, &authorized.actor, meta, case.person_id, "case").await?;
    let office_scope = CaseScope::Office(case.office_id);
    Ok(CaseDetail {
        id: case.id,
        case_number: case.case_number.clone(),
        version: case.version,
        stage,
        office_name,
        coordinator_name: case.coordinator_id.and_then(|id| names.get(&id).cloned()),
        family_court_name,
        opened_on: case.opened_on,
        termination_reason: case.termination_reason.as_deref().and_then(TerminationReason::parse),
        termination_date: case.termination_date,
        updated_at: case.updated_at,
        updated_by: case.updated_by.and_then(|id| names.get(&id).cloned()),
        fields: fields_of(&case),
        person,
        timeline,
        documents,
        kinship,
        moves: stage.map(allowed_moves).unwrap_or_default(),
        can_edit,
        coordinators: if can_edit {
            choices(case_list::coordinators(db, office_scope).await?)
        } else {
            Vec::new()
        },
        family_courts: court_choices(db).await?,
        districts: district_choices(db).await?,
    })
}

fn fields_of(case: &case::Model) -> CaseFields {
    CaseFields {
        case_type: CaseType::parse(&case.case_type),
        coordinator_id: case.coordinator_id,
        petitioner: case.petitioner.as_deref().and_then(Petitioner::parse),
        motives: motives_from_text(&case.motives),
        family_court_id: case.family_court_id,
        petition_date: case.petition_date,
        decision_date: case.decision_date,
        final_date: case.final_date,
        contract_date: case.contract_date,
        notary_office: case.notary_office.clone(),
        mandatary_name: case.mandatary_name.clone(),
        check_in_interval_months: case.check_in_interval_months,
        last_check_in_on: case.last_check_in_on,
        supervisor_appointed_on: case.supervisor_appointed_on,
        notes: case.notes.clone(),
    }
}

/// Display names of users, by id.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Option<Uuid>>,
) -> Result<HashMap<Uuid, String>, AppError> {
    // Each id once: a timeline names the same few people many times, and a shorter, steadier
    // IN list keeps the statement in the connection's cache of prepared statements.
    let ids: std::collections::BTreeSet<Uuid> = ids.into_iter().flatten().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The checklist: every document of the category, with what has been recorded for it.
async fn documents(db: &impl ConnectionTrait, case_id: Uuid) -> Result<Vec<DocumentRow>, AppError> {
    let recorded: HashMap<String, petition_document::Model> = petition_document::Entity::find()
        .filter(petition_document::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.document.clone(), row))
        .collect();
    Ok(PetitionDocument::ALL
        .iter()
        .map(|document| match recorded.get(document.code()) {
            Some(row) => DocumentRow {
                document: *document,
                prepared_by: row.prepared_by.clone(),
                status: DocumentStatus::parse(&row.status).unwrap_or(DocumentStatus::NotStarted),
                note: row.note.clone(),
                version: row.version,
            },
            None => DocumentRow {
                document: *document,
                prepared_by: String::new(),
                status: DocumentStatus::NotStarted,
                note: String::new(),
                version: 0,
            },
        })
        .collect())
}

fn state_of(case: &case::Model) -> Option<CaseState> {
    Some(CaseState {
        stage: Stage::parse(&case.stage)?,
        dates: CaseDates {
            petition: case.petition_date,
            decision: case.decision_date,
            final_date: case.final_date,
            termination: case.termination_date,
        },
        termination_reason: case.termination_reason.as_deref().and_then(TerminationReason::parse),
    })
}

/// The field a workflow refusal belongs to, so the form shows it in place.
fn refusal_field(refusal: crate::domain::cases::Refusal) -> &'static str {
    use crate::domain::cases::Refusal;
    match refusal {
        Refusal::PetitionDateRequired => "petition_date",
        Refusal::DecisionDateRequired => "decision_date",
        Refusal::FinalDateRequired => "final_date",
        Refusal::TerminationReasonRequired | Refusal::ReasonDoesNotFit => "termination_reason",
        Refusal::TerminationDateRequired => "termination_date",
        Refusal::DatesOutOfOrder | Refusal::FutureDate => "dates",
        Refusal::NoChange | Refusal::NotAllowed { .. } | Refusal::AlreadyClosed => "to",
    }
}

fn refused(refusal: crate::domain::cases::Refusal) -> AppError {
    AppError::field(refusal_field(refusal), refusal.code())
}

/// The case a user may add records to that outlast the case (documents, after-death
/// affairs): for centre staff a case in their write scope (also after it closed: the
/// settlement and the after-death papers come then), for a guardian a case they were appointed
/// to (also after the appointment ended, for the same reason).
pub(crate) async fn case_for_records(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<case::Model, AppError> {
    if let Some(guardian) = crate::server::own_cases::guardian_of(authorized) {
        crate::server::own_cases::appointment_on(db, guardian, case_id).await?;
        return case::Entity::find_by_id(case_id).one(db).await?.ok_or(AppError::NotFound);
    }
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    match find_in_scope(db, scope, case_id).await {
        Err(AppError::NotFound) => {
            // Readable but not writable: another office's case under the "read all" setting.
            let read = CaseScope::of(db, authorized, Access::Read).await?;
            find_in_scope(db, read, case_id).await?;
            Err(AppError::Forbidden)
        }
        found => found,
    }
}

/// The case's writable scope and the case, or why not.
pub(crate) async fn writable(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    id: Uuid,
) -> Result<case::Model, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let case = find_in_scope(db, scope, id).await;
    match case {
        // An ended case stays as it ended: its record is the history.
        Ok(case) if case.stage == Stage::Closed.code() => {
            Err(AppError::field("stage", Refusal::AlreadyClosed.code()))
        }
        Ok(case) => Ok(case),
        // Readable but not writable (another office's case under the "read all" setting).
        Err(AppError::NotFound) => {
            let read = CaseScope::of(db, authorized, Access::Read).await?;
            find_in_scope(db, read, id).await?;
            Err(AppError::Forbidden)
        }
        Err(error) => Err(error),
    }
}

/// Saves a case's fields; returns the new version.
pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    fields: CaseFields,
) -> Result<i32, AppError> {
    let current = writable(db, authorized, id).await?;
    if current.version != expected_version {
        return Err(AppError::Conflict);
    }
    let state = state_of(&current).ok_or(AppError::Internal)?;
    let after = CaseState {
        dates: CaseDates {
            petition: fields.petition_date,
            decision: fields.decision_date,
            final_date: fields.final_date,
            termination: current.termination_date,
        },
        ..state
    };
    check_state(&after, japan_date(now)).map_err(refused)?;
    let contract = ContractDates {
        contract: fields.contract_date,
        supervisor_appointed: fields.supervisor_appointed_on,
        last_check_in: fields.last_check_in_on,
    };
    let mut problems = forms::Problems::default();
    for problem in check_contract_dates(&contract, japan_date(now)) {
        problems.add(problem.field(), problem.code());
    }
    problems.into_result()?;
    if let Some(coordinator) = fields.coordinator_id {
        check_coordinator(db, coordinator, current.office_id).await?;
    }
    // A court retired since it was chosen stays on the case; a new choice must be active.
    if let Some(court) = fields.family_court_id
        && current.family_court_id != Some(court)
        && !family_court::Entity::find_by_id(court).one(db).await?.is_some_and(|row| row.active)
    {
        return Err(AppError::field("family_court_id", "invalid"));
    }
    let case_type = fields.case_type.ok_or_else(|| AppError::field("case_type", "required"))?;
    let changed = changed_fields(&fields_of(&current), &fields);
    let txn = crate::server::begin_write(db).await?;
    let updated = case::Entity::update_many()
        .col_expr(case::Column::CaseType, Expr::value(case_type.code()))
        .col_expr(case::Column::CoordinatorId, Expr::value(fields.coordinator_id))
        .col_expr(case::Column::Petitioner, Expr::value(fields.petitioner.map(|p| p.code())))
        .col_expr(case::Column::Motives, Expr::value(motives_to_text(&fields.motives)))
        .col_expr(case::Column::FamilyCourtId, Expr::value(fields.family_court_id))
        .col_expr(case::Column::PetitionDate, Expr::value(fields.petition_date))
        .col_expr(case::Column::DecisionDate, Expr::value(fields.decision_date))
        .col_expr(case::Column::FinalDate, Expr::value(fields.final_date))
        .col_expr(case::Column::ContractDate, Expr::value(fields.contract_date))
        .col_expr(case::Column::NotaryOffice, Expr::value(fields.notary_office.clone()))
        .col_expr(case::Column::MandataryName, Expr::value(fields.mandatary_name.clone()))
        .col_expr(case::Column::CheckInIntervalMonths, Expr::value(fields.check_in_interval_months))
        .col_expr(case::Column::LastCheckInOn, Expr::value(fields.last_check_in_on))
        .col_expr(case::Column::SupervisorAppointedOn, Expr::value(fields.supervisor_appointed_on))
        .col_expr(case::Column::Notes, Expr::value(fields.notes.clone()))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .col_expr(case::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .col_expr(case::Column::Version, Expr::value(expected_version + 1))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    if current.coordinator_id != fields.coordinator_id {
        let names = user_names(&txn, [fields.coordinator_id]).await?;
        let to = fields.coordinator_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
        event(&txn, now, authorized, id, "reassigned", None, None, &to).await?;
    }
    AuditEvent::new(AuditAction::CaseUpdated)
        .by(&authorized.actor)
        .on("case", id)
        .details(serde_json::json!({ "fields": changed }))
        .write(&txn, now, meta)
        .await?;
    // The family court's rule decides the periodic reports.
    if changed.contains(&"family_court_id") {
        crate::server::deadlines::sync_case(&txn, now, id).await?;
    }
    txn.commit().await?;
    Ok(expected_version + 1)
}

/// The names of the fields that differ (the audit trail records names, not values).
fn changed_fields(before: &CaseFields, after: &CaseFields) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut note = |name: &'static str, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    note("case_type", before.case_type != after.case_type);
    note("coordinator_id", before.coordinator_id != after.coordinator_id);
    note("petitioner", before.petitioner != after.petitioner);
    note("motives", before.motives != after.motives);
    note("family_court_id", before.family_court_id != after.family_court_id);
    note("petition_date", before.petition_date != after.petition_date);
    note("decision_date", before.decision_date != after.decision_date);
    note("final_date", before.final_date != after.final_date);
    note("contract_date", before.contract_date != after.contract_date);
    note("notary_office", before.notary_office != after.notary_office);
    note("mandatary_name", before.mandatary_name != after.mandatary_name);
    note(
        "check_in_interval_months",
        before.check_in_interval_months != after.check_in_interval_months,
    );
    note("last_check_in_on", before.last_check_in_on != after.last_check_in_on);
    note(
        "supervisor_appointed_on",
        before.supervisor_appointed_on != after.supervisor_appointed_on,
    );
    note("notes", before.notes != after.notes);
    changed
}

/// A coordinator may be put in charge of a case of their own office only.
async fn check_coordinator(
    db: &impl ConnectionTrait,
    coordinator: Uuid,
    office: Uuid,
) -> Result<(), AppError> {
    let found = user::Entity::find_by_id(coordinator).one(db).await?;
    let may_lead = found.is_some_and(|user| {
        Role::parse(&user.role)
            .is_some_and(|role| may_lead_case(role, user.active, user.office_id, office))
    });
    if may_lead { Ok(()) } else { Err(AppError::field("coordinator_id", "invalid")) }
}

/// A move with what is entered along with it.
#[derive(Debug, Clone)]
pub struct StageChange {
    pub to: Stage,
    pub comment: String,
    pub termination_reason: Option<TerminationReason>,
    pub termination_date: Option<NaiveDate>,
}

/// Moves a case to another stage; returns the new version.
pub async fn move_stage(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    change: StageChange,
) -> Result<i32, AppError> {
    let comment = forms::text("comment", &change.comment, forms::TEXT_MAX_CHARS)?;
    let current = writable(db, authorized, id).await?;
    if current.version != expected_version {
        return Err(AppError::Conflict);
    }
    let state = state_of(&current).ok_or(AppError::Internal)?;
    let closing = change.to == Stage::Closed;
    let after = CaseState {
        dates: CaseDates {
            termination: if closing { change.termination_date } else { None },
            ..state.dates
        },
        termination_reason: if closing { change.termination_reason } else { None },
        ..state
    };
    check_move(&state, change.to, &after, japan_date(now)).map_err(refused)?;
    let txn = crate::server::begin_write(db).await?;
    let updated = case::Entity::update_many()
        .col_expr(case::Column::Stage, Expr::value(change.to.code()))
        .col_expr(
            case::Column::TerminationReason,
            Expr::value(after.termination_reason.map(|reason| reason.code())),
        )
        .col_expr(case::Column::TerminationDate, Expr::value(after.dates.termination))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .col_expr(case::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .col_expr(case::Column::Version, Expr::value(expected_version + 1))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    event(&txn, now, authorized, id, "stage_moved", Some(state.stage), Some(change.to), &comment)
        .await?;
    AuditEvent::new(AuditAction::CaseStageMoved)
        .by(&authorized.actor)
        .on("case", id)
        .details(serde_json::json!({ "from": state.stage.code(), "to": change.to.code() }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(expected_version + 1)
}

/// Writes a timeline event.
#[allow(clippy::too_many_arguments)]
pub async fn event(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    case_id: Uuid,
    kind: &str,
    from: Option<Stage>,
    to: Option<Stage>,
    comment: &str,
) -> Result<(), AppError> {
    case_event::Entity::insert(case_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        case_id: Set(case_id),
        occurred_at: Set(now),
        actor_user_id: Set(Some(authorized.actor.user_id)),
        kind: Set(kind.to_owned()),
        from_stage: Set(from.map(|stage| stage.code().to_owned())),
        to_stage: Set(to.map(|stage| stage.code().to_owned())),
        comment: Set(comment.to_owned()),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// Hands cases to a coordinator (or to nobody). All or nothing: one case outside the scope
/// or of another office than the coordinator's refuses the whole request.
pub async fn reassign(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_ids: &[Uuid],
    coordinator: Option<Uuid>,
) -> Result<u64, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let txn = crate::server::begin_write(db).await?;
    let cases = case::Entity::find()
        .filter(case::Column::Id.is_in(case_ids.to_vec()))
        .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .all(&txn)
        .await?;
    if cases.len() != case_ids.iter().collect::<std::collections::HashSet<_>>().len() {
        return Err(AppError::NotFound);
    }
    if cases.iter().any(|case| case.stage == Stage::Closed.code()) {
        return Err(AppError::field("case_ids", Refusal::AlreadyClosed.code()));
    }
    let to_name = match coordinator {
        Some(coordinator) => {
            // Once per office, not per case: a batch is mostly one office's cases.
            let offices: std::collections::BTreeSet<Uuid> =
                cases.iter().map(|case| case.office_id).collect();
            for office in offices {
                check_coordinator(&txn, coordinator, office).await?;
            }
            user_names(&txn, [Some(coordinator)]).await?.remove(&coordinator).unwrap_or_default()
        }
        None => String::new(),
    };
    let mut moved = 0;
    for case in cases.iter().filter(|case| case.coordinator_id != coordinator) {
        case::Entity::update_many()
            .col_expr(case::Column::CoordinatorId, Expr::value(coordinator))
            .col_expr(case::Column::UpdatedAt, Expr::value(now))
            .col_expr(case::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
            .col_expr(case::Column::Version, Expr::col(case::Column::Version).add(1))
            .filter(case::Column::Id.eq(case.id))
            .exec(&txn)
            .await?;
        event(&txn, now, authorized, case.id, "reassigned", None, None, &to_name).await?;
        AuditEvent::new(AuditAction::CasesReassigned)
            .by(&authorized.actor)
            .on("case", case.id)
            .details(serde_json::json!({ "coordinator_id": coordinator, "batch": case_ids.len() }))
            .write(&txn, now, meta)
            .await?;
        moved += 1;
    }
    txn.commit().await?;
    Ok(moved)
}

/// A case as it is opened, by intake or by an import: at version 1, led by whoever opens it
/// when it is in their own office, nothing of the court's yet. An import sets the dates and
/// categories its row brings on top.
pub struct NewCase {
    pub id: Uuid,
    pub case_number: String,
    pub person_id: Uuid,
    pub office_id: Uuid,
    pub case_type: CaseType,
    pub stage: Stage,
    pub opened_on: NaiveDate,
}

impl NewCase {
    pub fn model(self, now: DateTime<Utc>, authorized: &Authorized) -> case::ActiveModel {
        let own_office = authorized.actor.office_id == Some(self.office_id);
        case::ActiveModel {
            id: Set(self.id),
            case_number: Set(self.case_number),
            person_id: Set(self.person_id),
            office_id: Set(self.office_id),
            coordinator_id: Set(own_office.then_some(authorized.actor.user_id)),
            case_type: Set(self.case_type.code().to_owned()),
            stage: Set(self.stage.code().to_owned()),
            opened_on: Set(self.opened_on),
            petitioner: Set(None),
            motives: Set(String::new()),
            family_court_id: Set(None),
            petition_date: Set(None),
            decision_date: Set(None),
            final_date: Set(None),
            termination_reason: Set(None),
            termination_date: Set(None),
            contract_date: Set(None),
            notary_office: Set(String::new()),
            mandatary_name: Set(String::new()),
            check_in_interval_months: Set(None),
            last_check_in_on: Set(None),
            supervisor_appointed_on: Set(None),
            notes: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            updated_by: Set(Some(authorized.actor.user_id)),
            version: Set(1),
        }
    }
}

/// Opens a case for a person at the consultation stage; returns its id. Part of the caller's
/// transaction (the consultation that started the support).
pub async fn open(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    office_id: Uuid,
    person_id: Uuid,
    case_type: CaseType,
) -> Result<Uuid, AppError> {
    let today = japan_date(now);
    let id = Uuid::now_v7();
    // The next number of the year. A concurrent opening may take it first: the insert then
    // fails on the unique index inside a savepoint (PostgreSQL aborts a transaction on any
    // error, so the savepoint keeps the caller's transaction usable) and the next is tried.
    for _ in 0..5 {
        let number = next_case_number(txn, today.year()).await?;
        let attempt = txn.begin().await?;
        let opening = NewCase {
            id,
            case_number: number.clone(),
            person_id,
            office_id,
            case_type,
            stage: Stage::Consultation,
            opened_on: today,
        };
        let inserted = case::Entity::insert(opening.model(now, authorized)).exec(&attempt).await;
        match inserted {
            Ok(_) => {
                attempt.commit().await?;
                event(txn, now, authorized, id, "opened", None, Some(Stage::Consultation), "")
                    .await?;
                AuditEvent::new(AuditAction::CaseOpened)
                    .by(&authorized.actor)
                    .on("case", id)
                    .details(serde_json::json!({ "case_number": number, "person_id": person_id }))
                    .write(txn, now, meta)
                    .await?;
                return Ok(id);
            }
            // The person has an open case after all (opened by a concurrent consultation, or
            // in an office outside the scope): the index on open cases refused this one.
            Err(error) if is_open_case_violation(&error) => {
                attempt.rollback().await?;
                return Err(AppError::field("person", "open_case_exists"));
            }
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                attempt.rollback().await?;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(AppError::Conflict)
}

/// Whether an insert broke "one open case per person" (PostgreSQL names the index, SQLite the
/// column).
fn is_open_case_violation(error: &sea_orm::DbErr) -> bool {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            message.contains("ux_cases_open_per_person") || message.contains("cases.person_id")
        }
        _ => false,
    }
}

/// The number after the year's highest. Numbers are zero-padded to four digits and grow a
/// digit past 9999, so the longest, then the greatest, is the highest.
async fn next_case_number(db: &impl ConnectionTrait, year: i32) -> Result<String, AppError> {
    let prefix = format!("{year}-");
    let highest: Option<String> = case::Entity::find()
        .select_only()
        .column(case::Column::CaseNumber)
        .filter(case::Column::CaseNumber.starts_with(&prefix))
        .order_by_desc(Expr::cust("LENGTH(case_number)"))
        .order_by_desc(case::Column::CaseNumber)
        .into_tuple()
        .one(db)
        .await?;
    let sequence = highest.as_deref().and_then(|n| case_number_sequence(n, year)).unwrap_or(0);
    Ok(case_number(year, sequence + 1))
}

/// What a petition document's row records.
#[derive(Debug, Clone)]
pub struct DocumentEntry {
    pub document: PetitionDocument,
    pub prepared_by: String,
    pub status: DocumentStatus,
    pub note: String,
}

/// Saves one document of the checklist; `expected_version` 0 for a document with no row yet.
pub async fn save_document(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    expected_version: i32,
    entry: DocumentEntry,
) -> Result<(), AppError> {
    let prepared_by = forms::text("prepared_by", &entry.prepared_by, forms::SHORT_TEXT_MAX_CHARS)?;
    let note = forms::text("note", &entry.note, forms::TEXT_MAX_CHARS)?;
    writable(db, authorized, case_id).await?;
    let txn = crate::server::begin_write(db).await?;
    let saved = if expected_version == 0 {
        let inserted = petition_document::Entity::insert(petition_document::ActiveModel {
            id: Set(Uuid::now_v7()),
            case_id: Set(case_id),
            document: Set(entry.document.code().to_owned()),
            prepared_by: Set(prepared_by),
            status: Set(entry.status.code().to_owned()),
            note: Set(note),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec(&txn)
        .await;
        match inserted {
            Ok(_) => true,
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                false
            }
            Err(error) => return Err(error.into()),
        }
    } else {
        petition_document::Entity::update_many()
            .col_expr(petition_document::Column::PreparedBy, Expr::value(prepared_by))
            .col_expr(petition_document::Column::Status, Expr::value(entry.status.code()))
            .col_expr(petition_document::Column::Note, Expr::value(note))
            .col_expr(petition_document::Column::UpdatedAt, Expr::value(now))
            .col_expr(petition_document::Column::Version, Expr::value(expected_version + 1))
            .filter(petition_document::Column::CaseId.eq(case_id))
            .filter(petition_document::Column::Document.eq(entry.document.code()))
            .filter(petition_document::Column::Version.eq(expected_version))
            .exec(&txn)
            .await?
            .rows_affected
            == 1
    };
    if !saved {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::PetitionDocumentUpdated)
        .by(&authorized.actor)
        .on("case", case_id)
        .details(
            serde_json::json!({ "document": entry.document.code(), "status": entry.status.code() }),
        )
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Longest relation (長男, 姪 …) the kinship survey and contacts hold, as the column is sized.
pub const RELATION_MAX_CHARS: usize = 50;

/// A relative of the kinship survey.
#[derive(Debug, Clone)]
pub struct KinshipEntry {
    pub name: String,
    pub relation: String,
    pub contacted_on: Option<NaiveDate>,
    pub answer: KinshipAnswer,
    pub note: String,
}

pub async fn add_kinship(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    entry: KinshipEntry,
) -> Result<(), AppError> {
    let mut problems = forms::Problems::default();
    let name = problems.take(
        forms::required_text("name", &entry.name, forms::SHORT_TEXT_MAX_CHARS),
        String::new(),
    );
    let relation = problems
        .take(forms::required_text("relation", &entry.relation, RELATION_MAX_CHARS), String::new());
    let note =
        problems.take(forms::text("note", &entry.note, forms::TEXT_MAX_CHARS), String::new());
    if entry.contacted_on.is_some_and(|date| date > japan_date(now)) {
        problems.add("contacted_on", "date_in_future");
    }
    problems.into_result()?;
    writable(db, authorized, case_id).await?;
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    kinship_entry::Entity::insert(kinship_entry::ActiveModel {
        id: Set(id),
        case_id: Set(case_id),
        name: Set(name),
        relation: Set(relation),
        contacted_on: Set(entry.contacted_on),
        answer: Set(entry.answer.code().to_owned()),
        note: Set(note),
        created_at: Set(now),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::KinshipEntryAdded)
        .by(&authorized.actor)
        .on("case", case_id)
        .details(serde_json::json!({ "entry": id, "answer": entry.answer.code() }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_is_shown_at_a_field() {
        use crate::domain::cases::Refusal;
        for refusal in [
            Refusal::PetitionDateRequired,
            Refusal::DecisionDateRequired,
            Refusal::FinalDateRequired,
            Refusal::TerminationReasonRequired,
            Refusal::TerminationDateRequired,
        ] {
            assert_ne!(refusal_field(refusal), "to", "{refusal:?}");
        }
    }
}
