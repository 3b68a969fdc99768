//! Matching (受任者調整) for a case: the candidates the rules propose or exclude, with the facts
//! counted by the database (active appointments, experience with the case type, conflicts with
//! the person), and the conference's recorded decisions.

use crate::api::AppError;
use crate::api::matching::{MatchingDecisionRow, MatchingPanel, SuggestionRow};
use crate::domain::access::Access;
use crate::domain::audit::AuditAction;
use crate::domain::cases::CaseType;
use crate::domain::dates::japan_date;
use crate::domain::guardians::free_capacity;
use crate::domain::matching::{Candidate, CaseNeeds, ConflictKind, Disqualification, suggest};
use crate::server::audit::AuditEvent;
use crate::server::auth::Authorized;
use crate::server::case_files;
use crate::server::case_scope::CaseScope;
use crate::server::entities::{
    appointment, case, guardian, guardian_conflict, matching_candidate, matching_decision, person,
};
use crate::server::guardians::kind_and_registration;
use crate::server::request::RequestMeta;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Proposals shown on the panel, best first.
pub const PROPOSALS_SHOWN: usize = 20;

#[derive(FromQueryResult)]
struct PerGuardian {
    guardian_id: Uuid,
    n: i64,
}

/// Active appointments per guardian, and appointments on cases of `case_type`, counted in SQL.
async fn counts(
    db: &impl ConnectionTrait,
    case_type: CaseType,
) -> Result<(HashMap<Uuid, u32>, HashMap<Uuid, u32>), AppError> {
    let backend = db.get_database_backend();
    let active = Query::select()
        .column(appointment::Column::GuardianId)
        .expr_as(Func::count(Expr::col(appointment::Column::Id)), Alias::new("n"))
        .from(appointment::Entity)
        .and_where(Expr::col(appointment::Column::EndedOn).is_null())
        .group_by_col(appointment::Column::GuardianId)
        .to_owned();
    let experience = Query::select()
        .column((appointment::Entity, appointment::Column::GuardianId))
        .expr_as(
            Func::count(Expr::col((appointment::Entity, appointment::Column::Id))),
            Alias::new("n"),
        )
        .from(appointment::Entity)
        .inner_join(
            case::Entity,
            Expr::col((case::Entity, case::Column::Id))
                .equals((appointment::Entity, appointment::Column::CaseId)),
        )
        .and_where(Expr::col((case::Entity, case::Column::CaseType)).eq(case_type.code()))
        .group_by_col((appointment::Entity, appointment::Column::GuardianId))
        .to_owned();
    let to_map = |rows: Vec<PerGuardian>| {
        rows.into_iter()
            .map(|row| (row.guardian_id, u32::try_from(row.n).unwrap_or(u32::MAX)))
            .collect::<HashMap<_, _>>()
    };
    Ok((
        to_map(PerGuardian::find_by_statement(backend.build(&active)).all(db).await?),
        to_map(PerGuardian::find_by_statement(backend.build(&experience)).all(db).await?),
    ))
}

/// The matching panel of a case: proposals, the candidates the law excludes (by name), the
/// number excluded otherwise, and the decisions recorded so far.
pub async fn panel(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    authorized: &Authorized,
    case_id: Uuid,
) -> Result<MatchingPanel, AppError> {
    let scope = CaseScope::of(db, authorized, Access::Read).await?;
    let case = case_files::find_in_scope(db, scope, case_id).await?;
    let case_type = CaseType::parse(&case.case_type).ok_or(AppError::Internal)?;
    let person =
        person::Entity::find_by_id(case.person_id).one(db).await?.ok_or(AppError::Internal)?;
    let (active, experience) = counts(db, case_type).await?;
    let on_case: HashSet<Uuid> = appointment::Entity::find()
        .filter(appointment::Column::CaseId.eq(case.id))
        .filter(appointment::Column::EndedOn.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.guardian_id)
        .collect();
    let mut conflicts: HashMap<Uuid, Vec<ConflictKind>> = HashMap::new();
    for conflict in guardian_conflict::Entity::find()
        .filter(guardian_conflict::Column::PersonId.eq(person.id))
        .filter(guardian_conflict::Column::WithdrawnAt.is_null())
        .all(db)
        .await?
    {
        if let Some(kind) = ConflictKind::parse(&conflict.kind) {
            conflicts.entry(conflict.guardian_id).or_default().push(kind);
        }
    }
    let guardians = guardian::Entity::find()
        .order_by_asc(guardian::Column::NameKana)
        .order_by_asc(guardian::Column::Id)
        .all(db)
        .await?;
    let by_id: HashMap<Uuid, &guardian::Model> = guardians.iter().map(|g| (g.id, g)).collect();
    let candidates: Vec<Candidate> = guardians
        .iter()
        .filter(|g| !on_case.contains(&g.id))
        .map(|g| {
            let (kind, registration) = kind_and_registration(g);
            Candidate {
                guardian: g.id,
                kind,
                registration,
                registration_expires_on: g.registration_expires_on,
                district: g.district_id,
                capacity: g.capacity.and_then(|c| u32::try_from(c).ok()),
                active_appointments: active.get(&g.id).copied().unwrap_or(0),
                experience: experience.get(&g.id).copied().unwrap_or(0),
                related_person: g.related_person_id,
                disqualification: g.disqualification.as_deref().and_then(Disqualification::parse),
                conflicts: conflicts.remove(&g.id).unwrap_or_default(),
            }
        })
        .collect();
    let needs = CaseNeeds { person: person.id, case_type, district: person.district_id };
    let ranked = suggest(&needs, &candidates, japan_date(now));
    let districts: HashMap<Uuid, String> = case_files::district_choices(db)
        .await?
        .into_iter()
        .map(|choice| (choice.id, choice.name))
        .collect();
    // Every suggestion is of a candidate made from `guardians` above.
    let row = |suggestion: &crate::domain::matching::Suggestion| {
        let entry = *by_id.get(&suggestion.guardian)?;
        let (kind, _) = kind_and_registration(entry);
        let active = active.get(&entry.id).copied().unwrap_or(0);
        Some(SuggestionRow {
            guardian_id: entry.id,
            name: entry.name.clone(),
            kind,
            district_name: entry.district_id.and_then(|d| districts.get(&d).cloned()),
            free: free_capacity(entry.capacity.and_then(|c| u32::try_from(c).ok()), active),
            score: suggestion.score,
            reasons: suggestion.reasons.clone(),
            flags: suggestion.flags.clone(),
            exclusion: suggestion.exclusion,
        })
    };
    let proposals: Vec<SuggestionRow> = ranked
        .iter()
        .filter(|s| s.exclusion.is_none())
        .take(PROPOSALS_SHOWN)
        .filter_map(row)
        .collect();
    let excluded: Vec<SuggestionRow> = ranked
        .iter()
        .filter(|s| s.exclusion.is_some_and(|e| e.is_legal()))
        .filter_map(row)
        .collect();
    let other_excluded =
        ranked.iter().filter(|s| s.exclusion.is_some_and(|e| !e.is_legal())).count() as u32;
    let decisions = decisions(db, case.id, &by_id).await?;
    let can_edit = case_files::writable(db, authorized, case.id).await.is_ok();
    Ok(MatchingPanel { proposals, excluded, other_excluded, decisions, can_edit })
}

async fn decisions(
    db: &impl ConnectionTrait,
    case_id: Uuid,
    guardians: &HashMap<Uuid, &guardian::Model>,
) -> Result<Vec<MatchingDecisionRow>, AppError> {
    let decisions = matching_decision::Entity::find()
        .filter(matching_decision::Column::CaseId.eq(case_id))
        .order_by_desc(matching_decision::Column::MeetingOn)
        .order_by_desc(matching_decision::Column::RecordedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = decisions.iter().map(|d| d.id).collect();
    let candidates = if ids.is_empty() {
        Vec::new()
    } else {
        matching_candidate::Entity::find()
            .filter(matching_candidate::Column::DecisionId.is_in(ids))
            .all(db)
            .await?
    };
    let name = |id: Uuid| guardians.get(&id).map(|g| g.name.clone()).unwrap_or_default();
    Ok(decisions
        .into_iter()
        .map(|decision| MatchingDecisionRow {
            meeting_on: decision.meeting_on,
            considered: candidates
                .iter()
                .filter(|c| c.decision_id == decision.id)
                .map(|c| name(c.guardian_id))
                .collect(),
            chosen: decision.chosen_guardian_id.map(name),
            reason: decision.reason,
        })
        .collect())
}

/// A matching conference's decision: when it met, whom it considered, whom it chose (or
/// nobody yet) and why.
#[derive(Debug, Clone)]
pub struct ConferenceDecision {
    pub meeting_on: NaiveDate,
    pub considered: Vec<Uuid>,
    pub chosen: Option<Uuid>,
    pub reason: String,
}

/// Records a matching conference's decision on a case.
pub async fn record_decision(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    authorized: &Authorized,
    meta: &RequestMeta,
    case_id: Uuid,
    decision: ConferenceDecision,
) -> Result<Uuid, AppError> {
    let ConferenceDecision { meeting_on, considered, chosen, reason } = decision;
    let reason = crate::server::forms::required_text(
        "reason",
        &reason,
        crate::server::forms::TEXT_MAX_CHARS,
    )?;
    if meeting_on > japan_date(now) {
        return Err(AppError::field("meeting_on", "date_in_future"));
    }
    let case = case_files::writable(db, authorized, case_id).await?;
    let mut considered: Vec<Uuid> = considered;
    considered.extend(chosen);
    considered.sort();
    considered.dedup();
    if considered.len() > 50 {
        return Err(AppError::field("considered", "too_many"));
    }
    let found = guardian::Entity::find()
        .filter(guardian::Column::Id.is_in(considered.clone()))
        .all(db)
        .await?;
    if found.len() != considered.len() {
        return Err(AppError::field("considered", "invalid"));
    }
    let txn = crate::server::begin_write(db).await?;
    let id = Uuid::now_v7();
    matching_decision::Entity::insert(matching_decision::ActiveModel {
        id: Set(id),
        case_id: Set(case.id),
        meeting_on: Set(meeting_on),
        chosen_guardian_id: Set(chosen),
        reason: Set(reason),
        recorded_at: Set(now),
        recorded_by: Set(Some(authorized.actor.user_id)),
    })
    .exec(&txn)
    .await?;
    for guardian_id in &considered {
        matching_candidate::Entity::insert(matching_candidate::ActiveModel {
            decision_id: Set(id),
            guardian_id: Set(*guardian_id),
        })
        .exec(&txn)
        .await?;
    }
    AuditEvent::new(AuditAction::MatchingDecided)
        .by(&authorized.actor)
        .on("case", case.id)
        .details(serde_json::json!({
            "decision": id, "meeting_on": meeting_on, "considered": considered, "chosen": chosen,
        }))
        .write(&txn, now, meta)
        .await?;
    txn.commit().await?;
    Ok(id)
}
