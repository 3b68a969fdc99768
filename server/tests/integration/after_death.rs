//! After-death affairs (死後事務) on a case, on both databases: nothing before the death is
//! recorded; afterwards the guardian whose appointment ended with it records what was done,
//! the funeral contract only with the court's permission; another guardian reaches nothing.

use crate::cases::{consultation_opening_a_case, json, problem_code};
use crate::guardians::{appoint_alone, citizen, panel};
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn after_the_death_the_guardian_records_the_after_death_affairs(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "死後 守", "しご まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let case = consultation_opening_a_case(&app, &coordinator, "故人 花子", "こじん はなこ").await;
        assert_eq!(appoint_alone(&app, &coordinator, &case, &volunteer, "").await.status, StatusCode::OK);
        let guardian = app.signed_in_as_guardian("shigo", &volunteer).await;
        let other = app.signed_in_as_guardian("tanin", &stranger).await;
        let today = app::domain::dates::japan_date(app.clock.now());
        let day = |days_ago: i64| (today - chrono::Duration::days(days_ago)).format("%Y-%m-%d").to_string();
        let record = |session, args: Vec<(&'static str, String)>| {
            let app = &app;
            let case = case.clone();
            async move {
                let mut all: Vec<(&str, String)> = vec![("case_id", case)];
                all.extend(args);
                let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call_with(Some(session), "/api/after_death/record", &pairs).await
            }
        };

        // While the person lives, nothing is an after-death affair.
        let list = json(&app.call_with(Some(&guardian), "/api/after_death/case", &[("case_id", &case)]).await.body);
        assert!(list["died_on"].is_null());
        assert_eq!(list["can_record"], false);
        let early = record(&guardian, vec![("affair", "debts".into()), ("done_on", day(1))]).await;
        assert_eq!(problem_code(&early.body, "affair").as_deref(), Some("person_not_deceased"));

        // The appointment ends with the death, ten days ago.
        let appointments = panel(&app, &coordinator, &case).await;
        let appointment = appointments["active"][0]["id"].as_str().unwrap().to_owned();
        let version = appointments["case_version"].to_string();
        let ended = app.call_with(Some(&coordinator), "/api/appointments/end", &[
            ("case_id", &case), ("version", &version), ("appointment_id", &appointment),
            ("ended_on", &day(10)), ("end_reason", "person_died"),
        ]).await;
        assert_eq!(ended.status, StatusCode::OK, "{}", ended.body);
        let list = json(&app.call_with(Some(&guardian), "/api/after_death/case", &[("case_id", &case)]).await.body);
        assert_eq!(list["died_on"], day(10));
        assert_eq!(list["can_record"], true);

        // Before the death, and a funeral contract without the court's permission: refused.
        let before = record(&guardian, vec![("affair", "debts".into()), ("done_on", day(11))]).await;
        assert_eq!(problem_code(&before.body, "done_on").as_deref(), Some("before_death"));
        let unpermitted = record(&guardian, vec![("affair", "funeral".into()), ("done_on", day(8))]).await;
        assert_eq!(problem_code(&unpermitted.body, "court_permission_on").as_deref(), Some("court_permission_required"));
        for (affair, done, permission) in [("funeral", day(8), day(9)), ("debts", day(5), String::new())] {
            let saved = record(&guardian, vec![
                ("affair", affair.into()), ("done_on", done), ("court_permission_on", permission),
                ("notes", "病院の入院費を相続財産から支払い".into()),
            ]).await;
            assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        }
        // The centre sees them in the order they were done.
        let list = json(&app.call_with(Some(&coordinator), "/api/after_death/case", &[("case_id", &case)]).await.body);
        let rows = list["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["affair"], "Funeral");
        assert_eq!(rows[0]["court_permission_on"], day(9));
        assert_eq!(rows[1]["affair"], "Debts");

        // Another guardian learns nothing and records nothing.
        let denied = app.call_with(Some(&other), "/api/after_death/case", &[("case_id", &case)]).await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND);
        let planted = record(&other, vec![("affair", "debts".into()), ("done_on", day(1))]).await;
        assert_eq!(planted.status, StatusCode::NOT_FOUND);
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "after_death.recorded").count(), 2);
    }
}
