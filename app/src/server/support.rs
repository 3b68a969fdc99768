//! Support requests and their threads. A guardian reaches only their own requests (another
//! guardian's is "not found", as if it did not exist); coordinators answer and close any; a
//! message is added, never rewritten. The rules are `domain::support`.

use crate::api::AppError;
use crate::api::support::{AskableCase, SupportList, SupportMessageRow, SupportRow, SupportThread};
use crate::domain::access::{Access, Area, Role, Scope, authorize};
use crate::domain::audit::AuditAction;
use crate::domain::support::{Side, SupportStatus, Turn, reply_problems, request_problems, turn};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    appointment, case, guardian, person, support_message, support_request, user,
};
use crate::server::forms::Problems;
use crate::server::own_cases::{self, guardian_of};
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Most requests one list shows; older closed ones stay in the database.
const LIST_LIMIT: u64 = 200;

/// The guardian whose requests this user reaches; `None` for the centre, which reaches all.
fn reach(authorized: &Authorized) -> Result<Option<Uuid>, AppError> {
    match authorized.scope {
        Scope::All => Ok(None),
        Scope::OwnAppointments(guardian) => Ok(Some(guardian)),
        _ => Err(AppError::Forbidden),
    }
}

/// A request this user reaches, or "not found".
async fn reachable(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    id: Uuid,
) -> Result<support_request::Model, AppError> {
    let mut query = support_request::Entity::find_by_id(id);
    if let Some(guardian) = reach(authorized)? {
        query = query.filter(support_request::Column::GuardianId.eq(guardian));
    }
    query.one(db).await?.ok_or(AppError::NotFound)
}

fn may_write(authorized: &Authorized) -> bool {
    authorize(Some(&authorized.actor), Area::Support, Access::Write).is_ok()
}

fn status_of(request: &support_request::Model) -> SupportStatus {
    SupportStatus::parse(&request.status).unwrap_or(SupportStatus::Open)
}

pub async fn list(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    status: Option<SupportStatus>,
) -> Result<SupportList, AppError> {
    let own = reach(authorized)?;
    let mut query = support_request::Entity::find();
    if let Some(guardian) = own {
        query = query.filter(support_request::Column::GuardianId.eq(guardian));
    }
    if let Some(status) = status {
        query = query.filter(support_request::Column::Status.eq(status.code()));
    }
    let requests = query
        .order_by_asc(support_request::Column::Status.eq(SupportStatus::Closed.code()))
        .order_by_desc(support_request::Column::UpdatedAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let mut rows = describe(db, authorized, requests).await?;
    // What is waiting for this user first: answers to read for a guardian, questions to answer
    // for the centre (the sort is stable, so the most recent stay first within each group).
    let mine = if own.is_some() { Turn::Guardian } else { Turn::Centre };
    rows.sort_by_key(|row| (row.status == SupportStatus::Closed, row.turn != mine));
    let cases = match own {
        Some(guardian) => askable_cases(db, guardian).await?,
        None => Vec::new(),
    };
    Ok(SupportList { rows, can_ask: own.is_some() && may_write(authorized), cases })
}

/// Rows for requests, with their guardian, case and whose turn it is, in a fixed number of
/// queries.
async fn describe(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    requests: Vec<support_request::Model>,
) -> Result<Vec<SupportRow>, AppError> {
    let ids: Vec<Uuid> = requests.iter().map(|r| r.id).collect();
    let messages = support_message::Entity::find()
        .filter(support_message::Column::RequestId.is_in(ids))
        .order_by_asc(support_message::Column::WrittenAt)
        .order_by_asc(support_message::Column::Id)
        .all(db)
        .await?;
    let sides = sides_of(db, messages.iter().map(|m| m.author_id)).await?;
    let last_writer: HashMap<Uuid, Side> = messages
        .iter()
        .filter_map(|m| sides.get(&m.author_id).map(|(_, side)| (m.request_id, *side)))
        .collect();
    let guardians: HashMap<Uuid, String> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(requests.iter().map(|r| r.guardian_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let cases: HashMap<Uuid, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(requests.iter().filter_map(|r| r.case_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let own = guardian_of(authorized).is_some();
    let case_scope = CaseScope::of(db, authorized, Access::Read).await?;
    Ok(requests
        .into_iter()
        .map(|request| {
            let status = status_of(&request);
            let case = request.case_id.and_then(|id| cases.get(&id));
            let case_link = case.and_then(|case| {
                if own {
                    Some(format!("/my/cases/{}", case.id))
                } else {
                    case_scope.covers(case.office_id).then(|| format!("/cases/{}", case.id))
                }
            });
            SupportRow {
                id: request.id,
                subject: request.subject,
                status,
                turn: turn(status, last_writer.get(&request.id).copied()),
                guardian_id: request.guardian_id,
                guardian_name: guardians.get(&request.guardian_id).cloned().unwrap_or_default(),
                case_number: case.map(|case| case.case_number.clone()),
                case_link,
                opened_at: request.opened_at,
                updated_at: request.updated_at,
            }
        })
        .collect())
}

/// Each author's name and side: a guardian's account writes for the guardian, any other for
/// the centre.
async fn sides_of(
    db: &impl ConnectionTrait,
    authors: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, (String, Side)>, AppError> {
    let ids: Vec<Uuid> = authors.into_iter().collect();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let side = if Role::parse(&u.role) == Some(Role::Guardian) {
                Side::Guardian
            } else {
                Side::Centre
            };
            (u.id, (u.display_name, side))
        })
        .collect())
}

/// The cases a guardian may ask about: their appointments, active first.
async fn askable_cases(
    db: &impl ConnectionTrait,
    guardian: Uuid,
) -> Result<Vec<AskableCase>, AppError> {
    let appointments = appointment::Entity::find()
        .filter(appointment::Column::GuardianId.eq(guardian))
        .order_by_asc(appointment::Column::EndedOn.is_not_null())
        .all(db)
        .await?;
    let cases: HashMap<Uuid, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(appointments.iter().map(|a| a.case_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let people: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(cases.values().map(|c| c.person_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut seen = std::collections::HashSet::new();
    Ok(appointments
        .iter()
        .filter(|a| seen.insert(a.case_id))
        .filter_map(|a| cases.get(&a.case_id))
        .map(|case| AskableCase {
            case_id: case.id,
            label: format!(
                "{}（{}）",
                people.get(&case.person_id).cloned().unwrap_or_default(),
                case.case_number
            ),
        })
        .collect())
}

/// A guardian's new request, with its first message; returns its id.
pub async fn ask(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Option<Uuid>,
    subject: &str,
    body: &str,
) -> Result<Uuid, AppError> {
    // The centre answers requests; it records its own help as support sessions.
    let guardian = guardian_of(authorized).ok_or(AppError::Forbidden)?;
    if let Some(case_id) = case_id {
        own_cases::appointment_on(db, guardian, case_id).await?;
    }
    Problems::from_pairs(request_problems(subject, body)).into_result()?;
    let id = Uuid::now_v7();
    let txn = crate::server::begin_write(db).await?;
    support_request::Entity::insert(support_request::ActiveModel {
        id: Set(id),
        guardian_id: Set(guardian),
        case_id: Set(case_id),
        subject: Set(subject.trim().to_owned()),
        status: Set(SupportStatus::Open.code().to_owned()),
        opened_by: Set(authorized.actor.user_id),
        opened_at: Set(now),
        closed_at: Set(None),
        closed_by: Set(None),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec(&txn)
    .await?;
    add_message(&txn, now, authorized, id, body).await?;
    AuditEvent::new(AuditAction::SupportRequested)
        .by(&authorized.actor)
        .on("support_request", id)
        .details(serde_json::json!({ "case": case_id }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

async fn add_message(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    request_id: Uuid,
    body: &str,
) -> Result<(), AppError> {
    support_message::Entity::insert(support_message::ActiveModel {
        id: Set(Uuid::now_v7()),
        request_id: Set(request_id),
        author_id: Set(authorized.actor.user_id),
        body: Set(body.trim().to_owned()),
        written_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn thread(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    id: Uuid,
) -> Result<SupportThread, AppError> {
    let request = reachable(db, authorized, id).await?;
    let version = request.version;
    let open = status_of(&request) == SupportStatus::Open;
    let messages = support_message::Entity::find()
        .filter(support_message::Column::RequestId.eq(id))
        .order_by_asc(support_message::Column::WrittenAt)
        .order_by_asc(support_message::Column::Id)
        .all(db)
        .await?;
    let sides = sides_of(db, messages.iter().map(|m| m.author_id)).await?;
    let messages = messages
        .into_iter()
        .map(|m| {
            let (author, side) =
                sides.get(&m.author_id).cloned().unwrap_or((String::new(), Side::Centre));
            SupportMessageRow { author, side, body: m.body, written_at: m.written_at }
        })
        .collect();
    let request = describe(db, authorized, vec![request]).await?.pop().ok_or(AppError::Internal)?;
    let writer = may_write(authorized);
    Ok(SupportThread {
        request,
        messages,
        version,
        can_reply: open && writer,
        can_close: open && writer && guardian_of(authorized).is_none(),
    })
}

pub async fn reply(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    body: &str,
) -> Result<(), AppError> {
    let request = reachable(db, authorized, id).await?;
    Problems::from_pairs(reply_problems(status_of(&request), body)).into_result()?;
    let txn = crate::server::begin_write(db).await?;
    // Only while still open: a close that landed since the read above wins.
    let touched = support_request::Entity::update_many()
        .col_expr(support_request::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            support_request::Column::Version,
            Expr::col(support_request::Column::Version).add(1),
        )
        .filter(support_request::Column::Id.eq(id))
        .filter(support_request::Column::Status.eq(SupportStatus::Open.code()))
        .exec(&txn)
        .await?;
    if touched.rows_affected != 1 {
        return Err(AppError::field("body", "support_closed"));
    }
    add_message(&txn, now, authorized, id, body).await?;
    AuditEvent::new(AuditAction::SupportReplied)
        .by(&authorized.actor)
        .on("support_request", id)
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn close(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
) -> Result<(), AppError> {
    if guardian_of(authorized).is_some() {
        return Err(AppError::Forbidden);
    }
    reachable(db, authorized, id).await?;
    let txn = crate::server::begin_write(db).await?;
    // A reply written since the coordinator read the thread raises the version: they see it
    // before closing.
    let closed = support_request::Entity::update_many()
        .col_expr(support_request::Column::Status, Expr::value(SupportStatus::Closed.code()))
        .col_expr(support_request::Column::ClosedAt, Expr::value(now))
        .col_expr(support_request::Column::ClosedBy, Expr::value(authorized.actor.user_id))
        .col_expr(support_request::Column::UpdatedAt, Expr::value(now))
        .col_expr(support_request::Column::Version, Expr::value(expected_version + 1))
        .filter(support_request::Column::Id.eq(id))
        .filter(support_request::Column::Version.eq(expected_version))
        .filter(support_request::Column::Status.eq(SupportStatus::Open.code()))
        .exec(&txn)
        .await?;
    if closed.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::SupportClosed)
        .by(&authorized.actor)
        .on("support_request", id)
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Open requests for the inbox: those waiting for the centre's answer first, the longest
/// waiting first.
pub async fn open_for_inbox(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
) -> Result<Vec<SupportRow>, AppError> {
    let open = support_request::Entity::find()
        .filter(support_request::Column::Status.eq(SupportStatus::Open.code()))
        .order_by_asc(support_request::Column::UpdatedAt)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    let mut rows = describe(db, authorized, open).await?;
    rows.sort_by_key(|row| row.turn != Turn::Centre);
    Ok(rows)
}
