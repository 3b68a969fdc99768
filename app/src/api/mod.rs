//! Server functions by area, and the types that cross the wire (DTOs). Each server function is
//! thin: it establishes who is asking, parses its input, calls a service in [`crate::server`]
//! and maps the result to a DTO. Entities never leave the server.

pub mod account;
pub mod activities;
pub mod admin;
pub mod after_death;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod cases;
pub mod dashboard;
pub mod deadlines;
pub mod documents;
pub mod error;
pub mod guardians;
pub mod home;
pub mod imports;
pub mod inbox;
pub mod intake;
pub mod master_data;
pub mod matching;
pub mod outreach;
pub mod portal;
pub mod prerendered;
pub mod session;
pub mod statistics;
pub mod support;
pub mod two_factor;

pub use error::AppError;

use crate::domain::accounts::{LoginIdProblem, PasswordProblem};

/// The message code of a password the policy refused.
pub fn password_problem_code(problem: PasswordProblem) -> &'static str {
    match problem {
        PasswordProblem::TooShort => "password_too_short",
        PasswordProblem::TooLong => "password_too_long",
        PasswordProblem::SameAsLoginId => "password_contains_login_id",
        PasswordProblem::Repetitive => "password_repetitive",
    }
}

/// The message code of a login id the rules refused.
pub fn login_id_problem_code(problem: LoginIdProblem) -> &'static str {
    match problem {
        LoginIdProblem::Characters => "login_id_characters",
        LoginIdProblem::Length => "login_id_length",
    }
}
