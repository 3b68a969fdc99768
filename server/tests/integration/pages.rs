use crate::support::{TestApp, db_test};
use app::server::offices::{self, NewOffice};
use http::StatusCode;

async fn with_office(app: &TestApp, name: &str) {
    offices::create(&app.db, NewOffice { code: "minami", name, sort_order: 1 })
        .await
        .expect("insert an office");
}

db_test! {
    async fn the_home_page_is_rendered_on_the_server_in_japanese(app) {
        with_office(&app, "南区 相談窓口").await;
        let response = app.get("/").await;

        assert_eq!(response.status, StatusCode::OK);
        assert!(response.header("content-type").is_some_and(|t| t.starts_with("text/html")));
        let html = &response.body;
        assert!(html.contains(r#"<html lang="ja""#), "{html}");
        assert!(html.contains("後見デスクへようこそ"));
        // The offices come from the database through the server function, already in the HTML.
        assert!(html.contains("南区 相談窓口"));
        // Today and the fiscal year, as documents write them.
        assert!(html.contains("令和"));
        assert!(html.contains("年度"));
        for section in ["ケース", "後見人", "期限", "ダッシュボード", "統計", "管理"] {
            assert!(html.contains(section), "navigation lacks {section}");
        }
        // The hydration script and the stylesheet are linked.
        assert!(html.contains("/pkg/koken_desk"), "{html}");
    }
}

db_test! {
    async fn the_home_page_follows_the_language_cookie(app) {
        let response = app.get_with("/", &[("cookie", "koken_locale=en")]).await;
        assert_eq!(response.status, StatusCode::OK);
        assert!(response.body.contains(r#"<html lang="en""#));
        assert!(response.body.contains("Welcome to Kōken Desk"));
        assert!(response.body.contains("No office has been registered yet."));
    }
}

db_test! {
    async fn the_browser_language_does_not_override_japanese(app) {
        let response = app.get_with("/", &[("accept-language", "en-US,en;q=0.9")]).await;
        assert!(response.body.contains(r#"<html lang="ja""#));
        assert!(response.body.contains("後見デスクへようこそ"));
    }
}

db_test! {
    async fn every_section_of_the_navigation_has_a_page(app) {
        for (path, heading) in [
            ("/cases", "ケース"),
            ("/guardians", "後見人"),
            ("/deadlines", "期限"),
            ("/dashboard", "ダッシュボード"),
            ("/statistics", "統計"),
            ("/admin", "管理"),
        ] {
            let response = app.get(path).await;
            assert_eq!(response.status, StatusCode::OK, "{path}");
            assert!(response.body.contains(&format!("<h1>{heading}</h1>")), "{path}: {}", response.body);
            assert!(response.body.contains(r#"aria-current="page""#), "{path}");
        }
    }
}

db_test! {
    async fn an_unknown_path_gets_the_not_found_page_with_404(app) {
        let response = app.get("/no/such/page").await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        assert!(response.body.contains("ページが見つかりません"), "{}", response.body);
    }
}

db_test! {
    async fn the_home_overview_server_function_answers_json(app) {
        with_office(&app, "南区 相談窓口").await;
        let request = http::Request::post("/api/home_overview")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(axum::body::Body::empty())
            .expect("a request");
        let response = app.send(request).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let overview: app::api::home::HomeOverview = serde_json::from_str(&response.body).expect("JSON");
        let names: Vec<_> = overview.offices.iter().map(|office| office.name.as_str()).collect();
        assert_eq!(names, ["南区 相談窓口"]);
        assert_eq!(overview.today, app::domain::dates::japan_today());
    }
}

db_test! {
    async fn pages_are_never_cached_and_carry_a_request_id(app) {
        let response = app.get("/").await;
        assert_eq!(response.header("cache-control"), Some("no-store"));
        let id = response.header("x-request-id").expect("a request id");
        assert_eq!(id.len(), 36, "a UUID: {id}");
    }
}

db_test! {
    async fn pages_are_compressed_for_browsers_that_accept_it(app) {
        let response = app.get_with("/", &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(response.header("content-encoding"), Some("br"));
    }
}
