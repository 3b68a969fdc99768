//! What the server knows about the request being served, for the audit trail and the logs.

use leptos::prelude::use_context;

/// Put into every request's extensions by the server's session layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestMeta {
    /// The `x-request-id` the server gave the request (also in its log lines).
    pub request_id: Option<String>,
    /// The client's address: the peer, or the forwarded address behind a trusted proxy.
    pub client_ip: Option<String>,
}

/// The current request's metadata, from the request parts Leptos keeps in context.
pub fn request_meta() -> RequestMeta {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestMeta>().cloned())
        .unwrap_or_default()
}
