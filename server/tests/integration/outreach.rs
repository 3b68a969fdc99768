//! Guardian support sessions and the centre's events with attendance, on both databases: a
//! family guardian's support history, a training's attendees and head count, the version
//! check, and who may record them.

use crate::cases::{consultation_opening_a_case, json, problem_code};
use crate::guardians::citizen;
use crate::support::db_test;
use app::domain::access::Role;
use http::StatusCode;

db_test! {
    async fn a_family_guardians_support_and_a_trainings_attendance_are_recorded(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "研修 守", "けんしゅう まもる").await;
        // A family guardian in the register: the person's son, whom the court appointed.
        let case = consultation_opening_a_case(&app, &coordinator, "本人 花子", "ほんにん はなこ").await;
        let person = crate::cases::get_case(&app, &coordinator, &case).await.1["person"]["id"].as_str().unwrap().to_owned();
        let family = app.call_with(Some(&coordinator), "/api/guardians/save", &[
            ("kind", "child"), ("name", "親族 一郎"), ("name_kana", "しんぞく いちろう"),
            ("related_person_id", &person), ("relation", "長男"), ("capacity", "1"),
        ]).await;
        assert_eq!(family.status, StatusCode::OK, "{}", family.body);
        let family = json(&family.body).as_str().unwrap().to_owned();

        // A session in the future is refused; one today is kept in the history.
        let tomorrow = (app.clock.now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
        let refused = app.call_with(Some(&coordinator), "/api/guardians/support/record", &[
            ("guardian_id", &family), ("held_on", &tomorrow), ("topic", "report"), ("mode", "phone"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&refused.body, "held_on").as_deref(), Some("date_in_future"));
        let today = app::domain::dates::japan_date(app.clock.now()).format("%Y-%m-%d").to_string();
        let recorded = app.call_with(Some(&coordinator), "/api/guardians/support/record", &[
            ("guardian_id", &family), ("held_on", &today), ("topic", "report"), ("mode", "in_person"),
            ("duration_minutes", "45"), ("notes", "初回報告の財産目録を一緒に作成"),
        ]).await;
        assert_eq!(recorded.status, StatusCode::OK, "{}", recorded.body);
        let history = json(&app.call_with(Some(&coordinator), "/api/guardians/support", &[("guardian_id", &family)]).await.body);
        assert_eq!(history["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(history["sessions"][0]["topic"], "Report");
        assert_eq!(history["sessions"][0]["duration_minutes"], 45);
        assert_eq!(history["can_record"], true);

        // A training with two attendees; the head count cannot fall below them.
        let saved = app.call_with(Some(&coordinator), "/api/events/save", &[
            ("kind", "training"), ("title", "市民後見人養成研修 第1回"), ("held_on", "2026-10-03"),
            ("venue", "市民会館"), ("audience", "受講者"), ("participants", "1"),
        ]).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let event = json(&saved.body).as_str().unwrap().to_owned();
        let attend = |guardian: String| {
            let (app, coordinator, event) = (&app, coordinator.clone(), event.clone());
            async move {
                app.call_with(Some(&coordinator), "/api/events/attendance", &[
                    ("event_id", &event), ("guardian_id", &guardian), ("attended", "yes"),
                ]).await
            }
        };
        assert_eq!(attend(volunteer.clone()).await.status, StatusCode::OK);
        let second = attend(family.clone()).await;
        assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem_code(&second.body, "guardian_id").as_deref(), Some("fewer_than_attendees"));
        let detail = json(&app.call_with(Some(&coordinator), "/api/events/get", &[("id", &event)]).await.body);
        assert_eq!(detail["attendees"].as_array().unwrap().len(), 1, "the refused one was not kept");
        let version = detail["version"].as_i64().unwrap().to_string();
        let raised = app.call_with(Some(&coordinator), "/api/events/save", &[
            ("id", &event), ("version", &version), ("kind", "training"), ("title", "市民後見人養成研修 第1回"),
            ("held_on", "2026-10-03"), ("participants", "24"),
        ]).await;
        assert_eq!(raised.status, StatusCode::OK, "{}", raised.body);
        // Saving again with the version read before is a conflict.
        let stale = app.call_with(Some(&coordinator), "/api/events/save", &[
            ("id", &event), ("version", &version), ("kind", "training"), ("title", "上書き"),
            ("held_on", "2026-10-03"),
        ]).await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert_eq!(attend(family.clone()).await.status, StatusCode::OK);
        let detail = json(&app.call_with(Some(&coordinator), "/api/events/get", &[("id", &event)]).await.body);
        assert_eq!(detail["attendees"].as_array().unwrap().len(), 2);
        assert_eq!(detail["row"]["participants"], 24);
        // Lowering the count below the attendees is refused.
        let version = detail["version"].as_i64().unwrap().to_string();
        let lowered = app.call_with(Some(&coordinator), "/api/events/save", &[
            ("id", &event), ("version", &version), ("kind", "training"), ("title", "市民後見人養成研修 第1回"),
            ("held_on", "2026-10-03"), ("participants", "1"),
        ]).await;
        assert_eq!(problem_code(&lowered.body, "participants").as_deref(), Some("fewer_than_attendees"));

        // The family guardian's page shows the training among their events.
        let history = json(&app.call_with(Some(&coordinator), "/api/guardians/support", &[("guardian_id", &family)]).await.body);
        assert_eq!(history["events"][0]["id"], event.as_str());

        // A public briefing counts heads only; the list narrows to the 年度.
        let briefing = app.call_with(Some(&coordinator), "/api/events/save", &[
            ("kind", "briefing"), ("title", "成年後見制度説明会"), ("held_on", "2026-03-31"),
            ("audience", "地域住民"), ("participants", "38"),
        ]).await;
        let briefing = json(&briefing.body).as_str().unwrap().to_owned();
        let no_names = app.call_with(Some(&coordinator), "/api/events/attendance", &[
            ("event_id", &briefing), ("guardian_id", &volunteer), ("attended", "yes"),
        ]).await;
        assert_eq!(problem_code(&no_names.body, "guardian_id").as_deref(), Some("no_attendance"));
        let this_year = json(&app.call_with(Some(&coordinator), "/api/events/list", &[("fiscal_year", "2026")]).await.body);
        assert_eq!(this_year["rows"].as_array().unwrap().len(), 1, "31 March 2026 is 年度 2025");
        let last_year = json(&app.call_with(Some(&coordinator), "/api/events/list", &[("fiscal_year", "2025")]).await.body);
        assert_eq!(last_year["rows"][0]["id"], briefing.as_str());

        // Managers read, and record nothing.
        let manager = app.signed_in_as(Role::Manager).await;
        let read = json(&app.call_with(Some(&manager), "/api/events/get", &[("id", &event)]).await.body);
        assert_eq!(read["can_edit"], false);
        let denied = app.call_with(Some(&manager), "/api/guardians/support/record", &[
            ("guardian_id", &family), ("held_on", &today), ("topic", "report"), ("mode", "phone"),
        ]).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        let actions = app.audit_actions().await;
        for action in ["guardian_support.recorded", "event.saved", "event.attendance_changed"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }
}
