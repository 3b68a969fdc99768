//! Static files from the site cargo-leptos built: the hashed JS, wasm and CSS under `/pkg`,
//! and the assets (favicon …) at the root. Anything else falls through to the application,
//! which renders its "not found" page.

use axum::Router;
use axum::body::Body;
use http::{HeaderValue, Request, header};
use std::convert::Infallible;
use std::path::Path;
use tower::util::BoxCloneSyncService;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A year: hashed file names change whenever their content does, so they never go stale.
const HASHED_FILE_CACHE: &str = "public, max-age=31536000, immutable";
/// Unhashed files (debug builds, the favicon) are revalidated after an hour.
const PLAIN_FILE_CACHE: &str = "public, max-age=3600";

type FallbackService = BoxCloneSyncService<Request<Body>, axum::response::Response, Infallible>;

/// Serves `/pkg/*` (a missing file there is a bare 404) and the site root's files, with
/// `not_found` for every other path. In release builds the
/// `.br` and `.gz` files cargo-leptos wrote next to each file are sent to browsers that accept
/// them, so nothing is compressed per request.
pub fn routes<S: Clone + Send + Sync + 'static>(
    site_root: &Path,
    files_are_hashed: bool,
    not_found: FallbackService,
) -> Router<S> {
    let pkg_cache = if files_are_hashed { HASHED_FILE_CACHE } else { PLAIN_FILE_CACHE };
    let pkg = ServeDir::new(site_root.join("pkg")).precompressed_br().precompressed_gzip();
    let root = ServeDir::new(site_root).precompressed_br().precompressed_gzip().fallback(not_found);

    Router::new()
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new().layer(cache_control(pkg_cache)).service(pkg),
        )
        .fallback_service(
            tower::ServiceBuilder::new().layer(cache_control(PLAIN_FILE_CACHE)).service(root),
        )
}

/// Sets Cache-Control on successful file responses only; the not-found page keeps `no-store`.
fn cache_control<B>(
    value: &'static str,
) -> SetResponseHeaderLayer<impl Fn(&http::Response<B>) -> Option<HeaderValue> + Clone> {
    SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        move |response: &http::Response<B>| {
            response.status().is_success().then(|| HeaderValue::from_static(value))
        },
    )
}
