//! Activity records through their server functions, on both databases: the rules per field,
//! who may log and read them (coordinators, the case's own guardian, not managers), the
//! timeline and the audit trail.

use crate::cases::{consultation_opening_a_case, json, problem_code};
use crate::guardians::{appoint_alone, citizen, panel};
use crate::support::{Session, TestApp, TestResponse, db_test};
use app::domain::access::Role;
use http::StatusCode;

async fn log(
    app: &TestApp,
    session: &Session,
    case_id: &str,
    fields: &[(&str, &str)],
) -> TestResponse {
    let mut all = vec![("case_id", case_id)];
    all.extend_from_slice(fields);
    app.call_with(Some(session), "/api/activities/log", &all).await
}

fn today(app: &TestApp) -> String {
    app::domain::dates::japan_date(app.clock.now()).to_string()
}

async fn activities(app: &TestApp, session: &Session, case_id: &str) -> TestResponse {
    app.call_with(Some(session), "/api/activities/case", &[("case_id", case_id)]).await
}

db_test! {
    async fn coordinators_log_activities_by_the_rules_and_they_join_the_timeline(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let case_id = consultation_opening_a_case(&app, &coordinator, "記録 一郎", "きろく いちろう").await;
        let today = today(&app);

        let blank = log(&app, &coordinator, &case_id, &[("kind", ""), ("occurred_on", "")]).await;
        assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&blank.body, "kind").as_deref(), Some("required"));
        assert_eq!(problem_code(&blank.body, "occurred_on").as_deref(), Some("required"));
        let future = log(&app, &coordinator, &case_id, &[("kind", "visit"), ("occurred_on", "2099-01-01"), ("notes", "訪問")]).await;
        assert_eq!(problem_code(&future.body, "occurred_on").as_deref(), Some("date_in_future"));
        let long_meeting = log(&app, &coordinator, &case_id, &[("kind", "visit"), ("occurred_on", &today), ("notes", "訪問"), ("duration_minutes", "1441")]).await;
        assert_eq!(problem_code(&long_meeting.body, "duration_minutes").as_deref(), Some("duration_out_of_range"));
        let bare_support = log(&app, &coordinator, &case_id, &[("kind", "decision_support"), ("occurred_on", &today), ("notes", "話し合い")]).await;
        assert_eq!(problem_code(&bare_support.body, "wishes").as_deref(), Some("required"));
        assert_eq!(problem_code(&bare_support.body, "decided").as_deref(), Some("required"));
        assert_eq!(problem_code(&bare_support.body, "participants").as_deref(), Some("required"));
        let unnamed = log(&app, &coordinator, &case_id, &[("kind", "rights_response"), ("occurred_on", &today), ("notes", "通報")]).await;
        assert_eq!(problem_code(&unnamed.body, "violation").as_deref(), Some("required"));
        let unknown = log(&app, &coordinator, &case_id, &[("kind", "party"), ("occurred_on", &today), ("notes", "x")]).await;
        assert_eq!(problem_code(&unknown.body, "kind").as_deref(), Some("invalid"));
        // Nothing refused was written.
        assert_eq!(json(&activities(&app, &coordinator, &case_id).await.body)["rows"].as_array().unwrap().len(), 0);

        let saved = log(&app, &coordinator, &case_id, &[
            ("kind", "decision_support"),
            ("occurred_on", &today),
            ("duration_minutes", "60"),
            ("participants", "本人、長女、ケアマネジャー"),
            ("wishes", "自宅で暮らし続けたい"),
            ("options", "訪問介護の追加 / 施設入所"),
            ("decided", "訪問介護を週3回に増やす"),
        ]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let list = json(&activities(&app, &coordinator, &case_id).await.body);
        assert_eq!(list["can_log"], true);
        let row = &list["rows"][0];
        assert_eq!(row["kind"], "DecisionSupport");
        assert_eq!(row["duration_minutes"], 60);
        assert_eq!(row["wishes"], "自宅で暮らし続けたい");
        assert_eq!(row["by_guardian"], false);

        let case = json(&app.call_with(Some(&coordinator), "/api/cases/get", &[("id", &case_id)]).await.body);
        let entry = case["timeline"].as_array().unwrap().iter().find(|e| e["kind"].get("Activity").is_some()).expect("the activity on the timeline");
        assert_eq!(entry["comment"], "訪問介護を週3回に増やす");
        assert!(app.audit_actions().await.iter().any(|a| a == "activity.logged"));

        // Managers read the record and log nothing; another office's coordinator sees no case.
        let manager = app.signed_in_as(Role::Manager).await;
        let read = json(&activities(&app, &manager, &case_id).await.body);
        assert_eq!(read["rows"].as_array().unwrap().len(), 1);
        assert_eq!(read["can_log"], false);
        let refused = log(&app, &manager, &case_id, &[("kind", "visit"), ("occurred_on", &today), ("notes", "x")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        app.create_user("other-office", Role::Coordinator).await;
        let other = app.sign_in("other-office").await;
        assert_eq!(activities(&app, &other, &case_id).await.status, StatusCode::NOT_FOUND);
        let foreign = log(&app, &other, &case_id, &[("kind", "visit"), ("occurred_on", &today), ("notes", "x")]).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    }
}

db_test! {
    async fn a_guardian_logs_on_their_own_cases_only_and_sees_only_their_records(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "訪問 守", "ほうもん まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 太郎", "たにん たろう").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "担当 花子", "たんとう はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);
        let today = today(&app);
        assert_eq!(log(&app, &coordinator, &own_case, &[("kind", "case_meeting"), ("occurred_on", &today), ("notes", "センター内の検討")]).await.status, StatusCode::OK);

        let guardian = app.signed_in_as_guardian("houmon", &volunteer).await;
        let visit = log(&app, &guardian, &own_case, &[("kind", "visit"), ("occurred_on", &today), ("notes", "施設で面会"), ("duration_minutes", "30")]).await;
        assert_eq!(visit.status, StatusCode::OK, "{}", visit.body);
        let mine = json(&activities(&app, &guardian, &own_case).await.body);
        let rows = mine["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "the centre's own record stays with the centre: {mine}");
        assert_eq!(rows[0]["by_guardian"], true);
        assert_eq!(mine["can_log"], true);
        // The coordinator sees both.
        assert_eq!(json(&activities(&app, &coordinator, &own_case).await.body)["rows"].as_array().unwrap().len(), 2);

        // Another guardian's case does not exist for this guardian, for reading or writing.
        assert_eq!(activities(&app, &guardian, &other_case).await.status, StatusCode::NOT_FOUND);
        let foreign = log(&app, &guardian, &other_case, &[("kind", "visit"), ("occurred_on", &today), ("notes", "x")]).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        assert_eq!(json(&activities(&app, &coordinator, &other_case).await.body)["rows"].as_array().unwrap().len(), 0);

        // After the appointment ends the guardian still reads their records but logs no more.
        let appointments = panel(&app, &coordinator, &own_case).await;
        let appointment = appointments["active"][0]["id"].as_str().unwrap().to_owned();
        let version = appointments["case_version"].to_string();
        let ended = app.call_with(Some(&coordinator), "/api/appointments/end", &[
            ("case_id", &own_case), ("version", &version), ("appointment_id", &appointment),
            ("ended_on", &today), ("end_reason", "resignation"),
        ]).await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let after = json(&activities(&app, &guardian, &own_case).await.body);
        assert_eq!(after["can_log"], false);
        assert_eq!(after["rows"].as_array().unwrap().len(), 1);
        let late = log(&app, &guardian, &own_case, &[("kind", "visit"), ("occurred_on", &today), ("notes", "x")]).await;
        assert_eq!(problem_code(&late.body, "case").as_deref(), Some("appointment_ended"));
    }
}
