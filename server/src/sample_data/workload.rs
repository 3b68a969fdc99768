//! The traces of months of use, for load tests: activity records (visits, calls, case meetings
//! logged on the cases with a guardian) and an audit trail (case files read and changed,
//! sign-ins). Drawn over the cases and appointments already generated, reproducibly from the
//! seed; `koken-desk seed --cases N --activities A --audit-rows R`.

use super::rng::Rng;
use super::rows::insert_in_transactions;
use anyhow::ensure;
use app::domain::access::Role;
use app::domain::activities::ActivityKind;
use app::domain::audit::AuditAction;
use app::server::entities::{activity, appointment, audit_entry, case, user};
use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

const STREAM_ACTIVITIES: u64 = 6;
const STREAM_AUDIT: u64 = 7;

/// Rows generated, inserted and committed together.
const ROWS_PER_TRANSACTION: usize = 20_000;

/// How far back the audit trail reaches.
const AUDIT_DAYS: u64 = 365;

const ACTIVITY_KINDS: [(ActivityKind, u32); 6] = [
    (ActivityKind::Visit, 45),
    (ActivityKind::Call, 30),
    (ActivityKind::CaseMeeting, 10),
    (ActivityKind::DecisionSupport, 8),
    (ActivityKind::RightsResponse, 2),
    (ActivityKind::Other, 5),
];

const ACTIVITY_NOTES: [&str; 6] = [
    "本人と面会。体調は安定しており、施設での生活にも慣れてきた様子。",
    "ケアマネジャーと電話で今後のサービス利用について相談。",
    "預貯金の管理状況を確認し、通帳の記帳を行った。",
    "本人の希望を聞き取り、次回の担当者会議で共有することとした。",
    "施設職員から近況の報告を受けた。特に問題なし。",
    "親族と連絡を取り、本人の近況を伝えた。",
];

/// What the trail records most: files opened, cases changed, sign-ins.
const AUDIT_ACTIONS: [(AuditAction, u32); 5] = [
    (AuditAction::CaseFileRead, 60),
    (AuditAction::CaseUpdated, 15),
    (AuditAction::SignInSucceeded, 15),
    (AuditAction::CaseStageMoved, 7),
    (AuditAction::ExportDownloaded, 3),
];

struct Appointed {
    case_id: Uuid,
    guardian_id: Uuid,
    from: NaiveDate,
    until: NaiveDate,
    recorded_by: Uuid,
}

/// Inserts `activities` activity records and `audit_rows` audit entries; returns how many of
/// each were written (none of the first without an appointment to log them on).
pub(super) async fn generate(
    db: &DatabaseConnection,
    seed: u64,
    today: NaiveDate,
    activities: u32,
    audit_rows: u32,
) -> anyhow::Result<(u64, u64)> {
    if activities == 0 && audit_rows == 0 {
        return Ok((0, 0));
    }
    let staff: Vec<(Uuid, String)> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::Role])
        .filter(user::Column::Role.is_in([Role::Coordinator.as_str(), Role::Manager.as_str()]))
        .order_by_asc(user::Column::LoginId)
        .into_tuple()
        .all(db)
        .await?;
    ensure!(!staff.is_empty(), "there is no coordinator to record the activities");
    let cases: Vec<(Uuid, Uuid, Option<Uuid>)> = case::Entity::find()
        .select_only()
        .columns([case::Column::Id, case::Column::PersonId, case::Column::CoordinatorId])
        .order_by_asc(case::Column::CaseNumber)
        .into_tuple()
        .all(db)
        .await?;
    let last = today - Days::new(1);
    let written_activities =
        insert_activities(db, seed, last, &staff, &cases, activities as usize).await?;
    let written_audit = insert_audit(db, seed, last, &staff, &cases, audit_rows as usize).await?;
    Ok((written_activities, written_audit))
}

async fn insert_activities(
    db: &DatabaseConnection,
    seed: u64,
    last: NaiveDate,
    staff: &[(Uuid, String)],
    cases: &[(Uuid, Uuid, Option<Uuid>)],
    count: usize,
) -> anyhow::Result<u64> {
    let coordinators: HashMap<Uuid, Uuid> =
        cases.iter().filter_map(|(id, _, by)| by.map(|by| (*id, by))).collect();
    let appointed: Vec<Appointed> = appointment::Entity::find()
        .order_by_asc(appointment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|row| row.effective_on <= last)
        .map(|row| Appointed {
            case_id: row.case_id,
            guardian_id: row.guardian_id,
            from: row.effective_on,
            until: row.ended_on.unwrap_or(last).min(last),
            recorded_by: coordinators.get(&row.case_id).copied().unwrap_or(staff[0].0),
        })
        .collect();
    if appointed.is_empty() || count == 0 {
        return Ok(0);
    }
    let mut rng = Rng::stream(seed, STREAM_ACTIVITIES, 0);
    let rows = (0..count).map(|_| {
        let on = &appointed[rng.below(appointed.len() as u64) as usize];
        let occurred_on = rng.date_between(on.from, on.until);
        let kind = rng.weighted(&ACTIVITY_KINDS);
        let by_guardian = rng.percent(60);
        activity::Model {
            id: rng.uuid(),
            case_id: on.case_id,
            kind: kind.code().to_owned(),
            occurred_on,
            duration_minutes: Some(rng.range(2, 12) as i32 * 10),
            participants: if kind == ActivityKind::CaseMeeting {
                "本人、ケアマネジャー、施設相談員".to_owned()
            } else {
                "本人".to_owned()
            },
            notes: rng.pick(&ACTIVITY_NOTES).to_owned(),
            wishes: String::new(),
            options: String::new(),
            decided: String::new(),
            violation: None,
            guardian_id: by_guardian.then_some(on.guardian_id),
            recorded_by: on.recorded_by,
            recorded_at: rng.office_hours(occurred_on),
        }
    });
    insert_in_transactions::<activity::ActiveModel, _>(db, rows, ROWS_PER_TRANSACTION).await
}

async fn insert_audit(
    db: &DatabaseConnection,
    seed: u64,
    last: NaiveDate,
    staff: &[(Uuid, String)],
    cases: &[(Uuid, Uuid, Option<Uuid>)],
    count: usize,
) -> anyhow::Result<u64> {
    if cases.is_empty() || count == 0 {
        return Ok(0);
    }
    let first = last - Days::new(AUDIT_DAYS);
    let mut rng = Rng::stream(seed, STREAM_AUDIT, 0);
    let rows = (0..count).map(|_| {
        let (actor, role) = &staff[rng.below(staff.len() as u64) as usize];
        let (case_id, person_id, _) = cases[rng.below(cases.len() as u64) as usize];
        let action = rng.weighted(&AUDIT_ACTIONS);
        let day = rng.date_between(first, last);
        let occurred_at = rng.office_hours(day);
        let (entity_type, entity_id, details) = match action {
            AuditAction::CaseFileRead => {
                (Some("person"), Some(person_id), Some(r#"{"view":"case"}"#))
            }
            AuditAction::CaseUpdated => {
                (Some("case"), Some(case_id), Some(r#"{"changed":["notes"]}"#))
            }
            AuditAction::CaseStageMoved => {
                (Some("case"), Some(case_id), Some(r#"{"from":"consultation","to":"assessment"}"#))
            }
            AuditAction::ExportDownloaded => (None, None, Some(r#"{"table":"cases","rows":50}"#)),
            _ => (Some("user"), Some(*actor), None),
        };
        audit_entry::Model {
            id: rng.uuid(),
            occurred_at,
            actor_user_id: Some(*actor),
            actor_role: Some(role.clone()),
            action: action.code().to_owned(),
            entity_type: entity_type.map(str::to_owned),
            entity_id: entity_id.map(|id| id.to_string()),
            details: details.map(str::to_owned),
            request_id: None,
            // An address of the documentation range (RFC 5737): no real client.
            client_ip: Some("192.0.2.10".to_owned()),
        }
    });
    insert_in_transactions::<audit_entry::ActiveModel, _>(db, rows, ROWS_PER_TRANSACTION).await
}
