//! After-death affairs (死後事務) on a case, recorded by its coordinators and by the guardians
//! appointed to it, once the case records the person's death. The rules are
//! `domain::after_death`; a record is added, never rewritten.

use crate::api::AppError;
use crate::api::after_death::{AffairList, AffairRow};
use crate::domain::access::Access;
use crate::domain::after_death::{AffairDraft, AfterDeathAffair, affair_problems, date_of_death};
use crate::domain::appointments::EndReason;
use crate::domain::audit::AuditAction;
use crate::domain::cases::TerminationReason;
use crate::domain::dates::japan_date;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files::{self, user_names};
use crate::server::case_scope::CaseScope;
use crate::server::entities::{after_death_affair, appointment, case};
use crate::server::forms::Problems;
use crate::server::own_cases::{self, guardian_of};
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// The case as this user may read it: in their read scope, or one of a guardian's cases.
async fn readable_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<case::Model, AppError> {
    match guardian_of(authorized) {
        Some(guardian) => {
            own_cases::appointment_on(db, guardian, case_id).await?;
            case::Entity::find_by_id(case_id).one(db).await?.ok_or(AppError::NotFound)
        }
        None => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            case_files::find_in_scope(db, scope, case_id).await
        }
    }
}

/// The date of the person's death as the case records it.
async fn died_on(
    db: &impl ConnectionTrait,
    case: &case::Model,
) -> Result<Option<NaiveDate>, AppError> {
    let ended_by_death = appointment::Entity::find()
        .filter(appointment::Column::CaseId.eq(case.id))
        .filter(appointment::Column::EndReason.eq(EndReason::PersonDied.code()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| a.ended_on);
    let closed_for_death = (case.termination_reason.as_deref()
        == Some(TerminationReason::PersonDied.code()))
    .then_some(case.termination_date)
    .flatten();
    Ok(date_of_death(closed_for_death, ended_by_death))
}

pub async fn for_case(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<AffairList, AppError> {
    let case = readable_case(db, authorized, case_id).await?;
    let died_on = died_on(db, &case).await?;
    let records = after_death_affair::Entity::find()
        .filter(after_death_affair::Column::CaseId.eq(case_id))
        .order_by_asc(after_death_affair::Column::DoneOn)
        .order_by_asc(after_death_affair::Column::RecordedAt)
        .all(db)
        .await?;
    let names = user_names(db, records.iter().map(|r| Some(r.recorded_by))).await?;
    let can_record =
        died_on.is_some() && case_files::case_for_records(db, authorized, case_id).await.is_ok();
    Ok(AffairList {
        died_on,
        rows: records
            .into_iter()
            .map(|record| AffairRow {
                id: record.id,
                affair: AfterDeathAffair::parse(&record.affair),
                done_on: record.done_on,
                court_permission_on: record.court_permission_on,
                notes: record.notes,
                recorded_by: names.get(&record.recorded_by).cloned().unwrap_or_default(),
            })
            .collect(),
        can_record,
    })
}

pub async fn record(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    draft: AffairDraft,
) -> Result<Uuid, AppError> {
    let case = case_files::case_for_records(db, authorized, case_id).await?;
    let died_on = died_on(db, &case).await?;
    Problems::from_pairs(affair_problems(&draft, died_on, japan_date(now))).into_result()?;
    let (Some(affair), Some(done_on)) = (draft.affair, draft.done_on) else {
        return Err(AppError::Internal);
    };
    let id = Uuid::now_v7();
    let txn = crate::server::begin_write(db).await?;
    after_death_affair::Entity::insert(after_death_affair::ActiveModel {
        id: Set(id),
        case_id: Set(case.id),
        affair: Set(affair.code().to_owned()),
        done_on: Set(done_on),
        court_permission_on: Set(draft.court_permission_on),
        notes: Set(draft.notes.trim().to_owned()),
        guardian_id: Set(guardian_of(authorized)),
        recorded_by: Set(authorized.actor.user_id),
        recorded_at: Set(now),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::AfterDeathAffairRecorded)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({ "record": id, "affair": affair.code(), "on": done_on }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}
