//! The database schema as an ordered list of migrations. The server applies them at start;
//! the `cli` feature adds the sea-orm-migration command line (status, up, down, fresh).
//!
//! Migrations name tables and columns directly, never the application's entities, so an old
//! migration keeps compiling and meaning the same thing after the entities change.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_create_offices;
mod m20261126_000002_create_users;
mod m20261126_000003_create_sessions;
mod m20261126_000004_create_audit_log;
mod m20261126_000005_account_security;
mod m20261126_000006_case_files;
mod m20261127_000007_contact_history;
mod m20261127_000008_guardians;
mod m20261127_000009_deadlines;
mod m20261127_000010_activities;
mod m20261128_000011_calendar_feeds;
mod m20261128_000012_case_documents;
mod m20261128_000013_guardian_support;
mod m20261128_000014_after_death_affairs;
mod m20261129_000015_report_horizon;
mod m20261130_000016_imports;
mod m20261130_000017_appointment_tracked_from;
mod m20261201_000018_aggregate_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_offices::Migration),
            Box::new(m20261126_000002_create_users::Migration),
            Box::new(m20261126_000003_create_sessions::Migration),
            Box::new(m20261126_000004_create_audit_log::Migration),
            Box::new(m20261126_000005_account_security::Migration),
            Box::new(m20261126_000006_case_files::Migration),
            Box::new(m20261127_000007_contact_history::Migration),
            Box::new(m20261127_000008_guardians::Migration),
            Box::new(m20261127_000009_deadlines::Migration),
            Box::new(m20261127_000010_activities::Migration),
            Box::new(m20261128_000011_calendar_feeds::Migration),
            Box::new(m20261128_000012_case_documents::Migration),
            Box::new(m20261128_000013_guardian_support::Migration),
            Box::new(m20261128_000014_after_death_affairs::Migration),
            Box::new(m20261129_000015_report_horizon::Migration),
            Box::new(m20261130_000016_imports::Migration),
            Box::new(m20261130_000017_appointment_tracked_from::Migration),
            Box::new(m20261201_000018_aggregate_indexes::Migration),
        ]
    }
}
