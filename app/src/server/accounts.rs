//! Creating user accounts: the one path for the command line, the demo data and (later) the
//! administration pages. The account and its audit row are written in one transaction.

use crate::domain::access::{Actor, Role};
use crate::domain::accounts::{
    DisplayName, LoginId, LoginIdProblem, NewPassword, PasswordProblem, office_is_required,
};
use crate::domain::audit::AuditAction;
use crate::server::audit::AuditEvent;
use crate::server::entities::{office, user};
use crate::server::request::RequestMeta;
use crate::server::{passwords, sessions, users};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, SqlErr};
use uuid::Uuid;

/// An account as someone asked for it, before any check.
#[derive(Clone)]
pub struct AccountRequest {
    pub login_id: String,
    pub display_name: String,
    pub role: Role,
    pub office_code: Option<String>,
    pub password: String,
    /// A password someone else chose (a reset, a first account) must be replaced at the next
    /// sign-in.
    pub must_change_password: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the login id is not valid: {0:?}")]
    LoginId(LoginIdProblem),
    #[error("the password does not meet the policy: {0:?}")]
    Password(PasswordProblem),
    #[error("a display name of 1 to 100 characters is required")]
    DisplayName,
    #[error("a coordinator's account needs an office")]
    OfficeRequired,
    #[error("there is no office with code {0:?}")]
    UnknownOffice(String),
    #[error("the login id is already taken")]
    LoginIdTaken,
    #[error("the password could not be hashed")]
    Hashing,
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

/// The office an account of `role` is attached to, from the office's code (blank for none).
pub async fn office_for(
    db: &impl sea_orm::ConnectionTrait,
    role: Role,
    office_code: Option<&str>,
) -> Result<Option<Uuid>, AccountError> {
    match office_code.map(str::trim).filter(|code| !code.is_empty()) {
        Some(code) => Ok(Some(
            office::Entity::find()
                .filter(office::Column::Code.eq(code))
                .one(db)
                .await?
                .ok_or_else(|| AccountError::UnknownOffice(code.to_owned()))?
                .id,
        )),
        None if office_is_required(role) => Err(AccountError::OfficeRequired),
        None => Ok(None),
    }
}

/// Checks the request against the rules, hashes the password and creates the account.
pub async fn create_account(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: Option<&Actor>,
    meta: &RequestMeta,
    request: AccountRequest,
) -> Result<Uuid, AccountError> {
    let login_id = LoginId::parse(&request.login_id).map_err(AccountError::LoginId)?;
    let display_name =
        DisplayName::parse(&request.display_name).ok_or(AccountError::DisplayName)?;
    let password =
        NewPassword::parse(&request.password, &login_id).map_err(AccountError::Password)?;
    let office_id = office_for(db, request.role, request.office_code.as_deref()).await?;
    if users::find_by_login_id(db, &login_id).await?.is_some() {
        return Err(AccountError::LoginIdTaken);
    }
    let password_hash =
        passwords::hash(password.expose()).await.map_err(|_| AccountError::Hashing)?;

    let txn = crate::server::begin_write(db).await?;
    let new_user = users::NewUser {
        login_id,
        display_name: display_name.as_str().to_owned(),
        role: request.role,
        office_id,
        guardian_id: None,
        password_hash,
        must_change_password: request.must_change_password,
    };
    let id = users::create(&txn, new_user, now).await.map_err(|error| {
        match error.sql_err() {
            // Someone took the login id between the check and the insert.
            Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::LoginIdTaken,
            _ => AccountError::Database(error),
        }
    })?;
    let mut event =
        AuditEvent::new(AuditAction::UserCreated).on("user", id).details(serde_json::json!({
            "fields": ["login_id", "display_name", "role", "office_id", "password"],
            "role": request.role.as_str(),
            "office_id": office_id,
        }));
    if let Some(actor) = by {
        event = event.by(actor);
    }
    event.write(&txn, now, meta).await?;
    txn.commit().await?;
    Ok(id)
}

/// Why a password change was refused; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordChangeError {
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("the new password does not meet the policy: {0:?}")]
    Password(PasswordProblem),
    #[error("the confirmation differs from the new password")]
    ConfirmationDiffers,
    #[error("the new password is the current one")]
    Unchanged,
    #[error("the account changed meanwhile")]
    Conflict,
    #[error("the account does not exist")]
    NoAccount,
    #[error("the password could not be hashed")]
    Hashing,
    #[error("database error: {0}")]
    Database(#[from] DbErr),
}

/// A user replaces their own password, proving the current one. Every session of the user
/// ends, this one included: a thief holding a session loses it with the old password.
pub async fn change_own_password(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    actor: &Actor,
    meta: &RequestMeta,
    current: &str,
    new: &str,
    confirmation: &str,
) -> Result<(), PasswordChangeError> {
    let user = user::Entity::find_by_id(actor.user_id)
        .one(db)
        .await?
        .ok_or(PasswordChangeError::NoAccount)?;
    let login_id = LoginId::parse(&user.login_id).map_err(|_| PasswordChangeError::NoAccount)?;
    let password = NewPassword::parse(new, &login_id).map_err(PasswordChangeError::Password)?;
    if new != confirmation {
        return Err(PasswordChangeError::ConfirmationDiffers);
    }
    let current_matches = passwords::verify(current, Some(&user.password_hash))
        .await
        .map_err(|_| PasswordChangeError::Hashing)?;
    if !current_matches {
        AuditEvent::new(AuditAction::PasswordChangeFailed)
            .by(actor)
            .on("user", user.id)
            .write(db, now, meta)
            .await?;
        return Err(PasswordChangeError::WrongCurrentPassword);
    }
    if new == current {
        return Err(PasswordChangeError::Unchanged);
    }
    let password_hash =
        passwords::hash(password.expose()).await.map_err(|_| PasswordChangeError::Hashing)?;

    let txn = crate::server::begin_write(db).await?;
    let updated =
        users::set_password(&txn, user.id, user.version, &password_hash, false, now).await?;
    if !updated {
        return Err(PasswordChangeError::Conflict);
    }
    let ended = sessions::end_all_for_user(&txn, user.id).await?;
    AuditEvent::new(AuditAction::PasswordChanged)
        .by(actor)
        .on("user", user.id)
        .details(serde_json::json!({ "fields": ["password"], "sessions_ended": ended }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}
