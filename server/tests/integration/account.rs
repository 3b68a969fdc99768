//! A user's own account: changing the password, the password someone else set, and the
//! sessions it ends.

use crate::support::{TEST_PASSWORD, db_test};
use app::domain::access::Role;
use http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};

const NEW_PASSWORD: &str = "a brand new passphrase";

fn change_args<'a>(
    current: &'a str,
    new: &'a str,
    confirmation: &'a str,
) -> [(&'static str, &'a str); 3] {
    [("current_password", current), ("new_password", new), ("confirmation", confirmation)]
}

db_test! {
    async fn changing_the_password_ends_every_session_and_the_new_one_signs_in(app) {
        app.create_user("tanaka", Role::Coordinator).await;
        let here = app.sign_in("tanaka").await;
        let elsewhere = app.sign_in("tanaka").await;

        let response = app
            .call_with(Some(&here), "/api/account/change_password", &change_args(TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD))
            .await;
        assert!(response.status.is_success() || response.status.is_redirection(), "{} {}", response.status, response.body);

        for session in [&here, &elsewhere] {
            assert_eq!(app.get_as(session, "/").await.status, StatusCode::SEE_OTHER, "signed out");
        }
        let old = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(old.session_cookie(), None, "the old password no longer works");
        let new = app.submit_sign_in("tanaka", NEW_PASSWORD, None).await;
        assert!(new.session_cookie().is_some(), "the new password signs in");
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"password.changed".to_owned()), "{actions:?}");
    }
}

db_test! {
    async fn a_wrong_current_password_changes_nothing_and_is_audited(app) {
        let user_id = app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        let before = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap();

        let response = app
            .call_with(Some(&session), "/api/account/change_password", &change_args("not my password", NEW_PASSWORD, NEW_PASSWORD))
            .await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.body.contains("current_password") && response.body.contains("wrong_password"), "{}", response.body);

        let after = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(before, after);
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK, "still signed in");
        assert_eq!(app.audit_actions().await.last().map(String::as_str), Some("password.change_failed"));
    }
}

db_test! {
    async fn a_new_password_must_meet_the_policy_and_match_its_confirmation(app) {
        app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        for (new, confirmation, field, code) in [
            ("short", "short", "new_password", "password_too_short"),
            ("tanaka-is-my-name", "tanaka-is-my-name", "new_password", "password_contains_login_id"),
            (NEW_PASSWORD, "something else entirely", "confirmation", "confirmation_differs"),
            (TEST_PASSWORD, TEST_PASSWORD, "new_password", "unchanged"),
        ] {
            let response = app
                .call_with(Some(&session), "/api/account/change_password", &change_args(TEST_PASSWORD, new, confirmation))
                .await;
            assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
            assert!(response.body.contains(field) && response.body.contains(code), "{new}: {}", response.body);
        }
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK);
    }
}

db_test! {
    async fn a_password_set_by_an_administrator_must_be_changed_before_anything_else(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        let user_id = app.create_user("suzuki", Role::Manager).await;
        let version = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap().version;
        let reset = app
            .call_with(Some(&admin), "/api/admin/users/reset_password", &[("id", &user_id.to_string()), ("version", &version.to_string())])
            .await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        let one_time: String = serde_json::from_str(&reset.body).expect("the password as JSON");

        let signed_in = app.submit_sign_in("suzuki", &one_time, None).await;
        let session = crate::support::Session { cookie: signed_in.session_cookie().expect("signed in") };
        let home = app.get_as(&session, "/").await;
        assert_eq!(home.status, StatusCode::SEE_OTHER);
        assert_eq!(home.header("location"), Some("/account"));
        assert_eq!(app.call(Some(&session), "/api/home_overview").await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get_as(&session, "/account").await.status, StatusCode::OK);

        app.call_with(Some(&session), "/api/account/change_password", &change_args(&one_time, NEW_PASSWORD, NEW_PASSWORD)).await;
        let session = app.submit_sign_in("suzuki", NEW_PASSWORD, None).await.session_cookie().expect("signed in");
        let session = crate::support::Session { cookie: session };
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK);
        assert_eq!(app.call(Some(&session), "/api/home_overview").await.status, StatusCode::OK);
    }
}

db_test! {
    async fn ending_other_sessions_keeps_this_one(app) {
        app.create_user("tanaka", Role::Guardian).await;
        let here = app.sign_in("tanaka").await;
        let elsewhere = app.sign_in("tanaka").await;
        let response = app.call(Some(&here), "/api/account/end_other_sessions").await;
        assert_eq!(response.body, "1");
        assert_eq!(app.get_as(&here, "/").await.status, StatusCode::OK);
        assert_eq!(app.get_as(&elsewhere, "/").await.status, StatusCode::SEE_OTHER);
        let sessions = app::server::entities::session::Entity::find().count(&app.db).await.unwrap();
        assert_eq!(sessions, 1);
    }
}
