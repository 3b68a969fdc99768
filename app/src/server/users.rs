//! User accounts: queries and changes.

use crate::domain::access::{Actor, Role};
use crate::domain::accounts::{LoginId, lockout_after};
use crate::server::entities::user;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

/// What it takes to create an account; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub login_id: LoginId,
    pub display_name: String,
    pub role: Role,
    pub office_id: Option<Uuid>,
    pub guardian_id: Option<Uuid>,
    pub password_hash: String,
    pub must_change_password: bool,
}

pub async fn create(
    db: &impl ConnectionTrait,
    new: NewUser,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    user::Entity::insert(user::ActiveModel {
        id: Set(id),
        login_id: Set(new.login_id.as_str().to_owned()),
        display_name: Set(new.display_name),
        role: Set(new.role.as_str().to_owned()),
        office_id: Set(new.office_id),
        guardian_id: Set(new.guardian_id),
        password_hash: Set(new.password_hash),
        must_change_password: Set(new.must_change_password),
        active: Set(true),
        failed_sign_ins: Set(0),
        locked_until: Set(None),
        password_changed_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        totp_secret: Set(None),
        totp_enabled_at: Set(None),
        totp_last_step: Set(None),
    })
    .exec(db)
    .await?;
    Ok(id)
}

pub async fn find_by_login_id(
    db: &impl ConnectionTrait,
    login_id: &LoginId,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::LoginId.eq(login_id.as_str())).one(db).await
}

/// Whether any active administrator exists (a fresh installation has none).
pub async fn has_active_admin(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin.as_str()))
        .filter(user::Column::Active.eq(true))
        .count(db)
        .await?;
    Ok(admins > 0)
}

/// The policy's view of an account; `None` for a role code this version does not know.
pub fn actor_of(user: &user::Model) -> Option<Actor> {
    Some(Actor {
        user_id: user.id,
        role: Role::parse(&user.role)?,
        office_id: user.office_id,
        guardian_id: user.guardian_id,
    })
}

/// Counts a failed sign-in and locks the account when the count calls for it. The increment
/// happens in the database, so two failures at the same moment both count. Returns the time
/// until which the account is now locked, if it is.
pub async fn record_failed_sign_in(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedSignIns, Expr::col(user::Column::FailedSignIns).add(1))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    let failures = user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map_or(0, |user| u32::try_from(user.failed_sign_ins).unwrap_or(0));
    let Some(lockout) = lockout_after(failures) else { return Ok(None) };
    let locked_until = now + lockout;
    user::Entity::update_many()
        .col_expr(user::Column::LockedUntil, Expr::value(locked_until))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(Some(locked_until))
}

/// A successful sign-in clears the failure count and any lock.
pub async fn record_successful_sign_in(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::FailedSignIns, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces the password hash if the account is still at `expected_version`; false when it
/// changed meanwhile. A password someone else chose (`must_change`) must be replaced at the
/// next sign-in. Also clears any lockout: the user (or an administrator) just proved control.
pub async fn set_password(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    expected_version: i32,
    password_hash: &str,
    must_change: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(password_hash))
        .col_expr(user::Column::MustChangePassword, Expr::value(must_change))
        .col_expr(user::Column::PasswordChangedAt, Expr::value(now))
        .col_expr(user::Column::FailedSignIns, Expr::value(0))
        .col_expr(user::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .col_expr(user::Column::Version, Expr::value(expected_version + 1))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
