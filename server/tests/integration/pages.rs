use crate::support::{TestApp, db_test};
use app::domain::access::Role;
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
        let session = app.signed_in_as(Role::Manager).await;
        let response = app.get_as(&session, "/").await;

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
        // The signed-in user and the way out.
        assert!(html.contains("テスト test-manager"), "{html}");
        assert!(html.contains("センター長・課長"), "{html}");
        assert!(html.contains(r#"action="/auth/sign-out""#));
        // The hydration script and the stylesheet are linked.
        assert!(html.contains("/pkg/koken_desk"), "{html}");
    }
}

db_test! {
    async fn signed_out_visitors_are_sent_to_the_login_page(app) {
        let response = app.get("/cases?stage=1").await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/login?next=%2Fcases%3Fstage%3D1"));

        let login = app.get("/login").await;
        assert_eq!(login.status, StatusCode::OK);
        assert!(login.body.contains("<h1>ログイン</h1>"), "{}", login.body);
        assert!(!login.body.contains("main-nav"), "no navigation for signed-out visitors");
    }
}

db_test! {
    async fn each_role_sees_the_sections_it_may_open(app) {
        let expectations = [
            (Role::Admin, vec!["管理"]),
            (Role::Manager, vec!["ケース", "後見人", "期限", "ダッシュボード", "統計"]),
            (Role::Coordinator, vec!["ケース", "後見人", "期限", "ダッシュボード", "統計"]),
            (Role::Guardian, vec![]),
        ];
        let all = ["ケース", "後見人", "期限", "ダッシュボード", "統計", "管理"];
        for (role, visible) in expectations {
            let session = app.signed_in_as(role).await;
            let html = app.get_as(&session, "/").await.body;
            for section in all {
                let link = format!(">{section}</a>");
                assert_eq!(html.contains(&link), visible.contains(&section), "{role}: {section}");
            }
        }
    }
}

db_test! {
    async fn a_section_page_marks_its_navigation_link(app) {
        let session = app.signed_in_as(Role::Manager).await;
        for (path, heading) in [("/cases", "ケース一覧"), ("/statistics", "統計")] {
            let response = app.get_as(&session, path).await;
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
    async fn the_home_overview_server_function_answers_json_to_signed_in_users(app) {
        with_office(&app, "南区 相談窓口").await;
        let session = app.signed_in_as(Role::Guardian).await;
        let response = app.call(Some(&session), "/api/home_overview").await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let overview: app::api::home::HomeOverview = serde_json::from_str(&response.body).expect("JSON");
        let names: Vec<_> = overview.offices.iter().map(|office| office.name.as_str()).collect();
        assert_eq!(names, ["南区 相談窓口"]);
        assert_eq!(overview.today, app::domain::dates::japan_today());
    }
}

db_test! {
    async fn server_functions_answer_401_to_signed_out_callers_and_audit_it(app) {
        let response = app.call(None, "/api/home_overview").await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{}", response.body);
        assert!(response.body.contains("SignInRequired"), "{}", response.body);
        assert_eq!(app.audit_actions().await, ["permission.denied"]);
    }
}

db_test! {
    async fn pages_are_never_cached_and_carry_a_request_id(app) {
        let response = app.get("/login").await;
        assert_eq!(response.header("cache-control"), Some("no-store"));
        let id = response.header("x-request-id").expect("a request id");
        assert_eq!(id.len(), 36, "a UUID: {id}");
    }
}

db_test! {
    async fn pages_are_compressed_for_browsers_that_accept_it(app) {
        // gzip, even where Brotli is offered: Brotli's per-response window is too dear for pages.
        let response = app.get_with("/login", &[("accept-encoding", "br, gzip")]).await;
        assert_eq!(response.header("content-encoding"), Some("gzip"));
    }
}

db_test! {
    async fn the_pages_follow_the_language_cookie(app) {
        let response = app.get_with("/login", &[("cookie", "koken_locale=en")]).await;
        assert_eq!(response.status, StatusCode::OK);
        assert!(response.body.contains(r#"<html lang="en""#));
        assert!(response.body.contains("<h1>Sign in</h1>"));
    }
}

db_test! {
    async fn the_browser_language_does_not_override_japanese(app) {
        let response = app.get_with("/login", &[("accept-language", "en-US,en;q=0.9")]).await;
        assert!(response.body.contains(r#"<html lang="ja""#));
        assert!(response.body.contains("<h1>ログイン</h1>"));
    }
}

/// Pages rendered side by side on a runtime with worker threads, as the server renders them.
/// The title is written into the head after the page has rendered; reading the language signal
/// then found another request's reactive arena and panicked, dropping the connection, once
/// several pages were rendered at the same time.
async fn pages_rendered_side_by_side_each_keep_their_title(app: TestApp) {
    let session = app.signed_in_as(Role::Coordinator).await;
    let pages = [("/", "ホーム | 後見デスク"), ("/cases", "ケース一覧 | 後見デスク")];
    // The race is a matter of timing: four waves of 16 pages caught it in nearly every run.
    for _wave in 0..4 {
        let mut renders = tokio::task::JoinSet::new();
        for round in 0..16 {
            let (path, title) = pages[round % pages.len()];
            let router = app.router.clone();
            let request = http::Request::get(path)
                .header("cookie", &session.cookie)
                .body(axum::body::Body::empty())
                .expect("a valid request");
            renders.spawn(async move { (title, crate::support::send(&router, request).await) });
        }
        while let Some(render) = renders.join_next().await {
            let (title, response) = render.expect("the page rendered without a panic");
            assert_eq!(response.status, StatusCode::OK);
            let expected = format!("<title>{title}</title>");
            assert!(response.body.contains(&expected), "{}", response.body);
        }
    }
}

// Ignored in the suite: twice, while other tests ran beside it in the same process, one of
// these waves never finished (on SQLite once, on PostgreSQL once, in about 25 runs; never alone,
// never against the release server at 32 connections). That hang is a bug of its own, not yet
// found; until it is, run this test alone: `cargo test -p server --test integration --
// --ignored pages_rendered_side_by_side`.
mod pages_rendered_side_by_side {
    use crate::support::{Backend, TestApp, within_limit};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "hangs now and then beside other tests in one process; run it alone (see above)"]
    async fn on_sqlite() {
        let app = TestApp::start(Backend::Sqlite).await.expect("SQLite is always available");
        within_limit(super::pages_rendered_side_by_side_each_keep_their_title(app)).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "hangs now and then beside other tests in one process; run it alone (see above)"]
    async fn on_postgres() {
        let Some(app) = TestApp::start(Backend::Postgres).await else {
            eprintln!("skipped: KOKEN_SKIP_POSTGRES is set");
            return;
        };
        within_limit(super::pages_rendered_side_by_side_each_keep_their_title(app)).await;
    }
}
