//! The workload dashboard's figures, each one GROUP BY (or one window query for a median) over
//! the cases in scope: nothing is loaded row by row and counted here, so the page stays fast
//! with a prefecture's cases. The windows (months, fiscal years, recent days) are
//! `domain::workload`.

use crate::api::AppError;
use crate::api::dashboard::{CoordinatorLoad, Dashboard, DistrictBank, OPEN_STAGES, TrendPoint};
use crate::domain::access::Role;
use crate::domain::cases::Stage;
use crate::domain::dates::japan_date;
use crate::domain::guardians::{GuardianKind, Registration};
use crate::domain::relays::RelayStatus;
use crate::domain::workload::{
    Month, median_since, recent_since, trend_fiscal_years, trend_months,
};
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    activity, appointment, case, deadline, district, guardian, relay_plan, user,
};
use crate::server::statistics::grouped;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, Statement, Values,
};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn dashboard(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    now: DateTime<Utc>,
) -> Result<Dashboard, AppError> {
    let today = japan_date(now);
    let coordinators = coordinator_loads(db, scope, today).await?;
    let stages = OPEN_STAGES
        .iter()
        .enumerate()
        .map(|(index, _)| coordinators.iter().map(|load| load.open_by_stage[index]).sum())
        .collect();
    let since = median_since(today);
    Ok(Dashboard {
        whole_centre: scope == CaseScope::All,
        coordinators,
        stages,
        median_days_to_petition: median_days(
            db,
            scope,
            case::Column::OpenedOn,
            case::Column::PetitionDate,
            since,
        )
        .await?,
        median_days_to_decision: median_days(
            db,
            scope,
            case::Column::PetitionDate,
            case::Column::DecisionDate,
            since,
        )
        .await?,
        relays: relays(db, scope).await?,
        bank: bank(db).await?,
        months: months(db, scope, today).await?,
        fiscal_years: fiscal_years(db, scope, today).await?,
    })
}

fn case_column(column: case::Column) -> SimpleExpr {
    Expr::col((case::Entity, column))
}

fn in_scope(scope: CaseScope) -> SimpleExpr {
    scope.condition(Expr::col((case::Entity, case::Column::OfficeId)))
}

fn joined_to_case(select: &mut SelectStatement, case_id: SimpleExpr) {
    select.inner_join(case::Entity, case_column(case::Column::Id).eq(case_id));
}

#[derive(Debug, FromQueryResult)]
struct IdCount {
    id: Option<Uuid>,
    count: i64,
}

#[derive(Debug, FromQueryResult)]
struct IdKeyCount {
    id: Option<Uuid>,
    key: String,
    count: i64,
}

fn count_expr() -> SimpleExpr {
    Func::count(Expr::val(1)).into()
}

fn as_count(count: i64) -> u64 {
    u64::try_from(count).unwrap_or(0)
}

/// Counts per id column of the selected rows.
async fn by_id(
    db: &impl ConnectionTrait,
    mut select: SelectStatement,
    id: SimpleExpr,
) -> Result<HashMap<Option<Uuid>, u64>, AppError> {
    select
        .expr_as(id.clone(), Alias::new("id"))
        .expr_as(count_expr(), Alias::new("count"))
        .add_group_by([id]);
    let rows = IdCount::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.id, as_count(row.count))).collect())
}

/// Each coordinator of the scope with their open cases by stage, overdue deadlines and recent
/// activities; a row for the open cases nobody leads when there are any.
async fn coordinator_loads(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
) -> Result<Vec<CoordinatorLoad>, AppError> {
    let coordinator = case_column(case::Column::CoordinatorId);
    let mut open = Query::select();
    open.from(case::Entity)
        .expr_as(coordinator.clone(), Alias::new("id"))
        .expr_as(case_column(case::Column::Stage), Alias::new("key"))
        .expr_as(count_expr(), Alias::new("count"))
        .and_where(case_column(case::Column::Stage).ne(Stage::Closed.code()))
        .and_where(in_scope(scope))
        .add_group_by([coordinator.clone(), case_column(case::Column::Stage)]);
    let open =
        IdKeyCount::find_by_statement(db.get_database_backend().build(&open)).all(db).await?;

    let due = Expr::expr(Func::coalesce([
        Expr::col((deadline::Entity, deadline::Column::ExtendedTo)),
        Expr::col((deadline::Entity, deadline::Column::DueOn)),
    ]));
    let mut overdue = Query::select();
    overdue
        .from(deadline::Entity)
        .and_where(Expr::col((deadline::Entity, deadline::Column::DoneOn)).is_null())
        .and_where(due.lt(today))
        .and_where(in_scope(scope));
    joined_to_case(&mut overdue, Expr::col((deadline::Entity, deadline::Column::CaseId)));
    let overdue = by_id(db, overdue, coordinator.clone()).await?;

    let mut recent = Query::select();
    recent
        .from(activity::Entity)
        .and_where(
            Expr::col((activity::Entity, activity::Column::OccurredOn)).gte(recent_since(today)),
        )
        .and_where(in_scope(scope));
    // The whole centre's activities need no case (16,000 lookups saved at 10,000 cases).
    if scope != CaseScope::All {
        joined_to_case(&mut recent, Expr::col((activity::Entity, activity::Column::CaseId)));
    }
    let recent =
        by_id(db, recent, Expr::col((activity::Entity, activity::Column::RecordedBy))).await?;

    // The coordinators of the scope (a handful of rows), and whoever still leads a case in it.
    let mut people = user::Entity::find()
        .filter(
            Expr::col((user::Entity, user::Column::Role))
                .eq(Role::Coordinator.as_str())
                .and(scope.condition(Expr::col((user::Entity, user::Column::OfficeId)))),
        )
        .all(db)
        .await?;
    let leading: Vec<Uuid> = open.iter().filter_map(|row| row.id).collect();
    let missing: Vec<Uuid> =
        leading.into_iter().filter(|id| !people.iter().any(|user| user.id == *id)).collect();
    if !missing.is_empty() {
        people.extend(
            user::Entity::find()
                .filter(Expr::col((user::Entity, user::Column::Id)).is_in(missing))
                .all(db)
                .await?,
        );
    }
    people.sort_by(|a, b| a.display_name.cmp(&b.display_name));

    let load_of = |id: Option<Uuid>, name: String| {
        let mut open_by_stage = vec![0; OPEN_STAGES.len()];
        for row in open.iter().filter(|row| row.id == id) {
            if let Some(index) = OPEN_STAGES.iter().position(|stage| stage.code() == row.key) {
                open_by_stage[index] += as_count(row.count);
            }
        }
        CoordinatorLoad {
            coordinator: id,
            name,
            open_by_stage,
            overdue_deadlines: overdue.get(&id).copied().unwrap_or(0),
            recent_activities: id.and_then(|id| recent.get(&Some(id)).copied()).unwrap_or(0),
        }
    };
    let mut loads: Vec<CoordinatorLoad> = people
        .into_iter()
        .map(|user| (user.active, load_of(Some(user.id), user.display_name)))
        // An account no longer active shows only while it still leads cases.
        .filter(|(active, load)| *active || load.open_cases() > 0)
        .map(|(_, load)| load)
        .collect();
    let unassigned = load_of(None, String::new());
    if unassigned.open_cases() > 0 || unassigned.overdue_deadlines > 0 {
        loads.push(unassigned);
    }
    Ok(loads)
}

/// A date column as a number of days since an epoch both databases agree on, for differences.
fn days_between(backend: DbBackend, from: case::Column, to: case::Column) -> SimpleExpr {
    let (from, to) = (case_column(from), case_column(to));
    match backend {
        DbBackend::Postgres => Expr::cust_with_exprs("($1 - $2)", [to, from]),
        _ => Expr::cust_with_exprs("CAST(julianday(?) - julianday(?) AS INTEGER)", [to, from]),
    }
}

#[derive(Debug, FromQueryResult)]
struct Median {
    median: Option<f64>,
}

/// The median number of days from `from` to `to` over the cases in scope whose `to` falls in
/// the window: ranked by a window function, the middle one (or the middle two averaged).
async fn median_days(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    from: case::Column,
    to: case::Column,
    since: NaiveDate,
) -> Result<Option<u32>, AppError> {
    let backend = db.get_database_backend();
    let mut spans = Query::select();
    spans
        .from(case::Entity)
        .expr_as(days_between(backend, from, to), Alias::new("days"))
        .and_where(case_column(from).is_not_null())
        .and_where(case_column(to).gte(since))
        .and_where(case_column(to).gte(case_column(from)))
        .and_where(in_scope(scope));
    let spans = backend.build(&spans);
    let sql = format!(
        "SELECT CAST(AVG(days) AS DOUBLE PRECISION) AS median FROM (\
           SELECT days, ROW_NUMBER() OVER (ORDER BY days) AS position, COUNT(*) OVER () AS total \
           FROM ({}) spans\
         ) ranked WHERE position IN ((total + 1) / 2, (total + 2) / 2)",
        spans.sql
    );
    let statement =
        Statement::from_sql_and_values(backend, sql, spans.values.unwrap_or(Values(Vec::new())));
    let median = Median::find_by_statement(statement).one(db).await?.and_then(|row| row.median);
    Ok(median.filter(|days| *days >= 0.0).map(|days| days.round() as u32))
}

async fn relays(
    db: &impl ConnectionTrait,
    scope: CaseScope,
) -> Result<Vec<(RelayStatus, u64)>, AppError> {
    let mut select = Query::select();
    select.from(relay_plan::Entity).and_where(in_scope(scope));
    joined_to_case(&mut select, Expr::col((relay_plan::Entity, relay_plan::Column::CaseId)));
    let counts =
        grouped(db, select, Expr::col((relay_plan::Entity, relay_plan::Column::Status))).await?;
    Ok(RelayStatus::ALL
        .iter()
        .map(|status| (*status, counts.get(&Some(status.code().to_owned())).copied().unwrap_or(0)))
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct RegisterGroup {
    id: Option<Uuid>,
    registered: i64,
    capacity: Option<i64>,
}

#[derive(Debug, FromQueryResult)]
struct UseGroup {
    id: Option<Uuid>,
    active: i64,
    used: i64,
}

/// The citizen guardians on the register by district: how many, how many work on a case,
/// their capacity and how much of it is used. The whole centre's, whoever asks.
async fn bank(db: &impl ConnectionTrait) -> Result<Vec<DistrictBank>, AppError> {
    let backend = db.get_database_backend();
    let district_of = Expr::col((guardian::Entity, guardian::Column::DistrictId));
    let on_register = || {
        Expr::col((guardian::Entity, guardian::Column::Kind)).eq(GuardianKind::Citizen.code()).and(
            Expr::col((guardian::Entity, guardian::Column::Registration))
                .eq(Registration::Registered.code()),
        )
    };
    let mut register = Query::select();
    register
        .from(guardian::Entity)
        .expr_as(district_of.clone(), Alias::new("id"))
        .expr_as(count_expr(), Alias::new("registered"))
        .expr_as(
            Func::cast_as(
                Func::sum(Func::coalesce([
                    Expr::col((guardian::Entity, guardian::Column::Capacity)),
                    Expr::val(0),
                ])),
                Alias::new("BIGINT"),
            ),
            Alias::new("capacity"),
        )
        .and_where(on_register())
        .add_group_by([district_of.clone()]);
    let register = RegisterGroup::find_by_statement(backend.build(&register)).all(db).await?;

    let mut usage = Query::select();
    usage
        .from(appointment::Entity)
        .inner_join(
            guardian::Entity,
            Expr::col((guardian::Entity, guardian::Column::Id))
                .equals((appointment::Entity, appointment::Column::GuardianId)),
        )
        .expr_as(district_of.clone(), Alias::new("id"))
        .expr_as(
            Func::count_distinct(Expr::col((appointment::Entity, appointment::Column::GuardianId))),
            Alias::new("active"),
        )
        .expr_as(count_expr(), Alias::new("used"))
        .and_where(Expr::col((appointment::Entity, appointment::Column::EndedOn)).is_null())
        .and_where(on_register())
        .add_group_by([district_of]);
    let usage = UseGroup::find_by_statement(backend.build(&usage)).all(db).await?;

    let districts = district::Entity::find().all(db).await?;
    let mut rows: Vec<(i32, DistrictBank)> = register
        .into_iter()
        .map(|group| {
            let used = usage.iter().find(|row| row.id == group.id);
            let place = group.id.and_then(|id| districts.iter().find(|d| d.id == id));
            let bank = DistrictBank {
                district: place.map(|d| d.name.clone()),
                registered: as_count(group.registered),
                active: used.map_or(0, |row| as_count(row.active)),
                capacity: as_count(group.capacity.unwrap_or(0)),
                used: used.map_or(0, |row| as_count(row.used)),
            };
            // The districts in their order, the guardians without one last.
            (place.map_or(i32::MAX, |d| d.sort_order), bank)
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.district.cmp(&b.1.district)));
    Ok(rows.into_iter().map(|(_, bank)| bank).collect())
}

/// `yyyy-mm` of a date column, the same text on both databases (`Month::key`).
fn month_key(backend: DbBackend, date: SimpleExpr) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_exprs("to_char($1, 'YYYY-MM')", [date]),
        _ => Expr::cust_with_exprs("strftime('%Y-%m', ?)", [date]),
    }
}

/// The fiscal year (by the year it starts in) of a date column: the year three months before.
fn fiscal_year_key(backend: DbBackend, date: SimpleExpr) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_exprs(
            "CAST(CAST(EXTRACT(YEAR FROM ($1 - INTERVAL '3 months')) AS INTEGER) AS TEXT)",
            [date],
        ),
        _ => Expr::cust_with_exprs("strftime('%Y', ?, '-3 months')", [date]),
    }
}

/// Counts of the cases in scope per key of one date column, from `since` on.
async fn dated(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    column: case::Column,
    since: NaiveDate,
    key: impl Fn(DbBackend, SimpleExpr) -> SimpleExpr,
) -> Result<HashMap<Option<String>, u64>, AppError> {
    let mut select = Query::select();
    select.from(case::Entity).and_where(case_column(column).gte(since)).and_where(in_scope(scope));
    grouped(db, select, key(db.get_database_backend(), case_column(column))).await
}

/// Cases opened, petitioned and decided in each `key` from `since`.
async fn series(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    since: NaiveDate,
    key: impl Fn(DbBackend, SimpleExpr) -> SimpleExpr + Copy,
) -> Result<[HashMap<Option<String>, u64>; 3], AppError> {
    Ok([
        dated(db, scope, case::Column::OpenedOn, since, key).await?,
        dated(db, scope, case::Column::PetitionDate, since, key).await?,
        dated(db, scope, case::Column::DecisionDate, since, key).await?,
    ])
}

fn point<P>(period: P, key: String, counts: &[HashMap<Option<String>, u64>; 3]) -> TrendPoint<P> {
    let key = Some(key);
    let get = |index: usize| counts[index].get(&key).copied().unwrap_or(0);
    TrendPoint { period, opened: get(0), petitioned: get(1), decided: get(2) }
}

async fn months(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
) -> Result<Vec<TrendPoint<Month>>, AppError> {
    let months = trend_months(today);
    let Some(first) = months.first() else { return Ok(Vec::new()) };
    let counts = series(db, scope, first.first_day(), month_key).await?;
    Ok(months.into_iter().map(|month| point(month, month.key(), &counts)).collect())
}

async fn fiscal_years(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
) -> Result<Vec<TrendPoint<i32>>, AppError> {
    let years = trend_fiscal_years(today);
    let Some(first) = years.first() else { return Ok(Vec::new()) };
    let counts = series(db, scope, first.first_day(), fiscal_year_key).await?;
    Ok(years
        .into_iter()
        .map(|year| point(year.start_year(), year.start_year().to_string(), &counts))
        .collect())
}
