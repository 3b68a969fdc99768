//! Persons (本人) and the people around them: registering, editing under a version check,
//! contacts, finding a person, and merging a duplicate record into the one to keep.

use crate::api::AppError;
use crate::api::cases::{ContactRow, PersonDetail};
use crate::domain::access::Access;
use crate::domain::audit::AuditAction;
use crate::domain::categories::{Condition, ContactKind, LivingSituation, OrganisationKind, Sex};
use crate::domain::persons::{age_on, check_birth, search_text, tidy_kana, tidy_name};
use crate::domain::search::normalize_for_search;
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    case, consultation, district, partner_organisation, person, person_contact,
};
use crate::server::forms::{self, Problems};
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition as Where, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// A person's own fields as a form posts them, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFields {
    pub name: String,
    pub name_kana: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub district_id: Option<Uuid>,
    pub living_situation: Option<LivingSituation>,
    pub condition: Option<Condition>,
    pub notes: String,
}

/// The person form as posted.
#[derive(Debug, Clone, Default)]
pub struct PersonForm {
    pub name: String,
    pub name_kana: String,
    pub date_of_birth: String,
    pub sex: String,
    pub district_id: String,
    pub living_situation: String,
    pub condition: String,
    pub notes: String,
}

/// Checks a person form; every problem is reported at its field.
pub fn parse_person(form: &PersonForm, today: NaiveDate) -> Result<PersonFields, AppError> {
    let mut problems = Problems::default();
    let person_problem = |problems: &mut Problems,
                          problem: crate::domain::persons::PersonProblem| {
        problems.add(problem.field(), problem.code());
    };
    let name = tidy_name(&form.name).unwrap_or_else(|problem| {
        person_problem(&mut problems, problem);
        String::new()
    });
    let name_kana = tidy_kana(&form.name_kana).unwrap_or_else(|problem| {
        person_problem(&mut problems, problem);
        String::new()
    });
    let date_of_birth =
        problems.take(forms::optional_date("date_of_birth", &form.date_of_birth), None);
    let date_of_birth = date_of_birth.and_then(|date| {
        check_birth(date, today).map_err(|problem| person_problem(&mut problems, problem)).ok()
    });
    let sex = problems.take(forms::optional_category("sex", &form.sex), None);
    let district_id = problems.take(forms::optional_uuid("district_id", &form.district_id), None);
    let living_situation =
        problems.take(forms::optional_category("living_situation", &form.living_situation), None);
    let condition = problems.take(forms::optional_category("condition", &form.condition), None);
    let notes =
        problems.take(forms::text("notes", &form.notes, forms::TEXT_MAX_CHARS), String::new());
    problems.into_result()?;
    Ok(PersonFields {
        name,
        name_kana,
        date_of_birth,
        sex,
        district_id,
        living_situation,
        condition,
        notes,
    })
}

/// A district that may be chosen: an active one, or the one the record already has (a district
/// retired after the record was made stays until someone picks another).
async fn check_district(
    db: &impl ConnectionTrait,
    district: Option<Uuid>,
    current: Option<Uuid>,
) -> Result<(), AppError> {
    if let Some(district) = district
        && district != current.unwrap_or_default()
        && !district::Entity::find_by_id(district).one(db).await?.is_some_and(|row| row.active)
    {
        return Err(AppError::field("district_id", "invalid"));
    }
    Ok(())
}

/// A person as registered, by intake or by an import: at version 1, searchable by name and kana.
pub fn new_person(
    id: Uuid,
    office_id: Uuid,
    fields: PersonFields,
    now: DateTime<Utc>,
    by: Uuid,
) -> person::ActiveModel {
    person::ActiveModel {
        id: Set(id),
        office_id: Set(office_id),
        search_text: Set(search_text(&fields.name, &fields.name_kana)),
        name: Set(fields.name),
        name_kana: Set(fields.name_kana),
        date_of_birth: Set(fields.date_of_birth),
        sex: Set(fields.sex.map(|sex| sex.code().to_owned())),
        district_id: Set(fields.district_id),
        living_situation: Set(fields.living_situation.map(|value| value.code().to_owned())),
        condition: Set(fields.condition.map(|value| value.code().to_owned())),
        notes: Set(fields.notes),
        merged_into: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        updated_by: Set(Some(by)),
        version: Set(1),
    }
}

/// Registers a person for an office, in the caller's transaction.
pub async fn register(
    txn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    office_id: Uuid,
    fields: PersonFields,
) -> Result<Uuid, AppError> {
    check_district(txn, fields.district_id, None).await?;
    let id = Uuid::now_v7();
    person::Entity::insert(new_person(id, office_id, fields, now, authorized.actor.user_id))
        .exec(txn)
        .await?;
    AuditEvent::new(AuditAction::PersonRegistered)
        .by(&authorized.actor)
        .on("person", id)
        .write(txn, now, meta)
        .await?;
    Ok(id)
}

/// Persons within the scope: registered by an office of the scope, or with a case there.
fn visible(scope: CaseScope) -> Where {
    let with_case = Query::select()
        .column(case::Column::PersonId)
        .from(case::Entity)
        .and_where(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .to_owned();
    Where::any()
        .add(scope.condition(Expr::col((person::Entity, person::Column::OfficeId))))
        .add(Expr::col((person::Entity, person::Column::Id)).in_subquery(with_case))
}

/// The person if within the scope and not merged away; `NotFound` otherwise.
pub async fn find_in_scope(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    id: Uuid,
) -> Result<person::Model, AppError> {
    person::Entity::find_by_id(id)
        .filter(person::Column::MergedInto.is_null())
        .filter(visible(scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The names of those of `ids` the scope reaches (merged records included: an old link still
/// names its person).
pub async fn names_in_scope(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, AppError> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(visible(scope))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person.name))
        .collect())
}

/// A person found by a search, to link a consultation or to merge.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: Uuid,
    pub name: String,
    pub name_kana: String,
    pub date_of_birth: Option<NaiveDate>,
}

/// Persons whose name or kana contains the text, however it was typed; at most 20.
pub async fn search(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    text: &str,
) -> Result<Vec<Found>, AppError> {
    let text = normalize_for_search(text);
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let found = person::Entity::find()
        .filter(person::Column::MergedInto.is_null())
        .filter(visible(scope))
        .filter(
            Expr::col((person::Entity, person::Column::SearchText))
                .like(crate::server::case_list::contains(&text)),
        )
        .order_by_asc(person::Column::NameKana)
        .limit(20)
        .all(db)
        .await?;
    Ok(found
        .into_iter()
        .map(|person| Found {
            id: person.id,
            name: person.name,
            name_kana: person.name_kana,
            date_of_birth: person.date_of_birth,
        })
        .collect())
}

/// A person with their contacts, as the case page shows them.
pub async fn detail(
    db: &impl ConnectionTrait,
    id: Uuid,
    today: NaiveDate,
) -> Result<PersonDetail, AppError> {
    let person = person::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let district_name = match person.district_id {
        Some(district) => district::Entity::find_by_id(district).one(db).await?.map(|d| d.name),
        None => None,
    };
    let rows = contact_rows(db, id).await?;
    let updated_by = match person.updated_by {
        Some(user) => crate::server::case_files::user_names(db, [Some(user)]).await?.remove(&user),
        None => None,
    };
    Ok(PersonDetail {
        updated_at: person.updated_at,
        updated_by,
        id: person.id,
        version: person.version,
        age: person.date_of_birth.and_then(|birth| age_on(birth, today)),
        name: person.name,
        name_kana: person.name_kana,
        date_of_birth: person.date_of_birth,
        sex: person.sex.as_deref().and_then(Sex::parse),
        district_id: person.district_id,
        district_name,
        living_situation: person.living_situation.as_deref().and_then(LivingSituation::parse),
        condition: person.condition.as_deref().and_then(Condition::parse),
        notes: person.notes,
        contacts: rows,
    })
}

/// A person's contacts with the organisations they point to (the team around the person).
async fn contact_rows(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Vec<ContactRow>, AppError> {
    let contacts = person_contact::Entity::find()
        .filter(person_contact::Column::PersonId.eq(person_id))
        .filter(person_contact::Column::RemovedAt.is_null())
        .order_by_asc(person_contact::Column::CreatedAt)
        .all(db)
        .await?;
    let organisation_ids: Vec<Uuid> = contacts.iter().filter_map(|c| c.organisation_id).collect();
    let organisations: std::collections::HashMap<Uuid, partner_organisation::Model> =
        if organisation_ids.is_empty() {
            Default::default()
        } else {
            partner_organisation::Entity::find()
                .filter(partner_organisation::Column::Id.is_in(organisation_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|organisation| (organisation.id, organisation))
                .collect()
        };
    Ok(contacts
        .into_iter()
        .map(|contact| {
            let organisation = contact.organisation_id.and_then(|id| organisations.get(&id));
            ContactRow {
                id: contact.id,
                kind: ContactKind::parse(&contact.kind),
                name: contact.name,
                relation: contact.relation,
                phone: contact.phone,
                organisation: organisation.map(|o| o.name.clone()),
                organisation_kind: organisation.and_then(|o| OrganisationKind::parse(&o.kind)),
            }
        })
        .collect())
}

/// Saves a person's fields if nobody changed them meanwhile; returns the new version.
pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    fields: PersonFields,
) -> Result<i32, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let current = find_in_scope(db, scope, id).await?;
    if current.version != expected_version {
        return Err(AppError::Conflict);
    }
    check_district(db, fields.district_id, current.district_id).await?;
    let mut changed = Vec::new();
    let mut note = |name: &'static str, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    note("name", current.name != fields.name);
    note("name_kana", current.name_kana != fields.name_kana);
    note("date_of_birth", current.date_of_birth != fields.date_of_birth);
    let birthday_changed = current.date_of_birth != fields.date_of_birth;
    note("sex", current.sex.as_deref() != fields.sex.map(|v| v.code()));
    note("district_id", current.district_id != fields.district_id);
    note(
        "living_situation",
        current.living_situation.as_deref() != fields.living_situation.map(|v| v.code()),
    );
    note("condition", current.condition.as_deref() != fields.condition.map(|v| v.code()));
    note("notes", current.notes != fields.notes);
    let txn = crate::server::begin_write(db).await?;
    let updated = person::Entity::update_many()
        .col_expr(
            person::Column::SearchText,
            Expr::value(search_text(&fields.name, &fields.name_kana)),
        )
        .col_expr(person::Column::Name, Expr::value(fields.name))
        .col_expr(person::Column::NameKana, Expr::value(fields.name_kana))
        .col_expr(person::Column::DateOfBirth, Expr::value(fields.date_of_birth))
        .col_expr(person::Column::Sex, Expr::value(fields.sex.map(|v| v.code())))
        .col_expr(person::Column::DistrictId, Expr::value(fields.district_id))
        .col_expr(
            person::Column::LivingSituation,
            Expr::value(fields.living_situation.map(|v| v.code())),
        )
        .col_expr(person::Column::Condition, Expr::value(fields.condition.map(|v| v.code())))
        .col_expr(person::Column::Notes, Expr::value(fields.notes))
        .col_expr(person::Column::UpdatedAt, Expr::value(now))
        .col_expr(person::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .col_expr(person::Column::Version, Expr::value(expected_version + 1))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    // A court's reports may count from the birthday: a corrected one moves the open deadlines
    // of the person's cases in the same transaction.
    if birthday_changed {
        let open_cases = case::Entity::find()
            .filter(case::Column::PersonId.eq(id))
            .filter(case::Column::Stage.ne(crate::domain::cases::Stage::Closed.code()))
            .all(&txn)
            .await?;
        for open in open_cases {
            crate::server::deadlines::sync_case(&txn, now, open.id).await?;
        }
    }
    AuditEvent::new(AuditAction::PersonUpdated)
        .by(&authorized.actor)
        .on("person", id)
        .details(serde_json::json!({ "fields": changed }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(expected_version + 1)
}

/// A contact as its form posts it, checked.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub kind: ContactKind,
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub organisation_id: Option<Uuid>,
}

pub async fn add_contact(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    person_id: Uuid,
    contact: NewContact,
) -> Result<Uuid, AppError> {
    let mut problems = Problems::default();
    let name = problems.take(
        forms::required_text("name", &contact.name, forms::SHORT_TEXT_MAX_CHARS),
        String::new(),
    );
    let relation = problems.take(
        forms::text("relation", &contact.relation, crate::server::case_files::RELATION_MAX_CHARS),
        String::new(),
    );
    let phone = problems.take(forms::text("phone", &contact.phone, 40), String::new());
    problems.into_result()?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    find_in_scope(db, scope, person_id).await?;
    if let Some(organisation) = contact.organisation_id
        && !partner_organisation::Entity::find_by_id(organisation)
            .one(db)
            .await?
            .is_some_and(|row| row.active)
    {
        return Err(AppError::field("organisation_id", "invalid"));
    }
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    person_contact::Entity::insert(person_contact::ActiveModel {
        id: Set(id),
        person_id: Set(person_id),
        kind: Set(contact.kind.code().to_owned()),
        name: Set(name),
        relation: Set(relation),
        organisation_id: Set(contact.organisation_id),
        phone: Set(phone),
        notes: Set(String::new()),
        created_at: Set(now),
        removed_at: Set(None),
        removed_by: Set(None),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::ContactAdded)
        .by(&authorized.actor)
        .on("person", person_id)
        .details(serde_json::json!({ "contact": id, "kind": contact.kind.code() }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}

pub async fn remove_contact(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    contact_id: Uuid,
) -> Result<(), AppError> {
    let contact = person_contact::Entity::find_by_id(contact_id)
        .filter(person_contact::Column::RemovedAt.is_null())
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    find_in_scope(db, scope, contact.person_id).await?;
    let txn = crate::server::begin_write(db).await?;
    // Only if nobody removed it meanwhile: a second removal finds nothing to remove.
    let removed = person_contact::Entity::update_many()
        .col_expr(person_contact::Column::RemovedAt, Expr::value(now))
        .col_expr(person_contact::Column::RemovedBy, Expr::value(authorized.actor.user_id))
        .filter(person_contact::Column::Id.eq(contact_id))
        .filter(person_contact::Column::RemovedAt.is_null())
        .exec(&txn)
        .await?;
    if removed.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    AuditEvent::new(AuditAction::ContactRemoved)
        .by(&authorized.actor)
        .on("person", contact.person_id)
        .details(serde_json::json!({ "contact": contact_id, "kind": contact.kind }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Merges a duplicate record into the one to keep: its cases, consultations and contacts move
/// over, the duplicate stays (hidden, pointing at the kept record) so the audit trail and
/// links made before still resolve.
pub async fn merge(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    duplicate_id: Uuid,
    keep_id: Uuid,
) -> Result<(), AppError> {
    if duplicate_id == keep_id {
        return Err(AppError::field("keep_id", "same_person"));
    }
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let duplicate = find_in_scope(db, scope, duplicate_id).await?;
    let keep = find_in_scope(db, scope, keep_id).await?;
    let txn = crate::server::begin_write(db).await?;
    // The kept record must still be there, unmerged, when the records move to it: a
    // concurrent merge of it (or of it into the duplicate) bumps its version first.
    let kept = person::Entity::update_many()
        .col_expr(person::Column::Version, Expr::value(keep.version + 1))
        .col_expr(person::Column::UpdatedAt, Expr::value(now))
        .filter(person::Column::Id.eq(keep_id))
        .filter(person::Column::Version.eq(keep.version))
        .filter(person::Column::MergedInto.is_null())
        .exec(&txn)
        .await?;
    if kept.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    // One open case per person: two records that both have one are merged after one of the
    // cases is closed (or was a duplicate itself).
    let open_of = |person: Uuid| {
        case::Entity::find()
            .filter(case::Column::PersonId.eq(person))
            .filter(case::Column::Stage.ne(crate::domain::cases::Stage::Closed.code()))
    };
    use sea_orm::PaginatorTrait;
    if open_of(keep_id).count(&txn).await? > 0 && open_of(duplicate_id).count(&txn).await? > 0 {
        return Err(AppError::field("duplicate_id", "both_have_open_cases"));
    }
    let cases = case::Entity::update_many()
        .col_expr(case::Column::PersonId, Expr::value(keep_id))
        .filter(case::Column::PersonId.eq(duplicate_id))
        .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .exec(&txn)
        .await?
        .rows_affected;
    let consultations = consultation::Entity::update_many()
        .col_expr(consultation::Column::PersonId, Expr::value(keep_id))
        .filter(consultation::Column::PersonId.eq(duplicate_id))
        .filter(scope.condition(Expr::col((consultation::Entity, consultation::Column::OfficeId))))
        .exec(&txn)
        .await?
        .rows_affected;
    let contacts = person_contact::Entity::update_many()
        .col_expr(person_contact::Column::PersonId, Expr::value(keep_id))
        .filter(person_contact::Column::PersonId.eq(duplicate_id))
        .exec(&txn)
        .await?
        .rows_affected;
    let updated = person::Entity::update_many()
        .col_expr(person::Column::MergedInto, Expr::value(keep_id))
        .col_expr(person::Column::UpdatedAt, Expr::value(now))
        .col_expr(person::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .col_expr(person::Column::Version, Expr::value(duplicate.version + 1))
        .filter(person::Column::Id.eq(duplicate_id))
        .filter(person::Column::Version.eq(duplicate.version))
        .filter(person::Column::MergedInto.is_null())
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::PersonsMerged)
        .by(&authorized.actor)
        .on("person", keep_id)
        .details(serde_json::json!({
            "merged": duplicate_id,
            "cases": cases,
            "consultations": consultations,
            "contacts": contacts,
        }))
        .write(&txn, now, meta)
        .await?;
    AuditEvent::new(AuditAction::PersonsMerged)
        .by(&authorized.actor)
        .on("person", duplicate_id)
        .details(serde_json::json!({ "merged_into": keep_id }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A person's own page; the read is audited.
pub async fn page(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
) -> Result<crate::api::intake::PersonPage, AppError> {
    use crate::api::intake::{PersonCase, PersonPage};
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    find_in_scope(db, scope, id).await?;
    let write_scope = CaseScope::of(db, authorized, Access::Write).await?;
    let can_edit = find_in_scope(db, write_scope, id).await.is_ok();
    let cases = case::Entity::find()
        .filter(case::Column::PersonId.eq(id))
        .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .order_by_desc(case::Column::OpenedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|case| PersonCase {
            id: case.id,
            stage: crate::domain::cases::Stage::parse(&case.stage),
            case_number: case.case_number,
        })
        .collect();
    crate::server::audit::record_case_file_read(db, now, &authorized.actor, meta, id, "person")
        .await?;
    Ok(PersonPage {
        person: detail(db, id, crate::domain::dates::japan_date(now)).await?,
        can_edit,
        districts: crate::server::case_files::district_choices(db).await?,
        cases,
    })
}
