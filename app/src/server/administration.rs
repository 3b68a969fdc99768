//! What an administrator does to other people's accounts: change their role, office and name,
//! disable and enable them, hand out a one-time password, end their sessions. Every change is
//! checked against the version the administrator saw (two administrators never overwrite each
//! other) and written with its audit row in one transaction.

use crate::domain::access::{Actor, Role};
use crate::domain::accounts::{DisplayName, LoginId};
use crate::domain::audit::AuditAction;
use crate::server::accounts::{AccountError, office_for};
use crate::server::audit::AuditEvent;
use crate::server::entities::{guardian, office, user};
use crate::server::request::RequestMeta;
use crate::server::{passwords, sessions, users};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("no such account")]
    NotFound,
    #[error("someone else changed the account first")]
    Conflict,
    /// An administrator cannot demote or disable themselves: the centre could be left without
    /// anyone to run it.
    #[error("administrators cannot change their own role or disable themselves")]
    OwnAccount,
    /// No register entry has the number given for a guardian account.
    #[error("no guardian-register entry has this number")]
    UnknownGuardianNumber,
    /// Another account is already the entry's.
    #[error("another account is linked to this register entry")]
    GuardianNumberTaken,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

/// One account as the administrator's list shows it.
#[derive(Debug, Clone)]
pub struct UserListing {
    pub user: user::Model,
    pub office_name: Option<String>,
    pub active_sessions: usize,
}

/// Every account, by login id, with its office's name and how many sessions it has open.
pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<UserListing>, DbErr> {
    let users = user::Entity::find().order_by_asc(user::Column::LoginId).all(db).await?;
    let offices: HashMap<Uuid, String> = office::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|office| (office.id, office.name))
        .collect();
    let mut sessions_per_user: HashMap<Uuid, usize> = HashMap::new();
    for session in crate::server::entities::session::Entity::find()
        .filter(crate::server::entities::session::Column::AwaitingSecondFactor.eq(false))
        .all(db)
        .await?
    {
        *sessions_per_user.entry(session.user_id).or_default() += 1;
    }
    Ok(users
        .into_iter()
        .map(|user| UserListing {
            office_name: user.office_id.and_then(|id| offices.get(&id).cloned()),
            active_sessions: sessions_per_user.get(&user.id).copied().unwrap_or(0),
            user,
        })
        .collect())
}

pub async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> Result<user::Model, AdminError> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(AdminError::NotFound)
}

/// What an administrator may change on an account's form.
#[derive(Debug, Clone)]
pub struct AccountChanges {
    pub display_name: String,
    pub role: Role,
    pub office_code: Option<String>,
    /// For a guardian account: the register number (名簿番号) of the guardian it belongs to.
    /// The administrator links the account without reading the register.
    pub guardian_number: String,
}

/// The register entry a guardian account belongs to, by its number; none for other roles.
async fn guardian_for(
    db: &impl ConnectionTrait,
    role: Role,
    number: &str,
) -> Result<Option<Uuid>, AdminError> {
    let number = number.trim();
    if role != Role::Guardian || number.is_empty() {
        return Ok(None);
    }
    guardian::Entity::find()
        .filter(guardian::Column::RegistrationNumber.eq(number))
        .one(db)
        .await?
        .map(|entry| Some(entry.id))
        .ok_or(AdminError::UnknownGuardianNumber)
}

pub async fn update_user(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    changes: AccountChanges,
) -> Result<(), AdminError> {
    let current = find_user(db, id).await?;
    let display_name = DisplayName::parse(&changes.display_name)
        .ok_or(AdminError::Account(AccountError::DisplayName))?;
    let office_id = office_for(db, changes.role, changes.office_code.as_deref()).await?;
    let guardian_id = guardian_for(db, changes.role, &changes.guardian_number).await?;
    if id == by.user_id && changes.role.as_str() != current.role {
        return Err(AdminError::OwnAccount);
    }
    let mut fields = Vec::new();
    if display_name.as_str() != current.display_name {
        fields.push("display_name");
    }
    if changes.role.as_str() != current.role {
        fields.push("role");
    }
    if office_id != current.office_id {
        fields.push("office_id");
    }
    if guardian_id != current.guardian_id {
        fields.push("guardian_id");
    }

    let txn = crate::server::begin_write(db).await?;
    let updated = user::Entity::update_many()
        .col_expr(user::Column::DisplayName, Expr::value(display_name.as_str()))
        .col_expr(user::Column::Role, Expr::value(changes.role.as_str()))
        .col_expr(user::Column::OfficeId, Expr::value(office_id))
        .col_expr(user::Column::GuardianId, Expr::value(guardian_id))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(user::Column::Version, Expr::value(expected_version + 1))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(expected_version))
        .exec(&txn)
        .await
        .map_err(|error| match error.sql_err() {
            // The unique index on users.guardian_id: one account per register entry.
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AdminError::GuardianNumberTaken,
            _ => AdminError::Database(error),
        })?;
    if updated.rows_affected != 1 {
        return Err(AdminError::Conflict);
    }
    // Role and office are not sensitive: the trail keeps their new values.
    AuditEvent::new(AuditAction::UserUpdated)
        .by(by)
        .on("user", id)
        .details(serde_json::json!({
            "fields": fields,
            "role": changes.role.as_str(),
            "office_id": office_id,
            "guardian_id": guardian_id,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Disables or enables an account. Disabling ends its sessions at once.
pub async fn set_active(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    active: bool,
) -> Result<(), AdminError> {
    if id == by.user_id {
        return Err(AdminError::OwnAccount);
    }
    let txn = crate::server::begin_write(db).await?;
    let updated = user::Entity::update_many()
        .col_expr(user::Column::Active, Expr::value(active))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(user::Column::Version, Expr::value(expected_version + 1))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        find_user(&txn, id).await?;
        return Err(AdminError::Conflict);
    }
    let ended = if active { 0 } else { sessions::end_all_for_user(&txn, id).await? };
    let action = if active { AuditAction::UserEnabled } else { AuditAction::UserDisabled };
    AuditEvent::new(action)
        .by(by)
        .on("user", id)
        .details(
            serde_json::json!({ "fields": ["active"], "active": active, "sessions_ended": ended }),
        )
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets a one-time password the user must replace at their next sign-in, lifts any lockout
/// and ends the account's sessions. Returns the password, to be shown once and never stored.
pub async fn reset_password(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
) -> Result<String, AdminError> {
    let current = find_user(db, id).await?;
    let login_id = LoginId::parse(&current.login_id).map_err(|_| AdminError::NotFound)?;
    let password =
        passwords::one_time_password_for(&login_id).map_err(|_| AccountError::Hashing)?;
    let password_hash = passwords::hash(&password).await.map_err(|_| AccountError::Hashing)?;

    let txn = crate::server::begin_write(db).await?;
    if !users::set_password(&txn, id, expected_version, &password_hash, true, now).await? {
        return Err(AdminError::Conflict);
    }
    let ended = sessions::end_all_for_user(&txn, id).await?;
    AuditEvent::new(AuditAction::PasswordReset)
        .by(by)
        .on("user", id)
        .details(serde_json::json!({ "fields": ["password"], "sessions_ended": ended }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(password)
}

/// Ends every session of an account (a lost laptop, a shared PC left signed in).
pub async fn end_sessions(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
) -> Result<u64, AdminError> {
    find_user(db, id).await?;
    let txn = crate::server::begin_write(db).await?;
    let ended = sessions::end_all_for_user(&txn, id).await?;
    AuditEvent::new(AuditAction::SessionsEnded)
        .by(by)
        .on("user", id)
        .details(serde_json::json!({ "sessions_ended": ended }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(ended)
}
