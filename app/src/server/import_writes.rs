//! The records an import matches and the writes it makes, per kind of sheet. Gathering reads
//! every record the import may reach in a few queries (not one per row); writing inserts new
//! records in chunks and updates matched ones only at the version the check saw, inside the
//! caller's transaction.

use crate::api::AppError;
use crate::api::imports::ImportReport;
use crate::domain::appointments::{AppointmentRole, EndReason, ExerciseMode};
use crate::domain::cases::{CaseType, Stage, motives_from_text, motives_to_text};
use crate::domain::categories::Category;
use crate::domain::dates::japan_date;
use crate::domain::guardians::{GuardianKind, Registration};
use crate::domain::import::appointments::{CaseRoster, check_rosters};
use crate::domain::import::fields::Field;
use crate::domain::import::plan::{
    AppointmentRecord, CaseRecord, Counts, Decision, GuardianRecord, Planned, plan,
};
use crate::domain::import::rows::{
    AppointmentRow, CaseRow, Finding, FindingKind, GuardianRow, MasterData, read_appointment_row,
    read_case_row, read_guardian_row,
};
use crate::domain::persons::search_text;
use crate::server::appointments;
use crate::server::auth::Authorized;
use crate::server::case_files::NewCase;
use crate::server::entities::{appointment, case, case_event, guardian, person};
use crate::server::import_progress::Tracker;
use crate::server::imports::report_of;
use crate::server::persons::{PersonFields, new_person};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A next-report date long past: the maintenance round generates the appointment's deadlines
/// (as the migration that added the column marks appointments made before it).
const NEXT_ROUND: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");

/// Rows inserted per statement: well inside SQLite's and PostgreSQL's parameter limits for
/// the widest table (cases, 27 columns).
const CHUNK: usize = 200;

/// A dry run's decisions, per kind.
pub enum DryRun {
    Cases(Vec<Planned<CaseRow>>),
    Guardians(Vec<Planned<GuardianRow>>),
    Appointments(Vec<Planned<AppointmentRow>>, Targets),
}

/// The cases and guardians an appointments sheet names, by number.
#[derive(Default)]
pub struct Targets {
    cases: HashMap<String, Uuid>,
    guardians: HashMap<String, Uuid>,
}

impl DryRun {
    pub fn counts(&self) -> Counts {
        match self {
            DryRun::Cases(planned) => Counts::of(planned),
            DryRun::Guardians(planned) => Counts::of(planned),
            DryRun::Appointments(planned, _) => Counts::of(planned),
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
            DryRun::Appointments(planned, _) => planned
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
            DryRun::Appointments(planned, _) => report_of(
                planned,
                batch_id,
                version,
                |row| {
                    format!(
                        "{} {} {}",
                        row.case_number,
                        row.registration_number,
                        row.role.label(true)
                    )
                },
                |record| {
                    format!(
                        "{} {} {}",
                        record.case_number,
                        record.registration_number,
                        record.role.label(true)
                    )
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
        match self {
            DryRun::Cases(planned) => {
                let office = office.ok_or(AppError::Internal)?;
                by.insert_cases(office, &Planned::new_rows(&planned)).await?;
                let matches: Vec<_> = planned
                    .iter()
                    .filter(|row| row.writes_match(confirm_matches))
                    .filter_map(|row| row.matched.as_ref())
                    .collect();
                by.update_cases(&matches).await?;
            }
            DryRun::Guardians(planned) => {
                by.insert_guardians(&Planned::new_rows(&planned)).await?;
                for row in planned.iter().filter(|row| row.writes_match(confirm_matches)) {
                    if let Some((before, after)) = &row.matched {
                        by.update_guardian(before, after).await?;
                    }
                }
            }
            DryRun::Appointments(planned, targets) => {
                by.insert_appointments(&Planned::new_rows(&planned), &targets).await?;
                for row in planned.iter().filter(|row| row.writes_match(confirm_matches)) {
                    if let Some((before, after)) = &row.matched {
                        by.update_appointment(before, after).await?;
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

/// The sheet's rows against the office's cases they name and the register's guardians: a
/// number neither holds is the row's error; the appointments those cases have are the records
/// rows match, and each case's roster as the rows leave it must pass the roster rules.
pub async fn plan_appointments(
    db: &impl ConnectionTrait,
    office: Uuid,
    rows: &[(usize, Vec<String>)],
    mapping: &[Option<Field>],
    today: NaiveDate,
) -> Result<DryRun, AppError> {
    let mut read: Vec<_> = rows
        .iter()
        .map(|(number, cells)| {
            let (row, findings) = read_appointment_row(cells, mapping);
            (*number, row, findings)
        })
        .collect();
    let case_numbers: HashSet<String> =
        read.iter().filter_map(|(_, row, _)| Some(row.as_ref()?.case_number.clone())).collect();
    let registration_numbers: HashSet<String> = read
        .iter()
        .filter_map(|(_, row, _)| Some(row.as_ref()?.registration_number.clone()))
        .collect();
    let mut cases: Vec<case::Model> = Vec::new();
    for chunk in case_numbers.into_iter().collect::<Vec<_>>().chunks(500) {
        cases.extend(
            case::Entity::find()
                .filter(case::Column::OfficeId.eq(office))
                .filter(case::Column::CaseNumber.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    let mut guardians: Vec<(Uuid, String)> = Vec::new();
    for chunk in registration_numbers.into_iter().collect::<Vec<_>>().chunks(500) {
        let found: Vec<(Uuid, Option<String>)> = guardian::Entity::find()
            .select_only()
            .columns([guardian::Column::Id, guardian::Column::RegistrationNumber])
            .filter(guardian::Column::RegistrationNumber.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        guardians.extend(found.into_iter().filter_map(|(id, number)| Some((id, number?))));
    }
    let mut made: Vec<appointment::Model> = Vec::new();
    let case_ids: Vec<Uuid> = cases.iter().map(|case| case.id).collect();
    for chunk in case_ids.chunks(500) {
        made.extend(
            appointment::Entity::find()
                .filter(appointment::Column::CaseId.is_in(chunk.to_vec()))
                .order_by_asc(appointment::Column::CreatedAt)
                .all(db)
                .await?,
        );
    }
    // Every guardian an existing appointment names, for its key (a guardian without a
    // registration number has appointments no row can name).
    let named: HashSet<Uuid> = made.iter().map(|made| made.guardian_id).collect();
    let mut numbers_of: HashMap<Uuid, String> = HashMap::new();
    for chunk in named.into_iter().collect::<Vec<_>>().chunks(500) {
        let found: Vec<(Uuid, Option<String>)> = guardian::Entity::find()
            .select_only()
            .columns([guardian::Column::Id, guardian::Column::RegistrationNumber])
            .filter(guardian::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        numbers_of.extend(found.into_iter().filter_map(|(id, number)| Some((id, number?))));
    }
    let targets = Targets {
        cases: cases.iter().map(|case| (case.case_number.clone(), case.id)).collect(),
        guardians: guardians.iter().map(|(id, number)| (number.clone(), *id)).collect(),
    };
    let case_of: HashMap<Uuid, &case::Model> = cases.iter().map(|case| (case.id, case)).collect();
    let mut rosters: HashMap<String, CaseRoster> = cases
        .iter()
        .filter_map(|case| {
            let case_type = CaseType::parse(&case.case_type)?;
            Some((case.case_number.clone(), CaseRoster { case_type, appointments: Vec::new() }))
        })
        .collect();
    let mut records = Vec::new();
    for model in &made {
        let Some(case) = case_of.get(&model.case_id) else { continue };
        if let Some(appointment) = appointments::to_domain(model)
            && let Some(roster) = rosters.get_mut(&case.case_number)
        {
            roster.appointments.push(appointment);
        }
        let (Some(number), Some(role), Some(mode)) = (
            numbers_of.get(&model.guardian_id),
            AppointmentRole::parse(&model.role),
            ExerciseMode::parse(&model.mode),
        ) else {
            continue;
        };
        records.push(AppointmentRecord {
            id: model.id,
            version: model.version,
            case_number: case.case_number.clone(),
            registration_number: number.clone(),
            role,
            mode,
            decided_on: model.decided_on,
            effective_on: model.effective_on,
            ended_on: model.ended_on,
        });
    }
    let column = |field: Field| mapping.iter().position(|mapped| *mapped == Some(field));
    for (_, row, findings) in &mut read {
        let Some(appointment) = row.as_ref() else { continue };
        let case_type = rosters.get(&appointment.case_number).map(|roster| roster.case_type);
        let mut refuse = |field: Field, value: &str, kind: FindingKind| {
            findings.push(Finding { column: column(field), field, value: value.to_owned(), kind });
        };
        if case_type.is_none() {
            refuse(Field::AppointedCaseNumber, &appointment.case_number, FindingKind::NotFound);
        }
        if !targets.guardians.contains_key(&appointment.registration_number) {
            let number = &appointment.registration_number;
            refuse(Field::AppointedRegistrationNumber, number, FindingKind::NotFound);
        }
        if let Some((field, problem)) = case_type.and_then(|kind| appointment.problem(kind, today))
        {
            refuse(field, "", FindingKind::Appointment(problem));
        }
        if findings.iter().any(|finding| finding.kind.is_error()) {
            *row = None;
        }
    }
    let mut planned = plan(read, &records, &HashSet::new(), column(Field::AppointedCaseNumber));
    check_rosters(&mut planned, &rosters, &targets.guardians, column(Field::Role));
    // A new appointment without a mode is one guardian acting alone: said, not guessed.
    for row in &mut planned {
        let no_mode = row.row.as_ref().is_some_and(|read| read.mode.is_none());
        if row.decision == Decision::New && no_mode {
            row.findings.push(Finding {
                column: column(Field::Mode),
                field: Field::Mode,
                value: String::new(),
                kind: FindingKind::Defaulted(ExerciseMode::Sole.label(true)),
            });
        }
    }
    Ok(DryRun::Appointments(planned, targets))
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

    async fn insert_cases(&self, office: Uuid, new: &[&CaseRow]) -> Result<(), AppError> {
        for (index, chunk) in new.chunks(CHUNK).enumerate() {
            self.tracker.advance("writing", index * CHUNK, new.len());
            let mut persons = Vec::with_capacity(chunk.len());
            let mut cases = Vec::with_capacity(chunk.len());
            let mut events = Vec::with_capacity(chunk.len());
            for row in chunk {
                let person_id = Uuid::now_v7();
                let case_id = Uuid::now_v7();
                let fields = PersonFields {
                    name: row.person_name.clone(),
                    name_kana: row.person_kana.clone().unwrap_or_default(),
                    date_of_birth: row.date_of_birth,
                    sex: row.sex,
                    district_id: row.district,
                    living_situation: None,
                    condition: row.condition,
                    notes: String::new(),
                };
                persons.push(new_person(person_id, office, fields, self.now, self.user()));
                let stage = row.imported_stage();
                let opening = NewCase {
                    id: case_id,
                    case_number: row.case_number.clone(),
                    person_id,
                    office_id: office,
                    case_type: row.case_type,
                    stage,
                    opened_on: row.opened_on,
                };
                let mut case = opening.model(self.now, self.authorized);
                case.petitioner =
                    Set(row.petitioner.map(|petitioner| petitioner.code().to_owned()));
                case.motives = Set(motives_to_text(&row.motives));
                case.petition_date = Set(row.petition_date);
                case.decision_date = Set(row.decision_date);
                case.final_date = Set(row.final_date);
                cases.push(case);
                events.push(self.imported_event(case_id, Some(stage)));
            }
            person::Entity::insert_many(persons).exec(self.txn).await?;
            case::Entity::insert_many(cases).exec(self.txn).await.map_err(conflict_on_unique)?;
            case_event::Entity::insert_many(events).exec(self.txn).await?;
        }
        Ok(())
    }

    /// Updates the matched cases, and their persons once each: two rows may be two cases of one
    /// person, and a second update at the version the check saw would find it moved. Each row's
    /// changes to the person add up; of rows that change one field differently, the last wins.
    async fn update_cases(&self, matches: &[&(CaseRecord, CaseRecord)]) -> Result<(), AppError> {
        let mut persons: HashMap<Uuid, (&CaseRecord, CaseRecord)> = HashMap::new();
        for (before, after) in matches {
            let changed = CaseRecord::person_changes(before, after);
            if !changed.is_empty() {
                let (_, person) =
                    persons.entry(before.person_id).or_insert_with(|| (before, before.clone()));
                person.take_person_fields(after, &changed);
            }
            if !CaseRecord::case_changes(before, after).is_empty() {
                self.update_case(before, after).await?;
            }
            case_event::Entity::insert(self.imported_event(before.case_id, None))
                .exec(self.txn)
                .await?;
        }
        for (before, after) in persons.into_values() {
            self.update_person(before, &after).await?;
        }
        Ok(())
    }

    async fn update_person(&self, before: &CaseRecord, after: &CaseRecord) -> Result<(), AppError> {
        let updated = person::Entity::update_many()
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
        if updated.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        Ok(())
    }

    async fn update_case(&self, before: &CaseRecord, after: &CaseRecord) -> Result<(), AppError> {
        let updated = case::Entity::update_many()
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
        if updated.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        Ok(())
    }

    async fn insert_guardians(&self, new: &[&GuardianRow]) -> Result<(), AppError> {
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

    /// Inserts the new appointments. Their deadlines are kept from the import day on (what fell
    /// due before was the ledger's); the next-report date long past asks the maintenance round
    /// to generate them, outside this transaction.
    async fn insert_appointments(
        &self,
        new: &[&AppointmentRow],
        targets: &Targets,
    ) -> Result<(), AppError> {
        let today = japan_date(self.now);
        let mut cases = HashSet::new();
        for (index, chunk) in new.chunks(CHUNK).enumerate() {
            self.tracker.advance("writing", index * CHUNK, new.len());
            let mut made = Vec::with_capacity(chunk.len());
            for row in chunk {
                let (Some(case_id), Some(guardian_id)) = (
                    targets.cases.get(&row.case_number),
                    targets.guardians.get(&row.registration_number),
                ) else {
                    return Err(AppError::Internal);
                };
                cases.insert(*case_id);
                made.push(appointment::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    case_id: Set(*case_id),
                    guardian_id: Set(*guardian_id),
                    role: Set(row.role.code().to_owned()),
                    mode: Set(row.mode.unwrap_or(ExerciseMode::Sole).code().to_owned()),
                    duty_property: Set(false),
                    duty_personal: Set(false),
                    duty_described: Set(String::new()),
                    decided_on: Set(row.decided()),
                    effective_on: Set(row.effective_on),
                    ended_on: Set(row.ended_on),
                    end_reason: Set(row.ended_on.map(|_| EndReason::Other.code().to_owned())),
                    end_note: Set(if row.ended_on.is_some() {
                        self.file_name.to_owned()
                    } else {
                        String::new()
                    }),
                    capacity_override_reason: Set(String::new()),
                    // As an appointment made on the case page: curators and assistants usually
                    // hold powers over property.
                    property_powers: Set(matches!(
                        row.role,
                        AppointmentRole::Curator | AppointmentRole::Assistant
                    )),
                    first_report_on: Set(None),
                    fee_petitions: Set(false),
                    next_report_on: Set(Some(NEXT_ROUND)),
                    tracked_from: Set(Some(today)),
                    created_at: Set(self.now),
                    created_by: Set(Some(self.user())),
                    ended_at: Set(row.ended_on.map(|_| self.now)),
                    ended_by: Set(row.ended_on.map(|_| self.user())),
                    version: Set(1),
                });
            }
            appointment::Entity::insert_many(made)
                .exec(self.txn)
                .await
                .map_err(conflict_on_unique)?;
        }
        let events: Vec<_> =
            cases.into_iter().map(|case_id| self.imported_event(case_id, None)).collect();
        for chunk in events.chunks(CHUNK) {
            case_event::Entity::insert_many(chunk.to_vec()).exec(self.txn).await?;
        }
        Ok(())
    }

    /// Writes what a row changes of an appointment (its mode, decision day, end), at the
    /// version the check saw; an end recorded here is the ledger's, with no reason given.
    async fn update_appointment(
        &self,
        before: &AppointmentRecord,
        after: &AppointmentRecord,
    ) -> Result<(), AppError> {
        let newly_ended = before.ended_on.is_none() && after.ended_on.is_some();
        let mut update = appointment::Entity::update_many()
            .col_expr(appointment::Column::Mode, Expr::value(after.mode.code()))
            .col_expr(appointment::Column::DecidedOn, Expr::value(after.decided_on))
            .col_expr(appointment::Column::EndedOn, Expr::value(after.ended_on))
            .col_expr(appointment::Column::NextReportOn, Expr::value(Some(NEXT_ROUND)))
            .col_expr(appointment::Column::Version, Expr::value(before.version + 1));
        if newly_ended {
            update = update
                .col_expr(appointment::Column::EndReason, Expr::value(EndReason::Other.code()))
                .col_expr(appointment::Column::EndNote, Expr::value(self.file_name.to_owned()))
                .col_expr(appointment::Column::EndedAt, Expr::value(self.now))
                .col_expr(appointment::Column::EndedBy, Expr::value(self.user()));
        }
        let updated = update
            .filter(appointment::Column::Id.eq(before.id))
            .filter(appointment::Column::Version.eq(before.version))
            .exec(self.txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        Ok(())
    }
}
