//! Case files through their server functions: intake, the workflow, versions, scoping and the
//! audit trail, on both databases.

use crate::support::{Session, TEST_PASSWORD, TestApp, db_test};
use app::domain::access::Role;
use http::StatusCode;
use serde_json::Value;

pub(crate) fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|error| panic!("JSON expected ({error}): {body}"))
}

/// The fields a validation error names, sorted.
fn problem_fields(body: &str) -> Vec<String> {
    let mut fields: Vec<String> = json(body)["Validation"]
        .as_array()
        .unwrap_or_else(|| panic!("a validation error expected: {body}"))
        .iter()
        .map(|problem| problem["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    fields.sort();
    fields
}

pub(crate) fn problem_code(body: &str, field: &str) -> Option<String> {
    json(body)["Validation"]
        .as_array()?
        .iter()
        .find(|p| p["field"] == field)
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
}

/// A consultation about a new person, with an abuse flag reported to the city, that starts
/// support; returns the case id.
pub(crate) async fn consultation_opening_a_case(
    app: &TestApp,
    coordinator: &Session,
    name: &str,
    kana: &str,
) -> String {
    let response = app
        .call_with(
            Some(coordinator),
            "/api/intake/record",
            &[
                ("received_at", "2026-01-05T10:30"),
                ("channel", "phone"),
                ("consultant", "care_manager"),
                ("summary", "通帳の管理ができず、親族による使い込みが疑われる"),
                ("urgency", "high"),
                ("flags[]", "abuse"),
                ("abuse_reported", "true"),
                ("abuse_reported_on", "2026-01-05"),
                ("abuse_response", "高齢者支援課が訪問予定"),
                ("outcome", "support_started"),
                ("person_mode", "new"),
                ("name", name),
                ("name_kana", kana),
                ("date_of_birth", "1941-03-15"),
                ("sex", "female"),
                ("living_situation", "home"),
                ("condition", "dementia"),
                ("case_type", "guardianship"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let recorded = json(&response.body);
    assert_eq!(recorded["case_opened"], true);
    recorded["case_id"].as_str().expect("a case").to_owned()
}

pub(crate) async fn get_case(app: &TestApp, session: &Session, id: &str) -> (StatusCode, Value) {
    let response = app.call_with(Some(session), "/api/cases/get", &[("id", id)]).await;
    let value = if response.status == StatusCode::OK { json(&response.body) } else { Value::Null };
    (response.status, value)
}

pub(crate) fn version_of(case: &Value) -> String {
    case["version"].as_i64().expect("a version").to_string()
}

/// The case form with petition data; dates as given.
async fn save_petition(
    app: &TestApp,
    session: &Session,
    id: &str,
    version: &str,
    petition_date: &str,
    notes: &str,
) -> crate::support::TestResponse {
    app.call_with(
        Some(session),
        "/api/cases/update",
        &[
            ("id", id),
            ("version", version),
            ("case_type", "guardianship"),
            ("coordinator_id", ""),
            ("petitioner", "mayor"),
            ("motives[]", "savings_management"),
            ("motives[]", "care_insurance_contract"),
            ("family_court_id", ""),
            ("petition_date", petition_date),
            ("decision_date", ""),
            ("final_date", ""),
            ("notes", notes),
        ],
    )
    .await
}

async fn move_case(
    app: &TestApp,
    session: &Session,
    id: &str,
    version: &str,
    to: &str,
) -> crate::support::TestResponse {
    app.call_with(
        Some(session),
        "/api/cases/move",
        &[("id", id), ("version", version), ("to", to), ("comment", "ケース会議で決定")],
    )
    .await
}

db_test! {
    async fn a_consultation_that_starts_support_opens_a_case_with_its_timeline(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "山田 花子", "やまだ はなこ").await;
        let (status, case) = get_case(&app, &coordinator, &case_id).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(case["stage"], "Consultation");
        assert_eq!(case["person"]["name"], "山田\u{3000}花子");
        assert_eq!(case["person"]["name_kana"], "ヤマダ\u{3000}ハナコ", "kana is stored as katakana");
        assert!(case["case_number"].as_str().unwrap().starts_with(&format!("{}-", chrono::Utc::now().format("%Y"))));
        let timeline = case["timeline"].as_array().unwrap();
        assert_eq!(timeline.len(), 2, "the consultation and the opening: {timeline:?}");
        let consultation = timeline.iter().find(|e| e["kind"].get("Consultation").is_some()).unwrap();
        assert_eq!(consultation["kind"]["Consultation"]["flags"], serde_json::json!(["Abuse"]));
        let actions = app.audit_actions().await;
        for action in ["person.registered", "case.opened", "consultation.recorded", "case_file.read"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }
}

db_test! {
    async fn a_consultation_with_bad_input_names_every_field_and_changes_nothing(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let before = app.audit_actions().await.len();
        let response = app
            .call_with(
                Some(&coordinator),
                "/api/intake/record",
                &[
                    ("received_at", "not a time"),
                    ("channel", "phone"),
                    ("consultant", "relative"),
                    ("summary", "相談"),
                    ("urgency", "low"),
                    ("abuse_reported", "true"),
                    ("outcome", "support_started"),
                    ("person_mode", "new"),
                    ("name", "佐藤 一郎"),
                    ("name_kana", "佐藤"),
                    ("date_of_birth", "2999-01-01"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            problem_fields(&response.body),
            ["date_of_birth", "name_kana", "received_at"],
        );
        assert_eq!(problem_code(&response.body, "name_kana").as_deref(), Some("kana_only"));
        // The rules that need the whole consultation come after the fields are readable.
        let response = app
            .call_with(
                Some(&coordinator),
                "/api/intake/record",
                &[
                    ("received_at", "2026-01-05T10:30"),
                    ("channel", "phone"),
                    ("consultant", "relative"),
                    ("summary", " "),
                    ("urgency", "low"),
                    ("abuse_reported", "true"),
                    ("outcome", "support_started"),
                    ("person_mode", "anonymous"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            problem_fields(&response.body),
            ["abuse_reported", "abuse_reported_on", "person", "summary"],
        );
        assert_eq!(app.audit_actions().await.len(), before, "nothing was written");
    }
}

db_test! {
    async fn the_workflow_refuses_a_move_with_the_rule_and_records_every_allowed_one(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "鈴木 次郎", "すずき じろう").await;
        let (_, case) = get_case(&app, &coordinator, &id).await;
        // 相談 → 審判待ち is not a step of the work.
        let refused = move_case(&app, &coordinator, &id, &version_of(&case), "awaiting_decision").await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&refused.body, "to").as_deref(), Some("stage_not_allowed"));
        let mut version = version_of(&case);
        for stage in ["assessment", "petition_support"] {
            let moved = move_case(&app, &coordinator, &id, &version, stage).await;
            assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
            version = moved.body.trim().to_owned();
        }
        // 審判待ち needs the petition date.
        let refused = move_case(&app, &coordinator, &id, &version, "awaiting_decision").await;
        assert_eq!(problem_code(&refused.body, "petition_date").as_deref(), Some("petition_date_required"));
        let saved = save_petition(&app, &coordinator, &id, &version, "2026-02-01", "").await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let moved = move_case(&app, &coordinator, &id, saved.body.trim(), "awaiting_decision").await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
        let (_, case) = get_case(&app, &coordinator, &id).await;
        assert_eq!(case["stage"], "AwaitingDecision");
        assert_eq!(case["fields"]["petitioner"], "Mayor");
        assert_eq!(case["fields"]["motives"], serde_json::json!(["SavingsManagement", "CareInsuranceContract"]));
        let moves: Vec<&Value> = case["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["kind"].get("StageMoved").is_some())
            .collect();
        assert_eq!(moves.len(), 3);
        assert_eq!(moves[0]["comment"], "ケース会議で決定");
        assert!(moves.iter().all(|entry| entry["actor"] == "テスト test-coordinator"));
        // Dates out of order are refused at the form.
        let refused = app
            .call_with(
                Some(&coordinator),
                "/api/cases/update",
                &[
                    ("id", id.as_str()),
                    ("version", &version_of(&case)),
                    ("case_type", "guardianship"),
                    ("coordinator_id", ""),
                    ("petitioner", "mayor"),
                    ("family_court_id", ""),
                    ("petition_date", "2026-02-01"),
                    ("decision_date", "2026-01-01"),
                    ("final_date", ""),
                ],
            )
            .await;
        assert_eq!(problem_code(&refused.body, "dates").as_deref(), Some("dates_out_of_order"));
    }
}

db_test! {
    async fn a_save_based_on_an_old_version_is_a_conflict_and_changes_nothing(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "高橋 三郎", "たかはし さぶろう").await;
        let (_, case) = get_case(&app, &coordinator, &id).await;
        let first = save_petition(&app, &coordinator, &id, &version_of(&case), "", "最初の保存").await;
        assert_eq!(first.status, StatusCode::OK);
        let second = save_petition(&app, &coordinator, &id, &version_of(&case), "", "古い版からの保存").await;
        assert_eq!(second.status, StatusCode::CONFLICT);
        assert_eq!(json(&second.body), serde_json::json!("Conflict"));
        let (_, after) = get_case(&app, &coordinator, &id).await;
        assert_eq!(after["fields"]["notes"], "最初の保存");
        assert_eq!(after["updated_by"], "テスト test-coordinator");
    }
}

db_test! {
    async fn coordinators_reach_their_own_offices_cases_and_managers_read_all(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "伊藤 四郎", "いとう しろう").await;
        let (status, _) = get_case(&app, &coordinator, &id).await;
        assert_eq!(status, StatusCode::OK);
        app.create_user("other-coordinator", Role::Coordinator).await;
        let other = app.sign_in("other-coordinator").await;
        let (status, _) = get_case(&app, &other, &id).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another office's case does not exist for them");
        let list = app.call_with(Some(&other), "/api/cases/list", &[("query", "")]).await;
        assert_eq!(json(&list.body)["total"], 0);
        let moved = move_case(&app, &other, &id, "1", "assessment").await;
        assert_eq!(moved.status, StatusCode::NOT_FOUND);

        let manager = app.signed_in_as(Role::Manager).await;
        let (status, case) = get_case(&app, &manager, &id).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(case["can_edit"], false);
        let moved = move_case(&app, &manager, &id, &version_of(&case), "assessment").await;
        assert_eq!(moved.status, StatusCode::FORBIDDEN);

        let admin = app.signed_in_as(Role::Admin).await;
        let (status, _) = get_case(&app, &admin, &id).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "administrators do not read case files");

        // Every opening of the file is in the trail, by whom.
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use app::server::entities::audit_entry;
        let reads = audit_entry::Entity::find()
            .filter(audit_entry::Column::Action.eq("case_file.read"))
            .all(&app.db)
            .await
            .unwrap();
        let mut roles: Vec<_> = reads.iter().filter_map(|r| r.actor_role.clone()).collect();
        roles.sort();
        assert_eq!(roles, ["coordinator", "manager"]);
    }
}

db_test! {
    async fn the_list_finds_a_person_by_kana_in_any_width_and_filters_by_flag(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        consultation_opening_a_case(&app, &coordinator, "渡辺 美代", "わたなべ みよ").await;
        consultation_opening_a_case(&app, &coordinator, "中村 健", "なかむら けん").await;
        for (query, expected) in [
            ("q=%EF%BE%9C%EF%BE%80%EF%BE%85%EF%BE%8D%EF%BE%9E", 1), // ﾜﾀﾅﾍﾞ
            ("q=%E6%B8%A1%E8%BE%BA", 1),                             // 渡辺
            ("q=%E3%81%AA%E3%81%8B%E3%82%80%E3%82%89", 1),           // なかむら
            ("flag=abuse", 2),
            ("flag=consumer_fraud", 0),
            ("stage=consultation&sort=kana", 2),
            ("stage=closed", 0),
        ] {
            let list = app.call_with(Some(&coordinator), "/api/cases/list", &[("query", query)]).await;
            assert_eq!(list.status, StatusCode::OK, "{}", list.body);
            assert_eq!(json(&list.body)["total"], expected, "{query}");
        }
        let sorted = app.call_with(Some(&coordinator), "/api/cases/list", &[("query", "sort=kana")]).await;
        let names: Vec<String> = json(&sorted.body)["rows"].as_array().unwrap().iter()
            .map(|row| row["person_kana"].as_str().unwrap().to_owned()).collect();
        assert_eq!(names, ["ナカムラ\u{3000}ケン", "ワタナベ\u{3000}ミヨ"]);
    }
}

db_test! {
    async fn cases_are_reassigned_in_bulk_and_duplicates_merged_with_their_records(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let first = consultation_opening_a_case(&app, &coordinator, "小林 五郎", "こばやし ごろう").await;
        let second = consultation_opening_a_case(&app, &coordinator, "小林 五郎", "こばやし ごろう").await;
        // A colleague of the same office covers during leave.
        let request = app::server::accounts::AccountRequest {
            login_id: "colleague".to_owned(),
            display_name: "同僚".to_owned(),
            role: Role::Coordinator,
            office_code: Some("office-test-coordinator".to_owned()),
            password: TEST_PASSWORD.to_owned(),
            must_change_password: false,
        };
        let colleague = app::server::accounts::create_account(&app.db, app.clock.now(), None, &Default::default(), request)
            .await
            .unwrap();
        let response = app
            .call_with(
                Some(&coordinator),
                "/api/cases/reassign",
                &[("case_ids[]", &first), ("case_ids[]", &second), ("coordinator_id", &colleague.to_string())],
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert_eq!(response.body.trim(), "2");
        let (_, case) = get_case(&app, &coordinator, &first).await;
        assert_eq!(case["coordinator_name"], "同僚");

        let (_, second_case) = get_case(&app, &coordinator, &second).await;
        let duplicate = second_case["person"]["id"].as_str().unwrap().to_owned();
        let keep = case["person"]["id"].as_str().unwrap().to_owned();
        // One open case per person: the duplicate's case is closed first.
        let refused = app
            .call_with(Some(&coordinator), "/api/persons/merge", &[("duplicate_id", &duplicate), ("keep_id", &keep)])
            .await;
        assert_eq!(problem_code(&refused.body, "duplicate_id").as_deref(), Some("both_have_open_cases"));
        let closed = app
            .call_with(
                Some(&coordinator),
                "/api/cases/move",
                &[
                    ("id", second.as_str()),
                    ("version", &version_of(&second_case)),
                    ("to", "closed"),
                    ("termination_reason", "other"),
                    ("termination_date", "2026-01-06"),
                ],
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let merged = app
            .call_with(Some(&coordinator), "/api/persons/merge", &[("duplicate_id", &duplicate), ("keep_id", &keep)])
            .await;
        assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
        let (_, second_case) = get_case(&app, &coordinator, &second).await;
        assert_eq!(second_case["person"]["id"], keep.as_str(), "the case moved to the kept record");
        let found = app.call_with(Some(&coordinator), "/api/persons/search", &[("text", "こばやし")]).await;
        assert_eq!(json(&found.body).as_array().unwrap().len(), 1, "the duplicate is hidden");
        assert!(app.audit_actions().await.iter().any(|a| a == "person.merged"));
    }
}

db_test! {
    async fn administrators_keep_the_master_data_and_coordinators_use_it(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let created = app
            .call_with(Some(&admin), "/api/master/districts/create", &[("code", "midori"), ("name", "緑区"), ("sort_order", "1")])
            .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        let taken = app
            .call_with(Some(&admin), "/api/master/districts/create", &[("code", "midori"), ("name", "緑区"), ("sort_order", "2")])
            .await;
        assert_eq!(problem_code(&taken.body, "code").as_deref(), Some("office_code_taken"));
        let court = app
            .call_with(Some(&admin), "/api/master/courts/save", &[("name", "横浜家庭裁判所"), ("sort_order", "1")])
            .await;
        assert_eq!(court.status, StatusCode::OK, "{}", court.body);
        let main: String = serde_json::from_str(&court.body).unwrap();
        let branch = app
            .call_with(Some(&admin), "/api/master/courts/save", &[("name", "横浜家庭裁判所相模原支部"), ("parent_id", &main), ("sort_order", "2")])
            .await;
        assert_eq!(branch.status, StatusCode::OK, "{}", branch.body);

        // Courts have two levels: one with branches cannot become a branch itself.
        let other = app
            .call_with(Some(&admin), "/api/master/courts/save", &[("name", "東京家庭裁判所"), ("sort_order", "3")])
            .await;
        let other: String = serde_json::from_str(&other.body).unwrap();
        let nested = app
            .call_with(
                Some(&admin),
                "/api/master/courts/save",
                &[("id", &main), ("version", "1"), ("name", "横浜家庭裁判所"), ("parent_id", &other), ("sort_order", "1"), ("active", "true")],
            )
            .await;
        assert_eq!(problem_code(&nested.body, "parent_id").as_deref(), Some("court_has_branches"));

        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let options = app.call(Some(&coordinator), "/api/intake/options").await;
        assert_eq!(json(&options.body)[0]["name"], "緑区");

        // A retired district is no longer offered or accepted for a new record.
        let district: String = serde_json::from_str(&created.body).unwrap();
        let retired = app
            .call_with(
                Some(&admin),
                "/api/master/districts/update",
                &[("id", &district), ("version", "1"), ("name", "緑区"), ("sort_order", "1"), ("active", "false")],
            )
            .await;
        assert_eq!(retired.status, StatusCode::OK, "{}", retired.body);
        let refused = app
            .call_with(
                Some(&coordinator),
                "/api/intake/record",
                &[
                    ("received_at", "2026-01-07T14:00"),
                    ("channel", "visit"),
                    ("consultant", "person"),
                    ("summary", "制度の説明を希望"),
                    ("urgency", "low"),
                    ("outcome", "information_only"),
                    ("person_mode", "new"),
                    ("name", "緑 一"),
                    ("name_kana", "みどり はじめ"),
                    ("district_id", &district),
                ],
            )
            .await;
        assert_eq!(problem_code(&refused.body, "district_id").as_deref(), Some("invalid"));
        let forbidden = app
            .call_with(Some(&coordinator), "/api/master/districts/create", &[("code", "chuo"), ("name", "中央区"), ("sort_order", "2")])
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "master_data.created").count(), 4);
    }
}

db_test! {
    async fn the_centre_may_let_coordinators_read_every_office_but_change_only_their_own(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "加藤 六郎", "かとう ろくろう").await;
        app.create_user("other-coordinator", Role::Coordinator).await;
        let other = app.sign_in("other-coordinator").await;
        // Read once before, so the setting and the list are what the server may have kept.
        let before = app.call_with(Some(&other), "/api/cases/list", &[("query", "")]).await;
        assert_eq!(json(&before.body)["total"], 0);
        let admin = app.signed_in_as(Role::Admin).await;
        let turned_on = app
            .call_with(Some(&admin), "/api/admin/settings/case_visibility/set", &[("enabled", "true"), ("version", "0")])
            .await;
        assert_eq!(turned_on.status, StatusCode::OK, "{}", turned_on.body);

        let (status, case) = get_case(&app, &other, &id).await;
        assert_eq!(status, StatusCode::OK, "read across offices");
        assert_eq!(case["can_edit"], false);
        let list = app.call_with(Some(&other), "/api/cases/list", &[("query", "")]).await;
        assert_eq!(json(&list.body)["total"], 1);
        let moved = move_case(&app, &other, &id, &version_of(&case), "assessment").await;
        assert_eq!(moved.status, StatusCode::FORBIDDEN, "but change only their own office's");
        let (_, unchanged) = get_case(&app, &coordinator, &id).await;
        assert_eq!(unchanged["stage"], "Consultation");
    }
}

db_test! {
    async fn a_consultation_is_corrected_under_its_version_and_its_reading_is_audited(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "山本 七子", "やまもと ななこ").await;
        let (_, case) = get_case(&app, &coordinator, &case_id).await;
        let log = app.call_with(Some(&coordinator), "/api/intake/log", &[("page", "1"), ("flag", "abuse")]).await;
        let id = json(&log.body)["rows"][0]["id"].as_str().unwrap().to_owned();
        let detail = app.call_with(Some(&coordinator), "/api/intake/get", &[("id", &id)]).await;
        let detail = json(&detail.body);
        assert_eq!(detail["received_at_local"], "2026-01-05T10:30");
        assert_eq!(detail["person_name"], case["person"]["name"]);
        let correct = |version: &'static str, summary: &'static str, flag: &'static str| {
            let id = id.clone();
            let coordinator = coordinator.clone();
            let app = &app;
            async move {
                app.call_with(
                    Some(&coordinator),
                    "/api/intake/update",
                    &[
                        ("id", id.as_str()),
                        ("version", version),
                        ("received_at", "2026-01-05T09:15"),
                        ("channel", "visit"),
                        ("consultant", "relative"),
                        ("summary", summary),
                        ("urgency", "medium"),
                        ("flags[]", flag),
                    ],
                )
                .await
            }
        };
        let refused = correct("1", "", "consumer_fraud").await;
        assert_eq!(problem_fields(&refused.body), ["summary"]);
        let saved = correct("1", "来所にて再度相談", "consumer_fraud").await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        assert_eq!(saved.body.trim(), "2");
        let stale = correct("1", "古い版からの修正", "consumer_fraud").await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let list = app.call_with(Some(&coordinator), "/api/cases/list", &[("query", "flag=consumer_fraud")]).await;
        assert_eq!(json(&list.body)["total"], 1, "the corrected flag filters the list");
        let actions = app.audit_actions().await;
        assert!(actions.iter().any(|a| a == "consultation.updated"));
        assert!(actions.iter().filter(|a| *a == "case_file.read").count() >= 2);
    }
}

db_test! {
    async fn concurrent_openings_get_distinct_case_numbers_and_closed_cases_stay_closed(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let (first, second, third) = tokio::join!(
            consultation_opening_a_case(&app, &coordinator, "同時 一", "どうじ いち"),
            consultation_opening_a_case(&app, &coordinator, "同時 二", "どうじ に"),
            consultation_opening_a_case(&app, &coordinator, "同時 三", "どうじ さん"),
        );
        let mut numbers = Vec::new();
        for id in [&first, &second, &third] {
            let (_, case) = get_case(&app, &coordinator, id).await;
            numbers.push(case["case_number"].as_str().unwrap().to_owned());
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 3, "{numbers:?}");

        // Close the first; nothing about it changes afterwards.
        let (_, case) = get_case(&app, &coordinator, &first).await;
        let closed = app
            .call_with(
                Some(&coordinator),
                "/api/cases/move",
                &[
                    ("id", first.as_str()),
                    ("version", &version_of(&case)),
                    ("to", "closed"),
                    ("termination_reason", "consultation_only"),
                    ("termination_date", "2026-01-06"),
                ],
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let (_, case) = get_case(&app, &coordinator, &first).await;
        assert_eq!(case["can_edit"], false);
        let refused = save_petition(&app, &coordinator, &first, &version_of(&case), "", "終了後のメモ").await;
        assert_eq!(problem_code(&refused.body, "stage").as_deref(), Some("case_closed"));
        let reassign = app
            .call_with(Some(&coordinator), "/api/cases/reassign", &[("case_ids[]", first.as_str()), ("coordinator_id", "")])
            .await;
        assert_eq!(reassign.status, StatusCode::UNPROCESSABLE_ENTITY);

        // A page far past the end is empty, not an error.
        let far = app
            .call_with(Some(&coordinator), "/api/cases/list", &[("query", "page=18446744073709551615&closed=1")])
            .await;
        assert_eq!(far.status, StatusCode::OK, "{}", far.body);
        assert_eq!(json(&far.body)["rows"], serde_json::json!([]));
        assert_eq!(json(&far.body)["total"], 3);
        let log = app.call_with(Some(&coordinator), "/api/intake/log", &[("page", "18446744073709551615"), ("flag", "")]).await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    }
}

db_test! {
    async fn a_voluntary_guardianship_contract_is_tracked_before_any_petition(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "森 八重", "もり やえ").await;
        let (_, case) = get_case(&app, &coordinator, &id).await;
        let saved = app
            .call_with(
                Some(&coordinator),
                "/api/cases/update",
                &[
                    ("id", id.as_str()),
                    ("version", &version_of(&case)),
                    ("case_type", "voluntary"),
                    ("coordinator_id", ""),
                    ("petitioner", ""),
                    ("family_court_id", ""),
                    ("petition_date", ""),
                    ("decision_date", ""),
                    ("final_date", ""),
                    ("contract_date", "2025-10-01"),
                    ("notary_office", "相模原公証役場"),
                    ("mandatary_name", "森 一郎"),
                    ("check_in_interval_months", "3"),
                    ("last_check_in_on", "2026-01-04"),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let (_, case) = get_case(&app, &coordinator, &id).await;
        assert_eq!(case["fields"]["case_type"], "Voluntary");
        assert_eq!(case["fields"]["contract_date"], "2025-10-01");
        assert_eq!(case["fields"]["mandatary_name"], "森 一郎");
        assert_eq!(case["fields"]["check_in_interval_months"], 3);
        assert_eq!(case["fields"]["petition_date"], Value::Null, "no petition yet");
        let refused = app
            .call_with(
                Some(&coordinator),
                "/api/cases/update",
                &[
                    ("id", id.as_str()),
                    ("version", &version_of(&case)),
                    ("case_type", "voluntary"),
                    ("coordinator_id", ""),
                    ("petitioner", ""),
                    ("family_court_id", ""),
                    ("petition_date", ""),
                    ("decision_date", ""),
                    ("final_date", ""),
                    ("check_in_interval_months", "0"),
                ],
            )
            .await;
        assert_eq!(problem_code(&refused.body, "check_in_interval_months").as_deref(), Some("months_range"));
        let muddled = app
            .call_with(
                Some(&coordinator),
                "/api/cases/update",
                &[
                    ("id", id.as_str()),
                    ("version", &version_of(&case)),
                    ("case_type", "voluntary"),
                    ("coordinator_id", ""),
                    ("petitioner", ""),
                    ("family_court_id", ""),
                    ("petition_date", ""),
                    ("decision_date", ""),
                    ("final_date", ""),
                    ("contract_date", "2025-10-01"),
                    ("supervisor_appointed_on", "2025-09-30"),
                    ("last_check_in_on", "2099-01-01"),
                ],
            )
            .await;
        assert_eq!(problem_fields(&muddled.body), ["last_check_in_on", "supervisor_appointed_on"]);
        assert_eq!(problem_code(&muddled.body, "supervisor_appointed_on").as_deref(), Some("before_contract"));
        assert_eq!(problem_code(&muddled.body, "last_check_in_on").as_deref(), Some("date_in_future"));
    }
}

db_test! {
    async fn a_contact_removed_from_the_team_stays_on_record_as_removed(app) {
        use app::server::entities::{person_contact, user};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "岡 和子", "おか かずこ").await;
        let (_, case) = get_case(&app, &coordinator, &case_id).await;
        let person_id = case["person"]["id"].as_str().unwrap().to_owned();
        let added = app
            .call_with(
                Some(&coordinator),
                "/api/persons/contacts/add",
                &[("person_id", &person_id), ("kind", "relative"), ("name", "岡 一郎"), ("relation", "長男")],
            )
            .await;
        assert_eq!(added.status, StatusCode::OK, "{}", added.body);
        let contact: String = serde_json::from_str(&added.body).unwrap();
        let removed = app.call_with(Some(&coordinator), "/api/persons/contacts/remove", &[("id", &contact)]).await;
        assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
        let again = app.call_with(Some(&coordinator), "/api/persons/contacts/remove", &[("id", &contact)]).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "a removed contact is not removed twice");
        let page = app.call_with(Some(&coordinator), "/api/persons/get", &[("id", &person_id)]).await;
        assert_eq!(json(&page.body)["person"]["contacts"], serde_json::json!([]));
        let kept = person_contact::Entity::find_by_id(contact.parse::<uuid::Uuid>().unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .expect("the row stays");
        assert!(kept.removed_at.is_some());
        let remover = user::Entity::find()
            .filter(user::Column::LoginId.eq("test-coordinator"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.removed_by, Some(remover.id));
        assert!(app.audit_actions().await.iter().any(|a| a == "contact.removed"));
    }
}

db_test! {
    async fn the_database_keeps_one_open_case_per_person(app) {
        use app::server::entities::case;
        use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "池田 九", "いけだ きゅう").await;
        let existing = case::Entity::find_by_id(id.parse::<uuid::Uuid>().unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let second_open = case::Model {
            id: uuid::Uuid::now_v7(),
            case_number: "1999-0001".to_owned(),
            ..existing.clone()
        };
        let refused = second_open.clone().into_active_model().reset_all().insert(&app.db).await;
        assert!(refused.is_err(), "a second open case for the person is refused");
        let closed_earlier = case::Model {
            stage: "closed".to_owned(),
            termination_reason: Some("other".to_owned()),
            termination_date: Some(existing.opened_on),
            ..second_open
        };
        closed_earlier.into_active_model().reset_all().insert(&app.db).await.expect("closed cases are history");
    }
}

db_test! {
    async fn a_person_without_a_case_has_a_page_that_their_office_edits(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let response = app
            .call_with(
                Some(&coordinator),
                "/api/intake/record",
                &[
                    ("received_at", "2026-01-07T14:00"),
                    ("channel", "visit"),
                    ("consultant", "person"),
                    ("summary", "制度の説明を希望"),
                    ("urgency", "low"),
                    ("outcome", "information_only"),
                    ("person_mode", "new"),
                    ("name", "清水 十子"),
                    ("name_kana", "しみず とおこ"),
                ],
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        assert_eq!(json(&response.body)["case_id"], Value::Null);
        let found = app.call_with(Some(&coordinator), "/api/persons/search", &[("text", "ｼﾐｽﾞ")]).await;
        let id = json(&found.body)[0]["id"].as_str().unwrap().to_owned();
        let page = app.call_with(Some(&coordinator), "/api/persons/get", &[("id", &id)]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let page = json(&page.body);
        assert_eq!(page["can_edit"], true);
        assert_eq!(page["cases"], serde_json::json!([]));
        let updated = app
            .call_with(
                Some(&coordinator),
                "/api/persons/update",
                &[("id", &id), ("version", "1"), ("name", "清水 十子"), ("name_kana", "シミズ トオコ"), ("date_of_birth", "1938-02-03")],
            )
            .await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
        let stale = app
            .call_with(
                Some(&coordinator),
                "/api/persons/update",
                &[("id", &id), ("version", "1"), ("name", "清水 十子"), ("name_kana", "シミズ トオコ")],
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);

        app.create_user("other-coordinator", Role::Coordinator).await;
        let other = app.sign_in("other-coordinator").await;
        let hidden = app.call_with(Some(&other), "/api/persons/get", &[("id", &id)]).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert!(app.audit_actions().await.iter().any(|a| a == "case_file.read"));
    }
}

db_test! {
    async fn two_consultations_starting_support_at_once_share_one_case(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let first = consultation_opening_a_case(&app, &coordinator, "同時 支援", "どうじ しえん").await;
        let (_, case) = get_case(&app, &coordinator, &first).await;
        let person = case["person"]["id"].as_str().unwrap().to_owned();
        // Close the case, so the next consultations have to open a new one (and race to).
        let closed = app
            .call_with(
                Some(&coordinator),
                "/api/cases/move",
                &[("id", first.as_str()), ("version", &version_of(&case)), ("to", "closed"), ("termination_reason", "consultation_only"), ("termination_date", "2026-01-06")],
            )
            .await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let support = || async {
            app.call_with(
                Some(&coordinator),
                "/api/intake/record",
                &[
                    ("received_at", "2026-02-01T10:00"),
                    ("channel", "phone"),
                    ("consultant", "relative"),
                    ("summary", "再度の相談"),
                    ("urgency", "medium"),
                    ("outcome", "support_started"),
                    ("person_mode", "known"),
                    ("person_id", person.as_str()),
                    ("case_type", "guardianship"),
                ],
            )
            .await
        };
        let (a, b) = tokio::join!(support(), support());
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(b.status, StatusCode::OK, "{}", b.body);
        let (a, b) = (json(&a.body), json(&b.body));
        assert_eq!(a["case_id"], b["case_id"], "both joined one open case");
        assert_ne!(a["case_id"], Value::String(first.clone()));
        assert_eq!([a["case_opened"].as_bool(), b["case_opened"].as_bool()].iter().filter(|o| **o == Some(true)).count(), 1);
    }
}

db_test! {
    async fn the_list_offers_the_offices_coordinators_and_districts_within_reach_in_order(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        for (code, name, order) in [("nishi", "西区", "2"), ("kita", "北区", "1")] {
            let created = app
                .call_with(Some(&admin), "/api/master/districts/create", &[("code", code), ("name", name), ("sort_order", order)])
                .await;
            assert_eq!(created.status, StatusCode::OK, "{}", created.body);
        }
        app.create_user("b-coordinator", Role::Coordinator).await;
        app.create_user("a-coordinator", Role::Coordinator).await;
        let coordinator = app.sign_in("b-coordinator").await;
        let manager = app.signed_in_as(Role::Manager).await;
        let app = &app;
        let list_of = |session| async move {
            let list = app.call_with(Some(session), "/api/cases/list", &[("query", "")]).await;
            assert_eq!(list.status, StatusCode::OK, "{}", list.body);
            json(&list.body)
        };
        let values = |list: &serde_json::Value, key: &str, field: &str| -> Vec<String> {
            list[key].as_array().unwrap().iter().map(|c| c[field].as_str().unwrap().to_owned()).collect()
        };

        let everything = list_of(&manager).await;
        assert_eq!(values(&everything, "coordinators", "name"), ["テスト a-coordinator", "テスト b-coordinator"]);
        assert_eq!(values(&everything, "districts", "name"), ["北区", "西区"]);
        let offices: Vec<String> = app::server::offices::list_active(&app.db).await.unwrap()
            .into_iter().map(|office| office.id.to_string()).collect();
        assert_eq!(values(&everything, "offices", "id"), offices, "in the offices' own order");

        let own = list_of(&coordinator).await;
        assert_eq!(values(&own, "coordinators", "name"), ["テスト b-coordinator"]);
        assert_eq!(own["offices"].as_array().unwrap().len(), 1);
        assert_eq!(values(&own, "districts", "name"), ["北区", "西区"]);
    }
}

db_test! {
    async fn the_case_list_shows_a_write_by_another_server_at_the_next_request(app) {
        use app::server::entities::case;
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let id = consultation_opening_a_case(&app, &coordinator, "木村 七郎", "きむら しちろう").await;
        let list = || app.call_with(Some(&coordinator), "/api/cases/list", &[("query", "")]);
        let first = list().await;
        assert_eq!(json(&first.body)["total"], 1);
        let page = app.get_as(&coordinator, "/cases").await;
        assert!(page.body.contains(r#"<span class="stage">相談</span>"#), "{}", page.body);
        assert_eq!(list().await.body, first.body, "the same page while nothing changed");

        // A second server on the same database moves the case on.
        let other_server = server::database::connect(&app.database_url()).await.unwrap();
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        let mut moved = case::Entity::find_by_id(uuid).one(&other_server).await.unwrap().unwrap().into_active_model();
        moved.stage = Set("assessment".into());
        moved.update(&other_server).await.unwrap();
        let after = json(&list().await.body);
        assert_eq!(after["rows"][0]["stage"], "Assessment", "{after}");
        // The page view too (it reads the data version once, when its session is checked).
        let page = app.get_as(&coordinator, "/cases").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(r#"<span class="stage">アセスメント</span>"#), "{}", page.body);
        // The kept page's rows are written per language.
        let english = app
            .get_with("/cases", &[("cookie", &format!("{}; koken_locale=en", coordinator.cookie))])
            .await;
        assert!(english.body.contains(r#"<span class="stage">Assessment</span>"#), "{}", english.body);
        let page = app.get_as(&coordinator, "/cases").await;
        assert!(page.body.contains(r#"<span class="stage">アセスメント</span>"#), "{}", page.body);

        // The other server closes it: the default list (open cases) no longer has it.
        let mut closed = case::Entity::find_by_id(uuid).one(&other_server).await.unwrap().unwrap().into_active_model();
        closed.stage = Set("closed".into());
        closed.update(&other_server).await.unwrap();
        assert_eq!(json(&list().await.body)["total"], 0);
    }
}
