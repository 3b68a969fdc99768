//! Guardian support and outreach: the help the centre gives guardians one by one (支援の記録:
//! citizen and family guardians, on reports, accounts, decisions), and its events with their
//! attendance (citizen-guardian training, seminars for family guardians, public briefings and
//! outreach lectures). The council's statistics count both.

use crate::domain::TEXT_MAX_CHARS;
use crate::domain::categories::{Category, category};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest title or venue, in characters (the columns hold 200).
pub const LINE_MAX_CHARS: usize = 200;
/// The most participants one event may record.
pub const MAX_PARTICIPANTS: u32 = 100_000;

category! {
    /// What a guardian needed help with.
    SupportTopic {
        Report => "report", "報告書の作成", "Writing a report";
        Accounts => "accounts", "財産管理・収支", "Managing assets and accounts";
        Decision => "decision", "意思決定支援", "Supporting a decision";
        Care => "care", "身上保護・介護福祉", "Personal care and welfare services";
        Relations => "relations", "親族・関係者との調整", "Family and others involved";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// How the help was given.
    SupportMode {
        InPerson => "in_person", "来所面談", "At the centre";
        Phone => "phone", "電話", "Phone";
        Visit => "visit", "訪問", "Visit";
        Online => "online", "オンライン", "Online";
    }
}

category! {
    /// The centre's events.
    EventKind {
        Training => "training", "市民後見人養成研修", "Citizen guardian training";
        FollowUp => "follow_up", "市民後見人フォローアップ研修", "Follow-up training for citizen guardians";
        FamilySeminar => "family_seminar", "親族後見人向け研修会", "Seminar for family guardians";
        Briefing => "briefing", "説明会", "Public briefing";
        Lecture => "lecture", "出前講座", "Outreach lecture";
        Other => "other", "その他", "Other";
    }
}

/// Whether an event records which guardians of the register attended (training and
/// seminars); briefings and lectures count their audience only.
pub fn takes_attendance(kind: EventKind) -> bool {
    matches!(kind, EventKind::Training | EventKind::FollowUp | EventKind::FamilySeminar)
}

/// A support session as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDraft {
    pub held_on: Option<NaiveDate>,
    pub topic: Option<SupportTopic>,
    pub mode: Option<SupportMode>,
    pub duration_minutes: Option<u32>,
    pub notes: String,
}

/// The problems of a support session, as (form field, message code) pairs.
pub fn session_problems(
    draft: &SessionDraft,
    today: NaiveDate,
) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    match draft.held_on {
        None => problems.push(("held_on", "required")),
        Some(on) if on > today => problems.push(("held_on", "date_in_future")),
        Some(_) => {}
    }
    if draft.topic.is_none() {
        problems.push(("topic", "required"));
    }
    if draft.mode.is_none() {
        problems.push(("mode", "required"));
    }
    if draft.duration_minutes.is_some_and(|m| !(1..=1440).contains(&m)) {
        problems.push(("duration_minutes", "duration_out_of_range"));
    }
    if draft.notes.trim().chars().count() > TEXT_MAX_CHARS {
        problems.push(("notes", "too_long"));
    }
    problems
}

/// An event as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDraft {
    pub kind: Option<EventKind>,
    pub title: String,
    pub held_on: Option<NaiveDate>,
    pub venue: String,
    pub audience: String,
    pub participants: Option<u32>,
    pub notes: String,
}

/// The problems of an event. `attendees` is how many register entries are marked as attending:
/// the participant count cannot be lower (planned events in the future are allowed, with their
/// count filled in afterwards).
pub fn event_problems(draft: &EventDraft, attendees: u32) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    if draft.kind.is_none() {
        problems.push(("kind", "required"));
    }
    let title = draft.title.trim();
    if title.is_empty() {
        problems.push(("title", "required"));
    } else if title.chars().count() > LINE_MAX_CHARS {
        problems.push(("title", "too_long"));
    }
    if draft.held_on.is_none() {
        problems.push(("held_on", "required"));
    }
    for (field, text) in [("venue", &draft.venue), ("audience", &draft.audience)] {
        if text.trim().chars().count() > LINE_MAX_CHARS {
            problems.push((field, "too_long"));
        }
    }
    match draft.participants {
        Some(count) if count > MAX_PARTICIPANTS => {
            problems.push(("participants", "participants_range"))
        }
        Some(count) if count < attendees => problems.push(("participants", "fewer_than_attendees")),
        _ => {}
    }
    if draft.notes.trim().chars().count() > TEXT_MAX_CHARS {
        problems.push(("notes", "too_long"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn session() -> SessionDraft {
        SessionDraft {
            held_on: Some(day("2026-11-20")),
            topic: Some(SupportTopic::Report),
            mode: Some(SupportMode::InPerson),
            duration_minutes: Some(60),
            notes: "定期報告の収支欄を一緒に作成".to_owned(),
        }
    }

    fn event() -> EventDraft {
        EventDraft {
            kind: Some(EventKind::Training),
            title: "令和8年度 市民後見人養成研修 第1回".to_owned(),
            held_on: Some(day("2026-10-03")),
            venue: "市民会館".to_owned(),
            audience: "受講者".to_owned(),
            participants: Some(24),
            notes: String::new(),
        }
    }

    #[test]
    fn a_session_needs_its_date_topic_and_mode_and_happened_already() {
        let today = day("2026-11-27");
        assert!(session_problems(&session(), today).is_empty());
        let tomorrow = SessionDraft { held_on: Some(day("2026-11-28")), ..session() };
        assert_eq!(session_problems(&tomorrow, today), vec![("held_on", "date_in_future")]);
        let empty = SessionDraft { held_on: None, topic: None, mode: None, ..session() };
        assert_eq!(
            session_problems(&empty, today),
            vec![("held_on", "required"), ("topic", "required"), ("mode", "required")]
        );
        let long = SessionDraft { duration_minutes: Some(0), ..session() };
        assert_eq!(
            session_problems(&long, today),
            vec![("duration_minutes", "duration_out_of_range")]
        );
    }

    #[test]
    fn an_event_counts_at_least_its_recorded_attendees() {
        assert!(event_problems(&event(), 24).is_empty());
        assert_eq!(event_problems(&event(), 25), vec![("participants", "fewer_than_attendees")]);
        // A planned event has no count yet.
        assert!(event_problems(&EventDraft { participants: None, ..event() }, 3).is_empty());
        let huge = EventDraft { participants: Some(MAX_PARTICIPANTS + 1), ..event() };
        assert_eq!(event_problems(&huge, 0), vec![("participants", "participants_range")]);
        let blank = EventDraft { kind: None, title: " ".to_owned(), held_on: None, ..event() };
        assert_eq!(
            event_problems(&blank, 0),
            vec![("kind", "required"), ("title", "required"), ("held_on", "required")]
        );
        let wordy = EventDraft { venue: "館".repeat(LINE_MAX_CHARS + 1), ..event() };
        assert_eq!(event_problems(&wordy, 0), vec![("venue", "too_long")]);
    }

    #[test]
    fn training_and_seminars_take_attendance_and_public_sessions_count_heads() {
        assert!(takes_attendance(EventKind::Training));
        assert!(takes_attendance(EventKind::FamilySeminar));
        assert!(!takes_attendance(EventKind::Briefing));
        assert!(!takes_attendance(EventKind::Lecture));
    }
}
