//! Court deadlines: each family court's (or branch's) rule for periodic reports, what an
//! appointment adds to the rules (powers over property, a first report date the court set, fee
//! petitions), and the deadlines generated from them. A deadline row is kept in step with the
//! appointment's dates; one marked done is history and is never regenerated.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement. No rule on a court: the centre's default
        // (yearly, at the end of the month after the decision's month).
        for column in [
            ColumnDef::new(FamilyCourts::ReportReference).string_len(32).null().to_owned(),
            ColumnDef::new(FamilyCourts::ReportFixedMonth).integer().null().to_owned(),
            ColumnDef::new(FamilyCourts::ReportIntervalMonths).integer().null().to_owned(),
            ColumnDef::new(FamilyCourts::ReportOffsetMonths).integer().null().to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(FamilyCourts::Table).add_column(column).to_owned(),
                )
                .await?;
        }
        for column in [
            ColumnDef::new(Appointments::PropertyPowers)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(Appointments::FirstReportOn).date().null().to_owned(),
            ColumnDef::new(Appointments::FeePetitions)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter().table(Appointments::Table).add_column(column).to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Deadlines::Table)
                    .col(pk_uuid(Deadlines::Id))
                    .col(uuid(Deadlines::CaseId))
                    .col(uuid(Deadlines::AppointmentId))
                    .col(string_len(Deadlines::Kind, 32))
                    .col(integer(Deadlines::Sequence))
                    .col(date(Deadlines::DueOn))
                    // The court extended it (the inventory's one month, 民法853条 ただし書).
                    .col(date_null(Deadlines::ExtendedTo))
                    .col(date_null(Deadlines::DoneOn))
                    .col(string_len(Deadlines::DoneNote, 400).default(""))
                    .col(uuid_null(Deadlines::DoneBy))
                    .col(timestamp_with_time_zone(Deadlines::UpdatedAt))
                    .col(integer(Deadlines::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadlines_case")
                            .from(Deadlines::Table, Deadlines::CaseId)
                            .to(Cases::Table, Cases::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadlines_appointment")
                            .from(Deadlines::Table, Deadlines::AppointmentId)
                            .to(Appointments::Table, Appointments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_deadlines_appointment_kind_sequence")
                    .table(Deadlines::Table)
                    .col(Deadlines::AppointmentId)
                    .col(Deadlines::Kind)
                    .col(Deadlines::Sequence)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_deadlines_case", vec![Deadlines::CaseId]),
            // Open deadlines by date: the inbox and the overdue counts.
            ("ix_deadlines_open_due", vec![Deadlines::DoneOn, Deadlines::DueOn]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Deadlines::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Deadlines::Table).to_owned()).await?;
        for column in
            [Appointments::FeePetitions, Appointments::FirstReportOn, Appointments::PropertyPowers]
        {
            manager
                .alter_table(
                    Table::alter().table(Appointments::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        for column in [
            FamilyCourts::ReportOffsetMonths,
            FamilyCourts::ReportIntervalMonths,
            FamilyCourts::ReportFixedMonth,
            FamilyCourts::ReportReference,
        ] {
            manager
                .alter_table(
                    Table::alter().table(FamilyCourts::Table).drop_column(column).to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum FamilyCourts {
    Table,
    ReportReference,
    ReportFixedMonth,
    ReportIntervalMonths,
    ReportOffsetMonths,
}

#[derive(DeriveIden)]
enum Appointments {
    Table,
    Id,
    PropertyPowers,
    FirstReportOn,
    FeePetitions,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Deadlines {
    Table,
    Id,
    CaseId,
    AppointmentId,
    Kind,
    Sequence,
    DueOn,
    ExtendedTo,
    DoneOn,
    DoneNote,
    DoneBy,
    UpdatedAt,
    Version,
}
