//! Sample guardians and appointments: a register of every kind (citizen guardians with their
//! training and registration, professionals, legal entities) and, for every case the court has
//! decided, its appointments: mostly one guardian, some relatives, some a professional and a
//! citizen guardian dividing the duties, some relays from a professional to a citizen guardian
//! with a completed plan, some supervised; ended with the case.
//!
//! Runs after the cases are in the database and reads them back, in case-number order, so it
//! is reproducible from the seed. Every decision is checked with the appointment and relay
//! rules as it is generated.

use super::details::{given_name, mobile_phone, written_name};
use super::names::FAMILY_NAMES;
use super::rng::Rng;
use super::rows::insert_rows;
use anyhow::{Context as _, anyhow};
use app::domain::appointments::{
    Appointment, AppointmentRole, CoreDuty, Duties, EndReason, Ending, ExerciseMode,
    NewAppointment, apply_decision,
};
use app::domain::cases::{CaseType, Stage, TerminationReason};
use app::domain::deadlines::{AppointmentDates, ReportRule, deadlines, horizon, next_report_after};
use app::domain::guardians::{GuardianKind, Registration, registration_expiry};
use app::domain::persons::{search_text, tidy_kana};
use app::domain::relays::{ChecklistItem, RelayStatus, Succession, record_decisions};
use app::server::entities::{
    appointment, case, deadline, guardian, person, relay_checklist_item, relay_plan,
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;
use uuid::Uuid;

const STREAM_REGISTER: u64 = 4;
const STREAM_APPOINTMENTS: u64 = 5;

/// One register entry for about this many persons (a bank of 2,000 for 10,000 cases).
const PERSONS_PER_GUARDIAN: u64 = 5;
const MIN_GUARDIANS: u64 = 30;

const KINDS: [(GuardianKind, u32); 10] = [
    (GuardianKind::Citizen, 45),
    (GuardianKind::JudicialScrivener, 20),
    (GuardianKind::SocialWorker, 15),
    (GuardianKind::Lawyer, 14),
    (GuardianKind::AdministrativeScrivener, 4),
    (GuardianKind::SocialWelfareCouncil, 4),
    (GuardianKind::PsychiatricSocialWorker, 3),
    (GuardianKind::TaxAccountant, 2),
    (GuardianKind::OtherEntity, 2),
    (GuardianKind::OtherIndividual, 1),
];

const RELATIVE_KINDS: [(GuardianKind, &str, u32); 4] = [
    (GuardianKind::Child, "長女", 50),
    (GuardianKind::Sibling, "弟", 20),
    (GuardianKind::Spouse, "夫", 15),
    (GuardianKind::OtherRelative, "甥", 15),
];

const ASSOCIATIONS: [(GuardianKind, &str); 5] = [
    (GuardianKind::Lawyer, "神奈川県弁護士会"),
    (GuardianKind::JudicialScrivener, "公益社団法人成年後見センター・リーガルサポート"),
    (GuardianKind::SocialWorker, "神奈川県社会福祉士会ぱあとなあ"),
    (GuardianKind::AdministrativeScrivener, "コスモス成年後見サポートセンター"),
    (GuardianKind::TaxAccountant, "東京地方税理士会"),
];

/// What this part generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuardianSummary {
    pub guardians: u64,
    pub appointments: u64,
    pub joint: u64,
    pub relays: u64,
    pub deadlines: u64,
}

/// A register entry as the generator tracks it.
struct Entry {
    id: Uuid,
    kind: GuardianKind,
    district: Option<Uuid>,
    capacity: Option<u32>,
    active: u32,
    /// Registered and within the registration: may take a case.
    available: bool,
}

#[derive(Default)]
struct Output {
    guardians: Vec<guardian::Model>,
    appointments: Vec<appointment::Model>,
    plans: Vec<relay_plan::Model>,
    checklist: Vec<relay_checklist_item::Model>,
    deadlines: Vec<deadline::Model>,
    summary: GuardianSummary,
}

fn at(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(1, 30, 0).expect("a valid time").and_utc()
}

fn kana(reading: &str) -> anyhow::Result<String> {
    tidy_kana(reading).map_err(|problem| anyhow!("sample kana {reading}: {}", problem.code()))
}

/// A register entry with the fields of its kind.
fn entry_model(
    rng: &mut Rng,
    number: usize,
    kind: GuardianKind,
    district: Option<Uuid>,
    today: NaiveDate,
) -> anyhow::Result<(guardian::Model, Entry)> {
    let id = rng.uuid();
    let (name, reading) = match kind {
        GuardianKind::SocialWelfareCouncil => (
            format!("社会福祉法人 相模原市社会福祉協議会 第{}", number % 3 + 1),
            "さがみはらししゃかいふくしきょうぎかい".to_owned(),
        ),
        GuardianKind::OtherEntity => (
            format!("NPO法人 さがみ後見ネット{}", number % 5 + 1),
            "さがみこうけんねっと".to_owned(),
        ),
        _ => {
            let family = rng.pick(&FAMILY_NAMES);
            let male = rng.percent(45);
            let given = given_name(rng, male, false);
            (written_name(family, given)?, format!("{} {}", family.1, given.1))
        }
    };
    let name_kana = kana(&reading)?;
    let mut model = guardian::Model {
        id,
        kind: kind.code().to_owned(),
        search_text: search_text(&name, &name_kana),
        name,
        name_kana,
        registration_number: None,
        phone: mobile_phone(rng),
        email: String::new(),
        address: String::new(),
        district_id: district,
        related_person_id: None,
        relation: String::new(),
        organisation: String::new(),
        association: String::new(),
        training_year: None,
        training_completed_on: None,
        registered_on: None,
        registration_expires_on: None,
        registration: None,
        capacity: None,
        disqualification: None,
        skills: String::new(),
        notes: String::new(),
        created_at: at(today - Days::new(30)),
        updated_at: at(today - Days::new(30)),
        updated_by: None,
        version: 1,
    };
    let mut available = true;
    match kind {
        GuardianKind::Citizen => {
            let year = rng.range(2018, i64::from(today.year()) - 1) as i32;
            let completed = NaiveDate::from_ymd_opt(year + 1, 3, 1).expect("a valid date");
            let registration = rng.weighted(&[
                (Registration::Registered, 80),
                (Registration::InTraining, 8),
                (Registration::Suspended, 7),
                (Registration::Removed, 5),
            ]);
            model.registration_number = Some(format!("C-{number:05}"));
            model.training_year = Some(year);
            model.registration = Some(registration.code().to_owned());
            model.capacity = Some(if rng.percent(10) { 2 } else { 1 });
            if registration != Registration::InTraining && completed <= today {
                let registered = completed + Days::new(30);
                model.training_completed_on = Some(completed);
                model.registered_on = Some(registered.min(today));
                model.registration_expires_on = registration_expiry(registered, 3);
            } else {
                model.registration = Some(Registration::InTraining.code().to_owned());
            }
            available = model.registration.as_deref() == Some(Registration::Registered.code())
                && model.registration_expires_on.is_some_and(|expiry| expiry >= today);
            model.skills = rng
                .pick(&["福祉施設での勤務経験", "元銀行員", "元市職員", "介護福祉士", ""])
                .to_owned();
        }
        GuardianKind::SocialWelfareCouncil | GuardianKind::OtherEntity => {
            model.registration_number = Some(format!("E-{number:05}"));
            model.organisation = "法人後見事業".to_owned();
        }
        _ => {
            model.registration_number = Some(format!("P-{number:05}"));
            model.organisation =
                format!("{}事務所", &model.name[..model.name.find('\u{3000}').unwrap_or(0)]);
            model.association = ASSOCIATIONS
                .iter()
                .find(|(of, _)| *of == kind)
                .map(|(_, name)| (*name).to_owned())
                .unwrap_or_default();
            if rng.percent(30) {
                model.capacity = Some(rng.range(15, 40) as i32);
            }
        }
    }
    let entry = Entry {
        id,
        kind,
        district,
        capacity: model.capacity.map(|c| c as u32),
        active: 0,
        available,
    };
    Ok((model, entry))
}

/// A decided case as the generator reads it back.
struct DecidedCase {
    id: Uuid,
    person: Uuid,
    district: Option<Uuid>,
    case_type: CaseType,
    decided: NaiveDate,
    effective: NaiveDate,
    closed: Option<(NaiveDate, Option<TerminationReason>)>,
}

async fn decided_cases(db: &DatabaseConnection) -> anyhow::Result<Vec<DecidedCase>> {
    let cases = case::Entity::find()
        .filter(case::Column::FinalDate.is_not_null())
        .filter(case::Column::DecisionDate.is_not_null())
        .order_by_asc(case::Column::CaseNumber)
        .all(db)
        .await?;
    let districts: HashMap<Uuid, Option<Uuid>> = person::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person.district_id))
        .collect();
    let already: std::collections::HashSet<Uuid> =
        appointment::Entity::find().all(db).await?.into_iter().map(|a| a.case_id).collect();
    Ok(cases
        .into_iter()
        .filter(|case| !already.contains(&case.id))
        .filter_map(|case| {
            let closed = (case.stage == Stage::Closed.code()).then(|| {
                (
                    case.termination_date.unwrap_or_default(),
                    case.termination_reason.as_deref().and_then(TerminationReason::parse),
                )
            });
            Some(DecidedCase {
                id: case.id,
                person: case.person_id,
                district: districts.get(&case.person_id).copied().flatten(),
                case_type: CaseType::parse(&case.case_type)?,
                decided: case.decision_date?,
                effective: case.final_date?,
                closed,
            })
        })
        .collect())
}

fn end_reason(reason: Option<TerminationReason>) -> EndReason {
    match reason {
        Some(TerminationReason::PersonDied) => EndReason::PersonDied,
        Some(TerminationReason::DecisionRevoked) => EndReason::Revoked,
        _ => EndReason::Other,
    }
}

/// What the deadline rules take from a sample appointment (the person's birthday is not
/// needed: the default rule counts from the decision).
fn deadline_dates(a: &Appointment) -> AppointmentDates {
    AppointmentDates {
        role: a.role,
        decided_on: a.decided_on,
        effective_on: a.effective_on,
        ended_on: a.ended.map(|e| e.on),
        person_birthday: None,
        property_powers: matches!(a.role, AppointmentRole::Curator | AppointmentRole::Assistant),
        first_report_on: None,
        fee_petitions: false,
        tracked_from: None,
    }
}

fn appointment_model(a: &Appointment, case: Uuid, today: NaiveDate) -> appointment::Model {
    appointment::Model {
        id: a.id,
        case_id: case,
        guardian_id: a.guardian,
        role: a.role.code().to_owned(),
        mode: a.mode.code().to_owned(),
        duty_property: a.duties.holds(CoreDuty::Property),
        duty_personal: a.duties.holds(CoreDuty::Personal),
        duty_described: a.duties.described.clone(),
        decided_on: a.decided_on,
        effective_on: a.effective_on,
        ended_on: a.ended.map(|e| e.on),
        end_reason: a.ended.map(|e| e.reason.code().to_owned()),
        end_note: String::new(),
        capacity_override_reason: String::new(),
        property_powers: matches!(a.role, AppointmentRole::Curator | AppointmentRole::Assistant),
        first_report_on: None,
        fee_petitions: false,
        next_report_on: next_report_after(
            &deadline_dates(a),
            &ReportRule::default(),
            horizon(today),
        ),
        created_at: at(a.effective_on.min(today)),
        created_by: None,
        ended_at: a.ended.map(|e| at(e.on)),
        ended_by: None,
        version: if a.ended.is_some() { 2 } else { 1 },
        tracked_from: None,
    }
}

struct Generator {
    today: NaiveDate,
    entries: Vec<Entry>,
    out: Output,
}

impl Generator {
    /// A free register entry of the group, preferring the case's district.
    fn pick(&mut self, rng: &mut Rng, citizen: bool, district: Option<Uuid>) -> Option<usize> {
        let fits = |entry: &Entry| {
            entry.available
                && (entry.kind == GuardianKind::Citizen) == citizen
                && !entry.kind.is_relative()
                && entry.capacity.is_none_or(|capacity| entry.active < capacity)
        };
        let candidates: Vec<usize> =
            (0..self.entries.len()).filter(|&i| fits(&self.entries[i])).collect();
        let local: Vec<usize> =
            candidates.iter().copied().filter(|&i| self.entries[i].district == district).collect();
        let pool = if local.is_empty() || rng.percent(25) { candidates } else { local };
        (!pool.is_empty()).then(|| pool[rng.below(pool.len() as u64) as usize])
    }

    fn pick_entity(&mut self, rng: &mut Rng) -> Option<usize> {
        let entities: Vec<usize> = (0..self.entries.len())
            .filter(|&i| self.entries[i].kind == GuardianKind::SocialWelfareCouncil)
            .collect();
        (!entities.is_empty()).then(|| entities[rng.below(entities.len() as u64) as usize])
    }

    fn relative(&mut self, rng: &mut Rng, case: &DecidedCase) -> anyhow::Result<usize> {
        let kinds: Vec<((GuardianKind, &str), u32)> = RELATIVE_KINDS
            .iter()
            .map(|(kind, relation, weight)| ((*kind, *relation), *weight))
            .collect();
        let (kind, relation) = rng.weighted(&kinds);
        let number = self.entries.len() + 1;
        let (mut model, entry) = entry_model(rng, number, kind, case.district, self.today)?;
        model.registration_number = None;
        model.related_person_id = Some(case.person);
        model.relation = relation.to_owned();
        model.organisation.clear();
        model.association.clear();
        model.capacity = None;
        self.out.guardians.push(model);
        self.entries.push(Entry { capacity: None, ..entry });
        Ok(self.entries.len() - 1)
    }

    fn new_appointment(
        &self,
        guardian: usize,
        role: AppointmentRole,
        mode: ExerciseMode,
        duties: &[CoreDuty],
        decided: NaiveDate,
        effective: NaiveDate,
    ) -> NewAppointment {
        NewAppointment {
            guardian: self.entries[guardian].id,
            role,
            mode,
            duties: Duties { core: duties.to_vec(), described: String::new() },
            decided_on: decided,
            effective_on: effective,
        }
    }

    /// One court decision appointing `new`, checked by the rules.
    fn decide(
        &mut self,
        rng: &mut Rng,
        case_type: CaseType,
        roster: &mut Vec<Appointment>,
        appointed: &mut Vec<usize>,
        new: Vec<(usize, NewAppointment)>,
    ) -> anyhow::Result<()> {
        let with_ids: Vec<(Uuid, NewAppointment)> =
            new.iter().map(|(_, a)| (rng.uuid(), a.clone())).collect();
        *roster = apply_decision(case_type, roster, &[], &with_ids, self.today)
            .map_err(|problem| anyhow!("sample appointment refused: {}", problem.code()))?;
        for (index, _) in new {
            self.entries[index].active += 1;
            appointed.push(index);
        }
        Ok(())
    }

    /// Appoints, ends and hands over for one case, each step checked by the rules.
    fn case(&mut self, rng: &mut Rng, case: &DecidedCase) -> anyhow::Result<()> {
        let principal = AppointmentRole::principal_for(case.case_type);
        let start = case.effective;
        let mut roster: Vec<Appointment> = Vec::new();
        let mut appointed: Vec<usize> = Vec::new();
        let draw = rng.below(100);
        let relay_possible = (self.today - start).num_days() > 420 && case.closed.is_none();
        if case.case_type == CaseType::Voluntary {
            let mandatary = if rng.percent(60) {
                Some(self.relative(rng, case)?)
            } else {
                self.pick(rng, false, case.district)
            };
            let supervisor = self.pick_entity(rng).or_else(|| self.pick(rng, false, None));
            let (Some(mandatary), Some(supervisor)) = (mandatary, supervisor) else {
                return Ok(());
            };
            if mandatary == supervisor {
                return Ok(());
            }
            let new = vec![
                (
                    mandatary,
                    self.new_appointment(
                        mandatary,
                        principal,
                        ExerciseMode::Sole,
                        &[],
                        case.decided,
                        start,
                    ),
                ),
                (
                    supervisor,
                    self.new_appointment(
                        supervisor,
                        AppointmentRole::VoluntarySupervisor,
                        ExerciseMode::Sole,
                        &[],
                        case.decided,
                        start,
                    ),
                ),
            ];
            self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
        } else if draw < 20 {
            let relative = self.relative(rng, case)?;
            let new = vec![(
                relative,
                self.new_appointment(
                    relative,
                    principal,
                    ExerciseMode::Sole,
                    &[],
                    case.decided,
                    start,
                ),
            )];
            self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
            if rng.percent(30)
                && let Some(supervisor) = self.pick_entity(rng)
            {
                let role = AppointmentRole::supervisor_for(case.case_type);
                let new = vec![(
                    supervisor,
                    self.new_appointment(
                        supervisor,
                        role,
                        ExerciseMode::Sole,
                        &[],
                        case.decided,
                        start,
                    ),
                )];
                self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
            }
        } else if draw < 30
            && relay_possible
            && let Some(professional) = self.pick(rng, false, case.district)
        {
            let new = vec![(
                professional,
                self.new_appointment(
                    professional,
                    principal,
                    ExerciseMode::Sole,
                    &[],
                    case.decided,
                    start,
                ),
            )];
            self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
            if let Some(citizen) = self.pick(rng, true, case.district) {
                let predecessor = roster[0].id;
                self.relay(rng, case, &mut roster, &mut appointed, predecessor, citizen)?;
            }
        } else if draw < 36
            && let (Some(professional), Some(citizen)) =
                (self.pick(rng, false, case.district), self.pick(rng, true, case.district))
        {
            let divided = ExerciseMode::Divided;
            let new = vec![
                (
                    professional,
                    self.new_appointment(
                        professional,
                        principal,
                        divided,
                        &[CoreDuty::Property],
                        case.decided,
                        start,
                    ),
                ),
                (
                    citizen,
                    self.new_appointment(
                        citizen,
                        principal,
                        divided,
                        &[CoreDuty::Personal],
                        case.decided,
                        start,
                    ),
                ),
            ];
            self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
            self.out.summary.joint += 1;
        } else {
            let citizen = rng.percent(15);
            let Some(chosen) = self
                .pick(rng, citizen, case.district)
                .or_else(|| self.pick(rng, false, case.district))
            else {
                return Ok(());
            };
            let new = vec![(
                chosen,
                self.new_appointment(
                    chosen,
                    principal,
                    ExerciseMode::Sole,
                    &[],
                    case.decided,
                    start,
                ),
            )];
            self.decide(rng, case.case_type, &mut roster, &mut appointed, new)?;
        }
        // A closed case's appointments ended with it.
        if let Some((ended_on, reason)) = case.closed {
            let endings: Vec<(Uuid, Ending)> = roster
                .iter()
                .filter(|a| a.is_active())
                .map(|a| {
                    (a.id, Ending { on: ended_on.max(a.effective_on), reason: end_reason(reason) })
                })
                .collect();
            roster = apply_decision(case.case_type, &roster, &endings, &[], self.today)
                .map_err(|problem| anyhow!("sample ending refused: {}", problem.code()))?;
            for index in &appointed {
                self.entries[*index].active = self.entries[*index].active.saturating_sub(1);
            }
        }
        self.deadlines(rng, case.id, &roster);
        self.out.summary.appointments += roster.len() as u64;
        self.out
            .appointments
            .extend(roster.iter().map(|a| appointment_model(a, case.id, self.today)));
        Ok(())
    }

    /// The deadlines the roster owes (as the server syncs them: the default court rule, 400
    /// days ahead); most of the past ones done a little before they were due, a few overdue.
    fn deadlines(&mut self, rng: &mut Rng, case: Uuid, roster: &[Appointment]) {
        let until = horizon(self.today);
        for a in roster {
            for due in deadlines(&deadline_dates(a), &ReportRule::default(), until) {
                let past = due.due_on + Days::new(14) < self.today;
                let done_on = (past && rng.percent(93))
                    .then(|| due.due_on - Days::new(rng.range(0, 25) as u64));
                self.out.deadlines.push(deadline::Model {
                    id: rng.uuid(),
                    case_id: case,
                    appointment_id: a.id,
                    kind: due.kind.code().to_owned(),
                    sequence: due.sequence as i32,
                    due_on: due.due_on,
                    extended_to: None,
                    done_on,
                    done_note: String::new(),
                    done_by: None,
                    updated_at: at(done_on.unwrap_or(a.effective_on).min(self.today)),
                    version: if done_on.is_some() { 2 } else { 1 },
                });
            }
        }
    }

    /// A completed relay from `predecessor` to a citizen guardian, with its plan and checklist.
    fn relay(
        &mut self,
        rng: &mut Rng,
        case: &DecidedCase,
        roster: &mut Vec<Appointment>,
        appointed: &mut Vec<usize>,
        predecessor: Uuid,
        citizen: usize,
    ) -> anyhow::Result<()> {
        let start = case.effective;
        let latest = (self.today - start).num_days() - 60;
        let handover = start + Days::new(rng.range(300, latest.max(301)) as u64);
        let handover = handover.min(self.today - Days::new(30));
        let successor_id = rng.uuid();
        let successor = self.new_appointment(
            citizen,
            AppointmentRole::principal_for(case.case_type),
            ExerciseMode::Sole,
            &[],
            handover,
            handover,
        );
        *roster = record_decisions(
            case.case_type,
            roster,
            predecessor,
            handover,
            &Succession::Appointed(successor),
            successor_id,
            self.today,
        )
        .map_err(|problem| anyhow!("sample relay refused: {}", problem.code()))?;
        let predecessor_index = appointed.first().copied();
        if let Some(index) = predecessor_index {
            self.entries[index].active = self.entries[index].active.saturating_sub(1);
        }
        self.entries[citizen].active += 1;
        appointed.push(citizen);
        appointed.retain(|index| Some(*index) != predecessor_index);
        let plan_id = rng.uuid();
        let planned_on = handover - Days::new(rng.range(90, 200) as u64);
        let target = handover + Days::new(rng.range(0, 60) as u64);
        let completed =
            (handover + Days::new(rng.range(10, 55) as u64)).min(self.today - Days::new(1));
        for (order, item) in ChecklistItem::ALL.iter().enumerate() {
            let done = if item.is_petition() { planned_on + Days::new(30) } else { completed };
            self.out.checklist.push(relay_checklist_item::Model {
                id: rng.uuid(),
                relay_plan_id: plan_id,
                item: Some(item.code().to_owned()),
                label: String::new(),
                done_on: Some(done),
                done_by: None,
                sort_order: order as i32,
            });
        }
        self.out.plans.push(relay_plan::Model {
            id: plan_id,
            case_id: case.id,
            predecessor_appointment_id: predecessor,
            successor_guardian_id: self.entries[citizen].id,
            successor_appointment_id: Some(successor_id),
            planned_on,
            target_date: target,
            status: RelayStatus::Completed.code().to_owned(),
            petitioned_on: Some(planned_on + Days::new(30)),
            decided_on: Some(handover),
            completed_on: Some(completed),
            cancel_reason: String::new(),
            notes: String::new(),
            created_at: at(planned_on),
            updated_at: at(completed),
            updated_by: None,
            version: 8,
        });
        self.out.summary.relays += 1;
        Ok(())
    }
}

/// Generates the register (one entry per five persons, at least 30) and the appointments of
/// every decided case that has none yet.
pub(super) async fn generate(
    db: &DatabaseConnection,
    seed: u64,
    today: NaiveDate,
    districts: &[Uuid],
) -> anyhow::Result<GuardianSummary> {
    let persons = person::Entity::find().count(db).await?;
    let existing = guardian::Entity::find().count(db).await?;
    let wanted = (persons / PERSONS_PER_GUARDIAN).max(MIN_GUARDIANS).saturating_sub(existing);
    let mut register = Rng::stream(seed, STREAM_REGISTER, existing);
    let mut generator = Generator { today, entries: Vec::new(), out: Output::default() };
    for n in 0..wanted {
        // At least one social welfare council: it supervises and is a legal-entity guardian.
        let kind =
            if n == 0 { GuardianKind::SocialWelfareCouncil } else { register.weighted(&KINDS) };
        let district = (!districts.is_empty())
            .then(|| districts[register.below(districts.len() as u64) as usize]);
        let (model, entry) =
            entry_model(&mut register, (existing + n + 1) as usize, kind, district, today)?;
        generator.out.guardians.push(model);
        generator.entries.push(entry);
    }
    for (index, case) in decided_cases(db).await?.iter().enumerate() {
        let mut rng = Rng::stream(seed, STREAM_APPOINTMENTS, index as u64);
        generator.case(&mut rng, case)?;
    }
    let Output { guardians, appointments, plans, checklist, deadlines, mut summary } =
        generator.out;
    summary.guardians = guardians.len() as u64;
    summary.deadlines = deadlines.len() as u64;
    let txn = app::server::begin_write(db).await?;
    insert_rows::<guardian::ActiveModel, _>(&txn, &guardians).await.context("sample guardians")?;
    insert_rows::<appointment::ActiveModel, _>(&txn, &appointments)
        .await
        .context("sample appointments")?;
    insert_rows::<relay_plan::ActiveModel, _>(&txn, &plans).await.context("sample relay plans")?;
    insert_rows::<relay_checklist_item::ActiveModel, _>(&txn, &checklist)
        .await
        .context("sample relay checklists")?;
    insert_rows::<deadline::ActiveModel, _>(&txn, &deadlines).await.context("sample deadlines")?;
    txn.commit().await?;
    Ok(summary)
}
