//! The HTTP layers around every response: request ids, request logs, compression and a safe
//! default for caching.

use axum::Router;
use http::{HeaderValue, Request, header};
use tower::ServiceBuilder;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

const REQUEST_ID: &str = "x-request-id";

/// Wraps the router in the layers every response goes through, outermost first. `https`:
/// whether users reach the site over HTTPS (then browsers are told to insist on it).
pub fn wrap<S: Clone + Send + Sync + 'static>(router: Router<S>, https: bool) -> Router<S> {
    let request_id = http::HeaderName::from_static(REQUEST_ID);
    let router = with_security_headers(router);
    let router = if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ))
    } else {
        router
    };
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
                            path = %crate::calendar::loggable_path(request.uri().path()),
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
            // Precompressed files (Brotli) already carry Content-Encoding and are passed through.
            // Pages and answers are compressed as they are sent, with gzip: Brotli zeroes a 4 MB
            // window for every response (the layer cannot shrink it), which under load cost
            // more CPU than rendering the page (README, Performance).
            .layer(CompressionLayer::new().no_br().quality(CompressionLevel::Precise(4))),
    )
}

/// Headers that make browsers stricter with every response. Pages set their own
/// Content-Security-Policy (with the nonce of their scripts); everything else (server-function
/// answers, files) gets one that allows nothing.
fn with_security_headers<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let overriding = |name: http::HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    router
        .layer(overriding(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(overriding(header::REFERRER_POLICY, "same-origin"))
        .layer(overriding(header::X_FRAME_OPTIONS, "DENY"))
        .layer(overriding(
            http::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
        .layer(overriding(
            http::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ))
}
