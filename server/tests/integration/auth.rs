//! Sign-in, sessions, timeouts, lockout and the audit trail of them.

use crate::support::{TEST_PASSWORD, db_test};
use app::domain::access::Role;
use chrono::Duration;
use http::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

db_test! {
    async fn signing_in_sets_a_protected_cookie_and_is_audited(app) {
        let user_id = app.create_user("tanaka", Role::Manager).await;
        let response = app.submit_sign_in("Tanaka", TEST_PASSWORD, None).await;

        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/"));
        let set_cookie = response.set_cookies().join("\n");
        assert!(set_cookie.starts_with("koken_session="), "{set_cookie}");
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
        assert_eq!(app.audit_actions().await, ["user.created", "sign_in.succeeded"]);

        // The table holds the token's hash, never the token.
        let token = response.session_cookie().expect("a cookie").split_once('=').expect("name=value").1.to_owned();
        let sessions = app::server::entities::session::Entity::find().all(&app.db).await.expect("sessions");
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].user_id, user_id);
        assert_ne!(sessions[0].id, token);
        assert_eq!(sessions[0].id, app::server::sessions::session_id(&token));
    }
}

db_test! {
    async fn a_wrong_password_and_an_unknown_account_get_the_same_answer(app) {
        app.create_user("tanaka", Role::Manager).await;
        let wrong_password = app.submit_sign_in("tanaka", "not the password at all", None).await;
        let unknown_account = app.submit_sign_in("suzuki", "not the password at all", None).await;

        for response in [&wrong_password, &unknown_account] {
            assert_eq!(response.status, StatusCode::SEE_OTHER);
            assert_eq!(response.header("location"), Some("/login?problem=failed"));
            assert_eq!(response.session_cookie(), None);
        }
        assert_eq!(app.audit_actions().await, ["user.created", "sign_in.failed", "sign_in.failed"]);
    }
}

db_test! {
    async fn signing_in_again_replaces_the_session(app) {
        app.create_user("tanaka", Role::Manager).await;
        let first = app.sign_in("tanaka").await;
        let second = app.submit_sign_in("tanaka", TEST_PASSWORD, Some(&first.cookie)).await;
        let second = second.session_cookie().expect("a new cookie");

        assert_ne!(first.cookie, second);
        let sessions = app::server::entities::session::Entity::find().count(&app.db).await.expect("count");
        assert_eq!(sessions, 1, "the first session ended");
        let with_old = app.get_with("/", &[("cookie", &first.cookie)]).await;
        assert_eq!(with_old.status, StatusCode::SEE_OTHER);
    }
}

db_test! {
    async fn a_session_ends_after_thirty_idle_minutes(app) {
        let session = app.signed_in_as(Role::Manager).await;
        app.clock.advance(Duration::minutes(29));
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK);

        app.clock.advance(Duration::minutes(30));
        let response = app.get_as(&session, "/").await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/login?next=%2F&problem=expired"));
        assert!(response.set_cookies().iter().any(|cookie| cookie.contains("Max-Age=0")), "the cookie is cleared");
        let sessions = app::server::entities::session::Entity::find().count(&app.db).await.expect("count");
        assert_eq!(sessions, 0);
    }
}

db_test! {
    async fn a_session_ends_after_twelve_hours_however_active(app) {
        let session = app.signed_in_as(Role::Manager).await;
        // Activity through the keep-alive call the open page makes, not 35 dashboard renders:
        // under the full parallel suite on CI those outlasted the test's time limit.
        for _ in 0..35 {
            app.clock.advance(Duration::minutes(20));
            assert_eq!(app.call(Some(&session), "/api/session/keep_alive").await.status, StatusCode::OK);
        }
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK, "still signed in at 11 h 40 min");
        // The next 20 minutes cross the 12-hour limit.
        app.clock.advance(Duration::minutes(20));
        assert_eq!(app.call(Some(&session), "/api/session/keep_alive").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::SEE_OTHER);
    }
}

db_test! {
    async fn five_wrong_passwords_lock_the_account_for_a_minute(app) {
        app.create_user("tanaka", Role::Manager).await;
        for _ in 0..5 {
            app.submit_sign_in("tanaka", "not the password at all", None).await;
        }
        let while_locked = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(while_locked.header("location"), Some("/login?problem=failed"), "no hint of the lock");
        assert_eq!(while_locked.session_cookie(), None);
        let actions = app.audit_actions().await;
        assert_eq!(actions.iter().filter(|action| *action == "account.locked").count(), 1, "{actions:?}");
        assert_eq!(actions.last().map(String::as_str), Some("sign_in.locked"));

        app.clock.advance(Duration::seconds(61));
        let after_the_lock = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert!(after_the_lock.session_cookie().is_some());
    }
}

db_test! {
    async fn a_disabled_account_loses_its_sessions_and_cannot_sign_in(app) {
        let user_id = app.create_user("tanaka", Role::Manager).await;
        let session = app.sign_in("tanaka").await;
        // Used once first, so the server has read (and may keep) the session.
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::OK);
        app.db
            .execute_unprepared(&format!(
                "UPDATE users SET active = false WHERE id = {}",
                uuid_literal(&app, user_id)
            ))
            .await
            .expect("disable the account");

        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::SEE_OTHER);
        let again = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(again.session_cookie(), None);
    }
}

db_test! {
    async fn signing_out_ends_the_session(app) {
        let session = app.signed_in_as(Role::Coordinator).await;
        let request = http::Request::post("/auth/sign-out")
            .header("cookie", &session.cookie)
            .body(axum::body::Body::empty())
            .expect("a request");
        let response = app.send(request).await;

        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/login?problem=signed_out"));
        assert!(response.set_cookies().iter().any(|cookie| cookie.contains("Max-Age=0")));
        assert_eq!(app.get_as(&session, "/").await.status, StatusCode::SEE_OTHER);
        assert_eq!(app.audit_actions().await.last().map(String::as_str), Some("sign_out"));
    }
}

db_test! {
    async fn many_failures_from_one_address_pause_sign_in_from_it(app) {
        app.create_user("tanaka", Role::Manager).await;
        for attempt in 0..30 {
            app.submit_sign_in(&format!("nobody{attempt}"), "not the password at all", None).await;
        }
        let response = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(response.header("location"), Some("/login?problem=limited"));
        assert_eq!(app.audit_actions().await.last().map(String::as_str), Some("sign_in.rate_limited"));

        app.clock.advance(Duration::minutes(11));
        assert!(app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().is_some());
    }
}

db_test! {
    async fn the_audit_trail_cannot_be_changed_or_deleted(app) {
        app.create_user("tanaka", Role::Manager).await;
        let update = app.db.execute_unprepared("UPDATE audit_log SET action = 'forged'").await;
        assert!(update.is_err(), "UPDATE is refused");
        let delete = app.db.execute_unprepared("DELETE FROM audit_log").await;
        assert!(delete.is_err(), "DELETE is refused");
        assert_eq!(app.audit_actions().await, ["user.created"]);
    }
}

db_test! {
    async fn passwords_are_stored_as_argon2id_hashes(app) {
        app.create_user("tanaka", Role::Manager).await;
        let user = app::server::entities::user::Entity::find().one(&app.db).await.expect("query").expect("a user");
        assert!(user.password_hash.starts_with("$argon2id$"), "{}", user.password_hash);
        assert!(!user.password_hash.contains(TEST_PASSWORD));
    }
}

/// A UUID as a SQL literal: a BLOB on SQLite, a uuid on PostgreSQL.
fn uuid_literal(app: &crate::support::TestApp, id: uuid::Uuid) -> String {
    match app.db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => format!("X'{}'", id.simple()),
        _ => format!("'{id}'"),
    }
}
