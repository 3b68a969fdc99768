//! The coordinator's inbox through its server function, on both databases: overdue deadlines,
//! citizen guardians with no contact logged, relays near their target date and voluntary
//! contracts due for a check-in, only over the cases in the user's reach.

use crate::cases::{consultation_opening_a_case, get_case, json, version_of};
use crate::guardians::{appoint_alone, citizen, lawyer, panel};
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn the_inbox_lists_what_needs_doing_in_the_users_reach(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let today = app::domain::dates::japan_date(app.clock.now());
        let today_text = today.to_string();

        // A citizen guardian in office since March who has logged nothing: quiet.
        let silent = citizen(&app, &coordinator, "無音 守", "むおん まもる").await;
        let quiet_case = consultation_opening_a_case(&app, &coordinator, "静香 花子", "しずか はなこ").await;
        assert_eq!(appoint_alone(&app, &coordinator, &quiet_case, &silent, "").await.status, StatusCode::OK);
        // One who visited today: not quiet.
        let busy = citizen(&app, &coordinator, "訪問 守", "ほうもん まもる").await;
        let visited_case = consultation_opening_a_case(&app, &coordinator, "訪問 次郎", "ほうもん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &visited_case, &busy, "").await.status, StatusCode::OK);
        let guardian = app.signed_in_as_guardian("houmon", &busy).await;
        let visit = app.call_with(Some(&guardian), "/api/activities/log", &[
            ("case_id", &visited_case), ("kind", "visit"), ("occurred_on", &today_text), ("notes", "面会"),
        ]).await;
        assert_eq!(visit.status, StatusCode::OK, "{}", visit.body);

        // A relay due in ten days, and one far off.
        let professional = lawyer(&app, &coordinator, "前任 弁護士", "ぜんにん").await;
        let successor = citizen(&app, &coordinator, "後任 守", "こうにん まもる").await;
        let relay_case = consultation_opening_a_case(&app, &coordinator, "引継 三郎", "ひきつぎ さぶろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &relay_case, &professional, "").await.status, StatusCode::OK);
        let predecessor = panel(&app, &coordinator, &relay_case).await["active"][0]["id"].as_str().unwrap().to_owned();
        let soon = (today + chrono::Days::new(10)).to_string();
        let planned = app.call_with(Some(&coordinator), "/api/relays/plan", &[
            ("predecessor_id", &predecessor), ("successor_id", &successor), ("target_date", &soon),
        ]).await;
        assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);

        // A voluntary contract checked in on in January with a three-month interval: due.
        let contract_case = consultation_opening_a_case(&app, &coordinator, "契約 八重", "けいやく やえ").await;
        let (_, case) = get_case(&app, &coordinator, &contract_case).await;
        let saved = app.call_with(Some(&coordinator), "/api/cases/update", &[
            ("id", contract_case.as_str()), ("version", &version_of(&case)), ("case_type", "voluntary"),
            ("coordinator_id", ""), ("petitioner", ""), ("family_court_id", ""), ("petition_date", ""),
            ("decision_date", ""), ("final_date", ""), ("contract_date", "2025-10-01"),
            ("check_in_interval_months", "3"), ("last_check_in_on", "2026-01-04"),
        ]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);

        let response = app.call_with(Some(&coordinator), "/api/inbox", &[]).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let inbox = json(&response.body);
        let ids = |list: &str| -> Vec<String> {
            inbox[list].as_array().unwrap().iter().map(|item| item["case_id"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(inbox["contact_days"], 30);
        let quiet = ids("quiet_cases");
        assert!(quiet.contains(&quiet_case), "{inbox}");
        assert!(!quiet.contains(&visited_case), "a guardian who visited today is not quiet: {inbox}");
        assert!(quiet.iter().all(|id| id != &relay_case), "a lawyer is not asked after");
        assert_eq!(inbox["quiet_cases"][0]["last_contact"], serde_json::Value::Null);
        assert_eq!(ids("relays"), vec![relay_case.clone()]);
        assert_eq!(ids("check_ins"), vec![contract_case.clone()]);
        let overdue = inbox["deadlines"]["rows"].as_array().unwrap();
        assert!(overdue.iter().any(|d| d["case_id"] == quiet_case.as_str() && d["kind"] == "Inventory"));

        // Another office sees none of it; managers see all; guardians have their own page.
        app.create_user("other-office", Role::Coordinator).await;
        let other = app.sign_in("other-office").await;
        let theirs = json(&app.call_with(Some(&other), "/api/inbox", &[]).await.body);
        for list in ["quiet_cases", "relays", "check_ins"] {
            assert_eq!(theirs[list].as_array().unwrap().len(), 0, "{list}: {theirs}");
        }
        assert_eq!(theirs["deadlines"]["total"], 0);
        let manager = app.signed_in_as(Role::Manager).await;
        let all = json(&app.call_with(Some(&manager), "/api/inbox", &[]).await.body);
        assert_eq!(all["relays"].as_array().unwrap().len(), 1);
        assert_eq!(app.call_with(Some(&guardian), "/api/inbox", &[]).await.status, StatusCode::FORBIDDEN);
    }
}

db_test! {
    async fn an_administrator_sets_the_inbox_thresholds_both_or_neither(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let read = || async {
            json(&app.call_with(Some(&admin), "/api/admin/settings/inbox", &[]).await.body)
        };
        let defaults = read().await;
        assert_eq!(defaults["contact_days"], 30);
        assert_eq!(defaults["check_in_months"], 6);
        assert_eq!(defaults["contact_days_version"], 0);

        // Bad values: both problems named, nothing saved.
        let refused = app.call_with(Some(&admin), "/api/admin/settings/inbox/set", &[
            ("contact_days", "三十"), ("contact_days_version", "0"),
            ("check_in_months", "30"), ("check_in_months_version", "0"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
        assert!(refused.body.contains("not_a_number"), "{}", refused.body);
        assert!(refused.body.contains("check_in_months_range"), "{}", refused.body);
        assert_eq!(read().await, defaults);

        // Full-width digits are read as typed.
        let saved = app.call_with(Some(&admin), "/api/admin/settings/inbox/set", &[
            ("contact_days", "６０"), ("contact_days_version", "0"),
            ("check_in_months", "3"), ("check_in_months_version", "0"),
        ]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let now = read().await;
        assert_eq!((now["contact_days"].as_u64(), now["check_in_months"].as_u64()), (Some(60), Some(3)));
        let inbox = json(&app.call_with(Some(&coordinator), "/api/inbox", &[]).await.body);
        assert_eq!((inbox["contact_days"].as_u64(), inbox["check_in_months"].as_u64()), (Some(60), Some(3)));
        let audited = app.audit_actions().await;
        assert_eq!(audited.iter().filter(|action| *action == "setting.changed").count(), 2, "{audited:?}");

        // One of the two read before someone else's save: neither is saved.
        let stale = app.call_with(Some(&admin), "/api/admin/settings/inbox/set", &[
            ("contact_days", "90"), ("contact_days_version", "1"),
            ("check_in_months", "12"), ("check_in_months_version", "0"),
        ]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
        assert_eq!(read().await, now);

        // Only administrators change them.
        let denied = app.call_with(Some(&coordinator), "/api/admin/settings/inbox/set", &[
            ("contact_days", "90"), ("contact_days_version", "1"),
            ("check_in_months", "12"), ("check_in_months_version", "1"),
        ]).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        assert_eq!(read().await, now);
    }
}
