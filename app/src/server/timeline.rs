//! A case's timeline: its events and the consultations about it, newest first. Later work
//! (appointments, activities) joins the same list.

use crate::api::AppError;
use crate::api::cases::{TimelineEntry, TimelineKind};
use crate::domain::cases::Stage;
use crate::domain::categories::{
    Consultant, ConsultationChannel, ConsultationOutcome, RightsViolation,
};
use crate::server::case_files::user_names;
use crate::server::entities::{case, case_event, consultation};
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
    let actors = events
        .iter()
        .map(|event| event.actor_user_id)
        .chain(consultations.iter().map(|consultation| consultation.recorded_by));
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
    entries.sort_by_key(|entry| std::cmp::Reverse(entry.at));
    Ok(entries)
}
