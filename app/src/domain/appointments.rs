//! Appointments (選任): who the court appointed to a case, in which role, how several guardians
//! share the work, and when each appointment began and ended.
//!
//! An appointment is never deleted or rewritten. It is made (from a court decision) and, once,
//! ended; a case's history is every appointment it ever had. The rules below judge a change by
//! the roster it would leave, so one function states what a valid roster is.

use crate::domain::cases::CaseType;
use crate::domain::categories::{Category, category};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

category! {
    /// The office an appointment gives: a guardian's, or a supervisor's over them.
    AppointmentRole {
        Guardian => "guardian", "成年後見人", "Guardian";
        Curator => "curator", "保佐人", "Curator";
        Assistant => "assistant", "補助人", "Assistant";
        VoluntaryGuardian => "voluntary_guardian", "任意後見人", "Voluntary guardian";
        GuardianSupervisor => "guardian_supervisor", "成年後見監督人", "Supervisor of the guardian";
        CuratorSupervisor => "curator_supervisor", "保佐監督人", "Supervisor of the curator";
        AssistantSupervisor => "assistant_supervisor", "補助監督人", "Supervisor of the assistant";
        VoluntarySupervisor => "voluntary_supervisor", "任意後見監督人", "Supervisor of the voluntary guardian";
    }
}

impl AppointmentRole {
    /// The guardian's role a case of this type has.
    pub fn principal_for(case_type: CaseType) -> AppointmentRole {
        match case_type {
            CaseType::Guardianship => AppointmentRole::Guardian,
            CaseType::Curatorship => AppointmentRole::Curator,
            CaseType::Assistance => AppointmentRole::Assistant,
            CaseType::Voluntary => AppointmentRole::VoluntaryGuardian,
        }
    }

    /// The supervisor's role over that guardian.
    pub fn supervisor_for(case_type: CaseType) -> AppointmentRole {
        match case_type {
            CaseType::Guardianship => AppointmentRole::GuardianSupervisor,
            CaseType::Curatorship => AppointmentRole::CuratorSupervisor,
            CaseType::Assistance => AppointmentRole::AssistantSupervisor,
            CaseType::Voluntary => AppointmentRole::VoluntarySupervisor,
        }
    }

    pub fn is_supervisor(self) -> bool {
        matches!(
            self,
            AppointmentRole::GuardianSupervisor
                | AppointmentRole::CuratorSupervisor
                | AppointmentRole::AssistantSupervisor
                | AppointmentRole::VoluntarySupervisor
        )
    }

    /// Whether a case of this type can have the role at all.
    pub fn fits(self, case_type: CaseType) -> bool {
        self == AppointmentRole::principal_for(case_type)
            || self == AppointmentRole::supervisor_for(case_type)
    }
}

category! {
    /// Why an appointment ended.
    EndReason {
        Resignation => "resignation", "辞任", "Resignation";
        Dismissal => "dismissal", "解任", "Dismissal";
        PersonDied => "person_died", "本人死亡", "Death of the person";
        GuardianDied => "guardian_died", "後見人の死亡", "Death of the guardian";
        Disqualified => "disqualified", "欠格", "Disqualification";
        Revoked => "revoked", "審判取消", "Decision revoked";
        ContractEnded => "contract_ended", "契約終了", "Contract ended";
        Other => "other", "その他", "Other";
    }
}

category! {
    /// How several guardians of one case exercise their powers (民法859条の2).
    ExerciseMode {
        Sole => "sole", "単独", "Each acts alone";
        Joint => "joint", "共同", "Jointly";
        Divided => "divided", "分掌", "Divided duties";
    }
}

category! {
    /// The core duties a court divides between guardians under 分掌.
    CoreDuty {
        Property => "property", "財産管理", "Property management";
        Personal => "personal", "身上保護", "Personal welfare";
    }
}

/// The duties a guardian holds under 分掌: core duties, and a duty the decision describes in
/// its own words (not counted against the core ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duties {
    pub core: Vec<CoreDuty>,
    pub described: String,
}

impl Duties {
    pub fn holds(&self, duty: CoreDuty) -> bool {
        self.core.contains(&duty)
    }

    pub fn is_empty(&self) -> bool {
        self.core.is_empty() && self.described.trim().is_empty()
    }
}

/// How an appointment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ending {
    /// The first day the guardian no longer holds the office (a resignation: the day the
    /// permission took effect, the day the successor's office begins).
    pub on: NaiveDate,
    pub reason: EndReason,
}

/// An appointment as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub id: Uuid,
    pub guardian: Uuid,
    pub role: AppointmentRole,
    pub mode: ExerciseMode,
    pub duties: Duties,
    /// 審判日
    pub decided_on: NaiveDate,
    /// The day it took effect: 確定日 for the first appointment of a 開始審判, the day of
    /// notice for a later 選任.
    pub effective_on: NaiveDate,
    pub ended: Option<Ending>,
}

impl Appointment {
    /// Holding the office now (ended appointments are history).
    pub fn is_active(&self) -> bool {
        self.ended.is_none()
    }

    /// Holding the office on `day`: from the day it took effect up to, not including, the day
    /// it ended.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.effective_on <= day && self.ended.is_none_or(|ending| day < ending.on)
    }
}

/// A decision to appoint, before it has an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAppointment {
    pub guardian: Uuid,
    pub role: AppointmentRole,
    pub mode: ExerciseMode,
    pub duties: Duties,
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
}

impl NewAppointment {
    pub fn with_id(self, id: Uuid) -> Appointment {
        Appointment {
            id,
            guardian: self.guardian,
            role: self.role,
            mode: self.mode,
            duties: self.duties,
            decided_on: self.decided_on,
            effective_on: self.effective_on,
            ended: None,
        }
    }
}

/// Why a change to a case's appointments was refused. Codes are translated by pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppointmentProblem {
    /// The role is not one of this case type's (a 保佐 case has 保佐人 and 保佐監督人).
    RoleDoesNotFitCase,
    /// The same guardian twice on the case at once, or supervising themselves.
    GuardianAlreadyOnCase,
    /// Several active guardians must share the one mode the court set.
    ModesDiffer,
    /// Under 分掌 each core duty is held by exactly one active guardian.
    DutyNotHeld(CoreDuty),
    DutyHeldTwice(CoreDuty),
    /// Under 分掌 a guardian holds some duty.
    NoDuties,
    /// A voluntary guardianship takes effect only with its supervisor (任意後見監督人).
    VoluntaryNeedsSupervisor,
    DecisionInFuture,
    EffectiveInFuture,
    EffectiveBeforeDecision,
    EndInFuture,
    EndBeforeStart,
    AlreadyEnded,
    /// 契約終了 ends only a voluntary guardianship's appointments.
    ReasonDoesNotFit,
    NotOnCase,
    NothingToAppoint,
}

impl AppointmentProblem {
    pub fn code(self) -> &'static str {
        match self {
            AppointmentProblem::RoleDoesNotFitCase => "role_does_not_fit_case",
            AppointmentProblem::GuardianAlreadyOnCase => "guardian_already_on_case",
            AppointmentProblem::ModesDiffer => "modes_differ",
            AppointmentProblem::DutyNotHeld(_) => "duty_not_held",
            AppointmentProblem::DutyHeldTwice(_) => "duty_held_twice",
            AppointmentProblem::NoDuties => "no_duties",
            AppointmentProblem::VoluntaryNeedsSupervisor => "voluntary_needs_supervisor",
            AppointmentProblem::DecisionInFuture
            | AppointmentProblem::EffectiveInFuture
            | AppointmentProblem::EndInFuture => "date_in_future",
            AppointmentProblem::EffectiveBeforeDecision | AppointmentProblem::EndBeforeStart => {
                "dates_out_of_order"
            }
            AppointmentProblem::AlreadyEnded => "appointment_ended",
            AppointmentProblem::ReasonDoesNotFit => "end_reason_does_not_fit",
            AppointmentProblem::NotOnCase => "invalid",
            AppointmentProblem::NothingToAppoint => "required",
        }
    }

    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            AppointmentProblem::RoleDoesNotFitCase
            | AppointmentProblem::VoluntaryNeedsSupervisor => "role",
            AppointmentProblem::GuardianAlreadyOnCase | AppointmentProblem::NothingToAppoint => {
                "guardian_id"
            }
            AppointmentProblem::ModesDiffer => "mode",
            AppointmentProblem::DutyNotHeld(_)
            | AppointmentProblem::DutyHeldTwice(_)
            | AppointmentProblem::NoDuties => "duties",
            AppointmentProblem::DecisionInFuture => "decided_on",
            AppointmentProblem::EffectiveInFuture | AppointmentProblem::EffectiveBeforeDecision => {
                "effective_on"
            }
            AppointmentProblem::EndInFuture | AppointmentProblem::EndBeforeStart => "ended_on",
            AppointmentProblem::AlreadyEnded | AppointmentProblem::NotOnCase => "appointment_id",
            AppointmentProblem::ReasonDoesNotFit => "end_reason",
        }
    }
}

/// What a valid roster is: its active appointments fit the case type, nobody holds two offices
/// on it at once, and several active guardians share one mode, dividing the core duties so
/// each is held by exactly one of them under 分掌.
pub fn check_roster(case_type: CaseType, roster: &[Appointment]) -> Result<(), AppointmentProblem> {
    let active: Vec<&Appointment> = roster.iter().filter(|a| a.is_active()).collect();
    if active.iter().any(|a| !a.role.fits(case_type)) {
        return Err(AppointmentProblem::RoleDoesNotFitCase);
    }
    for (index, appointment) in active.iter().enumerate() {
        if active[index + 1..].iter().any(|other| other.guardian == appointment.guardian) {
            return Err(AppointmentProblem::GuardianAlreadyOnCase);
        }
    }
    let principals: Vec<&&Appointment> =
        active.iter().filter(|a| !a.role.is_supervisor()).collect();
    if principals.len() < 2 {
        // One guardian holds every duty, whatever an earlier decision divided.
        return Ok(());
    }
    let mode = principals[0].mode;
    if principals.iter().any(|a| a.mode != mode) {
        return Err(AppointmentProblem::ModesDiffer);
    }
    if mode == ExerciseMode::Divided {
        if principals.iter().any(|a| a.duties.is_empty()) {
            return Err(AppointmentProblem::NoDuties);
        }
        for duty in CoreDuty::ALL.iter().copied() {
            match principals.iter().filter(|a| a.duties.holds(duty)).count() {
                0 => return Err(AppointmentProblem::DutyNotHeld(duty)),
                1 => {}
                _ => return Err(AppointmentProblem::DutyHeldTwice(duty)),
            }
        }
    }
    Ok(())
}

fn check_new_dates(new: &NewAppointment, today: NaiveDate) -> Result<(), AppointmentProblem> {
    if new.decided_on > today {
        return Err(AppointmentProblem::DecisionInFuture);
    }
    // Recorded when it takes effect: an appointment waiting for its 確定日 is not yet a
    // guardian's office (the case waits in 審判待ち meanwhile).
    if new.effective_on > today {
        return Err(AppointmentProblem::EffectiveInFuture);
    }
    if new.effective_on < new.decided_on {
        return Err(AppointmentProblem::EffectiveBeforeDecision);
    }
    Ok(())
}

/// The roster after one court decision: the appointments it ends and those it makes, or why
/// the decision cannot be recorded so. `new` holds the ids the new appointments will have.
pub fn apply_decision(
    case_type: CaseType,
    roster: &[Appointment],
    endings: &[(Uuid, Ending)],
    new: &[(Uuid, NewAppointment)],
    today: NaiveDate,
) -> Result<Vec<Appointment>, AppointmentProblem> {
    if endings.is_empty() && new.is_empty() {
        return Err(AppointmentProblem::NothingToAppoint);
    }
    let mut after = roster.to_vec();
    for (id, ending) in endings {
        let appointment =
            after.iter_mut().find(|a| a.id == *id).ok_or(AppointmentProblem::NotOnCase)?;
        check_ending(case_type, appointment, *ending, today)?;
        appointment.ended = Some(*ending);
    }
    for (id, appointment) in new {
        if !appointment.role.fits(case_type) {
            return Err(AppointmentProblem::RoleDoesNotFitCase);
        }
        check_new_dates(appointment, today)?;
        after.push(appointment.clone().with_id(*id));
    }
    // A voluntary guardianship begins with its supervisor: one appointed with it or before.
    let voluntary_starts = new.iter().any(|(_, a)| a.role == AppointmentRole::VoluntaryGuardian);
    let supervised =
        after.iter().any(|a| a.is_active() && a.role == AppointmentRole::VoluntarySupervisor);
    if voluntary_starts && !supervised {
        return Err(AppointmentProblem::VoluntaryNeedsSupervisor);
    }
    check_roster(case_type, &after)?;
    Ok(after)
}

/// Whether `appointment` may end so.
pub fn check_ending(
    case_type: CaseType,
    appointment: &Appointment,
    ending: Ending,
    today: NaiveDate,
) -> Result<(), AppointmentProblem> {
    if !appointment.is_active() {
        return Err(AppointmentProblem::AlreadyEnded);
    }
    if ending.on > today {
        return Err(AppointmentProblem::EndInFuture);
    }
    if ending.on < appointment.effective_on {
        return Err(AppointmentProblem::EndBeforeStart);
    }
    if ending.reason == EndReason::ContractEnded && case_type != CaseType::Voluntary {
        return Err(AppointmentProblem::ReasonDoesNotFit);
    }
    Ok(())
}

/// The day an appointment usually takes effect: the decision's 確定日 for the first guardians
/// of a 開始審判 (the case's final date), the decision day (notice) for a later 選任. A
/// suggestion for the form; the coordinator enters what the court's papers say.
pub fn usual_effective_date(
    first_of_case: bool,
    case_final_date: Option<NaiveDate>,
    decided_on: NaiveDate,
) -> NaiveDate {
    match case_final_date {
        Some(final_date) if first_of_case && final_date >= decided_on => final_date,
        _ => decided_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn today() -> NaiveDate {
        day("2026-11-27")
    }

    fn guardian(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn appoint(
        n: u128,
        role: AppointmentRole,
        mode: ExerciseMode,
        core: &[CoreDuty],
    ) -> NewAppointment {
        NewAppointment {
            guardian: guardian(n),
            role,
            mode,
            duties: Duties { core: core.to_vec(), described: String::new() },
            decided_on: day("2026-04-01"),
            effective_on: day("2026-04-20"),
        }
    }

    fn ids(new: Vec<NewAppointment>) -> Vec<(Uuid, NewAppointment)> {
        new.into_iter().enumerate().map(|(i, a)| (Uuid::from_u128(1000 + i as u128), a)).collect()
    }

    #[test]
    fn a_case_type_has_its_own_guardian_and_supervisor() {
        use AppointmentRole::*;
        assert_eq!(AppointmentRole::principal_for(CaseType::Guardianship), Guardian);
        assert_eq!(AppointmentRole::principal_for(CaseType::Curatorship), Curator);
        assert_eq!(AppointmentRole::principal_for(CaseType::Assistance), Assistant);
        assert_eq!(AppointmentRole::principal_for(CaseType::Voluntary), VoluntaryGuardian);
        assert_eq!(AppointmentRole::supervisor_for(CaseType::Voluntary), VoluntarySupervisor);
        for case_type in CaseType::ALL.iter().copied() {
            let fitting: Vec<_> =
                AppointmentRole::ALL.iter().filter(|r| r.fits(case_type)).collect();
            assert_eq!(fitting.len(), 2, "{case_type:?}");
            assert_eq!(fitting.iter().filter(|r| r.is_supervisor()).count(), 1);
        }
        let refused = apply_decision(
            CaseType::Curatorship,
            &[],
            &[],
            &ids(vec![appoint(1, Guardian, ExerciseMode::Sole, &[])]),
            today(),
        );
        assert_eq!(refused, Err(AppointmentProblem::RoleDoesNotFitCase));
    }

    #[test]
    fn a_professional_and_a_citizen_guardian_divide_the_core_duties() {
        use CoreDuty::*;
        let divided = ExerciseMode::Divided;
        let role = AppointmentRole::Guardian;
        let both = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![
                appoint(1, role, divided, &[Property]),
                appoint(2, role, divided, &[Personal]),
            ]),
            today(),
        );
        assert!(both.is_ok(), "{both:?}");
        let gap = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![
                appoint(1, role, divided, &[Property]),
                appoint(2, role, divided, &[Property]),
            ]),
            today(),
        );
        assert_eq!(gap, Err(AppointmentProblem::DutyHeldTwice(Property)));
        let missing = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![appoint(1, role, divided, &[Property]), appoint(2, role, divided, &[])]),
            today(),
        );
        assert_eq!(missing, Err(AppointmentProblem::NoDuties));
        let mixed = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![
                appoint(1, role, divided, &[Property]),
                appoint(2, role, ExerciseMode::Joint, &[]),
            ]),
            today(),
        );
        assert_eq!(mixed, Err(AppointmentProblem::ModesDiffer));
        // A single guardian holds everything, whatever the form says about duties.
        let alone = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![appoint(1, role, divided, &[])]),
            today(),
        );
        assert!(alone.is_ok());
    }

    #[test]
    fn nobody_holds_two_offices_on_one_case() {
        let twice = apply_decision(
            CaseType::Guardianship,
            &[],
            &[],
            &ids(vec![
                appoint(1, AppointmentRole::Guardian, ExerciseMode::Sole, &[]),
                appoint(1, AppointmentRole::GuardianSupervisor, ExerciseMode::Sole, &[]),
            ]),
            today(),
        );
        assert_eq!(twice, Err(AppointmentProblem::GuardianAlreadyOnCase));
    }

    #[test]
    fn a_voluntary_guardianship_starts_with_its_supervisor() {
        let alone = apply_decision(
            CaseType::Voluntary,
            &[],
            &[],
            &ids(vec![appoint(1, AppointmentRole::VoluntaryGuardian, ExerciseMode::Sole, &[])]),
            today(),
        );
        assert_eq!(alone, Err(AppointmentProblem::VoluntaryNeedsSupervisor));
        let together = apply_decision(
            CaseType::Voluntary,
            &[],
            &[],
            &ids(vec![
                appoint(1, AppointmentRole::VoluntaryGuardian, ExerciseMode::Sole, &[]),
                appoint(2, AppointmentRole::VoluntarySupervisor, ExerciseMode::Sole, &[]),
            ]),
            today(),
        );
        assert!(together.is_ok());
    }

    #[test]
    fn dates_run_in_order_and_nothing_is_recorded_ahead_of_time() {
        let mut new = appoint(1, AppointmentRole::Guardian, ExerciseMode::Sole, &[]);
        new.effective_on = day("2026-03-31");
        let early =
            apply_decision(CaseType::Guardianship, &[], &[], &ids(vec![new.clone()]), today());
        assert_eq!(early, Err(AppointmentProblem::EffectiveBeforeDecision));
        new.effective_on = day("2026-11-28");
        let ahead =
            apply_decision(CaseType::Guardianship, &[], &[], &ids(vec![new.clone()]), today());
        assert_eq!(ahead, Err(AppointmentProblem::EffectiveInFuture));
        new.effective_on = today();
        let roster =
            apply_decision(CaseType::Guardianship, &[], &[], &ids(vec![new]), today()).unwrap();
        let id = roster[0].id;
        let before_start = Ending { on: day("2026-11-26"), reason: EndReason::Resignation };
        assert_eq!(
            apply_decision(CaseType::Guardianship, &roster, &[(id, before_start)], &[], today()),
            Err(AppointmentProblem::EndBeforeStart)
        );
        let same_day = Ending { on: today(), reason: EndReason::Resignation };
        let ended =
            apply_decision(CaseType::Guardianship, &roster, &[(id, same_day)], &[], today())
                .unwrap();
        assert_eq!(
            apply_decision(CaseType::Guardianship, &ended, &[(id, same_day)], &[], today()),
            Err(AppointmentProblem::AlreadyEnded)
        );
        let contract = Ending { on: today(), reason: EndReason::ContractEnded };
        assert_eq!(
            apply_decision(CaseType::Guardianship, &roster, &[(id, contract)], &[], today()),
            Err(AppointmentProblem::ReasonDoesNotFit)
        );
    }

    #[test]
    fn an_appointment_holds_office_up_to_the_day_it_ends() {
        let mut a =
            appoint(1, AppointmentRole::Guardian, ExerciseMode::Sole, &[]).with_id(guardian(9));
        assert!(!a.active_on(day("2026-04-19")));
        assert!(a.active_on(day("2026-04-20")));
        a.ended = Some(Ending { on: day("2026-10-01"), reason: EndReason::Resignation });
        assert!(a.active_on(day("2026-09-30")));
        assert!(!a.active_on(day("2026-10-01")));
        assert!(!a.is_active());
    }

    #[test]
    fn the_first_appointment_takes_effect_when_the_decision_is_final() {
        let decided = day("2026-04-01");
        assert_eq!(usual_effective_date(true, Some(day("2026-04-20")), decided), day("2026-04-20"));
        assert_eq!(usual_effective_date(false, Some(day("2026-04-20")), decided), decided);
        assert_eq!(usual_effective_date(true, None, decided), decided);
    }

    /// One step a coordinator might take on a case's appointments.
    #[derive(Debug, Clone)]
    enum Step {
        Appoint { guardians: Vec<(u8, u8, u8, u8)> },
        End { which: u8, reason: u8, day: u8 },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            proptest::collection::vec((0u8..6, 0u8..8, 0u8..3, 0u8..4), 1..3)
                .prop_map(|guardians| Step::Appoint { guardians }),
            (0u8..8, 0u8..8, 0u8..60).prop_map(|(which, reason, day)| Step::End {
                which,
                reason,
                day
            }),
        ]
    }

    proptest! {
        /// Whatever a coordinator tries, in any order, the accepted changes leave a valid
        /// roster, and the history only grows: no appointment disappears, and none changes
        /// except by being ended once.
        #[test]
        fn no_order_of_changes_breaks_the_roster_or_rewrites_history(
            case_type in 0usize..4,
            steps in proptest::collection::vec(step(), 1..25),
        ) {
            let case_type = CaseType::ALL[case_type];
            let start = day("2026-01-01");
            let mut roster: Vec<Appointment> = Vec::new();
            let mut next_id = 1u128;
            for (n, step) in steps.into_iter().enumerate() {
                let today = start + chrono::Days::new(n as u64 * 3);
                let result = match step {
                    Step::Appoint { guardians } => {
                        let new: Vec<(Uuid, NewAppointment)> = guardians
                            .into_iter()
                            .map(|(g, role, mode, duties)| {
                                next_id += 1;
                                let core = match duties {
                                    0 => vec![],
                                    1 => vec![CoreDuty::Property],
                                    2 => vec![CoreDuty::Personal],
                                    _ => vec![CoreDuty::Property, CoreDuty::Personal],
                                };
                                (Uuid::from_u128(next_id), NewAppointment {
                                    guardian: guardian(u128::from(g)),
                                    role: AppointmentRole::ALL[usize::from(role)],
                                    mode: ExerciseMode::ALL[usize::from(mode)],
                                    duties: Duties { core, described: String::new() },
                                    decided_on: today,
                                    effective_on: today,
                                })
                            })
                            .collect();
                        apply_decision(case_type, &roster, &[], &new, today)
                    }
                    Step::End { which, reason, day } => {
                        let Some(target) = roster.get(usize::from(which) % roster.len().max(1)) else { continue };
                        let ending = Ending {
                            on: start + chrono::Days::new(u64::from(day)),
                            reason: EndReason::ALL[usize::from(reason)],
                        };
                        apply_decision(case_type, &roster, &[(target.id, ending)], &[], today)
                    }
                };
                if let Ok(after) = result {
                    prop_assert!(after.len() >= roster.len());
                    for (before, now) in roster.iter().zip(&after) {
                        prop_assert_eq!(before.id, now.id);
                        prop_assert_eq!(&before.duties, &now.duties);
                        prop_assert_eq!(before.effective_on, now.effective_on);
                        if before.ended.is_some() {
                            prop_assert_eq!(before.ended, now.ended);
                        }
                        if let Some(ending) = now.ended {
                            prop_assert!(ending.on >= now.effective_on);
                        }
                    }
                    prop_assert_eq!(check_roster(case_type, &after), Ok(()));
                    roster = after;
                }
            }
        }
    }
}
