//! The coordinator's inbox: overdue and soon-due deadlines, cases whose citizen guardian has
//! logged no contact for a while, open support requests, relay plans near their target date, and signed voluntary
//! contracts due for a check-in. Each list is one query over the cases in the user's reach;
//! the thresholds are the centre's settings and the rules `domain::inbox`.

use crate::api::AppError;
use crate::api::admin::{InboxThresholdForm, InboxThresholdSettings};
use crate::api::inbox::{CheckInDue, Inbox, QuietCase, RelayDue};
use crate::domain::access::Access;
use crate::domain::activities::{ActivityKind, contact_cutoff};
use crate::domain::cases::{CaseType, Stage};
use crate::domain::dates::japan_date;
use crate::domain::deadlines::{DeadlineListQuery, DueWindow};
use crate::domain::guardians::GuardianKind;
use crate::domain::inbox::{
    CHECK_IN_MONTHS_RANGE, CONTACT_DAYS_RANGE, InboxThresholds, check_in_due, parse_threshold,
    relay_horizon,
};
use crate::domain::relays::RelayStatus;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{activity, appointment, case, guardian, person, relay_plan};
use crate::server::request::RequestMeta;
use crate::server::{deadlines, forms, own_cases, settings, support};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use uuid::Uuid;

/// Most items one list shows (the oldest first); the rest wait for the first to be handled.
const LIST_LIMIT: u64 = 50;

/// The centre's settings for the inbox (an administrator changes them).
pub const CONTACT_DAYS: &str = "inbox_contact_days";
pub const CHECK_IN_MONTHS: &str = "inbox_check_in_months";

pub async fn thresholds(db: &impl ConnectionTrait) -> Result<InboxThresholds, AppError> {
    let defaults = InboxThresholds::default();
    Ok(InboxThresholds {
        contact_days: settings::number(db, CONTACT_DAYS, defaults.contact_days).await?,
        check_in_months: settings::number(db, CHECK_IN_MONTHS, defaults.check_in_months).await?,
        ..defaults
    })
}

/// The inbox settings with the versions their form sends back.
pub async fn threshold_settings(
    db: &impl ConnectionTrait,
) -> Result<InboxThresholdSettings, AppError> {
    let defaults = InboxThresholds::default();
    let contact = settings::numbered(db, CONTACT_DAYS, defaults.contact_days).await?;
    let check_in = settings::numbered(db, CHECK_IN_MONTHS, defaults.check_in_months).await?;
    Ok(InboxThresholdSettings {
        contact_days: contact.value,
        contact_days_version: contact.version,
        check_in_months: check_in.value,
        check_in_months_version: check_in.version,
    })
}

/// Saves both inbox thresholds, or neither: each must still be at the version the form read.
pub async fn set_thresholds(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    form: &InboxThresholdForm,
) -> Result<(), AppError> {
    let mut problems = forms::Problems::default();
    let contact_days = parse_threshold(&form.contact_days, &CONTACT_DAYS_RANGE)
        .map_err(|code| problems.add("contact_days", threshold_code(code, "contact_days_range")))
        .ok();
    let check_in_months = parse_threshold(&form.check_in_months, &CHECK_IN_MONTHS_RANGE)
        .map_err(|code| {
            problems.add("check_in_months", threshold_code(code, "check_in_months_range"))
        })
        .ok();
    problems.into_result()?;
    let (Some(contact_days), Some(check_in_months)) = (contact_days, check_in_months) else {
        return Err(AppError::Internal);
    };
    let txn = crate::server::begin_write(db).await?;
    let actor = &authorized.actor;
    let contact = contact_days.to_string();
    settings::save(&txn, now, actor, meta, CONTACT_DAYS, &contact, form.contact_days_version)
        .await?;
    let check_in = check_in_months.to_string();
    settings::save(
        &txn,
        now,
        actor,
        meta,
        CHECK_IN_MONTHS,
        &check_in,
        form.check_in_months_version,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A range problem names the field's range in its message.
fn threshold_code(code: &'static str, out_of_range: &'static str) -> &'static str {
    if code == "out_of_range" { out_of_range } else { code }
}

pub async fn for_user(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
) -> Result<Inbox, AppError> {
    // A guardian's own work is "my work"; the inbox is the centre's.
    if own_cases::guardian_of(authorized).is_some() {
        return Err(AppError::Forbidden);
    }
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let today = japan_date(now);
    let limits = thresholds(db).await?;
    Ok(Inbox {
        deadlines: deadlines::open_list(
            db,
            now,
            authorized,
            DeadlineListQuery { window: DueWindow::Soon, page: 0 },
        )
        .await?,
        support: support::open_for_inbox(db, authorized).await?,
        quiet_cases: quiet_cases(db, scope, today, limits.contact_days).await?,
        relays: relays_due(db, scope, today, limits.relay_warning_days).await?,
        check_ins: check_ins_due(db, scope, today, limits.check_in_months).await?,
        contact_days: limits.contact_days,
        check_in_months: limits.check_in_months,
    })
}

/// The cases a query may reach: open ones in the scope, with their person.
fn open_cases_in(select: &mut SelectStatement, scope: CaseScope) {
    select
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((case::Entity, case::Column::PersonId)),
        )
        .and_where(Expr::col((case::Entity, case::Column::Stage)).ne(Stage::Closed.code()))
        .and_where(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .column((case::Entity, case::Column::CaseNumber))
        .expr_as(Expr::col((case::Entity, case::Column::Id)), Alias::new("case_id"))
        .expr_as(Expr::col((person::Entity, person::Column::Name)), Alias::new("person_name"));
}

#[derive(Debug, FromQueryResult)]
struct QuietRow {
    case_id: Uuid,
    case_number: String,
    person_name: String,
    guardian_name: String,
    effective_on: NaiveDate,
    last_contact: Option<NaiveDate>,
}

/// Active appointments of citizen guardians with no contact logged by the guardian since the
/// cutoff (and in office since before it), the longest silent first.
async fn quiet_cases(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
    days: u32,
) -> Result<Vec<QuietCase>, AppError> {
    let cutoff = contact_cutoff(today, days);
    let contacts = || {
        let mut contacts = Query::select();
        contacts
            .from(activity::Entity)
            .and_where(
                Expr::col((activity::Entity, activity::Column::CaseId))
                    .equals((appointment::Entity, appointment::Column::CaseId)),
            )
            .and_where(
                Expr::col((activity::Entity, activity::Column::GuardianId))
                    .equals((appointment::Entity, appointment::Column::GuardianId)),
            )
            .and_where(
                Expr::col((activity::Entity, activity::Column::Kind))
                    .is_in(ActivityKind::contact_codes()),
            );
        contacts
    };
    let last_contact = contacts()
        .expr(Func::max(Expr::col((activity::Entity, activity::Column::OccurredOn))))
        .to_owned();
    let recent = contacts()
        .expr(Expr::val(1))
        .and_where(Expr::col((activity::Entity, activity::Column::OccurredOn)).gte(cutoff))
        .to_owned();
    let mut select = Query::select();
    select
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
        .expr_as(Expr::col((guardian::Entity, guardian::Column::Name)), Alias::new("guardian_name"))
        .column((appointment::Entity, appointment::Column::EffectiveOn))
        .expr_as(
            Expr::SubQuery(None, Box::new(last_contact.clone().into())),
            Alias::new("last_contact"),
        )
        .and_where(Expr::col((appointment::Entity, appointment::Column::EndedOn)).is_null())
        .and_where(Expr::col((appointment::Entity, appointment::Column::EffectiveOn)).lt(cutoff))
        .and_where(
            Expr::col((guardian::Entity, guardian::Column::Kind)).eq(GuardianKind::Citizen.code()),
        )
        .and_where(Expr::exists(recent).not());
    open_cases_in(&mut select, scope);
    select
        .order_by_expr(
            Func::coalesce([
                Expr::SubQuery(None, Box::new(last_contact.into())),
                Expr::col((appointment::Entity, appointment::Column::EffectiveOn)),
            ])
            .into(),
            Order::Asc,
        )
        .limit(LIST_LIMIT);
    let rows =
        QuietRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| QuietCase {
            case_id: row.case_id,
            case_number: row.case_number,
            person_name: row.person_name,
            guardian: row.guardian_name,
            last_contact: row.last_contact,
            appointed_on: row.effective_on,
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct RelayRow {
    case_id: Uuid,
    case_number: String,
    person_name: String,
    status: String,
    target_date: NaiveDate,
}

/// Relay plans still under way whose target date is within the warning days, or past.
async fn relays_due(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
    warning_days: u32,
) -> Result<Vec<RelayDue>, AppError> {
    let under_way: Vec<&str> =
        [RelayStatus::Planned, RelayStatus::Petitioned, RelayStatus::Decided]
            .into_iter()
            .map(RelayStatus::code)
            .collect();
    let mut select = Query::select();
    select
        .from(relay_plan::Entity)
        .inner_join(
            case::Entity,
            Expr::col((case::Entity, case::Column::Id))
                .equals((relay_plan::Entity, relay_plan::Column::CaseId)),
        )
        .column((relay_plan::Entity, relay_plan::Column::Status))
        .column((relay_plan::Entity, relay_plan::Column::TargetDate))
        .and_where(Expr::col((relay_plan::Entity, relay_plan::Column::Status)).is_in(under_way))
        .and_where(
            Expr::col((relay_plan::Entity, relay_plan::Column::TargetDate))
                .lte(relay_horizon(today, warning_days)),
        );
    open_cases_in(&mut select, scope);
    select
        .order_by((relay_plan::Entity, relay_plan::Column::TargetDate), Order::Asc)
        .limit(LIST_LIMIT);
    let rows =
        RelayRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| RelayDue {
            case_id: row.case_id,
            case_number: row.case_number,
            person_name: row.person_name,
            status: RelayStatus::parse(&row.status),
            target_date: row.target_date,
        })
        .collect())
}

#[derive(Debug, FromQueryResult)]
struct ContractRow {
    case_id: Uuid,
    case_number: String,
    person_name: String,
    contract_date: NaiveDate,
    last_check_in_on: Option<NaiveDate>,
    check_in_interval_months: Option<i32>,
}

/// Signed voluntary contracts not yet in effect (no supervisor appointed) whose last check-in
/// is older than the case's interval, or the centre's where the case has none. Such contracts
/// are few, so the month arithmetic runs here rather than in each database's SQL dialect.
async fn check_ins_due(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    today: NaiveDate,
    default_months: u32,
) -> Result<Vec<CheckInDue>, AppError> {
    let mut select = Query::select();
    select
        .from(case::Entity)
        .column((case::Entity, case::Column::ContractDate))
        .column((case::Entity, case::Column::LastCheckInOn))
        .column((case::Entity, case::Column::CheckInIntervalMonths))
        .and_where(Expr::col((case::Entity, case::Column::CaseType)).eq(CaseType::Voluntary.code()))
        .and_where(Expr::col((case::Entity, case::Column::ContractDate)).is_not_null())
        .and_where(Expr::col((case::Entity, case::Column::SupervisorAppointedOn)).is_null());
    open_cases_in(&mut select, scope);
    let rows =
        ContractRow::find_by_statement(db.get_database_backend().build(&select)).all(db).await?;
    let mut due: Vec<CheckInDue> = rows
        .into_iter()
        .filter(|row| {
            let months = row
                .check_in_interval_months
                .and_then(|m| u32::try_from(m).ok())
                .filter(|m| *m > 0)
                .unwrap_or(default_months);
            check_in_due(row.contract_date, row.last_check_in_on, months, today)
        })
        .map(|row| CheckInDue {
            case_id: row.case_id,
            case_number: row.case_number,
            person_name: row.person_name,
            contract_date: row.contract_date,
            last_check_in: row.last_check_in_on,
        })
        .collect();
    due.sort_by_key(|item| item.last_check_in.unwrap_or(item.contract_date));
    due.truncate(LIST_LIMIT as usize);
    Ok(due)
}
