use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    // Lower-case ASCII, validated by the application; unique as stored.
                    .col(string_len_uniq(Users::LoginId, 64))
                    .col(string_len(Users::DisplayName, 100))
                    .col(string_len(Users::Role, 16))
                    .col(uuid_null(Users::OfficeId))
                    // The guardian-register entry of a citizen guardian's account. The register
                    // arrives later; its migration adds the foreign key.
                    .col(uuid_null(Users::GuardianId))
                    // A PHC string (Argon2id); never leaves the server.
                    .col(string_len(Users::PasswordHash, 255))
                    .col(boolean(Users::MustChangePassword).default(false))
                    .col(boolean(Users::Active).default(true))
                    .col(integer(Users::FailedSignIns).default(0))
                    .col(timestamp_with_time_zone_null(Users::LockedUntil))
                    .col(timestamp_with_time_zone(Users::PasswordChangedAt))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    // Optimistic locking: every update checks and increments it.
                    .col(integer(Users::Version).default(1))
                    .check(Expr::col(Users::Role).is_in([
                        "admin",
                        "manager",
                        "coordinator",
                        "guardian",
                    ]))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_office")
                            .from(Users::Table, Users::OfficeId)
                            .to(Offices::Table, Offices::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_office")
                    .table(Users::Table)
                    .col(Users::OfficeId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Users::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    LoginId,
    DisplayName,
    Role,
    OfficeId,
    GuardianId,
    PasswordHash,
    MustChangePassword,
    Active,
    FailedSignIns,
    LockedUntil,
    PasswordChangedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Offices {
    Table,
    Id,
}
