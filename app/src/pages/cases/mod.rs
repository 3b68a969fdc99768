//! Case files: the list, one case's page and its parts.

pub mod case_form;
pub mod detail;
pub mod list;
pub mod person_panel;
pub mod petition;
pub mod workflow;
