use crate::support::db_test;
use http::StatusCode;

db_test! {
    async fn healthz_reports_a_reachable_database(app) {
        let response = app.get("/healthz").await;
        assert_eq!(response.status, StatusCode::OK);
        let body: serde_json::Value = serde_json::from_str(&response.body).expect("JSON");
        assert_eq!(body, serde_json::json!({ "status": "ok", "database": "ok" }));
    }
}

db_test! {
    async fn healthz_reports_503_when_the_database_is_gone(app) {
        app.db.clone().close().await.expect("close the pool");
        let response = app.get("/healthz").await;
        assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(response.body.contains(r#""status":"unavailable""#), "{}", response.body);
    }
}
