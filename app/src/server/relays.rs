//! Relay plans (リレー受任): planning, the readiness checklist, status moves, and recording the
//! court's decisions, which end the predecessor's appointment and start the successor's in one
//! transaction. The rules are `domain::relays`.
//!
//! Every change checks and bumps the plan's version in its UPDATE's WHERE clause, so two
//! coordinators acting on one plan at once get one success and one conflict.

use crate::api::AppError;
use crate::domain::access::Access;
use crate::domain::appointments::{AppointmentRole, NewAppointment};
use crate::domain::audit::AuditAction;
use crate::domain::cases::CaseType;
use crate::domain::dates::japan_date;
use crate::domain::relays::{
    ChecklistItem, ChecklistLine, RelayProblem, RelayStatus, Succession, check_move, check_plan,
    completed_on, record_decisions,
};
use crate::server::appointments::{self, history, roster_of};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{appointment, case, guardian, relay_checklist_item, relay_plan};
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, SqlErr,
};
use uuid::Uuid;

/// Longest custom checklist item, in characters.
pub const ITEM_MAX_CHARS: usize = 200;

fn problem(problem: RelayProblem) -> AppError {
    AppError::field(problem.field(), problem.code())
}

/// A case the request may change, open (plans belong to running cases).
async fn open_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<case::Model, AppError> {
    case_files::writable(db, authorized, case_id).await
}

/// A plan on a case the request may change.
async fn writable_plan(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    plan_id: Uuid,
) -> Result<(relay_plan::Model, case::Model), AppError> {
    let plan = relay_plan::Entity::find_by_id(plan_id).one(db).await?.ok_or(AppError::NotFound)?;
    let case = open_case(db, authorized, plan.case_id).await?;
    Ok((plan, case))
}

/// The plans of a case, newest first, with their checklists.
pub async fn of_case(
    db: &impl ConnectionTrait,
    case_id: Uuid,
) -> Result<Vec<(relay_plan::Model, Vec<relay_checklist_item::Model>)>, AppError> {
    let plans = relay_plan::Entity::find()
        .filter(relay_plan::Column::CaseId.eq(case_id))
        .order_by_desc(relay_plan::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = plans.iter().map(|plan| plan.id).collect();
    let mut items = if ids.is_empty() {
        Vec::new()
    } else {
        relay_checklist_item::Entity::find()
            .filter(relay_checklist_item::Column::RelayPlanId.is_in(ids))
            .order_by_asc(relay_checklist_item::Column::SortOrder)
            .all(db)
            .await?
    };
    Ok(plans
        .into_iter()
        .map(|plan| {
            let mine = items.extract_if(.., |item| item.relay_plan_id == plan.id).collect();
            (plan, mine)
        })
        .collect())
}

fn lines(items: &[relay_checklist_item::Model]) -> Vec<ChecklistLine> {
    items
        .iter()
        .map(|item| ChecklistLine {
            item: item.item.as_deref().and_then(ChecklistItem::parse),
            done_on: item.done_on,
        })
        .collect()
}

/// A relay as planned: from an active appointment to a successor, by a target date.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub predecessor_id: Uuid,
    pub successor_guardian: Uuid,
    pub target_date: NaiveDate,
    pub notes: String,
}

/// Plans a relay from an active guardian's appointment to a successor from the register.
pub async fn plan(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    new: NewPlan,
) -> Result<Uuid, AppError> {
    let NewPlan { predecessor_id, successor_guardian, target_date, notes } = new;
    let predecessor = appointment::Entity::find_by_id(predecessor_id)
        .one(db)
        .await?
        .ok_or_else(|| problem(RelayProblem::PredecessorNotActive))?;
    let case = open_case(db, authorized, predecessor.case_id).await?;
    guardian::Entity::find_by_id(successor_guardian)
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("successor_id", "invalid"))?;
    let notes = crate::server::forms::text("notes", &notes, crate::server::forms::TEXT_MAX_CHARS)?;
    let today = japan_date(now);
    let roster = roster_of(&history(db, case.id).await?)?;
    check_plan(&roster, predecessor_id, successor_guardian, today, target_date).map_err(problem)?;
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    let inserted = relay_plan::Entity::insert(relay_plan::ActiveModel {
        id: Set(id),
        case_id: Set(case.id),
        predecessor_appointment_id: Set(predecessor_id),
        successor_guardian_id: Set(successor_guardian),
        successor_appointment_id: Set(None),
        planned_on: Set(today),
        target_date: Set(target_date),
        status: Set(RelayStatus::Planned.code().to_owned()),
        petitioned_on: Set(None),
        decided_on: Set(None),
        completed_on: Set(None),
        cancel_reason: Set(String::new()),
        notes: Set(notes),
        created_at: Set(now),
        updated_at: Set(now),
        updated_by: Set(Some(authorized.actor.user_id)),
        version: Set(1),
    })
    .exec(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        // The partial unique index: this appointment already has an open plan.
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::field("predecessor_id", "relay_exists"));
        }
        Err(error) => return Err(error.into()),
    }
    for (order, item) in ChecklistItem::ALL.iter().enumerate() {
        insert_item(&txn, id, Some(*item), "", order as i32).await?;
    }
    case_files::event(&txn, now, authorized, case.id, "relay_planned", None, None, "").await?;
    AuditEvent::new(AuditAction::RelayPlanned)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({
            "relay": id, "predecessor": predecessor_id, "successor_guardian": successor_guardian,
            "target_date": target_date,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

async fn insert_item(
    txn: &DatabaseTransaction,
    plan: Uuid,
    item: Option<ChecklistItem>,
    label: &str,
    sort_order: i32,
) -> Result<Uuid, AppError> {
    let id = Uuid::now_v7();
    relay_checklist_item::Entity::insert(relay_checklist_item::ActiveModel {
        id: Set(id),
        relay_plan_id: Set(plan),
        item: Set(item.map(|item| item.code().to_owned())),
        label: Set(label.to_owned()),
        done_on: Set(None),
        done_by: Set(None),
        sort_order: Set(sort_order),
    })
    .exec(txn)
    .await?;
    Ok(id)
}

/// Checks and bumps the plan's version: the lock of every change to a plan.
async fn bump(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    authorized: &Authorized,
    plan: Uuid,
    expected: i32,
    changes: &[(relay_plan::Column, Expr)],
) -> Result<i32, AppError> {
    let mut update = relay_plan::Entity::update_many()
        .col_expr(relay_plan::Column::Version, Expr::value(expected + 1))
        .col_expr(relay_plan::Column::UpdatedAt, Expr::value(now))
        .col_expr(relay_plan::Column::UpdatedBy, Expr::value(authorized.actor.user_id));
    for (column, value) in changes {
        update = update.col_expr(*column, value.clone());
    }
    let updated = update
        .filter(relay_plan::Column::Id.eq(plan))
        .filter(relay_plan::Column::Version.eq(expected))
        .exec(txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(expected + 1)
}

fn is_closed(plan: &relay_plan::Model) -> bool {
    matches!(
        RelayStatus::parse(&plan.status),
        Some(RelayStatus::Completed | RelayStatus::Cancelled)
    )
}

/// Ticks (with the day it was done) or unticks a checklist item; returns the plan's version.
pub async fn set_item(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    item_id: Uuid,
    expected_version: i32,
    done_on: Option<NaiveDate>,
) -> Result<i32, AppError> {
    let item = relay_checklist_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (plan, _) = writable_plan(db, authorized, item.relay_plan_id).await?;
    if is_closed(&plan) {
        return Err(AppError::field("status", "relay_closed"));
    }
    if done_on.is_some_and(|day| day > japan_date(now)) {
        return Err(AppError::field("done_on", "date_in_future"));
    }
    let txn = crate::server::begin_write(db).await?;
    let version = bump(&txn, now, authorized, plan.id, expected_version, &[]).await?;
    relay_checklist_item::Entity::update_many()
        .col_expr(relay_checklist_item::Column::DoneOn, Expr::value(done_on))
        .col_expr(
            relay_checklist_item::Column::DoneBy,
            Expr::value(done_on.map(|_| authorized.actor.user_id)),
        )
        .filter(relay_checklist_item::Column::Id.eq(item_id))
        .exec(&txn)
        .await?;
    AuditEvent::new(AuditAction::RelayChecklistUpdated)
        .by(&authorized.actor)
        .on("case", plan.case_id)
        .details(serde_json::json!({
            "relay": plan.id, "item": item.item, "label": item.label, "done_on": done_on,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(version)
}

/// Adds an item of the plan's own to its checklist; returns the plan's version.
pub async fn add_item(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    plan_id: Uuid,
    expected_version: i32,
    label: &str,
) -> Result<i32, AppError> {
    let label = crate::server::forms::required_text("label", label, ITEM_MAX_CHARS)?;
    let (plan, _) = writable_plan(db, authorized, plan_id).await?;
    if is_closed(&plan) {
        return Err(AppError::field("status", "relay_closed"));
    }
    let txn = crate::server::begin_write(db).await?;
    let version = bump(&txn, now, authorized, plan.id, expected_version, &[]).await?;
    let count = relay_checklist_item::Entity::find()
        .filter(relay_checklist_item::Column::RelayPlanId.eq(plan.id))
        .count(&txn)
        .await?;
    insert_item(&txn, plan.id, None, &label, i32::try_from(count).unwrap_or(i32::MAX)).await?;
    AuditEvent::new(AuditAction::RelayChecklistUpdated)
        .by(&authorized.actor)
        .on("case", plan.case_id)
        .details(serde_json::json!({ "relay": plan.id, "added": label }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(version)
}

/// Moves a plan to 申立済, 引継完了 or 中止 (審判済 is [`record_court_decisions`]);
/// `cancel_reason` goes with 中止.
pub async fn move_to(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    (plan_id, expected_version): (Uuid, i32),
    (to, cancel_reason): (RelayStatus, &str),
) -> Result<i32, AppError> {
    let (plan, _) = writable_plan(db, authorized, plan_id).await?;
    if plan.version != expected_version {
        return Err(AppError::Conflict);
    }
    let from = RelayStatus::parse(&plan.status).ok_or(AppError::Internal)?;
    if to == RelayStatus::Decided {
        return Err(problem(RelayProblem::NotAllowed { from, to }));
    }
    let cancel_reason = crate::server::forms::text(
        "cancel_reason",
        cancel_reason,
        crate::server::forms::TEXT_MAX_CHARS,
    )?;
    let items = relay_checklist_item::Entity::find()
        .filter(relay_checklist_item::Column::RelayPlanId.eq(plan.id))
        .all(db)
        .await?;
    let checklist = lines(&items);
    check_move(from, to, &checklist, &cancel_reason).map_err(problem)?;
    let today = japan_date(now);
    let mut changes = vec![(relay_plan::Column::Status, Expr::value(to.code()))];
    match to {
        RelayStatus::Petitioned => {
            changes.push((relay_plan::Column::PetitionedOn, Expr::value(today)))
        }
        RelayStatus::Completed => changes.push((
            relay_plan::Column::CompletedOn,
            Expr::value(completed_on(&checklist).unwrap_or(today)),
        )),
        RelayStatus::Cancelled => {
            changes.push((relay_plan::Column::CancelReason, Expr::value(cancel_reason.clone())))
        }
        _ => {}
    }
    let txn = crate::server::begin_write(db).await?;
    let version = bump(&txn, now, authorized, plan.id, expected_version, &changes).await?;
    case_files::event(
        &txn,
        now,
        authorized,
        plan.case_id,
        &format!("relay_{}", to.code()),
        None,
        None,
        &cancel_reason,
    )
    .await?;
    AuditEvent::new(AuditAction::RelayMoved)
        .by(&authorized.actor)
        .on("case", plan.case_id)
        .details(serde_json::json!({ "relay": plan.id, "from": from.code(), "to": to.code() }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(version)
}

/// The court's decisions on a relay, as the form states them.
#[derive(Debug, Clone)]
pub struct CourtDecisions {
    /// The day the predecessor's resignation took effect.
    pub resignation_on: NaiveDate,
    /// The successor's new appointment: decision day and the day it took effect. `None` when
    /// the successor already holds an appointment on the case (appointed jointly first).
    pub successor_dates: Option<(NaiveDate, NaiveDate)>,
    pub capacity_override_reason: String,
}

/// Records the court's decisions: in one transaction the plan becomes 審判済, the
/// predecessor's appointment ends (辞任) and the successor's begins. Returns the plan's version.
pub async fn record_court_decisions(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    plan_id: Uuid,
    expected_version: i32,
    decisions: CourtDecisions,
) -> Result<i32, AppError> {
    let (plan, case) = writable_plan(db, authorized, plan_id).await?;
    let from = RelayStatus::parse(&plan.status).ok_or(AppError::Internal)?;
    if from != RelayStatus::Petitioned {
        // A stale page (someone else recorded them first) is a conflict, not a refusal.
        if plan.version != expected_version {
            return Err(AppError::Conflict);
        }
        return Err(problem(RelayProblem::NotAllowed { from, to: RelayStatus::Decided }));
    }
    let case_type = CaseType::parse(&case.case_type).ok_or(AppError::Internal)?;
    let today = japan_date(now);
    let txn = crate::server::begin_write(db).await?;
    // The plan first: of two coordinators recording at once, the second stops here.
    let version = bump(
        &txn,
        now,
        authorized,
        plan.id,
        expected_version,
        &[
            (relay_plan::Column::Status, Expr::value(RelayStatus::Decided.code())),
            (relay_plan::Column::DecidedOn, Expr::value(decisions.resignation_on)),
        ],
    )
    .await?;
    // Then the case, which serialises this with any other change to its appointments.
    case::Entity::update_many()
        .col_expr(case::Column::Version, Expr::col(case::Column::Version).add(1))
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .col_expr(case::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .filter(case::Column::Id.eq(case.id))
        .exec(&txn)
        .await?;
    let models = history(&txn, case.id).await?;
    let roster = roster_of(&models)?;
    let predecessor = roster
        .iter()
        .find(|a| a.id == plan.predecessor_appointment_id)
        .ok_or_else(|| problem(RelayProblem::PredecessorNotActive))?;
    let already = roster.iter().find(|a| {
        a.is_active() && a.guardian == plan.successor_guardian_id && !a.role.is_supervisor()
    });
    let new_id = Uuid::now_v7();
    let succession = match (already, decisions.successor_dates) {
        (Some(existing), _) => Succession::AlreadyAppointed(existing.id),
        (None, Some((decided_on, effective_on))) => Succession::Appointed(NewAppointment {
            guardian: plan.successor_guardian_id,
            role: AppointmentRole::principal_for(case_type),
            mode: predecessor.mode,
            duties: Default::default(),
            decided_on,
            effective_on,
        }),
        (None, None) => return Err(AppError::field("successor_effective_on", "required")),
    };
    record_decisions(
        case_type,
        &roster,
        plan.predecessor_appointment_id,
        decisions.resignation_on,
        &succession,
        new_id,
        today,
    )
    .map_err(problem)?;
    let resignation = crate::domain::appointments::Ending {
        on: decisions.resignation_on,
        reason: crate::domain::appointments::EndReason::Resignation,
    };
    appointments::end(&txn, now, authorized, plan.predecessor_appointment_id, resignation, "")
        .await?;
    let successor_appointment = match &succession {
        Succession::AlreadyAppointed(id) => *id,
        Succession::Appointed(appointment) => {
            let reason = decisions.capacity_override_reason.trim();
            if let Some(mut details) =
                appointments::check_room(&txn, appointment.guardian, reason).await?
            {
                details["relay"] = serde_json::json!(plan.id);
                AuditEvent::new(AuditAction::CapacityOverridden)
                    .by(&authorized.actor)
                    .on("case", case.id)
                    .details(details)
                    .write(&txn, now, meta)
                    .await?;
            }
            appointments::insert(&txn, now, authorized, new_id, case.id, appointment, reason)
                .await?;
            new_id
        }
    };
    relay_plan::Entity::update_many()
        .col_expr(relay_plan::Column::SuccessorAppointmentId, Expr::value(successor_appointment))
        .filter(relay_plan::Column::Id.eq(plan.id))
        .exec(&txn)
        .await?;
    case_files::event(&txn, now, authorized, case.id, "relay_decided", None, None, "").await?;
    AuditEvent::new(AuditAction::RelayDecided)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({
            "relay": plan.id,
            "ended": plan.predecessor_appointment_id,
            "resignation_on": decisions.resignation_on,
            "successor_appointment": successor_appointment,
        }))
        .write(&txn, now, meta)
        .await?;
    crate::server::deadlines::sync_case(&txn, now, case.id).await?;
    txn.commit().await?;
    Ok(version)
}

/// The readable scope check for pages showing plans.
pub async fn readable_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<case::Model, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    case_files::find_in_scope(db, scope, case_id).await
}
