use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Offices::Table)
                    .col(pk_uuid(Offices::Id))
                    .col(string_len_uniq(Offices::Code, 32))
                    .col(string_len(Offices::Name, 200))
                    .col(integer(Offices::SortOrder).default(0))
                    .col(boolean(Offices::Active).default(true))
                    .col(timestamp_with_time_zone(Offices::CreatedAt))
                    .col(timestamp_with_time_zone(Offices::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Offices::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Offices {
    Table,
    Id,
    Code,
    Name,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
}
