//! The day from which an appointment's deadlines are kept here. An appointment brought in from
//! a ledger began years ago; the reports due before the import were handled (or not) in the
//! ledger, and this app has no record of which: generating them would show every imported
//! case with years of overdue reports. Deadlines due before this day are not generated; none
//! for appointments recorded here.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Appointments::Table)
                    .add_column(date_null(Appointments::TrackedFrom))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Appointments::Table)
                    .drop_column(Appointments::TrackedFrom)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Appointments {
    Table,
    TrackedFrom,
}
