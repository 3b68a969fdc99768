//! Master data the centre keeps up to date itself: districts, family courts and their
//! branches, partner organisations. Administrators change them under the same version check
//! and audit trail as everything else; rows are retired (inactive), never deleted, because
//! records name them.

use crate::api::AppError;
use crate::domain::access::Actor;
use crate::domain::audit::AuditAction;
use crate::domain::cases::Stage;
use crate::domain::categories::OrganisationKind;
use crate::domain::deadlines::ReportRule;
use crate::domain::search::normalize_for_search;
use crate::server::audit::AuditEvent;
use crate::server::entities::{case, district, family_court, partner_organisation};
use crate::server::forms::{self, Problems};
use crate::server::request::RequestMeta;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use uuid::Uuid;

#[allow(clippy::too_many_arguments)]
async fn audit(
    txn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    action: AuditAction,
    table: &'static str,
    id: Uuid,
    details: serde_json::Value,
) -> Result<(), AppError> {
    AuditEvent::new(action).by(by).on(table, id).details(details).write(txn, now, meta).await?;
    Ok(())
}

fn name(value: &str, max: usize) -> Result<String, AppError> {
    forms::required_text("name", value, max)
}

/// A district code: 2 to 32 lower-case letters, digits, `-` or `_` (imports use it).
fn district_code(code: &str) -> Result<String, AppError> {
    let code = code.trim().to_ascii_lowercase();
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_';
    if (2..=32).contains(&code.len()) && code.chars().all(allowed) {
        Ok(code)
    } else {
        Err(AppError::field("code", "office_code"))
    }
}

pub async fn districts(db: &impl ConnectionTrait) -> Result<Vec<district::Model>, AppError> {
    Ok(district::Entity::find()
        .order_by_desc(district::Column::Active)
        .order_by_asc(district::Column::SortOrder)
        .all(db)
        .await?)
}

#[allow(clippy::too_many_arguments)]
pub async fn create_district(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    code: &str,
    district_name: &str,
    sort_order: i32,
) -> Result<Uuid, AppError> {
    let mut problems = Problems::default();
    let code = problems.take(district_code(code), String::new());
    let district_name = problems.take(name(district_name, 100), String::new());
    problems.into_result()?;
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    let inserted = district::Entity::insert(district::ActiveModel {
        id: Set(id),
        code: Set(code.clone()),
        name: Set(district_name.clone()),
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
            return Err(AppError::field("code", "office_code_taken"));
        }
        Err(error) => return Err(error.into()),
    }
    let details = serde_json::json!({ "code": code, "name": district_name });
    audit(&txn, now, by, meta, AuditAction::MasterDataCreated, "district", id, details).await?;
    txn.commit().await?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub async fn update_district(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    version: i32,
    district_name: &str,
    sort_order: i32,
    active: bool,
) -> Result<(), AppError> {
    let district_name = name(district_name, 100)?;
    let txn = crate::server::begin_write(db).await?;
    let updated = district::Entity::update_many()
        .col_expr(district::Column::Name, Expr::value(district_name.clone()))
        .col_expr(district::Column::SortOrder, Expr::value(sort_order))
        .col_expr(district::Column::Active, Expr::value(active))
        .col_expr(district::Column::UpdatedAt, Expr::value(now))
        .col_expr(district::Column::Version, Expr::value(version + 1))
        .filter(district::Column::Id.eq(id))
        .filter(district::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(missing_or_conflict(district::Entity::find_by_id(id).one(&txn).await?));
    }
    let details =
        serde_json::json!({ "name": district_name, "sort_order": sort_order, "active": active });
    audit(&txn, now, by, meta, AuditAction::MasterDataUpdated, "district", id, details).await?;
    txn.commit().await?;
    Ok(())
}

fn missing_or_conflict<T>(found: Option<T>) -> AppError {
    if found.is_some() { AppError::Conflict } else { AppError::NotFound }
}

pub async fn courts(db: &impl ConnectionTrait) -> Result<Vec<family_court::Model>, AppError> {
    Ok(family_court::Entity::find()
        .order_by_desc(family_court::Column::Active)
        .order_by_asc(family_court::Column::SortOrder)
        .order_by_asc(family_court::Column::Name)
        .all(db)
        .await?)
}

/// Courts form two levels: a branch's main court is a main court itself, and a court that has
/// branches cannot become a branch.
async fn check_parent(
    db: &impl ConnectionTrait,
    parent: Option<Uuid>,
    id: Option<Uuid>,
) -> Result<(), AppError> {
    let Some(parent) = parent else { return Ok(()) };
    let found = family_court::Entity::find_by_id(parent).one(db).await?;
    if !found.is_some_and(|court| court.parent_id.is_none() && Some(court.id) != id) {
        return Err(AppError::field("parent_id", "invalid"));
    }
    if let Some(id) = id {
        let branches = family_court::Entity::find()
            .filter(family_court::Column::ParentId.eq(id))
            .count(db)
            .await?;
        if branches > 0 {
            return Err(AppError::field("parent_id", "court_has_branches"));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn save_court(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    existing: Option<(Uuid, i32)>,
    court_name: &str,
    parent_id: Option<Uuid>,
    sort_order: i32,
    active: bool,
) -> Result<Uuid, AppError> {
    let court_name = name(court_name, 100)?;
    check_parent(db, parent_id, existing.map(|(id, _)| id)).await?;
    let txn = crate::server::begin_write(db).await?;
    let details = serde_json::json!({ "name": court_name, "parent_id": parent_id, "sort_order": sort_order, "active": active });
    let id = match existing {
        None => {
            let id = Uuid::now_v7();
            family_court::Entity::insert(family_court::ActiveModel {
                id: Set(id),
                parent_id: Set(parent_id),
                name: Set(court_name),
                sort_order: Set(sort_order),
                active: Set(true),
                report_reference: Set(None),
                report_fixed_month: Set(None),
                report_interval_months: Set(None),
                report_offset_months: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec(&txn)
            .await?;
            audit(&txn, now, by, meta, AuditAction::MasterDataCreated, "family_court", id, details)
                .await?;
            id
        }
        Some((id, version)) => {
            let updated = family_court::Entity::update_many()
                .col_expr(family_court::Column::Name, Expr::value(court_name))
                .col_expr(family_court::Column::ParentId, Expr::value(parent_id))
                .col_expr(family_court::Column::SortOrder, Expr::value(sort_order))
                .col_expr(family_court::Column::Active, Expr::value(active))
                .col_expr(family_court::Column::UpdatedAt, Expr::value(now))
                .col_expr(family_court::Column::Version, Expr::value(version + 1))
                .filter(family_court::Column::Id.eq(id))
                .filter(family_court::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if updated.rows_affected != 1 {
                let found = family_court::Entity::find_by_id(id).one(&txn).await?;
                return Err(missing_or_conflict(found));
            }
            audit(&txn, now, by, meta, AuditAction::MasterDataUpdated, "family_court", id, details)
                .await?;
            id
        }
    };
    txn.commit().await?;
    Ok(id)
}

pub async fn organisations(
    db: &impl ConnectionTrait,
) -> Result<Vec<partner_organisation::Model>, AppError> {
    Ok(partner_organisation::Entity::find()
        .order_by_desc(partner_organisation::Column::Active)
        .order_by_asc(partner_organisation::Column::Kind)
        .order_by_asc(partner_organisation::Column::Name)
        .all(db)
        .await?)
}

/// A partner organisation as its form posts it.
#[derive(Debug, Clone)]
pub struct OrganisationFields {
    pub kind: OrganisationKind,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub notes: String,
    pub active: bool,
}

pub async fn save_organisation(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    existing: Option<(Uuid, i32)>,
    fields: OrganisationFields,
) -> Result<Uuid, AppError> {
    let mut problems = Problems::default();
    let organisation_name = problems.take(name(&fields.name, 200), String::new());
    let phone = problems.take(forms::text("phone", &fields.phone, 40), String::new());
    let address = problems.take(forms::text("address", &fields.address, 200), String::new());
    let notes =
        problems.take(forms::text("notes", &fields.notes, forms::TEXT_MAX_CHARS), String::new());
    problems.into_result()?;
    let txn = crate::server::begin_write(db).await?;
    let details = serde_json::json!({ "kind": fields.kind.code(), "name": organisation_name, "active": fields.active });
    let id = match existing {
        None => {
            let id = Uuid::now_v7();
            partner_organisation::Entity::insert(partner_organisation::ActiveModel {
                id: Set(id),
                kind: Set(fields.kind.code().to_owned()),
                name_search: Set(normalize_for_search(&organisation_name)),
                name: Set(organisation_name),
                phone: Set(phone),
                address: Set(address),
                notes: Set(notes),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            })
            .exec(&txn)
            .await?;
            audit(
                &txn,
                now,
                by,
                meta,
                AuditAction::MasterDataCreated,
                "partner_organisation",
                id,
                details,
            )
            .await?;
            id
        }
        Some((id, version)) => {
            let updated = partner_organisation::Entity::update_many()
                .col_expr(partner_organisation::Column::Kind, Expr::value(fields.kind.code()))
                .col_expr(
                    partner_organisation::Column::NameSearch,
                    Expr::value(normalize_for_search(&organisation_name)),
                )
                .col_expr(partner_organisation::Column::Name, Expr::value(organisation_name))
                .col_expr(partner_organisation::Column::Phone, Expr::value(phone))
                .col_expr(partner_organisation::Column::Address, Expr::value(address))
                .col_expr(partner_organisation::Column::Notes, Expr::value(notes))
                .col_expr(partner_organisation::Column::Active, Expr::value(fields.active))
                .col_expr(partner_organisation::Column::UpdatedAt, Expr::value(now))
                .col_expr(partner_organisation::Column::Version, Expr::value(version + 1))
                .filter(partner_organisation::Column::Id.eq(id))
                .filter(partner_organisation::Column::Version.eq(version))
                .exec(&txn)
                .await?;
            if updated.rows_affected != 1 {
                let found = partner_organisation::Entity::find_by_id(id).one(&txn).await?;
                return Err(missing_or_conflict(found));
            }
            audit(
                &txn,
                now,
                by,
                meta,
                AuditAction::MasterDataUpdated,
                "partner_organisation",
                id,
                details,
            )
            .await?;
            id
        }
    };
    txn.commit().await?;
    Ok(id)
}

/// Saves a court's periodic-report rule (`None`: the centre's default) under a version check,
/// and brings the deadlines of the open cases it governs in step in the same transaction: the
/// court's own cases, and those of its branches without a rule of their own. Returns the new
/// version.
pub async fn save_court_rule(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    by: &Actor,
    meta: &RequestMeta,
    id: Uuid,
    version: i32,
    rule: Option<ReportRule>,
) -> Result<i32, AppError> {
    let as_number = |value: u32| i32::try_from(value).unwrap_or(i32::MAX);
    let txn = crate::server::begin_write(db).await?;
    let updated = family_court::Entity::update_many()
        .col_expr(
            family_court::Column::ReportReference,
            Expr::value(rule.map(|rule| rule.reference.code())),
        )
        .col_expr(
            family_court::Column::ReportFixedMonth,
            Expr::value(rule.and_then(|rule| rule.fixed_month).map(as_number)),
        )
        .col_expr(
            family_court::Column::ReportIntervalMonths,
            Expr::value(rule.map(|rule| as_number(rule.interval_months))),
        )
        .col_expr(
            family_court::Column::ReportOffsetMonths,
            Expr::value(rule.map(|rule| as_number(rule.offset_months))),
        )
        .col_expr(family_court::Column::UpdatedAt, Expr::value(now))
        .col_expr(family_court::Column::Version, Expr::value(version + 1))
        .filter(family_court::Column::Id.eq(id))
        .filter(family_court::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        let found = family_court::Entity::find_by_id(id).one(&txn).await?;
        return Err(missing_or_conflict(found));
    }
    let details = serde_json::json!({
        "report_reference": rule.map(|rule| rule.reference.code()),
        "report_fixed_month": rule.and_then(|rule| rule.fixed_month),
        "report_interval_months": rule.map(|rule| rule.interval_months),
        "report_offset_months": rule.map(|rule| rule.offset_months),
    });
    audit(&txn, now, by, meta, AuditAction::MasterDataUpdated, "family_court", id, details).await?;
    let governed: Vec<Uuid> = std::iter::once(id)
        .chain(
            family_court::Entity::find()
                .filter(family_court::Column::ParentId.eq(id))
                .filter(family_court::Column::ReportReference.is_null())
                .all(&txn)
                .await?
                .into_iter()
                .map(|branch| branch.id),
        )
        .collect();
    let cases: Vec<Uuid> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(case::Column::FamilyCourtId.is_in(governed))
        .filter(case::Column::Stage.ne(Stage::Closed.code()))
        .into_tuple()
        .all(&txn)
        .await?;
    for case_id in cases {
        crate::server::deadlines::sync_case(&txn, now, case_id).await?;
    }
    txn.commit().await?;
    Ok(version + 1)
}
