//! Domain rules: plain Rust with no web framework and no database, shared by the server, the
//! browser and the tests. Nothing here performs I/O.

pub mod access;
pub mod accounts;
pub mod audit;
pub mod case_list;
pub mod cases;
pub mod categories;
pub mod dates;
pub mod persons;
pub mod search;
