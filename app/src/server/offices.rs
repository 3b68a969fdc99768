//! Offices (窓口): queries and changes.

use crate::api::home::OfficeSummary;
use crate::domain::access::Actor;
use crate::domain::audit::AuditAction;
use crate::server::audit::AuditEvent;
use crate::server::entities::office;
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, SqlErr, sea_query::Expr,
};
use uuid::Uuid;

/// Open offices in the centre's order.
pub async fn list_active(db: &impl ConnectionTrait) -> Result<Vec<office::Model>, DbErr> {
    office::Entity::find()
        .filter(office::Column::Active.eq(true))
        .order_by_asc(office::Column::SortOrder)
        .order_by_asc(office::Column::Code)
        .all(db)
        .await
}

/// What it takes to register an office.
pub struct NewOffice<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub sort_order: i32,
}

/// Registers an office and returns its id.
pub async fn create(db: &impl ConnectionTrait, new: NewOffice<'_>) -> Result<Uuid, DbErr> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    office::Entity::insert(office::ActiveModel {
        id: Set(id),
        code: Set(new.code.to_owned()),
        name: Set(new.name.to_owned()),
        sort_order: Set(new.sort_order),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec(db)
    .await?;
    Ok(id)
}

impl From<office::Model> for OfficeSummary {
    fn from(model: office::Model) -> Self {
        OfficeSummary { id: model.id, name: model.name }
    }
}

/// Every office, closed ones last.
pub async fn list_all(db: &impl ConnectionTrait) -> Result<Vec<office::Model>, DbErr> {
    office::Entity::find()
        .order_by_desc(office::Column::Active)
        .order_by_asc(office::Column::SortOrder)
        .order_by_asc(office::Column::Code)
        .all(db)
        .await
}

#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    #[error("an office code is 2 to 32 lower-case letters, digits, '-' or '_'")]
    Code,
    #[error("the office code is taken")]
    CodeTaken,
    #[error("an office name is 1 to 100 characters")]
    Name,
    #[error("no such office")]
    NotFound,
    #[error("someone else changed the office first")]
    Conflict,
    #[error(transparent)]
    Database(#[from] DbErr),
}

fn valid_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
    ((2..=32).contains(&code.len()) && code.chars().all(allowed)).then_some(code)
}

fn valid_name(name: &str) -> Option<&str> {
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= 100).then_some(name)
}

/// An administrator registers an office; written with its audit row.
pub async fn register(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    code: &str,
    name: &str,
    sort_order: i32,
) -> Result<Uuid, OfficeError> {
    let code = valid_code(code).ok_or(OfficeError::Code)?;
    let name = valid_name(name).ok_or(OfficeError::Name)?;
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    let inserted = office::Entity::insert(office::ActiveModel {
        id: Set(id),
        code: Set(code.clone()),
        name: Set(name.to_owned()),
        sort_order: Set(sort_order),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    })
    .exec(&txn)
    .await;
    match inserted {
        Ok(_) => {}
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(OfficeError::CodeTaken);
        }
        Err(error) => return Err(error.into()),
    }
    AuditEvent::new(AuditAction::OfficeCreated)
        .by(by)
        .on("office", id)
        .details(serde_json::json!({ "fields": ["code", "name", "sort_order"], "code": code, "name": name }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

/// What an administrator may change on an office (its code is permanent: imports use it).
#[derive(Debug, Clone)]
pub struct OfficeChanges {
    pub name: String,
    pub sort_order: i32,
    pub active: bool,
}

pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    changes: OfficeChanges,
) -> Result<(), OfficeError> {
    let name = valid_name(&changes.name).ok_or(OfficeError::Name)?;
    let current = office::Entity::find_by_id(id).one(db).await?.ok_or(OfficeError::NotFound)?;
    let mut fields = Vec::new();
    if name != current.name {
        fields.push("name");
    }
    if changes.sort_order != current.sort_order {
        fields.push("sort_order");
    }
    if changes.active != current.active {
        fields.push("active");
    }
    let txn = crate::server::begin_write(db).await?;
    let updated = office::Entity::update_many()
        .col_expr(office::Column::Name, Expr::value(name))
        .col_expr(office::Column::SortOrder, Expr::value(changes.sort_order))
        .col_expr(office::Column::Active, Expr::value(changes.active))
        .col_expr(office::Column::UpdatedAt, Expr::value(now))
        .col_expr(office::Column::Version, Expr::value(expected_version + 1))
        .filter(office::Column::Id.eq(id))
        .filter(office::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(OfficeError::Conflict);
    }
    // An office's name and order are public master data: the trail keeps their values.
    AuditEvent::new(AuditAction::OfficeUpdated)
        .by(by)
        .on("office", id)
        .details(serde_json::json!({
            "fields": fields,
            "name": name,
            "sort_order": changes.sort_order,
            "active": changes.active,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}
