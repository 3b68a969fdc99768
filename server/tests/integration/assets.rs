//! Static files: precompressed variants and cache lifetimes.

use axum::Router;
use axum::body::Body;
use http::{Request, StatusCode};
use std::convert::Infallible;
use tower::util::BoxCloneSyncService;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join("pkg")).expect("pkg");
    std::fs::write(dir.path().join("pkg/app.abc123.js"), "console.log('plain')").expect("js");
    std::fs::write(dir.path().join("pkg/app.abc123.js.br"), "brotli bytes").expect("br");
    std::fs::write(dir.path().join("pkg/app.abc123.js.gz"), "gzip bytes").expect("gz");
    std::fs::write(dir.path().join("favicon.svg"), "<svg/>").expect("favicon");
    dir
}

fn files(site: &std::path::Path, hashed: bool) -> Router {
    let not_found = BoxCloneSyncService::new(tower::service_fn(|_request: Request<Body>| async {
        Ok::<_, Infallible>(axum::response::IntoResponse::into_response((
            StatusCode::NOT_FOUND,
            "not found page",
        )))
    }));
    server::middleware::wrap(server::assets::routes::<()>(site, hashed, not_found), false)
}

async fn get(router: &Router, path: &str, accept_encoding: &str) -> crate::support::TestResponse {
    let request = Request::get(path)
        .header("accept-encoding", accept_encoding)
        .body(Body::empty())
        .expect("a request");
    crate::support::send(router, request).await
}

#[tokio::test]
async fn hashed_files_are_served_precompressed_and_cached_for_a_year() {
    let site = site();
    let router = files(site.path(), true);

    let brotli = get(&router, "/pkg/app.abc123.js", "gzip, br").await;
    assert_eq!(brotli.status, StatusCode::OK);
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_eq!(brotli.body, "brotli bytes");
    assert_eq!(brotli.header("cache-control"), Some("public, max-age=31536000, immutable"));

    let gzip = get(&router, "/pkg/app.abc123.js", "gzip").await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gzip.body, "gzip bytes");

    let plain = get(&router, "/pkg/app.abc123.js", "identity").await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.body, "console.log('plain')");
}

#[tokio::test]
async fn unhashed_files_are_revalidated_after_an_hour() {
    let site = site();
    let router = files(site.path(), false);
    let js = get(&router, "/pkg/app.abc123.js", "identity").await;
    assert_eq!(js.header("cache-control"), Some("public, max-age=3600"));
    let favicon = get(&router, "/favicon.svg", "identity").await;
    assert_eq!(favicon.status, StatusCode::OK);
    assert_eq!(favicon.header("cache-control"), Some("public, max-age=3600"));
}

#[tokio::test]
async fn a_missing_file_is_a_404_that_no_cache_keeps() {
    let site = site();
    let router = files(site.path(), true);
    let missing_asset = get(&router, "/pkg/gone.js", "identity").await;
    assert_eq!(missing_asset.status, StatusCode::NOT_FOUND);
    let page = get(&router, "/no-such-page", "identity").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.body, "not found page");
    assert_eq!(page.header("cache-control"), Some("no-store"));
}
