//! Sign-in, sessions and the request's identity.
//!
//! The session layer runs on every page, form and server-function request: it reads the
//! session cookie, checks the session's timeouts and the account, and puts the signed-in user
//! ([`app::server::auth::SignedIn`]) and the request's metadata into the request's extensions,
//! where server functions find them. Pages for signed-out users redirect to the login page;
//! server functions answer 401 themselves (through the permission policy).

mod client_ip;
mod cookie;
mod denied_records;
mod rate_limit;
mod session_layer;
mod sign_in;

pub use client_ip::TrustedProxies;
pub use cookie::SessionCookie;
pub use denied_records::audit_denied_records;
pub use rate_limit::SignInLimiter;
pub use session_layer::{require_sign_in_for_pages, session_layer};
pub use sign_in::{second_factor, sign_in, sign_out};

use app::domain::accounts::SessionPolicy;

/// Everything the session layer and the sign-in handlers need, built from the configuration.
#[derive(Debug)]
pub struct AuthSettings {
    pub policy: SessionPolicy,
    pub cookie: SessionCookie,
    pub trusted_proxies: TrustedProxies,
    pub limiter: SignInLimiter,
}

/// Paths a signed-out user may open.
pub const PUBLIC_PAGES: [&str; 2] = [LOGIN_PAGE, SECOND_FACTOR_PAGE];
/// Where the code from the authenticator app is typed after the password.
pub const SECOND_FACTOR_PAGE: &str = "/login/two-factor";
pub const LOGIN_PAGE: &str = "/login";
/// The user's own account: the only pages open while a [`app::domain::accounts::RequiredStep`]
/// is pending.
pub const ACCOUNT_PAGE: &str = "/account";

// Percent-encodes a query value: the app's one encoder, shared with the pages.
use app::components::encode_query_value as percent_encode;
