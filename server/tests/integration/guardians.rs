//! The guardian register, appointments, relays and matching through their server functions,
//! on both databases: validation per field, versions, capacity and its override, the relay's
//! decisions in one transaction, concurrent completion, exclusions, scoping and audit rows.

use crate::cases::{consultation_opening_a_case, get_case, json, problem_code, version_of};
use crate::support::{Session, TestApp, TestResponse, db_test};
use app::domain::access::Role;
use http::StatusCode;
use serde_json::Value;

async fn register(app: &TestApp, session: &Session, fields: &[(&str, &str)]) -> TestResponse {
    app.call_with(Some(session), "/api/guardians/save", fields).await
}

/// The register form of a trained, registered citizen guardian with room for one case.
pub(crate) fn citizen_form<'a>(name: &'a str, kana: &'a str) -> [(&'static str, &'a str); 9] {
    [
        ("kind", "citizen"),
        ("name", name),
        ("name_kana", kana),
        ("registration", "registered"),
        ("training_year", "2024"),
        ("training_completed_on", "2025-02-20"),
        ("registered_on", "2025-04-01"),
        ("registration_expires_on", "2028-03-31"),
        ("capacity", "1"),
    ]
}

/// A registered citizen guardian with room for one case; returns the id.
pub(crate) async fn citizen(app: &TestApp, session: &Session, name: &str, kana: &str) -> String {
    let response = register(app, session, &citizen_form(name, kana)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

pub(crate) async fn lawyer(app: &TestApp, session: &Session, name: &str, kana: &str) -> String {
    let response = register(
        app,
        session,
        &[
            ("kind", "lawyer"),
            ("name", name),
            ("name_kana", kana),
            ("organisation", "相模法律事務所"),
        ],
    )
    .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

pub(crate) async fn panel(app: &TestApp, session: &Session, case_id: &str) -> Value {
    let response =
        app.call_with(Some(session), "/api/appointments/get", &[("case_id", case_id)]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    json(&response.body)
}

async fn case_version(app: &TestApp, session: &Session, case_id: &str) -> String {
    let (_, case) = get_case(app, session, case_id).await;
    version_of(&case)
}

/// Appoints one guardian alone, as 成年後見人, effective on the day given.
pub(crate) async fn appoint_alone(
    app: &TestApp,
    session: &Session,
    case_id: &str,
    guardian: &str,
    reason: &str,
) -> TestResponse {
    let version = case_version(app, session, case_id).await;
    app.call_with(
        Some(session),
        "/api/appointments/appoint",
        &[
            ("case_id", case_id),
            ("version", &version),
            ("mode", "sole"),
            ("decided_on", "2026-03-02"),
            ("effective_on", "2026-03-20"),
            ("guardian_1", guardian),
            ("role_1", "guardian"),
            ("capacity_override_reason", reason),
        ],
    )
    .await
}

db_test! {
    async fn the_register_checks_each_kind_of_entry_and_derives_who_is_appointed(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let refused = register(
            &app,
            &coordinator,
            &[("kind", "citizen"), ("name", "青木 一"), ("name_kana", "Aoki"), ("capacity", "0")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&refused.body, "name_kana").as_deref(), Some("kana_only"));
        assert_eq!(problem_code(&refused.body, "registration").as_deref(), Some("required"));
        assert_eq!(problem_code(&refused.body, "capacity").as_deref(), Some("number_range"));
        let professional_with_training = register(
            &app,
            &coordinator,
            &[("kind", "lawyer"), ("name", "石井 二郎"), ("name_kana", "いしい じろう"), ("registered_on", "2025-04-01")],
        )
        .await;
        assert_eq!(problem_code(&professional_with_training.body, "registered_on").as_deref(), Some("citizen_only"));
        let relative_without_person = register(
            &app,
            &coordinator,
            &[("kind", "child"), ("name", "上田 三郎"), ("name_kana", "うえだ さぶろう")],
        )
        .await;
        assert_eq!(problem_code(&relative_without_person.body, "related_person_id").as_deref(), Some("required"));

        let id = citizen(&app, &coordinator, "青木 一子", "あおき かずこ").await;
        let taken = register(
            &app,
            &coordinator,
            &[("kind", "lawyer"), ("name", "別人"), ("name_kana", "べつじん"), ("registration_number", "C-001")],
        )
        .await;
        assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
        let again = register(
            &app,
            &coordinator,
            &[("kind", "lawyer"), ("name", "別人二"), ("name_kana", "べつじんに"), ("registration_number", "C-001")],
        )
        .await;
        assert_eq!(problem_code(&again.body, "registration_number").as_deref(), Some("registration_number_taken"));

        let list = app.call_with(Some(&coordinator), "/api/guardians/list", &[("query", "status=registered")]).await;
        let rows = json(&list.body)["rows"].clone();
        assert_eq!(rows.as_array().unwrap().len(), 1, "{rows}");
        assert_eq!(rows[0]["status"], "Registered");

        let case_id = consultation_opening_a_case(&app, &coordinator, "遠藤 四郎", "えんどう しろう").await;
        let appointed = appoint_alone(&app, &coordinator, &case_id, &id, "").await;
        assert_eq!(appointed.status, StatusCode::OK, "{}", appointed.body);
        let list = app.call_with(Some(&coordinator), "/api/guardians/list", &[("query", "status=appointed")]).await;
        assert_eq!(json(&list.body)["rows"][0]["id"], Value::String(id.clone()));
        let free = app.call_with(Some(&coordinator), "/api/guardians/list", &[("query", "kind=citizen&free=1")]).await;
        assert_eq!(json(&free.body)["total"], 0, "a citizen guardian with one case has no free place");

        // A stale save is a conflict; the entry keeps the newer change.
        let save = |version: &'static str, phone: &'static str| {
            let id = id.clone();
            let coordinator = &coordinator;
            let app = &app;
            async move {
                register(
                    app,
                    coordinator,
                    &[
                        ("id", id.as_str()),
                        ("version", version),
                        ("kind", "citizen"),
                        ("name", "青木 一子"),
                        ("name_kana", "あおき かずこ"),
                        ("registration", "registered"),
                        ("capacity", "2"),
                        ("phone", phone),
                    ],
                )
                .await
            }
        };
        assert_eq!(save("1", "042-000-0001").await.status, StatusCode::OK);
        assert_eq!(save("1", "042-000-0002").await.status, StatusCode::CONFLICT);
        let detail = app.call_with(Some(&coordinator), "/api/guardians/get", &[("id", &id)]).await;
        let detail = json(&detail.body);
        assert_eq!(detail["fields"]["phone"], "042-000-0001");
        assert_eq!(detail["status"], "Appointed");
        assert!(detail["appointments"][0]["case_number"].as_str().is_some());

        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "guardian.registered"));
        assert!(actions.iter().any(|a| a == "guardian.updated"));
        assert!(actions.iter().any(|a| a == "appointment.recorded"));
    }
}

db_test! {
    async fn a_professional_and_a_citizen_guardian_divide_the_duties_and_capacity_needs_a_reason(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let professional = lawyer(&app, &coordinator, "岡田 弁護士", "おかだ べんごし").await;
        let volunteer = citizen(&app, &coordinator, "小川 和美", "おがわ かずみ").await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "加藤 五郎", "かとう ごろう").await;
        let version = case_version(&app, &coordinator, &case_id).await;
        let divided = |professional_duty: &'static str, citizen_duty: &'static str| {
            vec![
                ("case_id", case_id.clone()),
                ("version", version.clone()),
                ("mode", "divided".to_owned()),
                ("decided_on", "2026-03-02".to_owned()),
                ("effective_on", "2026-03-20".to_owned()),
                ("guardian_1", professional.clone()),
                ("role_1", "guardian".to_owned()),
                (professional_duty, "on".to_owned()),
                ("guardian_2", volunteer.clone()),
                ("role_2", "guardian".to_owned()),
                (citizen_duty, "on".to_owned()),
            ]
        };
        let call = |fields: Vec<(&'static str, String)>| {
            let app = &app;
            let coordinator = &coordinator;
            async move {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call_with(Some(coordinator), "/api/appointments/appoint", &pairs).await
            }
        };
        let twice = call(divided("property_1", "property_2")).await;
        assert_eq!(problem_code(&twice.body, "duties").as_deref(), Some("duty_held_twice"));
        let made = call(divided("property_1", "personal_2")).await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.body);
        let stale = call(divided("property_1", "personal_2")).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "the case moved on: {}", stale.body);
        let roster = panel(&app, &coordinator, &case_id).await;
        assert_eq!(roster["active"].as_array().unwrap().len(), 2);
        assert_eq!(roster["active"][0]["mode"], "Divided");

        // The citizen guardian's one place is taken: a second case needs a written reason.
        let other_case = consultation_opening_a_case(&app, &coordinator, "菊地 六子", "きくち むつこ").await;
        let refused = appoint_alone(&app, &coordinator, &other_case, &volunteer, "").await;
        assert_eq!(problem_code(&refused.body, "capacity_override_reason").as_deref(), Some("capacity_exceeded"));
        assert_eq!(panel(&app, &coordinator, &other_case).await["active"], serde_json::json!([]));
        let overridden = appoint_alone(&app, &coordinator, &other_case, &volunteer, "同じ施設の入所者で、訪問が1回で済むため").await;
        assert_eq!(overridden.status, StatusCode::OK, "{}", overridden.body);
        let roster = panel(&app, &coordinator, &other_case).await;
        assert_eq!(roster["active"][0]["capacity_override_reason"], "同じ施設の入所者で、訪問が1回で済むため");
        assert!(app.audit_actions().await.iter().any(|a| a == "appointment.capacity_overridden"));

        // Ending is recorded once; the appointment stays in the history.
        let appointment = roster["active"][0]["id"].as_str().unwrap().to_owned();
        let version = case_version(&app, &coordinator, &other_case).await;
        let end = |version: String| {
            let app = &app;
            let coordinator = &coordinator;
            let other_case = other_case.clone();
            let appointment = appointment.clone();
            async move {
                app.call_with(
                    Some(coordinator),
                    "/api/appointments/end",
                    &[
                        ("case_id", other_case.as_str()),
                        ("version", version.as_str()),
                        ("appointment_id", appointment.as_str()),
                        ("ended_on", "2026-03-01"),
                        ("end_reason", "resignation"),
                    ],
                )
                .await
            }
        };
        let before_start = end(version.clone()).await;
        assert_eq!(problem_code(&before_start.body, "ended_on").as_deref(), Some("dates_out_of_order"));
        let version = case_version(&app, &coordinator, &other_case).await;
        let ended = app
            .call_with(
                Some(&coordinator),
                "/api/appointments/end",
                &[
                    ("case_id", other_case.as_str()),
                    ("version", version.as_str()),
                    ("appointment_id", appointment.as_str()),
                    ("ended_on", "2026-06-30"),
                    ("end_reason", "resignation"),
                ],
            )
            .await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let roster = panel(&app, &coordinator, &other_case).await;
        assert_eq!(roster["active"], serde_json::json!([]));
        assert_eq!(roster["ended"][0]["end_reason"], "Resignation");
        let (_, case) = get_case(&app, &coordinator, &other_case).await;
        let kinds: Vec<String> = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|entry| entry["kind"].as_object().and_then(|k| k.keys().next().cloned()))
            .collect();
        assert!(kinds.contains(&"Appointed".to_owned()), "{kinds:?}");
        assert!(kinds.contains(&"AppointmentEnded".to_owned()), "{kinds:?}");
    }
}

/// A relay from a professional to a citizen guardian, planned and petitioned; returns the
/// case, the plan and its version.
async fn petitioned_relay(
    app: &TestApp,
    coordinator: &Session,
    person: (&str, &str),
) -> (String, String, String, String) {
    let professional = lawyer(app, coordinator, &format!("{} 弁護士", person.0), "べんごし").await;
    let volunteer = citizen(app, coordinator, &format!("{} 市民", person.0), "しみん").await;
    let case_id = consultation_opening_a_case(app, coordinator, person.0, person.1).await;
    let made = appoint_alone(app, coordinator, &case_id, &professional, "").await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let roster = panel(app, coordinator, &case_id).await;
    let predecessor = roster["active"][0]["id"].as_str().unwrap().to_owned();
    let planned = app
        .call_with(
            Some(coordinator),
            "/api/relays/plan",
            &[
                ("predecessor_id", &predecessor),
                ("successor_id", &volunteer),
                ("target_date", "2027-03-31"),
            ],
        )
        .await;
    assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);
    let plan: String = serde_json::from_str(&planned.body).unwrap();
    let relay = |roster: &Value| roster["relays"][0].clone();
    let mut version =
        relay(&panel(app, coordinator, &case_id).await)["version"].as_i64().unwrap().to_string();
    let too_early = app
        .call_with(
            Some(coordinator),
            "/api/relays/move",
            &[("plan_id", &plan), ("version", &version), ("to", "petitioned")],
        )
        .await;
    assert_eq!(
        problem_code(&too_early.body, "status").as_deref(),
        Some("relay_petitions_not_filed")
    );
    let checklist = relay(&panel(app, coordinator, &case_id).await)["checklist"].clone();
    for item in checklist.as_array().unwrap().iter().take(2) {
        let ticked = app
            .call_with(
                Some(coordinator),
                "/api/relays/item",
                &[
                    ("item_id", item["id"].as_str().unwrap()),
                    ("version", &version),
                    ("done_on", "2026-06-01"),
                ],
            )
            .await;
        assert_eq!(ticked.status, StatusCode::OK, "{}", ticked.body);
        version = ticked.body.trim().to_owned();
    }
    let moved = app
        .call_with(
            Some(coordinator),
            "/api/relays/move",
            &[("plan_id", &plan), ("version", &version), ("to", "petitioned")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    (case_id, plan, moved.body.trim().to_owned(), volunteer)
}

db_test! {
    async fn recording_the_court_decisions_ends_the_predecessor_and_starts_the_successor_together(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let (case_id, plan, version, volunteer) = petitioned_relay(&app, &coordinator, ("福田 七郎", "ふくだ しちろう")).await;

        // The successor's only place is taken elsewhere: without a reason nothing changes.
        let elsewhere = consultation_opening_a_case(&app, &coordinator, "別件 八子", "べっけん はちこ").await;
        assert_eq!(appoint_alone(&app, &coordinator, &elsewhere, &volunteer, "").await.status, StatusCode::OK);
        let decide = |version: String, reason: &'static str| {
            let app = &app;
            let coordinator = &coordinator;
            let plan = plan.clone();
            async move {
                app.call_with(
                    Some(coordinator),
                    "/api/relays/decide",
                    &[
                        ("plan_id", plan.as_str()),
                        ("version", version.as_str()),
                        ("resignation_on", "2026-09-01"),
                        ("successor_decided_on", "2026-09-01"),
                        ("successor_effective_on", "2026-09-01"),
                        ("capacity_override_reason", reason),
                    ],
                )
                .await
            }
        };
        let refused = decide(version.clone(), "").await;
        assert_eq!(problem_code(&refused.body, "capacity_override_reason").as_deref(), Some("capacity_exceeded"));
        let roster = panel(&app, &coordinator, &case_id).await;
        assert_eq!(roster["active"].as_array().unwrap().len(), 1, "the predecessor is still in office");
        assert_eq!(roster["ended"], serde_json::json!([]));
        assert_eq!(roster["relays"][0]["status"], "Petitioned");

        // Two coordinators record the decisions at once: one succeeds, one gets a conflict.
        let (first, second) = tokio::join!(decide(version.clone(), "引継ぎのため一時的に2件"), decide(version.clone(), "引継ぎのため一時的に2件"));
        let mut statuses = [first.status, second.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", first.body, second.body);
        let roster = panel(&app, &coordinator, &case_id).await;
        assert_eq!(roster["ended"][0]["end_reason"], "Resignation");
        assert_eq!(roster["ended"][0]["ended_on"], "2026-09-01");
        assert_eq!(roster["active"].as_array().unwrap().len(), 1);
        assert_eq!(roster["active"][0]["guardian_id"], Value::String(volunteer.clone()));
        assert_eq!(roster["active"][0]["effective_on"], "2026-09-01");
        assert_eq!(roster["relays"][0]["status"], "Decided");

        // The handover goes on until every item is done.
        let version = roster["relays"][0]["version"].as_i64().unwrap().to_string();
        let early = app.call_with(Some(&coordinator), "/api/relays/move", &[("plan_id", &plan), ("version", &version), ("to", "completed")]).await;
        assert_eq!(problem_code(&early.body, "status").as_deref(), Some("relay_checklist_open"));
        let mut version = version;
        for item in roster["relays"][0]["checklist"].as_array().unwrap().iter().skip(2) {
            let ticked = app
                .call_with(Some(&coordinator), "/api/relays/item", &[("item_id", item["id"].as_str().unwrap()), ("version", &version), ("done_on", "2026-10-15")])
                .await;
            assert_eq!(ticked.status, StatusCode::OK, "{}", ticked.body);
            version = ticked.body.trim().to_owned();
        }
        let done = app.call_with(Some(&coordinator), "/api/relays/move", &[("plan_id", &plan), ("version", &version), ("to", "completed")]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let roster = panel(&app, &coordinator, &case_id).await;
        assert_eq!(roster["relays"][0]["completed_on"], "2026-10-15");
        assert_eq!(roster["relays"][0]["on_time"], true);
        let actions = app.audit_actions().await;
        for action in ["relay.planned", "relay.checklist_updated", "relay.moved", "relay.decided"] {
            assert!(actions.iter().any(|a| a == action), "{action}");
        }
    }
}

db_test! {
    async fn someone_suing_the_person_is_excluded_and_the_decision_joins_the_timeline(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let suing = citizen(&app, &coordinator, "訴訟 一郎", "そしょう いちろう").await;
        let fitting = citizen(&app, &coordinator, "適任 花子", "てきにん はなこ").await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "原 九子", "はら くこ").await;
        let (_, case) = get_case(&app, &coordinator, &case_id).await;
        let person = case["person"]["id"].as_str().unwrap().to_owned();
        let recorded = app
            .call_with(
                Some(&coordinator),
                "/api/guardians/conflicts/add",
                &[("guardian_id", &suing), ("person_id", &person), ("kind", "lawsuit_party"), ("note", "貸金返還請求訴訟")],
            )
            .await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        let matching = app.call_with(Some(&coordinator), "/api/matching/get", &[("case_id", &case_id)]).await;
        assert_eq!(matching.status, StatusCode::OK, "{}", matching.body);
        let matching = json(&matching.body);
        let proposed: Vec<&str> = matching["proposals"].as_array().unwrap().iter().map(|s| s["guardian_id"].as_str().unwrap()).collect();
        assert_eq!(proposed, [fitting.as_str()]);
        assert_eq!(matching["excluded"][0]["guardian_id"], Value::String(suing.clone()));
        assert_eq!(matching["excluded"][0]["exclusion"], serde_json::json!({ "Conflict": "LawsuitParty" }));

        let decided = app
            .call_with(
                Some(&coordinator),
                "/api/matching/record",
                &[
                    ("case_id", &case_id),
                    ("meeting_on", "2026-02-10"),
                    ("considered[]", &fitting),
                    ("considered[]", &suing),
                    ("chosen_id", &fitting),
                    ("reason", "同じ地区で訪問しやすく、訴訟の当事者は欠格のため"),
                ],
            )
            .await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
        let (_, case) = get_case(&app, &coordinator, &case_id).await;
        assert!(case["timeline"].as_array().unwrap().iter().any(|e| e["kind"].get("Matching").is_some()));
        assert!(app.audit_actions().await.iter().any(|a| a == "matching.decided"));

        // Another office's coordinator neither sees the panel nor changes the case.
        app.create_user("other-coordinator", Role::Coordinator).await;
        let other = app.sign_in("other-coordinator").await;
        let hidden = app.call_with(Some(&other), "/api/matching/get", &[("case_id", &case_id)]).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let roster = app.call_with(Some(&other), "/api/appointments/get", &[("case_id", &case_id)]).await;
        assert_eq!(roster.status, StatusCode::NOT_FOUND);
        let appointed = app
            .call_with(
                Some(&other),
                "/api/appointments/appoint",
                &[
                    ("case_id", case_id.as_str()),
                    ("version", "1"),
                    ("mode", "sole"),
                    ("decided_on", "2026-03-02"),
                    ("effective_on", "2026-03-20"),
                    ("guardian_1", fitting.as_str()),
                    ("role_1", "guardian"),
                ],
            )
            .await;
        assert_eq!(appointed.status, StatusCode::NOT_FOUND, "{}", appointed.body);
        // The register is the centre's: the other office sees the guardian, not the person.
        let entry = app.call_with(Some(&other), "/api/guardians/get", &[("id", &suing)]).await;
        assert_eq!(entry.status, StatusCode::OK);
        assert_eq!(json(&entry.body)["conflicts"][0]["person_name"], Value::Null);
    }
}

db_test! {
    async fn two_cases_cannot_both_take_a_guardians_last_place_at_once(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "最後 一枠", "さいご ひとわく").await;
        let first = consultation_opening_a_case(&app, &coordinator, "同時 甲", "どうじ こう").await;
        let second = consultation_opening_a_case(&app, &coordinator, "同時 乙", "どうじ おつ").await;
        let (a, b) = tokio::join!(
            appoint_alone(&app, &coordinator, &first, &volunteer, ""),
            appoint_alone(&app, &coordinator, &second, &volunteer, ""),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY], "{} / {}", a.body, b.body);
        let refused = if a.status == StatusCode::OK { &b } else { &a };
        assert_eq!(problem_code(&refused.body, "capacity_override_reason").as_deref(), Some("capacity_exceeded"));
        let detail = app.call_with(Some(&coordinator), "/api/guardians/get", &[("id", &volunteer)]).await;
        assert_eq!(json(&detail.body)["active"], 1);
    }
}

db_test! {
    async fn an_administrator_links_a_guardian_account_by_the_register_number(app) {
        use app::server::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let entry = register(
            &app,
            &coordinator,
            &[
                ("kind", "citizen"),
                ("name", "口座 一"),
                ("name_kana", "こうざ はじめ"),
                ("registration", "registered"),
                ("registration_number", "C-9001"),
            ],
        )
        .await;
        let entry: String = serde_json::from_str(&entry.body).unwrap();
        let admin = app.signed_in_as(Role::Admin).await;
        let account = app.create_user("kouza-guardian", Role::Guardian).await;
        let other = app.create_user("other-guardian", Role::Guardian).await;
        let link = |id: uuid::Uuid, number: &'static str| {
            let app = &app;
            let admin = &admin;
            async move {
                let version = user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().version.to_string();
                app.call_with(
                    Some(admin),
                    "/api/admin/users/update",
                    &[
                        ("id", id.to_string().as_str()),
                        ("version", version.as_str()),
                        ("display_name", "口座 一"),
                        ("role", "guardian"),
                        ("office_code", ""),
                        ("guardian_number", number),
                    ],
                )
                .await
            }
        };
        let unknown = link(account, "C-0000").await;
        assert_eq!(problem_code(&unknown.body, "guardian_number").as_deref(), Some("unknown_guardian_number"));
        let linked = link(account, "C-9001").await;
        assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
        let taken = link(other, "C-9001").await;
        assert_eq!(problem_code(&taken.body, "guardian_number").as_deref(), Some("guardian_number_taken"));
        let stored = user::Entity::find().filter(user::Column::LoginId.eq("kouza-guardian")).one(&app.db).await.unwrap().unwrap();
        assert_eq!(stored.guardian_id.map(|id| id.to_string()), Some(entry.clone()));
        let detail = app.call_with(Some(&coordinator), "/api/guardians/get", &[("id", &entry)]).await;
        assert_eq!(json(&detail.body)["account_login_id"], "kouza-guardian");
        let admin_view = app.call_with(Some(&admin), "/api/admin/user", &[("id", &account.to_string())]).await;
        assert_eq!(json(&admin_view.body)["guardian_number"], "C-9001");
        // The administrator links accounts but does not read the register.
        let register_list = app.call_with(Some(&admin), "/api/guardians/list", &[("query", "")]).await;
        assert_eq!(register_list.status, StatusCode::FORBIDDEN);
    }
}

db_test! {
    async fn deadlines_follow_the_appointments_and_are_marked_done_under_a_version_check(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "期限 守", "きげん まもる").await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "報告 花", "ほうこく はな").await;
        assert_eq!(appoint_alone(&app, &coordinator, &case_id, &volunteer, "").await.status, StatusCode::OK);
        let response = app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &case_id)]).await;
        let rows = json(&response.body)["rows"].as_array().unwrap().clone();
        // Decided 2 March, in effect 20 March 2026: the inventory by 20 April (a Monday), then
        // a yearly report at the end of April (the month after the decision's month).
        let inventory = rows.iter().find(|r| r["kind"] == "Inventory").expect("an inventory");
        assert_eq!(inventory["due_on"], "2026-04-20");
        assert!(inventory["status"].get("Overdue").is_some(), "{inventory}");
        let reports: Vec<&str> = rows.iter().filter(|r| r["kind"] == "PeriodicReport").map(|r| r["due_on"].as_str().unwrap()).collect();
        assert_eq!(reports.first().copied(), Some("2027-04-30"));

        // The list across cases shows it among the overdue ones, to this office only.
        let overdue = app.call_with(Some(&coordinator), "/api/deadlines/list", &[("query", "due=overdue")]).await;
        assert_eq!(overdue.status, StatusCode::OK, "{}", overdue.body);
        let overdue = json(&overdue.body);
        assert_eq!(overdue["total"], 1, "{overdue}");
        assert_eq!(overdue["rows"][0]["kind"], "Inventory");
        assert_eq!(overdue["rows"][0]["guardian"], "期限\u{3000}守");
        let id = inventory["id"].as_str().unwrap().to_owned();
        let done = app
            .call_with(Some(&coordinator), "/api/deadlines/update", &[("id", &id), ("version", "1"), ("done_on", "2026-04-17"), ("done_note", "郵送")])
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let stale = app
            .call_with(Some(&coordinator), "/api/deadlines/update", &[("id", &id), ("version", "1"), ("extended_to", "2026-06-30")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);

        // Ending the appointment: the settlement is owed two months later; reports after the
        // end go; the inventory done stays as it was.
        let roster = panel(&app, &coordinator, &case_id).await;
        let appointment = roster["active"][0]["id"].as_str().unwrap().to_owned();
        let version = case_version(&app, &coordinator, &case_id).await;
        let ended = app
            .call_with(
                Some(&coordinator),
                "/api/appointments/end",
                &[("case_id", case_id.as_str()), ("version", version.as_str()), ("appointment_id", appointment.as_str()), ("ended_on", "2026-10-31"), ("end_reason", "person_died")],
            )
            .await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let response = app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &case_id)]).await;
        let rows = json(&response.body)["rows"].as_array().unwrap().clone();
        let settlement = rows.iter().find(|r| r["kind"] == "Settlement").expect("a settlement");
        // Two months from 31 October end on 31 December, in the year-end closure: 4 January.
        assert_eq!(settlement["due_on"], "2027-01-04", "{settlement}");
        assert!(rows.iter().all(|r| r["kind"] != "PeriodicReport"), "{rows:?}");
        let inventory = rows.iter().find(|r| r["kind"] == "Inventory").unwrap();
        assert_eq!(inventory["done_on"], "2026-04-17");
        assert_eq!(inventory["done_note"], "郵送");
        assert!(app.audit_actions().await.iter().any(|a| a == "deadline.updated"));

        app.create_user("other-coordinator", Role::Coordinator).await;
        let other = app.sign_in("other-coordinator").await;
        let others = app.call_with(Some(&other), "/api/deadlines/list", &[("query", "due=all")]).await;
        assert_eq!(json(&others.body)["total"], 0);
        let hidden = app.call_with(Some(&other), "/api/deadlines/case", &[("case_id", &case_id)]).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let refused = app.call_with(Some(&other), "/api/deadlines/update", &[("id", &id), ("version", "2"), ("done_on", "2026-04-18")]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
    }
}

db_test! {
    async fn an_appointments_reporting_settings_move_its_deadlines_under_a_version_check(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "設定 守", "せってい まもる").await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "報酬 花", "ほうしゅう はな").await;
        assert_eq!(appoint_alone(&app, &coordinator, &case_id, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(periodic_reports(&app, &coordinator, &case_id).await.first().map(String::as_str), Some("2027-04-30"));
        let roster = panel(&app, &coordinator, &case_id).await;
        let appointment = roster["active"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(roster["active"][0]["reporting"]["fee_petitions"], false);
        let set = |fields: Vec<(&'static str, &'static str)>, session: &Session| {
            let mut all = vec![("appointment_id", appointment.clone())];
            all.extend(fields.into_iter().map(|(k, v)| (k, v.to_owned())));
            let session = session.clone();
            let app = &app;
            async move {
                let fields: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call_with(Some(&session), "/api/appointments/reporting", &fields).await
            }
        };

        // The court set the first report for 30 September and the guardian will ask for fees.
        let saved = set(vec![("version", "1"), ("first_report_on", "2026-09-30"), ("fee_petitions", "on")], &coordinator).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let reports = periodic_reports(&app, &coordinator, &case_id).await;
        assert_eq!(reports.first().map(String::as_str), Some("2026-09-30"), "{reports:?}");
        let rows = json(&app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &case_id)]).await.body)["rows"].clone();
        let fees: Vec<&str> = rows.as_array().unwrap().iter().filter(|r| r["kind"] == "FeePetition").map(|r| r["due_on"].as_str().unwrap()).collect();
        assert_eq!(fees.first().copied(), Some("2026-09-30"), "a fee petition with each report: {rows}");
        let roster = panel(&app, &coordinator, &case_id).await;
        assert_eq!(roster["active"][0]["reporting"]["first_report_on"], "2026-09-30");
        assert_eq!(roster["active"][0]["version"], 2);
        assert!(app.audit_actions().await.iter().any(|a| a == "appointment.reporting_changed"));

        // A form read before that save, a date before the office began: nothing changes.
        let stale = set(vec![("version", "1"), ("first_report_on", "")], &coordinator).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        let early = set(vec![("version", "2"), ("first_report_on", "2026-03-01")], &coordinator).await;
        assert_eq!(problem_code(&early.body, "first_report_on").as_deref(), Some("first_report_before_start"));
        assert_eq!(periodic_reports(&app, &coordinator, &case_id).await, reports);

        // Back to the court's rule: the reports follow it again, the fee petitions go.
        let cleared = set(vec![("version", "2"), ("first_report_on", "")], &coordinator).await;
        assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.body);
        assert_eq!(periodic_reports(&app, &coordinator, &case_id).await.first().map(String::as_str), Some("2027-04-30"));
        let rows = json(&app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &case_id)]).await.body)["rows"].clone();
        assert!(rows.as_array().unwrap().iter().all(|r| r["kind"] != "FeePetition"), "{rows}");

        // Another office does not learn the appointment exists; a manager only reads.
        app.create_user("elsewhere", Role::Coordinator).await;
        let other = app.sign_in("elsewhere").await;
        assert_eq!(set(vec![("version", "3")], &other).await.status, StatusCode::NOT_FOUND);
        let manager = app.signed_in_as(Role::Manager).await;
        assert_eq!(set(vec![("version", "3")], &manager).await.status, StatusCode::FORBIDDEN);
        assert_eq!(panel(&app, &coordinator, &case_id).await["active"][0]["version"], 3);
    }
}

/// Puts a case under a family court (the case form with only that changed).
async fn file_with_court(app: &TestApp, session: &Session, case_id: &str, court: &str) {
    let version = case_version(app, session, case_id).await;
    let saved = app
        .call_with(
            Some(session),
            "/api/cases/update",
            &[
                ("id", case_id),
                ("version", &version),
                ("case_type", "guardianship"),
                ("coordinator_id", ""),
                ("petitioner", ""),
                ("family_court_id", court),
                ("petition_date", ""),
                ("decision_date", ""),
                ("final_date", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
}

pub(crate) async fn periodic_reports(
    app: &TestApp,
    session: &Session,
    case_id: &str,
) -> Vec<String> {
    let response =
        app.call_with(Some(session), "/api/deadlines/case", &[("case_id", case_id)]).await;
    json(&response.body)["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["kind"] == "PeriodicReport")
        .map(|row| row["due_on"].as_str().unwrap().to_owned())
        .collect()
}

db_test! {
    async fn a_courts_report_rule_is_checked_and_moves_the_open_deadlines_of_its_cases(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let save_court = |fields: Vec<(&'static str, String)>| {
            let app = &app;
            let admin = &admin;
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let response = app.call_with(Some(admin), "/api/master/courts/save", &fields).await;
                assert_eq!(response.status, StatusCode::OK, "{}", response.body);
                serde_json::from_str::<String>(&response.body).unwrap()
            }
        };
        let court = save_court(vec![("name", "横浜家庭裁判所".into()), ("sort_order", "1".into())]).await;
        let branch = save_court(vec![("name", "横浜家庭裁判所 相模原支部".into()), ("parent_id", court.clone()), ("sort_order", "2".into())]).await;

        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "規則 守", "きそく まもる").await;
        let other = citizen(&app, &coordinator, "支部 守", "しぶ まもる").await;
        let at_court = consultation_opening_a_case(&app, &coordinator, "本庁 花子", "ほんちょう はなこ").await;
        let at_branch = consultation_opening_a_case(&app, &coordinator, "支部 次郎", "しぶ じろう").await;
        file_with_court(&app, &coordinator, &at_court, &court).await;
        file_with_court(&app, &coordinator, &at_branch, &branch).await;
        assert_eq!(appoint_alone(&app, &coordinator, &at_court, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &at_branch, &other, "").await.status, StatusCode::OK);
        // The centre's default: decided in March 2026, the first report a year on, at the end
        // of the month after the decision's month.
        assert_eq!(periodic_reports(&app, &coordinator, &at_court).await.first().map(String::as_str), Some("2027-04-30"));

        let rule = |version: &str, fields: &[(&'static str, &'static str)]| {
            let mut all = vec![("id", court.clone()), ("version", version.to_owned())];
            all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
            all
        };
        let call = |fields: Vec<(&'static str, String)>| {
            let app = &app;
            let admin = &admin;
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call_with(Some(admin), "/api/master/courts/rule", &fields).await
            }
        };
        let refused = call(rule("1", &[("report_reference", "fixed_month"), ("report_interval_months", "36"), ("report_offset_months", "x")])).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&refused.body, "report_offset_months").as_deref(), Some("offset_range"));
        let refused = call(rule("1", &[("report_reference", "fixed_month"), ("report_interval_months", "36")])).await;
        assert_eq!(problem_code(&refused.body, "report_fixed_month").as_deref(), Some("required"));
        assert_eq!(problem_code(&refused.body, "report_interval_months").as_deref(), Some("months_range"));
        // Nothing refused changed a deadline.
        assert_eq!(periodic_reports(&app, &coordinator, &at_court).await.first().map(String::as_str), Some("2027-04-30"));

        // Yearly in June: the open reports of the court's cases, and of its branch without a
        // rule of its own, move to the end of June at once.
        let june = [("report_reference", "fixed_month"), ("report_fixed_month", "6"), ("report_interval_months", "12")];
        let saved = call(rule("1", &june)).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(periodic_reports(&app, &coordinator, &at_court).await.first().map(String::as_str), Some("2026-06-30"));
        assert_eq!(periodic_reports(&app, &coordinator, &at_branch).await.first().map(String::as_str), Some("2026-06-30"));
        let stale = call(rule("1", &june)).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let courts = json(&app.call_with(Some(&admin), "/api/master/courts", &[]).await.body);
        let row = courts.as_array().unwrap().iter().find(|c| c["id"] == court.as_str()).unwrap().clone();
        assert_eq!(row["report_reference"], "FixedMonth");
        assert_eq!(row["report_fixed_month"], 6);
        // Coordinators do not keep master data.
        let coordinator_try = app.call_with(Some(&coordinator), "/api/master/courts/rule", &[("id", court.as_str()), ("version", "2")]).await;
        assert_eq!(coordinator_try.status, StatusCode::FORBIDDEN);
    }
}

db_test! {
    async fn a_corrected_birthday_moves_the_reports_that_count_from_it(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let court = app.call_with(Some(&admin), "/api/master/courts/save", &[("name", "誕生日家庭裁判所"), ("sort_order", "1")]).await;
        let court: String = serde_json::from_str(&court.body).unwrap();
        let rule = app.call_with(Some(&admin), "/api/master/courts/rule", &[
            ("id", &court), ("version", "1"), ("report_reference", "birthday"), ("report_interval_months", "12"),
        ]).await;
        assert_eq!(rule.status, StatusCode::OK, "{}", rule.body);
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "誕生 守", "たんじょう まもる").await;
        // Born 15 March 1941: the reports fall due at the end of March.
        let case_id = consultation_opening_a_case(&app, &coordinator, "誕生 花子", "たんじょう はなこ").await;
        file_with_court(&app, &coordinator, &case_id, &court).await;
        assert_eq!(appoint_alone(&app, &coordinator, &case_id, &volunteer, "").await.status, StatusCode::OK);
        let before = periodic_reports(&app, &coordinator, &case_id).await;
        assert!(before.first().is_some_and(|due| due.ends_with("-03-31")), "{before:?}");

        // The birthday was typed wrong: 15 July. The open reports follow at once.
        let case = crate::cases::get_case(&app, &coordinator, &case_id).await.1;
        let person = case["person"]["id"].as_str().unwrap().to_owned();
        let page = json(&app.call_with(Some(&coordinator), "/api/persons/get", &[("id", &person)]).await.body);
        let version = page["person"]["version"].as_i64().or(page["version"].as_i64()).unwrap().to_string();
        let updated = app.call_with(Some(&coordinator), "/api/persons/update", &[
            ("id", &person), ("version", &version), ("name", "誕生 花子"), ("name_kana", "たんじょう はなこ"),
            ("date_of_birth", "1941-07-15"),
        ]).await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
        let after = periodic_reports(&app, &coordinator, &case_id).await;
        assert!(after.first().is_some_and(|due| due.ends_with("-07-31")), "{after:?}");
    }
}
