//! The one error type of every server function. Internal details (SQL, stack traces, file
//! paths) are logged on the server and never sent: the client learns only which kind of
//! failure happened, and shows a message in the user's language for it.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form, with a message key the page translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input was rejected; nothing was changed.
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// The record does not exist, or the user may not know that it exists.
    #[error("not found")]
    NotFound,
    /// Nobody is signed in, or the session has ended; sign in again.
    #[error("sign-in required")]
    SignInRequired,
    /// The request could not be decoded (a field missing, doubled or of the wrong type): not
    /// something the application's own pages send, except from a tab older than a release
    /// that changed the form. Nothing was read or changed.
    #[error("malformed request")]
    Malformed,
    /// The user is signed in but may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Someone else changed the record first; reload and try again.
    #[error("conflict")]
    Conflict,
    /// The server or the network failed; the details are in the server's log.
    #[error("internal error")]
    Internal,
    /// The request could not reach the server (client side only).
    #[error("the server could not be reached")]
    Unreachable,
}

impl AppError {
    /// One field's problem, by the message code the page translates.
    pub fn field(field: &str, code: &str) -> AppError {
        AppError::Validation(vec![FieldError { field: field.to_owned(), code: code.to_owned() }])
    }

    /// The message code of `field`'s problem, if this error names one.
    pub fn code_for(&self, field: &str) -> Option<&str> {
        match self {
            AppError::Validation(problems) => problems
                .iter()
                .find(|problem| problem.field == field)
                .map(|problem| problem.code.as_str()),
            _ => None,
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Validation(_) => 422,
            AppError::Malformed => 400,
            AppError::NotFound => 404,
            AppError::SignInRequired => 401,
            AppError::Forbidden => 403,
            AppError::Conflict => 409,
            AppError::Internal | AppError::Unreachable => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => malformed(&error),
            // On the server, the only thing deserialised is the request; on the client, a
            // response that does not decode is the server's fault.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(_) => malformed(&error),
            _ => AppError::Internal,
        }
    }
}

/// A request whose arguments do not decode. server_fn answers every error raised before the
/// function runs with 500, so the status is set here: 400 tells the caller (and the logs) that
/// the request, not the server, was at fault.
#[cfg(feature = "ssr")]
fn malformed(error: &ServerFnErrorErr) -> AppError {
    tracing::info!(%error, "a server function's arguments did not decode");
    crate::server::reject(AppError::Malformed)
}

#[cfg(not(feature = "ssr"))]
fn malformed(_: &ServerFnErrorErr) -> AppError {
    AppError::Malformed
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// Database errors are logged with their details and reach the client as `Internal`.
    fn from(error: sea_orm::DbErr) -> Self {
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}
