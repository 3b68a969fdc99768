//! Support requests through their server functions, on both databases: a guardian asks about
//! their own case, the centre answers and closes, and another guardian learns nothing of it.

use crate::cases::{consultation_opening_a_case, json, problem_code};
use crate::guardians::{appoint_alone, citizen};
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn a_guardian_asks_the_centre_answers_and_closes_and_nobody_else_sees_it(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "相談 守", "そうだん まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "担当 花子", "たんとう はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);
        let guardian = app.signed_in_as_guardian("soudan", &volunteer).await;
        let other = app.signed_in_as_guardian("tanin", &stranger).await;

        // A request without a subject is refused and stores nothing; one about another
        // guardian's case is "not found".
        let refused = app.call_with(Some(&guardian), "/api/support/ask", &[
            ("case_id", &own_case), ("subject", " "), ("body", "収支の書き方"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&refused.body, "subject").as_deref(), Some("required"));
        let foreign = app.call_with(Some(&guardian), "/api/support/ask", &[
            ("case_id", &other_case), ("subject", "質問"), ("body", "本文"),
        ]).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND);
        let listed = app.call_with(Some(&guardian), "/api/support/list", &[]).await;
        assert_eq!(json(&listed.body)["rows"].as_array().unwrap().len(), 0, "{}", listed.body);

        let asked = app.call_with(Some(&guardian), "/api/support/ask", &[
            ("case_id", &own_case), ("subject", "定期報告の収支欄"), ("body", "通帳の記帳が間に合いません。"),
        ]).await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
        let id = json(&asked.body).as_str().unwrap().to_owned();
        let mine = json(&app.call_with(Some(&guardian), "/api/support/list", &[]).await.body);
        assert_eq!(mine["can_ask"], true);
        assert_eq!(mine["rows"][0]["subject"], "定期報告の収支欄");
        assert_eq!(mine["rows"][0]["turn"], "Centre");
        assert_eq!(mine["rows"][0]["case_link"], format!("/my/cases/{own_case}"));
        assert!(mine["cases"].as_array().unwrap().iter().any(|c| c["case_id"] == own_case.as_str()));

        // Another guardian: an empty list, and the request does not exist for them.
        let theirs = json(&app.call_with(Some(&other), "/api/support/list", &[]).await.body);
        assert_eq!(theirs["rows"].as_array().unwrap().len(), 0);
        for (path, args) in [
            ("/api/support/thread", vec![("id", id.as_str())]),
            ("/api/support/reply", vec![("id", id.as_str()), ("body", "横から失礼します")]),
        ] {
            let denied = app.call_with(Some(&other), path, &args).await;
            assert_eq!(denied.status, StatusCode::NOT_FOUND, "{path}: {}", denied.body);
            assert!(!denied.body.contains("収支"), "{path}: {}", denied.body);
        }

        // The centre sees it waiting, in the list and in the inbox, and answers.
        let inbox = json(&app.call_with(Some(&coordinator), "/api/inbox", &[]).await.body);
        assert_eq!(inbox["support"][0]["id"], id.as_str());
        assert_eq!(inbox["support"][0]["turn"], "Centre");
        assert_eq!(inbox["support"][0]["guardian_name"], "相談\u{3000}守");
        let manager = app.signed_in_as(Role::Manager).await;
        let read = app.call_with(Some(&manager), "/api/support/thread", &[("id", &id)]).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(json(&read.body)["can_reply"], false);
        let manager_reply = app.call_with(Some(&manager), "/api/support/reply", &[("id", &id), ("body", "確認します")]).await;
        assert_eq!(manager_reply.status, StatusCode::FORBIDDEN);
        let thread = json(&app.call_with(Some(&coordinator), "/api/support/thread", &[("id", &id)]).await.body);
        assert_eq!(thread["can_close"], true);
        let version_read = thread["version"].as_i64().unwrap().to_string();
        let answered = app.call_with(Some(&coordinator), "/api/support/reply", &[
            ("id", &id), ("body", "記帳できた分までで提出し、残りは次回で構いません。"),
        ]).await;
        assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);

        // The guardian reads the answer; the turn is theirs, also on "my work".
        let thread = json(&app.call_with(Some(&guardian), "/api/support/thread", &[("id", &id)]).await.body);
        let messages = thread["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["side"], "Guardian");
        assert_eq!(messages[1]["side"], "Centre");
        assert!(messages[1]["body"].as_str().unwrap().starts_with("記帳できた分"));
        assert_eq!(thread["request"]["turn"], "Guardian");
        assert_eq!(thread["can_close"], false);
        let overview = json(&app.call_with(Some(&guardian), "/api/my/overview", &[]).await.body);
        assert_eq!(overview["support"][0]["turn"], "Guardian");
        assert_eq!(app.call_with(Some(&guardian), "/api/support/close", &[("id", &id), ("version", "2")]).await.status, StatusCode::FORBIDDEN);

        // Closing with the version read before the answer is a conflict: whoever closes has
        // seen the whole thread. With the current version it closes.
        let stale = app.call_with(Some(&coordinator), "/api/support/close", &[("id", &id), ("version", &version_read)]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        let current = json(&app.call_with(Some(&coordinator), "/api/support/thread", &[("id", &id)]).await.body)["version"].as_i64().unwrap().to_string();
        let closed = app.call_with(Some(&coordinator), "/api/support/close", &[("id", &id), ("version", &current)]).await;
        assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
        let late = app.call_with(Some(&guardian), "/api/support/reply", &[("id", &id), ("body", "もう一点")]).await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&late.body, "body").as_deref(), Some("support_closed"));
        let closed_list = json(&app.call_with(Some(&coordinator), "/api/support/list", &[("status", "closed")]).await.body);
        assert_eq!(closed_list["rows"][0]["status"], "Closed");
        let open_list = json(&app.call_with(Some(&coordinator), "/api/support/list", &[("status", "open")]).await.body);
        assert_eq!(open_list["rows"].as_array().unwrap().len(), 0);
        let inbox = json(&app.call_with(Some(&coordinator), "/api/inbox", &[]).await.body);
        assert_eq!(inbox["support"].as_array().unwrap().len(), 0);

        let actions = app.audit_actions().await;
        for action in ["support.requested", "support.replied", "support.closed"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
        // Only the successful messages were stored.
        let thread = json(&app.call_with(Some(&coordinator), "/api/support/thread", &[("id", &id)]).await.body);
        assert_eq!(thread["messages"].as_array().unwrap().len(), 2);
    }
}
