//! Relay appointments (リレー受任): a professional takes the hard first phase, then resigns and
//! a citizen guardian takes over. The centre plans the relay, follows the court's decisions and
//! the handover of property and papers to completion.

use crate::domain::appointments::{
    Appointment, AppointmentProblem, EndReason, Ending, NewAppointment, apply_decision,
};
use crate::domain::cases::CaseType;
use crate::domain::categories::{Category, category};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

category! {
    /// Where a relay plan stands.
    RelayStatus {
        Planned => "planned", "計画中", "Planned";
        Petitioned => "petitioned", "申立済", "Petitions filed";
        Decided => "decided", "審判済", "Decided by the court";
        Completed => "completed", "引継完了", "Handover completed";
        Cancelled => "cancelled", "中止", "Cancelled";
    }
}

category! {
    /// The readiness checklist every relay starts with; a plan adds its own items.
    ChecklistItem {
        ResignationPetition => "resignation_petition", "辞任許可の申立", "Petition for permission to resign";
        AppointmentPetition => "appointment_petition", "選任の申立", "Petition to appoint the successor";
        InventoryHandover => "inventory_handover", "財産目録の引継ぎ", "Handover of the inventory";
        Bankbooks => "bankbooks", "通帳・重要書類", "Bankbooks and important papers";
        Introductions => "introductions", "関係者への紹介", "Introductions to the team";
    }
}

impl ChecklistItem {
    /// Items done before the court is asked (they make the plan 申立済).
    pub fn is_petition(self) -> bool {
        matches!(self, ChecklistItem::ResignationPetition | ChecklistItem::AppointmentPetition)
    }
}

/// One line of a plan's checklist, as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistLine {
    /// A standard item, or `None` for one the plan added in its own words.
    pub item: Option<ChecklistItem>,
    pub done_on: Option<NaiveDate>,
}

/// Why a relay step was refused. Codes are translated by pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelayProblem {
    /// That status does not follow this one.
    NotAllowed {
        from: RelayStatus,
        to: RelayStatus,
    },
    /// 申立済 needs both petitions ticked on the checklist.
    PetitionsNotFiled,
    /// 引継完了 needs every checklist item done.
    ChecklistOpen,
    CancelReasonRequired,
    /// The predecessor's appointment is not active on this case.
    PredecessorNotActive,
    /// The successor is the predecessor.
    SameGuardian,
    /// The successor's office begins before the predecessor's ends, and they were not first
    /// appointed together.
    Overlap,
    DateInFuture,
    TargetBeforePlan,
    /// The court's decisions would leave the case's appointments invalid.
    Roster(AppointmentProblem),
}

impl RelayProblem {
    pub fn code(self) -> &'static str {
        match self {
            RelayProblem::NotAllowed { .. } => "relay_step_not_allowed",
            RelayProblem::PetitionsNotFiled => "relay_petitions_not_filed",
            RelayProblem::ChecklistOpen => "relay_checklist_open",
            RelayProblem::CancelReasonRequired => "required",
            RelayProblem::PredecessorNotActive => "relay_predecessor_not_active",
            RelayProblem::SameGuardian => "relay_same_guardian",
            RelayProblem::Overlap => "relay_overlap",
            RelayProblem::DateInFuture => "date_in_future",
            RelayProblem::TargetBeforePlan => "dates_out_of_order",
            RelayProblem::Roster(problem) => problem.code(),
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            RelayProblem::NotAllowed { .. }
            | RelayProblem::PetitionsNotFiled
            | RelayProblem::ChecklistOpen => "status",
            RelayProblem::CancelReasonRequired => "cancel_reason",
            RelayProblem::PredecessorNotActive => "predecessor_id",
            RelayProblem::SameGuardian => "successor_id",
            RelayProblem::Overlap | RelayProblem::DateInFuture => "successor_effective_on",
            RelayProblem::TargetBeforePlan => "target_date",
            RelayProblem::Roster(problem) => problem.field(),
        }
    }
}

/// The statuses a plan may move to from `status`, in the order of the work.
pub fn allowed_moves(status: RelayStatus) -> Vec<RelayStatus> {
    use RelayStatus::*;
    match status {
        Planned => vec![Petitioned, Cancelled],
        Petitioned => vec![Decided, Cancelled],
        // The court has decided: the offices have changed hands, only the handover is left.
        Decided => vec![Completed],
        Completed | Cancelled => vec![],
    }
}

/// Whether a plan may move from `from` to `to` with its checklist as it is. (Moving to 審判済
/// goes through [`record_decisions`], which also changes the appointments.)
pub fn check_move(
    from: RelayStatus,
    to: RelayStatus,
    checklist: &[ChecklistLine],
    cancel_reason: &str,
) -> Result<(), RelayProblem> {
    if !allowed_moves(from).contains(&to) {
        return Err(RelayProblem::NotAllowed { from, to });
    }
    match to {
        RelayStatus::Petitioned => {
            let filed = |item: ChecklistItem| {
                checklist.iter().any(|line| line.item == Some(item) && line.done_on.is_some())
            };
            if !(filed(ChecklistItem::ResignationPetition)
                && filed(ChecklistItem::AppointmentPetition))
            {
                return Err(RelayProblem::PetitionsNotFiled);
            }
        }
        RelayStatus::Completed => {
            if checklist.iter().any(|line| line.done_on.is_none()) {
                return Err(RelayProblem::ChecklistOpen);
            }
        }
        RelayStatus::Cancelled if cancel_reason.trim().is_empty() => {
            return Err(RelayProblem::CancelReasonRequired);
        }
        _ => {}
    }
    Ok(())
}

/// The plan as made: the target date is not before the day it was planned.
pub fn check_plan(
    roster: &[Appointment],
    predecessor: Uuid,
    successor_guardian: Uuid,
    planned_on: NaiveDate,
    target: NaiveDate,
) -> Result<(), RelayProblem> {
    let from = roster
        .iter()
        .find(|a| a.id == predecessor && a.is_active() && !a.role.is_supervisor())
        .ok_or(RelayProblem::PredecessorNotActive)?;
    if from.guardian == successor_guardian {
        return Err(RelayProblem::SameGuardian);
    }
    if target < planned_on {
        return Err(RelayProblem::TargetBeforePlan);
    }
    Ok(())
}

/// How the successor's office begins with the court's decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Succession {
    /// The successor was appointed jointly earlier and is on the case already.
    AlreadyAppointed(Uuid),
    /// The court appointed the successor now (選任, effective on notice).
    Appointed(NewAppointment),
}

/// The court's decisions on a relay: the predecessor's resignation took effect on
/// `resignation_on`, and the successor's office begins. Returns the roster after both, to be
/// written in one transaction: the predecessor's appointment ended (辞任), the successor's
/// made (unless it already was).
pub fn record_decisions(
    case_type: CaseType,
    roster: &[Appointment],
    predecessor: Uuid,
    resignation_on: NaiveDate,
    succession: &Succession,
    new_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<Appointment>, RelayProblem> {
    let from = roster
        .iter()
        .find(|a| a.id == predecessor && a.is_active() && !a.role.is_supervisor())
        .ok_or(RelayProblem::PredecessorNotActive)?;
    if resignation_on > today {
        return Err(RelayProblem::DateInFuture);
    }
    let resignation = Ending { on: resignation_on, reason: EndReason::Resignation };
    let new = match succession {
        Succession::AlreadyAppointed(id) => {
            let successor = roster
                .iter()
                .find(|a| a.id == *id && a.is_active() && !a.role.is_supervisor())
                .ok_or(RelayProblem::Roster(AppointmentProblem::NotOnCase))?;
            if successor.guardian == from.guardian {
                return Err(RelayProblem::SameGuardian);
            }
            Vec::new()
        }
        Succession::Appointed(appointment) => {
            if appointment.guardian == from.guardian {
                return Err(RelayProblem::SameGuardian);
            }
            // Handed over, not shared: the successor's office begins when the predecessor's
            // ends, or later. (Shared first means appointed first: `AlreadyAppointed`.)
            if appointment.effective_on < resignation_on {
                return Err(RelayProblem::Overlap);
            }
            vec![(new_id, appointment.clone())]
        }
    };
    apply_decision(case_type, roster, &[(predecessor, resignation)], &new, today)
        .map_err(RelayProblem::Roster)
}

/// Whether a completed relay met its target: handed over on the target date counts as on time.
pub fn on_time(target: NaiveDate, completed_on: NaiveDate) -> bool {
    completed_on <= target
}

/// The day a handover was completed: when its last checklist item was done.
pub fn completed_on(checklist: &[ChecklistLine]) -> Option<NaiveDate> {
    if checklist.iter().any(|line| line.done_on.is_none()) {
        return None;
    }
    checklist.iter().filter_map(|line| line.done_on).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointments::{AppointmentRole, CoreDuty, Duties, ExerciseMode};
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    const PROFESSIONAL: Uuid = Uuid::from_u128(1);
    const CITIZEN: Uuid = Uuid::from_u128(2);

    fn professional_alone() -> Vec<Appointment> {
        vec![Appointment {
            id: Uuid::from_u128(10),
            guardian: PROFESSIONAL,
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Sole,
            duties: Duties::default(),
            decided_on: day("2024-04-01"),
            effective_on: day("2024-04-20"),
            ended: None,
        }]
    }

    fn successor(effective_on: &str) -> Succession {
        Succession::Appointed(NewAppointment {
            guardian: CITIZEN,
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Sole,
            duties: Duties::default(),
            decided_on: day(effective_on),
            effective_on: day(effective_on),
        })
    }

    fn full_checklist(done: Option<&str>) -> Vec<ChecklistLine> {
        ChecklistItem::ALL
            .iter()
            .map(|item| ChecklistLine { item: Some(*item), done_on: done.map(day) })
            .chain([ChecklistLine { item: None, done_on: done.map(day) }])
            .collect()
    }

    #[test]
    fn a_plan_moves_through_the_court_to_the_handover() {
        use RelayStatus::*;
        assert_eq!(allowed_moves(Planned), vec![Petitioned, Cancelled]);
        assert_eq!(allowed_moves(Decided), vec![Completed]);
        assert!(allowed_moves(Completed).is_empty());
        assert!(allowed_moves(Cancelled).is_empty());
        let open = full_checklist(None);
        assert_eq!(
            check_move(Planned, Petitioned, &open, ""),
            Err(RelayProblem::PetitionsNotFiled)
        );
        let mut filed = open.clone();
        filed[0].done_on = Some(day("2026-06-01"));
        filed[1].done_on = Some(day("2026-06-01"));
        assert_eq!(check_move(Planned, Petitioned, &filed, ""), Ok(()));
        assert_eq!(
            check_move(Planned, Completed, &filed, ""),
            Err(RelayProblem::NotAllowed { from: Planned, to: Completed })
        );
        assert_eq!(check_move(Decided, Completed, &filed, ""), Err(RelayProblem::ChecklistOpen));
        assert_eq!(check_move(Decided, Completed, &full_checklist(Some("2026-09-01")), ""), Ok(()));
        assert_eq!(
            check_move(Petitioned, Cancelled, &open, " "),
            Err(RelayProblem::CancelReasonRequired)
        );
        assert_eq!(check_move(Petitioned, Cancelled, &open, "本人の状態が不安定"), Ok(()));
    }

    #[test]
    fn the_decisions_end_the_predecessor_and_start_the_successor_on_the_same_day() {
        let roster = professional_alone();
        let after = record_decisions(
            CaseType::Guardianship,
            &roster,
            Uuid::from_u128(10),
            day("2026-09-01"),
            &successor("2026-09-01"),
            Uuid::from_u128(11),
            day("2026-11-27"),
        )
        .unwrap();
        assert_eq!(after.len(), 2, "both stay in the history");
        assert_eq!(
            after[0].ended,
            Some(Ending { on: day("2026-09-01"), reason: EndReason::Resignation })
        );
        assert!(!after[0].active_on(day("2026-09-01")));
        assert!(after[1].active_on(day("2026-09-01")));
        assert!(after[0].active_on(day("2026-08-31")));
    }

    #[test]
    fn a_successor_not_first_appointed_jointly_does_not_overlap() {
        let overlapping = record_decisions(
            CaseType::Guardianship,
            &professional_alone(),
            Uuid::from_u128(10),
            day("2026-09-01"),
            &successor("2026-08-31"),
            Uuid::from_u128(11),
            day("2026-11-27"),
        );
        assert_eq!(overlapping, Err(RelayProblem::Overlap));
        let ahead = record_decisions(
            CaseType::Guardianship,
            &professional_alone(),
            Uuid::from_u128(10),
            day("2026-11-28"),
            &successor("2026-11-28"),
            Uuid::from_u128(11),
            day("2026-11-27"),
        );
        assert_eq!(ahead, Err(RelayProblem::DateInFuture));
    }

    #[test]
    fn a_successor_appointed_jointly_first_simply_stays() {
        let mut roster = professional_alone();
        roster[0].mode = ExerciseMode::Divided;
        roster[0].duties = Duties { core: vec![CoreDuty::Property], described: String::new() };
        roster.push(Appointment {
            id: Uuid::from_u128(11),
            guardian: CITIZEN,
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Divided,
            duties: Duties { core: vec![CoreDuty::Personal], described: String::new() },
            decided_on: day("2025-10-01"),
            effective_on: day("2025-10-01"),
            ended: None,
        });
        let after = record_decisions(
            CaseType::Guardianship,
            &roster,
            Uuid::from_u128(10),
            day("2026-09-01"),
            &Succession::AlreadyAppointed(Uuid::from_u128(11)),
            Uuid::from_u128(12),
            day("2026-11-27"),
        )
        .unwrap();
        assert_eq!(after.len(), 2);
        assert!(after[1].is_active(), "the citizen guardian now holds every duty alone");
        let same = record_decisions(
            CaseType::Guardianship,
            &roster,
            Uuid::from_u128(10),
            day("2026-09-01"),
            &Succession::AlreadyAppointed(Uuid::from_u128(10)),
            Uuid::from_u128(12),
            day("2026-11-27"),
        );
        assert_eq!(same, Err(RelayProblem::SameGuardian));
    }

    #[test]
    fn a_plan_names_an_active_guardian_and_a_target_not_in_the_past() {
        let roster = professional_alone();
        let planned = day("2026-05-01");
        assert_eq!(check_plan(&roster, Uuid::from_u128(10), CITIZEN, planned, planned), Ok(()));
        assert_eq!(
            check_plan(&roster, Uuid::from_u128(10), PROFESSIONAL, planned, planned),
            Err(RelayProblem::SameGuardian)
        );
        assert_eq!(
            check_plan(&roster, Uuid::from_u128(99), CITIZEN, planned, planned),
            Err(RelayProblem::PredecessorNotActive)
        );
        assert_eq!(
            check_plan(&roster, Uuid::from_u128(10), CITIZEN, planned, day("2026-04-30")),
            Err(RelayProblem::TargetBeforePlan)
        );
    }

    #[test]
    fn a_handover_on_the_target_date_is_on_time() {
        assert!(on_time(day("2026-10-31"), day("2026-10-31")));
        assert!(!on_time(day("2026-10-31"), day("2026-11-01")));
        let mut checklist = full_checklist(Some("2026-09-10"));
        checklist[3].done_on = Some(day("2026-10-31"));
        assert_eq!(completed_on(&checklist), Some(day("2026-10-31")));
        checklist[4].done_on = None;
        assert_eq!(completed_on(&checklist), None);
    }

    proptest! {
        /// Whatever order the steps are tried in, a plan only ever moves forward along the
        /// work, reaches 申立済 only with both petitions filed and 引継完了 only with every item
        /// done, and an ended plan stays ended.
        #[test]
        fn no_order_of_steps_skips_the_work(steps in proptest::collection::vec((0usize..5, 0usize..7, any::<bool>()), 1..40)) {
            let mut status = RelayStatus::Planned;
            let mut checklist = full_checklist(None);
            for (to, tick, with_reason) in steps {
                if tick < checklist.len() {
                    checklist[tick].done_on = Some(day("2026-06-01"));
                }
                let to = RelayStatus::ALL[to];
                let reason = if with_reason { "理由" } else { "" };
                if check_move(status, to, &checklist, reason).is_ok() {
                    prop_assert!(allowed_moves(status).contains(&to));
                    if to == RelayStatus::Completed {
                        prop_assert!(completed_on(&checklist).is_some());
                    }
                    if to == RelayStatus::Petitioned {
                        prop_assert!(checklist[0].done_on.is_some() && checklist[1].done_on.is_some());
                    }
                    status = to;
                }
                if matches!(status, RelayStatus::Completed | RelayStatus::Cancelled) {
                    prop_assert!(allowed_moves(status).is_empty());
                }
            }
        }
    }
}
