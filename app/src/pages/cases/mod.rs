//! Case files: the list, one case's page and its parts.

pub mod activities;
pub mod after_death;
pub mod appointments;
pub mod case_form;
pub mod deadlines;
pub mod detail;
pub mod documents;
pub mod list;
pub mod list_rows;
pub mod matching;
pub mod person_panel;
pub mod petition;
pub mod relay;
pub mod reporting;
pub mod shared_sections;
pub mod workflow;
