//! Documents on a case (審判書, 登記事項証明書, 財産目録, reports, letters): stored in the
//! database, so every server process sees them and every backup holds them. A document's
//! versions share a series; a new version is added beside the old ones, never over them. The
//! bytes live in their own table, so listing documents never reads them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CaseDocuments::Table)
                    .col(pk_uuid(CaseDocuments::Id))
                    .col(uuid(CaseDocuments::CaseId))
                    // The first version's id; every later version carries it too.
                    .col(uuid(CaseDocuments::SeriesId))
                    .col(integer(CaseDocuments::VersionNumber))
                    .col(string_len(CaseDocuments::Kind, 32))
                    .col(string_len(CaseDocuments::Title, 200))
                    .col(string_len(CaseDocuments::FileName, 255))
                    // As read from the content, never from the name.
                    .col(string_len(CaseDocuments::ContentType, 64))
                    .col(big_integer(CaseDocuments::SizeBytes))
                    .col(string_len(CaseDocuments::Sha256, 64))
                    // The guardian who uploaded it, when a guardian did.
                    .col(uuid_null(CaseDocuments::GuardianId))
                    .col(uuid(CaseDocuments::UploadedBy))
                    .col(timestamp_with_time_zone(CaseDocuments::UploadedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_documents_case")
                            .from(CaseDocuments::Table, CaseDocuments::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_documents_uploaded_by")
                            .from(CaseDocuments::Table, CaseDocuments::UploadedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentContents::Table)
                    .col(pk_uuid(DocumentContents::DocumentId))
                    .col(blob(DocumentContents::Bytes))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_contents_document")
                            .from(DocumentContents::Table, DocumentContents::DocumentId)
                            .to(CaseDocuments::Table, CaseDocuments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_case_documents_case")
                    .table(CaseDocuments::Table)
                    .col(CaseDocuments::CaseId)
                    .col(CaseDocuments::UploadedAt)
                    .to_owned(),
            )
            .await?;
        // Two uploads racing to be the next version of one document: one of them must lose.
        manager
            .create_index(
                Index::create()
                    .name("ux_case_documents_series_version")
                    .table(CaseDocuments::Table)
                    .col(CaseDocuments::SeriesId)
                    .col(CaseDocuments::VersionNumber)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DocumentContents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(CaseDocuments::Table).to_owned()).await
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
enum CaseDocuments {
    Table,
    Id,
    CaseId,
    SeriesId,
    VersionNumber,
    Kind,
    Title,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    GuardianId,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum DocumentContents {
    Table,
    DocumentId,
    Bytes,
}
