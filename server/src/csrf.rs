//! Cross-site request forgery protection: a request that changes something (any method but
//! GET, HEAD and OPTIONS) must come from a page of this site. Browsers say where a request
//! comes from in `Sec-Fetch-Site` (all current ones) or `Origin` (older ones); a request with
//! neither is not from a browser, so no browser session can be abused through it.
//!
//! Together with `SameSite=Lax` session cookies this is the OWASP-recommended defence without
//! tokens in every form. See <https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html>.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode, header};
use std::sync::Arc;

/// The site's origin (`https://host[:port]`) when configured; otherwise the request's `Host`
/// header is the reference.
#[derive(Debug, Clone, Default)]
pub struct SiteOrigin(Option<Arc<str>>);

impl SiteOrigin {
    pub fn from_public_url(public_url: Option<&str>) -> SiteOrigin {
        let origin = public_url.and_then(|url| {
            let (scheme, rest) = url.split_once("://")?;
            let authority = rest.split('/').next()?;
            Some(format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
        });
        SiteOrigin(origin.map(Into::into))
    }

    fn allows(&self, headers: &HeaderMap) -> bool {
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        if let Some(site) = header("sec-fetch-site") {
            // "none": typed into the address bar or a bookmark, i.e. the user's own doing.
            return matches!(site, "same-origin" | "none");
        }
        let Some(origin) = header(header::ORIGIN.as_str()) else { return true };
        match &self.0 {
            Some(expected) => origin.eq_ignore_ascii_case(expected),
            None => {
                let authority = origin.split_once("://").map(|(_, authority)| authority);
                authority.is_some_and(|authority| {
                    header(header::HOST.as_str())
                        .is_some_and(|host| host.eq_ignore_ascii_case(authority))
                })
            }
        }
    }
}

pub async fn reject_cross_site(
    State(origin): State<SiteOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !origin.allows(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "他のサイトからの送信は受け付けません。 / Requests from other sites are refused.",
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let origin = SiteOrigin::default();
        assert!(origin.allows(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(origin.allows(&headers(&[("sec-fetch-site", "none")])));
        assert!(!origin.allows(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(
            !origin.allows(&headers(&[("sec-fetch-site", "same-site")])),
            "a sibling subdomain is another site"
        );
    }

    #[test]
    fn otherwise_the_origin_must_be_this_site() {
        let configured = SiteOrigin::from_public_url(Some("https://Koken.example.jp/app"));
        assert!(configured.allows(&headers(&[("origin", "https://koken.example.jp")])));
        assert!(!configured.allows(&headers(&[("origin", "http://koken.example.jp")])));
        assert!(!configured.allows(&headers(&[("origin", "https://evil.example")])));

        let by_host = SiteOrigin::default();
        assert!(
            by_host.allows(&headers(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]))
        );
        assert!(
            !by_host
                .allows(&headers(&[("origin", "http://evil.example"), ("host", "127.0.0.1:3000")]))
        );
        assert!(!by_host.allows(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
    }

    #[test]
    fn requests_that_no_browser_sent_pass() {
        assert!(SiteOrigin::default().allows(&HeaderMap::new()));
    }
}
