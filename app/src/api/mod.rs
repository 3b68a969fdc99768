//! Server functions by area, and the types that cross the wire (DTOs). Each server function is
//! thin: it establishes who is asking, parses its input, calls a service in [`crate::server`]
//! and maps the result to a DTO. Entities never leave the server.

pub mod error;
pub mod home;
pub mod session;

pub use error::AppError;
