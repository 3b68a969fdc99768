//! Intake consultations (相談受付): recording one, with the person it is about (new, known or
//! anonymous) and, when support starts, the case it opens or joins; and the centre's log.

use crate::api::AppError;
use crate::domain::access::Access;
use crate::domain::audit::AuditAction;
use crate::domain::cases::{CaseType, Stage};
use crate::domain::categories::{ConsultationOutcome, RightsViolation};
pub use crate::domain::consultations::ConsultationFacts;
use crate::domain::consultations::{
    ConsultationProblem, facts_problems, new_consultation_problems,
};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{case, consultation, person};
use crate::server::persons::{self, PersonFields};
use crate::server::request::RequestMeta;
use crate::server::{case_files, forms};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// Who the consultation is about.
#[derive(Debug, Clone)]
pub enum PersonChoice {
    /// Nobody on record yet (an anonymous call, or not enough to identify the person).
    Anonymous,
    Known(Uuid),
    New(PersonFields),
}

#[derive(Debug, Clone)]
pub struct ConsultationInput {
    pub facts: ConsultationFacts,
    pub outcome: ConsultationOutcome,
    pub person: PersonChoice,
    /// The type of the case to open when support starts for a person without an open case.
    pub case_type: Option<CaseType>,
}

/// What recording a consultation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub consultation_id: Uuid,
    pub person_id: Option<Uuid>,
    pub case_id: Option<Uuid>,
    pub case_opened: bool,
}

/// The problems of a consultation as a form's field errors.
fn form_problems(problems: Vec<ConsultationProblem>) -> Result<(), AppError> {
    let mut form = forms::Problems::default();
    for problem in problems {
        form.add(problem.field(), problem.code());
    }
    form.into_result()
}

/// Records a consultation; all of it (person, consultation, case) or nothing.
pub async fn record(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    input: ConsultationInput,
) -> Result<Recorded, AppError> {
    let anonymous = matches!(input.person, PersonChoice::Anonymous);
    form_problems(new_consultation_problems(&input.facts, input.outcome, anonymous, now))?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let office = scope.office_for_new_records(authorized)?;
    let txn = crate::server::begin_write(db).await?;
    let person_id = match input.person.clone() {
        PersonChoice::Anonymous => None,
        PersonChoice::Known(id) => Some(persons::find_in_scope(&txn, scope, id).await?.id),
        PersonChoice::New(fields) => {
            Some(persons::register(&txn, now, authorized, meta, office, fields).await?)
        }
    };
    let (case_id, case_opened) = match (input.outcome, person_id) {
        (ConsultationOutcome::SupportStarted, Some(person)) => {
            match open_case_of(&txn, scope, person).await? {
                Some(case) => (Some(case), false),
                None => {
                    let case_type =
                        input.case_type.ok_or_else(|| AppError::field("case_type", "required"))?;
                    match case_files::open(&txn, now, authorized, meta, office, person, case_type)
                        .await
                    {
                        Ok(case) => (Some(case), true),
                        Err(error) if error.code_for("person") != Some("open_case_exists") => {
                            return Err(error);
                        }
                        // A colleague's consultation opened one a moment ago: join it, as if it
                        // had been there when this one started. (One in an office outside the
                        // scope is not found again, and the refusal stands.)
                        Err(refused) => match open_case_of(&txn, scope, person).await? {
                            Some(case) => (Some(case), false),
                            None => return Err(refused),
                        },
                    }
                }
            }
        }
        _ => (None, false),
    };
    let id = Uuid::now_v7();
    let facts = &input.facts;
    let has = |flag| facts.flags.contains(&flag);
    consultation::Entity::insert(consultation::ActiveModel {
        id: Set(id),
        office_id: Set(office),
        person_id: Set(person_id),
        case_id: Set(case_id),
        received_at: Set(facts.received_at),
        channel: Set(facts.channel.code().to_owned()),
        consultant: Set(facts.consultant.code().to_owned()),
        summary: Set(facts.summary.trim().to_owned()),
        urgency: Set(facts.urgency.code().to_owned()),
        flag_abuse: Set(has(RightsViolation::Abuse)),
        flag_consumer_fraud: Set(has(RightsViolation::ConsumerFraud)),
        flag_self_neglect: Set(has(RightsViolation::SelfNeglect)),
        flag_other: Set(has(RightsViolation::Other)),
        abuse_reported: Set(facts.abuse_reported),
        abuse_reported_on: Set(facts.abuse_reported_on),
        abuse_response: Set(facts.abuse_response.trim().to_owned()),
        outcome: Set(input.outcome.code().to_owned()),
        recorded_by: Set(Some(authorized.actor.user_id)),
        created_at: Set(now),
        updated_at: Set(now),
        updated_by: Set(Some(authorized.actor.user_id)),
        version: Set(1),
    })
    .exec(&txn)
    .await?;
    AuditEvent::new(AuditAction::ConsultationRecorded)
        .by(&authorized.actor)
        .on("consultation", id)
        .details(serde_json::json!({
            "person_id": person_id,
            "case_id": case_id,
            "outcome": input.outcome.code(),
            "flags": facts.flags.iter().map(|flag| flag.code()).collect::<Vec<_>>(),
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(Recorded { consultation_id: id, person_id, case_id, case_opened })
}

/// A consultation within the scope, with the name of its person where known.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    id: Uuid,
) -> Result<(consultation::Model, Option<person::Model>), AppError> {
    let found = consultation::Entity::find_by_id(id)
        .filter(scope.condition(Expr::col((consultation::Entity, consultation::Column::OfficeId))))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = match found.person_id {
        Some(person) => person::Entity::find_by_id(person).one(db).await?,
        None => None,
    };
    Ok((found, person))
}

/// Corrects what a consultation records (not whom it is about or what it started); returns the
/// new version.
pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    id: Uuid,
    expected_version: i32,
    facts: ConsultationFacts,
) -> Result<i32, AppError> {
    form_problems(facts_problems(&facts, now))?;
    let scope = CaseScope::of(db, authorized, Access::Write).await?;
    let (current, _) = find(db, scope, id).await?;
    if current.version != expected_version {
        return Err(AppError::Conflict);
    }
    let has = |flag| facts.flags.contains(&flag);
    let txn = crate::server::begin_write(db).await?;
    let updated = consultation::Entity::update_many()
        .col_expr(consultation::Column::ReceivedAt, Expr::value(facts.received_at))
        .col_expr(consultation::Column::Channel, Expr::value(facts.channel.code()))
        .col_expr(consultation::Column::Consultant, Expr::value(facts.consultant.code()))
        .col_expr(consultation::Column::Summary, Expr::value(facts.summary.trim()))
        .col_expr(consultation::Column::Urgency, Expr::value(facts.urgency.code()))
        .col_expr(consultation::Column::FlagAbuse, Expr::value(has(RightsViolation::Abuse)))
        .col_expr(
            consultation::Column::FlagConsumerFraud,
            Expr::value(has(RightsViolation::ConsumerFraud)),
        )
        .col_expr(
            consultation::Column::FlagSelfNeglect,
            Expr::value(has(RightsViolation::SelfNeglect)),
        )
        .col_expr(consultation::Column::FlagOther, Expr::value(has(RightsViolation::Other)))
        .col_expr(consultation::Column::AbuseReported, Expr::value(facts.abuse_reported))
        .col_expr(consultation::Column::AbuseReportedOn, Expr::value(facts.abuse_reported_on))
        .col_expr(consultation::Column::AbuseResponse, Expr::value(facts.abuse_response.trim()))
        .col_expr(consultation::Column::UpdatedAt, Expr::value(now))
        .col_expr(consultation::Column::UpdatedBy, Expr::value(authorized.actor.user_id))
        .col_expr(consultation::Column::Version, Expr::value(expected_version + 1))
        .filter(consultation::Column::Id.eq(id))
        .filter(consultation::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    AuditEvent::new(AuditAction::ConsultationUpdated)
        .by(&authorized.actor)
        .on("consultation", id)
        .details(serde_json::json!({
            "flags": facts.flags.iter().map(|flag| flag.code()).collect::<Vec<_>>(),
            "abuse_reported": facts.abuse_reported,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(expected_version + 1)
}

/// The person's open case within the scope, if any (the newest).
async fn open_case_of(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    person_id: Uuid,
) -> Result<Option<Uuid>, AppError> {
    Ok(case::Entity::find()
        .filter(case::Column::PersonId.eq(person_id))
        .filter(case::Column::Stage.ne(Stage::Closed.code()))
        .filter(scope.condition(Expr::col((case::Entity, case::Column::OfficeId))))
        .order_by_desc(case::Column::OpenedOn)
        .one(db)
        .await?
        .map(|case| case.id))
}

/// One page of the consultation log, newest first, with the person's name where known.
pub async fn log_page(
    db: &impl ConnectionTrait,
    scope: CaseScope,
    flag: Option<RightsViolation>,
    page: u64,
    page_size: u64,
) -> Result<(Vec<(consultation::Model, Option<person::Model>)>, u64), AppError> {
    let mut query = consultation::Entity::find()
        .filter(scope.condition(Expr::col((consultation::Entity, consultation::Column::OfficeId))));
    if let Some(flag) = flag {
        query = query.filter(crate::server::case_list::flag_column(flag).eq(true));
    }
    let paginator = query
        .order_by_desc(consultation::Column::ReceivedAt)
        .order_by_desc(consultation::Column::Id)
        .paginate(db, page_size);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(page).await?;
    let person_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.person_id).collect();
    let persons: std::collections::HashMap<Uuid, person::Model> = if person_ids.is_empty() {
        Default::default()
    } else {
        person::Entity::find()
            .filter(person::Column::Id.is_in(person_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|person| (person.id, person))
            .collect()
    };
    Ok((
        rows.into_iter()
            .map(|row| {
                let person = row.person_id.and_then(|id| persons.get(&id).cloned());
                (row, person)
            })
            .collect(),
        total,
    ))
}
