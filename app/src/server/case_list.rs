//! The case list: one SQL query for the page and one for the count, both filtered by the
//! request's scope and the list's filters, so no row outside them leaves the database.

use crate::domain::case_list::{CaseListQuery, CoordinatorFilter, PAGE_SIZE, SortKey};
use crate::domain::categories::RightsViolation;
use crate::domain::paging;
use crate::domain::search::normalize_for_search;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{case, consultation, district, office, person, user};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement, UnionType,
};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use uuid::Uuid;

/// One row of the list as the query returns it.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CaseListEntry {
    pub id: Uuid,
    pub office_id: Uuid,
    pub case_number: String,
    pub case_type: String,
    pub stage: String,
    pub opened_on: NaiveDate,
    pub updated_at: DateTime<Utc>,
    pub person_name: String,
    pub person_kana: String,
    pub office_name: String,
    pub coordinator_name: Option<String>,
    pub district_name: Option<String>,
}

/// A LIKE pattern that finds `text` anywhere, with the user's `%` and `_` taken literally.
pub fn contains(text: &str) -> LikeExpr {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The consultation column that holds a rights-violation flag.
pub fn flag_column(flag: RightsViolation) -> consultation::Column {
    match flag {
        RightsViolation::Abuse => consultation::Column::FlagAbuse,
        RightsViolation::ConsumerFraud => consultation::Column::FlagConsumerFraud,
        RightsViolation::SelfNeglect => consultation::Column::FlagSelfNeglect,
        RightsViolation::Other => consultation::Column::FlagOther,
    }
}

/// The FROM, JOIN and WHERE the page and the count share. The person is joined when a filter
/// reads it or the caller shows it (every case has one): a count without them reads an index
/// of the cases alone.
fn filtered(scope: CaseScope, query: &CaseListQuery, with_person: bool) -> SelectStatement {
    let text = normalize_for_search(&query.text);
    let mut select = Query::select();
    select
        .from(case::Entity)
        .and_where(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))));
    if with_person || !text.is_empty() || query.district.is_some() {
        select.join(
            JoinType::InnerJoin,
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((case::Entity, case::Column::PersonId)),
        );
    }
    if !text.is_empty() {
        select.and_where(
            Expr::col((person::Entity, person::Column::SearchText))
                .like(contains(&text))
                // The search text is lower case; so must the number be (a centre's own numbers
                // may hold letters, and LIKE is case-sensitive on PostgreSQL).
                .or(Func::lower(Expr::col((case::Entity, case::Column::CaseNumber)))
                    .like(contains(&text))),
        );
    }
    match query.stage {
        Some(stage) => {
            select.and_where(Expr::col((case::Entity, case::Column::Stage)).eq(stage.code()));
        }
        None if !query.include_closed => {
            select.and_where(Expr::col((case::Entity, case::Column::Stage)).ne("closed"));
        }
        None => {}
    }
    if let Some(case_type) = query.case_type {
        select.and_where(Expr::col((case::Entity, case::Column::CaseType)).eq(case_type.code()));
    }
    match query.coordinator {
        Some(CoordinatorFilter::Unassigned) => {
            select.and_where(Expr::col((case::Entity, case::Column::CoordinatorId)).is_null());
        }
        Some(CoordinatorFilter::User(id)) => {
            select.and_where(Expr::col((case::Entity, case::Column::CoordinatorId)).eq(id));
        }
        None => {}
    }
    if let Some(office) = query.office {
        select.and_where(Expr::col((case::Entity, case::Column::OfficeId)).eq(office));
    }
    if let Some(district) = query.district {
        select.and_where(Expr::col((person::Entity, person::Column::DistrictId)).eq(district));
    }
    if let Some(flag) = query.flag {
        let flagged = Query::select()
            .expr(Expr::value(1))
            .from(consultation::Entity)
            .and_where(
                Expr::col((consultation::Entity, consultation::Column::CaseId))
                    .equals((case::Entity, case::Column::Id)),
            )
            .and_where(Expr::col((consultation::Entity, flag_column(flag))).eq(true))
            .to_owned();
        select.and_where(Expr::exists(flagged));
    }
    select
}

/// How many cases the filters match in all.
pub async fn count(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    query: &CaseListQuery,
) -> Result<u64, DbErr> {
    // COUNT(*), not COUNT(id): the id is not in the indexes the filters use.
    let count_statement = filtered(scope, query, false)
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("total"))
        .to_owned();
    let total = db
        .query_one(&count_statement)
        .await?
        .map(|row| row.try_get::<i64>("", "total"))
        .transpose()?
        .unwrap_or(0);
    Ok(u64::try_from(total).unwrap_or(0))
}

/// One page of cases and the number of cases the filters match in all.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    query: &CaseListQuery,
) -> Result<(Vec<CaseListEntry>, u64), DbErr> {
    let total = count(db, scope, query).await?;
    let Some(offset) = paging::first_row(query.page, PAGE_SIZE) else {
        return Ok((Vec::new(), total));
    };
    let mut select = rows(scope, query);
    select.limit(PAGE_SIZE).offset(offset);
    let backend = db.get_database_backend();
    let rows = CaseListEntry::find_by_statement(backend.build(&select)).all(db).await?;
    Ok((rows, total))
}

/// Every case the filters match, in the list's order, for an export: the caller counts first
/// and refuses a list too long to write.
pub async fn all(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    query: &CaseListQuery,
) -> Result<Vec<CaseListEntry>, DbErr> {
    let backend = db.get_database_backend();
    CaseListEntry::find_by_statement(backend.build(&rows(scope, query))).all(db).await
}

/// The list's columns over the filtered cases, sorted; no page cut.
fn rows(scope: CaseScope, query: &CaseListQuery) -> SelectStatement {
    let mut select = filtered(scope, query, true);
    select
        .column((case::Entity, case::Column::Id))
        .column((case::Entity, case::Column::OfficeId))
        .column((case::Entity, case::Column::CaseNumber))
        .column((case::Entity, case::Column::CaseType))
        .column((case::Entity, case::Column::Stage))
        .column((case::Entity, case::Column::OpenedOn))
        .column((case::Entity, case::Column::UpdatedAt))
        .expr_as(Expr::col((person::Entity, person::Column::Name)), Alias::new("person_name"))
        .expr_as(Expr::col((person::Entity, person::Column::NameKana)), Alias::new("person_kana"))
        .expr_as(Expr::col((office::Entity, office::Column::Name)), Alias::new("office_name"))
        .expr_as(
            Expr::col((user::Entity, user::Column::DisplayName)),
            Alias::new("coordinator_name"),
        )
        .expr_as(Expr::col((district::Entity, district::Column::Name)), Alias::new("district_name"))
        .join(
            JoinType::InnerJoin,
            office::Entity,
            Expr::col((office::Entity, office::Column::Id))
                .equals((case::Entity, case::Column::OfficeId)),
        )
        .join(
            JoinType::LeftJoin,
            user::Entity,
            Expr::col((user::Entity, user::Column::Id))
                .equals((case::Entity, case::Column::CoordinatorId)),
        )
        .join(
            JoinType::LeftJoin,
            district::Entity,
            Expr::col((district::Entity, district::Column::Id))
                .equals((person::Entity, person::Column::DistrictId)),
        );
    let order = if query.descending { Order::Desc } else { Order::Asc };
    let sort_column = match query.sort {
        SortKey::Updated => Expr::col((case::Entity, case::Column::UpdatedAt)),
        SortKey::CaseNumber => Expr::col((case::Entity, case::Column::CaseNumber)),
        SortKey::Kana => Expr::col((person::Entity, person::Column::NameKana)),
        SortKey::Stage => stage_order(),
        SortKey::Opened => Expr::col((case::Entity, case::Column::OpenedOn)),
    };
    // The id last, so equal keys keep one order from page to page.
    select
        .order_by_expr(sort_column, order.clone())
        .order_by_expr(Expr::col((case::Entity, case::Column::Id)), order)
        .to_owned()
}

/// Stages sort in the order of the work, not by their codes' spelling.
fn stage_order() -> Expr {
    use crate::domain::cases::Stage;
    let mut case_expr =
        Expr::case(Expr::col((case::Entity, case::Column::Stage)).eq(Stage::ALL[0].code()), 0);
    for (position, stage) in Stage::ALL.iter().enumerate().skip(1) {
        case_expr = case_expr.case(
            Expr::col((case::Entity, case::Column::Stage)).eq(stage.code()),
            i32::try_from(position).unwrap_or(i32::MAX),
        );
    }
    case_expr.finally(99).into()
}

/// What the list's filters offer: the offices and the coordinators within the scope, and the
/// districts, each in its own order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FilterChoices {
    pub offices: Vec<(Uuid, String)>,
    pub coordinators: Vec<(Uuid, String)>,
    pub districts: Vec<(Uuid, String)>,
}

#[derive(FromQueryResult)]
struct ChoiceRow {
    kind: i32,
    id: Uuid,
    name: String,
}

const OFFICE: i32 = 0;
const COORDINATOR: i32 = 1;
const DISTRICT: i32 = 2;

/// The filters' choices in one statement (UNION ALL) rather than three: on SQLite each
/// statement is a round trip to the connection's worker thread, which costs the case list more
/// than reading these few rows.
pub async fn filter_choices(
    db: &impl ConnectionTrait,
    scope: CaseScope,
) -> Result<FilterChoices, DbErr> {
    let kind = |kind: i32| Expr::cust(kind.to_string());
    let offices = Query::select()
        .expr_as(kind(OFFICE), Alias::new("kind"))
        .expr_as(Expr::col((office::Entity, office::Column::Id)), Alias::new("id"))
        .expr_as(Expr::col((office::Entity, office::Column::Name)), Alias::new("name"))
        .expr_as(Expr::col((office::Entity, office::Column::SortOrder)), Alias::new("position"))
        .expr_as(Expr::col((office::Entity, office::Column::Code)), Alias::new("tie"))
        .from(office::Entity)
        .and_where(Expr::col((office::Entity, office::Column::Active)).eq(true))
        .and_where(scope.condition(Expr::col((office::Entity, office::Column::Id))))
        .to_owned();
    let coordinators = Query::select()
        .expr(kind(COORDINATOR))
        .column((user::Entity, user::Column::Id))
        .column((user::Entity, user::Column::DisplayName))
        .expr(Expr::cust("0"))
        .column((user::Entity, user::Column::DisplayName))
        .from(user::Entity)
        .and_where(Expr::col((user::Entity, user::Column::Role)).eq("coordinator"))
        .and_where(Expr::col((user::Entity, user::Column::Active)).eq(true))
        .and_where(scope.condition(Expr::col((user::Entity, user::Column::OfficeId))))
        .to_owned();
    let districts = Query::select()
        .expr(kind(DISTRICT))
        .column((district::Entity, district::Column::Id))
        .column((district::Entity, district::Column::Name))
        .column((district::Entity, district::Column::SortOrder))
        .column((district::Entity, district::Column::Code))
        .from(district::Entity)
        .and_where(Expr::col((district::Entity, district::Column::Active)).eq(true))
        .to_owned();
    let mut select = offices;
    select
        .union(UnionType::All, coordinators)
        .union(UnionType::All, districts)
        .order_by(Alias::new("kind"), Order::Asc)
        .order_by(Alias::new("position"), Order::Asc)
        .order_by(Alias::new("tie"), Order::Asc);
    let rows =
        ChoiceRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    let mut choices = FilterChoices::default();
    for row in rows {
        let list = match row.kind {
            OFFICE => &mut choices.offices,
            COORDINATOR => &mut choices.coordinators,
            _ => &mut choices.districts,
        };
        list.push((row.id, row.name));
    }
    Ok(choices)
}

/// The coordinators a filter or an assignment may name, within the scope.
pub async fn coordinators(
    db: &impl ConnectionTrait,
    scope: CaseScope,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut query = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Role.eq("coordinator"))
        .filter(user::Column::Active.eq(true));
    match scope {
        CaseScope::All => {}
        CaseScope::Office(office) => query = query.filter(user::Column::OfficeId.eq(office)),
        CaseScope::Nothing => return Ok(Vec::new()),
    }
    // Only the two columns: the password hashes and second-factor secrets stay in the database.
    query.order_by_asc(user::Column::DisplayName).into_tuple().all(db).await
}
