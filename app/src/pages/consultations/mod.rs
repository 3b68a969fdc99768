//! Intake consultations: logging one, and the centre's log.

pub mod edit;
pub mod log;
pub mod new;
