//! The citizen guardian's own view through its server functions, on both databases: only
//! their own appointments, their own deadlines (marked as sent, never extended), the relays
//! naming them, and nothing of another guardian's cases or of the centre's intake notes.

use crate::cases::{consultation_opening_a_case, json};
use crate::guardians::{appoint_alone, citizen, lawyer, panel};
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn a_guardian_sees_their_own_cases_deadlines_and_relays_and_nothing_else(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "自分 守", "じぶん まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "担当 花子", "たんとう はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);
        // A relay from a lawyer to this guardian on a third case.
        let professional = lawyer(&app, &coordinator, "前任 弁護士", "ぜんにん").await;
        let relay_case = consultation_opening_a_case(&app, &coordinator, "引継 三郎", "ひきつぎ さぶろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &relay_case, &professional, "").await.status, StatusCode::OK);
        let predecessor = panel(&app, &coordinator, &relay_case).await["active"][0]["id"].as_str().unwrap().to_owned();
        let planned = app.call_with(Some(&coordinator), "/api/relays/plan", &[
            ("predecessor_id", &predecessor), ("successor_id", &volunteer), ("target_date", "2027-03-31"),
        ]).await;
        assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);

        let guardian = app.signed_in_as_guardian("jibun", &volunteer).await;
        let overview = app.call_with(Some(&guardian), "/api/my/overview", &[]).await;
        assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
        let overview = json(&overview.body);
        let cases = overview["cases"].as_array().unwrap();
        assert_eq!(cases.len(), 1, "{overview}");
        assert_eq!(cases[0]["case_id"], own_case.as_str());
        assert_eq!(cases[0]["person_name"], "担当\u{3000}花子");
        assert!(cases[0]["next_due"].is_string(), "the inventory is owed: {}", cases[0]);
        // Deadlines: only what this guardian owes, overdue first (the inventory of March).
        let deadlines = overview["deadlines"]["rows"].as_array().unwrap();
        assert!(!deadlines.is_empty());
        assert!(deadlines.iter().all(|d| d["case_id"] == own_case.as_str()), "{deadlines:?}");
        assert_eq!(deadlines[0]["kind"], "Inventory");
        assert!(deadlines[0]["status"].get("Overdue").is_some());
        let relays = overview["relays"].as_array().unwrap();
        assert_eq!(relays.len(), 1);
        assert_eq!(relays[0]["person_name"], "引継\u{3000}三郎");
        assert_eq!(relays[0]["status"], "Planned");
        assert_eq!(relays[0]["predecessor_name"], "前任\u{3000}弁護士");

        // One case's essentials, without the centre's intake history; the read is audited.
        let mine = app.call_with(Some(&guardian), "/api/my/case", &[("case_id", &own_case)]).await;
        assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
        assert!(!mine.body.contains("使い込み") && !mine.body.contains("高齢者支援課"), "{}", mine.body);
        let mine = json(&mine.body);
        assert_eq!(mine["person"]["name"], "担当\u{3000}花子");
        assert_eq!(mine["role"], "Guardian");
        assert!(app.audit_actions().await.iter().any(|a| a == "case_file.read"));
        // Another guardian's case, the relay case before appointment, the centre's pages: none.
        for case in [&other_case, &relay_case] {
            let refused = app.call_with(Some(&guardian), "/api/my/case", &[("case_id", case.as_str())]).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
            assert!(!refused.body.contains("次郎") && !refused.body.contains("三郎"));
            let deadlines = app.call_with(Some(&guardian), "/api/deadlines/case", &[("case_id", case.as_str())]).await;
            assert_eq!(deadlines.status, StatusCode::NOT_FOUND);
        }
        let (status, _) = crate::cases::get_case(&app, &guardian, &own_case).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the centre's case file is not the guardian's view");
        // Centre staff have no "my work".
        assert_eq!(app.call_with(Some(&coordinator), "/api/my/overview", &[]).await.status, StatusCode::FORBIDDEN);
    }
}

db_test! {
    async fn a_guardian_marks_their_own_report_sent_and_nothing_more(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "報告 守", "ほうこく まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "報告 花子", "ほうこく はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);
        let guardian = app.signed_in_as_guardian("houkoku", &volunteer).await;

        let list = json(&app.call_with(Some(&guardian), "/api/deadlines/case", &[("case_id", &own_case)]).await.body);
        assert_eq!(list["can_mark_done"], true);
        assert_eq!(list["can_extend"], false);
        let inventory = list["rows"].as_array().unwrap().iter().find(|r| r["kind"] == "Inventory").unwrap().clone();
        let id = inventory["id"].as_str().unwrap();
        let extend = app.call_with(Some(&guardian), "/api/deadlines/update", &[("id", id), ("version", "1"), ("extended_to", "2026-06-30")]).await;
        assert_eq!(extend.status, StatusCode::FORBIDDEN);
        let sent = app.call_with(Some(&guardian), "/api/deadlines/update", &[("id", id), ("version", "1"), ("done_on", "2026-04-17"), ("done_note", "郵送")]).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let reopen = app.call_with(Some(&guardian), "/api/deadlines/update", &[("id", id), ("version", "2"), ("reopen", "1")]).await;
        assert_eq!(reopen.status, StatusCode::FORBIDDEN);
        // The coordinator sees it done.
        let seen = json(&app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &own_case)]).await.body);
        let row = seen["rows"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
        assert_eq!(row["done_on"], "2026-04-17");

        // Another guardian's deadline does not exist for this one.
        let theirs = json(&app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &other_case)]).await.body);
        let their_id = theirs["rows"][0]["id"].as_str().unwrap().to_owned();
        let refused = app.call_with(Some(&guardian), "/api/deadlines/update", &[("id", &their_id), ("version", "1"), ("done_on", "2026-04-17")]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        let untouched = json(&app.call_with(Some(&coordinator), "/api/deadlines/case", &[("case_id", &other_case)]).await.body);
        assert!(untouched["rows"].as_array().unwrap().iter().all(|r| r["done_on"].is_null()));
        // The guardian's list across cases holds only what they owe.
        let across = json(&app.call_with(Some(&guardian), "/api/deadlines/list", &[("query", "due=all")]).await.body);
        assert!(across["rows"].as_array().unwrap().iter().all(|r| r["case_id"] == own_case.as_str()));
    }
}
