//! The sample-data generator (`koken-desk seed`): reproducible, consistent with the workflow
//! rules, and careful with databases that already hold cases.

use crate::support::{Backend, TestApp, db_test};
use app::domain::cases::{CaseDates, CaseState, Stage, TerminationReason, check_state};
use app::domain::dates::japan_today;
use app::server::entities::{
    case, case_event, consultation, kinship_entry, person, person_contact, petition_document,
};
use chrono::{Datelike, NaiveDate};
use sea_orm::{DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryOrder};
use server::sample_data::{SampleOptions, SampleSummary, generate};
use std::collections::{HashMap, HashSet};

const PERSONS: u32 = 200;
const SEED: u64 = 7;

/// A fresh database of the same kind as the test's own.
async fn another_app(app: &TestApp) -> TestApp {
    let backend = match app.db.get_database_backend() {
        DbBackend::Sqlite => Backend::Sqlite,
        _ => Backend::Postgres,
    };
    TestApp::start(backend).await.expect("a second database of the same kind")
}

/// What must come out the same for the same seed: number, person, stage, petition date.
async fn fingerprint(db: &DatabaseConnection) -> Vec<(String, String, String, Option<NaiveDate>)> {
    let names: HashMap<_, _> = person::Entity::find()
        .all(db)
        .await
        .expect("persons")
        .into_iter()
        .map(|person| (person.id, person.name))
        .collect();
    case::Entity::find()
        .order_by_asc(case::Column::CaseNumber)
        .all(db)
        .await
        .expect("cases")
        .into_iter()
        .map(|case| {
            let name = names.get(&case.person_id).cloned().expect("the case's person");
            (case.case_number, name, case.stage, case.petition_date)
        })
        .collect()
}

async fn count<E>(db: &DatabaseConnection) -> u64
where
    E: EntityTrait,
    E::Model: Sync,
{
    E::find().count(db).await.expect("a count")
}

async fn generated(db: &DatabaseConnection) -> SampleSummary {
    generate(db, SampleOptions::new(PERSONS, SEED)).await.expect("sample data")
}

db_test! {
    async fn the_same_seed_gives_the_same_cases(app) {
        let first = generated(&app.db).await;
        let other = another_app(&app).await;
        let second = generated(&other.db).await;

        let expected = fingerprint(&app.db).await;
        assert_eq!(expected.len() as u64, first.cases);
        assert_eq!(fingerprint(&other.db).await, expected);
        let counts = |summary: &SampleSummary| {
            (summary.persons, summary.contacts, summary.cases, summary.consultations,
             summary.case_events, summary.petition_documents, summary.kinship_entries,
             (summary.guardians, summary.appointments, summary.joint_appointments, summary.relays,
              summary.deadlines))
        };
        assert_eq!(counts(&first), counts(&second));

        // Another seed gives other data.
        let third = another_app(&app).await;
        generate(&third.db, SampleOptions::new(PERSONS, SEED + 1)).await.expect("sample data");
        assert_ne!(fingerprint(&third.db).await, expected);
    }
}

db_test! {
    async fn every_generated_case_follows_the_workflow_rules(app) {
        let summary = generated(&app.db).await;
        assert!(summary.demo_accounts_loaded, "an empty database gets the demo offices first");
        assert!(summary.master_data_created);

        // The counts the summary reports are the rows in the database.
        assert_eq!(summary.persons, u64::from(PERSONS));
        assert_eq!(count::<person::Entity>(&app.db).await, summary.persons);
        assert_eq!(count::<person_contact::Entity>(&app.db).await, summary.contacts);
        assert_eq!(count::<case::Entity>(&app.db).await, summary.cases);
        assert_eq!(count::<consultation::Entity>(&app.db).await, summary.consultations);
        assert_eq!(count::<case_event::Entity>(&app.db).await, summary.case_events);
        assert_eq!(count::<petition_document::Entity>(&app.db).await, summary.petition_documents);
        assert_eq!(count::<kinship_entry::Entity>(&app.db).await, summary.kinship_entries);
        assert_eq!(summary.cases, summary.persons + summary.older_cases);
        assert!(summary.contacts >= summary.persons, "every person has a contact");
        assert!(summary.consultations > summary.cases, "plus information-only consultations");

        let today = japan_today();
        let cases = case::Entity::find().all(&app.db).await.expect("cases");
        let events = case_event::Entity::find()
            .order_by_asc(case_event::Column::OccurredAt)
            .all(&app.db)
            .await
            .expect("events");
        let documents = petition_document::Entity::find().all(&app.db).await.expect("documents");
        let mut numbers = HashSet::new();
        let mut stages = HashSet::new();
        for case in &cases {
            assert!(numbers.insert(case.case_number.clone()), "{} is unique", case.case_number);
            let stage = Stage::parse(&case.stage).expect("a known stage");
            stages.insert(stage);
            let state = CaseState {
                stage,
                dates: CaseDates {
                    petition: case.petition_date,
                    decision: case.decision_date,
                    final_date: case.final_date,
                    termination: case.termination_date,
                },
                termination_reason: case
                    .termination_reason
                    .as_deref()
                    .map(|code| TerminationReason::parse(code).expect("a known reason")),
            };
            assert_eq!(check_state(&state, today), Ok(()), "{}", case.case_number);
            assert!(case.opened_on < today, "{}", case.case_number);
            assert!(
                case.case_number.starts_with(&format!("{}-", case.opened_on.year())),
                "{} is numbered in the year it was opened",
                case.case_number
            );

            // The timeline: opened first, then one move per stage, ending at the case's stage.
            let timeline: Vec<_> = events.iter().filter(|event| event.case_id == case.id).collect();
            assert_eq!(timeline[0].kind, "opened", "{}", case.case_number);
            let moves: Vec<_> = timeline[1..].iter().map(|event| event.to_stage.clone()).collect();
            assert!(timeline[1..].iter().all(|event| event.kind == "stage_moved"));
            let final_stage = moves.last().cloned().flatten().unwrap_or("consultation".to_owned());
            assert_eq!(final_stage, case.stage, "{}", case.case_number);
            assert!(timeline.windows(2).all(|pair| pair[0].occurred_at < pair[1].occurred_at));

            let checklist = documents.iter().filter(|doc| doc.case_id == case.id).count();
            let petition_prepared = stage >= Stage::PetitionSupport && stage != Stage::Closed;
            if petition_prepared {
                assert_eq!(checklist, 7, "{}: every document but «other»", case.case_number);
            }
            if stage < Stage::PetitionSupport {
                assert_eq!(checklist, 0, "{}", case.case_number);
            }
        }
        assert_eq!(stages.len(), Stage::ALL.len(), "200 persons reach every stage");
    }
}

db_test! {
    async fn generated_appointments_follow_the_appointment_and_relay_rules(app) {
        use app::domain::appointments::check_roster;
        use app::domain::cases::CaseType;
        use app::domain::guardians::{GuardianKind, KindGroup};
        use app::server::entities::{appointment, guardian, relay_plan};
        let summary = generated(&app.db).await;
        assert_eq!(count::<guardian::Entity>(&app.db).await, summary.guardians);
        assert_eq!(count::<appointment::Entity>(&app.db).await, summary.appointments);
        assert_eq!(count::<relay_plan::Entity>(&app.db).await, summary.relays);
        assert!(summary.guardians >= 40, "one register entry per five persons");
        assert!(summary.joint_appointments > 0 && summary.relays > 0, "{summary:?}");

        let guardians = guardian::Entity::find().all(&app.db).await.expect("guardians");
        let groups: HashSet<_> = guardians
            .iter()
            .map(|g| GuardianKind::parse(&g.kind).expect("a known kind").group())
            .collect();
        for group in [KindGroup::Citizen, KindGroup::Professional, KindGroup::Entity, KindGroup::Relative] {
            assert!(groups.contains(&group), "{group:?}");
        }
        let appointments = appointment::Entity::find().all(&app.db).await.expect("appointments");
        let cases: HashMap<_, _> = case::Entity::find()
            .all(&app.db)
            .await
            .expect("cases")
            .into_iter()
            .map(|case| (case.id, case))
            .collect();
        let mut by_case: HashMap<uuid::Uuid, Vec<_>> = HashMap::new();
        for model in &appointments {
            by_case.entry(model.case_id).or_default().push(app::server::appointments::to_domain(model).expect("a readable appointment"));
        }
        for (case_id, roster) in &by_case {
            let case = &cases[case_id];
            let case_type = CaseType::parse(&case.case_type).expect("a known type");
            assert_eq!(check_roster(case_type, roster), Ok(()), "{}", case.case_number);
            assert!(case.final_date.is_some(), "{}: appointed only after the decision", case.case_number);
            if case.stage == "closed" {
                assert!(roster.iter().all(|a| !a.is_active()), "{}: ended with the case", case.case_number);
            }
        }
        // The generated deadlines are what the server would keep in step: syncing changes nothing.
        use app::server::entities::deadline;
        assert_eq!(count::<deadline::Entity>(&app.db).await, summary.deadlines);
        assert!(summary.deadlines > summary.appointments, "an inventory and reports per appointment");
        let snapshot = |rows: Vec<deadline::Model>| {
            let mut rows: Vec<_> = rows.into_iter().map(|d| (d.appointment_id, d.kind, d.sequence, d.due_on, d.done_on)).collect();
            rows.sort();
            rows
        };
        let before = snapshot(deadline::Entity::find().all(&app.db).await.expect("deadlines"));
        for case_id in by_case.keys() {
            app::server::deadlines::sync_case(&app.db, chrono::Utc::now(), *case_id).await.expect("a sync");
        }
        assert_eq!(snapshot(deadline::Entity::find().all(&app.db).await.expect("deadlines")), before);

        // No citizen guardian carries more cases than their capacity.
        for entry in guardians.iter().filter(|g| g.kind == "citizen") {
            let active = appointments.iter().filter(|a| a.guardian_id == entry.id && a.ended_on.is_none()).count();
            assert!(active as i32 <= entry.capacity.unwrap_or(i32::MAX), "{}", entry.name);
        }
    }
}

db_test! {
    async fn a_database_with_cases_is_refused_unless_appending(app) {
        let first = generated(&app.db).await;

        let refused = generate(&app.db, SampleOptions::new(10, SEED)).await;
        let message = format!("{:#}", refused.expect_err("a second run is refused"));
        assert!(message.contains("--append"), "{message}");
        assert_eq!(count::<case::Entity>(&app.db).await, first.cases, "nothing was added");

        let options = SampleOptions { append: true, ..SampleOptions::new(10, SEED) };
        let appended = generate(&app.db, options).await.expect("appending is allowed");
        assert!(!appended.master_data_created && !appended.demo_accounts_loaded);
        assert_eq!(count::<case::Entity>(&app.db).await, first.cases + appended.cases);
        let cases = case::Entity::find().all(&app.db).await.expect("cases");
        let numbers: Vec<String> = cases.into_iter().map(|case| case.case_number).collect();
        let unique: HashSet<_> = numbers.iter().collect();
        assert_eq!(unique.len(), numbers.len(), "appended cases continue the numbering");
    }
}

db_test! {
    async fn the_demo_data_includes_sample_case_files(app) {
        assert!(server::seed::load_demo_data(&app.db).await.expect("demo data"));
        let persons = count::<person::Entity>(&app.db).await;
        assert_eq!(persons, 300);
        assert!(count::<case::Entity>(&app.db).await >= persons);
        assert!(!server::seed::load_demo_data(&app.db).await.expect("demo data again"));
        assert_eq!(count::<person::Entity>(&app.db).await, persons, "loaded once");
        let response = app.submit_sign_in("coordinator", server::seed::DEMO_PASSWORD, None).await;
        assert!(response.session_cookie().is_some(), "the demo accounts still sign in");
        // The demo guardian is linked to a citizen guardian with cases in office.
        let guardian = app.submit_sign_in("guardian", server::seed::DEMO_PASSWORD, None).await;
        let session = crate::support::Session { cookie: guardian.session_cookie().expect("signed in") };
        let overview = app.call_with(Some(&session), "/api/my/overview", &[]).await;
        assert_eq!(overview.status, http::StatusCode::OK, "{}", overview.body);
        let cases = crate::cases::json(&overview.body)["cases"].as_array().unwrap().len();
        assert!(cases >= 1, "{}", overview.body);
    }
}

db_test! {
    async fn the_deadline_list_comes_in_pages_that_neither_skip_nor_repeat_a_row(app) {
        assert!(server::seed::load_demo_data(&app.db).await.expect("demo data"));
        let signed_in = app.submit_sign_in("coordinator", server::seed::DEMO_PASSWORD, None).await;
        let session = crate::support::Session { cookie: signed_in.session_cookie().expect("signed in") };
        let page = |query: &'static str| {
            let (app, session) = (&app, &session);
            async move {
                let response = app.call_with(Some(session), "/api/deadlines/list", &[("query", query)]).await;
                assert_eq!(response.status, http::StatusCode::OK, "{}", response.body);
                crate::cases::json(&response.body)
            }
        };
        let key = |row: &serde_json::Value| format!("{} {} {} {}", row["due_on"], row["case_id"], row["kind"], row["sequence"]);
        let first = page("due=all").await;
        let second = page("due=all&page=2").await;
        let total = first["total"].as_u64().unwrap();
        assert!(total > 50, "the demo data owes more than a page of deadlines: {total}");
        assert_eq!(second["total"].as_u64(), Some(total));
        let first: Vec<String> = first["rows"].as_array().unwrap().iter().map(key).collect();
        let second: Vec<String> = second["rows"].as_array().unwrap().iter().map(key).collect();
        assert_eq!((first.len() as u64, second.len() as u64), (50, (total - 50).min(50)));
        assert!(first.iter().all(|row| !second.contains(row)), "no row on both pages");
        let due = |row: Option<&String>| row.map(|row| row[..12].to_owned());
        assert!(due(first.last()) <= due(second.first()), "the second page goes on where the first stopped");
        // A page number from the address past the end, or past any number, is an empty page.
        for beyond in ["due=all&page=100000", "due=all&page=18446744073709551615"] {
            let empty = page(beyond).await;
            assert_eq!(empty["rows"].as_array().unwrap().len(), 0);
            assert_eq!(empty["total"].as_u64(), Some(total));
        }
    }
}

db_test! {
    async fn load_test_traces_lie_on_the_generated_cases_and_appointments(app) {
        use app::server::entities::{activity, appointment, audit_entry};
        use sea_orm::{ColumnTrait, QueryFilter};
        let options = SampleOptions { activities: 500, audit_rows: 700, ..SampleOptions::new(PERSONS, SEED) };
        let summary = generate(&app.db, options).await.expect("sample data with traces");
        assert_eq!((summary.activities, summary.audit_rows), (500, 700));
        // The seed loaded the demo accounts itself: the demo guardian has cases to show.
        assert!(summary.demo_accounts_loaded);
        let guardian = app::server::entities::user::Entity::find()
            .filter(app::server::entities::user::Column::LoginId.eq("guardian"))
            .one(&app.db)
            .await
            .expect("a read")
            .expect("the demo guardian");
        assert!(guardian.guardian_id.is_some(), "the demo guardian is linked to the register");
        assert_eq!(count::<activity::Entity>(&app.db).await, 500);
        // The generated trail comes from the documentation address range (RFC 5737).
        let traces = audit_entry::Entity::find()
            .filter(audit_entry::Column::ClientIp.eq("192.0.2.10"))
            .count(&app.db)
            .await
            .expect("a count");
        assert_eq!(traces, 700);

        let appointments = appointment::Entity::find().all(&app.db).await.expect("appointments");
        let today = japan_today();
        for activity in activity::Entity::find().all(&app.db).await.expect("activities") {
            assert!(activity.occurred_on < today, "no activity in the future");
            let on_case: Vec<_> =
                appointments.iter().filter(|row| row.case_id == activity.case_id).collect();
            assert!(!on_case.is_empty(), "activities are logged on cases with a guardian");
            if let Some(guardian) = activity.guardian_id {
                let appointed = on_case.iter().find(|row| row.guardian_id == guardian);
                let appointed = appointed.expect("logged by one of the case's guardians");
                assert!(activity.occurred_on >= appointed.effective_on);
                assert!(appointed.ended_on.is_none_or(|ended| activity.occurred_on <= ended));
            }
        }
    }
}
