//! The workload dashboard against a hand-counted fixture, on both databases: open cases by
//! coordinator and stage, overdue deadlines (an extension and a done one not counted), recent
//! activities at the 30-day edge, the medians (odd and even counts, the 365-day window), relay
//! plans, the guardian bank by district, the trends, and the office scope.

use crate::cases::json;
use crate::statistics::{Filed, adjust_case, appoint, file, office_of, register, user_id};
use crate::support::{TestApp, db_test};
use app::domain::access::Role;
use app::domain::dates::{FiscalYear, japan_date};
use app::domain::workload::Month;
use app::server::case_scope::CaseScope;
use app::server::entities::{activity, case, deadline, district, guardian, relay_plan, user};
use app::server::read_cache::ReadCache;
use chrono::{Days, NaiveDate};
use http::StatusCode;
use sea_orm::{ActiveModelTrait, DbBackend, EntityTrait, IntoActiveModel, Set};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;

struct Dated {
    stage: &'static str,
    coordinator: Option<Uuid>,
    opened: NaiveDate,
    petition: Option<NaiveDate>,
    decision: Option<NaiveDate>,
}

async fn open_case(app: &TestApp, office: Uuid, number: &str, dated: Dated) -> Uuid {
    let id = file(
        app,
        office,
        number,
        Filed {
            case_type: "guardianship",
            petitioner: None,
            sex: None,
            born: None,
            condition: None,
            motives: "",
            petition: None,
        },
    )
    .await;
    adjust_case(app, id, |model| {
        model.stage = Set(dated.stage.into());
        model.coordinator_id = Set(dated.coordinator);
        model.opened_on = Set(dated.opened);
        model.petition_date = Set(dated.petition);
        model.decision_date = Set(dated.decision);
    })
    .await;
    id
}

async fn due(
    app: &TestApp,
    case_id: Uuid,
    appointment_id: Uuid,
    due_on: NaiveDate,
    extended_to: Option<NaiveDate>,
    done_on: Option<NaiveDate>,
    sequence: i32,
) {
    deadline::Entity::insert(
        deadline::Model {
            id: Uuid::now_v7(),
            case_id,
            appointment_id,
            kind: "periodic_report".into(),
            sequence,
            due_on,
            extended_to,
            done_on,
            done_note: String::new(),
            done_by: None,
            updated_at: app.clock.now(),
            version: 1,
        }
        .into_active_model(),
    )
    .exec(&app.db)
    .await
    .unwrap();
}

async fn log(app: &TestApp, case_id: Uuid, recorder: Uuid, occurred_on: NaiveDate) {
    activity::Entity::insert(
        activity::Model {
            id: Uuid::now_v7(),
            case_id,
            kind: "visit".into(),
            occurred_on,
            duration_minutes: None,
            participants: String::new(),
            notes: "訪問".into(),
            wishes: String::new(),
            options: String::new(),
            decided: String::new(),
            violation: None,
            guardian_id: None,
            recorded_by: recorder,
            recorded_at: app.clock.now(),
        }
        .into_active_model(),
    )
    .exec(&app.db)
    .await
    .unwrap();
}

/// A citizen guardian on the register, in a district, with a capacity.
async fn citizen(
    app: &TestApp,
    district_id: Option<Uuid>,
    capacity: Option<i32>,
    registration: &str,
) -> Uuid {
    let id = register(app, "citizen").await;
    let mut model =
        guardian::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().into_active_model();
    model.district_id = Set(district_id);
    model.capacity = Set(capacity);
    model.registration = Set(Some(registration.into()));
    model.update(&app.db).await.unwrap();
    id
}

fn load_of(dashboard: &Value, coordinator: Option<Uuid>) -> &Value {
    let id = coordinator.map(|id| Value::String(id.to_string())).unwrap_or(Value::Null);
    dashboard["coordinators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["coordinator"] == id)
        .unwrap_or_else(|| panic!("a row for {id} in {dashboard}"))
}

fn numbers(value: &Value) -> Vec<u64> {
    value.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect()
}

db_test! {
    async fn the_dashboard_matches_a_hand_counted_fixture(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let me = user_id(&app, "test-coordinator").await;
        let colleague = app.create_user("colleague", Role::Coordinator).await;
        let mut moved = user::Entity::find_by_id(colleague).one(&app.db).await.unwrap().unwrap().into_active_model();
        moved.office_id = Set(Some(office));
        moved.update(&app.db).await.unwrap();
        let elsewhere = app.create_user("elsewhere", Role::Coordinator).await;
        let other_office = office_of(&app, "elsewhere").await;

        let today = japan_date(app.clock.now());
        let ago = |days: u64| today.checked_sub_days(Days::new(days)).unwrap();
        // Open cases: two of mine (supporting, matching), one of my colleague's, one nobody
        // leads; a closed one of mine; one in another office.
        let supported = open_case(&app, office, "D-1", Dated { stage: "supporting", coordinator: Some(me), opened: ago(100), petition: Some(ago(80)), decision: Some(ago(20)) }).await;
        open_case(&app, office, "D-2", Dated { stage: "matching", coordinator: Some(me), opened: ago(50), petition: None, decision: None }).await;
        open_case(&app, office, "D-3", Dated { stage: "consultation", coordinator: Some(colleague), opened: ago(10), petition: Some(ago(5)), decision: None }).await;
        open_case(&app, office, "D-4", Dated { stage: "assessment", coordinator: None, opened: today, petition: None, decision: None }).await;
        open_case(&app, office, "D-5", Dated { stage: "closed", coordinator: Some(me), opened: ago(700), petition: Some(ago(690)), decision: Some(ago(600)) }).await;
        // Petitioned before the window (not in the first median), decided in it (in the second).
        open_case(&app, office, "D-6", Dated { stage: "supporting", coordinator: Some(colleague), opened: ago(500), petition: Some(ago(400)), decision: Some(ago(10)) }).await;
        let far = open_case(&app, other_office, "D-7", Dated { stage: "supporting", coordinator: Some(elsewhere), opened: ago(30), petition: Some(ago(29)), decision: None }).await;

        // Deadlines on my supported case: overdue; extended past today; done.
        let bank_district = district::Model {
            id: Uuid::now_v7(), code: "north".into(), name: "北地区".into(), sort_order: 1,
            active: true, created_at: app.clock.now(), updated_at: app.clock.now(), version: 1,
        };
        district::Entity::insert(bank_district.clone().into_active_model()).exec(&app.db).await.unwrap();
        let volunteer = citizen(&app, Some(bank_district.id), Some(3), "registered").await;
        let appointment = appoint(&app, supported, volunteer, "guardian", "2024-04-01").await;
        due(&app, supported, appointment, ago(1), None, None, 1).await;
        due(&app, supported, appointment, ago(1), Some(today), None, 2).await;
        due(&app, supported, appointment, ago(40), None, Some(ago(35)), 3).await;
        let lawyer = register(&app, "lawyer").await;
        let far_appointment = appoint(&app, far, lawyer, "guardian", "2024-04-01").await;
        due(&app, far, far_appointment, ago(3), None, None, 1).await;

        // Activities: two of mine within 30 days (the 30th day back included), one older.
        log(&app, supported, me, today).await;
        log(&app, supported, me, ago(29)).await;
        log(&app, supported, me, ago(30)).await;

        // A relay plan in progress, from the volunteer to another citizen guardian.
        let successor = citizen(&app, None, None, "registered").await;
        relay_plan::Entity::insert(relay_plan::Model {
            id: Uuid::now_v7(), case_id: supported, predecessor_appointment_id: appointment,
            successor_guardian_id: successor, successor_appointment_id: None,
            planned_on: ago(10), target_date: today, status: "planned".into(),
            petitioned_on: None, decided_on: None, completed_on: None,
            cancel_reason: String::new(), notes: String::new(), created_at: app.clock.now(),
            updated_at: app.clock.now(), updated_by: None, version: 1,
        }.into_active_model()).exec(&app.db).await.unwrap();
        // Neither a suspended citizen guardian nor a lawyer is in the bank.
        citizen(&app, Some(bank_district.id), Some(5), "suspended").await;

        let read = |session: crate::support::Session| {
            let app = &app;
            async move {
                let response = app.call_with(Some(&session), "/api/dashboard", &[]).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                json(&response.body)
            }
        };
        let dashboard = read(coordinator.clone()).await;
        assert_eq!(dashboard["whole_centre"], false);
        // consultation, assessment, matching, petition support, awaiting decision, supporting
        assert_eq!(numbers(&load_of(&dashboard, Some(me))["open_by_stage"]), [0, 0, 1, 0, 0, 1]);
        assert_eq!(load_of(&dashboard, Some(me))["overdue_deadlines"], 1);
        assert_eq!(load_of(&dashboard, Some(me))["recent_activities"], 2);
        assert_eq!(numbers(&load_of(&dashboard, Some(colleague))["open_by_stage"]), [1, 0, 0, 0, 0, 1]);
        assert_eq!(numbers(&load_of(&dashboard, None)["open_by_stage"]), [0, 1, 0, 0, 0, 0]);
        assert_eq!(dashboard["coordinators"].as_array().unwrap().len(), 3, "not the other office's: {dashboard}");
        assert_eq!(numbers(&dashboard["stages"]), [1, 1, 1, 0, 0, 2]);
        // To the petition: 20 and 5 days → 12.5, rounded; to the decision: 60 and 390 → 225.
        assert_eq!(dashboard["median_days_to_petition"], 13);
        assert_eq!(dashboard["median_days_to_decision"], 225);
        let relays = dashboard["relays"].as_array().unwrap();
        assert_eq!(relays[0], serde_json::json!(["Planned", 1]));
        assert!(relays[1..].iter().all(|row| row[1] == 0));
        let bank = dashboard["bank"].as_array().unwrap();
        assert_eq!(bank.len(), 2, "{bank:?}");
        assert_eq!(bank[0]["district"], "北地区");
        assert_eq!((bank[0]["registered"].as_u64(), bank[0]["active"].as_u64(), bank[0]["capacity"].as_u64(), bank[0]["used"].as_u64()), (Some(1), Some(1), Some(3), Some(1)));
        assert_eq!((bank[1]["district"].clone(), bank[1]["registered"].as_u64(), bank[1]["capacity"].as_u64()), (Value::Null, Some(1), Some(0)));

        // The trends, counted here from the fixture's own dates.
        let mine: [(NaiveDate, Option<NaiveDate>, Option<NaiveDate>); 6] = [
            (ago(100), Some(ago(80)), Some(ago(20))), (ago(50), None, None), (ago(10), Some(ago(5)), None),
            (today, None, None), (ago(700), Some(ago(690)), Some(ago(600))), (ago(500), Some(ago(400)), Some(ago(10))),
        ];
        let mut by_month: HashMap<String, [u64; 3]> = HashMap::new();
        let mut by_year: HashMap<i64, [u64; 3]> = HashMap::new();
        for (opened, petition, decision) in mine {
            for (index, date) in [Some(opened), petition, decision].into_iter().enumerate() {
                let Some(date) = date else { continue };
                by_month.entry(Month::of(date).key()).or_default()[index] += 1;
                by_year.entry(i64::from(FiscalYear::of(date).start_year())).or_default()[index] += 1;
            }
        }
        let months = dashboard["months"].as_array().unwrap();
        assert_eq!(months.len(), 12);
        assert_eq!(months.last().unwrap()["period"], serde_json::json!({"year": today.format("%Y").to_string().parse::<i64>().unwrap(), "month": today.format("%m").to_string().parse::<i64>().unwrap()}));
        for point in months {
            let key = format!("{:04}-{:02}", point["period"]["year"].as_i64().unwrap(), point["period"]["month"].as_i64().unwrap());
            let expected = by_month.get(&key).copied().unwrap_or_default();
            assert_eq!([point["opened"].as_u64().unwrap(), point["petitioned"].as_u64().unwrap(), point["decided"].as_u64().unwrap()], expected, "{key}");
        }
        let years = dashboard["fiscal_years"].as_array().unwrap();
        assert_eq!(years.len(), 5);
        for point in years {
            let expected = by_year.get(&point["period"].as_i64().unwrap()).copied().unwrap_or_default();
            assert_eq!([point["opened"].as_u64().unwrap(), point["petitioned"].as_u64().unwrap(), point["decided"].as_u64().unwrap()], expected, "{point}");
        }

        // The manager sees every office: the other coordinator's case and overdue deadline.
        let manager = app.signed_in_as(Role::Manager).await;
        let centre = read(manager).await;
        assert_eq!(centre["whole_centre"], true);
        assert_eq!(load_of(&centre, Some(elsewhere))["overdue_deadlines"], 1);
        assert_eq!(numbers(&centre["stages"]), [1, 1, 1, 0, 0, 3]);

        // Guardians have no dashboard.
        let guardian = app.signed_in_as_guardian("dash-guardian", &volunteer.to_string()).await;
        let denied = app.call_with(Some(&guardian), "/api/dashboard", &[]).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}

db_test! {
    async fn the_kept_figures_are_counted_again_after_any_write_even_another_servers(app) {
        app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let me = user_id(&app, "test-coordinator").await;
        let today = japan_date(app.clock.now());
        let case_id = open_case(&app, office, "K-1", Dated { stage: "supporting", coordinator: Some(me), opened: today, petition: None, decision: None }).await;
        let cache = ReadCache::new(&app.db);
        let scope = CaseScope::Office(office);
        let stages = |figures: &app::api::dashboard::Dashboard| figures.stages.clone();

        let first = cache.dashboard(&app.db, scope, app.clock.now()).await.unwrap();
        assert_eq!(stages(&first), [0, 0, 0, 0, 0, 1]);
        let again = cache.dashboard(&app.db, scope, app.clock.now()).await.unwrap();
        assert_eq!(again, first);
        // PostgreSQL's version is the cluster's: the other tests' databases write meanwhile.
        let alone = app.db.get_database_backend() == DbBackend::Sqlite;
        if alone {
            assert_eq!(cache.computations(), 1, "unchanged data is not counted twice");
            // Another scope is counted on its own.
            cache.dashboard(&app.db, CaseScope::All, app.clock.now()).await.unwrap();
            assert_eq!(cache.computations(), 2);
        }

        // A write through another connection pool, as a second server on the same database.
        let other_server = server::database::connect(&app.database_url()).await.unwrap();
        let mut moved = case::Entity::find_by_id(case_id).one(&other_server).await.unwrap().unwrap().into_active_model();
        moved.stage = Set("matching".into());
        moved.update(&other_server).await.unwrap();
        let counted = cache.computations();
        let after = cache.dashboard(&app.db, scope, app.clock.now()).await.unwrap();
        assert_eq!(stages(&after), [0, 0, 1, 0, 0, 0]);
        assert_eq!(cache.computations(), counted + 1);

        // And through this server's own pool.
        adjust_case(&app, case_id, |model| model.stage = Set("closed".into())).await;
        let closed = cache.dashboard(&app.db, scope, app.clock.now()).await.unwrap();
        assert_eq!(stages(&closed), [0; 6]);

        // A new day counts again (overdue deadlines and the trends move with the date).
        if alone {
            let counted = cache.computations();
            app.clock.advance(chrono::Duration::days(1));
            cache.dashboard(&app.db, scope, app.clock.now()).await.unwrap();
            assert_eq!(cache.computations(), counted + 1);
        }
    }
}

db_test! {
    async fn the_statistics_are_kept_per_scope_and_period_until_any_write(app) {
        app.signed_in_as(Role::Coordinator).await;
        let office = office_of(&app, "test-coordinator").await;
        let filed = || Filed {
            case_type: "guardianship", petitioner: None, sex: None, born: None, condition: None,
            motives: "", petition: None,
        };
        // The fixture opens its case files on 10 January 2024: 2023年度.
        let year = app::domain::statistics::StatisticsPeriod::FiscalYear(2023);
        let case_id = file(&app, office, "S-1", filed()).await;
        let cache = ReadCache::new(&app.db);
        let scope = CaseScope::Office(office);

        let first = cache.centre(&app.db, scope, year).await.unwrap();
        assert_eq!(first.new_cases, 1);
        assert_eq!(cache.centre(&app.db, scope, year).await.unwrap(), first);
        let court = cache.court(&app.db, scope, year).await.unwrap();
        assert_eq!(cache.court(&app.db, scope, year).await.unwrap(), court);
        let alone = app.db.get_database_backend() == DbBackend::Sqlite;
        if alone {
            assert_eq!(cache.computations(), 2, "each table counted once while nothing changed");
            // Another period and another scope are counted on their own.
            let earlier = cache.centre(&app.db, scope, year.previous()).await.unwrap();
            assert_eq!(earlier.new_cases, 0);
            cache.centre(&app.db, CaseScope::All, year).await.unwrap();
            assert_eq!(cache.computations(), 4);
        }

        // A second case file for the person, written by another pool as a second server would.
        let other_server = server::database::connect(&app.database_url()).await.unwrap();
        let mut second = case::Entity::find_by_id(case_id).one(&other_server).await.unwrap().unwrap();
        second.id = Uuid::now_v7();
        second.case_number = "S-2".into();
        // One open case per person: the earlier file, closed, still counts as opened.
        second.stage = "closed".into();
        case::Entity::insert(second.into_active_model()).exec(&other_server).await.unwrap();
        assert_eq!(cache.centre(&app.db, scope, year).await.unwrap().new_cases, 2);

        // And a case moved out of the period through this server's own pool.
        adjust_case(&app, case_id, |model| model.opened_on = Set(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap())).await;
        assert_eq!(cache.centre(&app.db, scope, year).await.unwrap().new_cases, 1);
    }
}
