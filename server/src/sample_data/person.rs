use super::context::Context;
use super::details::{PersonFacts, Signals, draw_petitioner, given_name, written_name};
use super::names::FAMILY_NAMES;
use super::plan::PersonPlan;
use super::rng::Rng;
use super::rows::Rows;
use super::tables::INFORMATION_ONLY;
use super::{HISTORY_DAYS, STREAM_DETAILS};
use anyhow::anyhow;
use app::domain::cases::CaseType;
use app::domain::categories::{
    Condition, Consultant, ConsultationChannel, ConsultationOutcome, LivingSituation, Sex, Urgency,
};
use app::domain::dates::japan_day_start;
use app::domain::persons::{search_text, tidy_kana};
use app::server::entities::{consultation, person};
use chrono::{Duration, NaiveDate};

impl Context {
    /// Generates one person with their contacts, cases and consultations.
    pub(super) fn person(
        &self,
        index: usize,
        plan: &PersonPlan,
        rows: &mut Rows,
    ) -> anyhow::Result<()> {
        let mut rng = Rng::stream(self.seed, STREAM_DETAILS, index as u64);
        let main = &plan.main;
        let young = main.case_type != CaseType::Voluntary && rng.percent(15);
        let birth_year = if young { rng.range(1960, 2000) } else { rng.range(1930, 1955) };
        let birth = NaiveDate::from_ymd_opt(birth_year as i32, 1, 1)
            .map(|january| january + Duration::days(rng.range(0, 364)))
            .ok_or_else(|| anyhow!("sample birth year {birth_year}"))?;
        let male = if young { rng.percent(55) } else { rng.percent(38) };
        let condition = if young {
            rng.weighted(&[
                (Condition::IntellectualDisability, 50),
                (Condition::Schizophrenia, 30),
                (Condition::BrainInjury, 12),
                (Condition::Other, 8),
            ])
        } else if main.case_type == CaseType::Voluntary {
            rng.weighted(&[
                (Condition::Dementia, 90),
                (Condition::BrainInjury, 5),
                (Condition::Other, 5),
            ])
        } else {
            // A prolonged disorder of consciousness leaves no capacity: only 後見.
            let vegetative = if main.case_type == CaseType::Guardianship { 3 } else { 0 };
            rng.weighted(&[
                (Condition::Dementia, 80),
                (Condition::BrainInjury, 5),
                (Condition::Schizophrenia, 5),
                (Condition::PersistentVegetativeState, vegetative),
                (Condition::IntellectualDisability, 2),
                (Condition::Other, 5),
            ])
        };
        let (district_id, ward) = if self.districts.is_empty() {
            (None, String::new())
        } else {
            let weights: Vec<(usize, u32)> =
                self.districts.iter().enumerate().map(|(i, (_, _, weight))| (i, *weight)).collect();
            let (id, name, _) = &self.districts[rng.weighted(&weights)];
            (Some(*id), name.clone())
        };
        let living = match condition {
            Condition::PersistentVegetativeState => LivingSituation::Hospital,
            Condition::Schizophrenia => rng.weighted(&[
                (LivingSituation::Hospital, 45),
                (LivingSituation::Home, 40),
                (LivingSituation::Facility, 12),
                (LivingSituation::Other, 3),
            ]),
            _ if young => rng.weighted(&[
                (LivingSituation::Home, 55),
                (LivingSituation::Facility, 35),
                (LivingSituation::Hospital, 7),
                (LivingSituation::Other, 3),
            ]),
            _ => rng.weighted(&[
                (LivingSituation::Home, 45),
                (LivingSituation::Facility, 40),
                (LivingSituation::Hospital, 12),
                (LivingSituation::Other, 3),
            ]),
        };
        let family = rng.pick(&FAMILY_NAMES);
        let given = given_name(&mut rng, male, !young);
        let name = written_name(family, given)?;
        let kana = tidy_kana(&format!("{} {}", family.1, given.1))
            .map_err(|problem| anyhow!("sample kana for {name}: {}", problem.code()))?;

        let staff = &self.offices[index % self.offices.len()];
        let coordinator = if staff.coordinators.is_empty() || rng.percent(10) {
            None
        } else {
            Some(rng.pick(&staff.coordinators))
        };
        let facts = PersonFacts {
            id: rng.uuid(),
            office_id: staff.id,
            coordinator,
            young,
            male,
            condition,
            living,
            family,
        };
        let first_opened = plan.older.as_ref().map_or(main.opened, |(older, _)| older.opened);
        // About a third of the persons also made an inquiry that stayed information only: an
        // anonymous one at any time, or an earlier one about the person, who was registered then.
        let inquiry = rng.percent(33).then(|| {
            if rng.percent(40) {
                (true, self.last - Duration::days(rng.range(0, HISTORY_DAYS)))
            } else {
                (false, first_opened - Duration::days(rng.range(30, 400)))
            }
        });
        let registered_on = match inquiry {
            Some((false, day)) => day,
            _ => first_opened,
        };
        // At the start of office hours, before the consultation that registered the person.
        let registered = japan_day_start(registered_on) + Duration::hours(9);
        rows.persons.push(person::Model {
            id: facts.id,
            office_id: facts.office_id,
            search_text: search_text(&name, &kana),
            name,
            name_kana: kana,
            date_of_birth: Some(birth),
            sex: Some(if male { Sex::Male } else { Sex::Female }.code().to_owned()),
            district_id,
            living_situation: Some(living.code().to_owned()),
            condition: Some(condition.code().to_owned()),
            notes: String::new(),
            merged_into: None,
            created_at: registered,
            updated_at: registered,
            updated_by: coordinator,
            version: 1,
        });

        let main_signals = Signals::draw(&mut rng);
        let petitioner = draw_petitioner(&mut rng, main.case_type, young, main_signals.abuse);
        self.contacts(&mut rng, &facts, petitioner, &ward, registered, rows)?;

        if let Some((older, number)) = &plan.older {
            let signals = Signals::draw(&mut rng);
            let older_petitioner = draw_petitioner(&mut rng, older.case_type, young, signals.abuse);
            self.case(&mut rng, &facts, older, number, older_petitioner, signals, rows)?;
            rows.older_cases += 1;
        }
        self.case(&mut rng, &facts, main, &plan.main_number, petitioner, main_signals, rows)?;

        if let Some((anonymous, day)) = inquiry {
            let received_at = rng.office_hours(day);
            let recorded_by = if staff.coordinators.is_empty() {
                None
            } else {
                Some(rng.pick(&staff.coordinators))
            };
            rows.consultations.push(consultation::Model {
                id: rng.uuid(),
                office_id: staff.id,
                person_id: (!anonymous).then_some(facts.id),
                case_id: None,
                received_at,
                channel: rng
                    .weighted(&[(ConsultationChannel::Phone, 75), (ConsultationChannel::Visit, 25)])
                    .code()
                    .to_owned(),
                consultant: rng
                    .weighted(&[
                        (Consultant::Relative, 40),
                        (Consultant::Person, 20),
                        (Consultant::CareManager, 15),
                        (Consultant::CommunityCentre, 10),
                        (Consultant::Other, 15),
                    ])
                    .code()
                    .to_owned(),
                summary: rng.pick(&INFORMATION_ONLY).to_owned(),
                urgency: Urgency::Low.code().to_owned(),
                flag_abuse: false,
                flag_consumer_fraud: false,
                flag_self_neglect: false,
                flag_other: false,
                abuse_reported: false,
                abuse_reported_on: None,
                abuse_response: String::new(),
                outcome: ConsultationOutcome::InformationOnly.code().to_owned(),
                recorded_by,
                created_at: received_at,
                updated_at: received_at,
                updated_by: None,
                version: 1,
            });
        }
        Ok(())
    }
}
