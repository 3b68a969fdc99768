//! The HTTP layers around every response: request ids, request logs, compression and a safe
//! default for caching.

use axum::Router;
use http::{HeaderValue, Request, header};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const REQUEST_ID: &str = "x-request-id";

/// Wraps the router in the layers every response goes through, outermost first.
pub fn wrap<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let request_id = http::HeaderName::from_static(REQUEST_ID);
    router.layer(
        ServiceBuilder::new()
            // A fresh id for every request (an incoming one is kept, for a proxy's tracing).
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &Request<_>| {
                        let id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|value| value.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            request_id = %id,
                            method = %request.method(),
                            path = %request.uri().path(),
                        )
                    })
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::new(request_id))
            // Pages and server-function answers hold personal data: no cache may keep them.
            // Static files set their own Cache-Control first, so this only fills the gap.
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ))
            // Precompressed files already carry Content-Encoding and are passed through.
            .layer(CompressionLayer::new()),
    )
}
