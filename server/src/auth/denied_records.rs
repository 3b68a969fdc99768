//! An audit row for every record a signed-in user asked for and was not given. A record
//! outside the user's reach answers 404, exactly as one that does not exist (so nobody learns
//! which ids exist), from some forty places in the server functions and pages; this layer sees
//! every such answer in one place and writes what was asked for (`record.denied`), so the trail
//! shows a guardian trying another guardian's case ids. A server function's 403 is written by
//! the permission policy when it refused (it marks the response [`AUDITED_DENIAL`]); one a
//! function decided itself (a guardian closing a support request) is written here.

use crate::body_limit::MAX_SERVER_FUNCTION_BYTES;
use crate::startup::AppState;
use app::domain::audit::AuditAction;
use app::server::audit::AuditEvent;
use app::server::auth::{AUDITED_DENIAL, SignedIn};
use app::server::request::RequestMeta;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, header};
use http_body_util::{BodyExt, Limited};

/// At most this many id fields of one request are written, each cut to this length: a
/// hostile request cannot make the audit row large.
const MAX_IDS: usize = 16;
const MAX_ID_LENGTH: usize = 64;

pub async fn audit_denied_records(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(signed_in) = request.extensions().get::<SignedIn>().cloned() else {
        return next.run(request).await;
    };
    let meta = request.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    let path = request.uri().path().to_owned();
    let (parts, body) = request.into_parts();
    let is_form = parts.method == Method::POST
        && path.starts_with("/api/")
        && parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    // A server function's body is already in memory (body_limit.rs); keeping a copy of it
    // costs a reference count.
    let (body, form) = if is_form {
        match Limited::new(body, MAX_SERVER_FUNCTION_BYTES).collect().await {
            Ok(collected) => {
                let bytes = collected.to_bytes();
                (Body::from(bytes.clone()), Some(bytes))
            }
            Err(_) => {
                return (
                    StatusCode::BAD_REQUEST,
                    "送信された内容を読み取れませんでした。 / The request body could not be read.",
                )
                    .into_response();
            }
        }
    } else {
        (body, None)
    };

    let mut response = next.run(Request::from_parts(parts, body)).await;
    let already_audited = response.headers_mut().remove(AUDITED_DENIAL).is_some();
    let action = match response.status() {
        StatusCode::NOT_FOUND => AuditAction::RecordDenied,
        StatusCode::FORBIDDEN if path.starts_with("/api/") && !already_audited => {
            AuditAction::PermissionDenied
        }
        _ => return response,
    };
    let ids = form.as_ref().map(id_fields).unwrap_or_default();
    let event = AuditEvent::new(action)
        .by(&signed_in.actor)
        .details(serde_json::json!({ "path": path, "ids": ids }));
    if let Err(error) = event.write(&state.db, state.clock.now(), &meta).await {
        tracing::error!(%error, "cannot record a refusal");
    }
    response
}

/// The fields of a form that name records (`id`, `case_id`, `query[guardian_id]`…).
fn id_fields(form: &Bytes) -> serde_json::Map<String, serde_json::Value> {
    form_urlencoded::parse(form)
        .filter(|(name, _)| {
            let name = name.trim_end_matches(']');
            name == "id" || name.ends_with("_id") || name.ends_with("[id")
        })
        .take(MAX_IDS)
        .map(|(name, value)| {
            let value: String = value.chars().take(MAX_ID_LENGTH).collect();
            (name.chars().take(MAX_ID_LENGTH).collect(), serde_json::Value::String(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_that_name_records_are_kept_and_bounded() {
        let long = "x".repeat(500);
        let form =
            format!("id=a&case_id=b&query%5Bguardian_id%5D=c&notes=secret&version=3&x_id={long}");
        let ids = id_fields(&Bytes::from(form));
        assert_eq!(ids.get("id"), Some(&serde_json::json!("a")));
        assert_eq!(ids.get("case_id"), Some(&serde_json::json!("b")));
        assert_eq!(ids.get("query[guardian_id]"), Some(&serde_json::json!("c")));
        assert!(!ids.contains_key("notes") && !ids.contains_key("version"), "only ids: {ids:?}");
        assert_eq!(ids["x_id"].as_str().map(str::len), Some(MAX_ID_LENGTH));

        let many: Vec<String> = (0..100).map(|n| format!("id={n}")).collect();
        assert_eq!(id_fields(&Bytes::from(many.join("&"))).len(), 1, "one key, the last value");
        let many: Vec<String> = (0..100).map(|n| format!("f{n}_id={n}")).collect();
        assert_eq!(id_fields(&Bytes::from(many.join("&"))).len(), MAX_IDS);
    }
}
