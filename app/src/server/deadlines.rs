//! Deadlines kept in step with the appointments they come from. Every change to a case's
//! appointments syncs the case's deadlines in the same transaction: new ones are added, open
//! ones follow changed dates, open ones no longer owed go; one marked done is history and stays
//! as it was. The rules are `domain::deadlines`.

use crate::api::AppError;
use crate::api::deadlines::{DeadlineList, DeadlineRow};
use crate::domain::access::Access;
use crate::domain::appointments::AppointmentRole;
use crate::domain::audit::AuditAction;
use crate::domain::dates::japan_date;
use crate::domain::deadlines::{
    AppointmentDates, DeadlineKind, DeadlineListQuery, LIST_PAGE_SIZE, ReportReference, ReportRule,
    deadlines, horizon, next_report_after, status,
};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{appointment, case, deadline, family_court, guardian, person};
use crate::server::own_cases::guardian_of;
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A court's rule for periodic reports, or the centre's default where it has none.
pub fn rule_of(court: Option<&family_court::Model>) -> ReportRule {
    let Some(court) = court else { return ReportRule::default() };
    let Some(reference) = court.report_reference.as_deref().and_then(ReportReference::parse) else {
        return ReportRule::default();
    };
    ReportRule {
        reference,
        fixed_month: court.report_fixed_month.and_then(|m| u32::try_from(m).ok()),
        interval_months: court
            .report_interval_months
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| *m > 0)
            .unwrap_or(12),
        offset_months: court.report_offset_months.and_then(|m| u32::try_from(m).ok()).unwrap_or(0),
    }
}

/// Brings a case's deadlines in step with its appointments, as of `today`.
pub async fn sync_case(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    case_id: Uuid,
) -> Result<(), AppError> {
    let today = japan_date(now);
    let case = case::Entity::find_by_id(case_id).one(db).await?.ok_or(AppError::NotFound)?;
    let court = match case.family_court_id {
        Some(court) => family_court::Entity::find_by_id(court).one(db).await?,
        None => None,
    };
    // A branch without a rule of its own follows its main court's.
    let court = match court {
        Some(branch) if branch.report_reference.is_none() => match branch.parent_id {
            Some(main) => family_court::Entity::find_by_id(main).one(db).await?,
            None => Some(branch),
        },
        other => other,
    };
    let rule = rule_of(court.as_ref());
    let birthday = person::Entity::find_by_id(case.person_id)
        .one(db)
        .await?
        .and_then(|person| person.date_of_birth);
    let appointments =
        appointment::Entity::find().filter(appointment::Column::CaseId.eq(case_id)).all(db).await?;
    let until = horizon(today);
    let mut wanted: HashMap<(Uuid, String, i32), NaiveDate> = HashMap::new();
    for made in &appointments {
        let Some(role) = AppointmentRole::parse(&made.role) else { continue };
        let dates = AppointmentDates {
            role,
            decided_on: made.decided_on,
            effective_on: made.effective_on,
            ended_on: made.ended_on,
            person_birthday: birthday,
            property_powers: made.property_powers,
            first_report_on: made.first_report_on,
            fee_petitions: made.fee_petitions,
            tracked_from: made.tracked_from,
        };
        for due in deadlines(&dates, &rule, until) {
            let sequence = i32::try_from(due.sequence).unwrap_or(i32::MAX);
            wanted.insert((made.id, due.kind.code().to_owned(), sequence), due.due_on);
        }
        let next = next_report_after(&dates, &rule, until);
        if made.next_report_on != next {
            appointment::Entity::update_many()
                .col_expr(appointment::Column::NextReportOn, Expr::value(next))
                .filter(appointment::Column::Id.eq(made.id))
                .exec(db)
                .await?;
        }
    }
    let existing =
        deadline::Entity::find().filter(deadline::Column::CaseId.eq(case_id)).all(db).await?;
    let mut seen = HashSet::new();
    for row in &existing {
        let key = (row.appointment_id, row.kind.clone(), row.sequence);
        let owed = wanted.get(&key).copied();
        seen.insert(key);
        if row.done_on.is_some() {
            continue;
        }
        match owed {
            Some(due) if due != row.due_on => {
                deadline::Entity::update_many()
                    .col_expr(deadline::Column::DueOn, Expr::value(due))
                    .col_expr(deadline::Column::UpdatedAt, Expr::value(now))
                    .col_expr(
                        deadline::Column::Version,
                        Expr::col(deadline::Column::Version).add(1),
                    )
                    .filter(deadline::Column::Id.eq(row.id))
                    .exec(db)
                    .await?;
            }
            Some(_) => {}
            // No longer owed (the dates changed, the office ended before it): an open
            // deadline is derived data and goes.
            None => {
                deadline::Entity::delete_by_id(row.id).exec(db).await?;
            }
        }
    }
    for ((appointment_id, kind, sequence), due_on) in wanted {
        if seen.contains(&(appointment_id, kind.clone(), sequence)) {
            continue;
        }
        deadline::Entity::insert(deadline::ActiveModel {
            id: Set(Uuid::now_v7()),
            case_id: Set(case_id),
            appointment_id: Set(appointment_id),
            kind: Set(kind),
            sequence: Set(sequence),
            due_on: Set(due_on),
            extended_to: Set(None),
            done_on: Set(None),
            done_note: Set(String::new()),
            done_by: Set(None),
            updated_at: Set(now),
            version: Set(1),
        })
        // Another sync of the case (the round, an import's, a decision recorded) may have
        // made it meanwhile: the same deadline, so nothing to add.
        .on_conflict_do_nothing_on([
            deadline::Column::AppointmentId,
            deadline::Column::Kind,
            deadline::Column::Sequence,
        ])
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Moves the horizon of periodic reports on to `now`: syncs every case with an appointment
/// whose next report (the first not yet generated) has come within the horizon, each in its
/// own short transaction. The server runs it a few times a day; returns how many cases it
/// synced (a case that fails waits for the next round).
pub async fn extend_horizons(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let due: Vec<Uuid> = appointment::Entity::find()
        .select_only()
        .column(appointment::Column::CaseId)
        .distinct()
        .filter(appointment::Column::NextReportOn.lte(horizon(japan_date(now))))
        .into_tuple()
        .all(db)
        .await?;
    let mut synced = 0;
    for case_id in &due {
        // One case that cannot be synced now (a concurrent write) waits for the next round;
        // the others go on.
        let txn = crate::server::begin_write(db).await?;
        match sync_case(&txn, now, *case_id).await {
            Ok(()) => {
                txn.commit().await?;
                synced += 1;
            }
            Err(error) => {
                tracing::warn!(?error, %case_id, "deadlines of the case not synced this round");
                txn.rollback().await?;
            }
        }
    }
    Ok(synced)
}

/// A case's deadlines, open ones first by date, then those done. A guardian sees their own
/// (what they owe), and may mark them done; the centre sees all, and its coordinators also
/// record extensions and reopen.
pub async fn for_case(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<DeadlineList, AppError> {
    let mut query = deadline::Entity::find().filter(deadline::Column::CaseId.eq(case_id));
    let (can_mark_done, can_extend) = match guardian_of(authorized) {
        Some(guardian) => {
            let own = appointment::Entity::find()
                .filter(appointment::Column::CaseId.eq(case_id))
                .filter(appointment::Column::GuardianId.eq(guardian))
                .all(db)
                .await?;
            // Never appointed to the case: it does not exist for this guardian.
            if own.is_empty() {
                return Err(AppError::NotFound);
            }
            query =
                query.filter(deadline::Column::AppointmentId.is_in(own.into_iter().map(|a| a.id)));
            (true, false)
        }
        None => {
            let scope = CaseScope::of(db, authorized, Access::Read).await?;
            case_files::find_in_scope(db, scope, case_id).await?;
            let writable = case_files::writable(db, authorized, case_id).await.is_ok();
            (writable, writable)
        }
    };
    let rows = query.order_by_asc(deadline::Column::DueOn).all(db).await?;
    let appointments: HashMap<Uuid, appointment::Model> = appointment::Entity::find()
        .filter(appointment::Column::CaseId.eq(case_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let guardian_ids: Vec<Uuid> = appointments.values().map(|a| a.guardian_id).collect();
    let names: HashMap<Uuid, String> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(guardian_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let today = japan_date(now);
    let mut list: Vec<DeadlineRow> = rows
        .into_iter()
        .map(|row| {
            let guardian = appointments
                .get(&row.appointment_id)
                .and_then(|a| names.get(&a.guardian_id).cloned())
                .unwrap_or_default();
            DeadlineRow {
                id: row.id,
                version: row.version,
                kind: DeadlineKind::parse(&row.kind),
                sequence: u32::try_from(row.sequence).unwrap_or(0),
                guardian,
                due_on: row.due_on,
                extended_to: row.extended_to,
                done_on: row.done_on,
                done_note: row.done_note,
                status: status(row.due_on, row.extended_to, row.done_on, today),
            }
        })
        .collect();
    list.sort_by_key(|row| (row.done_on.is_some(), row.extended_to.unwrap_or(row.due_on)));
    Ok(DeadlineList { rows: list, can_mark_done, can_extend })
}

/// What is done to a deadline.
#[derive(Debug, Clone)]
pub enum DeadlineChange {
    /// Done on the day, with a note (sent to the court, received …).
    Done { on: NaiveDate, note: String },
    /// The court extended it to the day.
    Extended { to: NaiveDate },
    /// Marked done in error: open again.
    Reopened,
}

/// Marks a deadline done, extends or reopens it, if nobody changed it meanwhile.
pub async fn change(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    change: DeadlineChange,
) -> Result<i32, AppError> {
    let row = deadline::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let case_id = match guardian_of(authorized) {
        // A guardian marks what they owe as sent; the court's extensions and corrections are
        // recorded by the centre.
        Some(guardian) => {
            let owed = appointment::Entity::find_by_id(row.appointment_id)
                .one(db)
                .await?
                .is_some_and(|made| made.guardian_id == guardian);
            if !owed {
                return Err(AppError::NotFound);
            }
            if !matches!(change, DeadlineChange::Done { .. }) {
                return Err(AppError::Forbidden);
            }
            row.case_id
        }
        None => case_files::writable(db, authorized, row.case_id).await?.id,
    };
    let today = japan_date(now);
    let mut update = deadline::Entity::update_many()
        .col_expr(deadline::Column::UpdatedAt, Expr::value(now))
        .col_expr(deadline::Column::Version, Expr::value(expected_version + 1));
    let details = match &change {
        DeadlineChange::Done { on, note } => {
            if *on > today {
                return Err(AppError::field("done_on", "date_in_future"));
            }
            let note = crate::server::forms::text("done_note", note, 400)?;
            update = update
                .col_expr(deadline::Column::DoneOn, Expr::value(*on))
                .col_expr(deadline::Column::DoneNote, Expr::value(note))
                .col_expr(deadline::Column::DoneBy, Expr::value(authorized.actor.user_id));
            serde_json::json!({ "deadline": id, "done_on": on })
        }
        DeadlineChange::Extended { to } => {
            if *to < row.due_on {
                return Err(AppError::field("extended_to", "dates_out_of_order"));
            }
            update = update.col_expr(deadline::Column::ExtendedTo, Expr::value(*to));
            serde_json::json!({ "deadline": id, "extended_to": to })
        }
        DeadlineChange::Reopened => {
            update = update
                .col_expr(deadline::Column::DoneOn, Expr::value(None::<NaiveDate>))
                .col_expr(deadline::Column::DoneBy, Expr::value(None::<Uuid>));
            serde_json::json!({ "deadline": id, "reopened": true })
        }
    };
    let txn = crate::server::begin_write(db).await?;
    let updated = update
        .filter(deadline::Column::Id.eq(id))
        .filter(deadline::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::DeadlineUpdated)
        .by(&authorized.actor)
        .on("case", case_id)
        .details(details)
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(expected_version + 1)
}

#[derive(Debug, FromQueryResult)]
struct OpenEntry {
    kind: String,
    sequence: i32,
    due: NaiveDate,
    case_id: Uuid,
    case_number: String,
    person_name: String,
    guardian_name: String,
}

/// A page of the open deadlines the request reaches due within the query's window, soonest
/// first, in one query (and one for the count): the cases in the centre user's scope, or what
/// a guardian owes.
pub async fn open_list(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    query: DeadlineListQuery,
) -> Result<crate::api::deadlines::OpenDeadlines, AppError> {
    use sea_orm::sea_query::{Alias, Func, Order, Query};
    let reach = match guardian_of(authorized) {
        Some(guardian) => {
            Expr::col((appointment::Entity, appointment::Column::GuardianId)).eq(guardian)
        }
        None => CaseScope::of(db, authorized, Access::Read)
            .await?
            .condition(Expr::col((case::Entity, case::Column::OfficeId))),
    };
    let today = japan_date(now);
    let due = || {
        Expr::expr(Func::coalesce([
            Expr::col((deadline::Entity, deadline::Column::ExtendedTo)),
            Expr::col((deadline::Entity, deadline::Column::DueOn)),
        ]))
    };
    let mut filtered = Query::select();
    filtered
        .from(deadline::Entity)
        .inner_join(
            case::Entity,
            Expr::col((case::Entity, case::Column::Id))
                .equals((deadline::Entity, deadline::Column::CaseId)),
        )
        .inner_join(
            appointment::Entity,
            Expr::col((appointment::Entity, appointment::Column::Id))
                .equals((deadline::Entity, deadline::Column::AppointmentId)),
        )
        .and_where(Expr::col((deadline::Entity, deadline::Column::DoneOn)).is_null())
        .and_where(reach);
    if let Some(last) = query.window.last_day(today) {
        filtered.and_where(due().lte(last));
    }
    let backend = db.get_database_backend();
    let count = filtered
        .clone()
        .expr_as(
            Func::count(Expr::col((deadline::Entity, deadline::Column::Id))),
            Alias::new("total"),
        )
        .to_owned();
    let total = db
        .query_one(&count)
        .await?
        .map(|row| row.try_get::<i64>("", "total"))
        .transpose()?
        .unwrap_or(0);
    let total = u64::try_from(total).unwrap_or(0);
    let Some(offset) = query.offset() else {
        return Ok(crate::api::deadlines::OpenDeadlines { rows: Vec::new(), total });
    };
    let mut select = filtered;
    select
        .column((deadline::Entity, deadline::Column::Kind))
        .column((deadline::Entity, deadline::Column::Sequence))
        .expr_as(due(), Alias::new("due"))
        .expr_as(Expr::col((case::Entity, case::Column::Id)), Alias::new("case_id"))
        .column((case::Entity, case::Column::CaseNumber))
        .expr_as(Expr::col((person::Entity, person::Column::Name)), Alias::new("person_name"))
        .expr_as(Expr::col((guardian::Entity, guardian::Column::Name)), Alias::new("guardian_name"))
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((case::Entity, case::Column::PersonId)),
        )
        .inner_join(
            guardian::Entity,
            Expr::col((guardian::Entity, guardian::Column::Id))
                .equals((appointment::Entity, appointment::Column::GuardianId)),
        )
        .order_by_expr(due(), Order::Asc)
        .order_by((deadline::Entity, deadline::Column::Id), Order::Asc)
        .limit(LIST_PAGE_SIZE)
        .offset(offset);
    let rows = OpenEntry::find_by_statement(backend.build(&select))
        .all(db)
        .await?
        .into_iter()
        .map(|entry| crate::api::deadlines::OpenDeadline {
            kind: DeadlineKind::parse(&entry.kind),
            sequence: u32::try_from(entry.sequence).unwrap_or(0),
            due_on: entry.due,
            status: status(entry.due, None, None, today),
            case_id: entry.case_id,
            case_number: entry.case_number,
            person_name: entry.person_name,
            guardian: entry.guardian_name,
        })
        .collect();
    Ok(crate::api::deadlines::OpenDeadlines { rows, total })
}
