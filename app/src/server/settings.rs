//! Settings an administrator controls, one row per key. A missing row means the default.

use crate::domain::access::Actor;
use crate::domain::audit::AuditAction;
use crate::server::audit::AuditEvent;
use crate::server::entities::setting;
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, sea_query::Expr,
};

/// Whether administrators, managers and coordinators must sign in with a second factor.
pub const TWO_FACTOR_REQUIRED_FOR_STAFF: &str = "two_factor_required_for_staff";

/// A boolean setting with the version an update must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    pub enabled: bool,
    /// 0 while the setting has never been saved.
    pub version: i32,
}

pub async fn flag(db: &impl ConnectionTrait, key: &str) -> Result<Flag, DbErr> {
    let row = setting::Entity::find_by_id(key.to_owned()).one(db).await?;
    Ok(row.map_or(Flag { enabled: false, version: 0 }, |row| Flag {
        enabled: row.value == "true",
        version: row.version,
    }))
}

/// A whole-number setting with the version an update must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub value: u32,
    /// 0 while the setting has never been saved.
    pub version: i32,
}

/// A whole-number setting, or `default` while it was never saved (or holds no number).
pub async fn number(db: &impl ConnectionTrait, key: &str, default: u32) -> Result<u32, DbErr> {
    Ok(numbered(db, key, default).await?.value)
}

pub async fn numbered(db: &impl ConnectionTrait, key: &str, default: u32) -> Result<Number, DbErr> {
    let row = setting::Entity::find_by_id(key.to_owned()).one(db).await?;
    Ok(match row {
        Some(row) => {
            Number { value: row.value.trim().parse().unwrap_or(default), version: row.version }
        }
        None => Number { value: default, version: 0 },
    })
}

/// Why a setting was not saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    #[error("someone else changed the setting first")]
    Conflict,
    #[error(transparent)]
    Database(#[from] DbErr),
}

impl From<SettingError> for crate::api::AppError {
    fn from(error: SettingError) -> Self {
        match error {
            SettingError::Conflict => crate::api::AppError::Conflict,
            SettingError::Database(error) => error.into(),
        }
    }
}

/// Saves a boolean setting if it is still at `expected_version`, with its audit row.
pub async fn set_flag(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    key: &'static str,
    enabled: bool,
    expected_version: i32,
) -> Result<(), SettingError> {
    let txn = crate::server::begin_write(db).await?;
    let value = if enabled { "true" } else { "false" };
    save(&txn, now, by, meta, key, value, expected_version).await?;
    txn.commit().await?;
    Ok(())
}

/// Saves one setting in the caller's transaction if it is still at `expected_version` (0: never
/// saved), with its audit row.
pub async fn save(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    key: &'static str,
    value: &str,
    expected_version: i32,
) -> Result<(), SettingError> {
    let saved = if expected_version == 0 {
        let inserted = setting::Entity::insert(setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(value.to_owned()),
            updated_at: Set(now),
            version: Set(1),
        })
        .exec(txn)
        .await;
        match inserted {
            Ok(_) => true,
            // Someone saved it first: the row exists now.
            Err(error) if error.sql_err().is_some() => false,
            Err(error) => return Err(error.into()),
        }
    } else {
        setting::Entity::update_many()
            .col_expr(setting::Column::Value, Expr::value(value))
            .col_expr(setting::Column::UpdatedAt, Expr::value(now))
            .col_expr(setting::Column::Version, Expr::value(expected_version + 1))
            .filter(setting::Column::Key.eq(key))
            .filter(setting::Column::Version.eq(expected_version))
            .exec(txn)
            .await?
            .rows_affected
            == 1
    };
    if !saved {
        return Err(SettingError::Conflict);
    }
    AuditEvent::new(AuditAction::SettingChanged)
        .by(by)
        .on("setting", key)
        .details(serde_json::json!({ "fields": ["value"], "value": value }))
        .write(txn, now, meta)
        .await?;
    Ok(())
}
