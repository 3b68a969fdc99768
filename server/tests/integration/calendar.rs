//! The calendar feed at its secret address, on both databases: it parses as iCalendar, holds
//! only the owner's open deadlines, shows names only when chosen, and stops when renewed,
//! revoked or the account is deactivated.

use crate::cases::{consultation_opening_a_case, json};
use crate::guardians::{appoint_alone, citizen};
use crate::support::{Session, TestApp, db_test};
use app::domain::access::Role;
use http::StatusCode;

/// Issues a feed and returns its path.
async fn renew(app: &TestApp, session: &Session, include_names: bool) -> String {
    let args: &[(&str, &str)] = if include_names { &[("include_names", "on")] } else { &[] };
    let response = app.call_with(Some(session), "/api/account/calendar/renew", args).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    json(&response.body).as_str().expect("a path").to_owned()
}

/// The events' SUMMARY lines of a feed, read with an iCalendar parser.
fn summaries(body: &str) -> Vec<String> {
    let mut calendars = ical::IcalParser::new(body.as_bytes());
    let calendar = calendars.next().expect("one calendar").expect("a valid calendar");
    assert!(calendars.next().is_none());
    calendar
        .events
        .iter()
        .map(|event| {
            let value = |name: &str| {
                event.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone())
            };
            assert!(value("UID").is_some() && value("DTSTART").is_some(), "{event:?}");
            value("SUMMARY").expect("a summary")
        })
        .collect()
}

db_test! {
    async fn a_feed_shows_only_the_owners_deadlines_until_it_is_renewed_or_revoked(app) {
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let volunteer = citizen(&app, &coordinator, "暦 守", "こよみ まもる").await;
        let stranger = citizen(&app, &coordinator, "他人 守", "たにん まもる").await;
        let own_case = consultation_opening_a_case(&app, &coordinator, "予定 花子", "よてい はなこ").await;
        let other_case = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        assert_eq!(appoint_alone(&app, &coordinator, &own_case, &volunteer, "").await.status, StatusCode::OK);
        assert_eq!(appoint_alone(&app, &coordinator, &other_case, &stranger, "").await.status, StatusCode::OK);
        let case_number = |id: &str| {
            let id = id.to_owned();
            let app = &app;
            let coordinator = coordinator.clone();
            async move { crate::cases::get_case(app, &coordinator, &id).await.1["case_number"].as_str().unwrap().to_owned() }
        };
        let (own_number, other_number) = (case_number(&own_case).await, case_number(&other_case).await);
        let guardian = app.signed_in_as_guardian("koyomi", &volunteer).await;

        let status = json(&app.call_with(Some(&guardian), "/api/account/calendar", &[]).await.body);
        assert_eq!(status["active"], false);
        let path = renew(&app, &guardian, false).await;
        assert!(path.starts_with("/calendar/") && path.ends_with(".ics"), "{path}");
        let feed = app.get(&path).await;
        assert_eq!(feed.status, StatusCode::OK);
        assert_eq!(feed.header("content-type"), Some("text/calendar; charset=utf-8"));
        assert!(feed.header("cache-control").is_some_and(|v| v.contains("no-store")));
        let events = summaries(&feed.body);
        assert!(!events.is_empty(), "the inventory is owed: {}", feed.body);
        assert!(events.iter().all(|s| s.contains(&own_number)), "{events:?}");
        assert!(events.iter().any(|s| s.starts_with("財産目録")), "{events:?}");
        assert!(!feed.body.contains(&other_number), "another guardian's case: {}", feed.body);
        assert!(!feed.body.contains("予定"), "no name unless chosen: {}", feed.body);
        let status = json(&app.call_with(Some(&guardian), "/api/account/calendar", &[]).await.body);
        assert_eq!(status["active"], true);
        assert!(status["last_fetched_at"].is_string(), "{status}");

        // Renewed with names: the old address stops, the new one shows the person's name.
        let named = renew(&app, &guardian, true).await;
        assert_ne!(named, path);
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
        let feed = app.get(&named).await;
        assert!(summaries(&feed.body).iter().all(|s| s.contains("予定\u{3000}花子")), "{}", feed.body);

        // Revoked: gone, with the same answer as an address that never existed.
        let revoked = app.call_with(Some(&guardian), "/api/account/calendar/revoke", &[]).await;
        assert_eq!(revoked.status, StatusCode::OK);
        assert_eq!(app.get(&named).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/calendar/not-a-secret.ics").await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get("/calendar/").await.status, StatusCode::NOT_FOUND);
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|a| *a == "calendar_feed.renewed").count(), 2);
        assert!(actions.iter().any(|a| a == "calendar_feed.revoked"));
    }
}

db_test! {
    async fn a_coordinators_feed_holds_the_cases_they_lead_and_stops_with_the_account(app) {
        use app::server::entities::{case, user};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let led = consultation_opening_a_case(&app, &coordinator, "主担 花子", "しゅたん はなこ").await;
        let other = consultation_opening_a_case(&app, &coordinator, "別件 次郎", "べっけん じろう").await;
        for (case_id, name) in [(&led, "暦 守"), (&other, "他人 守")] {
            let volunteer = citizen(&app, &coordinator, name, "こよみ まもる").await;
            assert_eq!(appoint_alone(&app, &coordinator, case_id, &volunteer, "").await.status, StatusCode::OK);
        }
        let me = user::Entity::find().filter(user::Column::Role.eq("coordinator")).one(&app.db).await.unwrap().unwrap();
        // This coordinator leads one case; the other has nobody in charge yet.
        for (case_id, lead) in [(&led, Some(me.id)), (&other, None)] {
            case::Entity::update_many()
                .col_expr(case::Column::CoordinatorId, Expr::value(lead))
                .filter(case::Column::Id.eq(case_id.parse::<uuid::Uuid>().unwrap()))
                .exec(&app.db)
                .await
                .unwrap();
        }
        let led_number = crate::cases::get_case(&app, &coordinator, &led).await.1["case_number"].as_str().unwrap().to_owned();
        let other_number = crate::cases::get_case(&app, &coordinator, &other).await.1["case_number"].as_str().unwrap().to_owned();

        let path = renew(&app, &coordinator, false).await;
        let feed = app.get(&path).await;
        let events = summaries(&feed.body);
        assert!(!events.is_empty());
        assert!(events.iter().all(|s| s.contains(&led_number)), "{events:?}");
        assert!(!feed.body.contains(&other_number));

        user::Entity::update_many()
            .col_expr(user::Column::Active, Expr::value(false))
            .filter(user::Column::Id.eq(me.id))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    }
}
