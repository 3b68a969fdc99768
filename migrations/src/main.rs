//! `cargo run -p migrations --features cli -- <command>`, with `DATABASE_URL` set.

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migrations::Migrator).await;
}
