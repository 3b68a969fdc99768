//! The citizen guardian's own view: the cases of their appointments (active first), what they
//! owe the court, the relays they are to take over, and one case's essentials. Every query
//! starts from the guardian's register entry, so nothing outside their appointments is read.

use crate::api::AppError;
use crate::api::portal::{MyCase, MyCaseRow, MyOverview, MyRelay, TeamMember};
use crate::domain::appointments::{AppointmentRole, ExerciseMode};
use crate::domain::cases::CaseType;
use crate::domain::dates::japan_date;
use crate::domain::deadlines::{DeadlineListQuery, DueWindow, status};
use crate::domain::guardians::GuardianKind;
use crate::domain::relays::RelayStatus;
use crate::domain::support::SupportStatus;
use crate::server::auth::Authorized;
use crate::server::entities::{
    activity, appointment, case, deadline, family_court, guardian, office, person, relay_plan,
};
use crate::server::request::RequestMeta;
use crate::server::{case_files::user_names, deadlines, own_cases, persons, relays, support};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The guardian's register entry, or a refusal for an account not linked to one.
fn own_entry(authorized: &Authorized) -> Result<Uuid, AppError> {
    own_cases::guardian_of(authorized).ok_or(AppError::Forbidden)
}

/// My cases, my deadlines (overdue first, then the next 90 days) and the relays I am to
/// take over.
pub async fn overview(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
) -> Result<MyOverview, AppError> {
    let me = own_entry(authorized)?;
    let today = japan_date(now);
    let appointments =
        appointment::Entity::find().filter(appointment::Column::GuardianId.eq(me)).all(db).await?;
    let case_ids: Vec<Uuid> = appointments.iter().map(|a| a.case_id).collect();
    let cases: HashMap<Uuid, case::Model> = case::Entity::find()
        .filter(case::Column::Id.is_in(case_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let people = person_names(db, cases.values().map(|c| c.person_id)).await?;
    // The next open deadline per appointment, and the last activity I logged per case.
    let mut next_due: HashMap<Uuid, NaiveDate> = HashMap::new();
    for row in deadline::Entity::find()
        .filter(deadline::Column::AppointmentId.is_in(appointments.iter().map(|a| a.id)))
        .filter(deadline::Column::DoneOn.is_null())
        .all(db)
        .await?
    {
        let due = row.extended_to.unwrap_or(row.due_on);
        let slot = next_due.entry(row.appointment_id).or_insert(due);
        *slot = (*slot).min(due);
    }
    let last_contact: HashMap<Uuid, Option<NaiveDate>> = activity::Entity::find()
        .select_only()
        .column(activity::Column::CaseId)
        .column_as(activity::Column::OccurredOn.max(), "last")
        .filter(activity::Column::GuardianId.eq(me))
        .group_by(activity::Column::CaseId)
        .into_tuple::<(Uuid, Option<NaiveDate>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut rows: Vec<MyCaseRow> = appointments
        .iter()
        .filter_map(|made| {
            let case = cases.get(&made.case_id)?;
            let (name, kana) = people.get(&case.person_id).cloned().unwrap_or_default();
            let due = next_due.get(&made.id).copied();
            Some(MyCaseRow {
                case_id: case.id,
                case_number: case.case_number.clone(),
                person_name: name,
                person_kana: kana,
                case_type: CaseType::parse(&case.case_type),
                role: AppointmentRole::parse(&made.role),
                effective_on: made.effective_on,
                ended_on: made.ended_on,
                next_due: due,
                next_status: due.map(|due| status(due, None, None, today)),
                last_activity_on: last_contact.get(&case.id).copied().flatten(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.ended_on.is_some(), &a.person_kana, &a.case_number).cmp(&(
            b.ended_on.is_some(),
            &b.person_kana,
            &b.case_number,
        ))
    });
    let deadlines = deadlines::open_list(
        db,
        now,
        authorized,
        DeadlineListQuery { window: DueWindow::Quarter, page: 0 },
    )
    .await?;
    let relays = relays_to_take_over(db, me).await?;
    let support = support::list(db, authorized, Some(SupportStatus::Open)).await?.rows;
    Ok(MyOverview { today, cases: rows, deadlines, relays, support })
}

async fn person_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, (String, String)>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.name, p.name_kana)))
        .collect())
}

/// The relays that name me as the successor and are not called off: where they stand, so I
/// can prepare (the handover follows the court's decisions).
async fn relays_to_take_over(
    db: &impl ConnectionTrait,
    me: Uuid,
) -> Result<Vec<MyRelay>, AppError> {
    let plans = relay_plan::Entity::find()
        .filter(relay_plan::Column::SuccessorGuardianId.eq(me))
        .filter(relay_plan::Column::Status.ne(RelayStatus::Cancelled.code()))
        .all(db)
        .await?;
    let mut relays = Vec::new();
    for plan in plans {
        let Some(case) = case::Entity::find_by_id(plan.case_id).one(db).await? else { continue };
        let person = person_names(db, [case.person_id]).await?;
        let predecessor =
            appointment::Entity::find_by_id(plan.predecessor_appointment_id).one(db).await?;
        let predecessor_name = match predecessor {
            Some(made) => guardian::Entity::find_by_id(made.guardian_id)
                .one(db)
                .await?
                .map(|g| g.name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let checklist = relays::of_case(db, case.id)
            .await?
            .into_iter()
            .find(|(p, _)| p.id == plan.id)
            .map(|(_, items)| items)
            .unwrap_or_default();
        relays.push(MyRelay {
            case_number: case.case_number.clone(),
            person_name: person.get(&case.person_id).map(|(n, _)| n.clone()).unwrap_or_default(),
            status: RelayStatus::parse(&plan.status),
            target_date: plan.target_date,
            decided_on: plan.decided_on,
            completed_on: plan.completed_on,
            predecessor_name,
            checklist_done: checklist.iter().filter(|item| item.done_on.is_some()).count() as u32,
            checklist_total: checklist.len() as u32,
        });
    }
    relays.sort_by_key(|relay| relay.target_date);
    Ok(relays)
}

/// One of my cases: the person's essentials, my appointment, the team around the person and
/// who at the centre to call. The centre's own notes and the intake history stay with the
/// centre. The read is audited like any case-file read.
pub async fn my_case(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
) -> Result<MyCase, AppError> {
    let me = own_entry(authorized)?;
    let mine = own_cases::appointment_on(db, me, case_id).await?;
    let case = case::Entity::find_by_id(case_id).one(db).await?.ok_or(AppError::NotFound)?;
    let mut person = persons::detail(db, case.person_id, japan_date(now)).await?;
    person.notes.clear();
    person.updated_by = None;
    let court = match case.family_court_id {
        Some(id) => family_court::Entity::find_by_id(id).one(db).await?.map(|c| c.name),
        None => None,
    };
    let office_name = office::Entity::find_by_id(case.office_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let coordinator = user_names(db, [case.coordinator_id]).await?.into_values().next();
    let others = appointment::Entity::find()
        .filter(appointment::Column::CaseId.eq(case_id))
        .filter(appointment::Column::EndedOn.is_null())
        .filter(appointment::Column::Id.ne(mine.id))
        .all(db)
        .await?;
    let entries: HashMap<Uuid, guardian::Model> = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(others.iter().map(|a| a.guardian_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let team = others
        .iter()
        .filter_map(|made| {
            let entry = entries.get(&made.guardian_id)?;
            Some(TeamMember {
                name: entry.name.clone(),
                kind: GuardianKind::parse(&entry.kind),
                role: AppointmentRole::parse(&made.role),
                organisation: entry.organisation.clone(),
                phone: entry.phone.clone(),
            })
        })
        .collect();
    crate::server::audit::record_case_file_read(
        db,
        now,
        &authorized.actor,
        meta,
        case.person_id,
        "guardian_case",
    )
    .await?;
    Ok(MyCase {
        case_id: case.id,
        case_number: case.case_number,
        case_type: CaseType::parse(&case.case_type),
        court,
        office_name,
        coordinator,
        person,
        role: AppointmentRole::parse(&mine.role),
        mode: ExerciseMode::parse(&mine.mode),
        decided_on: mine.decided_on,
        effective_on: mine.effective_on,
        ended_on: mine.ended_on,
        team,
    })
}
