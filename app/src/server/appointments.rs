//! Recording the court's decisions on a case's appointments: appointments made, appointments
//! ended, both in one transaction. The rules are `domain::appointments`; this module loads the
//! roster under a lock, asks the rules, and writes what they accept.
//!
//! Concurrency: the case row is updated first (its version checked and bumped), which locks it
//! on PostgreSQL and takes SQLite's write lock, so two decisions on one case are serialised and
//! the second, holding a stale version, gets a conflict. Each guardian appointed is locked the
//! same way before their active appointments are counted, so two cases cannot both take a
//! guardian's last free place.

use crate::api::AppError;
use crate::api::appointments::{
    AppointmentRow, AppointmentsPanel, ChecklistRow, GuardianChoice, RelayRow,
};
use crate::domain::access::Access;
use crate::domain::appointments::{
    Appointment, AppointmentProblem, AppointmentRole, CoreDuty, Duties, EndReason, Ending,
    ExerciseMode, NewAppointment, apply_decision, usual_effective_date,
};
use crate::domain::audit::AuditAction;
use crate::domain::cases::{CaseType, Refusal, Stage};
use crate::domain::dates::japan_date;
use crate::domain::deadlines::{ReportingSettings, check_reporting};
use crate::domain::guardians::{CapacityCheck, GuardianKind, check_capacity, free_capacity};
use crate::domain::relays::{ChecklistItem, RelayStatus, on_time};
use crate::domain::search::normalize_for_search;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files;
use crate::server::case_list::contains;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{appointment, case, guardian};
use crate::server::forms;
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Longest capacity-override reason, in characters.
pub const OVERRIDE_REASON_MAX_CHARS: usize = 1000;

/// An appointment to make, with what the coordinator wrote if it exceeds the guardian's
/// capacity.
#[derive(Debug, Clone)]
pub struct Appointing {
    pub appointment: NewAppointment,
    pub capacity_override_reason: String,
}

/// One court decision: appointments it ends and appointments it makes.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub endings: Vec<(Uuid, Ending, String)>,
    pub appointing: Vec<Appointing>,
}

pub fn to_domain(model: &appointment::Model) -> Option<Appointment> {
    let mut core = Vec::new();
    if model.duty_property {
        core.push(CoreDuty::Property);
    }
    if model.duty_personal {
        core.push(CoreDuty::Personal);
    }
    Some(Appointment {
        id: model.id,
        guardian: model.guardian_id,
        role: AppointmentRole::parse(&model.role)?,
        mode: ExerciseMode::parse(&model.mode)?,
        duties: Duties { core, described: model.duty_described.clone() },
        decided_on: model.decided_on,
        effective_on: model.effective_on,
        ended: match (model.ended_on, model.end_reason.as_deref().and_then(EndReason::parse)) {
            (Some(on), Some(reason)) => Some(Ending { on, reason }),
            _ => None,
        },
    })
}

/// Every appointment a case ever had, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> Result<Vec<appointment::Model>, AppError> {
    Ok(appointment::Entity::find()
        .filter(appointment::Column::CaseId.eq(case_id))
        .order_by_asc(appointment::Column::EffectiveOn)
        .order_by_asc(appointment::Column::Id)
        .all(db)
        .await?)
}

/// The roster as the rules see it; a row the rules cannot read is a fault, not a silent gap.
pub fn roster_of(models: &[appointment::Model]) -> Result<Vec<Appointment>, AppError> {
    models.iter().map(|model| to_domain(model).ok_or(AppError::Internal)).collect()
}

pub fn problem(problem: AppointmentProblem) -> AppError {
    AppError::field(problem.field(), problem.code())
}

/// Bumps the case's version if it is still `expected`: the lock every change to a case's
/// appointments takes first.
pub async fn lock_case(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    authorized: &Authorized,
    case_id: Uuid,
    expected: i32,
) -> Result<i32, AppError> {
    let updated = case::Entity::update_many()
        .col_expr(case::Column::Version, Expr::value(expected + 1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .col_expr(case::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(expected + 1)
}

/// Locks a guardian's register entry (a write that changes nothing) so their active
/// appointments can be counted without a concurrent appointment slipping in.
async fn lock_guardian(txn: &DatabaseTransaction, id: Uuid) -> Result<guardian::Model, AppError> {
    let locked = guardian::Entity::update_many()
        .col_expr(guardian::Column::Id, Expr::col(guardian::Column::Id))
        .filter(guardian::Column::Id.eq(id))
        .exec(txn)
        .await?;
    if locked.rows_affected != 1 {
        return Err(AppError::field("guardian_id", "invalid"));
    }
    guardian::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::Internal)
}

async fn active_count(txn: &DatabaseTransaction, guardian: Uuid) -> Result<u32, AppError> {
    let count = appointment::Entity::find()
        .filter(appointment::Column::GuardianId.eq(guardian))
        .filter(appointment::Column::EndedOn.is_null())
        .count(txn)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Whether the guardian has room for one more appointment, under their row's lock: yes, or
/// past their capacity with the coordinator's written reason (returned as the audit details of
/// the override), or refused when no reason is given.
pub async fn check_room(
    txn: &DatabaseTransaction,
    guardian: Uuid,
    override_reason: &str,
) -> Result<Option<serde_json::Value>, AppError> {
    let reason = override_reason.trim();
    if reason.chars().count() > OVERRIDE_REASON_MAX_CHARS {
        return Err(AppError::field("capacity_override_reason", "too_long"));
    }
    let entry = lock_guardian(txn, guardian).await?;
    let active = active_count(txn, guardian).await?;
    let capacity = entry.capacity.and_then(|c| u32::try_from(c).ok());
    match check_capacity(capacity, active) {
        CapacityCheck::Fits => Ok(None),
        CapacityCheck::Exceeds { .. } if reason.is_empty() => {
            Err(AppError::field("capacity_override_reason", "capacity_exceeded"))
        }
        CapacityCheck::Exceeds { capacity, active } => Ok(Some(serde_json::json!({
            "guardian_id": guardian, "capacity": capacity, "active": active, "reason": reason,
        }))),
    }
}

/// Records a court decision on a case within one transaction; returns the case's new version.
pub async fn record(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    expected_version: i32,
    decision: Decision,
) -> Result<i32, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let current = match case_files::find_in_scope(db, scope, case_id).await {
        Ok(case) => case,
        // Forbidden when readable but not writable, not found otherwise.
        Err(AppError::NotFound) => {
            return case_files::writable(db, authorized, case_id)
                .await
                .and(Err(AppError::NotFound));
        }
        Err(error) => return Err(error),
    };
    // An ended case keeps its history: its appointments may still be ended, none made.
    if current.stage == Stage::Closed.code() && !decision.appointing.is_empty() {
        return Err(AppError::field("stage", Refusal::AlreadyClosed.code()));
    }
    let case_type = CaseType::parse(&current.case_type).ok_or(AppError::Internal)?;
    let txn = crate::server::begin_write(db).await?;
    let version = lock_case(&txn, now, authorized, case_id, expected_version).await?;
    let models = history(&txn, case_id).await?;
    let roster = roster_of(&models)?;
    let today = japan_date(now);
    let endings: Vec<(Uuid, Ending)> =
        decision.endings.iter().map(|(id, ending, _)| (*id, *ending)).collect();
    let new: Vec<(Uuid, NewAppointment)> = decision
        .appointing
        .iter()
        .map(|appointing| (Uuid::now_v7(), appointing.appointment.clone()))
        .collect();
    apply_decision(case_type, &roster, &endings, &new, today).map_err(problem)?;
    for (id, ending, note) in &decision.endings {
        end(&txn, now, authorized, *id, *ending, note).await?;
    }
    let mut overrides = Vec::new();
    for ((id, appointment), appointing) in new.iter().zip(&decision.appointing) {
        let reason = appointing.capacity_override_reason.trim();
        overrides.extend(check_room(&txn, appointment.guardian, reason).await?);
        insert(&txn, now, authorized, *id, case_id, appointment, reason).await?;
    }
    AuditEvent::new(AuditAction::AppointmentsRecorded)
        .by(&authorized.actor)
        .on("case", case_id)
        .details(serde_json::json!({
            "made": new.iter().map(|(id, a)| serde_json::json!({
                "appointment": id, "guardian_id": a.guardian, "role": a.role.code(),
                "mode": a.mode.code(), "effective_on": a.effective_on,
            })).collect::<Vec<_>>(),
            "ended": decision.endings.iter().map(|(id, ending, _)| serde_json::json!({
                "appointment": id, "on": ending.on, "reason": ending.reason.code(),
            })).collect::<Vec<_>>(),
        }))
        .write(&txn, now, meta)
        .await?;
    for details in overrides {
        AuditEvent::new(AuditAction::CapacityOverridden)
            .by(&authorized.actor)
            .on("case", case_id)
            .details(details)
            .write(&txn, now, meta)
            .await?;
    }
    crate::server::deadlines::sync_case(&txn, now, case_id).await?;
    txn.commit().await?;
    Ok(version)
}

/// Records an appointment's reporting settings if it is still at `expected_version`, with its
/// audit row, and brings the case's deadlines in step.
pub async fn set_reporting(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    settings: ReportingSettings,
) -> Result<(), AppError> {
    let made = appointment::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    // Not in the user's reach: as if it did not exist; readable but not writable: forbidden.
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    if let Err(AppError::NotFound) = case_files::find_in_scope(db, scope, made.case_id).await {
        return case_files::writable(db, authorized, made.case_id)
            .await
            .and(Err(AppError::NotFound));
    }
    let role = AppointmentRole::parse(&made.role).ok_or(AppError::Internal)?;
    let settings = check_reporting(role, made.effective_on, made.ended_on.is_some(), settings)
        .map_err(|problems| {
            forms::Problems::from_pairs(problems).into_result().err().unwrap_or(AppError::Internal)
        })?;
    let txn = crate::server::begin_write(db).await?;
    let updated = appointment::Entity::update_many()
        .col_expr(appointment::Column::PropertyPowers, Expr::value(settings.property_powers))
        .col_expr(appointment::Column::FirstReportOn, Expr::value(settings.first_report_on))
        .col_expr(appointment::Column::FeePetitions, Expr::value(settings.fee_petitions))
        .col_expr(appointment::Column::Version, Expr::col(appointment::Column::Version).add(1))
        .filter(appointment::Column::Id.eq(id))
        .filter(appointment::Column::Version.eq(expected_version))
        .filter(appointment::Column::EndedOn.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::AppointmentReportingChanged)
        .by(&authorized.actor)
        .on("case", made.case_id)
        .details(serde_json::json!({
            "appointment": id,
            "property_powers": settings.property_powers,
            "first_report_on": settings.first_report_on,
            "fee_petitions": settings.fee_petitions,
        }))
        .write(&txn, now, meta)
        .await?;
    crate::server::deadlines::sync_case(&txn, now, made.case_id).await?;
    txn.commit().await?;
    Ok(())
}

/// Ends an active appointment; a concurrent ending of the same one is a conflict.
pub async fn end(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    authorized: &Authorized,
    id: Uuid,
    ending: Ending,
    note: &str,
) -> Result<(), AppError> {
    if note.chars().count() > 400 {
        return Err(AppError::field("end_note", "too_long"));
    }
    let ended = appointment::Entity::update_many()
        .col_expr(appointment::Column::EndedOn, Expr::value(ending.on))
        .col_expr(appointment::Column::EndReason, Expr::value(ending.reason.code()))
        .col_expr(appointment::Column::EndNote, Expr::value(note.trim()))
        .col_expr(appointment::Column::EndedAt, Expr::value(now))
        .col_expr(appointment::Column::EndedBy, Expr::value(authorized.actor.user_id))
        .col_expr(appointment::Column::Version, Expr::col(appointment::Column::Version).add(1))
        .filter(appointment::Column::Id.eq(id))
        .filter(appointment::Column::EndedOn.is_null())
        .exec(txn)
        .await?;
    if ended.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Inserts an appointment the rules accepted.
pub async fn insert(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    authorized: &Authorized,
    id: Uuid,
    case_id: Uuid,
    appointment: &NewAppointment,
    capacity_override_reason: &str,
) -> Result<(), AppError> {
    let inserted = appointment::Entity::insert(appointment::ActiveModel {
        id: Set(id),
        case_id: Set(case_id),
        guardian_id: Set(appointment.guardian),
        role: Set(appointment.role.code().to_owned()),
        mode: Set(appointment.mode.code().to_owned()),
        duty_property: Set(appointment.duties.holds(CoreDuty::Property)),
        duty_personal: Set(appointment.duties.holds(CoreDuty::Personal)),
        duty_described: Set(appointment.duties.described.trim().to_owned()),
        decided_on: Set(appointment.decided_on),
        effective_on: Set(appointment.effective_on),
        ended_on: Set(None),
        end_reason: Set(None),
        end_note: Set(String::new()),
        capacity_override_reason: Set(capacity_override_reason.to_owned()),
        // Curators and assistants usually hold powers over property and are asked for the
        // inventory; the form does not ask yet.
        property_powers: Set(matches!(
            appointment.role,
            AppointmentRole::Curator | AppointmentRole::Assistant
        )),
        first_report_on: Set(None),
        fee_petitions: Set(false),
        // Set by the deadlines' sync that follows in the same transaction.
        next_report_on: Set(None),
        tracked_from: Set(None),
        created_at: Set(now),
        created_by: Set(Some(authorized.actor.user_id)),
        ended_at: Set(None),
        ended_by: Set(None),
        version: Set(1),
    })
    .exec(txn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        // The partial unique index: the guardian is already active on the case.
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Err(problem(AppointmentProblem::GuardianAlreadyOnCase))
        }
        Err(error) => Err(error.into()),
    }
}

/// One guardian's part of the appointment form as posted.
#[derive(Debug, Clone, Default)]
pub struct AppointmentSlot {
    pub guardian: String,
    pub role: String,
    pub property: bool,
    pub personal: bool,
    pub described: String,
}

/// Checks the appointment form: the shared mode and dates, and each filled slot.
pub fn parse_appointing(
    mode: &str,
    decided_on: &str,
    effective_on: &str,
    slots: &[AppointmentSlot],
    capacity_override_reason: &str,
) -> Result<Decision, AppError> {
    let mut problems = forms::Problems::default();
    let mode = problems
        .take(forms::optional_category::<ExerciseMode>("mode", mode), None)
        .unwrap_or(ExerciseMode::Sole);
    let decided_on = problems.take(forms::required_date("decided_on", decided_on).map(Some), None);
    let effective_on =
        problems.take(forms::required_date("effective_on", effective_on).map(Some), None);
    let reason = problems.take(
        forms::text(
            "capacity_override_reason",
            capacity_override_reason,
            OVERRIDE_REASON_MAX_CHARS,
        ),
        String::new(),
    );
    let mut appointing = Vec::new();
    for (index, slot) in slots.iter().enumerate() {
        let suffix = index + 1;
        let guardian_field = format!("guardian_{suffix}");
        let guardian = problems.take(forms::optional_uuid(&guardian_field, &slot.guardian), None);
        let Some(guardian) = guardian else {
            if index == 0 && slot.guardian.trim().is_empty() {
                problems.add(&guardian_field, "required");
            }
            continue;
        };
        let role = problems.take(
            forms::required_category::<AppointmentRole>(&format!("role_{suffix}"), &slot.role)
                .map(Some),
            None,
        );
        let described = problems
            .take(forms::text(&format!("described_{suffix}"), &slot.described, 200), String::new());
        let mut core = Vec::new();
        if slot.property {
            core.push(CoreDuty::Property);
        }
        if slot.personal {
            core.push(CoreDuty::Personal);
        }
        if let (Some(role), Some(decided_on), Some(effective_on)) = (role, decided_on, effective_on)
        {
            appointing.push(Appointing {
                appointment: NewAppointment {
                    guardian,
                    role,
                    mode,
                    duties: Duties { core, described },
                    decided_on,
                    effective_on,
                },
                capacity_override_reason: reason.clone(),
            });
        }
    }
    problems.into_result()?;
    Ok(Decision { endings: Vec::new(), appointing })
}

/// Checks the form ending one appointment.
pub fn parse_ending(
    appointment: Uuid,
    ended_on: &str,
    end_reason: &str,
    end_note: &str,
) -> Result<Decision, AppError> {
    let mut problems = forms::Problems::default();
    let on = problems.take(forms::required_date("ended_on", ended_on).map(Some), None);
    let reason = problems
        .take(forms::required_category::<EndReason>("end_reason", end_reason).map(Some), None);
    let note = problems.take(forms::text("end_note", end_note, 400), String::new());
    problems.into_result()?;
    let (Some(on), Some(reason)) = (on, reason) else { return Err(AppError::Internal) };
    Ok(Decision {
        endings: vec![(appointment, Ending { on, reason }, note)],
        appointing: Vec::new(),
    })
}

fn row(model: &appointment::Model, guardians: &HashMap<Uuid, guardian::Model>) -> AppointmentRow {
    let entry = guardians.get(&model.guardian_id);
    let duties = to_domain(model).map(|a| a.duties).unwrap_or_default();
    AppointmentRow {
        id: model.id,
        guardian_id: model.guardian_id,
        guardian_name: entry.map(|g| g.name.clone()).unwrap_or_default(),
        guardian_kind: entry.and_then(|g| GuardianKind::parse(&g.kind)),
        role: AppointmentRole::parse(&model.role),
        mode: ExerciseMode::parse(&model.mode),
        duties,
        decided_on: model.decided_on,
        effective_on: model.effective_on,
        ended_on: model.ended_on,
        end_reason: model.end_reason.as_deref().and_then(EndReason::parse),
        end_note: model.end_note.clone(),
        capacity_override_reason: model.capacity_override_reason.clone(),
        reporting: ReportingSettings {
            property_powers: model.property_powers,
            first_report_on: model.first_report_on,
            fee_petitions: model.fee_petitions,
        },
        version: model.version,
    }
}

/// The appointments and relay plans of a case the request may read.
pub async fn panel(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<AppointmentsPanel, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let case = case_files::find_in_scope(db, scope, case_id).await?;
    let models = history(db, case.id).await?;
    let plans = crate::server::relays::of_case(db, case.id).await?;
    let mut guardian_ids: Vec<Uuid> = models.iter().map(|m| m.guardian_id).collect();
    guardian_ids.extend(plans.iter().map(|(plan, _)| plan.successor_guardian_id));
    let guardians: HashMap<Uuid, guardian::Model> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(guardian_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut active: Vec<AppointmentRow> =
        models.iter().filter(|m| m.ended_on.is_none()).map(|m| row(m, &guardians)).collect();
    // Guardians first, their supervisors beside them after.
    active.sort_by_key(|a| a.role.is_some_and(|role| role.is_supervisor()));
    let mut ended: Vec<AppointmentRow> =
        models.iter().filter(|m| m.ended_on.is_some()).map(|m| row(m, &guardians)).collect();
    ended.sort_by_key(|a| std::cmp::Reverse(a.ended_on));
    let by_id: HashMap<Uuid, &appointment::Model> = models.iter().map(|m| (m.id, m)).collect();
    let relays = plans
        .into_iter()
        .map(|(plan, items)| {
            let predecessor = by_id.get(&plan.predecessor_appointment_id);
            RelayRow {
                id: plan.id,
                version: plan.version,
                status: RelayStatus::parse(&plan.status),
                predecessor_name: predecessor
                    .and_then(|p| guardians.get(&p.guardian_id))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                successor_name: guardians
                    .get(&plan.successor_guardian_id)
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                successor_on_case: models
                    .iter()
                    .any(|m| m.ended_on.is_none() && m.guardian_id == plan.successor_guardian_id),
                planned_on: plan.planned_on,
                target_date: plan.target_date,
                petitioned_on: plan.petitioned_on,
                decided_on: plan.decided_on,
                completed_on: plan.completed_on,
                on_time: plan.completed_on.map(|done| on_time(plan.target_date, done)),
                cancel_reason: plan.cancel_reason,
                notes: plan.notes,
                checklist: items
                    .into_iter()
                    .map(|item| ChecklistRow {
                        id: item.id,
                        item: item.item.as_deref().and_then(ChecklistItem::parse),
                        label: item.label,
                        done_on: item.done_on,
                    })
                    .collect(),
            }
        })
        .collect();
    let writable = case_files::writable(db, authorized, case.id).await;
    let can_appoint = writable.is_ok();
    // A closed case still lets its appointments be ended.
    let can_edit = can_appoint
        || matches!(&writable, Err(AppError::Validation(_)))
            && CaseScope::of(db, authorized, Access::Write).await?.covers(case.office_id);
    let first_of_case = models.is_empty();
    Ok(AppointmentsPanel {
        case_version: case.version,
        case_type: CaseType::parse(&case.case_type),
        suggested_effective_on: case
            .decision_date
            .map(|decided| usual_effective_date(first_of_case, case.final_date, decided)),
        active,
        ended,
        relays,
        can_edit,
        can_appoint,
    })
}

/// Register entries whose name, kana or number contains the text; at most 30, by kana.
pub async fn search_guardians(
    db: &impl ConnectionTrait,
    text: &str,
) -> Result<Vec<GuardianChoice>, AppError> {
    let text = normalize_for_search(text);
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let found = guardian::Entity::find()
        .filter(
            Expr::col(guardian::Column::SearchText)
                .like(contains(&text))
                .or(Expr::col(guardian::Column::RegistrationNumber).like(contains(&text))),
        )
        .order_by_asc(guardian::Column::NameKana)
        .limit(30)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = found.iter().map(|g| g.id).collect();
    let active = crate::server::guardians::active_counts(db, &ids).await?;
    Ok(found
        .into_iter()
        .map(|g| GuardianChoice {
            free: free_capacity(
                g.capacity.and_then(|c| u32::try_from(c).ok()),
                active.get(&g.id).copied().unwrap_or(0),
            ),
            id: g.id,
            kind: GuardianKind::parse(&g.kind),
            name: g.name,
            name_kana: g.name_kana,
        })
        .collect())
}
