//! Guardian support and outreach: the help the centre gives a guardian (citizen or family),
//! one session at a time, and its events (training, seminars, briefings, outreach lectures)
//! with their audience and the register entries that attended.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SupportSessions::Table)
                    .col(pk_uuid(SupportSessions::Id))
                    .col(uuid(SupportSessions::GuardianId))
                    .col(date(SupportSessions::HeldOn))
                    .col(string_len(SupportSessions::Topic, 32))
                    .col(string_len(SupportSessions::Mode, 16))
                    .col(integer_null(SupportSessions::DurationMinutes))
                    .col(text(SupportSessions::Notes).default(""))
                    .col(uuid(SupportSessions::RecordedBy))
                    .col(timestamp_with_time_zone(SupportSessions::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_sessions_guardian")
                            .from(SupportSessions::Table, SupportSessions::GuardianId)
                            .to(Guardians::Table, Guardians::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_support_sessions_recorded_by")
                            .from(SupportSessions::Table, SupportSessions::RecordedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutreachEvents::Table)
                    .col(pk_uuid(OutreachEvents::Id))
                    .col(string_len(OutreachEvents::Kind, 32))
                    .col(string_len(OutreachEvents::Title, 200))
                    .col(date(OutreachEvents::HeldOn))
                    .col(string_len(OutreachEvents::Venue, 200).default(""))
                    .col(string_len(OutreachEvents::Audience, 200).default(""))
                    // None until the event took place and heads were counted.
                    .col(integer_null(OutreachEvents::Participants))
                    .col(text(OutreachEvents::Notes).default(""))
                    .col(uuid(OutreachEvents::UpdatedBy))
                    .col(timestamp_with_time_zone(OutreachEvents::UpdatedAt))
                    .col(integer(OutreachEvents::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_outreach_events_updated_by")
                            .from(OutreachEvents::Table, OutreachEvents::UpdatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventAttendance::Table)
                    .col(uuid(EventAttendance::EventId))
                    .col(uuid(EventAttendance::GuardianId))
                    .col(timestamp_with_time_zone(EventAttendance::RecordedAt))
                    .primary_key(
                        Index::create()
                            .col(EventAttendance::EventId)
                            .col(EventAttendance::GuardianId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_attendance_event")
                            .from(EventAttendance::Table, EventAttendance::EventId)
                            .to(OutreachEvents::Table, OutreachEvents::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_event_attendance_guardian")
                            .from(EventAttendance::Table, EventAttendance::GuardianId)
                            .to(Guardians::Table, Guardians::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            (
                "ix_support_sessions_guardian",
                SupportSessions::Table.into_iden(),
                vec![SupportSessions::GuardianId.into_iden(), SupportSessions::HeldOn.into_iden()],
            ),
            (
                "ix_outreach_events_held_on",
                OutreachEvents::Table.into_iden(),
                vec![OutreachEvents::HeldOn.into_iden()],
            ),
            (
                "ix_event_attendance_guardian",
                EventAttendance::Table.into_iden(),
                vec![EventAttendance::GuardianId.into_iden()],
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
            EventAttendance::Table.into_iden(),
            OutreachEvents::Table.into_iden(),
            SupportSessions::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
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
enum SupportSessions {
    Table,
    Id,
    GuardianId,
    HeldOn,
    Topic,
    Mode,
    DurationMinutes,
    Notes,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum OutreachEvents {
    Table,
    Id,
    Kind,
    Title,
    HeldOn,
    Venue,
    Audience,
    Participants,
    Notes,
    UpdatedBy,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum EventAttendance {
    Table,
    EventId,
    GuardianId,
    RecordedAt,
}
