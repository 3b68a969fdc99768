//! Ledgers brought in from Excel and CSV. An upload becomes a batch: the sheet's cells as text
//! (so the mapping step and the dry run read them again without the file), then the mapping
//! and the dry run's report, then the commit. A commit clears the cells: from then on the
//! records hold the data, and the batch keeps only its report and counts. The mapping a centre
//! chose for a sheet's headings is remembered for the next file with the same headings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportBatches::Table)
                    .col(pk_uuid(ImportBatches::Id))
                    .col(string_len(ImportBatches::Kind, 16))
                    .col(string_len(ImportBatches::FileName, 255))
                    // Where new cases go: the importer's office, or the one an administrator
                    // chose. None for the guardian register (centre-wide).
                    .col(uuid_null(ImportBatches::OfficeId))
                    .col(string_len(ImportBatches::SheetName, 64))
                    // JSON: the headings, and the rows as [row number, [cell text]].
                    .col(text(ImportBatches::Headings))
                    .col(text(ImportBatches::Cells))
                    .col(integer(ImportBatches::RowCount))
                    // JSON: a field code (or null) per column, once chosen.
                    .col(text_null(ImportBatches::Mapping))
                    // JSON: the dry run's findings and matches.
                    .col(text_null(ImportBatches::Report))
                    // uploaded → checked → committed
                    .col(string_len(ImportBatches::Status, 16))
                    .col(integer(ImportBatches::NewCount).default(0))
                    .col(integer(ImportBatches::UpdatedCount).default(0))
                    .col(integer(ImportBatches::UnchangedCount).default(0))
                    .col(integer(ImportBatches::ErrorCount).default(0))
                    .col(integer(ImportBatches::MatchCount).default(0))
                    .col(uuid(ImportBatches::CreatedBy))
                    .col(timestamp_with_time_zone(ImportBatches::CreatedAt))
                    .col(timestamp_with_time_zone_null(ImportBatches::CommittedAt))
                    .col(integer(ImportBatches::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_batches_created_by")
                            .from(ImportBatches::Table, ImportBatches::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_batches_created_at")
                    .table(ImportBatches::Table)
                    .col(ImportBatches::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportMappings::Table)
                    .col(pk_uuid(ImportMappings::Id))
                    .col(string_len(ImportMappings::Kind, 16))
                    // A digest of the headings as compared (width and spacing folded).
                    .col(string_len(ImportMappings::Signature, 64))
                    .col(text(ImportMappings::Mapping))
                    .col(uuid(ImportMappings::UpdatedBy))
                    .col(timestamp_with_time_zone(ImportMappings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_import_mappings_kind_signature")
                    .table(ImportMappings::Table)
                    .col(ImportMappings::Kind)
                    .col(ImportMappings::Signature)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ImportMappings::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(ImportBatches::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ImportBatches {
    Table,
    Id,
    Kind,
    FileName,
    OfficeId,
    SheetName,
    Headings,
    Cells,
    RowCount,
    Mapping,
    Report,
    Status,
    NewCount,
    UpdatedCount,
    UnchangedCount,
    ErrorCount,
    MatchCount,
    CreatedBy,
    CreatedAt,
    CommittedAt,
    Version,
}

#[derive(DeriveIden)]
enum ImportMappings {
    Table,
    Id,
    Kind,
    Signature,
    Mapping,
    UpdatedBy,
    UpdatedAt,
}
