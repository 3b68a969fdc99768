use crate::support::db_test;
use http::StatusCode;

db_test! {
    async fn the_language_form_sets_the_cookie_and_returns_to_the_page(app) {
        let response = app.post_form("/locale", "locale=en&return_to=%2Fcases%3Fpage%3D2").await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/cases?page=2"));
        let cookie = response.header("set-cookie").expect("a cookie");
        assert!(cookie.starts_with("koken_locale=en;"), "{cookie}");
        assert!(cookie.contains("Path=/") && cookie.contains("SameSite=Lax"), "{cookie}");

        let page = app.get_with("/login", &[("cookie", "koken_locale=en")]).await;
        assert!(page.body.contains("<h1>Sign in</h1>"), "{}", page.body);
    }
}

db_test! {
    async fn the_language_form_never_redirects_to_another_site(app) {
        let response = app.post_form("/locale", "locale=ja&return_to=%2F%2Fevil.example%2F").await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
        assert_eq!(response.header("location"), Some("/"));
    }
}

db_test! {
    async fn an_unknown_language_is_refused_with_a_message(app) {
        let response = app.post_form("/locale", "locale=fr&return_to=%2F").await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        assert!(response.body.contains("言語の指定が正しくありません"));
        assert!(response.header("set-cookie").is_none());
    }
}
