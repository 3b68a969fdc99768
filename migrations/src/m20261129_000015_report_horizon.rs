//! Where an appointment's generated periodic reports stop: the due date (a month end, or the
//! day the court set) of the first report not yet generated. The server's daily round syncs an
//! appointment once that date comes within the horizon, instead of every case every day.

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
                    .add_column(date_null(Appointments::NextReportOn))
                    .to_owned(),
            )
            .await?;
        // Appointments made before this column: a date long past asks the first round to
        // compute theirs.
        manager
            .exec_stmt(
                Query::update()
                    .table(Appointments::Table)
                    .value(
                        Appointments::NextReportOn,
                        sea_orm::prelude::Date::from_ymd_opt(2000, 1, 1),
                    )
                    .and_where(Expr::col(Appointments::EndedOn).is_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_appointments_next_report_on")
                    .table(Appointments::Table)
                    .col(Appointments::NextReportOn)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_appointments_next_report_on")
                    .table(Appointments::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Appointments::Table)
                    .drop_column(Appointments::NextReportOn)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Appointments {
    Table,
    EndedOn,
    NextReportOn,
}
