//! Intake consultations (相談受付): what a valid record of one says.

use crate::domain::TEXT_MAX_CHARS;
use crate::domain::categories::{
    Consultant, ConsultationChannel, ConsultationOutcome, RightsViolation, Urgency,
};
use crate::domain::dates::japan_date;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How far ahead of the server's clock a consultation may be dated: an office PC a few minutes
/// fast is not an error.
const CLOCK_SKEW_ALLOWED: Duration = Duration::minutes(10);

/// What was said and noticed in a consultation: the part that can be corrected later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsultationFacts {
    pub received_at: DateTime<Utc>,
    pub channel: ConsultationChannel,
    pub consultant: Consultant,
    pub summary: String,
    pub urgency: Urgency,
    pub flags: Vec<RightsViolation>,
    /// Whether suspected abuse was reported to the city (虐待通報).
    pub abuse_reported: bool,
    pub abuse_reported_on: Option<NaiveDate>,
    pub abuse_response: String,
}

/// What is wrong with a consultation. Codes are translated by pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsultationProblem {
    ReceivedInFuture,
    SummaryRequired,
    SummaryTooLong,
    /// A report to the city is about abuse, so the abuse flag must be set.
    ReportWithoutAbuse,
    ReportDateRequired,
    ReportDateInFuture,
    ResponseTooLong,
    /// Support starts for someone: an anonymous consultation cannot open a case.
    SupportNeedsPerson,
}

impl ConsultationProblem {
    pub fn code(self) -> &'static str {
        match self {
            ConsultationProblem::ReceivedInFuture | ConsultationProblem::ReportDateInFuture => {
                "date_in_future"
            }
            ConsultationProblem::SummaryRequired | ConsultationProblem::ReportDateRequired => {
                "required"
            }
            ConsultationProblem::SummaryTooLong | ConsultationProblem::ResponseTooLong => {
                "too_long"
            }
            ConsultationProblem::ReportWithoutAbuse => "abuse_not_flagged",
            ConsultationProblem::SupportNeedsPerson => "person_required_for_support",
        }
    }

    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            ConsultationProblem::ReceivedInFuture => "received_at",
            ConsultationProblem::SummaryRequired | ConsultationProblem::SummaryTooLong => "summary",
            ConsultationProblem::ReportWithoutAbuse => "abuse_reported",
            ConsultationProblem::ReportDateRequired | ConsultationProblem::ReportDateInFuture => {
                "abuse_reported_on"
            }
            ConsultationProblem::ResponseTooLong => "abuse_response",
            ConsultationProblem::SupportNeedsPerson => "person",
        }
    }
}

/// Every problem of the facts at `now`: a report to the city only for suspected abuse, dated
/// when made, nothing in the future.
pub fn facts_problems(facts: &ConsultationFacts, now: DateTime<Utc>) -> Vec<ConsultationProblem> {
    let mut problems = Vec::new();
    let today = japan_date(now);
    if facts.received_at > now + CLOCK_SKEW_ALLOWED {
        problems.push(ConsultationProblem::ReceivedInFuture);
    }
    if facts.summary.trim().is_empty() {
        problems.push(ConsultationProblem::SummaryRequired);
    } else if facts.summary.trim().chars().count() > TEXT_MAX_CHARS {
        problems.push(ConsultationProblem::SummaryTooLong);
    }
    if facts.abuse_reported && !facts.flags.contains(&RightsViolation::Abuse) {
        problems.push(ConsultationProblem::ReportWithoutAbuse);
    }
    if facts.abuse_reported && facts.abuse_reported_on.is_none() {
        problems.push(ConsultationProblem::ReportDateRequired);
    }
    if facts.abuse_reported_on.is_some_and(|date| date > today) {
        problems.push(ConsultationProblem::ReportDateInFuture);
    }
    if facts.abuse_response.trim().chars().count() > TEXT_MAX_CHARS {
        problems.push(ConsultationProblem::ResponseTooLong);
    }
    problems
}

/// Every problem of a new consultation: its facts, and support only for a known person.
pub fn new_consultation_problems(
    facts: &ConsultationFacts,
    outcome: ConsultationOutcome,
    anonymous: bool,
    now: DateTime<Utc>,
) -> Vec<ConsultationProblem> {
    let mut problems = facts_problems(facts, now);
    if outcome == ConsultationOutcome::SupportStarted && anonymous {
        problems.push(ConsultationProblem::SupportNeedsPerson);
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        // 2026-11-27 09:00 in Japan.
        "2026-11-27T00:00:00Z".parse().unwrap()
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn facts() -> ConsultationFacts {
        ConsultationFacts {
            received_at: now() - Duration::hours(1),
            channel: ConsultationChannel::Phone,
            consultant: Consultant::Relative,
            summary: "長女から、母の預金管理について".to_owned(),
            urgency: Urgency::Medium,
            flags: Vec::new(),
            abuse_reported: false,
            abuse_reported_on: None,
            abuse_response: String::new(),
        }
    }

    #[test]
    fn a_plain_consultation_is_valid() {
        assert_eq!(facts_problems(&facts(), now()), vec![]);
    }

    #[test]
    fn a_pc_clock_a_few_minutes_fast_is_tolerated_but_not_tomorrow() {
        let mut early = facts();
        early.received_at = now() + Duration::minutes(9);
        assert_eq!(facts_problems(&early, now()), vec![]);
        early.received_at = now() + Duration::hours(24);
        assert_eq!(facts_problems(&early, now()), vec![ConsultationProblem::ReceivedInFuture]);
    }

    #[test]
    fn the_summary_is_required_and_bounded() {
        let mut blank = facts();
        blank.summary = " \u{3000}\n".to_owned();
        assert_eq!(facts_problems(&blank, now()), vec![ConsultationProblem::SummaryRequired]);
        blank.summary = "あ".repeat(TEXT_MAX_CHARS);
        assert_eq!(facts_problems(&blank, now()), vec![]);
        blank.summary = "あ".repeat(TEXT_MAX_CHARS + 1);
        assert_eq!(facts_problems(&blank, now()), vec![ConsultationProblem::SummaryTooLong]);
    }

    #[test]
    fn a_report_to_the_city_needs_the_abuse_flag_and_its_date() {
        let mut reported = facts();
        reported.abuse_reported = true;
        assert_eq!(
            facts_problems(&reported, now()),
            vec![ConsultationProblem::ReportWithoutAbuse, ConsultationProblem::ReportDateRequired]
        );
        reported.flags = vec![RightsViolation::Abuse];
        reported.abuse_reported_on = Some(day("2026-11-27"));
        assert_eq!(facts_problems(&reported, now()), vec![]);
    }

    #[test]
    fn the_report_date_is_judged_by_japan_time() {
        // 23:30 UTC on the 26th is already the 27th in Japan: a report dated the 27th is today.
        let late_evening_utc: DateTime<Utc> = "2026-11-26T23:30:00Z".parse().unwrap();
        let mut reported = facts();
        reported.received_at = late_evening_utc;
        reported.flags = vec![RightsViolation::Abuse];
        reported.abuse_reported = true;
        reported.abuse_reported_on = Some(day("2026-11-27"));
        assert_eq!(facts_problems(&reported, late_evening_utc), vec![]);
        reported.abuse_reported_on = Some(day("2026-11-28"));
        assert_eq!(
            facts_problems(&reported, late_evening_utc),
            vec![ConsultationProblem::ReportDateInFuture]
        );
    }

    #[test]
    fn support_starts_only_for_a_known_person() {
        let outcome = ConsultationOutcome::SupportStarted;
        assert_eq!(
            new_consultation_problems(&facts(), outcome, true, now()),
            vec![ConsultationProblem::SupportNeedsPerson]
        );
        assert_eq!(new_consultation_problems(&facts(), outcome, false, now()), vec![]);
        let information = ConsultationOutcome::InformationOnly;
        assert_eq!(new_consultation_problems(&facts(), information, true, now()), vec![]);
    }

    #[test]
    fn every_problem_names_a_field_of_the_form() {
        let fields = ["received_at", "summary", "abuse_reported", "abuse_reported_on"];
        let all = [
            ConsultationProblem::ReceivedInFuture,
            ConsultationProblem::SummaryRequired,
            ConsultationProblem::SummaryTooLong,
            ConsultationProblem::ReportWithoutAbuse,
            ConsultationProblem::ReportDateRequired,
            ConsultationProblem::ReportDateInFuture,
        ];
        for problem in all {
            assert!(fields.contains(&problem.field()), "{problem:?}");
            assert!(!problem.code().is_empty());
        }
    }
}
