//! After-death affairs (死後事務) recorded on a case: what was done once the person died
//! (death registration, the funeral contract with the court's permission, debts paid, the
//! estate preserved and handed to the heirs). Records are added, never rewritten.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AfterDeathAffairs::Table)
                    .col(pk_uuid(AfterDeathAffairs::Id))
                    .col(uuid(AfterDeathAffairs::CaseId))
                    .col(string_len(AfterDeathAffairs::Affair, 32))
                    .col(date(AfterDeathAffairs::DoneOn))
                    .col(date_null(AfterDeathAffairs::CourtPermissionOn))
                    .col(text(AfterDeathAffairs::Notes).default(""))
                    .col(uuid_null(AfterDeathAffairs::GuardianId))
                    .col(uuid(AfterDeathAffairs::RecordedBy))
                    .col(timestamp_with_time_zone(AfterDeathAffairs::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_after_death_affairs_case")
                            .from(AfterDeathAffairs::Table, AfterDeathAffairs::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_after_death_affairs_recorded_by")
                            .from(AfterDeathAffairs::Table, AfterDeathAffairs::RecordedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_after_death_affairs_case")
                    .table(AfterDeathAffairs::Table)
                    .col(AfterDeathAffairs::CaseId)
                    .col(AfterDeathAffairs::DoneOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AfterDeathAffairs::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AfterDeathAffairs {
    Table,
    Id,
    CaseId,
    Affair,
    DoneOn,
    CourtPermissionOn,
    Notes,
    GuardianId,
    RecordedBy,
    RecordedAt,
}
