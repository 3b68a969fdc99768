//! Integration tests: the whole application in-process, on a fresh database per test, each on
//! SQLite and on PostgreSQL (see `support`). One test binary keeps the link step short.

mod support;

mod assets;
mod auth;
mod database;
mod health;
mod locale;
mod pages;
mod serving;
