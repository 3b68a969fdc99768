//! Cross-site request forgery, security headers, and the rule that no server function is
//! reachable with GET.

use crate::support::{Backend, TEST_PASSWORD, TestApp, db_test};
use app::domain::access::Role;
use http::{Method, StatusCode};

fn sign_in_request(extra: &[(&str, &str)]) -> http::Request<axum::body::Body> {
    let mut request = http::Request::post("/auth/sign-in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "127.0.0.1:3000");
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let form = format!("login_id=tanaka&password={}", TEST_PASSWORD.replace(' ', "+"));
    request.body(axum::body::Body::from(form)).expect("a request")
}

db_test! {
    async fn a_cross_site_post_is_refused(app) {
        app.create_user("tanaka", Role::Manager).await;
        for headers in [
            vec![("sec-fetch-site", "cross-site")],
            vec![("sec-fetch-site", "same-site")],
            vec![("origin", "https://evil.example")],
        ] {
            let response = app.send(sign_in_request(&headers)).await;
            assert_eq!(response.status, StatusCode::FORBIDDEN, "{headers:?}");
            assert_eq!(response.session_cookie(), None);
        }
        let same_origin = app.send(sign_in_request(&[("sec-fetch-site", "same-origin")])).await;
        assert_eq!(same_origin.status, StatusCode::SEE_OTHER);
        assert!(same_origin.session_cookie().is_some());
        let by_origin = app.send(sign_in_request(&[("origin", "http://127.0.0.1:3000")])).await;
        assert!(by_origin.session_cookie().is_some());
    }
}

db_test! {
    async fn pages_carry_a_content_security_policy_with_the_nonce_of_their_scripts(app) {
        let response = app.get("/login").await;
        let policy = response.header("content-security-policy").expect("a policy").to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .expect("a nonce in the policy");
        assert!(response.body.contains(&format!(r#"nonce="{nonce}""#)), "the scripts carry it");
        for directive in ["'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!response.body.contains(" style=\""), "no inline style attributes");

        let again = app.get("/login").await;
        assert_ne!(again.header("content-security-policy"), Some(policy.as_str()), "a new nonce per response");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("referrer-policy"), Some("same-origin"));
        assert_eq!(response.header("x-frame-options"), Some("DENY"));
        assert_eq!(response.header("strict-transport-security"), None, "not over plain HTTP");
    }
}

db_test! {
    async fn server_function_answers_are_not_cached_and_allow_nothing_to_run(app) {
        let session = app.signed_in_as(Role::Manager).await;
        let response = app.call(Some(&session), "/api/home_overview").await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.header("cache-control"), Some("no-store"));
        assert_eq!(
            response.header("content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
        );
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
    }
}

#[tokio::test]
async fn over_https_the_session_cookie_is_host_only_and_hsts_is_sent() {
    let app = TestApp::start_with(Backend::Sqlite, |config| {
        config.public_url = Some("https://koken.example.jp".to_owned());
    })
    .await
    .expect("SQLite");
    app.create_user("tanaka", Role::Manager).await;
    let response = app.send(sign_in_request(&[("origin", "https://koken.example.jp")])).await;
    let cookie = response.set_cookies().join("\n");
    assert!(cookie.starts_with("__Host-koken_session="), "{cookie}");
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert_eq!(
        response.header("strict-transport-security"),
        Some("max-age=63072000; includeSubDomains")
    );
}

#[test]
fn no_server_function_is_reachable_with_get() {
    let functions: Vec<_> = leptos::server_fn::axum::server_fn_paths().collect();
    assert!(!functions.is_empty(), "the registry lists the server functions");
    for (path, method) in functions {
        assert_ne!(
            method,
            Method::GET,
            "{path} must not answer GET: GET requests may not change state"
        );
    }
}

db_test! {
    async fn an_oversized_server_function_body_is_refused_before_anything_reads_it(app) {
        let limit = server::body_limit::MAX_SERVER_FUNCTION_BYTES;
        let body = format!("query={}", "a".repeat(limit));
        let post = |declared_length: Option<usize>| {
            let mut request = http::Request::post("/api/cases/list")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json");
            if let Some(length) = declared_length {
                request = request.header("content-length", length.to_string());
            }
            request.body(axum::body::Body::from(body.clone())).expect("a request")
        };
        // Refused on the declared length, and when the body comes without one (chunked): the
        // read stops at the limit.
        for declared_length in [Some(body.len()), None] {
            let response = app.send(post(declared_length)).await;
            assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE, "{declared_length:?}");
            assert!(response.body.contains("上限 1 MB"), "{}", response.body);
            assert!(response.body.contains("too large"), "{}", response.body);
        }
        // A body just under the limit reaches the server function (which asks who is calling).
        let fitting = format!("query={}", "a".repeat(limit - 100));
        let request = http::Request::post("/api/cases/list")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(axum::body::Body::from(fitting))
            .expect("a request");
        assert_eq!(app.send(request).await.status, StatusCode::UNAUTHORIZED);
    }
}
