//! A user's calendar feed: their open deadlines at a secret address. A guardian's are those of
//! their appointments; a coordinator's those of the cases they lead. The address is shown once,
//! when issued; the table keeps its SHA-256, so renewing it or revoking it ends the old one, as
//! does deactivating the account. The calendar text is `domain::calendar`.

use crate::api::AppError;
use crate::api::calendar::CalendarFeedStatus;
use crate::domain::access::Role;
use crate::domain::audit::AuditAction;
use crate::domain::calendar::{FeedEntry, calendar};
use crate::domain::cases::Stage;
use crate::domain::categories::Category;
use crate::domain::deadlines::DeadlineKind;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::entities::{appointment, calendar_feed, case, deadline, person, user};
use crate::server::request::RequestMeta;
use crate::server::sessions::{random_secret, session_id};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Where feeds are served; the secret and `.ics` follow.
pub const FEED_PREFIX: &str = "/calendar/";

pub async fn status(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
) -> Result<CalendarFeedStatus, AppError> {
    let feed = calendar_feed::Entity::find_by_id(authorized.actor.user_id).one(db).await?;
    Ok(match feed {
        Some(feed) => CalendarFeedStatus {
            active: true,
            include_names: feed.include_names,
            created_at: Some(feed.created_at),
            last_fetched_at: feed.last_fetched_at,
        },
        None => CalendarFeedStatus {
            active: false,
            include_names: false,
            created_at: None,
            last_fetched_at: None,
        },
    })
}

/// Issues a new secret address (ending any earlier one); returns its path, shown only now.
pub async fn renew(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    include_names: bool,
) -> Result<String, AppError> {
    let secret = random_secret()?;
    let user_id = authorized.actor.user_id;
    let txn = crate::server::begin_write(db).await?;
    calendar_feed::Entity::delete_by_id(user_id).exec(&txn).await?;
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(session_id(&secret)),
        include_names: Set(include_names),
        created_at: Set(now),
        last_fetched_at: Set(None),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::CalendarFeedRenewed)
        .by(&authorized.actor)
        .on("user", user_id)
        .details(serde_json::json!({ "include_names": include_names }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(format!("{FEED_PREFIX}{secret}.ics"))
}

pub async fn revoke(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
) -> Result<(), AppError> {
    let user_id = authorized.actor.user_id;
    let txn = crate::server::begin_write(db).await?;
    let removed = calendar_feed::Entity::delete_by_id(user_id).exec(&txn).await?;
    if removed.rows_affected > 0 {
        AuditEvent::new(AuditAction::CalendarFeedRevoked)
            .by(&authorized.actor)
            .on("user", user_id)
            .write(&txn, now, meta)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The calendar behind a secret, or `None` when no active account's feed has it.
pub async fn feed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    secret: &str,
) -> Result<Option<String>, AppError> {
    let Some(feed) = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(session_id(secret)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(owner) = user::Entity::find_by_id(feed.user_id).one(db).await? else {
        return Ok(None);
    };
    if !owner.active {
        return Ok(None);
    }
    let entries = entries_of(db, &owner, feed.include_names).await?;
    // When the calendar last fetched it, for the account page; a failure here must not cost
    // the user their calendar.
    if let Err(error) = calendar_feed::Entity::update_many()
        .col_expr(calendar_feed::Column::LastFetchedAt, Expr::value(now))
        .filter(calendar_feed::Column::UserId.eq(owner.id))
        .exec(db)
        .await
    {
        tracing::warn!(%error, "calendar feed: could not note the fetch");
    }
    Ok(Some(calendar("成年後見 期限", &entries, now)))
}

/// The owner's open deadlines, earliest first.
async fn entries_of(
    db: &impl ConnectionTrait,
    owner: &user::Model,
    include_names: bool,
) -> Result<Vec<FeedEntry>, AppError> {
    let mut query = deadline::Entity::find().filter(deadline::Column::DoneOn.is_null());
    query = match (Role::parse(&owner.role), owner.guardian_id) {
        (Some(Role::Guardian), Some(guardian)) => query.filter(
            deadline::Column::AppointmentId.in_subquery(
                Query::select()
                    .column(appointment::Column::Id)
                    .from(appointment::Entity)
                    .and_where(appointment::Column::GuardianId.eq(guardian))
                    .to_owned(),
            ),
        ),
        (Some(Role::Coordinator), _) => query.filter(
            deadline::Column::CaseId.in_subquery(
                Query::select()
                    .column(case::Column::Id)
                    .from(case::Entity)
                    .and_where(case::Column::CoordinatorId.eq(owner.id))
                    .and_where(case::Column::Stage.ne(Stage::Closed.code()))
                    .to_owned(),
            ),
        ),
        _ => return Ok(Vec::new()),
    };
    let deadlines = query.order_by_asc(deadline::Column::DueOn).all(db).await?;
    let cases: HashMap<Uuid, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(deadlines.iter().map(|d| d.case_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let names: HashMap<Uuid, String> = if include_names {
        person::Entity::find()
            .filter(person::Column::Id.is_in(cases.values().map(|c| c.person_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect()
    } else {
        HashMap::new()
    };
    let mut entries: Vec<FeedEntry> = deadlines
        .into_iter()
        .filter_map(|row| {
            let case = cases.get(&row.case_id)?;
            Some(FeedEntry {
                uid: format!("{}@koken-desk", row.id),
                due_on: row.extended_to.unwrap_or(row.due_on),
                kind_label: DeadlineKind::from_code(&row.kind)
                    .map(|kind| kind.label(true).to_owned())
                    .unwrap_or(row.kind),
                case_number: case.case_number.clone(),
                person_name: names.get(&case.person_id).cloned(),
            })
        })
        .collect();
    // An extension moves a deadline: the order is by the date that counts.
    entries.sort_by_key(|entry| entry.due_on);
    Ok(entries)
}
