//! A contact removed from a person's team stays on record as removed (who, when): the team
//! around a person is part of the case history, and a mistaken removal can be looked up.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new(PersonContacts::RemovedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(PersonContacts::RemovedBy).uuid().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(PersonContacts::Table).add_column(column).to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [PersonContacts::RemovedBy, PersonContacts::RemovedAt] {
            manager
                .alter_table(
                    Table::alter().table(PersonContacts::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum PersonContacts {
    Table,
    RemovedAt,
    RemovedBy,
}
