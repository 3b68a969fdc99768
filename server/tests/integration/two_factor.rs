//! Two-factor sign-in: enrolment, the second step, replay, recovery codes, lockout and the
//! centre-wide requirement for staff.

use crate::support::{Session, TEST_PASSWORD, TestApp, db_test};
use app::domain::access::Role;
use app::server::totp;
use http::StatusCode;
use sea_orm::EntityTrait;

/// Enrols the signed-in user's authenticator and returns its secret and the recovery codes.
async fn enrol(app: &TestApp, session: &Session, login_id: &str) -> (Vec<u8>, Vec<String>) {
    let started = app.call(Some(session), "/api/account/two_factor/start").await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    let view: serde_json::Value = serde_json::from_str(&started.body).unwrap();
    let secret = totp::base32_decode(view["secret"].as_str().unwrap()).expect("base32");
    assert!(view["qr_path"].as_str().unwrap().starts_with('M'));

    let code = totp::code_at_step(&secret, totp::step_at(app.clock.now().timestamp()));
    let confirmed =
        app.call_with(Some(session), "/api/account/two_factor/confirm", &[("code", &code)]).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    let codes: Vec<String> = serde_json::from_str(&confirmed.body).unwrap();
    assert_eq!(codes.len(), 10);
    let user = app::server::users::find_by_login_id(
        &app.db,
        &app::domain::accounts::LoginId::parse(login_id).unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert!(user.totp_enabled_at.is_some());
    (secret, codes)
}

/// Posts the second step with the half-signed-in cookie.
async fn second_step(app: &TestApp, cookie: &str, code: &str) -> crate::support::TestResponse {
    let request = http::Request::post("/auth/two-factor")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", cookie)
        .body(axum::body::Body::from(format!("code={}&next=%2F", code.replace(' ', "+"))))
        .unwrap();
    app.send(request).await
}

db_test! {
    async fn after_enrolment_sign_in_takes_the_password_and_a_fresh_code(app) {
        app.create_user("tanaka", Role::Coordinator).await;
        let session = app.sign_in("tanaka").await;
        let (secret, _) = enrol(&app, &session, "tanaka").await;

        let password_step = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(password_step.header("location"), Some("/login/two-factor"));
        let halfway = password_step.session_cookie().expect("a cookie for the second step");
        // Half signed in opens nothing.
        assert_eq!(app.get_with("/", &[("cookie", &halfway)]).await.status, StatusCode::SEE_OTHER);
        let halfway_session = Session { cookie: halfway.clone() };
        assert_eq!(app.call(Some(&halfway_session), "/api/home_overview").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.get_with("/login/two-factor", &[("cookie", &halfway)]).await.status, StatusCode::OK);

        let wrong = second_step(&app, &halfway, "000000").await;
        assert_eq!(wrong.header("location"), Some("/login/two-factor?problem=failed"));

        // The enrolment used this step's code: the next step's code signs in.
        app.clock.advance(chrono::Duration::seconds(30));
        let code = totp::code_at_step(&secret, totp::step_at(app.clock.now().timestamp()));
        let done = second_step(&app, &halfway, &code).await;
        assert_eq!(done.header("location"), Some("/"));
        let signed_in = done.session_cookie().expect("a new session");
        assert_ne!(signed_in, halfway, "a new session id after the second step");
        assert_eq!(app.get_with("/", &[("cookie", &signed_in)]).await.status, StatusCode::OK);

        // The same code never works twice, even within its 30 seconds.
        let again = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().unwrap();
        let replay = second_step(&app, &again, &code).await;
        assert_eq!(replay.header("location"), Some("/login/two-factor?problem=failed"));
        let actions = app.audit_actions().await;
        assert!(actions.contains(&"two_factor.enabled".to_owned()));
        assert!(actions.contains(&"sign_in.second_factor_failed".to_owned()));
    }
}

db_test! {
    async fn a_recovery_code_works_once_in_place_of_the_app(app) {
        app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        let (_, codes) = enrol(&app, &session, "tanaka").await;

        let halfway = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().unwrap();
        let typed = codes[3].to_uppercase().replace('-', " ");
        let done = second_step(&app, &halfway, &typed).await;
        assert_eq!(done.header("location"), Some("/"), "typed in capitals with a space");

        let halfway = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().unwrap();
        let reused = second_step(&app, &halfway, &codes[3]).await;
        assert_eq!(reused.header("location"), Some("/login/two-factor?problem=failed"));
        let overview: serde_json::Value =
            serde_json::from_str(&app.call(Some(&session), "/api/account/overview").await.body).unwrap();
        assert_eq!(overview["recovery_codes_left"], 9);
        assert!(app.audit_actions().await.contains(&"sign_in.recovery_code_used".to_owned()));
    }
}

db_test! {
    async fn guessing_codes_locks_the_account_like_guessing_passwords(app) {
        app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        enrol(&app, &session, "tanaka").await;

        let halfway = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.session_cookie().unwrap();
        let mut last = None;
        for guess in ["111111", "222222", "333333", "444444", "555555"] {
            last = Some(second_step(&app, &halfway, guess).await);
        }
        let last = last.unwrap();
        assert_eq!(last.header("location"), Some("/login?problem=failed"), "the half-finished sign-in ends");
        assert!(app.audit_actions().await.contains(&"account.locked".to_owned()));
        let after = app.submit_sign_in("tanaka", TEST_PASSWORD, None).await;
        assert_eq!(after.session_cookie(), None, "locked");
    }
}

db_test! {
    async fn turning_two_factor_off_needs_the_password(app) {
        let user_id = app.create_user("tanaka", Role::Guardian).await;
        let session = app.sign_in("tanaka").await;
        enrol(&app, &session, "tanaka").await;
        let refused = app.call_with(Some(&session), "/api/account/two_factor/disable", &[("password", "not it")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = app.call_with(Some(&session), "/api/account/two_factor/disable", &[("password", TEST_PASSWORD)]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let user = app::server::entities::user::Entity::find_by_id(user_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!((user.totp_secret, user.totp_enabled_at), (None, None));
        assert!(app.submit_sign_in("tanaka", TEST_PASSWORD, None).await.header("location") == Some("/"));
    }
}

db_test! {
    async fn when_required_staff_enrol_before_anything_else_and_guardians_do_not(app) {
        let admin = app.signed_in_as(Role::Admin).await;
        // The administrator is staff too: enrolled first, or the next request would ask for it.
        let too_early = app
            .call_with(Some(&admin), "/api/admin/settings/two_factor", &[("enabled", "true"), ("version", "0")])
            .await;
        assert!(too_early.body.contains("enrol_first"), "{}", too_early.body);
        enrol(&app, &admin, "test-admin").await;
        let required = app
            .call_with(Some(&admin), "/api/admin/settings/two_factor", &[("enabled", "true"), ("version", "0")])
            .await;
        assert_eq!(required.status, StatusCode::OK, "{}", required.body);

        let coordinator = app.signed_in_as(Role::Coordinator).await;
        let home = app.get_as(&coordinator, "/").await;
        assert_eq!(home.header("location"), Some("/account"));
        assert_eq!(app.call(Some(&coordinator), "/api/home_overview").await.status, StatusCode::FORBIDDEN);
        enrol(&app, &coordinator, "test-coordinator").await;
        assert_eq!(app.get_as(&coordinator, "/").await.status, StatusCode::OK);

        let guardian = app.signed_in_as(Role::Guardian).await;
        assert_eq!(app.get_as(&guardian, "/").await.status, StatusCode::OK);

        // A second administrator working from the page they loaded earlier does not undo it.
        let stale = app
            .call_with(Some(&admin), "/api/admin/settings/two_factor", &[("enabled", "false"), ("version", "0")])
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
    }
}
