//! The guardian register: registering and editing entries under a version check, the list
//! with its counts computed in SQL, one entry with its appointments, and the conflicts
//! recorded between a guardian and a person.

use crate::api::AppError;
use crate::api::cases::Choice;
use crate::api::guardians::{
    ConflictRow, GuardianAppointmentRow, GuardianDetail, GuardianFields, GuardianFormChoices,
    GuardianListPage, GuardianRow,
};
use crate::domain::access::{Access, Area, authorize};
use crate::domain::appointments::{AppointmentRole, EndReason};
use crate::domain::audit::AuditAction;
use crate::domain::dates::japan_date;
use crate::domain::guardian_list::{GuardianListQuery, GuardianSort, PAGE_SIZE};
use crate::domain::guardians::{
    GuardianKind, GuardianStatus, RegisterFacts, Registration, expiry_warning, register_problems,
    status,
};
use crate::domain::matching::ConflictKind;
use crate::domain::paging;
use crate::domain::persons::{search_text, tidy_kana, tidy_name};
use crate::domain::search::normalize_for_search;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files::{district_choices, user_names};
use crate::server::case_list::contains;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{appointment, case, district, guardian, guardian_conflict, user};
use crate::server::forms::{self, Problems};
use crate::server::persons;
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Order, Query, SelectStatement};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, SqlErr,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The register form as posted.
#[derive(Debug, Clone, Default)]
pub struct GuardianForm {
    pub kind: String,
    pub name: String,
    pub name_kana: String,
    pub registration_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub district_id: String,
    pub related_person_id: String,
    pub relation: String,
    pub organisation: String,
    pub association: String,
    pub training_year: String,
    pub training_completed_on: String,
    pub registered_on: String,
    pub registration_expires_on: String,
    pub registration: String,
    pub capacity: String,
    pub disqualification: String,
    pub skills: String,
    pub notes: String,
}

/// An optional whole number within `range`; empty is none.
fn optional_number(
    field: &str,
    text: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, AppError> {
    let text = crate::domain::search::normalize_for_search(text);
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(number) if range.contains(&number) => Ok(Some(number)),
        _ => Err(AppError::field(field, "number_range")),
    }
}

/// Checks a register form; every problem is reported at its field.
pub fn parse_guardian(form: &GuardianForm, today: NaiveDate) -> Result<GuardianFields, AppError> {
    let mut problems = Problems::default();
    let kind =
        problems.take(forms::required_category::<GuardianKind>("kind", &form.kind).map(Some), None);
    let name = tidy_name(&form.name).unwrap_or_else(|problem| {
        problems.add(problem.field(), problem.code());
        String::new()
    });
    let name_kana = tidy_kana(&form.name_kana).unwrap_or_else(|problem| {
        problems.add(problem.field(), problem.code());
        String::new()
    });
    let short = |problems: &mut Problems, field: &str, value: &str, max: usize| {
        problems.take(forms::text(field, value, max), String::new())
    };
    let registration_number =
        short(&mut problems, "registration_number", &form.registration_number, 32);
    let phone = short(&mut problems, "phone", &form.phone, 40);
    let email = short(&mut problems, "email", &form.email, 254);
    if !email.is_empty() && !email.contains('@') {
        problems.add("email", "invalid");
    }
    let address = short(&mut problems, "address", &form.address, 200);
    let relation = short(&mut problems, "relation", &form.relation, 50);
    let organisation =
        short(&mut problems, "organisation", &form.organisation, forms::SHORT_TEXT_MAX_CHARS);
    let association =
        short(&mut problems, "association", &form.association, forms::SHORT_TEXT_MAX_CHARS);
    let skills = short(&mut problems, "skills", &form.skills, forms::TEXT_MAX_CHARS);
    let notes = short(&mut problems, "notes", &form.notes, forms::TEXT_MAX_CHARS);
    let district_id = problems.take(forms::optional_uuid("district_id", &form.district_id), None);
    let related_person_id =
        problems.take(forms::optional_uuid("related_person_id", &form.related_person_id), None);
    let training_year = problems
        .take(optional_number("training_year", &form.training_year, 1990..=2100), None)
        .map(|year| year as i32);
    let date = |problems: &mut Problems, field: &str, text: &str| {
        problems.take(forms::optional_date(field, text), None)
    };
    let training_completed_on =
        date(&mut problems, "training_completed_on", &form.training_completed_on);
    let registered_on = date(&mut problems, "registered_on", &form.registered_on);
    let registration_expires_on =
        date(&mut problems, "registration_expires_on", &form.registration_expires_on);
    let registration = problems
        .take(forms::optional_category::<Registration>("registration", &form.registration), None);
    let capacity = problems
        .take(
            optional_number(
                "capacity",
                &form.capacity,
                1..=i64::from(crate::domain::guardians::CAPACITY_MAX),
            ),
            None,
        )
        .map(|capacity| capacity as u32);
    let disqualification =
        problems.take(forms::optional_category("disqualification", &form.disqualification), None);
    if let Some(kind) = kind {
        let facts = RegisterFacts {
            registration,
            related_person: related_person_id.is_some(),
            capacity,
            training_completed_on,
            registered_on,
            registration_expires_on,
        };
        for problem in register_problems(kind, &facts, today) {
            problems.add(problem.field(), problem.code());
        }
    }
    problems.into_result()?;
    Ok(GuardianFields {
        kind,
        name,
        name_kana,
        registration_number,
        phone,
        email,
        address,
        district_id,
        related_person_id,
        relation,
        organisation,
        association,
        training_year,
        training_completed_on,
        registered_on,
        registration_expires_on,
        registration,
        capacity,
        disqualification,
        skills,
        notes,
    })
}

/// The number of active appointments of each guardian, counted by the database.
pub async fn active_counts(
    db: &impl ConnectionTrait,
    guardians: &[Uuid],
) -> Result<HashMap<Uuid, u32>, AppError> {
    if guardians.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(FromQueryResult)]
    struct Count {
        guardian_id: Uuid,
        active: i64,
    }
    let statement = Query::select()
        .column(appointment::Column::GuardianId)
        .expr_as(Func::count(Expr::col(appointment::Column::Id)), Alias::new("active"))
        .from(appointment::Entity)
        .and_where(Expr::col(appointment::Column::GuardianId).is_in(guardians.iter().copied()))
        .and_where(Expr::col(appointment::Column::EndedOn).is_null())
        .group_by_col(appointment::Column::GuardianId)
        .to_owned();
    let backend = db.get_database_backend();
    Ok(Count::find_by_statement(backend.build(&statement))
        .all(db)
        .await?
        .into_iter()
        .map(|count| (count.guardian_id, u32::try_from(count.active).unwrap_or(u32::MAX)))
        .collect())
}

/// The active appointments of `guardians.id`, as a correlated subquery.
fn active_subquery() -> SelectStatement {
    Query::select()
        .expr(Func::count(Expr::col((Alias::new("a"), appointment::Column::Id))))
        .from_as(appointment::Entity, Alias::new("a"))
        .and_where(
            Expr::col((Alias::new("a"), appointment::Column::GuardianId))
                .equals((guardian::Entity, guardian::Column::Id)),
        )
        .and_where(Expr::col((Alias::new("a"), appointment::Column::EndedOn)).is_null())
        .to_owned()
}

/// A guardian's active appointments as an expression of the outer query.
fn active_count() -> Expr {
    Expr::SubQuery(None, Box::new(active_subquery().into()))
}

/// The WHERE of the list's status filter, on the derived status (see `domain::guardians`).
fn status_condition(status: GuardianStatus) -> Expr {
    let active = active_count;
    let registration = || Expr::col((guardian::Entity, guardian::Column::Registration));
    let citizen =
        || Expr::col((guardian::Entity, guardian::Column::Kind)).eq(GuardianKind::Citizen.code());
    let held_back = [Registration::Suspended.code(), Registration::Removed.code()];
    match status {
        GuardianStatus::Suspended => registration().eq(Registration::Suspended.code()),
        GuardianStatus::Removed => registration().eq(Registration::Removed.code()),
        GuardianStatus::Appointed => {
            active().gt(0).and(registration().is_null().or(registration().is_not_in(held_back)))
        }
        GuardianStatus::InTraining => {
            registration().eq(Registration::InTraining.code()).and(active().eq(0))
        }
        GuardianStatus::Registered => citizen()
            .and(registration().is_null().or(registration().eq(Registration::Registered.code())))
            .and(active().eq(0)),
        GuardianStatus::Available => citizen().not().and(active().eq(0)),
    }
}

fn filtered(query: &GuardianListQuery) -> SelectStatement {
    let mut select = Query::select();
    select.from(guardian::Entity);
    let text = normalize_for_search(&query.text);
    if !text.is_empty() {
        select.and_where(
            Expr::col((guardian::Entity, guardian::Column::SearchText))
                .like(contains(&text))
                .or(Expr::col((guardian::Entity, guardian::Column::RegistrationNumber))
                    .like(contains(&text))),
        );
    }
    if let Some(kind) = query.kind {
        select.and_where(Expr::col((guardian::Entity, guardian::Column::Kind)).eq(kind.code()));
    }
    if let Some(status) = query.status {
        select.and_where(status_condition(status));
    }
    if let Some(district) = query.district {
        select.and_where(Expr::col((guardian::Entity, guardian::Column::DistrictId)).eq(district));
    }
    if query.free_only {
        let active = active_count();
        let capacity = Expr::col((guardian::Entity, guardian::Column::Capacity));
        select.and_where(capacity.clone().is_null().or(capacity.gt(active)));
    }
    select
}

#[derive(Debug, FromQueryResult)]
struct ListEntry {
    id: Uuid,
    kind: String,
    name: String,
    name_kana: String,
    registration: Option<String>,
    registration_expires_on: Option<NaiveDate>,
    capacity: Option<i32>,
    district_name: Option<String>,
    active: i64,
}

/// One page of the register and the number of entries the filters match.
pub async fn list_page(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    query: &GuardianListQuery,
) -> Result<GuardianListPage, AppError> {
    let backend = db.get_database_backend();
    let count = filtered(query)
        .expr_as(
            Func::count(Expr::col((guardian::Entity, guardian::Column::Id))),
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
    let districts = district_choices(db).await?;
    let can_edit = authorize(Some(&authorized.actor), Area::Guardians, Access::Write).is_ok();
    let Some(offset) = paging::first_row(query.page, PAGE_SIZE) else {
        return Ok(GuardianListPage { rows: Vec::new(), total, districts, can_edit });
    };
    let active = active_count;
    let mut select = filtered(query);
    for column in [
        guardian::Column::Id,
        guardian::Column::Kind,
        guardian::Column::Name,
        guardian::Column::NameKana,
        guardian::Column::Registration,
        guardian::Column::RegistrationExpiresOn,
        guardian::Column::Capacity,
    ] {
        select.column((guardian::Entity, column));
    }
    select
        .expr_as(Expr::col((district::Entity, district::Column::Name)), Alias::new("district_name"))
        .expr_as(active(), Alias::new("active"))
        .left_join(
            district::Entity,
            Expr::col((district::Entity, district::Column::Id))
                .equals((guardian::Entity, guardian::Column::DistrictId)),
        );
    let capacity = Expr::col((guardian::Entity, guardian::Column::Capacity));
    match query.sort {
        GuardianSort::Kana => {}
        // Most free places first; entries without a limit after those with places.
        GuardianSort::FreeCapacity => {
            select.order_by_expr(
                Expr::case(capacity.clone().is_null(), -1).finally(capacity.sub(active())).into(),
                Order::Desc,
            );
        }
        GuardianSort::Expiry => {
            let expires = Expr::col((guardian::Entity, guardian::Column::RegistrationExpiresOn));
            select
                .order_by_expr(
                    Expr::case(expires.clone().is_null(), 1).finally(0).into(),
                    Order::Asc,
                )
                .order_by_expr(expires, Order::Asc);
        }
    }
    select
        .order_by((guardian::Entity, guardian::Column::NameKana), Order::Asc)
        .order_by((guardian::Entity, guardian::Column::Id), Order::Asc)
        .limit(PAGE_SIZE)
        .offset(offset);
    let today = japan_date(now);
    let rows = ListEntry::find_by_statement(backend.build(&select))
        .all(db)
        .await?
        .into_iter()
        .map(|entry| {
            let kind = GuardianKind::parse(&entry.kind);
            let registration = entry.registration.as_deref().and_then(Registration::parse);
            let active = u32::try_from(entry.active).unwrap_or(0);
            GuardianRow {
                id: entry.id,
                kind,
                name: entry.name,
                name_kana: entry.name_kana,
                district_name: entry.district_name,
                status: status(kind.unwrap_or(GuardianKind::OtherIndividual), registration, active),
                capacity: entry.capacity.and_then(|c| u32::try_from(c).ok()),
                active,
                registration_expires_on: entry.registration_expires_on,
                expiry_warning: expiry_warning(entry.registration_expires_on, today),
            }
        })
        .collect();
    Ok(GuardianListPage { rows, total, districts, can_edit })
}

fn fields_of(model: &guardian::Model) -> GuardianFields {
    GuardianFields {
        kind: GuardianKind::parse(&model.kind),
        name: model.name.clone(),
        name_kana: model.name_kana.clone(),
        registration_number: model.registration_number.clone().unwrap_or_default(),
        phone: model.phone.clone(),
        email: model.email.clone(),
        address: model.address.clone(),
        district_id: model.district_id,
        related_person_id: model.related_person_id,
        relation: model.relation.clone(),
        organisation: model.organisation.clone(),
        association: model.association.clone(),
        training_year: model.training_year,
        training_completed_on: model.training_completed_on,
        registered_on: model.registered_on,
        registration_expires_on: model.registration_expires_on,
        registration: model.registration.as_deref().and_then(Registration::parse),
        capacity: model.capacity.and_then(|c| u32::try_from(c).ok()),
        disqualification: model
            .disqualification
            .as_deref()
            .and_then(crate::domain::matching::Disqualification::parse),
        skills: model.skills.clone(),
        notes: model.notes.clone(),
    }
}

/// A register entry, or not found.
pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<guardian::Model, AppError> {
    guardian::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// One entry with its appointments (cases within the reader's scope by name) and conflicts.
pub async fn detail(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    id: Uuid,
) -> Result<GuardianDetail, AppError> {
    let model = find(db, id).await?;
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let appointments = appointment::Entity::find()
        .filter(appointment::Column::GuardianId.eq(id))
        .order_by_desc(appointment::Column::EffectiveOn)
        .order_by_desc(appointment::Column::Id)
        .all(db)
        .await?;
    let case_ids: Vec<Uuid> = appointments.iter().map(|a| a.case_id).collect();
    let cases: HashMap<Uuid, case::Model> = if case_ids.is_empty() {
        HashMap::new()
    } else {
        case::Entity::find()
            .filter(case::Column::Id.is_in(case_ids))
            .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
            .all(db)
            .await?
            .into_iter()
            .map(|case| (case.id, case))
            .collect()
    };
    let conflicts = guardian_conflict::Entity::find()
        .filter(guardian_conflict::Column::GuardianId.eq(id))
        .filter(guardian_conflict::Column::WithdrawnAt.is_null())
        .order_by_desc(guardian_conflict::Column::RecordedAt)
        .all(db)
        .await?;
    let person_ids: Vec<Uuid> = cases
        .values()
        .map(|case| case.person_id)
        .chain(conflicts.iter().map(|c| c.person_id))
        .chain(model.related_person_id)
        .collect();
    let visible_persons = persons::names_in_scope(db, scope, &person_ids).await?;
    let active = appointments.iter().filter(|a| a.ended_on.is_none()).count() as u32;
    let fields = fields_of(&model);
    let kind = fields.kind.unwrap_or(GuardianKind::OtherIndividual);
    let district_name = match model.district_id {
        Some(district) => district::Entity::find_by_id(district).one(db).await?.map(|d| d.name),
        None => None,
    };
    let account_login_id = user::Entity::find()
        .filter(user::Column::GuardianId.eq(id))
        .one(db)
        .await?
        .map(|account| account.login_id);
    let updated_by =
        user_names(db, [model.updated_by]).await?.remove(&model.updated_by.unwrap_or_default());
    Ok(GuardianDetail {
        id,
        version: model.version,
        status: status(kind, fields.registration, active),
        expiry_warning: expiry_warning(model.registration_expires_on, japan_date(now)),
        related_person_name: model.related_person_id.and_then(|p| visible_persons.get(&p).cloned()),
        district_name,
        active,
        appointments: appointments
            .iter()
            .map(|a| {
                let case = cases.get(&a.case_id);
                GuardianAppointmentRow {
                    case_id: case.map(|c| c.id),
                    case_number: case.map(|c| c.case_number.clone()),
                    person_name: case.and_then(|c| visible_persons.get(&c.person_id).cloned()),
                    role: AppointmentRole::parse(&a.role),
                    effective_on: a.effective_on,
                    ended_on: a.ended_on,
                    end_reason: a.end_reason.as_deref().and_then(EndReason::parse),
                }
            })
            .collect(),
        conflicts: conflicts
            .into_iter()
            .map(|c| ConflictRow {
                id: c.id,
                person_id: c.person_id,
                person_name: visible_persons.get(&c.person_id).cloned(),
                kind: ConflictKind::parse(&c.kind),
                note: c.note,
                recorded_at: c.recorded_at,
            })
            .collect(),
        account_login_id,
        can_edit: authorize(Some(&authorized.actor), Area::Guardians, Access::Write).is_ok(),
        updated_at: model.updated_at,
        updated_by,
        fields,
    })
}

pub async fn form_options(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    person: &str,
) -> Result<GuardianFormChoices, AppError> {
    let related_person = match forms::optional_uuid("person", person)? {
        Some(id) => {
            let scope = CaseScope::of(db, authorized, Access::Write).await?;
            let found = persons::find_in_scope(db, scope, id).await?;
            Some(Choice { id: found.id, name: found.name })
        }
        None => None,
    };
    Ok(GuardianFormChoices { districts: district_choices(db).await?, related_person })
}

/// A relative's person must be one the coordinator works with, and a district one in use
/// (or the entry's own, kept from before it was retired).
async fn check_references(
    db: &impl ConnectionTrait,
    authorized: &Authorized,
    fields: &GuardianFields,
    current: Option<&guardian::Model>,
) -> Result<(), AppError> {
    if let Some(person) = fields.related_person_id
        && current.and_then(|c| c.related_person_id) != Some(person)
    {
        let scope = CaseScope::of(db, authorized, Access::Write).await?;
        persons::find_in_scope(db, scope, person)
            .await
            .map_err(|_| AppError::field("related_person_id", "invalid"))?;
    }
    if let Some(district) = fields.district_id
        && current.and_then(|c| c.district_id) != Some(district)
        && !district::Entity::find_by_id(district).one(db).await?.is_some_and(|d| d.active)
    {
        return Err(AppError::field("district_id", "invalid"));
    }
    Ok(())
}

/// Registers (no `existing`) or saves an entry; returns its id.
pub async fn save(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    existing: Option<(Uuid, i32)>,
    form: &GuardianForm,
) -> Result<Uuid, AppError> {
    let fields = parse_guardian(form, japan_date(now))?;
    let kind = fields.kind.ok_or_else(|| AppError::field("kind", "required"))?;
    let current = match existing {
        Some((id, _)) => Some(find(db, id).await?),
        None => None,
    };
    if let (Some(current), Some((_, version))) = (&current, existing)
        && current.version != version
    {
        return Err(AppError::Conflict);
    }
    check_references(db, authorized, &fields, current.as_ref()).await?;
    let number =
        (!fields.registration_number.is_empty()).then(|| fields.registration_number.clone());
    let capacity = fields.capacity.map(|c| c as i32);
    let txn = crate::server::begin_write(db).await?;
    let id = match existing {
        None => {
            let id = Uuid::now_v7();
            guardian::Entity::insert(guardian::ActiveModel {
                id: Set(id),
                kind: Set(kind.code().to_owned()),
                name: Set(fields.name.clone()),
                name_kana: Set(fields.name_kana.clone()),
                search_text: Set(search_text(&fields.name, &fields.name_kana)),
                registration_number: Set(number),
                phone: Set(fields.phone.clone()),
                email: Set(fields.email.clone()),
                address: Set(fields.address.clone()),
                district_id: Set(fields.district_id),
                related_person_id: Set(fields.related_person_id),
                relation: Set(fields.relation.clone()),
                organisation: Set(fields.organisation.clone()),
                association: Set(fields.association.clone()),
                training_year: Set(fields.training_year),
                training_completed_on: Set(fields.training_completed_on),
                registered_on: Set(fields.registered_on),
                registration_expires_on: Set(fields.registration_expires_on),
                registration: Set(fields.registration.map(|r| r.code().to_owned())),
                capacity: Set(capacity),
                disqualification: Set(fields.disqualification.map(|d| d.code().to_owned())),
                skills: Set(fields.skills.clone()),
                notes: Set(fields.notes.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                updated_by: Set(Some(authorized.actor.user_id)),
                version: Set(1),
            })
            .exec(&txn)
            .await
            .map_err(number_taken)?;
            id
        }
        Some((id, version)) => {
            let updated = guardian::Entity::update_many()
                .col_expr(guardian::Column::Kind, Expr::value(kind.code()))
                .col_expr(guardian::Column::Name, Expr::value(fields.name.clone()))
                .col_expr(guardian::Column::NameKana, Expr::value(fields.name_kana.clone()))
                .col_expr(
                    guardian::Column::SearchText,
                    Expr::value(search_text(&fields.name, &fields.name_kana)),
                )
                .col_expr(guardian::Column::RegistrationNumber, Expr::value(number))
                .col_expr(guardian::Column::Phone, Expr::value(fields.phone.clone()))
                .col_expr(guardian::Column::Email, Expr::value(fields.email.clone()))
                .col_expr(guardian::Column::Address, Expr::value(fields.address.clone()))
                .col_expr(guardian::Column::DistrictId, Expr::value(fields.district_id))
                .col_expr(guardian::Column::RelatedPersonId, Expr::value(fields.related_person_id))
                .col_expr(guardian::Column::Relation, Expr::value(fields.relation.clone()))
                .col_expr(guardian::Column::Organisation, Expr::value(fields.organisation.clone()))
                .col_expr(guardian::Column::Association, Expr::value(fields.association.clone()))
                .col_expr(guardian::Column::TrainingYear, Expr::value(fields.training_year))
                .col_expr(
                    guardian::Column::TrainingCompletedOn,
                    Expr::value(fields.training_completed_on),
                )
                .col_expr(guardian::Column::RegisteredOn, Expr::value(fields.registered_on))
                .col_expr(
                    guardian::Column::RegistrationExpiresOn,
                    Expr::value(fields.registration_expires_on),
                )
                .col_expr(
                    guardian::Column::Registration,
                    Expr::value(fields.registration.map(|r| r.code())),
                )
                .col_expr(guardian::Column::Capacity, Expr::value(capacity))
                .col_expr(
                    guardian::Column::Disqualification,
                    Expr::value(fields.disqualification.map(|d| d.code())),
                )
                .col_expr(guardian::Column::Skills, Expr::value(fields.skills.clone()))
                .col_expr(guardian::Column::Notes, Expr::value(fields.notes.clone()))
                .col_expr(guardian::Column::UpdatedAt, Expr::value(now))
                .col_expr(guardian::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
                .col_expr(guardian::Column::Version, Expr::value(version + 1))
                .filter(guardian::Column::Id.eq(id))
                .filter(guardian::Column::Version.eq(version))
                .exec(&txn)
                .await
                .map_err(number_taken)?;
            if updated.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
            id
        }
    };
    let action = if existing.is_some() {
        AuditAction::GuardianUpdated
    } else {
        AuditAction::GuardianRegistered
    };
    AuditEvent::new(action)
        .by(&authorized.actor)
        .on("guardian", id)
        .details(serde_json::json!({
            "kind": kind.code(),
            "registration": fields.registration.map(|r| r.code()),
            "capacity": fields.capacity,
            "disqualification": fields.disqualification.map(|d| d.code()),
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

/// The registration number is unique: a second entry with it is a field problem, not a 500.
fn number_taken(error: sea_orm::DbErr) -> AppError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::field("registration_number", "registration_number_taken")
        }
        _ => error.into(),
    }
}

/// A conflict as its form posts it.
#[derive(Debug, Clone)]
pub struct ConflictForm {
    pub guardian_id: Uuid,
    pub person_id: Uuid,
    pub kind: String,
    pub note: String,
}

/// Records a conflict between a guardian and a person the coordinator works with.
pub async fn record_conflict(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    form: ConflictForm,
) -> Result<Uuid, AppError> {
    let (guardian_id, person_id) = (form.guardian_id, form.person_id);
    let mut problems = Problems::default();
    let kind =
        problems.take(forms::required_category::<ConflictKind>("kind", &form.kind).map(Some), None);
    let note = problems.take(forms::text("note", &form.note, 400), String::new());
    problems.into_result()?;
    let kind = kind.ok_or(AppError::Internal)?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    persons::find_in_scope(db, scope, person_id).await?;
    find(db, guardian_id).await?;
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    guardian_conflict::Entity::insert(guardian_conflict::ActiveModel {
        id: Set(id),
        guardian_id: Set(guardian_id),
        person_id: Set(person_id),
        kind: Set(kind.code().to_owned()),
        note: Set(note),
        recorded_at: Set(now),
        recorded_by: Set(Some(authorized.actor.user_id)),
        withdrawn_at: Set(None),
        withdrawn_by: Set(None),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::ConflictRecorded)
        .by(&authorized.actor)
        .on("guardian", guardian_id)
        .details(serde_json::json!({ "conflict": id, "person_id": person_id, "kind": kind.code() }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn withdraw_conflict(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
) -> Result<(), AppError> {
    let conflict = guardian_conflict::Entity::find_by_id(id)
        .filter(guardian_conflict::Column::WithdrawnAt.is_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    persons::find_in_scope(db, scope, conflict.person_id).await?;
    let txn = crate::server::begin_write(db).await?;
    let withdrawn = guardian_conflict::Entity::update_many()
        .col_expr(guardian_conflict::Column::WithdrawnAt, Expr::value(now))
        .col_expr(guardian_conflict::Column::WithdrawnBy, Expr::value(authorized.actor.user_id))
        .filter(guardian_conflict::Column::Id.eq(id))
        .filter(guardian_conflict::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    if withdrawn.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    AuditEvent::new(AuditAction::ConflictWithdrawn)
        .by(&authorized.actor)
        .on("guardian", conflict.guardian_id)
        .details(serde_json::json!({ "conflict": id, "person_id": conflict.person_id }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Registration status and kind as the rules take them, from a stored entry.
pub fn kind_and_registration(model: &guardian::Model) -> (GuardianKind, Option<Registration>) {
    (
        GuardianKind::parse(&model.kind).unwrap_or(GuardianKind::OtherIndividual),
        model.registration.as_deref().and_then(Registration::parse),
    )
}
