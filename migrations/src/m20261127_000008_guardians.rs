//! The guardian register, appointments, relay plans, recorded conflicts and matching
//! decisions.
//!
//! Appointments are history: rows are inserted and, once, ended; nothing deletes them. The
//! partial unique indexes keep what concurrent requests could otherwise break: a guardian holds
//! one active appointment per case, and an appointment has at most one open relay plan.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_guardians(manager).await?;
        create_appointments(manager).await?;
        create_relay_plans(manager).await?;
        create_matching(manager).await?;
        // One account per register entry.
        manager
            .create_index(
                index("ux_users_guardian", Users::Table, vec![Users::GuardianId.into_iden()])
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ux_users_guardian").table(Users::Table).to_owned())
            .await?;
        for table in [
            MatchingCandidates::Table.into_iden(),
            MatchingDecisions::Table.into_iden(),
            RelayChecklist::Table.into_iden(),
            RelayPlans::Table.into_iden(),
            Appointments::Table.into_iden(),
            GuardianConflicts::Table.into_iden(),
            Guardians::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn index(name: &str, table: impl IntoIden, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(column);
    }
    statement.to_owned()
}

fn foreign_key(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).to_owned()
}

async fn create_guardians(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Guardians::Table)
                .col(pk_uuid(Guardians::Id))
                .col(string_len(Guardians::Kind, 32))
                .col(string_len(Guardians::Name, 100))
                .col(string_len(Guardians::NameKana, 100))
                // Name and kana normalised for search (as on persons).
                .col(string_len(Guardians::SearchText, 400))
                // The centre's own number (名簿番号): imports match on it.
                .col(string_len_null(Guardians::RegistrationNumber, 32).unique_key())
                .col(string_len(Guardians::Phone, 40).default(""))
                .col(string_len(Guardians::Email, 254).default(""))
                .col(string_len(Guardians::Address, 200).default(""))
                .col(uuid_null(Guardians::DistrictId))
                // A relative guardian is the relative of one person.
                .col(uuid_null(Guardians::RelatedPersonId))
                .col(string_len(Guardians::Relation, 50).default(""))
                // Professionals: their office or firm, and association (弁護士会 …).
                .col(string_len(Guardians::Organisation, 100).default(""))
                .col(string_len(Guardians::Association, 100).default(""))
                // Citizen guardians: training and registration.
                .col(integer_null(Guardians::TrainingYear))
                .col(date_null(Guardians::TrainingCompletedOn))
                .col(date_null(Guardians::RegisteredOn))
                .col(date_null(Guardians::RegistrationExpiresOn))
                .col(string_len_null(Guardians::Registration, 32))
                // Most cases at once; none recorded means no limit.
                .col(integer_null(Guardians::Capacity))
                // 民法847条 as far as the centre's records show.
                .col(string_len_null(Guardians::Disqualification, 32))
                .col(text(Guardians::Skills).default(""))
                .col(text(Guardians::Notes).default(""))
                .col(timestamp_with_time_zone(Guardians::CreatedAt))
                .col(timestamp_with_time_zone(Guardians::UpdatedAt))
                .col(uuid_null(Guardians::UpdatedBy))
                .col(integer(Guardians::Version).default(1))
                .foreign_key(&mut foreign_key(
                    "fk_guardians_district",
                    (Guardians::Table, Guardians::DistrictId),
                    (Districts::Table, Districts::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_guardians_related_person",
                    (Guardians::Table, Guardians::RelatedPersonId),
                    (Persons::Table, Persons::Id),
                ))
                .to_owned(),
        )
        .await?;
    for (name, column) in [
        ("ix_guardians_kana", Guardians::NameKana),
        ("ix_guardians_kind", Guardians::Kind),
        ("ix_guardians_district", Guardians::DistrictId),
        ("ix_guardians_related_person", Guardians::RelatedPersonId),
    ] {
        manager.create_index(index(name, Guardians::Table, vec![column.into_iden()])).await?;
    }
    manager
        .create_table(
            Table::create()
                .table(GuardianConflicts::Table)
                .col(pk_uuid(GuardianConflicts::Id))
                .col(uuid(GuardianConflicts::GuardianId))
                .col(uuid(GuardianConflicts::PersonId))
                .col(string_len(GuardianConflicts::Kind, 32))
                .col(string_len(GuardianConflicts::Note, 400).default(""))
                .col(timestamp_with_time_zone(GuardianConflicts::RecordedAt))
                .col(uuid_null(GuardianConflicts::RecordedBy))
                // Withdrawn (recorded in error, or no longer true): kept, not counted.
                .col(timestamp_with_time_zone_null(GuardianConflicts::WithdrawnAt))
                .col(uuid_null(GuardianConflicts::WithdrawnBy))
                .foreign_key(&mut foreign_key(
                    "fk_guardian_conflicts_guardian",
                    (GuardianConflicts::Table, GuardianConflicts::GuardianId),
                    (Guardians::Table, Guardians::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_guardian_conflicts_person",
                    (GuardianConflicts::Table, GuardianConflicts::PersonId),
                    (Persons::Table, Persons::Id),
                ))
                .to_owned(),
        )
        .await?;
    for (name, column) in [
        ("ix_guardian_conflicts_person", GuardianConflicts::PersonId),
        ("ix_guardian_conflicts_guardian", GuardianConflicts::GuardianId),
    ] {
        manager
            .create_index(index(name, GuardianConflicts::Table, vec![column.into_iden()]))
            .await?;
    }
    Ok(())
}

async fn create_appointments(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Appointments::Table)
                .col(pk_uuid(Appointments::Id))
                .col(uuid(Appointments::CaseId))
                .col(uuid(Appointments::GuardianId))
                .col(string_len(Appointments::Role, 32))
                .col(string_len(Appointments::Mode, 16))
                // Under 分掌: the core duties held, and one described in the decision's words.
                .col(boolean(Appointments::DutyProperty).default(false))
                .col(boolean(Appointments::DutyPersonal).default(false))
                .col(string_len(Appointments::DutyDescribed, 200).default(""))
                .col(date(Appointments::DecidedOn))
                .col(date(Appointments::EffectiveOn))
                .col(date_null(Appointments::EndedOn))
                .col(string_len_null(Appointments::EndReason, 32))
                .col(string_len(Appointments::EndNote, 400).default(""))
                // Why the guardian's capacity was exceeded, when it was: the override's record.
                .col(string_len(Appointments::CapacityOverrideReason, 1000).default(""))
                .col(timestamp_with_time_zone(Appointments::CreatedAt))
                .col(uuid_null(Appointments::CreatedBy))
                .col(timestamp_with_time_zone_null(Appointments::EndedAt))
                .col(uuid_null(Appointments::EndedBy))
                .col(integer(Appointments::Version).default(1))
                .foreign_key(&mut foreign_key(
                    "fk_appointments_case",
                    (Appointments::Table, Appointments::CaseId),
                    (Cases::Table, Cases::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_appointments_guardian",
                    (Appointments::Table, Appointments::GuardianId),
                    (Guardians::Table, Guardians::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            index(
                "ux_appointments_active_per_case_guardian",
                Appointments::Table,
                vec![Appointments::CaseId.into_iden(), Appointments::GuardianId.into_iden()],
            )
            .unique()
            .and_where(Expr::col(Appointments::EndedOn).is_null())
            .to_owned(),
        )
        .await?;
    for (name, columns) in [
        ("ix_appointments_case", vec![Appointments::CaseId.into_iden()]),
        // A guardian's active count (capacity, status) and history.
        (
            "ix_appointments_guardian",
            vec![Appointments::GuardianId.into_iden(), Appointments::EndedOn.into_iden()],
        ),
    ] {
        manager.create_index(index(name, Appointments::Table, columns)).await?;
    }
    Ok(())
}

async fn create_relay_plans(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(RelayPlans::Table)
                .col(pk_uuid(RelayPlans::Id))
                .col(uuid(RelayPlans::CaseId))
                .col(uuid(RelayPlans::PredecessorAppointmentId))
                .col(uuid(RelayPlans::SuccessorGuardianId))
                .col(uuid_null(RelayPlans::SuccessorAppointmentId))
                .col(date(RelayPlans::PlannedOn))
                .col(date(RelayPlans::TargetDate))
                .col(string_len(RelayPlans::Status, 16))
                .col(date_null(RelayPlans::PetitionedOn))
                // The day the predecessor's resignation took effect.
                .col(date_null(RelayPlans::DecidedOn))
                .col(date_null(RelayPlans::CompletedOn))
                .col(string_len(RelayPlans::CancelReason, 1000).default(""))
                .col(text(RelayPlans::Notes).default(""))
                .col(timestamp_with_time_zone(RelayPlans::CreatedAt))
                .col(timestamp_with_time_zone(RelayPlans::UpdatedAt))
                .col(uuid_null(RelayPlans::UpdatedBy))
                .col(integer(RelayPlans::Version).default(1))
                .foreign_key(&mut foreign_key(
                    "fk_relay_plans_case",
                    (RelayPlans::Table, RelayPlans::CaseId),
                    (Cases::Table, Cases::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_relay_plans_predecessor",
                    (RelayPlans::Table, RelayPlans::PredecessorAppointmentId),
                    (Appointments::Table, Appointments::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_relay_plans_successor_guardian",
                    (RelayPlans::Table, RelayPlans::SuccessorGuardianId),
                    (Guardians::Table, Guardians::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_relay_plans_successor_appointment",
                    (RelayPlans::Table, RelayPlans::SuccessorAppointmentId),
                    (Appointments::Table, Appointments::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            index(
                "ux_relay_plans_open_per_predecessor",
                RelayPlans::Table,
                vec![RelayPlans::PredecessorAppointmentId.into_iden()],
            )
            .unique()
            .and_where(Expr::col(RelayPlans::Status).is_not_in(["completed", "cancelled"]))
            .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_relay_plans_case",
            RelayPlans::Table,
            vec![RelayPlans::CaseId.into_iden()],
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(RelayChecklist::Table)
                .col(pk_uuid(RelayChecklist::Id))
                .col(uuid(RelayChecklist::RelayPlanId))
                // A standard item's code, or none for one the plan added.
                .col(string_len_null(RelayChecklist::Item, 32))
                .col(string_len(RelayChecklist::Label, 200).default(""))
                .col(date_null(RelayChecklist::DoneOn))
                .col(uuid_null(RelayChecklist::DoneBy))
                .col(integer(RelayChecklist::SortOrder))
                .foreign_key(&mut foreign_key(
                    "fk_relay_checklist_plan",
                    (RelayChecklist::Table, RelayChecklist::RelayPlanId),
                    (RelayPlans::Table, RelayPlans::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_relay_checklist_plan",
            RelayChecklist::Table,
            vec![RelayChecklist::RelayPlanId.into_iden()],
        ))
        .await
}

async fn create_matching(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(MatchingDecisions::Table)
                .col(pk_uuid(MatchingDecisions::Id))
                .col(uuid(MatchingDecisions::CaseId))
                // 受任者調整会議: when it met, whom it chose and why.
                .col(date(MatchingDecisions::MeetingOn))
                .col(uuid_null(MatchingDecisions::ChosenGuardianId))
                .col(text(MatchingDecisions::Reason))
                .col(timestamp_with_time_zone(MatchingDecisions::RecordedAt))
                .col(uuid_null(MatchingDecisions::RecordedBy))
                .foreign_key(&mut foreign_key(
                    "fk_matching_decisions_case",
                    (MatchingDecisions::Table, MatchingDecisions::CaseId),
                    (Cases::Table, Cases::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_matching_decisions_chosen",
                    (MatchingDecisions::Table, MatchingDecisions::ChosenGuardianId),
                    (Guardians::Table, Guardians::Id),
                ))
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_matching_decisions_case",
            MatchingDecisions::Table,
            vec![MatchingDecisions::CaseId.into_iden()],
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(MatchingCandidates::Table)
                .col(uuid(MatchingCandidates::DecisionId))
                .col(uuid(MatchingCandidates::GuardianId))
                .primary_key(
                    Index::create()
                        .col(MatchingCandidates::DecisionId)
                        .col(MatchingCandidates::GuardianId),
                )
                .foreign_key(&mut foreign_key(
                    "fk_matching_candidates_decision",
                    (MatchingCandidates::Table, MatchingCandidates::DecisionId),
                    (MatchingDecisions::Table, MatchingDecisions::Id),
                ))
                .foreign_key(&mut foreign_key(
                    "fk_matching_candidates_guardian",
                    (MatchingCandidates::Table, MatchingCandidates::GuardianId),
                    (Guardians::Table, Guardians::Id),
                ))
                .to_owned(),
        )
        .await
}

#[derive(DeriveIden)]
enum Users {
    Table,
    GuardianId,
}

#[derive(DeriveIden)]
enum Districts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
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
    Kind,
    Name,
    NameKana,
    SearchText,
    RegistrationNumber,
    Phone,
    Email,
    Address,
    DistrictId,
    RelatedPersonId,
    Relation,
    Organisation,
    Association,
    TrainingYear,
    TrainingCompletedOn,
    RegisteredOn,
    RegistrationExpiresOn,
    Registration,
    Capacity,
    Disqualification,
    Skills,
    Notes,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum GuardianConflicts {
    Table,
    Id,
    GuardianId,
    PersonId,
    Kind,
    Note,
    RecordedAt,
    RecordedBy,
    WithdrawnAt,
    WithdrawnBy,
}

#[derive(DeriveIden)]
enum Appointments {
    Table,
    Id,
    CaseId,
    GuardianId,
    Role,
    Mode,
    DutyProperty,
    DutyPersonal,
    DutyDescribed,
    DecidedOn,
    EffectiveOn,
    EndedOn,
    EndReason,
    EndNote,
    CapacityOverrideReason,
    CreatedAt,
    CreatedBy,
    EndedAt,
    EndedBy,
    Version,
}

#[derive(DeriveIden)]
enum RelayPlans {
    Table,
    Id,
    CaseId,
    PredecessorAppointmentId,
    SuccessorGuardianId,
    SuccessorAppointmentId,
    PlannedOn,
    TargetDate,
    Status,
    PetitionedOn,
    DecidedOn,
    CompletedOn,
    CancelReason,
    Notes,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum RelayChecklist {
    Table,
    Id,
    RelayPlanId,
    Item,
    Label,
    DoneOn,
    DoneBy,
    SortOrder,
}

#[derive(DeriveIden)]
enum MatchingDecisions {
    Table,
    Id,
    CaseId,
    MeetingOn,
    ChosenGuardianId,
    Reason,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum MatchingCandidates {
    Table,
    DecisionId,
    GuardianId,
}
