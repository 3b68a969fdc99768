//! The Kōken Desk server: configuration, database, HTTP stack and command line. The binary in
//! `main.rs` is a thin wrapper; tests build the same application with [`build_app`].

pub mod accounts;
pub mod assets;
pub mod attachment;
pub mod auth;
pub mod backup;
pub mod body_limit;
pub mod calendar;
pub mod caller;
pub mod config;
pub mod csrf;
pub mod database;
pub mod documents;
pub mod exports;
pub mod health;
pub mod import_template;
pub mod imports;
pub mod locale;
pub mod maintenance;
pub mod middleware;
pub mod multipart;
pub mod sample_data;
pub mod seed;
pub mod startup;
pub mod telemetry;
pub mod xlsx;

pub use config::Config;
pub use startup::{Application, build_app};
