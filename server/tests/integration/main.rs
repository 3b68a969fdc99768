//! Integration tests: the whole application in-process, on a fresh database per test, each on
//! SQLite and on PostgreSQL (see `support`). One test binary keeps the link step short.

mod support;

// A client over TCP and the server as a child process, shared with the load bench; the crash
// harness uses what it needs of them.
#[allow(dead_code)]
#[path = "../../benches/load/server.rs"]
mod child_server;
#[allow(dead_code)]
#[path = "../../benches/load/client.rs"]
mod client;

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
mod crashes;
mod dashboard;
mod database;
mod documents;
mod exports;
mod guardians;
mod health;
mod hostile_input;
mod idor;
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
mod two_servers;
