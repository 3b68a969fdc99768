//! Case files: the master data a centre keeps (districts, family courts, partner
//! organisations), persons and their contacts, intake consultations, cases, the case timeline,
//! petition preparation and the kinship survey of a mayor's petition.
//!
//! Category columns hold the stable codes of `app::domain::categories`; the application
//! validates them, so a new category needs no migration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_master_data(manager).await?;
        create_persons(manager).await?;
        create_cases(manager).await?;
        create_consultations(manager).await?;
        create_case_work(manager).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            KinshipSurvey::Table.into_iden(),
            PetitionDocuments::Table.into_iden(),
            CaseEvents::Table.into_iden(),
            Consultations::Table.into_iden(),
            Cases::Table.into_iden(),
            PersonContacts::Table.into_iden(),
            Persons::Table.into_iden(),
            PartnerOrganisations::Table.into_iden(),
            FamilyCourts::Table.into_iden(),
            Districts::Table.into_iden(),
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

async fn create_master_data(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Districts::Table)
                .col(pk_uuid(Districts::Id))
                .col(string_len_uniq(Districts::Code, 32))
                .col(string_len(Districts::Name, 100))
                .col(integer(Districts::SortOrder))
                .col(boolean(Districts::Active).default(true))
                .col(timestamp_with_time_zone(Districts::CreatedAt))
                .col(timestamp_with_time_zone(Districts::UpdatedAt))
                .col(integer(Districts::Version).default(1))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(FamilyCourts::Table)
                .col(pk_uuid(FamilyCourts::Id))
                // A branch (支部) names its main court; a main court has none.
                .col(uuid_null(FamilyCourts::ParentId))
                .col(string_len(FamilyCourts::Name, 100))
                .col(integer(FamilyCourts::SortOrder))
                .col(boolean(FamilyCourts::Active).default(true))
                .col(timestamp_with_time_zone(FamilyCourts::CreatedAt))
                .col(timestamp_with_time_zone(FamilyCourts::UpdatedAt))
                .col(integer(FamilyCourts::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_family_courts_parent")
                        .from(FamilyCourts::Table, FamilyCourts::ParentId)
                        .to(FamilyCourts::Table, FamilyCourts::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(PartnerOrganisations::Table)
                .col(pk_uuid(PartnerOrganisations::Id))
                .col(string_len(PartnerOrganisations::Kind, 32))
                .col(string_len(PartnerOrganisations::Name, 200))
                .col(string_len(PartnerOrganisations::NameSearch, 400))
                .col(string_len(PartnerOrganisations::Phone, 40).default(""))
                .col(string_len(PartnerOrganisations::Address, 200).default(""))
                .col(text(PartnerOrganisations::Notes).default(""))
                .col(boolean(PartnerOrganisations::Active).default(true))
                .col(timestamp_with_time_zone(PartnerOrganisations::CreatedAt))
                .col(timestamp_with_time_zone(PartnerOrganisations::UpdatedAt))
                .col(integer(PartnerOrganisations::Version).default(1))
                .to_owned(),
        )
        .await
}

async fn create_persons(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Persons::Table)
                .col(pk_uuid(Persons::Id))
                // The office that registered the person: a person without a case yet is
                // visible to that office.
                .col(uuid(Persons::OfficeId))
                .col(string_len(Persons::Name, 100))
                .col(string_len(Persons::NameKana, 100))
                // Name and kana folded by `normalize_for_search` (kana, width and case).
                .col(string_len(Persons::SearchText, 220))
                .col(date_null(Persons::DateOfBirth))
                .col(string_len_null(Persons::Sex, 16))
                .col(uuid_null(Persons::DistrictId))
                .col(string_len_null(Persons::LivingSituation, 32))
                .col(string_len_null(Persons::Condition, 32))
                .col(text(Persons::Notes).default(""))
                // A duplicate merged into another record points at it and is hidden.
                .col(uuid_null(Persons::MergedInto))
                .col(timestamp_with_time_zone(Persons::CreatedAt))
                .col(timestamp_with_time_zone(Persons::UpdatedAt))
                .col(uuid_null(Persons::UpdatedBy))
                .col(integer(Persons::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_persons_office")
                        .from(Persons::Table, Persons::OfficeId)
                        .to(Offices::Table, Offices::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_persons_district")
                        .from(Persons::Table, Persons::DistrictId)
                        .to(Districts::Table, Districts::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_persons_merged_into")
                        .from(Persons::Table, Persons::MergedInto)
                        .to(Persons::Table, Persons::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, column) in [
        ("ix_persons_search", Persons::SearchText),
        ("ix_persons_office", Persons::OfficeId),
        ("ix_persons_district", Persons::DistrictId),
    ] {
        manager.create_index(index(name, Persons::Table, vec![column.into_iden()])).await?;
    }
    manager
        .create_table(
            Table::create()
                .table(PersonContacts::Table)
                .col(pk_uuid(PersonContacts::Id))
                .col(uuid(PersonContacts::PersonId))
                .col(string_len(PersonContacts::Kind, 32))
                .col(string_len(PersonContacts::Name, 100))
                // For a relative: 長男, 妹 …
                .col(string_len(PersonContacts::Relation, 50).default(""))
                .col(uuid_null(PersonContacts::OrganisationId))
                .col(string_len(PersonContacts::Phone, 40).default(""))
                .col(text(PersonContacts::Notes).default(""))
                .col(timestamp_with_time_zone(PersonContacts::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_person_contacts_person")
                        .from(PersonContacts::Table, PersonContacts::PersonId)
                        .to(Persons::Table, Persons::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_person_contacts_organisation")
                        .from(PersonContacts::Table, PersonContacts::OrganisationId)
                        .to(PartnerOrganisations::Table, PartnerOrganisations::Id),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_person_contacts_person",
            PersonContacts::Table,
            vec![PersonContacts::PersonId.into_iden()],
        ))
        .await
}

async fn create_cases(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Cases::Table)
                .col(pk_uuid(Cases::Id))
                // The number the centre knows the case by, e.g. 2026-0042.
                .col(string_len_uniq(Cases::CaseNumber, 32))
                .col(uuid(Cases::PersonId))
                .col(uuid(Cases::OfficeId))
                .col(uuid_null(Cases::CoordinatorId))
                .col(string_len(Cases::CaseType, 32))
                .col(string_len(Cases::Stage, 32))
                .col(date(Cases::OpenedOn))
                .col(string_len_null(Cases::Petitioner, 32))
                // Motive codes separated by commas (several per case).
                .col(string_len(Cases::Motives, 400).default(""))
                .col(uuid_null(Cases::FamilyCourtId))
                .col(date_null(Cases::PetitionDate))
                .col(date_null(Cases::DecisionDate))
                .col(date_null(Cases::FinalDate))
                .col(string_len_null(Cases::TerminationReason, 32))
                .col(date_null(Cases::TerminationDate))
                // 任意後見: the contract, the mandatary, the centre's check-ins.
                .col(date_null(Cases::ContractDate))
                .col(string_len(Cases::NotaryOffice, 100).default(""))
                .col(string_len(Cases::MandataryName, 100).default(""))
                .col(integer_null(Cases::CheckInIntervalMonths))
                .col(date_null(Cases::LastCheckInOn))
                .col(date_null(Cases::SupervisorAppointedOn))
                .col(text(Cases::Notes).default(""))
                .col(timestamp_with_time_zone(Cases::CreatedAt))
                .col(timestamp_with_time_zone(Cases::UpdatedAt))
                .col(uuid_null(Cases::UpdatedBy))
                .col(integer(Cases::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_cases_person")
                        .from(Cases::Table, Cases::PersonId)
                        .to(Persons::Table, Persons::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_cases_office")
                        .from(Cases::Table, Cases::OfficeId)
                        .to(Offices::Table, Offices::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_cases_coordinator")
                        .from(Cases::Table, Cases::CoordinatorId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_cases_family_court")
                        .from(Cases::Table, Cases::FamilyCourtId)
                        .to(FamilyCourts::Table, FamilyCourts::Id),
                )
                .to_owned(),
        )
        .await?;
    // A person has at most one open case: a second consultation joins it (see intake), and
    // two records merged into one must not bring two open cases along.
    manager
        .create_index(
            index("ux_cases_open_per_person", Cases::Table, vec![Cases::PersonId.into_iden()])
                .unique()
                .and_where(Expr::col(Cases::Stage).ne("closed"))
                .to_owned(),
        )
        .await?;
    for (name, columns) in [
        ("ix_cases_office_stage", vec![Cases::OfficeId.into_iden(), Cases::Stage.into_iden()]),
        ("ix_cases_coordinator", vec![Cases::CoordinatorId.into_iden()]),
        ("ix_cases_person", vec![Cases::PersonId.into_iden()]),
        ("ix_cases_stage", vec![Cases::Stage.into_iden()]),
        // The list's default order (latest change first), within an office or a stage.
        (
            "ix_cases_office_updated",
            vec![Cases::OfficeId.into_iden(), Cases::UpdatedAt.into_iden()],
        ),
        ("ix_cases_stage_updated", vec![Cases::Stage.into_iden(), Cases::UpdatedAt.into_iden()]),
    ] {
        manager.create_index(index(name, Cases::Table, columns)).await?;
    }
    Ok(())
}

async fn create_consultations(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Consultations::Table)
                .col(pk_uuid(Consultations::Id))
                .col(uuid(Consultations::OfficeId))
                // None while the consultation is anonymous.
                .col(uuid_null(Consultations::PersonId))
                .col(uuid_null(Consultations::CaseId))
                .col(timestamp_with_time_zone(Consultations::ReceivedAt))
                .col(string_len(Consultations::Channel, 32))
                .col(string_len(Consultations::Consultant, 32))
                .col(text(Consultations::Summary))
                .col(string_len(Consultations::Urgency, 16))
                .col(boolean(Consultations::FlagAbuse).default(false))
                .col(boolean(Consultations::FlagConsumerFraud).default(false))
                .col(boolean(Consultations::FlagSelfNeglect).default(false))
                .col(boolean(Consultations::FlagOther).default(false))
                // 虐待通報: reported to the city, when, and the city's response.
                .col(boolean(Consultations::AbuseReported).default(false))
                .col(date_null(Consultations::AbuseReportedOn))
                .col(text(Consultations::AbuseResponse).default(""))
                .col(string_len(Consultations::Outcome, 32))
                .col(uuid_null(Consultations::RecordedBy))
                .col(timestamp_with_time_zone(Consultations::CreatedAt))
                .col(timestamp_with_time_zone(Consultations::UpdatedAt))
                .col(uuid_null(Consultations::UpdatedBy))
                .col(integer(Consultations::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_consultations_office")
                        .from(Consultations::Table, Consultations::OfficeId)
                        .to(Offices::Table, Offices::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_consultations_person")
                        .from(Consultations::Table, Consultations::PersonId)
                        .to(Persons::Table, Persons::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_consultations_case")
                        .from(Consultations::Table, Consultations::CaseId)
                        .to(Cases::Table, Cases::Id),
                )
                .to_owned(),
        )
        .await?;
    for (name, columns) in [
        (
            "ix_consultations_office_received",
            vec![Consultations::OfficeId.into_iden(), Consultations::ReceivedAt.into_iden()],
        ),
        ("ix_consultations_case", vec![Consultations::CaseId.into_iden()]),
        ("ix_consultations_person", vec![Consultations::PersonId.into_iden()]),
    ] {
        manager.create_index(index(name, Consultations::Table, columns)).await?;
    }
    Ok(())
}

async fn create_case_work(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(CaseEvents::Table)
                .col(pk_uuid(CaseEvents::Id))
                .col(uuid(CaseEvents::CaseId))
                .col(timestamp_with_time_zone(CaseEvents::OccurredAt))
                .col(uuid_null(CaseEvents::ActorUserId))
                // opened, stage_moved, reassigned, merged …
                .col(string_len(CaseEvents::Kind, 32))
                .col(string_len_null(CaseEvents::FromStage, 32))
                .col(string_len_null(CaseEvents::ToStage, 32))
                .col(text(CaseEvents::Comment).default(""))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_case_events_case")
                        .from(CaseEvents::Table, CaseEvents::CaseId)
                        .to(Cases::Table, Cases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_case_events_case",
            CaseEvents::Table,
            vec![CaseEvents::CaseId.into_iden(), CaseEvents::OccurredAt.into_iden()],
        ))
        .await?;
    manager
        .create_table(
            Table::create()
                .table(PetitionDocuments::Table)
                .col(pk_uuid(PetitionDocuments::Id))
                .col(uuid(PetitionDocuments::CaseId))
                .col(string_len(PetitionDocuments::Document, 40))
                // 本人, 親族, センター … as the coordinator writes it.
                .col(string_len(PetitionDocuments::PreparedBy, 100).default(""))
                .col(string_len(PetitionDocuments::Status, 16))
                .col(text(PetitionDocuments::Note).default(""))
                .col(timestamp_with_time_zone(PetitionDocuments::UpdatedAt))
                .col(integer(PetitionDocuments::Version).default(1))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_petition_documents_case")
                        .from(PetitionDocuments::Table, PetitionDocuments::CaseId)
                        .to(Cases::Table, Cases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            index(
                "ux_petition_documents_case_document",
                PetitionDocuments::Table,
                vec![
                    PetitionDocuments::CaseId.into_iden(),
                    PetitionDocuments::Document.into_iden(),
                ],
            )
            .unique()
            .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(KinshipSurvey::Table)
                .col(pk_uuid(KinshipSurvey::Id))
                .col(uuid(KinshipSurvey::CaseId))
                .col(string_len(KinshipSurvey::Name, 100))
                .col(string_len(KinshipSurvey::Relation, 50))
                .col(date_null(KinshipSurvey::ContactedOn))
                .col(string_len(KinshipSurvey::Answer, 32))
                .col(text(KinshipSurvey::Note).default(""))
                .col(timestamp_with_time_zone(KinshipSurvey::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_kinship_survey_case")
                        .from(KinshipSurvey::Table, KinshipSurvey::CaseId)
                        .to(Cases::Table, Cases::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(index(
            "ix_kinship_survey_case",
            KinshipSurvey::Table,
            vec![KinshipSurvey::CaseId.into_iden()],
        ))
        .await
}

#[derive(DeriveIden)]
enum Offices {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Districts {
    Table,
    Id,
    Code,
    Name,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum FamilyCourts {
    Table,
    Id,
    ParentId,
    Name,
    SortOrder,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PartnerOrganisations {
    Table,
    Id,
    Kind,
    Name,
    NameSearch,
    Phone,
    Address,
    Notes,
    Active,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Persons {
    Table,
    Id,
    OfficeId,
    Name,
    NameKana,
    SearchText,
    DateOfBirth,
    Sex,
    DistrictId,
    LivingSituation,
    Condition,
    Notes,
    MergedInto,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum PersonContacts {
    Table,
    Id,
    PersonId,
    Kind,
    Name,
    Relation,
    OrganisationId,
    Phone,
    Notes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    CaseNumber,
    PersonId,
    OfficeId,
    CoordinatorId,
    CaseType,
    Stage,
    OpenedOn,
    Petitioner,
    Motives,
    FamilyCourtId,
    PetitionDate,
    DecisionDate,
    FinalDate,
    TerminationReason,
    TerminationDate,
    ContractDate,
    NotaryOffice,
    MandataryName,
    CheckInIntervalMonths,
    LastCheckInOn,
    SupervisorAppointedOn,
    Notes,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum Consultations {
    Table,
    Id,
    OfficeId,
    PersonId,
    CaseId,
    ReceivedAt,
    Channel,
    Consultant,
    Summary,
    Urgency,
    FlagAbuse,
    FlagConsumerFraud,
    FlagSelfNeglect,
    FlagOther,
    AbuseReported,
    AbuseReportedOn,
    AbuseResponse,
    Outcome,
    RecordedBy,
    CreatedAt,
    UpdatedAt,
    UpdatedBy,
    Version,
}

#[derive(DeriveIden)]
enum CaseEvents {
    Table,
    Id,
    CaseId,
    OccurredAt,
    ActorUserId,
    Kind,
    FromStage,
    ToStage,
    Comment,
}

#[derive(DeriveIden)]
enum PetitionDocuments {
    Table,
    Id,
    CaseId,
    Document,
    PreparedBy,
    Status,
    Note,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum KinshipSurvey {
    Table,
    Id,
    CaseId,
    Name,
    Relation,
    ContactedOn,
    Answer,
    Note,
    CreatedAt,
}
