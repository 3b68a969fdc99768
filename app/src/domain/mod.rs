//! Domain rules: plain Rust with no web framework and no database, shared by the server, the
//! browser and the tests. Nothing here performs I/O.

/// Longest free text (notes, summaries) a record holds, in characters.
pub const TEXT_MAX_CHARS: usize = 4000;

pub mod access;
pub mod accounts;
pub mod activities;
pub mod after_death;
pub mod appointments;
pub mod audit;
pub mod calendar;
pub mod case_list;
pub mod cases;
pub mod categories;
pub mod consultations;
pub mod dates;
pub mod deadlines;
pub mod documents;
pub mod export;
pub mod guardian_list;
pub mod guardians;
pub mod import;
pub mod inbox;
pub mod matching;
pub mod outreach;
pub mod paging;
pub mod periods;
pub mod persons;
pub mod relays;
pub mod search;
pub mod statistics;
pub mod support;
pub mod text;
pub mod workload;
