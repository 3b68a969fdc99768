//! A case's timeline: its events, the consultations about it, its appointments (made and
//! ended), relay steps, matching decisions and activity records, newest first.

use crate::api::AppError;
use crate::api::cases::{TimelineEntry, TimelineKind};
use crate::domain::activities::ActivityKind;
use crate::domain::appointments::{AppointmentRole, EndReason};
use crate::domain::cases::Stage;
use crate::domain::categories::{
    Consultant, ConsultationChannel, ConsultationOutcome, RightsViolation,
};
use crate::domain::relays::RelayStatus;
use crate::server::case_files::user_names;
use crate::server::entities::{
    activity, appointment, case, case_event, consultation, guardian, matching_decision,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// The flags a consultation raised, in the category's order.
pub fn flags_of(consultation: &consultation::Model) -> Vec<RightsViolation> {
    let raised = [
        (RightsViolation::Abuse, consultation.flag_abuse),
        (RightsViolation::ConsumerFraud, consultation.flag_consumer_fraud),
        (RightsViolation::SelfNeglect, consultation.flag_self_neglect),
        (RightsViolation::Other, consultation.flag_other),
    ];
    raised.into_iter().filter(|(_, raised)| *raised).map(|(flag, _)| flag).collect()
}

pub async fn for_case(
    db: &impl ConnectionTrait,
    case: &case::Model,
) -> Result<Vec<TimelineEntry>, AppError> {
    let events = case_event::Entity::find()
        .filter(case_event::Column::CaseId.eq(case.id))
        .order_by_desc(case_event::Column::OccurredAt)
        .all(db)
        .await?;
    let consultations = consultation::Entity::find()
        .filter(consultation::Column::CaseId.eq(case.id))
        .order_by_desc(consultation::Column::ReceivedAt)
        .all(db)
        .await?;
    let appointments =
        appointment::Entity::find().filter(appointment::Column::CaseId.eq(case.id)).all(db).await?;
    let decisions = matching_decision::Entity::find()
        .filter(matching_decision::Column::CaseId.eq(case.id))
        .all(db)
        .await?;
    let activities =
        activity::Entity::find().filter(activity::Column::CaseId.eq(case.id)).all(db).await?;
    let guardian_ids: Vec<uuid::Uuid> = appointments
        .iter()
        .map(|a| a.guardian_id)
        .chain(decisions.iter().filter_map(|d| d.chosen_guardian_id))
        .collect();
    let guardians: std::collections::HashMap<uuid::Uuid, String> = if guardian_ids.is_empty() {
        Default::default()
    } else {
        guardian::Entity::find()
            .filter(guardian::Column::Id.is_in(guardian_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect()
    };
    let guardian_name = |id: uuid::Uuid| guardians.get(&id).cloned().unwrap_or_default();
    let actors = events
        .iter()
        .map(|event| event.actor_user_id)
        .chain(consultations.iter().map(|consultation| consultation.recorded_by))
        .chain(appointments.iter().flat_map(|a| [a.created_by, a.ended_by]))
        .chain(decisions.iter().map(|d| d.recorded_by))
        .chain(activities.iter().map(|a| Some(a.recorded_by)));
    let names = user_names(db, actors).await?;
    let name = |id: Option<uuid::Uuid>| id.and_then(|id| names.get(&id).cloned());
    let mut entries: Vec<TimelineEntry> = events
        .into_iter()
        .map(|event| {
            let kind = match event.kind.as_str() {
                "stage_moved" => TimelineKind::StageMoved {
                    from: event.from_stage.as_deref().and_then(Stage::parse),
                    to: event.to_stage.as_deref().and_then(Stage::parse),
                },
                "reassigned" => TimelineKind::Reassigned {
                    to: (!event.comment.is_empty()).then(|| event.comment.clone()),
                },
                relay if relay.starts_with("relay_") => {
                    TimelineKind::Relay { status: RelayStatus::parse(&relay["relay_".len()..]) }
                }
                "imported" => TimelineKind::Imported,
                _ => TimelineKind::Opened,
            };
            // A reassignment's comment is the new coordinator's name, shown in the kind.
            let comment =
                if event.kind == "reassigned" { String::new() } else { event.comment.clone() };
            TimelineEntry { at: event.occurred_at, actor: name(event.actor_user_id), kind, comment }
        })
        .collect();
    entries.extend(consultations.into_iter().map(|consultation| TimelineEntry {
        at: consultation.received_at,
        actor: name(consultation.recorded_by),
        comment: String::new(),
        kind: TimelineKind::Consultation {
            channel: ConsultationChannel::parse(&consultation.channel),
            consultant: Consultant::parse(&consultation.consultant),
            flags: flags_of(&consultation),
            outcome: ConsultationOutcome::parse(&consultation.outcome),
            summary: consultation.summary,
        },
    }));
    for made in &appointments {
        let role = AppointmentRole::parse(&made.role);
        entries.push(TimelineEntry {
            at: made.created_at,
            actor: name(made.created_by),
            comment: made.capacity_override_reason.clone(),
            kind: TimelineKind::Appointed {
                guardian: guardian_name(made.guardian_id),
                role,
                decided_on: made.decided_on,
                effective_on: made.effective_on,
            },
        });
        if let (Some(ended_on), Some(at)) = (made.ended_on, made.ended_at) {
            entries.push(TimelineEntry {
                at,
                actor: name(made.ended_by),
                comment: made.end_note.clone(),
                kind: TimelineKind::AppointmentEnded {
                    guardian: guardian_name(made.guardian_id),
                    role,
                    ended_on,
                    reason: made.end_reason.as_deref().and_then(EndReason::parse),
                },
            });
        }
    }
    entries.extend(decisions.into_iter().map(|decision| TimelineEntry {
        at: decision.recorded_at,
        actor: name(decision.recorded_by),
        comment: decision.reason,
        kind: TimelineKind::Matching {
            meeting_on: decision.meeting_on,
            chosen: decision.chosen_guardian_id.map(guardian_name),
        },
    }));
    entries.extend(activities.into_iter().map(|done| {
        // Decision support is summed up by what was decided; everything else by its notes.
        let comment = if done.decided.is_empty() { done.notes } else { done.decided };
        TimelineEntry {
            at: done.recorded_at,
            actor: name(Some(done.recorded_by)),
            comment,
            kind: TimelineKind::Activity {
                kind: ActivityKind::parse(&done.kind),
                occurred_on: done.occurred_on,
                by_guardian: done.guardian_id.is_some(),
            },
        }
    }));
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.at));
    Ok(entries)
}
