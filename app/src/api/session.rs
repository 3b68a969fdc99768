//! The signed-in user as the browser knows them.

use crate::api::AppError;
use crate::domain::access::Actor;
use crate::domain::accounts::RequiredStep;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub display_name: String,
    pub actor: Actor,
    /// What the user must do on their account page before anything else.
    pub required_step: Option<RequiredStep>,
    /// How long the session survives without a request to the server.
    pub idle_timeout_seconds: i64,
}

/// Provided once by the application shell. Signing in and out load a new page, so the value
/// never changes while a page lives.
#[derive(Debug, Clone)]
pub struct CurrentUserContext(pub Option<CurrentUser>);

/// Provides the signed-in user to every component: read from the request on the server, and
/// carried in the HTML to the browser, which hydrates with the same value.
pub fn provide_current_user() {
    let user = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            crate::server::auth::current_user()
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner();
    provide_context(CurrentUserContext(user));
}

/// The signed-in user, if any.
pub fn use_current_user() -> Option<CurrentUser> {
    use_context::<CurrentUserContext>().and_then(|context| context.0)
}

/// Confirms the session is alive; the request itself counts as activity. The page calls it
/// when the user asks to stay signed in and after moving to another page.
#[server(endpoint = "session/keep_alive")]
pub async fn keep_session_alive() -> Result<(), AppError> {
    use crate::domain::access::{Access, Area};
    crate::server::auth::require(Area::OwnAccount, Access::Read).await?;
    Ok(())
}
