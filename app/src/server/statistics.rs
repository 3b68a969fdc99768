//! The statistics in the court report's categories, each table one GROUP BY over the cases in
//! scope (never rows loaded and counted here), so the page stays fast with a prefecture's
//! cases. The categories, bands and periods are `domain::statistics`.

use crate::api::AppError;
use crate::api::statistics::{CentreFigures, CourtStatistics, SexAgeRow, Tally};
use crate::domain::access::{Access, Area, Scope};
use crate::domain::appointments::AppointmentRole;
use crate::domain::cases::CaseType;
use crate::domain::categories::{Condition, Motive, Petitioner, Sex};
use crate::domain::dates::{japan_date, japan_day_start};
use crate::domain::guardians::GuardianKind;
use crate::domain::outreach::EventKind;
use crate::domain::relays::RelayStatus;
use crate::domain::statistics::{AgeBand, RELATION_ORDER, StatisticsPeriod, is_relative};
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    appointment, case, consultation, guardian, outreach_event, person, relay_plan, support_session,
};
use crate::server::{auth, clock::clock, reject};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};
use std::collections::HashMap;

/// Who asks for statistics and for which period: managers count the whole centre, coordinators
/// their office. An empty code is the current fiscal year; a code that is no period is refused.
pub async fn request_scope(
    area: Area,
    period: &str,
) -> Result<(CaseScope, StatisticsPeriod), AppError> {
    let authorized = auth::require(area, Access::Read).await?;
    let period = period_of(period, clock().now()).map_err(reject)?;
    Ok((counting_scope(&authorized).map_err(reject)?, period))
}

/// The period a code names; an empty code is the fiscal year of `now` in Japan.
pub fn period_of(code: &str, now: DateTime<Utc>) -> Result<StatisticsPeriod, AppError> {
    match code.trim() {
        "" => Ok(StatisticsPeriod::fiscal_year_of(japan_date(now))),
        code => StatisticsPeriod::parse(code).ok_or_else(|| AppError::field("period", "invalid")),
    }
}

/// The cases a figure counts: the policy's scope for the statistics or the dashboard (managers
/// all, coordinators their office), whatever the centre chose for reading case files.
pub fn counting_scope(authorized: &Authorized) -> Result<CaseScope, AppError> {
    match authorized.scope {
        Scope::All => Ok(CaseScope::All),
        Scope::Office(office) => Ok(CaseScope::Office(office)),
        _ => Err(AppError::Forbidden),
    }
}

/// The court report's tables for `period` over the cases in `scope`.
pub async fn court(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    period: StatisticsPeriod,
) -> Result<CourtStatistics, AppError> {
    let case_types =
        grouped(db, petitioned(scope, period), case_column(case::Column::CaseType)).await?;
    let petitioners =
        grouped(db, petitioned(scope, period), case_column(case::Column::Petitioner)).await?;
    let causes = grouped(
        db,
        petitioned(scope, period),
        Expr::col((person::Entity, person::Column::Condition)),
    )
    .await?;
    let petitions = case_types.values().sum();
    let (appointments, relations) = relations(db, scope, period).await?;
    Ok(CourtStatistics {
        period,
        petitions,
        case_types: tallies(&case_types, &CaseType::ALL, CaseType::code),
        petitioners: tallies(&petitioners, Petitioner::ALL, Petitioner::code),
        sex_age: sex_age(db, scope, period).await?,
        causes: tallies(&causes, Condition::ALL, Condition::code),
        motives: motives(db, scope, period).await?,
        appointments,
        relations: tallies(&relations, &RELATION_ORDER, |kind| kind.code()),
    })
}

fn case_column(column: case::Column) -> SimpleExpr {
    Expr::col((case::Entity, column))
}

/// The cases whose petition date falls in the period, with their person, in the scope.
fn petitioned(scope: CaseScope, period: StatisticsPeriod) -> SelectStatement {
    let petition_date = Expr::col((case::Entity, case::Column::PetitionDate));
    Query::select()
        .from(case::Entity)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((case::Entity, case::Column::PersonId)),
        )
        .and_where(petition_date.clone().gte(period.first_day()))
        .and_where(petition_date.lte(period.last_day()))
        .and_where(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .to_owned()
}

#[derive(Debug, FromQueryResult)]
struct GroupRow {
    key: Option<String>,
    count: i64,
}

/// Counts per value of `key` (a code, or NULL) over the selected rows.
pub(crate) async fn grouped(
    db: &impl ConnectionTrait,
    mut select: SelectStatement,
    key: SimpleExpr,
) -> Result<HashMap<Option<String>, u64>, AppError> {
    select
        .expr_as(key, Alias::new("key"))
        .expr_as(Func::count(Expr::val(1)), Alias::new("count"))
        // By the alias: an expression with bound parameters is not the same expression to
        // PostgreSQL when repeated in GROUP BY.
        .add_group_by([Expr::col(Alias::new("key"))]);
    let rows =
        GroupRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    Ok(rows.into_iter().map(|row| (row.key, u64::try_from(row.count).unwrap_or(0))).collect())
}

/// A row for every category in order (zero included), then one for the rest (not recorded,
/// or a code no longer known) when there is any.
fn tallies<K: Copy>(
    counts: &HashMap<Option<String>, u64>,
    order: &[K],
    code: impl Fn(K) -> &'static str,
) -> Vec<Tally<K>> {
    let mut rows: Vec<Tally<K>> = order
        .iter()
        .map(|key| Tally {
            key: Some(*key),
            count: counts.get(&Some(code(*key).to_owned())).copied().unwrap_or(0),
        })
        .collect();
    let known: u64 = rows.iter().map(|row| row.count).sum();
    let rest = counts.values().sum::<u64>() - known;
    if rest > 0 {
        rows.push(Tally { key: None, count: rest });
    }
    rows
}

/// A date column as the number yyyymmdd (`domain::statistics::date_number`).
fn date_number(backend: DbBackend, column: (person::Entity, person::Column)) -> SimpleExpr {
    date_number_of(backend, Expr::col(column))
}

fn date_number_of(backend: DbBackend, date: SimpleExpr) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => {
            Expr::cust_with_exprs("CAST(to_char($1, 'YYYYMMDD') AS INTEGER)", [date])
        }
        _ => Expr::cust_with_exprs("CAST(strftime('%Y%m%d', ?) AS INTEGER)", [date]),
    }
}

/// The person's age band on the petition date, by the court's bands (NULL: no birth date).
fn age_band(backend: DbBackend) -> SimpleExpr {
    let age_times_10000 = date_number_of(backend, case_column(case::Column::PetitionDate))
        .sub(date_number(backend, (person::Entity, person::Column::DateOfBirth)));
    let mut band = Expr::case(
        Expr::col((person::Entity, person::Column::DateOfBirth)).is_null(),
        Expr::val(Option::<String>::None),
    );
    for candidate in AgeBand::ALL.iter().rev() {
        let bound = i64::from(candidate.lower_bound()) * 10_000;
        band = band.case(age_times_10000.clone().gte(bound), Expr::val(candidate.code()));
    }
    band.finally(Expr::val(AgeBand::Under20.code())).into()
}

#[derive(Debug, FromQueryResult)]
struct SexAgeGroup {
    band: Option<String>,
    sex: Option<String>,
    count: i64,
}

async fn sex_age(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    period: StatisticsPeriod,
) -> Result<Vec<SexAgeRow>, AppError> {
    let backend = db.get_database_backend();
    let band = age_band(backend);
    let sex: SimpleExpr = Expr::col((person::Entity, person::Column::Sex));
    let mut select = petitioned(scope, period);
    select
        .expr_as(band, Alias::new("band"))
        .expr_as(sex.clone(), Alias::new("sex"))
        .expr_as(Func::count(Expr::val(1)), Alias::new("count"))
        // By the band's alias: the CASE carries bound parameters, and PostgreSQL would not
        // see the same expression repeated in GROUP BY (with parameters of its own) as the same.
        .add_group_by([Expr::col(Alias::new("band")), sex]);
    let groups = SexAgeGroup::find_by_statement(backend.build(&select)).all(db).await?;
    let mut rows: Vec<SexAgeRow> = AgeBand::ALL
        .iter()
        .map(|band| SexAgeRow { band: Some(*band), male: 0, female: 0, other: 0 })
        .chain([SexAgeRow { band: None, male: 0, female: 0, other: 0 }])
        .collect();
    for group in groups {
        let band = group.band.as_deref().and_then(AgeBand::parse);
        let Some(row) = rows.iter_mut().find(|row| row.band == band) else { continue };
        let count = u64::try_from(group.count).unwrap_or(0);
        match group.sex.as_deref().and_then(Sex::parse) {
            Some(Sex::Male) => row.male += count,
            Some(Sex::Female) => row.female += count,
            _ => row.other += count,
        }
    }
    // The row of unknown ages only when there are such cases.
    if rows.last().is_some_and(|row| row.male + row.female + row.other == 0) {
        rows.pop();
    }
    Ok(rows)
}

/// Each motive's count: a case with several motives counts under each. One pass over the
/// cases: a sum per motive of whether its code is in the case's comma-separated list.
async fn motives(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    period: StatisticsPeriod,
) -> Result<Vec<Tally<Motive>>, AppError> {
    // sea-query's custom expressions number their arguments for PostgreSQL only.
    let template = match db.get_database_backend() {
        DbBackend::Postgres => "(',' || $1 || ',')",
        _ => "(',' || ? || ',')",
    };
    let listed = Expr::cust_with_exprs(template, [case_column(case::Column::Motives)]);
    let mut select = petitioned(scope, period);
    for motive in Motive::ALL {
        let has = listed.clone().like(format!("%,{},%", motive.code()));
        select.expr_as(Func::sum(Expr::case(has, 1).finally(0)), Alias::new(motive.code()));
    }
    let Some(row) = db.query_one(&select).await? else {
        return Ok(Motive::ALL.iter().map(|m| Tally { key: Some(*m), count: 0 }).collect());
    };
    let mut rows = Vec::new();
    for motive in Motive::ALL {
        // SUM over no rows is NULL.
        let count: Option<i64> = row.try_get("", motive.code())?;
        rows.push(Tally {
            key: Some(*motive),
            count: count.and_then(|c| u64::try_from(c).ok()).unwrap_or(0),
        });
    }
    Ok(rows)
}

/// Appointments of guardians, curators and assistants that took effect in the period, by the
/// guardian's kind (their relation to the person); supervisors and voluntary guardians (not
/// appointed by the court) are not counted here.
async fn relations(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    period: StatisticsPeriod,
) -> Result<(u64, HashMap<Option<String>, u64>), AppError> {
    let effective_on = Expr::col((appointment::Entity, appointment::Column::EffectiveOn));
    let principal_roles =
        [AppointmentRole::Guardian, AppointmentRole::Curator, AppointmentRole::Assistant]
            .map(|role| role.code());
    let select = Query::select()
        .from(appointment::Entity)
        .inner_join(
            case::Entity,
            Expr::col((case::Entity, case::Column::Id))
                .equals((appointment::Entity, appointment::Column::CaseId)),
        )
        .inner_join(
            guardian::Entity,
            Expr::col((guardian::Entity, guardian::Column::Id))
                .equals((appointment::Entity, appointment::Column::GuardianId)),
        )
        .and_where(effective_on.clone().gte(period.first_day()))
        .and_where(effective_on.lte(period.last_day()))
        .and_where(
            Expr::col((appointment::Entity, appointment::Column::Role)).is_in(principal_roles),
        )
        .and_where(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .to_owned();
    let counts = grouped(db, select, Expr::col((guardian::Entity, guardian::Column::Kind))).await?;
    Ok((counts.values().sum(), counts))
}

/// The centre's own figures for `period`: case files, consultations, appointments and relays
/// in `scope`; the guardian register, support sessions and events of the whole centre. Each
/// figure one COUNT or SUM.
pub async fn centre(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    period: StatisticsPeriod,
) -> Result<CentreFigures, AppError> {
    let (first, last) = (period.first_day(), period.last_day());
    let within = |column: SimpleExpr| column.clone().gte(first).and(column.lte(last));
    let case_office = || scope.condition(Expr::col((case::Entity, case::Column::OfficeId)));
    let joined_case = |select: &mut SelectStatement, case_id: SimpleExpr| {
        select.inner_join(case::Entity, Expr::col((case::Entity, case::Column::Id)).eq(case_id));
    };

    // Consultations are instants: the period's days in Japan time.
    let received = Expr::col((consultation::Entity, consultation::Column::ReceivedAt));
    let consultations = Query::select()
        .from(consultation::Entity)
        .and_where(received.clone().gte(japan_day_start(first)))
        .and_where(received.lt(japan_day_start(last + chrono::Days::new(1))))
        .and_where(
            scope.condition(Expr::col((consultation::Entity, consultation::Column::OfficeId))),
        )
        .to_owned();
    let new_cases = Query::select()
        .from(case::Entity)
        .and_where(within(case_column(case::Column::OpenedOn)))
        .and_where(case_office())
        .to_owned();
    let voluntary = || {
        Query::select()
            .from(case::Entity)
            .and_where(case_column(case::Column::CaseType).eq(CaseType::Voluntary.code()))
            .and_where(case_office())
            .to_owned()
    };
    let contracts_signed =
        voluntary().and_where(within(case_column(case::Column::ContractDate))).to_owned();
    let contracts_in_effect =
        voluntary().and_where(within(case_column(case::Column::SupervisorAppointedOn))).to_owned();

    let citizens = || {
        Query::select()
            .from(guardian::Entity)
            .and_where(
                Expr::col((guardian::Entity, guardian::Column::Kind))
                    .eq(GuardianKind::Citizen.code()),
            )
            .to_owned()
    };
    let citizen_trained = citizens()
        .and_where(within(Expr::col((guardian::Entity, guardian::Column::TrainingCompletedOn))))
        .to_owned();
    let citizen_registered = citizens()
        .and_where(within(Expr::col((guardian::Entity, guardian::Column::RegisteredOn))))
        .to_owned();
    let mut citizen_appointed = Query::select()
        .from(appointment::Entity)
        .inner_join(
            guardian::Entity,
            Expr::col((guardian::Entity, guardian::Column::Id))
                .equals((appointment::Entity, appointment::Column::GuardianId)),
        )
        .and_where(
            Expr::col((guardian::Entity, guardian::Column::Kind)).eq(GuardianKind::Citizen.code()),
        )
        .and_where(within(Expr::col((appointment::Entity, appointment::Column::EffectiveOn))))
        .and_where(case_office())
        .to_owned();
    joined_case(
        &mut citizen_appointed,
        Expr::col((appointment::Entity, appointment::Column::CaseId)),
    );

    let mut relay_handovers = Query::select()
        .from(relay_plan::Entity)
        .and_where(
            Expr::col((relay_plan::Entity, relay_plan::Column::Status))
                .eq(RelayStatus::Completed.code()),
        )
        .and_where(within(Expr::col((relay_plan::Entity, relay_plan::Column::CompletedOn))))
        .and_where(case_office())
        .to_owned();
    joined_case(&mut relay_handovers, Expr::col((relay_plan::Entity, relay_plan::Column::CaseId)));

    let sessions_with = |kinds: Vec<&'static str>| {
        Query::select()
            .from(support_session::Entity)
            .inner_join(
                guardian::Entity,
                Expr::col((guardian::Entity, guardian::Column::Id))
                    .equals((support_session::Entity, support_session::Column::GuardianId)),
            )
            .and_where(Expr::col((guardian::Entity, guardian::Column::Kind)).is_in(kinds))
            .and_where(within(Expr::col((
                support_session::Entity,
                support_session::Column::HeldOn,
            ))))
            .to_owned()
    };
    let relatives: Vec<&'static str> = GuardianKind::ALL
        .iter()
        .filter(|kind| is_relative(**kind))
        .map(|kind| kind.code())
        .collect();
    let family_support_sessions = sessions_with(relatives);
    let citizen_support_sessions = sessions_with(vec![GuardianKind::Citizen.code()]);

    let awareness = Query::select()
        .from(outreach_event::Entity)
        .and_where(
            Expr::col((outreach_event::Entity, outreach_event::Column::Kind))
                .is_in([EventKind::Briefing.code(), EventKind::Lecture.code()]),
        )
        .and_where(within(Expr::col((outreach_event::Entity, outreach_event::Column::HeldOn))))
        .to_owned();
    let participants = Expr::col((outreach_event::Entity, outreach_event::Column::Participants));

    Ok(CentreFigures {
        period,
        consultations: count(db, consultations).await?,
        new_cases: count(db, new_cases).await?,
        citizen_trained: count(db, citizen_trained).await?,
        citizen_registered: count(db, citizen_registered).await?,
        citizen_appointed: count(db, citizen_appointed).await?,
        relay_handovers: count(db, relay_handovers).await?,
        family_support_sessions: count(db, family_support_sessions).await?,
        citizen_support_sessions: count(db, citizen_support_sessions).await?,
        awareness_sessions: count(db, awareness.clone()).await?,
        awareness_participants: total(db, awareness, participants).await?,
        contracts_signed: count(db, contracts_signed).await?,
        contracts_in_effect: count(db, contracts_in_effect).await?,
    })
}

#[derive(Debug, FromQueryResult)]
struct Figure {
    /// COUNT, or SUM (NULL over no rows).
    figure: Option<i64>,
}

/// How many rows the select finds.
async fn count(db: &impl ConnectionTrait, mut select: SelectStatement) -> Result<u64, AppError> {
    select.expr_as(Func::count(Expr::val(1)), Alias::new("figure"));
    figure(db, select).await
}

/// The sum of `column` over the rows the select finds (NULLs not counted).
async fn total(
    db: &impl ConnectionTrait,
    mut select: SelectStatement,
    column: SimpleExpr,
) -> Result<u64, AppError> {
    // PostgreSQL sums integers as bigint-or-numeric: cast so both databases return a bigint.
    select.expr_as(Func::cast_as(Func::sum(column), Alias::new("BIGINT")), Alias::new("figure"));
    figure(db, select).await
}

async fn figure(db: &impl ConnectionTrait, select: SelectStatement) -> Result<u64, AppError> {
    let row = Figure::find_by_statement(db.get_database_backend().build(&select)).one(db).await?;
    Ok(row.and_then(|row| row.figure).and_then(|figure| u64::try_from(figure).ok()).unwrap_or(0))
}
