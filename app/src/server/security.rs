//! The Content-Security-Policy of every page, with the nonce Leptos puts on its own scripts.

use leptos::prelude::use_context;

/// Scripts run only if they carry this response's nonce (Leptos' hydration and data scripts)
/// or were loaded by one that does ('strict-dynamic'); wasm may be compiled; styles, images,
/// fonts and requests stay on this site; nothing may frame the page, change its base URL or
/// embed plugins; forms post only here. No inline style is needed: pages use classes.
pub fn page_policy(nonce: &str) -> String {
    [
        "default-src 'self'".to_owned(),
        format!("script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'"),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        "font-src 'self'".to_owned(),
        "connect-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
        "form-action 'self'".to_owned(),
    ]
    .join("; ")
}

/// Sets the page's policy on the response being rendered (called from the HTML shell).
pub fn set_page_policy() {
    let (Some(nonce), Some(response)) =
        (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    match http::HeaderValue::from_str(&page_policy(&nonce)) {
        Ok(value) => response.insert_header(http::header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "cannot build the Content-Security-Policy"),
    }
}

#[cfg(test)]
mod tests {
    use super::page_policy;

    #[test]
    fn the_policy_allows_only_nonced_scripts_and_wasm() {
        let policy = page_policy("abc123");
        assert!(policy.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'"));
        for directive in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(policy.contains(directive), "{directive}");
        }
        assert!(!policy.contains("unsafe-inline"));
    }
}
