//! The records an import matches and the writes it makes, per kind of sheet. Gathering reads
//! every record the import may reach in a few queries (not one per row); writing inserts new
//! records in chunks and updates matched ones only at the version the check saw, inside the
//! caller's transaction.

use crate::api::AppError;
use crate::api::imports::ImportReport;
use crate::domain::cases::{CaseType, Stage, motives_from_text, motives_to_text};
use crate::domain::categories::Category;
use crate::domain::guardians::{GuardianKind, Registration};
use crate::domain::import::fields::Field;
use crate::domain::import::plan::{CaseRecord, Counts, Decision, GuardianRecord, Planned, plan};
use crate::domain::import::rows::{MasterData, read_case_row, read_guardian_row};
use crate::domain::persons::search_text;
use crate::server::auth::Authorized;
use crate::server::entities::{case, case_event, guardian, person};
use crate::server::import_progress::Tracker;
use crate::server::imports::report_of;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Rows inserted per statement: well inside SQLite's and PostgreSQL's parameter limits for
/// the widest table (cases, 27 columns).
const CHUNK: usize = 200;

/// A dry run's decisions, per kind.
pub enum DryRun {
    Cases(Vec<Planned<crate::domain::import::rows::CaseRow>>),
    Guardians(Vec<Planned<crate::domain::import::rows::GuardianRow>>),
}

impl DryRun {
    pub fn counts(&self) -> Counts {
        match self {
            DryRun::Cases(planned) => Counts::of(planned),
            DryRun::Guardians(planned) => Counts::of(planned),
        }
    }

    /// The records matched and the versions the check saw them at.
    pub fn versions(&self) -> Vec<(Uuid, i32)> {
        match self {
            DryRun::Cases(planned) => planned
                .iter()
                .filter_map(|row| row.matched.as_ref())
                .flat_map(|(before, _)| {
                    [
                        (before.case_id, before.case_version),
                        (before.person_id, before.person_version),
                    ]
                })
                .collect(),
            DryRun::Guardians(planned) => planned
                .iter()
                .filter_map(|row| row.matched.as_ref())
                .map(|(before, _)| (before.id, before.version))
                .collect(),
        }
    }

    pub fn report(&self, batch_id: Uuid, version: i32) -> ImportReport {
        match self {
            DryRun::Cases(planned) => report_of(
                planned,
                batch_id,
                version,
                |row| format!("{} {}", row.case_number, row.person_name),
                |record| format!("{} {}", record.case_number, record.person_name),
            ),
            DryRun::Guardians(planned) => report_of(
                planned,
                batch_id,
                version,
                |row| row.name.clone(),
                |record| match &record.registration_number {
                    Some(number) => format!("{number} {}", record.name),
                    None => record.name.clone(),
                },
            ),
        }
    }

    /// Writes the rows: new records inserted, matched ones updated (name matches only when
    /// confirmed). Any record changed since the check refuses the whole import.
    pub async fn write(
        self,
        by: &Writer<'_>,
        office: Option<Uuid>,
        confirm_matches: bool,
    ) -> Result<(), AppError> {
        let writes = |decision: &Decision| match decision {
            Decision::Update(_) => true,
            Decision::NameMatch(_) => confirm_matches,
            Decision::New | Decision::Unchanged | Decision::Invalid => false,
        };
        match self {
            DryRun::Cases(planned) => {
                let office = office.ok_or(AppError::Internal)?;
                by.insert_cases(office, &planned).await?;
                for row in planned.iter().filter(|row| writes(&row.decision)) {
                    if let Some((before, after)) = &row.matched {
                        by.update_case(before, after).await?;
                    }
                }
            }
            DryRun::Guardians(planned) => {
                by.insert_guardians(&planned).await?;
                for row in planned.iter().filter(|row| writes(&row.decision)) {
                    if let Some((before, after)) = &row.matched {
                        by.update_guardian(before, after).await?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The office's cases with their persons, oldest first (a name match means a person's latest
/// case), decided against the sheet's rows.
pub async fn plan_cases(
    db: &impl ConnectionTrait,
    office: Uuid,
    rows: &[(usize, Vec<String>)],
    mapping: &[Option<Field>],
    master: &MasterData,
    today: NaiveDate,
) -> Result<DryRun, AppError> {
    let persons: HashMap<Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::OfficeId.eq(office))
        .all(db)
        .await?
        .into_iter()
        .map(|person| (person.id, person))
        .collect();
    let records: Vec<CaseRecord> = case::Entity::find()
        .filter(case::Column::OfficeId.eq(office))
        .order_by_asc(case::Column::OpenedOn)
        .order_by_asc(case::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|case| {
            let person = persons.get(&case.person_id)?;
            Some(CaseRecord {
                case_id: case.id,
                case_version: case.version,
                person_id: person.id,
                person_version: person.version,
                case_number: case.case_number,
                person_name: person.name.clone(),
                person_kana: person.name_kana.clone(),
                date_of_birth: person.date_of_birth,
                sex: person.sex.as_deref().and_then(Category::from_code),
                district: person.district_id,
                condition: person.condition.as_deref().and_then(Category::from_code),
                case_type: CaseType::parse(&case.case_type)?,
                petitioner: case.petitioner.as_deref().and_then(Category::from_code),
                motives: motives_from_text(&case.motives),
                opened_on: case.opened_on,
                petition_date: case.petition_date,
                decision_date: case.decision_date,
                final_date: case.final_date,
            })
        })
        .collect();
    let read: Vec<_> = rows
        .iter()
        .map(|(number, cells)| {
            let (row, findings) = read_case_row(cells, mapping, master, today);
            (*number, row, findings)
        })
        .collect();
    // Numbers of the sheet another office's cases hold: case numbers are the centre's.
    let own: HashSet<&str> = records.iter().map(|record| record.case_number.as_str()).collect();
    let wanted: Vec<String> = read
        .iter()
        .filter_map(|(_, row, _)| row.as_ref())
        .map(|row| row.case_number.clone())
        .filter(|number| !own.contains(number.as_str()))
        .collect();
    let mut taken = HashSet::new();
    for chunk in wanted.chunks(500) {
        let numbers: Vec<String> = case::Entity::find()
            .select_only()
            .column(case::Column::CaseNumber)
            .filter(case::Column::CaseNumber.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        taken.extend(numbers);
    }
    let number_column = mapping.iter().position(|field| *field == Some(Field::CaseNumber));
    Ok(DryRun::Cases(plan(read, &records, &taken, number_column)))
}

/// The whole register (it is the centre's), decided against the sheet's rows.
pub async fn plan_guardians(
    db: &impl ConnectionTrait,
    rows: &[(usize, Vec<String>)],
    mapping: &[Option<Field>],
    master: &MasterData,
) -> Result<DryRun, AppError> {
    let records: Vec<GuardianRecord> = guardian::Entity::find()
        .order_by_asc(guardian::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|guardian| {
            Some(GuardianRecord {
                id: guardian.id,
                version: guardian.version,
                registration_number: guardian.registration_number,
                name: guardian.name,
                kana: guardian.name_kana,
                kind: GuardianKind::from_code(&guardian.kind)?,
                district: guardian.district_id,
                capacity: guardian.capacity.and_then(|capacity| u32::try_from(capacity).ok()),
                registered_on: guardian.registered_on,
            })
        })
        .collect();
    let read: Vec<_> = rows
        .iter()
        .map(|(number, cells)| {
            let (row, findings) = read_guardian_row(cells, mapping, master);
            (*number, row, findings)
        })
        .collect();
    let number_column = mapping.iter().position(|field| *field == Some(Field::RegistrationNumber));
    Ok(DryRun::Guardians(plan(read, &records, &HashSet::new(), number_column)))
}

/// A write that found its row at another version, or a number taken meanwhile: the import was
/// checked against something else.
fn conflict_on_unique(error: DbErr) -> AppError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
        _ => error.into(),
    }
}

/// Who writes, when, inside which transaction, from which file, reporting progress where.
pub struct Writer<'a> {
    pub txn: &'a DatabaseTransaction,
    pub now: DateTime<Utc>,
    pub authorized: &'a Authorized,
    pub file_name: &'a str,
    pub tracker: &'a Tracker,
}

impl Writer<'_> {
    fn user(&self) -> Uuid {
        self.authorized.actor.user_id
    }

    /// The case's timeline notes the import, with the file it came from.
    fn imported_event(&self, case_id: Uuid, to: Option<Stage>) -> case_event::ActiveModel {
        case_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            case_id: Set(case_id),
            occurred_at: Set(self.now),
            actor_user_id: Set(Some(self.user())),
            kind: Set("imported".to_owned()),
            from_stage: Set(None),
            to_stage: Set(to.map(|stage| stage.code().to_owned())),
            comment: Set(self.file_name.to_owned()),
        }
    }

    async fn insert_cases(
        &self,
        office: Uuid,
        planned: &[Planned<crate::domain::import::rows::CaseRow>],
    ) -> Result<(), AppError> {
        let new: Vec<_> = planned
            .iter()
            .filter(|row| row.decision == Decision::New)
            .filter_map(|row| row.row.as_ref())
            .collect();
        // The importer leads the cases they bring into their own office.
        let coordinator =
            self.authorized.actor.office_id.filter(|own| *own == office).map(|_| self.user());
        for (index, chunk) in new.chunks(CHUNK).enumerate() {
            self.tracker.advance("writing", index * CHUNK, new.len());
            let mut persons = Vec::with_capacity(chunk.len());
            let mut cases = Vec::with_capacity(chunk.len());
            let mut events = Vec::with_capacity(chunk.len());
            for row in chunk {
                let person_id = Uuid::now_v7();
                let case_id = Uuid::now_v7();
                let kana = row.person_kana.clone().unwrap_or_default();
                persons.push(person::ActiveModel {
                    id: Set(person_id),
                    office_id: Set(office),
                    search_text: Set(search_text(&row.person_name, &kana)),
                    name: Set(row.person_name.clone()),
                    name_kana: Set(kana),
                    date_of_birth: Set(row.date_of_birth),
                    sex: Set(row.sex.map(|sex| sex.code().to_owned())),
                    district_id: Set(row.district),
                    living_situation: Set(None),
                    condition: Set(row.condition.map(|condition| condition.code().to_owned())),
                    notes: Set(String::new()),
                    merged_into: Set(None),
                    created_at: Set(self.now),
                    updated_at: Set(self.now),
                    updated_by: Set(Some(self.user())),
                    version: Set(1),
                });
                let stage = row.imported_stage();
                cases.push(case::ActiveModel {
                    id: Set(case_id),
                    case_number: Set(row.case_number.clone()),
                    person_id: Set(person_id),
                    office_id: Set(office),
                    coordinator_id: Set(coordinator),
                    case_type: Set(row.case_type.code().to_owned()),
                    stage: Set(stage.code().to_owned()),
                    opened_on: Set(row.opened_on),
                    petitioner: Set(row.petitioner.map(|petitioner| petitioner.code().to_owned())),
                    motives: Set(motives_to_text(&row.motives)),
                    family_court_id: Set(None),
                    petition_date: Set(row.petition_date),
                    decision_date: Set(row.decision_date),
                    final_date: Set(row.final_date),
                    termination_reason: Set(None),
                    termination_date: Set(None),
                    contract_date: Set(None),
                    notary_office: Set(String::new()),
                    mandatary_name: Set(String::new()),
                    check_in_interval_months: Set(None),
                    last_check_in_on: Set(None),
                    supervisor_appointed_on: Set(None),
                    notes: Set(String::new()),
                    created_at: Set(self.now),
                    updated_at: Set(self.now),
                    updated_by: Set(Some(self.user())),
                    version: Set(1),
                });
                events.push(self.imported_event(case_id, Some(stage)));
            }
            person::Entity::insert_many(persons).exec(self.txn).await?;
            case::Entity::insert_many(cases).exec(self.txn).await.map_err(conflict_on_unique)?;
            case_event::Entity::insert_many(events).exec(self.txn).await?;
        }
        Ok(())
    }

    async fn update_case(&self, before: &CaseRecord, after: &CaseRecord) -> Result<(), AppError> {
        let person = person::Entity::update_many()
            .col_expr(person::Column::Name, Expr::value(after.person_name.clone()))
            .col_expr(person::Column::NameKana, Expr::value(after.person_kana.clone()))
            .col_expr(
                person::Column::SearchText,
                Expr::value(search_text(&after.person_name, &after.person_kana)),
            )
            .col_expr(person::Column::DateOfBirth, Expr::value(after.date_of_birth))
            .col_expr(person::Column::Sex, Expr::value(after.sex.map(|sex| sex.code())))
            .col_expr(person::Column::DistrictId, Expr::value(after.district))
            .col_expr(
                person::Column::Condition,
                Expr::value(after.condition.map(|condition| condition.code())),
            )
            .col_expr(person::Column::UpdatedAt, Expr::value(self.now))
            .col_expr(person::Column::UpdatedBy, Expr::value(self.user()))
            .col_expr(person::Column::Version, Expr::value(before.person_version + 1))
            .filter(person::Column::Id.eq(before.person_id))
            .filter(person::Column::Version.eq(before.person_version))
            .exec(self.txn)
            .await?;
        let case = case::Entity::update_many()
            .col_expr(case::Column::CaseType, Expr::value(after.case_type.code()))
            .col_expr(
                case::Column::Petitioner,
                Expr::value(after.petitioner.map(|petitioner| petitioner.code())),
            )
            .col_expr(case::Column::Motives, Expr::value(motives_to_text(&after.motives)))
            .col_expr(case::Column::OpenedOn, Expr::value(after.opened_on))
            .col_expr(case::Column::PetitionDate, Expr::value(after.petition_date))
            .col_expr(case::Column::DecisionDate, Expr::value(after.decision_date))
            .col_expr(case::Column::FinalDate, Expr::value(after.final_date))
            .col_expr(case::Column::UpdatedAt, Expr::value(self.now))
            .col_expr(case::Column::UpdatedBy, Expr::value(self.user()))
            .col_expr(case::Column::Version, Expr::value(before.case_version + 1))
            .filter(case::Column::Id.eq(before.case_id))
            .filter(case::Column::Version.eq(before.case_version))
            .exec(self.txn)
            .await?;
        if person.rows_affected != 1 || case.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        case_event::Entity::insert(self.imported_event(before.case_id, None))
            .exec(self.txn)
            .await?;
        Ok(())
    }

    async fn insert_guardians(
        &self,
        planned: &[Planned<crate::domain::import::rows::GuardianRow>],
    ) -> Result<(), AppError> {
        let new: Vec<_> = planned
            .iter()
            .filter(|row| row.decision == Decision::New)
            .filter_map(|row| row.row.as_ref())
            .collect();
        for (index, chunk) in new.chunks(CHUNK).enumerate() {
            self.tracker.advance("writing", index * CHUNK, new.len());
            let guardians = chunk.iter().map(|row| {
                let kana = row.kana.clone().unwrap_or_default();
                guardian::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    kind: Set(row.kind.code().to_owned()),
                    search_text: Set(search_text(&row.name, &kana)),
                    name: Set(row.name.clone()),
                    name_kana: Set(kana),
                    registration_number: Set(row.registration_number.clone()),
                    phone: Set(String::new()),
                    email: Set(String::new()),
                    address: Set(String::new()),
                    district_id: Set(row.district),
                    related_person_id: Set(None),
                    relation: Set(String::new()),
                    organisation: Set(String::new()),
                    association: Set(String::new()),
                    training_year: Set(None),
                    training_completed_on: Set(None),
                    registered_on: Set(row.registered_on),
                    registration_expires_on: Set(None),
                    // A citizen guardian on a centre's ledger is on its register.
                    registration: Set((row.kind == GuardianKind::Citizen)
                        .then(|| Registration::Registered.code().to_owned())),
                    capacity: Set(row.capacity.and_then(|capacity| i32::try_from(capacity).ok())),
                    disqualification: Set(None),
                    skills: Set(String::new()),
                    notes: Set(String::new()),
                    created_at: Set(self.now),
                    updated_at: Set(self.now),
                    updated_by: Set(Some(self.user())),
                    version: Set(1),
                }
            });
            guardian::Entity::insert_many(guardians)
                .exec(self.txn)
                .await
                .map_err(conflict_on_unique)?;
        }
        Ok(())
    }

    async fn update_guardian(
        &self,
        before: &GuardianRecord,
        after: &GuardianRecord,
    ) -> Result<(), AppError> {
        let updated = guardian::Entity::update_many()
            .col_expr(
                guardian::Column::RegistrationNumber,
                Expr::value(after.registration_number.clone()),
            )
            .col_expr(guardian::Column::Name, Expr::value(after.name.clone()))
            .col_expr(guardian::Column::NameKana, Expr::value(after.kana.clone()))
            .col_expr(
                guardian::Column::SearchText,
                Expr::value(search_text(&after.name, &after.kana)),
            )
            .col_expr(guardian::Column::Kind, Expr::value(after.kind.code()))
            .col_expr(guardian::Column::DistrictId, Expr::value(after.district))
            .col_expr(
                guardian::Column::Capacity,
                Expr::value(after.capacity.and_then(|capacity| i32::try_from(capacity).ok())),
            )
            .col_expr(guardian::Column::RegisteredOn, Expr::value(after.registered_on))
            .col_expr(guardian::Column::UpdatedAt, Expr::value(self.now))
            .col_expr(guardian::Column::UpdatedBy, Expr::value(self.user()))
            .col_expr(guardian::Column::Version, Expr::value(before.version + 1))
            .filter(guardian::Column::Id.eq(before.id))
            .filter(guardian::Column::Version.eq(before.version))
            .exec(self.txn)
            .await
            .map_err(conflict_on_unique)?;
        if updated.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        Ok(())
    }
}
