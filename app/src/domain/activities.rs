//! Activity records on a case (チーム支援・モニタリング): visits, calls, case meetings,
//! decision-making support (意思決定支援) and responses to rights violations, logged by the
//! coordinators and by the case's guardians. What a valid record says, and when a case has gone
//! too long without contact.

use crate::domain::TEXT_MAX_CHARS;
use crate::domain::categories::{Category, RightsViolation, category};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

category! {
    /// What kind of activity was done for the person.
    ActivityKind {
        Visit => "visit", "訪問・面会", "Visit";
        Call => "call", "電話", "Phone call";
        CaseMeeting => "case_meeting", "ケース会議", "Case meeting";
        DecisionSupport => "decision_support", "意思決定支援", "Decision-making support";
        RightsResponse => "rights_response", "権利侵害への対応", "Response to a rights violation";
        Other => "other", "その他", "Other";
    }
}

impl ActivityKind {
    /// Whether the activity is contact with the person or their team, which the inbox counts
    /// when it looks for cases nobody has been in touch with.
    pub fn is_contact(self) -> bool {
        !matches!(self, ActivityKind::Other)
    }

    /// The codes of the kinds that count as contact, for SQL.
    pub fn contact_codes() -> Vec<&'static str> {
        Self::ALL.iter().filter(|kind| kind.is_contact()).map(|kind| kind.code()).collect()
    }
}

/// Longest activity a record may claim: a whole day.
pub const MAX_DURATION_MINUTES: u32 = 24 * 60;
/// Longest list of participants, in characters.
pub const PARTICIPANTS_MAX_CHARS: usize = 400;
/// Oldest date an activity may carry (a typo guard: no record predates the 2000 reform).
const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 4, 1) {
    Some(date) => date,
    None => panic!("a valid date"),
};

/// An activity as the form sends it, already parsed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActivityDraft {
    pub kind: Option<ActivityKind>,
    pub occurred_on: Option<NaiveDate>,
    pub duration_minutes: Option<u32>,
    /// Who took part (本人, 家族, ケアマネジャー …): free text.
    pub participants: String,
    pub notes: String,
    /// Decision-making support: the person's own wishes and preferences (本人の意思・希望).
    pub wishes: String,
    /// Decision-making support: the options discussed (検討した選択肢).
    pub options: String,
    /// Decision-making support: what was decided, and by whom (決定内容).
    pub decided: String,
    /// A response to a rights violation: which kind.
    pub violation: Option<RightsViolation>,
}

/// What is wrong with an activity, as (form field, message code) pairs.
pub fn activity_problems(
    draft: &ActivityDraft,
    today: NaiveDate,
) -> Vec<(&'static str, &'static str)> {
    let mut problems = Vec::new();
    let Some(kind) = draft.kind else {
        problems.push(("kind", "required"));
        return problems;
    };
    match draft.occurred_on {
        None => problems.push(("occurred_on", "required")),
        Some(on) if on > today => problems.push(("occurred_on", "date_in_future")),
        Some(on) if on < EARLIEST => problems.push(("occurred_on", "date_too_early")),
        Some(_) => {}
    }
    if draft.duration_minutes.is_some_and(|minutes| minutes == 0 || minutes > MAX_DURATION_MINUTES)
    {
        problems.push(("duration_minutes", "duration_out_of_range"));
    }
    if draft.participants.trim().chars().count() > PARTICIPANTS_MAX_CHARS {
        problems.push(("participants", "too_long"));
    }
    for (field, text) in [
        ("notes", &draft.notes),
        ("wishes", &draft.wishes),
        ("options", &draft.options),
        ("decided", &draft.decided),
    ] {
        if text.trim().chars().count() > TEXT_MAX_CHARS {
            problems.push((field, "too_long"));
        }
    }
    match kind {
        // A decision-support record is only worth keeping with the person's own voice in it,
        // what came of it and who was there (意思決定支援ガイドライン).
        ActivityKind::DecisionSupport => {
            for (field, text) in [
                ("wishes", &draft.wishes),
                ("decided", &draft.decided),
                ("participants", &draft.participants),
            ] {
                if text.trim().is_empty() {
                    problems.push((field, "required"));
                }
            }
        }
        ActivityKind::RightsResponse => {
            if draft.violation.is_none() {
                problems.push(("violation", "required"));
            }
            if draft.notes.trim().is_empty() {
                problems.push(("notes", "required"));
            }
        }
        _ => {
            if draft.notes.trim().is_empty() {
                problems.push(("notes", "required"));
            }
        }
    }
    problems
}

/// Whether a case has gone `days` without contact as of `today`. The count starts at the last
/// contact, or at the day the appointment took effect when nobody has logged any yet (a
/// guardian appointed yesterday is not behind).
pub fn contact_overdue(
    last_contact: Option<NaiveDate>,
    appointed_on: NaiveDate,
    today: NaiveDate,
    days: u32,
) -> bool {
    let since = last_contact.map_or(appointed_on, |last| last.max(appointed_on));
    since.checked_add_days(Days::new(u64::from(days))).is_some_and(|limit| limit < today)
}

/// The first day whose contact still counts as recent: a case whose last contact is before it
/// is overdue (the SQL form of [`contact_overdue`]).
pub fn contact_cutoff(today: NaiveDate, days: u32) -> NaiveDate {
    today.checked_sub_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn visit() -> ActivityDraft {
        ActivityDraft {
            kind: Some(ActivityKind::Visit),
            occurred_on: Some(day("2026-11-20")),
            duration_minutes: Some(45),
            participants: "本人".to_owned(),
            notes: "施設で面会。体調は安定".to_owned(),
            ..ActivityDraft::default()
        }
    }

    const TODAY: &str = "2026-11-27";

    #[test]
    fn a_plain_visit_is_valid() {
        assert_eq!(activity_problems(&visit(), day(TODAY)), vec![]);
    }

    #[test]
    fn kind_date_and_notes_are_required() {
        let blank = ActivityDraft::default();
        assert_eq!(activity_problems(&blank, day(TODAY)), vec![("kind", "required")]);
        let draft = ActivityDraft { occurred_on: None, notes: " \u{3000}".to_owned(), ..visit() };
        assert_eq!(
            activity_problems(&draft, day(TODAY)),
            vec![("occurred_on", "required"), ("notes", "required")]
        );
    }

    #[test]
    fn the_date_is_not_in_the_future_nor_absurdly_old() {
        let tomorrow = ActivityDraft { occurred_on: Some(day("2026-11-28")), ..visit() };
        assert_eq!(
            activity_problems(&tomorrow, day(TODAY)),
            vec![("occurred_on", "date_in_future")]
        );
        let today = ActivityDraft { occurred_on: Some(day(TODAY)), ..visit() };
        assert_eq!(activity_problems(&today, day(TODAY)), vec![]);
        let typo = ActivityDraft { occurred_on: Some(day("1026-11-20")), ..visit() };
        assert_eq!(activity_problems(&typo, day(TODAY)), vec![("occurred_on", "date_too_early")]);
    }

    #[test]
    fn the_duration_is_optional_but_within_a_day() {
        for (minutes, ok) in [
            (None, true),
            (Some(1), true),
            (Some(1440), true),
            (Some(0), false),
            (Some(1441), false),
        ] {
            let draft = ActivityDraft { duration_minutes: minutes, ..visit() };
            assert_eq!(activity_problems(&draft, day(TODAY)).is_empty(), ok, "{minutes:?}");
        }
    }

    #[test]
    fn decision_support_records_the_persons_wishes_the_outcome_and_who_was_there() {
        let bare = ActivityDraft {
            kind: Some(ActivityKind::DecisionSupport),
            participants: String::new(),
            notes: String::new(),
            ..visit()
        };
        assert_eq!(
            activity_problems(&bare, day(TODAY)),
            vec![("wishes", "required"), ("decided", "required"), ("participants", "required")]
        );
        let full = ActivityDraft {
            wishes: "自宅で暮らし続けたい".to_owned(),
            options: "在宅サービスの追加 / 施設入所".to_owned(),
            decided: "訪問介護を週3回に増やす".to_owned(),
            participants: "本人、長女、ケアマネジャー、後見人".to_owned(),
            ..bare
        };
        assert_eq!(activity_problems(&full, day(TODAY)), vec![]);
    }

    #[test]
    fn a_rights_response_names_the_violation() {
        let draft = ActivityDraft { kind: Some(ActivityKind::RightsResponse), ..visit() };
        assert_eq!(activity_problems(&draft, day(TODAY)), vec![("violation", "required")]);
        let named = ActivityDraft { violation: Some(RightsViolation::ConsumerFraud), ..draft };
        assert_eq!(activity_problems(&named, day(TODAY)), vec![]);
    }

    #[test]
    fn texts_are_bounded() {
        let long = ActivityDraft {
            notes: "あ".repeat(TEXT_MAX_CHARS + 1),
            participants: "い".repeat(PARTICIPANTS_MAX_CHARS + 1),
            ..visit()
        };
        assert_eq!(
            activity_problems(&long, day(TODAY)),
            vec![("participants", "too_long"), ("notes", "too_long")]
        );
    }

    #[test]
    fn contact_is_overdue_after_the_interval_counted_from_the_last_contact_or_the_appointment() {
        let today = day("2026-11-27");
        // Thirty days after the last contact is still in time; the thirty-first is not.
        assert!(!contact_overdue(Some(day("2026-10-28")), day("2025-01-01"), today, 30));
        assert!(contact_overdue(Some(day("2026-10-27")), day("2025-01-01"), today, 30));
        // Nothing logged: counted from the appointment.
        assert!(!contact_overdue(None, day("2026-11-01"), today, 30));
        assert!(contact_overdue(None, day("2026-09-01"), today, 30));
        // Contact logged before the appointment (as coordinator, say) does not start the count.
        assert!(!contact_overdue(Some(day("2026-01-01")), day("2026-11-20"), today, 30));
    }

    #[test]
    fn the_sql_cutoff_agrees_with_the_rule() {
        let today = day("2027-03-01");
        for days in [1, 28, 30, 31, 365] {
            let cutoff = contact_cutoff(today, days);
            for offset in 0..400u64 {
                let last = today - Days::new(offset);
                assert_eq!(
                    last < cutoff,
                    contact_overdue(Some(last), day("2000-04-01"), today, days),
                    "{days} days, last contact {last}"
                );
            }
        }
    }

    #[test]
    fn every_kind_but_other_counts_as_contact() {
        assert_eq!(ActivityKind::contact_codes().len(), ActivityKind::ALL.len() - 1);
        assert!(!ActivityKind::Other.is_contact());
    }
}
