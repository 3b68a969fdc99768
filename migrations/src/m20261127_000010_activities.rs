//! Activity records on a case (visits, calls, case meetings, decision-making support, rights
//! responses) and the support requests guardians send the centre, each a thread of messages.
//! Both are records of what happened: rows are added, never rewritten.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .col(pk_uuid(Activities::Id))
                    .col(uuid(Activities::CaseId))
                    .col(string_len(Activities::Kind, 32))
                    .col(date(Activities::OccurredOn))
                    .col(integer_null(Activities::DurationMinutes))
                    .col(string_len(Activities::Participants, 400).default(""))
                    .col(text(Activities::Notes).default(""))
                    // Decision-making support (意思決定支援): the person's wishes, the options
                    // discussed and what was decided.
                    .col(text(Activities::Wishes).default(""))
                    .col(text(Activities::Options).default(""))
                    .col(text(Activities::Decided).default(""))
                    .col(string_len_null(Activities::Violation, 32))
                    // The register entry of the guardian who logged it; none for centre staff.
                    .col(uuid_null(Activities::GuardianId))
                    .col(uuid(Activities::RecordedBy))
                    .col(timestamp_with_time_zone(Activities::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_case")
                            .from(Activities::Table, Activities::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_guardian")
                            .from(Activities::Table, Activities::GuardianId)
                            .to(Guardians::Table, Guardians::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_recorded_by")
                            .from(Activities::Table, Activities::RecordedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SupportRequests::Table)
                    .col(pk_uuid(SupportRequests::Id))
                    .col(uuid(SupportRequests::GuardianId))
                    // The case it is about, if any (a question about reports in general has none).
                    .col(uuid_null(SupportRequests::CaseId))
                    .col(string_len(SupportRequests::Subject, 200))
                    .col(string_len(SupportRequests::Status, 16).default("open"))
                    .col(uuid(SupportRequests::OpenedBy))
                    .col(timestamp_with_time_zone(SupportRequests::OpenedAt))
                    .col(timestamp_with_time_zone_null(SupportRequests::ClosedAt))
                    .col(uuid_null(SupportRequests::ClosedBy))
                    .col(timestamp_with_time_zone(SupportRequests::UpdatedAt))
                    .col(integer(SupportRequests::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_requests_guardian")
                            .from(SupportRequests::Table, SupportRequests::GuardianId)
                            .to(Guardians::Table, Guardians::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_requests_case")
                            .from(SupportRequests::Table, SupportRequests::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SupportMessages::Table)
                    .col(pk_uuid(SupportMessages::Id))
                    .col(uuid(SupportMessages::RequestId))
                    .col(uuid(SupportMessages::AuthorId))
                    .col(text(SupportMessages::Body))
                    .col(timestamp_with_time_zone(SupportMessages::WrittenAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_messages_request")
                            .from(SupportMessages::Table, SupportMessages::RequestId)
                            .to(SupportRequests::Table, SupportRequests::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_messages_author")
                            .from(SupportMessages::Table, SupportMessages::AuthorId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            // A case's activities by date (the case page, the last contact per case).
            (
                "ix_activities_case_occurred",
                Activities::Table.into_iden(),
                vec![Activities::CaseId.into_iden(), Activities::OccurredOn.into_iden()],
            ),
            (
                "ix_support_requests_guardian",
                SupportRequests::Table.into_iden(),
                vec![SupportRequests::GuardianId.into_iden()],
            ),
            // Open requests for the inbox.
            (
                "ix_support_requests_status",
                SupportRequests::Table.into_iden(),
                vec![SupportRequests::Status.into_iden(), SupportRequests::UpdatedAt.into_iden()],
            ),
            (
                "ix_support_messages_request",
                SupportMessages::Table.into_iden(),
                vec![
                    SupportMessages::RequestId.into_iden(),
                    SupportMessages::WrittenAt.into_iden(),
                ],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SupportMessages::Table.into_iden(),
            SupportRequests::Table.into_iden(),
            Activities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Guardians {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    CaseId,
    Kind,
    OccurredOn,
    DurationMinutes,
    Participants,
    Notes,
    Wishes,
    Options,
    Decided,
    Violation,
    GuardianId,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum SupportRequests {
    Table,
    Id,
    GuardianId,
    CaseId,
    Subject,
    Status,
    OpenedBy,
    OpenedAt,
    ClosedAt,
    ClosedBy,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum SupportMessages {
    Table,
    Id,
    RequestId,
    AuthorId,
    Body,
    WrittenAt,
}
