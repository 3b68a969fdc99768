use super::context::Context;
use super::details::{
    PersonFacts, Signals, concern, given_name, known_on, signal_text, written_name,
};
use super::names::{CHILDREN, FAMILY_NAMES};
use super::plan::Timeline;
use super::rng::Rng;
use super::rows::Rows;
use super::tables::{ABUSE_RESPONSES, MOTIVES, NOTARY_OFFICES};
use anyhow::anyhow;
use app::domain::cases::{
    CaseDates, CaseState, CaseType, Stage, check_move, check_state, motives_to_text,
};
use app::domain::categories::{
    Consultant, ConsultationChannel, ConsultationOutcome, Motive, Petitioner, Urgency,
};
use app::server::entities::{case, case_event, consultation};
use chrono::{DateTime, Duration, Utc};

impl Context {
    /// One case with its first consultation, timeline, petition documents and kinship survey.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn case(
        &self,
        rng: &mut Rng,
        facts: &PersonFacts,
        timeline: &Timeline,
        number: &str,
        petitioner: Petitioner,
        signals: Signals,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let today = self.today;
        let last = self.last;
        check_state(&timeline.state(), today).map_err(|refusal| {
            anyhow!("sample case {number} breaks the workflow rules: {}", refusal.code())
        })?;
        let case_id = rng.uuid();
        let coordinator = facts.coordinator;

        // The first consultation, which opened the case.
        let received_at = rng.office_hours(timeline.opened);
        let consultant = if signals.abuse {
            rng.pick(&[Consultant::Government, Consultant::CommunityCentre])
        } else if facts.young {
            rng.weighted(&[
                (Consultant::Relative, 35),
                (Consultant::Other, 15),
                (Consultant::Facility, 15),
                (Consultant::Government, 15),
                (Consultant::Hospital, 10),
                (Consultant::Person, 10),
            ])
        } else {
            rng.weighted(&[
                (Consultant::CareManager, 25),
                (Consultant::CommunityCentre, 25),
                (Consultant::Relative, 20),
                (Consultant::Hospital, 10),
                (Consultant::Facility, 8),
                (Consultant::Government, 7),
                (Consultant::Person, 5),
            ])
        };
        let urgency = if signals.abuse {
            Urgency::High
        } else {
            rng.weighted(&[(Urgency::High, 15), (Urgency::Medium, 50), (Urgency::Low, 35)])
        };
        let summary = format!(
            "{}より相談。{}{}",
            consultant.label_ja(),
            concern(rng, facts.condition),
            signal_text(signals)
        );
        let abuse_reported_on =
            signals.abuse.then(|| (timeline.opened + Duration::days(rng.range(0, 3))).min(last));
        let abuse_response =
            if signals.abuse { rng.pick(&ABUSE_RESPONSES).to_owned() } else { String::new() };
        rows.consultations.push(consultation::Model {
            id: rng.uuid(),
            office_id: facts.office_id,
            person_id: Some(facts.id),
            case_id: Some(case_id),
            received_at,
            channel: rng
                .weighted(&[
                    (ConsultationChannel::Phone, 60),
                    (ConsultationChannel::Visit, 20),
                    (ConsultationChannel::HomeVisit, 15),
                    (ConsultationChannel::Other, 5),
                ])
                .code()
                .to_owned(),
            consultant: consultant.code().to_owned(),
            summary,
            urgency: urgency.code().to_owned(),
            flag_abuse: signals.abuse,
            flag_consumer_fraud: signals.fraud,
            flag_self_neglect: signals.neglect,
            flag_other: signals.other,
            abuse_reported: signals.abuse,
            abuse_reported_on,
            abuse_response,
            outcome: ConsultationOutcome::SupportStarted.code().to_owned(),
            recorded_by: coordinator,
            created_at: received_at,
            updated_at: received_at,
            updated_by: None,
            version: 1,
        });

        // The timeline: opened, then one move per stage passed, each checked as the server
        // would check it.
        let mut clock = received_at + Duration::minutes(rng.range(30, 120));
        let opened_at = clock;
        let mut event = |at: DateTime<Utc>,
                         kind: &str,
                         from: Option<Stage>,
                         to: Stage,
                         comment: &str,
                         rng: &mut Rng| {
            rows.events.push(case_event::Model {
                id: rng.uuid(),
                case_id,
                occurred_at: at,
                actor_user_id: coordinator,
                kind: kind.to_owned(),
                from_stage: from.map(|stage| stage.code().to_owned()),
                to_stage: Some(to.code().to_owned()),
                comment: comment.to_owned(),
            });
        };
        event(clock, "opened", None, Stage::Consultation, "", rng);
        let relative_petition = matches!(
            petitioner,
            Petitioner::Child
                | Petitioner::Spouse
                | Petitioner::Sibling
                | Petitioner::Parent
                | Petitioner::OtherRelative
        );
        let skip_matching =
            timeline.case_type == CaseType::Voluntary || (relative_petition && rng.percent(30));
        let mut path: Vec<Stage> = Stage::ALL
            .into_iter()
            .filter(|stage| *stage > Stage::Consultation && *stage <= timeline.reached)
            .filter(|stage| {
                !(*stage == Stage::Matching
                    && skip_matching
                    && timeline.reached >= Stage::PetitionSupport)
            })
            .collect();
        if timeline.stage == Stage::Closed {
            path.push(Stage::Closed);
        }
        let boundary = timeline.pre_petition_end(last);
        let span = (boundary - timeline.opened).num_days().max(0);
        let mut early_days: Vec<i64> = path
            .iter()
            .filter(|stage| **stage < Stage::AwaitingDecision)
            .map(|_| rng.range(0, span))
            .collect();
        early_days.sort_unstable();
        let mut early_days = early_days.into_iter();
        let mut state = CaseState {
            stage: Stage::Consultation,
            dates: CaseDates::default(),
            termination_reason: None,
        };
        for to in path {
            let day = match to {
                Stage::AwaitingDecision => timeline.dates.petition,
                Stage::Supporting => timeline.dates.final_date,
                Stage::Closed => timeline.dates.termination,
                _ => early_days.next().map(|days| timeline.opened + Duration::days(days)),
            }
            .ok_or_else(|| {
                anyhow!("sample case {number}: no date for the move to {}", to.code())
            })?;
            let after = CaseState {
                stage: to,
                dates: known_on(&timeline.dates, day),
                termination_reason: if to == Stage::Closed { timeline.reason } else { None },
            };
            check_move(&state, to, &after, today).map_err(|refusal| {
                anyhow!(
                    "sample case {number}: the move {} → {} would be refused: {}",
                    state.stage.code(),
                    to.code(),
                    refusal.code()
                )
            })?;
            clock = rng.office_hours(day).max(clock + Duration::minutes(10));
            let comment = match (to, timeline.reason) {
                (Stage::Closed, Some(reason)) => reason.label_ja(),
                _ => "",
            };
            event(clock, "stage_moved", Some(state.stage), to, comment, rng);
            state = after;
        }
        check_state(&state, today).map_err(|refusal| {
            anyhow!("sample case {number} ends inconsistent: {}", refusal.code())
        })?;

        // Petition details once the petition is being prepared.
        let petitioning = timeline.reached >= Stage::PetitionSupport;
        let planned = timeline.reached >= Stage::Matching;
        let motives = if planned {
            let wanted = rng.weighted(&[(1, 45), (2, 40), (3, 15)]);
            let mut motives: Vec<Motive> = Vec::new();
            while motives.len() < wanted {
                let motive = rng.weighted(&MOTIVES);
                if !motives.contains(&motive) {
                    motives.push(motive);
                }
            }
            motives_to_text(&motives)
        } else {
            String::new()
        };
        let family_court_id = if petitioning && !self.courts.is_empty() {
            Some(rng.weighted(&self.courts))
        } else {
            None
        };
        if petitioning {
            self.petition_documents(rng, facts, timeline, case_id, petitioner, rows);
            if petitioner == Petitioner::Mayor {
                self.kinship_survey(rng, facts, timeline, case_id, rows)?;
            }
        }

        // 任意後見: the contract made in advance, the mandatary, the centre's check-ins.
        let voluntary = timeline.case_type == CaseType::Voluntary;
        let (contract_date, notary_office, mandatary_name, interval, last_check_in, supervisor) =
            if voluntary {
                let contract = timeline.opened - Duration::days(rng.range(60, 2500));
                let mandatary = if rng.percent(60) {
                    let (_, male, _, _) = rng.pick(&CHILDREN);
                    written_name(facts.family, given_name(rng, male, false))?
                } else {
                    let male = rng.percent(60);
                    written_name(rng.pick(&FAMILY_NAMES), given_name(rng, male, false))?
                };
                let interval = rng.pick(&[3, 6]);
                let last_check_in = (timeline.stage != Stage::Closed).then(|| {
                    (last - Duration::days(rng.range(0, i64::from(interval) * 30)))
                        .max(timeline.opened)
                });
                (
                    Some(contract),
                    rng.weighted(&NOTARY_OFFICES).to_owned(),
                    mandatary,
                    Some(interval),
                    last_check_in,
                    timeline.dates.decision,
                )
            } else {
                (None, String::new(), String::new(), None, None, None)
            };

        rows.cases.push(case::Model {
            id: case_id,
            case_number: number.to_owned(),
            person_id: facts.id,
            office_id: facts.office_id,
            coordinator_id: coordinator,
            case_type: timeline.case_type.code().to_owned(),
            stage: timeline.stage.code().to_owned(),
            opened_on: timeline.opened,
            petitioner: petitioning.then(|| petitioner.code().to_owned()),
            motives,
            family_court_id,
            petition_date: timeline.dates.petition,
            decision_date: timeline.dates.decision,
            final_date: timeline.dates.final_date,
            termination_reason: timeline.reason.map(|reason| reason.code().to_owned()),
            termination_date: timeline.dates.termination,
            contract_date,
            notary_office,
            mandatary_name,
            check_in_interval_months: interval,
            last_check_in_on: last_check_in,
            supervisor_appointed_on: supervisor,
            notes: String::new(),
            created_at: opened_at,
            updated_at: clock,
            updated_by: coordinator,
            version: 1,
        });
        Ok(())
    }
}
