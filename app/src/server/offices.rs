//! Offices (窓口): queries and changes.

use crate::api::home::OfficeSummary;
use crate::server::entities::office;
use chrono::Utc;
use sea_orm::ColumnTrait;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
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
