//! The statistics in the court report's categories against a hand-counted fixture, on both
//! databases: every category, the period boundaries (31 March / 1 April, 31 December /
//! 1 January), several motives and several guardians per case, and the user's scope.

use crate::cases::json;
use crate::support::{TestApp, db_test};
use app::domain::access::Role;
use app::server::entities::{
    appointment, case, consultation, guardian, outreach_event, person, relay_plan, support_session,
    user,
};
use chrono::NaiveDate;
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;
use uuid::Uuid;

pub(crate) fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// What the fixture's case says for the report.
pub(crate) struct Filed {
    pub case_type: &'static str,
    pub petitioner: Option<&'static str>,
    pub sex: Option<&'static str>,
    pub born: Option<&'static str>,
    pub condition: Option<&'static str>,
    pub motives: &'static str,
    pub petition: Option<&'static str>,
}

pub(crate) async fn office_of(app: &TestApp, login_id: &str) -> Uuid {
    user::Entity::find()
        .filter(user::Column::LoginId.eq(login_id))
        .one(&app.db)
        .await
        .unwrap()
        .and_then(|user| user.office_id)
        .expect("a coordinator's office")
}

/// Changes a filed case's columns as a test needs them (a stage, a coordinator, dates).
pub(crate) async fn adjust_case(
    app: &TestApp,
    id: Uuid,
    change: impl FnOnce(&mut case::ActiveModel),
) {
    let mut model =
        case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into_active_model();
    change(&mut model);
    model.update(&app.db).await.unwrap();
}

pub(crate) async fn file(app: &TestApp, office: Uuid, number: &str, filed: Filed) -> Uuid {
    let now = app.clock.now();
    let person = person::Model {
        id: Uuid::now_v7(),
        office_id: office,
        name: format!("統計 {number}"),
        name_kana: "とうけい".into(),
        search_text: String::new(),
        date_of_birth: filed.born.map(day),
        sex: filed.sex.map(str::to_owned),
        district_id: None,
        living_situation: None,
        condition: filed.condition.map(str::to_owned),
        notes: String::new(),
        merged_into: None,
        created_at: now,
        updated_at: now,
        updated_by: None,
        version: 1,
    };
    person::Entity::insert(person.clone().into_active_model()).exec(&app.db).await.unwrap();
    let id = Uuid::now_v7();
    let filed_case = case::Model {
        id,
        case_number: number.to_owned(),
        person_id: person.id,
        office_id: office,
        coordinator_id: None,
        case_type: filed.case_type.into(),
        stage: "awaiting_decision".into(),
        opened_on: day("2024-01-10"),
        petitioner: filed.petitioner.map(str::to_owned),
        motives: filed.motives.into(),
        family_court_id: None,
        petition_date: filed.petition.map(day),
        decision_date: None,
        final_date: None,
        termination_reason: None,
        termination_date: None,
        contract_date: None,
        notary_office: String::new(),
        mandatary_name: String::new(),
        check_in_interval_months: None,
        last_check_in_on: None,
        supervisor_appointed_on: None,
        notes: String::new(),
        created_at: now,
        updated_at: now,
        updated_by: None,
        version: 1,
    };
    case::Entity::insert(filed_case.into_active_model()).exec(&app.db).await.unwrap();
    id
}

pub(crate) async fn register(app: &TestApp, kind: &str) -> Uuid {
    let now = app.clock.now();
    let entry = guardian::Model {
        id: Uuid::now_v7(),
        kind: kind.into(),
        name: format!("後見 {kind}"),
        name_kana: "こうけん".into(),
        search_text: String::new(),
        registration_number: None,
        phone: String::new(),
        email: String::new(),
        address: String::new(),
        district_id: None,
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
        created_at: now,
        updated_at: now,
        updated_by: None,
        version: 1,
    };
    guardian::Entity::insert(entry.clone().into_active_model()).exec(&app.db).await.unwrap();
    entry.id
}

pub(crate) async fn appoint(
    app: &TestApp,
    case_id: Uuid,
    guardian_id: Uuid,
    role: &str,
    effective: &str,
) -> Uuid {
    let now = app.clock.now();
    let id = Uuid::now_v7();
    let made = appointment::Model {
        id,
        case_id,
        guardian_id,
        role: role.into(),
        mode: "sole".into(),
        duty_property: false,
        duty_personal: false,
        duty_described: String::new(),
        decided_on: day(effective),
        effective_on: day(effective),
        ended_on: None,
        end_reason: None,
        end_note: String::new(),
        capacity_override_reason: String::new(),
        created_at: now,
        created_by: None,
        ended_at: None,
        ended_by: None,
        property_powers: false,
        first_report_on: None,
        fee_petitions: false,
        next_report_on: None,
        version: 1,
        tracked_from: None,
    };
    appointment::Entity::insert(made.into_active_model()).exec(&app.db).await.unwrap();
    id
}

/// A table's counts by category (as serialised: the variant's name; "" for the row of the
/// not recorded).
fn counts(table: &Value) -> Vec<(String, u64)> {
    table
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["key"].as_str().unwrap_or("").to_owned(), row["count"].as_u64().unwrap()))
        .collect()
}

fn count_of(table: &Value, key: &str) -> u64 {
    counts(table).into_iter().find(|(code, _)| code == key).map_or(0, |(_, count)| count)
}

fn key_codes(table: &Value) -> Vec<String> {
    counts(table).into_iter().map(|(code, _)| code).collect()
}

db_test! {
    async fn the_court_report_tables_match_a_hand_counted_fixture(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        app.create_user("elsewhere", Role::Coordinator).await;
        let other_office = office_of(&app, "elsewhere").await;

        // 1 April 2024, the first day of 2024年度: 80 on the day.
        let first = file(&app, office, "S-1", Filed {
            case_type: "guardianship", petitioner: Some("mayor"), sex: Some("male"),
            born: Some("1944-04-01"), condition: Some("dementia"),
            motives: "savings_management,personal_welfare", petition: Some("2024-04-01"),
        }).await;
        // 31 March 2025, its last day: 80 since the day before.
        let last = file(&app, office, "S-2", Filed {
            case_type: "curatorship", petitioner: Some("child"), sex: Some("female"),
            born: Some("1944-04-02"), condition: Some("intellectual_disability"),
            motives: "savings_management", petition: Some("2025-03-31"),
        }).await;
        // 31 March 2024: 2023年度, but calendar 2024.
        file(&app, office, "S-3", Filed {
            case_type: "assistance", petitioner: Some("person"), sex: Some("female"),
            born: Some("1960-01-01"), condition: Some("schizophrenia"),
            motives: "inheritance", petition: Some("2024-03-31"),
        }).await;
        // 31 December 2024: nothing recorded about the person.
        file(&app, office, "S-4", Filed {
            case_type: "voluntary", petitioner: Some("voluntary_guardian"), sex: None,
            born: None, condition: None, motives: "", petition: Some("2024-12-31"),
        }).await;
        // 1 January 2025: calendar 2025, still 2024年度; 20 on the day.
        file(&app, office, "S-5", Filed {
            case_type: "guardianship", petitioner: Some("spouse"), sex: Some("male"),
            born: Some("2005-01-01"), condition: Some("brain_injury"),
            motives: "litigation,other", petition: Some("2025-01-01"),
        }).await;
        // Not petitioned yet: never counted. Another office's: only the manager's figures.
        file(&app, office, "S-6", Filed {
            case_type: "guardianship", petitioner: None, sex: Some("male"), born: None,
            condition: None, motives: "other", petition: None,
        }).await;
        file(&app, other_office, "S-7", Filed {
            case_type: "guardianship", petitioner: Some("mayor"), sex: Some("female"),
            born: Some("1950-06-01"), condition: Some("dementia"), motives: "other",
            petition: Some("2024-06-01"),
        }).await;
        // Two guardians on the first case in the year (a lawyer, then a citizen guardian on its
        // last day), a child in the next year, a supervisor (not counted).
        appoint(&app, first, register(&app, "lawyer").await, "guardian", "2024-04-15").await;
        appoint(&app, first, register(&app, "citizen").await, "guardian", "2025-03-31").await;
        appoint(&app, last, register(&app, "child").await, "curator", "2025-04-01").await;
        appoint(&app, first, register(&app, "social_welfare_council").await, "guardian_supervisor", "2024-05-01").await;

        let read = |session: crate::support::Session, period: &'static str| {
            let app = &app;
            async move {
                let response = app.call_with(Some(&session), "/api/statistics/court", &[("period", period)]).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                json(&response.body)
            }
        };

        let fiscal = read(coordinator.clone(), "fy2024").await;
        assert_eq!(fiscal["petitions"], 4, "{fiscal}");
        assert_eq!(
            counts(&fiscal["case_types"]),
            [("Guardianship", 2), ("Curatorship", 1), ("Assistance", 0), ("Voluntary", 1)]
                .map(|(k, v)| (k.to_owned(), v)).to_vec()
        );
        let petitioners = &fiscal["petitioners"];
        assert_eq!(key_codes(petitioners).len(), 9, "every petitioner has its row: {petitioners}");
        for (code, expected) in [("Mayor", 1), ("Child", 1), ("VoluntaryGuardian", 1), ("Spouse", 1), ("Person", 0)] {
            assert_eq!(count_of(petitioners, code), expected, "{code}");
        }
        let sex_age = fiscal["sex_age"].as_array().unwrap();
        let band = |code: &str| sex_age.iter().find(|row| row["band"].as_str() == Some(code)).unwrap().clone();
        assert_eq!((band("From80")["male"].as_u64(), band("From80")["female"].as_u64()), (Some(1), Some(1)), "{sex_age:?}");
        assert_eq!(band("From20To39")["male"], 1);
        assert_eq!(band("From60To64")["female"], 0);
        let unknown = sex_age.iter().find(|row| row["band"].is_null()).expect("a row of unknown ages");
        assert_eq!(unknown["other"], 1);
        assert_eq!(sex_age.len(), 9);
        let causes = &fiscal["causes"];
        for (code, expected) in [("Dementia", 1), ("IntellectualDisability", 1), ("BrainInjury", 1), ("Schizophrenia", 0), ("", 1)] {
            assert_eq!(count_of(causes, code), expected, "{code}: {causes}");
        }
        let motives = &fiscal["motives"];
        for (code, expected) in [("SavingsManagement", 2), ("PersonalWelfare", 1), ("Litigation", 1), ("Other", 1), ("Inheritance", 0)] {
            assert_eq!(count_of(motives, code), expected, "{code}: {motives}");
        }
        assert_eq!(fiscal["appointments"], 2);
        let relations = &fiscal["relations"];
        assert_eq!(key_codes(relations)[..5], ["Spouse", "Parent", "Child", "Sibling", "OtherRelative"].map(String::from));
        assert_eq!((count_of(relations, "Lawyer"), count_of(relations, "Citizen"), count_of(relations, "Child")), (1, 1, 0));
        assert_eq!(count_of(relations, "SocialWelfareCouncil"), 0, "supervisors are not counted");

        // The calendar year 2024: 31 March 2024 in, 1 January 2025 and 31 March 2025 out.
        let calendar = read(coordinator.clone(), "cy2024").await;
        assert_eq!(calendar["petitions"], 3);
        assert_eq!(count_of(&calendar["case_types"], "Assistance"), 1);
        assert_eq!(count_of(&calendar["case_types"], "Curatorship"), 0);
        assert_eq!(calendar["appointments"], 1, "the lawyer in April 2024 only");
        // The year after: the child curator appointed on 1 April 2025.
        let next = read(coordinator.clone(), "fy2025").await;
        assert_eq!((next["petitions"].as_u64(), next["appointments"].as_u64()), (Some(0), Some(1)));
        assert_eq!(count_of(&next["relations"], "Child"), 1);

        // The manager counts the whole centre: the other office's mayor petition too.
        let manager = app.signed_in_as(Role::Manager).await;
        let centre = read(manager, "fy2024").await;
        assert_eq!(centre["petitions"], 5);
        assert_eq!(count_of(&centre["petitioners"], "Mayor"), 2);

        // A period that is not one is refused; guardians have no statistics.
        let bad = app.call_with(Some(&coordinator), "/api/statistics/court", &[("period", "fy20x4")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let volunteer = register(&app, "citizen").await;
        let guardian = app.signed_in_as_guardian("stats-guardian", &volunteer.to_string()).await;
        let denied = app.call_with(Some(&guardian), "/api/statistics/court", &[("period", "fy2024")]).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}

async fn consult(app: &TestApp, office: Uuid, received: &str) {
    let now = app.clock.now();
    let entry = consultation::Model {
        id: Uuid::now_v7(),
        office_id: office,
        person_id: None,
        case_id: None,
        received_at: received.parse().unwrap(),
        channel: "phone".into(),
        consultant: String::new(),
        summary: "相談".into(),
        urgency: "medium".into(),
        flag_abuse: false,
        flag_consumer_fraud: false,
        flag_self_neglect: false,
        flag_other: false,
        abuse_reported: false,
        abuse_reported_on: None,
        abuse_response: String::new(),
        outcome: String::new(),
        recorded_by: None,
        created_at: now,
        updated_at: now,
        updated_by: None,
        version: 1,
    };
    consultation::Entity::insert(entry.into_active_model()).exec(&app.db).await.unwrap();
}

async fn support(app: &TestApp, guardian_id: Uuid, recorder: Uuid, held: &str) {
    let session = support_session::Model {
        id: Uuid::now_v7(),
        guardian_id,
        held_on: day(held),
        topic: "report".into(),
        mode: "phone".into(),
        duration_minutes: Some(30),
        notes: String::new(),
        recorded_by: recorder,
        recorded_at: app.clock.now(),
    };
    support_session::Entity::insert(session.into_active_model()).exec(&app.db).await.unwrap();
}

async fn hold_event(
    app: &TestApp,
    recorder: Uuid,
    kind: &str,
    held: &str,
    participants: Option<i32>,
) {
    let event = outreach_event::Model {
        id: Uuid::now_v7(),
        kind: kind.into(),
        title: format!("{kind} {held}"),
        held_on: day(held),
        venue: String::new(),
        audience: String::new(),
        participants,
        notes: String::new(),
        updated_by: recorder,
        updated_at: app.clock.now(),
        version: 1,
    };
    outreach_event::Entity::insert(event.into_active_model()).exec(&app.db).await.unwrap();
}

pub(crate) async fn user_id(app: &TestApp, login_id: &str) -> Uuid {
    user::Entity::find()
        .filter(user::Column::LoginId.eq(login_id))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the user")
        .id
}

db_test! {
    async fn the_centres_own_figures_count_the_period_in_japan_time(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let recorder = user_id(&app, "test-coordinator").await;
        app.create_user("elsewhere", Role::Coordinator).await;
        let other_office = office_of(&app, "elsewhere").await;

        // Consultations: 2024年度 begins at 0:00 on 1 April in Japan, 15:00 UTC the day before.
        consult(&app, office, "2024-03-31T14:59:59Z").await;
        consult(&app, office, "2024-03-31T15:00:00Z").await;
        consult(&app, office, "2025-03-31T14:59:59Z").await;
        consult(&app, office, "2025-03-31T15:00:00Z").await;
        consult(&app, other_office, "2024-06-01T00:00:00Z").await;

        // Case files opened (the fixture opens them on 10 January 2024: 2023年度) and a
        // voluntary guardianship signed in the year and put into effect in the next.
        let voluntary = file(&app, office, "V-1", Filed {
            case_type: "voluntary", petitioner: None, sex: None, born: None, condition: None,
            motives: "", petition: None,
        }).await;
        let mut contract = case::Entity::find_by_id(voluntary).one(&app.db).await.unwrap().unwrap().into_active_model();
        contract.opened_on = Set(day("2024-04-01"));
        contract.contract_date = Set(Some(day("2024-05-01")));
        contract.supervisor_appointed_on = Set(Some(day("2025-04-01")));
        contract.update(&app.db).await.unwrap();
        let guardianship = file(&app, office, "V-2", Filed {
            case_type: "guardianship", petitioner: None, sex: None, born: None, condition: None,
            motives: "", petition: None,
        }).await;

        // Citizen guardians: one trained and registered in the year, one trained the year
        // before; a lawyer is never a citizen guardian.
        let trained = register(&app, "citizen").await;
        let mut entry = guardian::Entity::find_by_id(trained).one(&app.db).await.unwrap().unwrap().into_active_model();
        entry.training_completed_on = Set(Some(day("2024-09-30")));
        entry.registered_on = Set(Some(day("2024-10-01")));
        entry.update(&app.db).await.unwrap();
        let earlier = register(&app, "citizen").await;
        let mut entry = guardian::Entity::find_by_id(earlier).one(&app.db).await.unwrap().unwrap().into_active_model();
        entry.training_completed_on = Set(Some(day("2024-03-31")));
        entry.update(&app.db).await.unwrap();
        let lawyer = register(&app, "lawyer").await;
        let daughter = register(&app, "child").await;

        // A relay: the lawyer hands over to the citizen guardian, completed in the year.
        let from = appoint(&app, guardianship, lawyer, "guardian", "2023-05-01").await;
        let to = appoint(&app, guardianship, trained, "guardian", "2025-01-15").await;
        let now = app.clock.now();
        relay_plan::Entity::insert(relay_plan::Model {
            id: Uuid::now_v7(), case_id: guardianship, predecessor_appointment_id: from,
            successor_guardian_id: trained, successor_appointment_id: Some(to),
            planned_on: day("2024-06-01"), target_date: day("2025-01-31"), status: "completed".into(),
            petitioned_on: Some(day("2024-10-01")), decided_on: Some(day("2025-01-10")),
            completed_on: Some(day("2025-02-01")), cancel_reason: String::new(), notes: String::new(),
            created_at: now, updated_at: now, updated_by: None, version: 1,
        }.into_active_model()).exec(&app.db).await.unwrap();

        // Support: two sessions with the daughter (a family guardian), one with the citizen
        // guardian, one with the lawyer (neither), one the year after.
        support(&app, daughter, recorder, "2024-04-01").await;
        support(&app, daughter, recorder, "2025-03-31").await;
        support(&app, trained, recorder, "2024-12-01").await;
        support(&app, lawyer, recorder, "2024-12-01").await;
        support(&app, daughter, recorder, "2025-04-01").await;

        // Awareness: a briefing of 40 and a lecture without a head count in the year; training
        // is not awareness; a briefing the year after.
        hold_event(&app, recorder, "briefing", "2024-07-01", Some(40)).await;
        hold_event(&app, recorder, "lecture", "2025-03-01", None).await;
        hold_event(&app, recorder, "training", "2024-08-01", Some(25)).await;
        hold_event(&app, recorder, "briefing", "2025-04-01", Some(12)).await;

        let read = |session: crate::support::Session, period: &'static str| {
            let app = &app;
            async move {
                let response = app.call_with(Some(&session), "/api/statistics/centre", &[("period", period)]).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                json(&response.body)
            }
        };
        let figures = read(coordinator.clone(), "fy2024").await;
        let expected = [
            ("consultations", 2), ("new_cases", 1), ("citizen_trained", 1),
            ("citizen_registered", 1), ("citizen_appointed", 1), ("relay_handovers", 1),
            ("family_support_sessions", 2), ("citizen_support_sessions", 1),
            ("awareness_sessions", 2), ("awareness_participants", 40),
            ("contracts_signed", 1), ("contracts_in_effect", 0),
        ];
        for (name, count) in expected {
            assert_eq!(figures[name], count, "{name}: {figures}");
        }
        let next = read(coordinator.clone(), "fy2025").await;
        for (name, count) in [("consultations", 1), ("contracts_in_effect", 1), ("awareness_participants", 12), ("family_support_sessions", 1), ("citizen_appointed", 0)] {
            assert_eq!(next[name], count, "{name}: {next}");
        }
        // The manager counts every office's consultations.
        let manager = app.signed_in_as(Role::Manager).await;
        assert_eq!(read(manager, "fy2024").await["consultations"], 3);

        let bad = app.call_with(Some(&coordinator), "/api/statistics/centre", &[("period", "2024")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
