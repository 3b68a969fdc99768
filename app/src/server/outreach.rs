//! Guardian support sessions and the centre's events with their attendance. Both belong to
//! the guardian bank (Area::Guardians): coordinators record them, managers read them. The
//! rules are `domain::outreach`.

use crate::api::AppError;
use crate::api::outreach::{
    AttendedEvent, Attendee, EventDetail, EventList, EventRow, SupportHistory, SupportSessionRow,
};
use crate::domain::access::{Access, Area, authorize};
use crate::domain::audit::AuditAction;
use crate::domain::dates::{FiscalYear, japan_date};
use crate::domain::guardians::GuardianKind;
use crate::domain::outreach::{
    EventDraft, EventKind, SessionDraft, SupportMode, SupportTopic, event_problems,
    session_problems, takes_attendance,
};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files::user_names;
use crate::server::entities::{event_attendance, guardian, outreach_event, support_session};
use crate::server::forms::Problems;
use crate::server::guardians;
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Most events one list shows.
const LIST_LIMIT: u64 = 500;

fn may_edit(authorized: &Authorized) -> bool {
    authorize(Some(&authorized.actor), Area::Guardians, Access::Write).is_ok()
}

/// A guardian's support history: the sessions and the events they attended.
pub async fn history(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    guardian_id: Uuid,
) -> Result<SupportHistory, AppError> {
    guardians::find(db, guardian_id).await?;
    let sessions = support_session::Entity::find()
        .filter(support_session::Column::GuardianId.eq(guardian_id))
        .order_by_desc(support_session::Column::HeldOn)
        .order_by_desc(support_session::Column::RecordedAt)
        .all(db)
        .await?;
    let names = user_names(db, sessions.iter().map(|s| Some(s.recorded_by))).await?;
    let attended: Vec<Uuid> = event_attendance::Entity::find()
        .filter(event_attendance::Column::GuardianId.eq(guardian_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.event_id)
        .collect();
    let events = outreach_event::Entity::find()
        .filter(outreach_event::Column::Id.is_in(attended))
        .order_by_desc(outreach_event::Column::HeldOn)
        .all(db)
        .await?
        .into_iter()
        .map(|event| AttendedEvent {
            id: event.id,
            kind: EventKind::parse(&event.kind),
            title: event.title,
            held_on: event.held_on,
        })
        .collect();
    Ok(SupportHistory {
        sessions: sessions
            .into_iter()
            .map(|session| SupportSessionRow {
                id: session.id,
                held_on: session.held_on,
                topic: SupportTopic::parse(&session.topic),
                mode: SupportMode::parse(&session.mode),
                duration_minutes: session.duration_minutes.and_then(|m| u32::try_from(m).ok()),
                notes: session.notes,
                recorded_by: names.get(&session.recorded_by).cloned().unwrap_or_default(),
            })
            .collect(),
        events,
        can_record: may_edit(authorized),
    })
}

pub async fn record_session(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    guardian_id: Uuid,
    draft: SessionDraft,
) -> Result<Uuid, AppError> {
    guardians::find(db, guardian_id).await?;
    Problems::from_pairs(session_problems(&draft, japan_date(now))).into_result()?;
    let (Some(held_on), Some(topic), Some(mode)) = (draft.held_on, draft.topic, draft.mode) else {
        return Err(AppError::Internal);
    };
    let id = Uuid::now_v7();
    let txn = crate::server::begin_write(db).await?;
    support_session::Entity::insert(support_session::ActiveModel {
        id: Set(id),
        guardian_id: Set(guardian_id),
        held_on: Set(held_on),
        topic: Set(topic.code().to_owned()),
        mode: Set(mode.code().to_owned()),
        duration_minutes: Set(draft.duration_minutes.and_then(|m| i32::try_from(m).ok())),
        notes: Set(draft.notes.trim().to_owned()),
        recorded_by: Set(authorized.actor.user_id),
        recorded_at: Set(now),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::SupportSessionRecorded)
        .by(&authorized.actor)
        .on("guardian", guardian_id)
        .details(serde_json::json!({ "session": id, "topic": topic.code(), "on": held_on }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

async fn attendee_counts(
    db: &impl ConnectionTrait,
    events: &[Uuid],
) -> Result<HashMap<Uuid, u32>, AppError> {
    let mut counts = HashMap::new();
    for row in event_attendance::Entity::find()
        .filter(event_attendance::Column::EventId.is_in(events.to_vec()))
        .all(db)
        .await?
    {
        *counts.entry(row.event_id).or_insert(0) += 1;
    }
    Ok(counts)
}

fn row_of(event: &outreach_event::Model, attendees: u32) -> EventRow {
    EventRow {
        id: event.id,
        kind: EventKind::parse(&event.kind),
        title: event.title.clone(),
        held_on: event.held_on,
        venue: event.venue.clone(),
        audience: event.audience.clone(),
        participants: event.participants.and_then(|n| u32::try_from(n).ok()),
        attendees,
    }
}

pub async fn list_events(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    fiscal_year: Option<i32>,
) -> Result<EventList, AppError> {
    let mut query = outreach_event::Entity::find();
    if let Some(year) = fiscal_year {
        let year = FiscalYear::starting_in(year);
        query = query
            .filter(outreach_event::Column::HeldOn.gte(year.first_day()))
            .filter(outreach_event::Column::HeldOn.lte(year.last_day()));
    }
    let events =
        query.order_by_desc(outreach_event::Column::HeldOn).limit(LIST_LIMIT).all(db).await?;
    let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
    let counts = attendee_counts(db, &ids).await?;
    Ok(EventList {
        rows: events
            .iter()
            .map(|event| row_of(event, counts.get(&event.id).copied().unwrap_or(0)))
            .collect(),
        can_edit: may_edit(authorized),
    })
}

pub async fn event(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    id: Uuid,
) -> Result<EventDetail, AppError> {
    let event = outreach_event::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let attended: Vec<Uuid> = event_attendance::Entity::find()
        .filter(event_attendance::Column::EventId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.guardian_id)
        .collect();
    let mut attendees: Vec<Attendee> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(attended))
        .order_by_asc(guardian::Column::NameKana)
        .all(db)
        .await?
        .into_iter()
        .map(|g| Attendee { guardian_id: g.id, kind: GuardianKind::parse(&g.kind), name: g.name })
        .collect();
    attendees.dedup_by_key(|a| a.guardian_id);
    let count = u32::try_from(attendees.len()).unwrap_or(u32::MAX);
    Ok(EventDetail {
        row: row_of(&event, count),
        notes: event.notes.clone(),
        version: event.version,
        takes_attendance: EventKind::parse(&event.kind).is_some_and(takes_attendance),
        attendees,
        can_edit: may_edit(authorized),
    })
}

pub async fn save_event(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Option<Uuid>,
    expected_version: i32,
    draft: EventDraft,
) -> Result<Uuid, AppError> {
    let txn = crate::server::begin_write(db).await?;
    let attendees = match id {
        Some(id) => u32::try_from(
            event_attendance::Entity::find()
                .filter(event_attendance::Column::EventId.eq(id))
                .count(&txn)
                .await?,
        )
        .unwrap_or(u32::MAX),
        None => 0,
    };
    Problems::from_pairs(event_problems(&draft, attendees)).into_result()?;
    let (Some(kind), Some(held_on)) = (draft.kind, draft.held_on) else {
        return Err(AppError::Internal);
    };
    let participants = draft.participants.and_then(|n| i32::try_from(n).ok());
    let saved = match id {
        None => {
            let id = Uuid::now_v7();
            outreach_event::Entity::insert(outreach_event::ActiveModel {
                id: Set(id),
                kind: Set(kind.code().to_owned()),
                title: Set(draft.title.trim().to_owned()),
                held_on: Set(held_on),
                venue: Set(draft.venue.trim().to_owned()),
                audience: Set(draft.audience.trim().to_owned()),
                participants: Set(participants),
                notes: Set(draft.notes.trim().to_owned()),
                updated_by: Set(authorized.actor.user_id),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec(&txn)
            .await?;
            id
        }
        Some(id) => {
            outreach_event::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
            let updated = outreach_event::Entity::update_many()
                .col_expr(outreach_event::Column::Kind, Expr::value(kind.code()))
                .col_expr(outreach_event::Column::Title, Expr::value(draft.title.trim()))
                .col_expr(outreach_event::Column::HeldOn, Expr::value(held_on))
                .col_expr(outreach_event::Column::Venue, Expr::value(draft.venue.trim()))
                .col_expr(outreach_event::Column::Audience, Expr::value(draft.audience.trim()))
                .col_expr(outreach_event::Column::Participants, Expr::value(participants))
                .col_expr(outreach_event::Column::Notes, Expr::value(draft.notes.trim()))
                .col_expr(outreach_event::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
                .col_expr(outreach_event::Column::UpdatedAt, Expr::value(now))
                .col_expr(outreach_event::Column::Version, Expr::value(expected_version + 1))
                .filter(outreach_event::Column::Id.eq(id))
                .filter(outreach_event::Column::Version.eq(expected_version))
                .exec(&txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
            id
        }
    };
    AuditEvent::new(AuditAction::EventSaved)
        .by(&authorized.actor)
        .on("event", saved)
        .details(serde_json::json!({
            "kind": kind.code(),
            "on": held_on,
            "participants": participants,
            "new": id.is_none(),
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(saved)
}

pub async fn set_attendance(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    event_id: Uuid,
    guardian_id: Uuid,
    attended: bool,
) -> Result<(), AppError> {
    let txn = crate::server::begin_write(db).await?;
    let event =
        outreach_event::Entity::find_by_id(event_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    guardians::find(&txn, guardian_id).await?;
    if !EventKind::parse(&event.kind).is_some_and(takes_attendance) {
        return Err(AppError::field("guardian_id", "no_attendance"));
    }
    if attended {
        event_attendance::Entity::insert(event_attendance::ActiveModel {
            event_id: Set(event_id),
            guardian_id: Set(guardian_id),
            recorded_at: Set(now),
        })
        .on_conflict_do_nothing_on([
            event_attendance::Column::EventId,
            event_attendance::Column::GuardianId,
        ])
        .exec(&txn)
        .await?;
        let count = event_attendance::Entity::find()
            .filter(event_attendance::Column::EventId.eq(event_id))
            .count(&txn)
            .await?;
        // The head count already recorded cannot fall below the names recorded.
        if event
            .participants
            .is_some_and(|n| i64::from(n) < i64::try_from(count).unwrap_or(i64::MAX))
        {
            return Err(AppError::field("guardian_id", "fewer_than_attendees"));
        }
    } else {
        event_attendance::Entity::delete_many()
            .filter(event_attendance::Column::EventId.eq(event_id))
            .filter(event_attendance::Column::GuardianId.eq(guardian_id))
            .exec(&txn)
            .await?;
    }
    AuditEvent::new(AuditAction::AttendanceChanged)
        .by(&authorized.actor)
        .on("event", event_id)
        .details(serde_json::json!({ "guardian": guardian_id, "attended": attended }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}
