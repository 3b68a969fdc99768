//! The rules an appointments sheet is held to beyond its cells: each row against its case (the
//! role fits the case type, the dates come in order and none in the future), and each case's
//! roster as the import leaves it (`domain::appointments::check_roster`: nobody twice, one
//! mode, 分掌 duties each held once). A row that breaks one is an error of the report, so the
//! import cannot write a roster the case page would refuse.

use crate::domain::appointments::{
    Appointment, AppointmentProblem, Duties, EndReason, Ending, ExerciseMode, check_roster,
};
use crate::domain::cases::CaseType;
use crate::domain::categories::Category;
use crate::domain::import::fields::Field;
use crate::domain::import::plan::{Decision, Planned};
use crate::domain::import::rows::{AppointmentRow, Finding, FindingKind};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

impl AppointmentRow {
    /// The decision day: the sheet's, or the day it took effect when the sheet has none.
    pub fn decided(&self) -> NaiveDate {
        self.decided_on.unwrap_or(self.effective_on)
    }

    /// What is wrong with the row for a case of this type, as of `today`.
    pub fn problem(
        &self,
        case_type: CaseType,
        today: NaiveDate,
    ) -> Option<(Field, AppointmentProblem)> {
        if !self.role.fits(case_type) {
            return Some((Field::Role, AppointmentProblem::RoleDoesNotFitCase));
        }
        if self.decided() > today {
            return Some((Field::DecidedOn, AppointmentProblem::DecisionInFuture));
        }
        if self.effective_on > today {
            return Some((Field::EffectiveOn, AppointmentProblem::EffectiveInFuture));
        }
        if self.effective_on < self.decided() {
            return Some((Field::EffectiveOn, AppointmentProblem::EffectiveBeforeDecision));
        }
        match self.ended_on {
            Some(ended) if ended > today => Some((Field::EndedOn, AppointmentProblem::EndInFuture)),
            Some(ended) if ended < self.effective_on => {
                Some((Field::EndedOn, AppointmentProblem::EndBeforeStart))
            }
            _ => None,
        }
    }

    /// The appointment the row makes, for the roster rules. A ledger says when an appointment
    /// ended, rarely why: the reason is recorded as other.
    pub fn appointment(&self, id: Uuid, guardian: Uuid) -> Appointment {
        Appointment {
            id,
            guardian,
            role: self.role,
            mode: self.mode.unwrap_or(ExerciseMode::Sole),
            duties: Duties::default(),
            decided_on: self.decided(),
            effective_on: self.effective_on,
            ended: self.ended_on.map(|on| Ending { on, reason: EndReason::Other }),
        }
    }
}

/// A case an appointments sheet names: its type and the appointments it has.
#[derive(Debug, Clone)]
pub struct CaseRoster {
    pub case_type: CaseType,
    pub appointments: Vec<Appointment>,
}

/// Checks every case's roster as the rows would leave it; a roster the rules refuse makes each
/// of that case's rows that change it an error (the report names the problem on the role
/// column). `rosters` by case number, `guardians` by registration number.
pub fn check_rosters(
    planned: &mut [Planned<AppointmentRow>],
    rosters: &HashMap<String, CaseRoster>,
    guardians: &HashMap<String, Uuid>,
    role_column: Option<usize>,
) {
    let mut after: HashMap<&str, Vec<Appointment>> = HashMap::new();
    let mut rows_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, row) in planned.iter().enumerate() {
        let Some(read) = &row.row else { continue };
        let Some(roster) = rosters.get(&read.case_number) else { continue };
        let Some(guardian) = guardians.get(&read.registration_number) else { continue };
        // Only the rows that change a roster are judged by it (a roster stored before the
        // rules, or its case type edited since, is not the import's to refuse).
        let change = match (&row.decision, &row.matched) {
            (Decision::New, _) => None,
            (Decision::Update(_), Some((before, _))) => Some(before.id),
            _ => continue,
        };
        let appointments =
            after.entry(read.case_number.as_str()).or_insert_with(|| roster.appointments.clone());
        match change {
            None => appointments.push(read.appointment(Uuid::nil(), *guardian)),
            Some(id) => {
                if let Some(made) = appointments.iter_mut().find(|made| made.id == id) {
                    if let Some(mode) = read.mode {
                        made.mode = mode;
                    }
                    if made.ended.is_none() {
                        made.ended =
                            read.ended_on.map(|on| Ending { on, reason: EndReason::Other });
                    }
                }
            }
        }
        rows_of.entry(read.case_number.as_str()).or_default().push(index);
    }
    let mut refused: Vec<(usize, AppointmentProblem)> = Vec::new();
    for (case_number, appointments) in &after {
        let (Some(roster), Some(rows)) = (rosters.get(*case_number), rows_of.get(case_number))
        else {
            continue;
        };
        if let Err(problem) = check_roster(roster.case_type, appointments) {
            refused.extend(rows.iter().map(|index| (*index, problem)));
        }
    }
    for (index, problem) in refused {
        let row = &mut planned[index];
        let value =
            row.row.as_ref().map(|read| read.role.label(true).to_owned()).unwrap_or_default();
        row.findings.push(Finding {
            column: role_column,
            field: Field::Role,
            value,
            kind: FindingKind::Appointment(problem),
        });
        row.decision = Decision::Invalid;
        row.row = None;
        row.matched = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointments::AppointmentRole;
    use crate::domain::import::plan::{AppointmentRecord, plan};
    use std::collections::HashSet;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn row(case: &str, guardian: &str, role: AppointmentRole, from: &str) -> AppointmentRow {
        AppointmentRow {
            case_number: case.into(),
            registration_number: guardian.into(),
            role,
            mode: Some(ExerciseMode::Sole),
            decided_on: None,
            effective_on: day(from),
            ended_on: None,
        }
    }

    #[test]
    fn a_row_is_held_to_its_case_type_and_to_the_order_of_its_dates() {
        let today = day("2026-11-28");
        let good = row("A-1", "G-1", AppointmentRole::Guardian, "2024-06-01");
        assert_eq!(good.problem(CaseType::Guardianship, today), None);
        assert_eq!(good.decided(), day("2024-06-01"), "no decision day: the day it took effect");
        assert_eq!(
            good.problem(CaseType::Curatorship, today),
            Some((Field::Role, AppointmentProblem::RoleDoesNotFitCase))
        );
        let early = AppointmentRow { decided_on: Some(day("2024-07-01")), ..good.clone() };
        assert_eq!(
            early.problem(CaseType::Guardianship, today),
            Some((Field::EffectiveOn, AppointmentProblem::EffectiveBeforeDecision))
        );
        let ended = AppointmentRow { ended_on: Some(day("2024-05-01")), ..good.clone() };
        assert_eq!(
            ended.problem(CaseType::Guardianship, today),
            Some((Field::EndedOn, AppointmentProblem::EndBeforeStart))
        );
        let future = AppointmentRow { ended_on: Some(day("2027-01-01")), ..good };
        assert_eq!(
            future.problem(CaseType::Guardianship, today),
            Some((Field::EndedOn, AppointmentProblem::EndInFuture))
        );
    }

    #[test]
    fn a_roster_the_rules_refuse_refuses_the_rows_that_make_it() {
        let guardians: HashMap<String, Uuid> = [("G-1", 1), ("G-2", 2), ("G-3", 3)]
            .map(|(n, i)| (n.to_owned(), Uuid::from_u128(i)))
            .into();
        let sitting = Appointment {
            id: Uuid::from_u128(10),
            guardian: Uuid::from_u128(1),
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Sole,
            duties: Duties::default(),
            decided_on: day("2020-01-10"),
            effective_on: day("2020-01-30"),
            ended: None,
        };
        let rosters: HashMap<String, CaseRoster> = [
            (
                "A-1".to_owned(),
                CaseRoster { case_type: CaseType::Guardianship, appointments: vec![sitting] },
            ),
            (
                "A-2".to_owned(),
                CaseRoster { case_type: CaseType::Guardianship, appointments: vec![] },
            ),
        ]
        .into();
        let record = AppointmentRecord {
            id: Uuid::from_u128(10),
            version: 1,
            case_number: "A-1".into(),
            registration_number: "G-1".into(),
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Sole,
            decided_on: day("2020-01-10"),
            effective_on: day("2020-01-30"),
            ended_on: None,
        };
        let joint = |case: &str, guardian: &str| AppointmentRow {
            mode: Some(ExerciseMode::Joint),
            ..row(case, guardian, AppointmentRole::Guardian, "2024-06-01")
        };
        let rows: Vec<(usize, Option<AppointmentRow>, Vec<Finding>)> = vec![
            // a second guardian acting jointly while the first acts alone: modes differ.
            (2, Some(joint("A-1", "G-2")), vec![]),
            // two guardians, both jointly: a valid roster.
            (3, Some(joint("A-2", "G-2")), vec![]),
            (4, Some(joint("A-2", "G-3")), vec![]),
        ];
        let mut planned = plan(rows, &[record], &HashSet::new(), Some(0));
        check_rosters(&mut planned, &rosters, &guardians, Some(2));
        let decisions: Vec<&Decision> = planned.iter().map(|row| &row.decision).collect();
        assert_eq!(decisions, [&Decision::Invalid, &Decision::New, &Decision::New]);
        assert_eq!(
            planned[0].findings[0].kind,
            FindingKind::Appointment(AppointmentProblem::ModesDiffer)
        );
        assert_eq!(planned[0].findings[0].column, Some(2));

        // The first guardian's appointment ended by the same sheet: the second may act alone.
        let ended = AppointmentRow {
            ended_on: Some(day("2024-05-31")),
            ..row("A-1", "G-1", AppointmentRole::Guardian, "2020-01-30")
        };
        let rows = vec![
            (2, Some(ended), vec![]),
            (3, Some(row("A-1", "G-2", AppointmentRole::Guardian, "2024-06-01")), vec![]),
        ];
        let record = AppointmentRecord {
            id: Uuid::from_u128(10),
            version: 1,
            case_number: "A-1".into(),
            registration_number: "G-1".into(),
            role: AppointmentRole::Guardian,
            mode: ExerciseMode::Sole,
            decided_on: day("2020-01-10"),
            effective_on: day("2020-01-30"),
            ended_on: None,
        };
        let mut planned = plan(rows, &[record], &HashSet::new(), Some(0));
        check_rosters(&mut planned, &rosters, &guardians, Some(2));
        let decisions: Vec<&Decision> = planned.iter().map(|row| &row.decision).collect();
        assert_eq!(decisions, [&Decision::Update(vec![Field::EndedOn]), &Decision::New]);
    }
}
