//! Activity records on a case: logged by the case's coordinators and by its appointed
//! guardians, read by the centre, and by a guardian for what they logged themselves (the
//! centre's own notes about a case stay with the centre). The rules are
//! `domain::activities`; a record is added, never rewritten.

use crate::api::AppError;
use crate::api::activities::{ActivityList, ActivityRow};
use crate::domain::access::Access;
use crate::domain::activities::{ActivityDraft, ActivityKind, activity_problems};
use crate::domain::audit::AuditAction;
use crate::domain::categories::RightsViolation;
use crate::domain::dates::japan_date;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files::{self, user_names};
use crate::server::case_scope::CaseScope;
use crate::server::entities::{activity, case};
use crate::server::forms::Problems;
use crate::server::own_cases::{self, guardian_of};
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// The case an activity may be logged on by this user: a coordinator's open case in their
/// write scope, or a case the guardian is actively appointed to.
async fn loggable_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<case::Model, AppError> {
    match guardian_of(authorized) {
        Some(guardian) => {
            own_cases::active_appointment_on(db, guardian, case_id).await?;
            case::Entity::find_by_id(case_id).one(db).await?.ok_or(AppError::NotFound)
        }
        None => case_files::writable(db, authorized, case_id).await,
    }
}

/// Records an activity; returns its id.
pub async fn log(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    draft: ActivityDraft,
) -> Result<Uuid, AppError> {
    let case = loggable_case(db, authorized, case_id).await?;
    Problems::from_pairs(activity_problems(&draft, japan_date(now))).into_result()?;
    let (Some(kind), Some(occurred_on)) = (draft.kind, draft.occurred_on) else {
        return Err(AppError::Internal);
    };
    let id = Uuid::now_v7();
    let txn = crate::server::begin_write(db).await?;
    activity::Entity::insert(activity::ActiveModel {
        id: Set(id),
        case_id: Set(case.id),
        kind: Set(kind.code().to_owned()),
        occurred_on: Set(occurred_on),
        duration_minutes: Set(draft.duration_minutes.and_then(|m| i32::try_from(m).ok())),
        participants: Set(draft.participants.trim().to_owned()),
        notes: Set(draft.notes.trim().to_owned()),
        wishes: Set(draft.wishes.trim().to_owned()),
        options: Set(draft.options.trim().to_owned()),
        decided: Set(draft.decided.trim().to_owned()),
        violation: Set(draft.violation.map(|v| v.code().to_owned())),
        guardian_id: Set(guardian_of(authorized)),
        recorded_by: Set(authorized.actor.user_id),
        recorded_at: Set(now),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::ActivityLogged)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({ "activity": id, "kind": kind.code(), "on": occurred_on }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

/// A case's activities, newest first, as this user may see them.
pub async fn for_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<ActivityList, AppError> {
    let mut query = activity::Entity::find().filter(activity::Column::CaseId.eq(case_id));
    let can_log = match guardian_of(authorized) {
        Some(guardian) => {
            let made = own_cases::appointment_on(db, guardian, case_id).await?;
            query = query.filter(activity::Column::GuardianId.eq(guardian));
            made.ended_on.is_none()
        }
        None => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            case_files::find_in_scope(db, scope, case_id).await?;
            case_files::writable(db, authorized, case_id).await.is_ok()
        }
    };
    let records = query
        .order_by_desc(activity::Column::OccurredOn)
        .order_by_desc(activity::Column::RecordedAt)
        .all(db)
        .await?;
    let names = user_names(db, records.iter().map(|record| Some(record.recorded_by))).await?;
    let rows = records.into_iter().map(|record| row_of(record, &names)).collect();
    Ok(ActivityList { rows, can_log })
}

pub fn row_of(
    record: activity::Model,
    names: &std::collections::HashMap<Uuid, String>,
) -> ActivityRow {
    ActivityRow {
        id: record.id,
        kind: ActivityKind::parse(&record.kind),
        occurred_on: record.occurred_on,
        duration_minutes: record.duration_minutes.and_then(|m| u32::try_from(m).ok()),
        participants: record.participants,
        notes: record.notes,
        wishes: record.wishes,
        options: record.options,
        decided: record.decided,
        violation: record.violation.as_deref().and_then(RightsViolation::parse),
        recorded_by: names.get(&record.recorded_by).cloned().unwrap_or_default(),
        by_guardian: record.guardian_id.is_some(),
    }
}
