use sea_orm::entity::prelude::*;

/// A family court (家庭裁判所) or one of its branches (支部), where petitions are filed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "family_courts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The main court of a branch; `None` for a main court.
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub sort_order: i32,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The court's periodic-report rule ([`crate::domain::deadlines::ReportRule`]); none: the
    /// centre's default.
    pub report_reference: Option<String>,
    pub report_fixed_month: Option<i32>,
    pub report_interval_months: Option<i32>,
    pub report_offset_months: Option<i32>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
