//! Password changes, two-factor sign-in and the settings an administrator controls.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for column in [
            // The TOTP shared secret (RFC 6238), base32; set while enrolling, confirmed by the
            // first valid code, which sets `totp_enabled_at`.
            ColumnDef::new(Users::TotpSecret).string_len(64).null().to_owned(),
            ColumnDef::new(Users::TotpEnabledAt).timestamp_with_time_zone().null().to_owned(),
            // The last 30-second step whose code was accepted: a code is never accepted twice.
            ColumnDef::new(Users::TotpLastStep).big_integer().null().to_owned(),
        ] {
            manager
                .alter_table(Table::alter().table(Users::Table).add_column(column).to_owned())
                .await?;
        }
        // A session that has passed the password but not yet the second factor.
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(boolean(Sessions::AwaitingSecondFactor).default(false))
                    .to_owned(),
            )
            .await?;
        // Offices are edited by administrators now: optimistic locking as on users.
        manager
            .alter_table(
                Table::alter()
                    .table(Offices::Table)
                    .add_column(integer(Offices::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(pk_uuid(RecoveryCodes::Id))
                    .col(uuid(RecoveryCodes::UserId))
                    // SHA-256 of the code, hex: codes are long random strings, so a fast hash
                    // is enough, and the table opens nothing.
                    .col(string_len(RecoveryCodes::CodeHash, 64))
                    .col(timestamp_with_time_zone(RecoveryCodes::CreatedAt))
                    .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_recovery_codes_user")
                            .from(RecoveryCodes::Table, RecoveryCodes::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_recovery_codes_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string_len(Settings::Key, 64).primary_key())
                    .col(string_len(Settings::Value, 255))
                    .col(timestamp_with_time_zone(Settings::UpdatedAt))
                    .col(integer(Settings::Version).default(1))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Settings::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(RecoveryCodes::Table).to_owned()).await?;
        manager
            .alter_table(
                Table::alter().table(Offices::Table).drop_column(Offices::Version).to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::AwaitingSecondFactor)
                    .to_owned(),
            )
            .await?;
        for column in [Users::TotpLastStep, Users::TotpEnabledAt, Users::TotpSecret] {
            manager
                .alter_table(Table::alter().table(Users::Table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    AwaitingSecondFactor,
}

#[derive(DeriveIden)]
enum Offices {
    Table,
    Version,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
    Version,
}
