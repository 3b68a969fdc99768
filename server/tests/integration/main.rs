//! Integration tests: the whole application in-process, on a fresh database per test, each on
//! SQLite and on PostgreSQL (see `support`). One test binary keeps the link step short.

mod support;

mod account;
mod activities;
mod admin;
mod after_death;
mod assets;
mod auth;
mod authorization;
mod backups;
mod calendar;
mod cases;
mod dashboard;
mod database;
mod documents;
mod exports;
mod guardians;
mod health;
mod hostile_input;
mod imports;
mod inbox;
mod locale;
mod maintenance;
mod outreach;
mod pages;
mod portal;
mod races;
mod sample_data;
mod security;
mod serving;
mod statistics;
mod support_requests;
mod two_factor;
